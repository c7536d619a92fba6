"""Extraction, places in context: what the text says a place lies in, and the villages it names.

Owns the rules of stage 2 that read a mention together with its neighbours:

* **Containers.** "Nayrab in Idleb", "Hays, Al Hudaydah", "Maarib (Marib)", "Hays (Hays, Al
  Hudaydah)", "Dardara of Hasakeh province": the second name is the area the first lies in
  (``containers``). The area is a first-level division or a country. A name that is both a
  province and its capital ("Idleb", "Hasakeh") is the province when it contains another place,
  unless the text says the city ("Idleb city").
* **Villages.** Capitalised words the main index does not keep (most villages have no
  population figure) that a preposition or a kind word marks as a place ("in Tur", "the village
  of Dardara", "the outskirts of Nayrab"), or that a container follows, are looked up in the
  local tier (``geo.gazetteer.villages``), but only inside the container's area or the
  document's countries: a village is never sought across the world (``village_spans``).
* **Choosing inside an area** (``inside``): a name's candidates in the area, else the tier's
  exact, alternate-name and variant-spelling matches there, else its near spellings there
  (edit distance, the last resort).

In: the text, its words, the mentions the main index gave and their first, context-free
readings. Out: containers by mention, village spans with their candidates; the choice among
candidates stays with ``geo.extract.places``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Sequence

from lemminflect import getAllLemmas

from ..gazetteer.index import Gazetteer, Place
from ..gazetteer.keys import name_key
from ..gazetteer.variants import ARTICLE_WORDS, variant_key
from ..gazetteer.villages import lies_in
from .recognise import KIND_WORDS, LOCATIVE, LOWER_ARTICLES, SPACED_ARTICLES as _ARTICLES, opens_name, stoplist
from .tokens import Words, joined, previous_word

if TYPE_CHECKING:
    from ..gazetteer.villages import Found

__all__ = ["Area", "NEAR_KM", "CLOSE_KM", "near_pairs", "kind_follows", "name_goes_on", "capital_province", "area_finder", "before_finder", "containers", "chained_areas", "village_spans", "compound_heads", "inside", "in_area"]

# Between a place and the area it lies in: "X, Y", "X, in northern Y", "X in Y", "X in the
# Y governorate", "X (Y"; and "X of Y" when a division word follows Y ("of Hasakeh province").
_DIRECTION = (r"(?:(?:the\s+)?(?:north|south|east|west|central|northern|southern|eastern|western|"
              r"north-?(?:east|west)(?:ern)?|south-?(?:east|west)(?:ern)?)\s+)?")
_UNITS = r"(?:district|sub-?district|city|town|village|county|area|camp|LGA|municipality|commune|cercle|woreda|township)"
_UNIT = r"(?:\s+" + _UNITS + r")?"  # "Sangin district, Helmand", "Damboa LGA, Borno"
# "in the southern countryside of Idleb", "in the western outskirts of Aleppo"
_SURROUNDS = r"(?:(?:countryside|outskirts|suburbs|desert|mountains|hills|plains?|region|province|governorate)\s+of\s+(?:the\s+)?)?"
_CONTAINED = re.compile(_UNIT + r"(?:\s*,\s*(?:in\s+)?" + _DIRECTION + r"|\s+in\s+(?:the\s+)?" + _DIRECTION
                        + _SURROUNDS + r"|\s*\(\s*)", re.I)
_KIND_AFTER = re.compile(r"\s+(?:sub-?district|district|village|town|camp|LGA)\b", re.I)  # "Warmahan village (Afgooye)"
# After a name, words that make it a place: "Sangin district", "the Halba highway", "the Bisri dam".
_UNIT_AFTER = re.compile(r"\s+(?:district|sub-?district|village|town|county|camp|area|road|highway|bridge|checkpoint|"
                         r"crossing|junction|roundabout|dam|valley|frontline|outskirts|countryside)\b")
_OF = re.compile(r"\s+of\s+(?:the\s+)?", re.I)
_THE_BEFORE = re.compile(r"\bthe\s+(?:[\w'’-]+\s+){0,3}[\w'’.-]+$", re.I)  # "the Idlib town of Saraqib": Saraqib lies in Idlib
_UNIT_OF = re.compile(r"\s+(?:village|town|neighbou?rhood|camp|area)\s+of\s+(?:the\s+)?", re.I)  # "Darraz village of Ghorband"
_POSSESSIVE = re.compile(r"['’]s\s+")
_KIND_OF = re.compile(r"\s+(?:town|village|city|district|neighbou?rhood|suburb|area|camp)\s+of\s+", re.I)  # "the Aley town of X"
_DIVISION_AFTER = re.compile(r"\s+(?:province|governorate|district|state|region|county|oblast)\b", re.I)
_LIST_AFTER = re.compile(r"\s*(?:,|\band\b|&)\s*(?:the\s+)?[A-Z]")  # "Idlib and Hama", "Idlib, Hama"
_CITY_AFTER = re.compile(r"^\s+(?:city|town)\b", re.I)
_CITY_BEFORE = re.compile(r"\b(?:city|town) of\s+$", re.I)
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
# Between the links of an address chain: names, kind words, "of", "under", "the", commas, brackets.
_CHAIN_WORD = (r"(?:[A-Z][\w'’.-]*|(?i:of|under|the|village|villages|town|city|area|district|sub-?district|county|"
               r"municipality|commune|township|tehsil|taluka|block|mandal|locality|neighbou?rhood|ward|quarter|camp|"
               r"police|station|post|circle|subdivision|sub-?division|LGA|woreda|kebele|cercle|department|region|"
               r"zone|sector|governorate|province|state|regency))")
_CHAIN_GAP = re.compile(r"(?:[\s,()]+|" + _CHAIN_WORD + r"\b)*")
_CHAIN_LINK = re.compile(r"\(|\b(?:of|under|village|town|area|district|sub-?district|township|tehsil|taluka|block|"
                         r"police|circle|LGA|woreda|cercle|commune|department|county|municipality|regency|zone)\b", re.I)
_CHAIN_CHARS = 150
_MIN_LETTERS = 3
_COMPOUND_MIN_POPULATION = 100_000


# A capitalised word right after a name that is no word for a kind of place or site: the name
# goes on ("Cano Limon", "Sahm El Golan", "Gana Ropp"), unlike "Aleppo Province", "Kabul Airport".
_GOES_ON = re.compile(
    r"[ \t]+(?!(?:Province|Governorate|District|City|Region|State|County|Town|Village|Camp|Airport|Air|Airbase|Base|"
    r"University|Road|Street|Highway|Bridge|Dam|Market|Bazaar|Square|Mosque|Church|Hospital|Prison|Port|Valley|"
    r"River|Lake|Mountains?|Desert|Strip|Bank|Plain|Oblast|Raion|Township|Sector|Area|Front|Countryside|Hills?|"
    r"Junction|Crossing|Checkpoint|Gate|Station|Palace|Stadium|Municipality|Division|Department|Prefecture|LGA|"
    r"Zone|Island|Islands|Sea|Gulf|Bay|Coast|Plateau|Forest|International|Central|North|South|East|West)\b)"
    r"[A-Z][a-z]")
def name_goes_on(text: str, end: int) -> bool:
    """True when the name ending at ``end`` goes on in a capitalised word of no English
    (``_GOES_ON``; "Cano Limon", "Gana Ropp"), unlike "U.S. Army", "Dubai Airshow", "Texas Governor"."""
    match = _GOES_ON.match(text, end)
    if match is None:
        return False
    word = re.match(r"[A-Za-z]+", text[match.end() - 2:])
    return word is not None and not getAllLemmas(word.group(0).lower()) and word.group(0).lower() not in stoplist()


@dataclass(frozen=True, slots=True)
class Area:
    """Where a mention lies by the text: ``code`` a first-level code ("SY.12") or a country
    code ("SY"); ``place`` the containing place, and ``index`` its mention; ``comma`` when a
    comma alone stands between them."""

    code: str
    place: Place
    index: int
    comma: bool = False  # "X, Y": also how a list is written ("Aleppo, Idlib and Hama")


def in_area(place: Place, code: str) -> bool:
    """True when ``place`` lies in area ``code`` (``geo.gazetteer.villages.lies_in``)."""
    return lies_in(place.admin1, place.country, code)


def capital_province(surface: str, place: Place, gazetteer: Gazetteer) -> Place | None:
    """The province whose capital ``place`` is and whose name is spelled like ``surface``
    ("Hasakeh": the town Al Hasakah, the province Al-Hasakah), or None."""
    if place.feature != "town" or not place.admin1:
        return None
    province = gazetteer.province(place.admin1)
    if province is None or variant_key(province.name.split(",")[0]) != variant_key(surface):
        return None
    return province


def _as_area(text: str, mention_start: int, mention_end: int, places: Sequence[Place], best: Place,
             gazetteer: Gazetteer) -> Place | None:
    """The containing place a mention names: its province (also when its best reading is the
    province's capital and the province bears the same name), its country, or a town or
    district of known division (the area is then that division); else None."""
    says_city = _CITY_AFTER.match(text, mention_end) or _CITY_BEFORE.search(text, max(0, mention_start - 12),
                                                                                 mention_start)
    if best.feature == "country":
        return best
    if says_city:
        return best if best.feature == "town" and best.admin1 else None
    province = best if best.feature == "province" else next(
        (p for p in places if p.feature == "province" and p.country == best.country), None)
    if province is None:
        province = capital_province(text[mention_start:mention_end], best, gazetteer)
    if province is None and best.feature in ("town", "district") and best.admin1:
        return best  # "Awdheegle village (Afgooye, Lower Shabelle)": in Afgooye's division
    if province is None and best.feature == "district":
        return best  # "(Banh, Loroum)": a district of no known division, in its country
    return province


def area_finder(text: str, spans: Sequence[tuple[int, int, Sequence[Place], Place | None]],
                gazetteer: Gazetteer):
    """A function of an offset: the ``Area`` of the mention that follows it as a container
    ("X in Y", "X, Y", "X (Y", "X of Y province"), or None. ``spans`` are the document's
    mentions in order as (start, end, candidates, best context-free reading or None)."""
    starts = [span[0] for span in spans]

    def after(end: int) -> Area | None:
        index = bisect.bisect_left(starts, end)
        if index >= len(spans):
            return None
        start, stop, places, best = spans[index]
        if best is None:
            return None
        comma = text[end:start].strip() == ","
        unit_of = _UNIT_OF.fullmatch(text, end, start) and not _THE_BEFORE.search(text, max(0, end - 60), end)
        if not (_CONTAINED.fullmatch(text, end, start) or unit_of
                or (_OF.fullmatch(text, end, start) and _DIVISION_AFTER.match(text, stop))):
            return None
        if comma and _LIST_AFTER.match(text, stop) and not _DIVISION_AFTER.match(text, stop):
            return None  # "Aleppo, Idlib and Hama": a list, not a place and its province
        if name_goes_on(text, stop):
            return None  # "New Brighton (Nelson Mandela Bay, ...)": no town called Nelson
        area = _as_area(text, start, stop, places, best, gazetteer)
        if area is None:
            return None
        code = area.admin1 if area.feature != "country" and area.admin1 else area.country
        return Area(code, area, index, comma) if code else None

    return after


def before_finder(text: str, spans: Sequence[tuple[int, int, Sequence[Place], Place | None]],
                  gazetteer: Gazetteer):
    """A function of an offset: the ``Area`` of the mention that ends right before it with a
    possessive ("Aleppo's Sheikh Maqsoud district", "Idlib's Maarat al-Numan") or as "the Y
    town of" ("the Aley town of Ain er Roummaneh", "the Idlib village of Kafr Nabl"), or None."""
    ends = [span[1] for span in spans]

    def before(start: int) -> Area | None:
        index = bisect.bisect_right(ends, start) - 1
        if index < 0:
            return None
        begin, end, places, best = spans[index]
        the_kind_of = _KIND_OF.fullmatch(text, end, start) and re.search(r"\bthe\s+$", text[max(0, begin - 5):begin], re.I)
        if best is None or not (_POSSESSIVE.fullmatch(text, end, start) or the_kind_of):
            return None
        area = best if best.feature in ("country", "province") else _as_area(
            text, spans[index][0], end, places, best, gazetteer)
        if area is None:
            return None
        code = area.admin1 if area.feature != "country" and area.admin1 else area.country
        return Area(code, area, index) if code else None

    return before


def containers(text: str, spans: Sequence[tuple[int, int, Sequence[Place], Place | None]],
               gazetteer: Gazetteer) -> dict[int, Area]:
    """The area each mention lies in by the text, by mention number (see ``area_finder``)."""
    after = area_finder(text, spans, gazetteer)
    found: dict[int, Area] = {}
    for index, (start, end, _, best) in enumerate(spans):
        if best is not None and best.feature == "country":
            continue  # a country lies in no area ("Yemen (Hays, Al Hudaydah)")
        area = after(end)
        if area is not None and area.index == index + 1:
            found[index] = area
    before = before_finder(text, spans, gazetteer)
    for index in range(1, len(spans)):
        if index not in found:
            area = before(spans[index][0])
            if area is not None and area.index == index - 1:
                found[index] = area
    for index, area in list(found.items()):
        other = _agreeing_area(text, spans[index], spans[area.index], area, gazetteer)
        if other is not None:
            found[index] = other
    # "Hays (Hays, Al Hudaydah)": the name outside the brackets lies where the one inside does.
    for index in range(len(spans) - 2, -1, -1):
        if index + 1 not in found:
            continue
        start, end, _, _ = spans[index]
        nxt_start, nxt_end, _, _ = spans[index + 1]
        if re.fullmatch(r"\s*\(\s*", text[end:nxt_start]) and name_key(text[start:end]) == name_key(
                text[nxt_start:nxt_end]):
            found[index] = found[index + 1]
    return found


def chained_areas(text: str, spans: Sequence[tuple[int, int]], found: dict[int, Area],
                  divisions: dict[int, Area]) -> dict[int, Area]:
    """The area of a mention that an address chain places inside another's container or a
    division, by mention number: "Lalpur village of Bhagabanpur area (East Midnapore district,
    West Bengal)", "Kuchi village under Munya LGA (Niger)", "New Brighton (Nelson Mandela Bay,
    Eastern Cape)". Between the mention and the one the text gives an area (``found``, from
    ``containers``) or that is a division or country itself (``divisions``, as areas) stand only
    names, kind words ("village", "area", "police station", "LGA"), "of", "under", "the", commas
    and brackets, within one sentence; each gap holds a kind word, "of", "under" or a bracket, or
    lies inside brackets. A list ("the Far East, the Middle East, Italy"; "Aleppo and Hama") or a
    relation ("near", "north of") breaks the chain."""
    chained: dict[int, Area] = {}
    for index in range(len(spans)):
        if index in found or index in divisions:
            continue
        for later in range(index + 1, len(spans)):
            start, end = spans[later - 1][1], spans[later][0]
            if (spans[later][0] - spans[index][1] > _CHAIN_CHARS or not _CHAIN_GAP.fullmatch(text, start, end)
                    or not (_CHAIN_LINK.search(text, start, end) or _in_brackets(text, start))
                    or later == index + 1 and _OF.fullmatch(text, start, end)):
                break  # too far, other words, only commas (a list: "the Far East, the Middle East, Italy"), or
                # a name of an institution ("University of California", "Bank of Valletta")
            area = found.get(later) or divisions.get(later)
            if area is not None:
                chained[index] = area
                break
    return chained


def _in_brackets(text: str, position: int) -> bool:
    """True when ``position`` lies inside a bracket opened in the last 100 characters."""
    opened = text.rfind("(", max(0, position - 100), position)
    return opened >= 0 and text.find(")", opened, position) < 0


def _agreeing_area(text: str, span: tuple[int, int, Sequence[Place], Place | None],
                   container: tuple[int, int, Sequence[Place], Place | None], area: Area,
                   gazetteer: Gazetteer) -> Area | None:
    """Another reading of the container when the text pairs two names that its first readings
    do not: "Nogales (Valparaiso)" is Nogales in Chile's Valparaíso region, not Nogales, Sonora
    with a Valparaíso of Zacatecas. Only when no reading of the first name, in the main index
    or the local tier, lies in the area read first; then the biggest reading of the container,
    by its own name or a spelling of it, that is a province or a country (or names a province
    as its capital) holding one of the first name's readings; else None."""
    start, end, places, _ = span
    if not places or any(in_area(p, area.code) for p in places):
        return None
    if inside(text[start:end], [], area.code, gazetteer)[0]:
        return None  # the tier's village in the area: "Nayrab in Idleb"
    first, last, candidates, _ = container
    spelled = variant_key(text[first:last])
    for place in sorted(candidates, key=lambda p: -p.population):
        if place is area.place or variant_key(place.name.split(",")[0]) != spelled:
            continue
        found = _as_area(text, first, last, candidates, place, gazetteer)
        if found is None or found.feature not in ("province", "country"):
            continue  # a division: a town of the same name proves little ("McLean, Virginia": no Virginia, Illinois)
        code = found.admin1 if found.feature != "country" and found.admin1 else found.country
        if code and any(in_area(p, code) for p in places):
            return replace(area, code=code, place=found)
    return None


def inside(surface: str, places: Sequence[Place], area: str, gazetteer: Gazetteer) -> tuple[list[Place], str]:
    """The candidates of ``surface`` that lie in ``area``, and how they were found:
    "index" (the main index's own), "exact", "alternate", "variant" or "fuzzy" (the local
    tier's, best match only), or ([], "") when none does."""
    own = [p for p in places if in_area(p, area)]
    if own:
        return own, "index"
    villages = gazetteer.villages
    if villages is None:
        return [], ""
    found = villages.find(surface, areas=[area])
    if not found:
        found = villages.near_spellings(surface, area)[:1]
    return _best_match(found)


def _best_match(found: Sequence[Found]) -> tuple[list[Place], str]:
    if not found:
        return [], ""
    match = found[0].match
    return [f.place for f in found if f.match == match], match


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
            places, match = _best_match(villages.find(surface, areas=[area.code] if area else areas))
            if not places or area is not None and match in ("variant", "fuzzy"):
                # a small town of the main index, which its own rules left out for want of a cue; in
                # the area the text names, one of this very name before another's spelling ("Boundore
                # (Boundore, Yagha)": Boundoré, not Bondoura)
                towns, how = _small_towns(gazetteer, surface, area.code if area else None)
                if not places or any(name_key(p.name) == name_key(surface) for p in towns):
                    places, match = towns, how
            if not places and area is not None:  # the last resort, inside the area only
                places, match = _best_match(villages.near_spellings(surface, area.code)[:1])
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
