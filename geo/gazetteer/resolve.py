"""Choosing the place a recognised name refers to, by a transparent score.

Each candidate place gets a sum of a few terms (``score``); the highest
wins, and a softmax over the top five gives the confidence the app shows
next to the alternatives. Resolution runs twice over a document: the first
pass, without context, tells which countries and first-level divisions the
document is about; the second pass adds those as evidence, leaving out each
mention's own first reading:

=============================  =============================================
term                           value
=============================  =============================================
size prior                     country 11, sea 10, region 9, province 8, site 7.5,
                               district 7, town 1.5 x log10(population)
exact name                     +2.5 when the name is the place's main name
seat of government             +1 for capitals and government buildings
document's countries           up to +4, in proportion to the share of the
                               document's places in that country
document's divisions           +3 when the place lies in a division the
                               document names ("Paris" in a text naming Texas)
"Town, State"                  +5 when the division named right after a comma
                               contains the place ("Paris, Tenn.")
kind word                      +4 when "province", "city of" ... says the kind
spelling variant               -3 when only a loose transliteration matched
=============================  =============================================
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .index import Gazetteer, Place, name_key

__all__ = ["Context", "score", "rank", "document_context", "leave_out", "place_key", "DIVISION_WORD"]

_BASE = {"country": 11.0, "region": 9.0, "water": 10.0, "province": 8.0, "site": 7.5, "district": 7.0}
_DIVISIONS = ("province", "district")
# A division word a name (as its name_key) was said with: the place's own name is the name without it.
DIVISION_WORD = re.compile(r"\s+(?:governorate|province|state|region|oblast|district|county|prefecture)$")


@dataclass
class Context:
    """What the rest of the document says about where it is."""

    countries: dict[str, float] = field(default_factory=dict)  # country -> share of the places
    admin1: set[str] = field(default_factory=set)  # divisions the document names
    weights: dict[str, float] = field(default_factory=dict)  # country -> summed confidence
    within: str | None = None  # the division named right after this mention ("Paris, Tenn.")
    hint: str | None = None  # a kind word next to the mention


@lru_cache(maxsize=1 << 16)
def place_key(name: str) -> str:
    """``name_key`` of a place name, remembered: the same few thousand names are scored
    again and again."""
    return name_key(name)


def score(place: Place, key: str, context: Context, *, loose: bool, seat: bool, bare: str = "") -> float:
    """A transparent sum; higher is better. Each term is one line. ``bare``: the name said
    without the division word after it, the own name of a division ("Al Bayda governorate")."""
    own = place_key(place.name.split(",")[0])  # "Washington, D.C."
    total = _BASE.get(place.feature, 1.5 * math.log10(place.population + 10))
    total += 2.5 if own == key or (bare and own == bare and place.feature in _DIVISIONS) else 0.0
    total += 1.0 if seat else 0.0
    total += 4.0 * context.countries.get(place.country, 0.0) if place.country else 0.0
    total += 3.0 if place.admin1 and place.admin1 in context.admin1 and place.feature != "province" else 0.0
    total += 5.0 if context.within and place.admin1 == context.within else 0.0
    total += 4.0 if context.hint and context.hint == place.feature else 0.0
    total -= 3.0 if loose else 0.0
    return total


def rank(places: list[Place], surface: str, context: Context, gazetteer: Gazetteer, *,
         loose: bool = False, keep: int = 5) -> list[tuple[Place, float, float]]:
    """(place, score, confidence) of the best ``keep`` candidates, best first."""
    key = name_key(surface)
    # "Al Bayda governorate": the province's own name is Al Bayda'; "Plateau State" is a name whole
    bare = DIVISION_WORD.sub("", key) if surface.rsplit(" ", 1)[-1] != "State" else ""
    scored = sorted(((score(p, key, context, loose=loose, seat=gazetteer.is_seat_of_power(p), bare=bare), p)
                     for p in places), key=lambda item: -item[0])[:keep]
    weights = [math.exp(s - scored[0][0]) for s, _ in scored]
    total = sum(weights)
    return [(p, s, w / total) for (s, p), w in zip(scored, weights)]


def document_context(first_pass: list[tuple[Place, float]]) -> Context:
    """Countries and divisions of a document from its context-free resolutions
    (place, confidence): demonyms and countries count as much as towns."""
    weights: Counter[str] = Counter()
    admin1: set[str] = set()
    for place, confidence in first_pass:
        if place.country:
            weights[place.country] += confidence
        if place.feature in _DIVISIONS and place.admin1 and confidence >= 0.5:
            admin1.add(place.admin1)
    return Context(countries=_shares(weights), admin1=admin1, weights=dict(weights))


def _shares(weights: dict[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    return {country: weight / total for country, weight in weights.items()} if total > 0 else {}


def leave_out(context: Context, place: Place, confidence: float, **extra) -> Context:
    """The document's context as the other mentions see it: a mention is no
    evidence for its own reading ("Georgia" must not vote for Georgia)."""
    weights = dict(context.weights)
    if place.country in weights:
        weights[place.country] = max(0.0, weights[place.country] - confidence)
    return Context(countries=_shares(weights), admin1=context.admin1, weights=weights, **extra)
