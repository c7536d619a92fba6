"""The gazetteer cache: a round trip gives the same gazetteer, and a stale, damaged
or planted file is rebuilt with a warning, never trusted and never executed."""

from __future__ import annotations

import gc
import io
import json
import logging
import os
import pickle
import random
import zipfile

import numpy as np
import pytest

from geo.gazetteer import cache as module
from geo.errors import OutputError
from geo.gazetteer.cache import load_gazetteer, read_cache, write_cache
from geo.gazetteer.index import Gazetteer, Place


def state(gazetteer: Gazetteer) -> tuple:
    return (gazetteer.places, gazetteer.names, gazetteer.loose, gazetteer.demonyms, gazetteer.acronyms,
            gazetteer.seats, gazetteer.abbreviations, gazetteer.max_words, gazetteer.by_country)


def tiny() -> Gazetteer:
    places = [
        Place("country:SY", "Syria", 35.0, 38.0, "country", "SY", 17_500_000, "countryinfo"),
        Place("geonames:170063", "Aleppo", 36.20124, 37.16117, "town", "SY", 1_602_264, "geonames", "SY.09"),
        Place("geonames:163345", "Ar Raqqah", 35.95283, 39.00788, "town", "SY", 177_636, "geonames", "SY.04"),
        Place("airport:OSAP", "Aleppo International Airport", 36.18067, 37.2244, "site", "SY", 0, "airportsdata"),
        Place("supplement:sao paulo", "São Paulo", -23.5475, -46.63611, "town", "BR", 10_021_295, "supplement"),
        Place("geonames:1", "Ünïcode—Town", float("nan"), -0.0, "town", "", 0, "geonames"),
    ]
    names = {"syria": (0,), "sy": (0,), "aleppo": (1, 3), "ar raqqah": (2,), "raqqa": (2,),
             "aleppo international airport": (3,), "sao paulo": (4,), "calif": (4,), "unicode town": (5,)}
    loose = {"rq": ((2, "raqqa"),), "r rqh": ((2, "ar raqqah"),), "alp": ((1, "aleppo"), (3, "aleppo"))}
    return Gazetteer(places, names, loose, {"syrian": 0}, frozenset({"sy"}),
                     frozenset({"geonames:170063"}), frozenset({"calif"}))


@pytest.fixture()
def builds(monkeypatch):
    """Stand in for the 20 s build with the tiny gazetteer; counts the builds."""
    calls = []

    def build(**_):
        calls.append(1)
        return tiny()

    monkeypatch.setattr(module, "build_gazetteer", build)
    return calls


@pytest.fixture()
def cache_path(tmp_path):
    """Where load_gazetteer looks for today's inputs in ``tmp_path``."""
    return tmp_path / f"gazetteer-{module._fingerprint(module.SUPPLEMENT)}.npz"


def warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("geo.gazetteer") and r.levelno == logging.WARNING]


def test_the_real_gazetteer_comes_back_equal(gazetteer, tmp_path):
    path = tmp_path / "gazetteer-test.npz"
    write_cache(gazetteer, path, fingerprint="test")
    loaded = read_cache(path, fingerprint="test")
    assert state(loaded) == state(gazetteer)
    assert all(type(v) is tuple for v in loaded.names.values())
    for name in ("Aleppo", "Deir ez-Zor", "U.S.", "Calif.", "the Pentagon"):
        assert loaded.lookup(name) == gazetteer.lookup(name), name
    assert loaded.lookup_loose("Ruqqa") == gazetteer.lookup_loose("Ruqqa") != []
    assert loaded.demonym("Syrian") == gazetteer.demonym("Syrian") == gazetteer.country("SY")
    assert loaded.nearest_site(36.18, 37.22) == gazetteer.nearest_site(36.18, 37.22)
    assert loaded.is_abbreviation("Calif.") and loaded.is_seat_of_power(loaded.lookup("Moscow")[0])


def test_the_second_load_reads_the_cache_instead_of_building(tmp_path, builds, cache_path, caplog):
    first = load_gazetteer(cache_dir=tmp_path)
    second = load_gazetteer(cache_dir=tmp_path)
    assert len(builds) == 1 and cache_path.is_file()
    assert state(second)[1:] == state(first)[1:] == state(tiny())[1:]
    assert [repr(p) for p in second.places] == [repr(p) for p in tiny().places]  # the NaN too
    assert second.lookup("São Paulo")[0].name == "São Paulo"
    assert warnings(caplog) == []


def test_a_file_with_another_fingerprint_inside_is_rebuilt(tmp_path, builds, cache_path, caplog):
    write_cache(tiny(), cache_path, fingerprint="0123456789abcdef")
    load_gazetteer(cache_dir=tmp_path)
    assert len(builds) == 1
    assert "cannot be used" in warnings(caplog)[0] and "0123456789abcdef" in warnings(caplog)[0]
    load_gazetteer(cache_dir=tmp_path)
    assert len(builds) == 1  # the rebuilt file carries today's fingerprint


def _npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def test_a_file_of_another_format_version_is_rebuilt(tmp_path, builds, cache_path, caplog):
    fingerprint = module._fingerprint(module.SUPPLEMENT)
    arrays = module._to_arrays(tiny(), fingerprint=fingerprint)
    meta = {"format": "geo-gazetteer-index", "version": 0, "fingerprint": fingerprint}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    cache_path.write_bytes(_npz(**arrays))
    load_gazetteer(cache_dir=tmp_path)
    assert len(builds) == 1 and "'version': 0" in warnings(caplog)[0]


