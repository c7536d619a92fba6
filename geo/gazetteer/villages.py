"""The local tier of the gazetteer: every village of the places files, found by name or spelling.

Owns ``Villages``: the GeoNames rows of ``data/places/`` (about 650,000 populated places of 27
conflict-affected countries, most with no population figure; see ``data/places/SOURCES.md``)
and the places an analyst added (``geo.gazetteer.userplaces``), kept as NumPy columns and made
into ``Place`` objects only when a lookup returns them. The main index (``geo.gazetteer.index``)
holds the places big enough to be meant anywhere; this tier holds the ones a report can mean
only where its context already is, so ``geo.extract.places`` asks it within an area (a country
or a first-level division) and never across the world.

Names are found three ways, best first (``Villages.find``):

=========== ================================================================================
match       how
=========== ================================================================================
``exact``   the place's name or ASCII name, folded by ``keys.name_key``
``alternate`` one of its Latin alternate names (GeoNames' own), folded the same way
``variant`` the same ``variants.variant_key`` (articles, marks, vowels, endings folded)
``fuzzy``   a variant key within a small edit distance (``Villages.near_spellings``), asked
            only among the places of one area
=========== ================================================================================

Keys are kept as 64-bit BLAKE2b hashes in one sorted array, so a lookup is a binary search and
loading the tier makes no Python object per name. The built tier is cached next to the main
index as ``villages-<fingerprint>.npz`` (plain arrays, read with ``allow_pickle=False`` and
every dtype and size checked), rebuilt when a places file or the code of the keys changes.

In: compact places files (``geonames.read_compact``). Out: ``Place`` candidates with their
match and the area they lie in.
"""

from __future__ import annotations

import hashlib
import logging
import os
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from ..analysis.distances import geodesic_m
from ..errors import OutputError
from ..fileio import atomic_writer
from .geonames import GeoNamesRow, is_latin, precision, read_compact
from .keys import name_key
from .placelist import USER_ID_BASE, place_id
from .userplaces import added_files
from .sources import Place
from .variants import ARTICLE_WORDS, variant_key

__all__ = ["Villages", "Found", "lies_in", "MATCHES", "PLACES_FILE", "build_villages", "load_villages", "villages_fingerprint"]

log = logging.getLogger(__name__)

PLACES_FILE = Path(__file__).resolve().parents[2] / "data" / "places" / "geonames.tsv.gz"
MATCHES = ("exact", "alternate", "variant", "fuzzy")
SOURCE = "geonames-places"
_FORMAT_VERSION = "1"
_FEATURES = ("site", "town", "district", "province", "country", "water", "region")
_TEXT = np.dtype("u1")
_COLUMNS = {"gid": np.dtype("<i8"), "lat": np.dtype("<f8"), "lon": np.dtype("<f8"), "feature": np.dtype("u1"),
            "country": np.dtype("<u2"), "admin1": np.dtype("<u2"), "population": np.dtype("<i8"),
            "name_text": _TEXT, "name_ends": np.dtype("<i8"), "vkey_text": _TEXT, "vkey_ends": np.dtype("<i8"),
            "key_hash": np.dtype("<u8"), "key_row": np.dtype("<i4"), "key_match": np.dtype("u1"),
            "vocabulary": _TEXT, "heads": _TEXT, "meta": _TEXT}
_MEMO_SIZE = 50_000
# A generic head ("Wadi", "Bir", "Kafr", "Gidan", "Chak"): a word that opens at least
# _HEAD_NAMES names of the places files and is a name by itself for at most 1 in _HEAD_ALONE of them.
_HEAD_NAMES = 40
_HEAD_ALONE = 20
_ARTICLE_KEYS = frozenset(variant_key(word) for word in ARTICLE_WORDS) | ARTICLE_WORDS  # "Al", "El": articles, no heads


