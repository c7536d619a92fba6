"""Extraction, the report's countries: which countries a report is about, and what that allows.

Owns ``Focus`` and ``report_focus``: the countries of a report's places (a town reached only
through an alternate name, "Jang" for Yanggu, does not count; nor does a demonym, which names
an actor, not a scene), and, when no notable place or two agreeing places say them, other
evidence told by the caller (``told``: where the actors named fight, the outlet's country
domain; ``geo.extract.annotate``) and a country's own words for its divisions ("LGA",
"woreda", "cercle", "oblast", "tehsil" ...), which otherwise still choose among a name's
readings (``Focus.prefer``: "Plateau" beside "Bassa LGA" is the state of Nigeria). ``weak``
says that only demonyms, countries or such evidence say where ("Turkish troops shelled Ras al
Ain", "Tal Abyad near the border with Turkey"): a country named is as often a neighbour's or
an actor's as the scene's.

Then what the countries allow: ``in_countries`` (a village's candidates), ``in_focus`` (a
name's candidates once the report's countries are known) and ``notable`` (a place too well
known to be moved by them); and where the report is, ``anchors``: the places it names by
their own names, of which two agreeing make a reading on another side of the world
(``Anchors.far_off``) need more evidence than a name.

In: the first, context-free readings of a report's mentions and its text. Out: country codes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np

from ..analysis.distances import geodesic_m
from ..gazetteer.index import Gazetteer, Place, name_key
from ..gazetteer.resolve import DIVISION_WORD, Context, document_context, place_key
from ..gazetteer.variants import variant_key

__all__ = ["Focus", "report_focus", "in_countries", "in_focus", "in_named_divisions", "notable", "by_own_name",
           "term_countries", "Anchors", "anchors"]

_LOOSE_ALONE = 100_000
# A reading this far from every place the report is about (and in a country it does not
# name) is on another side of the world: Aléy in Niger for Aley in a report on Lebanon.
_FAR_KM = 1_500.0
_TOWN_KM = 50.0  # a part of a town lies this near the town
_CITY_WORD = re.compile(r"\s+(?:city|town)$", re.I)
_BIG = 1_000_000  # a city this big is known by its other names too ("New York", "Riad")
# Words for divisions used in one or two countries only: Nigeria's local government areas,
# Ethiopia's woredas and kebeles, Mali's cercles, Ukraine's oblasts and raions (also Russia's),
# the tehsils and talukas of Pakistan and India, Algeria's wilayas.
_TERM_COUNTRY = {"lga": ("NG",), "lgas": ("NG",), "woreda": ("ET",), "kebele": ("ET",), "cercle": ("ML",),
                 "oblast": ("UA", "RU"), "raion": ("UA", "RU"), "rayon": ("UA", "RU"), "tehsil": ("PK", "IN"),
                 "taluka": ("IN", "PK"), "wilaya": ("DZ",)}
_DIVISION_TERMS = re.compile(r"\b(LGAs?|[Ww]oreda|[Kk]ebele|[Cc]ercle|[Oo]blast|[Rr]aion|[Rr]ayon|[Tt]ehsil|[Tt]aluka|"
                             r"[Ww]ilaya)\b")


@dataclass(frozen=True, slots=True)
class Focus:
    """The countries a report is about (heaviest first); ``weak`` when no place below country
    level says them; ``prefer``: countries its division words name that choose among readings."""

    countries: list[str]
    weak: bool
    prefer: list[str]


def report_focus(placed: Sequence[tuple[Place, float, str]], context: Context, text: str,
                 told: Callable[[], Mapping[str, float]] | None = None) -> Focus:
    """The report's ``Focus`` from its placed mentions (first reading, confidence, the text
    that named it), the context of all its mentions (demonyms too), its text and ``told``."""
    countries = _shares_of(document_context([(place, confidence) for place, confidence, said in placed
                                             if notable(place) or _own(place, said)]))
    weak = not any(place.feature != "country" for place, _, _ in placed)
    terms = term_countries(text)
    own = [(place, said) for place, _, said in placed if _own(place, said)]
    prefer: list[str] = []
    if any(notable(place) for place, _ in own) or len({name_key(said) for _, said in own}) > 1:
        # a notable place, or two places agreeing, keep their countries; only the division words (not
        # an actor, who may fight abroad: "Burkinabe forces ... (Ansongo, Gao)") choose among readings
        prefer = [c for c in _shares(terms) if c not in countries]
    else:
        said = _shares(terms + (Counter(told()) if told is not None else Counter()))
        if said and (weak or not set(said) & set(countries)):
            countries, weak = said, True
    if not placed:
        countries = list(dict.fromkeys(countries + _shares_of(context)))  # and the demonyms' countries
    return Focus(countries, weak, prefer)


def _own(place: Place, said: str) -> bool:
    """True when ``said`` is the place's own name, not one of its alternate names."""
    return place_key(place.name.split(",")[0]) == name_key(said)