def _variants(good: bytes) -> dict[str, bytes]:
    deflated = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(deflated, "w", zipfile.ZIP_DEFLATED) as copy:
        for name in source.namelist():
            copy.writestr(name, source.read(name))
    members = np.load(io.BytesIO(good))
    swapped = {name: members[name] for name in members.files} | {"place_lat": members["place_lat"].astype("<f4")}
    return {
        "empty": b"",
        "garbage": random.Random(1).randbytes(5000),
        "truncated": good[: len(good) // 2],
        "missing its end": good[:-30],
        "a bare .npy": good[good.index(b"\x93NUMPY"):],
        "an archive of other things": _npz(meta=np.arange(3)),
        "compressed members": deflated.getvalue(),
        "another dtype": _npz(**swapped),
        "text": b'{"format": "geo-gazetteer-index"}\n',
    }


@pytest.mark.parametrize("kind", ["empty", "garbage", "truncated", "missing its end", "a bare .npy",
                                  "an archive of other things", "compressed members", "another dtype", "text"])
def test_a_damaged_or_foreign_file_is_rebuilt_with_a_warning(kind, tmp_path, builds, cache_path, caplog):
    write_cache(tiny(), cache_path, fingerprint=module._fingerprint(module.SUPPLEMENT))
    cache_path.write_bytes(_variants(cache_path.read_bytes())[kind])
    loaded = load_gazetteer(cache_dir=tmp_path)
    assert len(builds) == 1 and len(warnings(caplog)) == 1
    assert state(loaded)[1:] == state(tiny())[1:]
    assert read_cache(cache_path, fingerprint=module._fingerprint(module.SUPPLEMENT)).names == tiny().names
    assert gc.isenabled()


def test_any_flipped_byte_loads_the_same_gazetteer_or_is_refused(tmp_path):
    path = tmp_path / "gazetteer-test.npz"
    write_cache(tiny(), path, fingerprint="test")
    good, rng = path.read_bytes(), random.Random(0)
    expected = [repr(s) for s in state(tiny())]
    for _ in range(300):
        damaged = bytearray(good)
        for _ in range(rng.randint(1, 3)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        path.write_bytes(bytes(damaged))
        try:
            loaded = read_cache(path, fingerprint="test")
        except module._UNREADABLE:
            continue
        assert [repr(s) for s in state(loaded)] == expected  # CRC-32 guards every member's bytes
    assert gc.isenabled()


class _Plant:
    """Unpickling this creates ``marker``: proof that a pickle was loaded."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.parametrize("suffix", [".pickle", ".npz"])
def test_a_planted_pickle_is_never_loaded(suffix, tmp_path, builds, cache_path, caplog):
    marker = tmp_path / "pickle-ran"
    planted = cache_path.with_suffix(suffix)
    planted.write_bytes(pickle.dumps(_Plant(marker)))
    loaded = load_gazetteer(cache_dir=tmp_path)
    assert not marker.exists()
    assert len(builds) == 1 and state(loaded)[1:] == state(tiny())[1:]
    assert not cache_path.with_suffix(".pickle").exists()  # removed as stale, never opened
    assert read_cache(cache_path, fingerprint=module._fingerprint(module.SUPPLEMENT)).names == tiny().names
    assert len(warnings(caplog)) == (1 if suffix == ".npz" else 0)


def test_stale_cache_files_of_either_format_are_removed_and_nothing_else(tmp_path, builds, cache_path):
    stale = [tmp_path / name for name in ("gazetteer-2ebdc91430e19abc.pickle", "gazetteer-0000000000000000.npz",
                                          "gazetteer-2ebdc91430e19abc.tmp")]
    kept = tmp_path / "notes.txt"
    for path in (*stale, kept):
        path.write_bytes(b"x")
    load_gazetteer(cache_dir=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([cache_path.name, kept.name])


def test_a_fifo_under_the_cache_name_is_replaced_not_read(tmp_path, builds, cache_path):
    os.mkfifo(cache_path)
    load_gazetteer(cache_dir=tmp_path)
    assert len(builds) == 1 and cache_path.is_file()


def test_a_cache_folder_that_cannot_be_written_leaves_the_index_uncached(tmp_path, builds, caplog):
    folder = tmp_path / "a-file"
    folder.write_bytes(b"")
    loaded = load_gazetteer(cache_dir=folder)
    assert len(builds) == 1 and state(loaded)[1:] == state(tiny())[1:]
    assert "could not be cached" in warnings(caplog)[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "gazetteer-test.npz"
    write_cache(tiny(), path, fingerprint="test")
    before = path.read_bytes()

    def full(*_, **__):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module.np, "savez", full)
    with pytest.raises(OutputError):
        write_cache(tiny(), path, fingerprint="test")
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_name_holding_the_separator_is_refused_when_writing(tmp_path, monkeypatch, caplog):
    broken = tiny()
    broken.places[0] = Place("country:SY", "Syr\0ia", 35.0, 38.0, "country", "SY", 0, "countryinfo")
    with pytest.raises(ValueError, match="NUL"):
        write_cache(broken, tmp_path / "gazetteer-test.npz", fingerprint="test")
    monkeypatch.setattr(module, "build_gazetteer", lambda **_: broken)
    assert load_gazetteer(cache_dir=tmp_path) is broken
    assert "could not be cached" in warnings(caplog)[0] and list(tmp_path.iterdir()) == []
