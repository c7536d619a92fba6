"""Extraction, places in context: the villages a text names, and names read with their neighbours.

Owns the rules of stage 2 that read a mention together with its neighbours (the areas the
text puts a place in are ``geo.extract.areas``'):

* **Villages.** Capitalised words the main index does not keep (most villages have no
  population figure) that a preposition or a kind word marks as a place ("in Tur", "the village
  of Dardara", "the outskirts of Nayrab"), or that a container follows, are looked up in the
  local tier (``geo.gazetteer.villages``), but only inside the container's area or the
  document's countries: a village is never sought across the world (``village_spans``).
* **Neighbours.** "al-Shura, south of Mosul" (``near_pairs``), "Mogadishu-Hodan district"
  (``compound_heads``), a kind word after a name (``kind_follows``).

In: the text, its words, the mentions the main index gave and their first, context-free
readings. Out: village spans with their candidates, pairs of near names; the choice among
candidates stays with ``geo.extract.places``.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..gazetteer.index import Gazetteer, Place
from ..gazetteer.keys import name_key
from ..gazetteer.variants import ARTICLE_WORDS, variant_key
from .areas import best_match, in_area
from .recognise import KIND_WORDS, LOCATIVE, LOWER_ARTICLES, SPACED_ARTICLES as _ARTICLES, opens_name, stoplist
from .tokens import Words, joined, previous_word

__all__ = ["NEAR_KM", "CLOSE_KM", "near_pairs", "kind_follows", "village_spans", "compound_heads"]

_KIND_AFTER = re.compile(r"\s+(?:sub-?district|district|village|town|camp|LGA)\b", re.I)  # "Warmahan village (Afgooye)"
# After a name, words that make it a place: "Sangin district", "the Halba highway", "the Bisri dam".
_UNIT_AFTER = re.compile(r"\s+(?:district|sub-?district|village|town|county|camp|area|road|highway|bridge|checkpoint|"
                         r"crossing|junction|roundabout|dam|valley|frontline|outskirts|countryside)\b")
_PLACE_WORDS = {"village", "villages", "town", "towns", "city", "area", "areas", "outskirts", "suburbs",
                "district", "neighbourhood", "neighborhood", "camp", "locality", "hamlet", "settlement"}
# previous_word gives the word before "of" as "of": these name the place words before it.
_NAMED_AS = re.compile(r"\b(?:village|villages|town|area|outskirts|suburbs|district|neighbou?rhood|camp|locality|"
                       r"hamlet|settlement)\s+of\s+(?:the\s+)?$", re.I)
_NAME_BRACKET = re.compile(r"[A-Z][\w'’-]*\s*\($")
_CONNECTORS = ARTICLE_WORDS | {"bin", "ibn", "of", "de", "da", "do", "dos", "das", "del", "la"}
_LIST_GAP = re.compile(r"\s*,\s*|\s*(?:,\s*)?(?:and|or)\s+")
# "A, south of B", "A just north-east of B", "A near B", "A outside B", "A on the outskirts of B"
_NEAR_OF = re.compile(r"\s*,?\s*(?:just\s+|some\s+|about\s+|a few (?:km|kilomet(?:re|er)s|miles)\s+)?"
                      r"(?:(?P<bearing>(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?)\s+of|near|outside|close to|"
                      r"(?:on|in) the outskirts of|next to)\s+(?:the\s+)?(?:(?:town|city|village) of\s+)?", re.I)
NEAR_KM = 150.0  # "south of Mosul": a bearing without a distance (Hays lies 110 km south of Hodeidah)
CLOSE_KM = 50.0  # "near Mosul", "outside Mosul"
_MAX_WORDS = 4
_MIN_LETTERS = 3
_COMPOUND_MIN_POPULATION = 100_000


def _named_as_place(text: str, start: int) -> bool:
    """True after "the village of", "the outskirts of" ..."""
    return _NAMED_AS.search(text, max(0, start - 30), start) is not None


def _cued(text: str, tokens: Words, first: int) -> bool:
    """True when the words before token ``first`` mark it as a place: "in", "near", "the
    village of", "the outskirts of" ..., or a bracket after a name ("Zap (Amadiya)": the
    name's town or area)."""
    word = previous_word(text, tokens[first].start)
    return (word in LOCATIVE or word in _PLACE_WORDS
            or _NAME_BRACKET.search(text, max(0, tokens[first].start - 40), tokens[first].start) is not None)