def lies_in(admin1: str, country: str, area: str) -> bool:
    """True when a place of first-level code ``admin1`` in ``country`` lies in ``area`` (a
    first-level code "SY.09" or a country code "SY"); a place of no known division lies in
    every division of its country."""
    if "." not in area:
        return country == area
    return admin1 == area or (not admin1 and area.split(".", 1)[0] == country)


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def _text(values: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    encoded = [v.encode("utf-8") for v in values]
    ends = np.cumsum([len(b) for b in encoded], dtype=np.int64) if encoded else np.zeros(0, np.int64)
    return np.frombuffer(b"".join(encoded), dtype=_TEXT).copy(), ends


@dataclass(frozen=True, slots=True)
class Found:
    """A place of the tier and how its name was matched (one of ``MATCHES``)."""

    place: Place
    match: str


class Villages:
    """The local tier, as columns (see the module docstring); ``len`` is its places."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        self._a = arrays
        vocabulary = arrays["vocabulary"].tobytes().decode("utf-8").split("\0")
        self._vocabulary = vocabulary
        self._code = {value: i for i, value in enumerate(vocabulary)}
        self._heads = frozenset(arrays["heads"].tobytes().decode("utf-8").split("\0")) - {""}
        self._head_memo: dict[str, bool] = {}
        self.has_user_places = bool(len(arrays["gid"]) and arrays["gid"].max() >= USER_ID_BASE)
        self._by_area: dict[str, np.ndarray] = {}
        self._vkeys: dict[str, list[str]] = {}
        self._found: dict[tuple, list[Found]] = {}  # the answers given lately: a report repeats its names

    def __len__(self) -> int:
        return len(self._a["gid"])

    def _string(self, kind: str, row: int) -> str:
        ends = self._a[f"{kind}_ends"]
        start = int(ends[row - 1]) if row else 0
        return self._a[f"{kind}_text"][start:int(ends[row])].tobytes().decode("utf-8")

    def place(self, row: int) -> Place:
        """The ``Place`` of row ``row``: id ``geonames:<geonameid>`` (the main index's id for
        the same GeoNames place), or ``user:<digest>:<line>`` for a place an analyst added
        (``geo.gazetteer.placelist.place_id``)."""
        a = self._a
        gid = int(a["gid"][row])
        return Place(place_id(gid), self._string("name", row),
                     float(a["lat"][row]), float(a["lon"][row]), _FEATURES[int(a["feature"][row])],
                     self._vocabulary[int(a["country"][row])], int(a["population"][row]), SOURCE,
                     self._vocabulary[int(a["admin1"][row])])

    def is_head(self, word: str) -> bool:
        """True for a generic head of place names ("Wadi", "Bir", "Kafr", "Gidan", "Chak"):
        a word that opens many names of the places files and is rarely a name by itself, so
        that "Bir at Tutah" or "Bab Ghaliq" is one name and never the place called "Bir" or "Bab"."""
        known = self._head_memo.get(word)
        if known is None:
            if len(self._head_memo) >= _MEMO_SIZE:
                self._head_memo.clear()
            known = self._head_memo[word] = variant_key(word) in self._heads
        return known

    def _rows(self, key: str) -> list[tuple[int, int]]:
        if not key:
            return []
        hashes = self._a["key_hash"]
        wanted = np.uint64(_hash(key))
        first = int(np.searchsorted(hashes, wanted, side="left"))
        last = int(np.searchsorted(hashes, wanted, side="right"))
        return list(zip(self._a["key_row"][first:last].tolist(), self._a["key_match"][first:last].tolist()))

    def _in_area(self, row: int, area: str | None) -> bool:
        """True when row ``row`` lies in ``area``; a place of no known division lies in every
        division of its country."""
        if area is None:
            return True
        return lies_in(self._vocabulary[int(self._a["admin1"][row])], self._vocabulary[int(self._a["country"][row])],
                       area)

    def find(self, surface: str, *, areas: Iterable[str] | None = None) -> list[Found]:
        """The places named ``surface`` (exactly, by an alternate name, or by a variant
        spelling), best match first, each place once; only those in one of ``areas``
        (country codes "SY" or first-level codes "SY.09") when given."""
        wanted = tuple(areas) if areas is not None else None
        memo = (surface, wanted)
        if memo in self._found:
            return self._found[memo]
        if len(self._found) >= _MEMO_SIZE:
            self._found.clear()
        self._found[memo] = found = self._find(surface, wanted)
        return found

    def _find(self, surface: str, wanted: tuple[str, ...] | None) -> list[Found]:
        best: dict[int, int] = {}
        variant = MATCHES.index("variant")
        for key, as_variant in ((name_key(surface), False), (variant_key(surface), True)):
            for row, match in self._rows(key):
                if wanted is not None and not any(self._in_area(row, area) for area in wanted):
                    continue
                match = variant if as_variant else match
                best[row] = min(best.get(row, len(MATCHES)), match)
        return [Found(self.place(row), MATCHES[match]) for row, match in sorted(best.items(), key=lambda i: (i[1], i[0]))]

    def area_rows(self, area: str) -> np.ndarray:
        """The rows of the places in ``area`` (a country or a first-level code)."""
        if area not in self._by_area:
            code = self._code.get(area)
            column = self._a["admin1" if "." in area else "country"]
            self._by_area[area] = np.flatnonzero(column == code) if code is not None else np.zeros(0, np.int64)
        return self._by_area[area]

    def km_to_area(self, lat: float, lon: float, area: str) -> float | None:
        """The geodesic distance in km from a point to the nearest place of ``area`` (a country
        or first-level code), or None when the tier holds none there."""
        rows = self.area_rows(area)
        if not len(rows):
            return None
        return float(geodesic_m(lon, lat, self._a["lon"][rows], self._a["lat"][rows]).min()) / 1000.0

    def near_spellings(self, surface: str, area: str, *, limit: int | None = None) -> list[Found]:
        """Places of ``area`` whose variant key is within a small Damerau-Levenshtein
        distance of ``surface``'s (1 for a key of 5-8 letters, 2 from 9; none shorter),
        nearest first: the last resort, among candidates the context already allows."""
        key = variant_key(surface)
        allowed = limit if limit is not None else (0 if len(key) < 5 else 1 if len(key) < 9 else 2)
        if allowed == 0:
            return []
        rows = self.area_rows(area)
        if area not in self._vkeys:
            self._vkeys[area] = [self._string("vkey", int(r)) for r in rows]
        matches = process.extract(key, self._vkeys[area], scorer=DamerauLevenshtein.distance,
                                  score_cutoff=allowed, limit=8)
        found = sorted(((distance, int(rows[index])) for _, distance, index in matches))
        return [Found(self.place(row), "fuzzy") for distance, row in found if distance > 0]


def _row_keys(row: GeoNamesRow) -> list[tuple[str, int]]:
    """(key, match) of one row: its names exactly, its alternates, and their variant keys."""
    keys = [(name_key(row.name), 0), (name_key(row.asciiname), 0)]
    keys += [(name_key(name), 1) for name in row.alternates]
    keys += [(variant_key(name), 2) for name in (row.name, row.asciiname, *row.alternates)]
    seen: dict[str, int] = {}
    for key, match in keys:
        if key and match < seen.get(key, len(MATCHES)):
            seen[key] = match
    return list(seen.items())


def build_villages(paths: Sequence[Path]) -> Villages:
    """The tier from compact places files (slow: about 30 s for the committed file)."""
    vocabulary: dict[str, int] = {"": 0}

    def code(value: str) -> int:
        return vocabulary.setdefault(value, len(vocabulary))

    gid, lat, lon, feature, country, admin1, population, names, vkeys = ([] for _ in range(9))
    hashes: list[int] = []
    key_rows: list[int] = []
    key_match: list[int] = []
    seen: set[int] = set()
    opening: Counter[str] = Counter()  # first words of names of several words
    alone: Counter[str] = Counter()  # names of one word
    for path in paths:
        for row in read_compact(path):
            kind = precision(row.feature_class, row.feature_code) or "town"
            if row.geonameid in seen or kind not in _FEATURES:
                continue
            seen.add(row.geonameid)
            index = len(gid)
            gid.append(row.geonameid)
            lat.append(row.lat)
            lon.append(row.lon)
            feature.append(_FEATURES.index(kind))
            country.append(code(row.country))
            admin1.append(code(f"{row.country}.{row.admin1}" if row.admin1 else ""))
            population.append(row.population)
            names.append(row.name if is_latin(row.name) or not row.asciiname else row.asciiname)
            vkeys.append(variant_key(row.asciiname or row.name))
            words = (row.asciiname or row.name).replace("-", " ").split()
            if words:
                (opening if len(words) > 1 else alone)[variant_key(words[0])] += 1
            for key, match in _row_keys(row):
                hashes.append(_hash(key))
                key_rows.append(index)
                key_match.append(match)
    order = np.argsort(np.array(hashes, dtype=np.uint64), kind="stable")
    name_text, name_ends = _text(names)
    vkey_text, vkey_ends = _text(vkeys)
    arrays = {
        "gid": np.array(gid, dtype=np.int64), "lat": np.array(lat, dtype=np.float64),
        "lon": np.array(lon, dtype=np.float64), "feature": np.array(feature, dtype=np.uint8),
        "country": np.array(country, dtype=np.uint16), "admin1": np.array(admin1, dtype=np.uint16),
        "population": np.array(population, dtype=np.int64), "name_text": name_text, "name_ends": name_ends,
        "vkey_text": vkey_text, "vkey_ends": vkey_ends,
        "key_hash": np.array(hashes, dtype=np.uint64)[order], "key_row": np.array(key_rows, dtype=np.int32)[order],
        "key_match": np.array(key_match, dtype=np.uint8)[order],
        "vocabulary": np.frombuffer("\0".join(vocabulary).encode("utf-8"), dtype=_TEXT).copy(),
        "heads": np.frombuffer("\0".join(_heads(opening, alone)).encode("utf-8"), dtype=_TEXT).copy(),
    }
    return Villages(arrays)


def _heads(opening: Counter[str], alone: Counter[str]) -> list[str]:
    """The generic heads (``Villages.is_head``) by their counts; never an empty key nor an
    article ("Al Hali" is a name with an article, not a head)."""
    return sorted(word for word, count in opening.items()
                  if word and word not in _ARTICLE_KEYS and count >= _HEAD_NAMES and alone[word] * _HEAD_ALONE < count)


def villages_fingerprint(paths: Sequence[Path]) -> str:
    """Changes when a places file or the code that keys them changes."""
    code = Path(__file__).parent
    parts = [_FORMAT_VERSION]
    for path in (*paths, *(code / name for name in ("villages.py", "keys.py", "variants.py", "geonames.py"))):
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _write(villages: Villages, path: Path, fingerprint: str) -> None:
    arrays = dict(villages._a) | {"meta": np.frombuffer(f"geo-villages|{fingerprint}".encode(), dtype=_TEXT)}
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(path) as handle:
        np.savez(handle, **arrays)


def _read(path: Path, fingerprint: str) -> Villages:
    """The tier stored in ``path``; ValueError when it is not ours, stale or damaged."""
    with np.load(path, allow_pickle=False) as archive:
        if sorted(archive.files) != sorted(_COLUMNS):
            raise ValueError(f"expected the members of a villages index, found {sorted(archive.files)[:5]!r}")
        arrays = {name: archive[name] for name in _COLUMNS}
    if arrays.pop("meta").tobytes().decode("utf-8", "replace") != f"geo-villages|{fingerprint}":
        raise ValueError("expected a villages index of this fingerprint")
    for name, dtype in _COLUMNS.items():
        if name != "meta" and (arrays[name].dtype != dtype or arrays[name].ndim != 1):
            raise ValueError(f"expected {name} as a 1-D array of {dtype}, found {arrays[name].dtype}")
    count = len(arrays["gid"])
    if any(len(arrays[c]) != count for c in ("lat", "lon", "feature", "country", "admin1", "population",
                                            "name_ends", "vkey_ends")):
        raise ValueError("expected one value per place in every column")
    if len(arrays["key_row"]) != len(arrays["key_hash"]) or len(arrays["key_match"]) != len(arrays["key_hash"]):
        raise ValueError("expected a row and a match for every key")
    if len(arrays["key_row"]) and (arrays["key_row"].min() < 0 or arrays["key_row"].max() >= count):
        raise ValueError("expected key rows among the places")
    if count and (arrays["name_ends"][-1] != len(arrays["name_text"]) or arrays["vkey_ends"][-1] != len(arrays["vkey_text"])):
        raise ValueError("expected the names to end with their text")
    if len(arrays["feature"]) and arrays["feature"].max() >= len(_FEATURES):
        raise ValueError("expected known features")
    villages = Villages(arrays)
    for column in ("country", "admin1"):
        if count and arrays[column].max() >= len(villages._vocabulary):
            raise ValueError(f"expected {column} codes in the vocabulary")
    return villages


def load_villages(*, cache_dir: Path, paths: Sequence[Path] | None = None) -> Villages | None:
    """The tier from its cache in ``cache_dir``, built first when its inputs changed; None
    (with a warning) when there is no places file to build it from. ``paths`` default to the
    places an analyst added (``python -m geo places add``) and ``data/places/geonames.tsv.gz``."""
    # The analyst's imports first: of one GeoNames place listed twice, the newer dump's row is kept.
    paths = [p for p in (paths if paths is not None else [*added_files(), PLACES_FILE]) if p.is_file()]
    if not paths:
        log.warning("no places file (%s): villages are not in the gazetteer", PLACES_FILE)
        return None
    fingerprint = villages_fingerprint(paths)
    path = cache_dir / f"villages-{fingerprint}.npz"
    if path.is_file():
        try:
            return _read(path, fingerprint)
        except (OSError, ValueError, EOFError, zipfile.BadZipFile) as err:
            log.warning("the villages cache %s cannot be used (%s: %s); rebuilding it", path, type(err).__name__, err)
    log.info("building the villages index into %s", path)
    villages = build_villages(paths)
    try:
        _write(villages, path, fingerprint)
    except (OSError, OutputError, ValueError) as err:
        log.warning("the villages index could not be cached in %s (%s)", cache_dir, err)
        return villages
    for stale in cache_dir.glob("villages-*.npz"):
        if stale != path:
            try:
                os.unlink(stale)
            except OSError as err:
                log.warning("could not remove the stale villages cache %s (%s)", stale, err)
    return villages