def _spelled(place: Place, said: str) -> bool:
    """True when ``said`` is a spelling of the place's own name ("Ain er Roummaneh", "Ain er Remmané")."""
    return variant_key(place.name.split(",")[0]) == variant_key(said)


def by_own_name(place: Place, said: str) -> bool:
    """True when ``said`` names the place by its own name or a spelling of it, not an alternate name."""
    return _own(place, said) or _spelled(place, said)


def _shares_of(context: Context, *, share: float = 0.2) -> list[str]:
    """The countries a document is about: those holding at least ``share`` of its places."""
    return [country for country, weight in sorted(context.countries.items(), key=lambda i: -i[1]) if weight >= share]


def term_countries(text: str) -> Counter[str]:
    """The countries whose own words for their divisions the text uses ("Bassa LGA", "Afder
    woreda", "Gao cercle", "Donetsk oblast"), one weight per word found."""
    return Counter(country for match in _DIVISION_TERMS.finditer(text)
                   for country in _TERM_COUNTRY[match.group(1).lower()])


def _shares(weights: Mapping[str, float], *, share: float = 0.2) -> list[str]:
    """The countries holding at least ``share`` of ``weights``, heaviest first."""
    total = sum(weights.values())
    return [c for c, w in sorted(weights.items(), key=lambda i: -i[1]) if total and w / total >= share]


def notable(place: Place) -> bool:
    """A place too well known to be moved by a neighbouring name: a country, province, sea,
    region or city of 100,000 ("Aleppo, Idlib and Hama" is a list)."""
    return place.feature not in ("town", "site", "district") or place.population >= 100_000


def _dominant(places: list[Place]) -> list[Place]:
    """The one big city among loose candidates (5x the next one), or nothing."""
    ranked = sorted(places, key=lambda p: -p.population)
    if ranked and ranked[0].population >= _LOOSE_ALONE and (
            len(ranked) == 1 or ranked[0].population >= 5 * ranked[1].population):
        return ranked[:1]
    return []


def in_countries(places: list[Place], focus: list[str], match: str, several_words: bool, weak: bool) -> list[Place]:
    """A village's candidates in the countries the document is about; when its places name
    none (the village is all the text names, or its demonyms only: ``weak``), the candidates
    in those of the demonyms, else all of them if they lie in one country and the name
    matched as spelled (exactly or as an alternate name; a variant spelling too for a name of
    several words): "near Holubivske", "Turkish troops shelled Ras al Ain". Never the first
    words of a longer name ("Balet" of "Balet Weyne"): ``weak`` is then False."""
    inside = [p for p in places if p.country in focus or p.id.startswith("user:")]  # an analyst's places: anywhere
    if inside or not weak:
        return inside
    if len({p.country for p in places}) != 1 or not (match in ("exact", "alternate") or several_words and match == "variant"):
        return []
    return places


def in_focus(surface: str, places: list[Place], loose: bool, context: Context, focus: list[str],
              gazetteer: Gazetteer) -> tuple[list[Place], bool]:
    """A mention's candidates in the document's countries. A spelling variant ("loose")
    counts only in a country the document names (or as one dominant city when it names
    none); a name whose readings all lie outside the countries the document is about
    (``focus``) yields to a village of that name inside them, and else keeps only the places
    it is the own name (or a spelling of it) of, unless one of those is notable ("Hays" in a report on Yemen is
    Hays, Yemen, not Hays, Kansas; "Washington" stays Washington; "Jang", an alias of Yanggu,
    is not Yanggu in a report on Pakistan)."""
    key = name_key(surface)
    own = [p for p in places if place_key(p.name.split(",")[0]) == key or _spelled(p, surface)]
    known = any(map(notable, own)) or any(p.feature in ("country", "province", "region", "water") for p in places)
    if focus and not loose and not known or loose:
        villages = gazetteer.villages
        found = villages.find(surface, areas=focus) if villages is not None and focus else []
        exact = [f.place for f in found if f.match in ("exact", "alternate")]
        variant = in_named_divisions([f.place for f in found if f.match == "variant"], context)
        if exact or variant:
            return exact or variant, not exact
    if loose:
        named = [p for p in places if context.countries.get(p.country, 0.0) > 0]
        return named or ([] if context.countries else _dominant(places)), loose
    if focus and not known:
        return own, loose  # far from where the document is: only a name that is the place's own
    return places, loose


