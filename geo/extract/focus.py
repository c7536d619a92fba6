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
known to be moved by them).

In: the first, context-free readings of a report's mentions and its text. Out: country codes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from ..gazetteer.index import Gazetteer, Place, name_key
from ..gazetteer.resolve import Context, document_context, place_key

__all__ = ["Focus", "report_focus", "in_countries", "in_focus", "notable", "term_countries"]

_LOOSE_ALONE = 100_000
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
    it is the own name of, unless one of those is notable ("Hays" in a report on Yemen is
    Hays, Yemen, not Hays, Kansas; "Washington" stays Washington; "Jang", an alias of Yanggu,
    is not Yanggu in a report on Pakistan)."""
    key = name_key(surface)
    own = [p for p in places if place_key(p.name.split(",")[0]) == key]
    known = any(map(notable, own)) or any(p.feature in ("country", "province", "region", "water") for p in places)
    if focus and not loose and not known or loose:
        villages = gazetteer.villages
        found = villages.find(surface, areas=focus) if villages is not None and focus else []
        exact = [f.place for f in found if f.match in ("exact", "alternate")]
        variant = [f.place for f in found if f.match == "variant"]
        if exact or variant:
            return exact or variant, not exact
    if loose:
        named = [p for p in places if context.countries.get(p.country, 0.0) > 0]
        return named or ([] if context.countries else _dominant(places)), loose
    if focus and not known:
        return own, loose  # far from where the document is: only a name that is the place's own
    return places, loose