def _acronym_like(surface: str) -> bool:
    return surface.isupper() and len(surface) <= 5  # "SANA", a news agency in a dateline


def near_pairs(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, float]]:
    """(mention number of A, of B, km) for "A, south of B", "A near B", "A on the outskirts of B":
    A lies within that many kilometres of B (``NEAR_KM`` after a bearing, ``CLOSE_KM`` after
    "near", "outside" ...). ``spans`` are the mentions' (start, end), in order."""
    pairs = []
    for index in range(len(spans) - 1):
        match = _NEAR_OF.fullmatch(text, spans[index][1], spans[index + 1][0])
        if match is not None:
            pairs.append((index, index + 1, NEAR_KM if match.group("bearing") else CLOSE_KM))
    return pairs


def kind_follows(text: str, end: int) -> bool:
    """True when a word that makes a name a place follows offset ``end``: "Sangin district",
    "the Halba highway", "the Bisri dam", "Warmahan village"."""
    return _UNIT_AFTER.match(text, end) is not None


def _listed(text: str, tokens: Words, first: int, placed: set[int]) -> bool:
    """True when token ``first`` follows a place in a list: "Saraqib, Binnish and Taftanaz"
    after a place, whatever marked that place (``placed``: the last tokens of places)."""
    before = first - 1
    if before >= 0 and tokens[before].text.lower() in ("and", "or"):
        before -= 1
    return before >= 0 and before in placed and _LIST_GAP.fullmatch(text, tokens[before].end, tokens[first].start) is not None


def village_spans(text: str, tokens: Words, covered: set[int], gazetteer: Gazetteer, areas: Sequence[str] | None,
                  people: frozenset[str], area_after, area_before) -> list[tuple[int, int, list[Place], str, bool]]:
    """(first token, last token, candidates, match, scoped) for the villages the text names in
    words no mention covers: a run of capitalised words (with "al-", "of" ...) that a
    preposition or a kind word marks as a place, that a container follows (``area_after``,
    from ``area_finder``) or that a possessive precedes (``area_before``, from
    ``before_finder``: "Idlib's Kafr Nabl"), found in the local tier inside that area
    (``scoped``), else inside ``areas`` (the document's countries; None for the whole tier),
    longest run first. A run the tier lacks that the text calls a village of a known area
    ("the village of X in Y province") comes with no candidates and the match "unknown": it
    is placed at its area."""
    villages = gazetteer.villages
    if villages is None:
        return []
    found = []
    placed = set(covered)  # the last words of places, to read lists ("in Kafr Nabl, Saraqib and Binnish")
    index, count = 0, len(tokens)
    while index < count:
        token = tokens[index]
        article = token.text in LOWER_ARTICLES and opens_name(text, tokens, index)  # "the village of al Fajir"
        if (index in covered or not (token.capitalised or article) or token.text in ("The", "the")
                or token.text in people or article and index + 1 in covered):
            index += 1
            continue
        last = index
        while (last + 1 < count and last - index + 1 < _MAX_WORDS and last + 1 not in covered
               and joined(text, tokens[last], tokens[last + 1])
               and (tokens[last + 1].capitalised or tokens[last + 1].text.lower() in _CONNECTORS)):
            last += 1
        # "Shah Wali Kot district", "Darraz Gard village": a name the text gives a kind is sought whole
        kind_after = last + 1 < count and joined(text, tokens[last], tokens[last + 1]) and tokens[last + 1].text.lower() in KIND_WORDS
        cued_otherwise = _cued(text, tokens, index) or bool(_UNIT_AFTER.match(text, tokens[last].end))
        listed = _listed(text, tokens, index, placed)
        cued = cued_otherwise or listed
        hit = None
        for end in range(last, index - 1, -1):
            if not tokens[end].capitalised:
                continue
            surface = text[token.start:tokens[end].end]
            if len(surface) < _MIN_LETTERS or (end == index and surface.lower() in stoplist()):
                continue
            if end == index and gazetteer.demonym(surface) is not None:
                continue
            if end == index < last and (villages.is_head(surface) or surface.lower() in ARTICLE_WORDS):
                continue  # "Bab Ghaliq" is not Bab, "Ash Shubaji" not Ash
            if end < last and tokens[end + 1].text.lower() in _ARTICLES:
                continue  # "Mafraq ar Ruwayk" is not Mafraq
            area = area_after(tokens[end].end) or area_before(token.start)
            if area is None and not cued:
                mine = [f for f in villages.find(surface) if f.place.id.startswith("user:")
                        and f.match in ("exact", "alternate")] if villages.has_user_places else []
                if mine:  # an analyst's own place is a place wherever the text names it
                    hit = (index, end, [f.place for f in mine], mine[0].match, True)
                    break
                continue
            places, match = best_match(villages.find(surface, areas=[area.code] if area else areas))
            if not places or area is not None and match in ("variant", "fuzzy"):
                # a small town of the main index, which its own rules left out for want of a cue; in
                # the area the text names, one of this very name before another's spelling ("Boundore
                # (Boundore, Yagha)": Boundoré, not Bondoura)
                towns, how = _small_towns(gazetteer, surface, area.code if area else None)
                if not places or any(name_key(p.name) == name_key(surface) for p in towns):
                    places, match = towns, how
            if not places and area is not None:  # the last resort, inside the area only
                places, match = best_match(villages.near_spellings(surface, area.code)[:1])
            if end < last and kind_after:
                continue
            if listed and not cued_otherwise and (end < last or _acronym_like(surface)):
                continue  # a list names places whole: "Ibrahim Hamed, Abdullah Barghouti" is no Abdullah
            if places and match in ("exact", "alternate", "variant", "fuzzy"):
                hit = (index, end, places, match, area is not None)
                break
        named = (_named_as_place(text, token.start) or _KIND_AFTER.match(text, tokens[last].end)
                 or last > index and villages.is_head(token.text))  # "Bayt Maghari (Hays, ...)": a head names a place
        if hit is None and named and area_after(tokens[last].end):
            hit = (index, last, [], "unknown", True)  # "the village of X in Y province", "X village (Y)": X in no gazetteer
        if hit is not None:
            found.append(hit)
            placed.add(hit[1])
            index = hit[1] + 1
        elif any(t.text.lower() in _ARTICLES for t in tokens[index + 1:last]) or (last > index and (
                kind_after or villages.is_head(token.text))):
            index = last + 1  # "Mafraq ar Ruwayk", "Bir at Tutah", found nowhere: nor is Ruwayk or Tutah
        else:
            index += 1
    return found