def in_named_divisions(places: list[Place], context: Context) -> list[Place]:
    """Villages found only by a spelling, kept where the document allows them: in a first-level
    division it names, when it names any of their country's ("Al Hummah strategic position and Al
    Yasbil checkpoint (As Sawadiyah, Al Bayda)" is no Humah of another governorate, 180 km away);
    anywhere in their country otherwise."""
    named = {code.split(".")[0] for code in context.admin1}
    return [p for p in places if p.country not in named or p.admin1 in context.admin1]


class Anchors:
    """Where a report is: the points of the places it names by their own names, the name each
    was read from and its country, and the countries the text names. Which anchors lie within
    1,500 km of each other is measured once, when a reading first needs it."""

    __slots__ = ("lon", "lat", "keys", "countries", "named", "towns", "_near")

    def __init__(self, lon: np.ndarray, lat: np.ndarray, keys: tuple[str, ...], countries: tuple[str, ...],
                 named: frozenset[str], towns: np.ndarray | None = None):
        self.lon, self.lat, self.keys, self.countries, self.named = lon, lat, np.array(keys, dtype=object), countries, named
        self.towns = towns if towns is not None else np.zeros(len(keys), dtype=bool)  # towns, sites, districts
        self._near: tuple[np.ndarray, np.ndarray] | None = None  # (anchors near each other, anchors in named countries)

    def _agreeing(self, said: str) -> np.ndarray:
        """The anchors of names other than ``said`` that another such anchor lies near, or
        divisions that lie in a country the text names: two places agreeing, or a division and
        its country, say where a report is ("Tur, North Darfur, Sudan"); one alone may be a
        wrong reading itself ("6016 Dublin Road" is no sign of Ireland, "Westmoreland" beside
        Jeannette no sign of Jamaica), and a capital beside its country names a government as
        often as a place ("blamed on Russia, although Moscow denies": no sign that Salisbury is
        in Russia)."""
        others = self.keys != name_key(said)
        if not others.any():
            return others
        if self._near is None:
            distinct = self.keys[:, None] != self.keys[None, :]
            near = distinct & (geodesic_m(self.lon[:, None], self.lat[:, None], self.lon[None, :],
                                          self.lat[None, :]) <= _FAR_KM * 1000)
            self._near = (near, ~self.towns & np.array([country in self.named for country in self.countries], dtype=bool))
        near, named = self._near
        return others & ((near & others[None, :]).any(axis=1) | named)

    def at_home(self, place: Place, said: str) -> bool:
        """True when ``place`` lies in a country of the agreeing anchors of other names than
        ``said`` or in one the text names, or within 1,500 km of one of those anchors."""
        agreeing = self._agreeing(said)
        if place.country in self.named or place.country in {c for c, a in zip(self.countries, agreeing) if a}:
            return True
        return bool(agreeing.any() and geodesic_m(place.lon, place.lat, self.lon[agreeing], self.lat[agreeing]).min()
                    <= _FAR_KM * 1000)

    def foreign(self, place: Place, said: str) -> bool:
        """True when ``place`` lies in none of the countries of the anchors of other names than
        ``said`` nor of those the text names, and there is such an anchor: for a name that is
        only part of a longer one ("Cano" of "Cano Limon-Covenas" beside Saravena, Arauca, as
        Kano in Nigeria), weak evidence that stays in the report's countries; never a country,
        a division, or a notable place by its own name."""
        if place.feature in ("country", "province", "region", "water") or notable(place) and by_own_name(place, said):
            return False  # "the Holy See Mikayel Minasyan", "London Guildhall School": the place all the same
        others = self.keys != name_key(said)
        countries = {c for c, other in zip(self.countries, others) if other}
        return bool(countries) and place.country not in countries and place.country not in self.named

    def out_of_town(self, place: Place, said: str) -> bool:
        """True when ``place``, read from ``said`` for a part of a town ("Sao Domingos
        neighborhood"), lies more than 50 km from every town the report names by another name,
        and there is such a town: a neighbourhood of Sorriso is no town 1,500 km away in the
        same country. An analyst's own place is never out of town."""
        others = self.towns & (self.keys != name_key(said))
        if place.id.startswith("user:") or not others.any():
            return False
        return bool(geodesic_m(place.lon, place.lat, self.lon[others], self.lat[others]).min() > _TOWN_KM * 1000)

    def alias_abroad(self, place: Place, said: str) -> bool:
        """True when ``place`` is a town or site that ``said`` names only by one of its alternate
        names, lies in none of the countries the text names nor of the anchors of its other
        names (and, when there are such anchors, more than 1,500 km from all of them), and there
        is such a country: "Tur" beside North Darfur is no Tours (France) by its name in
        another language. An alternate name alone is weak evidence abroad; a city
        of a million is known by its other names too ("Riad"), and a name of the report's own
        countries stays as it is."""
        if (place.id.startswith("user:") or place.feature not in ("town", "site") or place.population >= _BIG
                or by_own_name(place, said) or by_own_name(place, _CITY_WORD.sub("", said))):  # "Calamba City"
            return False
        others = self.keys != name_key(said)
        countries = {c for c, other in zip(self.countries, others) if other} | set(self.named)
        if not countries or place.country in countries:
            return False
        # a neighbour's town is no reading abroad: "Nabatieh" beside Kiryat Shmona is in Lebanon
        return not others.any() or bool(
            geodesic_m(place.lon, place.lat, self.lon[others], self.lat[others]).min() > _FAR_KM * 1000)

    def far_off(self, place: Place, said: str, *, local: bool = False) -> bool:
        """True when ``place``, read from ``said``, lies more than 1,500 km from every agreeing
        anchor of another name and in none of their countries nor of those the text names,
        and is no notable place: "Salim (Qaatabah, Ad Dali)" as Sālim in Palestine, "Gana"
        beside Barkin Ladi and Plateau as Guna in India. Such a reading needs stronger evidence
        than a name; with no agreeing anchors, nothing is far off. ``local``: the text calls the
        place a neighbourhood, village or ward ("Rangel neighborhood" beside João Pessoa, Paraíba),
        which no city on another continent is, however well known."""
        if place.id.startswith("user:") or place.country in self.named or place.feature in ("country", "water", "region", "site"):
            return False  # a site is one of the few kept by name: an air base, the White House
        if notable(place) and (place.feature not in ("town", "site", "district") or not local and (
                place.population >= _BIG or by_own_name(place, said))):
            return False  # a province, or a city by its own name (an alias names only a very big one: "Riad")
        agreeing = self._agreeing(said)
        if not agreeing.any() or place.country in {c for c, a in zip(self.countries, agreeing) if a}:
            return False
        return bool(geodesic_m(place.lon, place.lat, self.lon[agreeing], self.lat[agreeing]).min() > _FAR_KM * 1000)


def _bare(place: Place, said: str) -> str:
    """The name of a division without the division word that ends it ("Yagha province" ->
    "Yagha"); any other name as said."""
    return (DIVISION_WORD.sub("", name_key(said)) or said) if place.feature in ("province", "district") else said


def _rivals(other: Place, place: Place, said: str) -> bool:
    """True when ``other``, another notable reading of ``said``, lies in another country than
    ``place`` (a city and its own province do not rival each other)."""
    return (other is not place and other.country != place.country and notable(other)
            and by_own_name(other, said))


def anchors(placed: Sequence[tuple[Place, str, Sequence[Place], bool]]) -> Anchors:
    """The ``Anchors`` of a report from its ``placed`` first readings (place, the text that
    named it, the name's candidates, whether it matched loosely; demonyms left out): the
    readings below country level of the place's own name (or, also for a loose match, a
    spelling of it: "Qaatabah", Qa‘ţabah) that no other notable
    candidate of the name rivals ("Bari" is a province of Somalia and a city of Italy; "San
    Juan" a city in five countries: neither says where a report is); the countries read by
    their names are ``named``."""
    kept = [(place, said) for place, said, candidates, loose in placed
            if place.feature != "country" and any(not loose and _own(place, name) or _spelled(place, name)
                                                  for name in {said, _bare(place, said)})
            and not any(_rivals(p, place, said) for p in candidates)]
    lon = np.array([p.lon for p, _ in kept], dtype=float)
    lat = np.array([p.lat for p, _ in kept], dtype=float)
    named = frozenset(p.country for p, said, _, loose in placed if p.feature == "country" and not loose and _own(p, said))
    towns = np.array([p.feature in ("town", "site", "district") for p, _ in kept], dtype=bool)
    return Anchors(lon, lat, tuple(name_key(said) for _, said in kept), tuple(p.country for p, _ in kept), named, towns)