def _small_towns(gazetteer: Gazetteer, surface: str, area: str | None) -> tuple[list[Place], str]:
    """The towns of the main index (not the local tier) called ``surface`` by their own name
    or a spelling of it, inside ``area`` when one is given, as (places, "exact"): "Tessalit"
    (population 0 in GeoNames) in "from Kidal and Gao to Tessalit and Aguelhok", which a name
    alone would not keep."""
    key, spelled = name_key(surface), variant_key(surface)
    places = [p for p in gazetteer.lookup(surface) if p.feature == "town"
              and (name_key(p.name) == key or variant_key(p.name) == spelled) and (area is None or in_area(p, area))]
    return places, "exact" if places else ""


def compound_heads(text: str, tokens: Words, covered: set[int], gazetteer: Gazetteer):
    """Yield (token index, start, end, candidates) for the city that opens a hyphenated
    name no gazetteer knows whole: "Mogadishu-Hodan district", "Donetsk-Kirovskyi", "the
    Rashayya-Masnaa road" name a district of Mogadishu, of Donetsk, a road from Rashayya. Only
    a capitalised head and tail ("Washington-based" is no name), the head of at least four
    letters, no common word, and a division or a city of 100,000 ("Diaz-Balart", "Vice-Admiral"
    name people)."""
    for index, token in enumerate(tokens):
        if index in covered or "-" not in token.text or not token.capitalised:
            continue
        head, tail = token.text.split("-", 1)
        if (len(head) < 4 or not head[:1].isupper() or not tail[:1].isupper()  # not "Washington-based"
                or head.lower() in stoplist() or gazetteer.lookup(token.text)):
            continue
        places = [p for p in gazetteer.lookup(head) if p.feature in ("town", "district", "province")]
        if any(p.feature == "province" or p.population >= _COMPOUND_MIN_POPULATION for p in places):
            yield index, token.start, token.start + len(head), places
