"""Extraction, the areas the text puts a place in: containers, address chains, readings inside them.

Owns the rules that read a mention against the division the text names for it:

* **Containers** (``containers``). "Nayrab in Idleb", "Hays, Al Hudaydah", "Maarib (Marib)",
  "Hays (Hays, Al Hudaydah)", "Dardara of Hasakeh province", "Idlib's Maarat al-Numan": the
  second name is the area the first lies in, a first-level division or a country. A name that
  is both a province and its capital ("Idleb", "Hasakeh") is the province when it contains
  another place, unless the text says the city. When the first readings of the two names do
  not agree, another division reading of the container may ("Nogales (Valparaiso)").
* **Address chains** (``chained_areas``, ``chain_areas``). "Lalpur village of Bhagabanpur area
  (East Midnapore district, West Bengal)": a name linked by kind words, "of", "under" and
  brackets to a container or division lies inside it, at the chain's finest known link.
* **Readings inside an area** (``inside``, ``readings_in_area``): a name's candidates in the
  area, else the local tier's exact, alternate-name and variant-spelling matches there, else
  its near spellings there (edit distance, the last resort), else the area itself ("the
  village of X in Y province", X in no gazetteer).

In: the text, the mentions' offsets, candidates and readings. Out: ``Area`` by mention number
and candidate lists; the choice among candidates stays with ``geo.extract.places``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Sequence

from lemminflect import getAllLemmas

from ..analysis.distances import geodesic_m
from ..gazetteer.index import Gazetteer, Place
from ..gazetteer.keys import name_key
from ..gazetteer.resolve import place_key
from ..gazetteer.variants import variant_key
from ..gazetteer.villages import lies_in
from .focus import by_own_name, notable
from .recognise import stoplist

if TYPE_CHECKING:
    from ..gazetteer.villages import Found

__all__ = ["Area", "in_area", "capital_province", "name_goes_on", "area_finder", "before_finder", "containers",
           "chained_areas", "chain_areas", "inside", "best_match", "placed_area", "with_province", "readings_in_area"]

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
_OF = re.compile(r"\s+of\s+(?:the\s+)?", re.I)
_THE_BEFORE = re.compile(r"\bthe\s+(?:[\w'’-]+\s+){0,3}[\w'’.-]+$", re.I)  # "the Idlib town of Saraqib": Saraqib lies in Idlib
_UNIT_OF = re.compile(r"\s+(?:village|town|neighbou?rhood|camp|area)\s+of\s+(?:the\s+)?", re.I)  # "Darraz village of Ghorband"
_POSSESSIVE = re.compile(r"['’]s\s+")
_KIND_OF = re.compile(r"\s+(?:town|village|city|district|neighbou?rhood|suburb|area|camp)\s+of\s+", re.I)  # "the Aley town of X"
_DIVISION_AFTER = re.compile(r"\s+(?:province|governorate|district|state|region|county|oblast)\b", re.I)
_LIST_AFTER = re.compile(r"\s*(?:,|\band\b|&)\s*(the\s+)?[A-Z]")  # "Idlib and Hama", "Idlib, Hama"
_CITY_AFTER = re.compile(r"^\s+(?:city|town)\b", re.I)
_CITY_BEFORE = re.compile(r"\b(?:city|town) of\s+$", re.I)
# Between the links of an address chain: names, kind words, "of", "under", "the", commas, brackets.
_CHAIN_WORD = (r"(?:[A-Z][\w'’.-]*|(?i:of|under|the|village|villages|town|city|area|district|sub-?district|county|"
               r"municipality|commune|township|tehsil|taluka|block|mandal|locality|neighbou?rhood|ward|quarter|camp|"
               r"police|station|post|circle|subdivision|sub-?division|LGA|woreda|kebele|cercle|department|region|"
               r"zone|sector|governorate|province|state|regency))")
_CHAIN_GAP = re.compile(r"(?:[\s,()]+|" + _CHAIN_WORD + r"\b)*")
_CHAIN_LINK = re.compile(r"\(|\b(?:of|under|village|town|area|district|sub-?district|township|tehsil|taluka|block|"
                         r"police|circle|LGA|woreda|cercle|commune|department|county|municipality|regency|zone)\b", re.I)
_CHAIN_CHARS = 150
_CHAIN_NEAR_KM = 400.0  # a division's neighbour, by the division's point, where the tier has no places
_BESIDE_KM = 40.0  # by the tier's nearest place of the division


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
        if best is None or best.feature == "country" and gazetteer.demonym(text[start:stop]) is not None:
            return None  # "in Jericho, Israeli forces shot ...": a demonym names people, no area
        comma = text[end:start].strip() == ","
        unit_of = _UNIT_OF.fullmatch(text, end, start) and not _THE_BEFORE.search(text, max(0, end - 60), end)
        if not (_CONTAINED.fullmatch(text, end, start) or unit_of
                or (_OF.fullmatch(text, end, start) and _DIVISION_AFTER.match(text, stop))):
            return None
        if comma and _listed(text, stop, spans, index + 1, best, spans[index - 1] if index else None):
            return None  # "Aleppo, Idlib and Hama": a list, not a place and its province
        if name_goes_on(text, stop):
            return None  # "New Brighton (Nelson Mandela Bay, ...)": no town called Nelson
        area = _as_area(text, start, stop, places, best, gazetteer)
        if area is None:
            return None
        code = area.admin1 if area.feature != "country" and area.admin1 else area.country
        return Area(code, area, index, comma) if code else None

    return after


def _listed(text: str, end: int, spans: Sequence[tuple[int, int, Sequence[Place], Place | None]], following: int,
            best: Place, first: tuple[int, int, Sequence[Place], Place | None] | None) -> bool:
    """True when the name ending at ``end`` (read as ``best``; ``first`` the span of the name
    before it) is an item of a list ("Aleppo, Idlib and Hama"): a comma or "and" and a
    capitalised word follow it, and no division word. Not when what follows is the country
    that holds it ("Tur, North Darfur, Sudan": an address), unless the name before is a
    notable place of that country with no reading there ("Kano, Kaduna, Nigeria and Accra");
    nor when, after "the", no place follows at all ("Sao Goncalo, Rio de Janeiro, the Military
    Police")."""
    found = _LIST_AFTER.match(text, end)
    if found is None or _DIVISION_AFTER.match(text, end):
        return False
    name_at = found.end() - 1
    nxt = spans[following] if following < len(spans) else None
    if nxt is None or nxt[0] != name_at:
        return not found.group(1)
    if nxt[3] is None or nxt[3].feature != "country" or nxt[3].country != best.country or text[end:name_at].strip() != ",":
        return True
    if first is None or first[3] is None or not notable(first[3]) or first[3].country != best.country:
        return False
    return not (best.admin1 and any(p.admin1 == best.admin1 for p in first[2]))


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
    for index, area in list(found.items()):
        twin = _twin_province(text, spans[index], spans[area.index], area)
        if twin is not None:
            found[index] = twin
    return found


def _twin_province(text: str, span: tuple[int, int, Sequence[Place], Place | None],
                   container: tuple[int, int, Sequence[Place], Place | None], area: Area) -> Area | None:
    """"San Juan (San Juan)": a name repeated alone in brackets is the province of that name, which
    holds the town (ACLED's "location (admin1)"), not another reading of the same name (San Juan,
    Puerto Rico); the province of the biggest town of the first name that such a province holds,
    or None."""
    start, end, places, _ = span
    first, last, candidates, _ = container
    if not (re.fullmatch(r"\s*\(\s*", text[end:first]) and text[last:last + 1] == ")"
            and name_key(text[start:end]) == name_key(text[first:last])):
        return None
    provinces = {p.admin1: p for p in candidates if p.feature == "province" and p.admin1}
    towns = sorted((p for p in places if p.feature == "town" and p.admin1 in provinces), key=lambda p: -p.population)
    if not towns or towns[0].admin1 == area.code:
        return None
    return replace(area, code=towns[0].admin1, place=provinces[towns[0].admin1])


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
    as its capital) holding one of the first name's readings; else None. A name the main index
    lacks is read in the local tier, exactly or by an alternate name: "Ghorband district,
    Parwan" is in the Parwan of GeoNames' AF.40, not Natural Earth's other Parwan (Panjshir's
    old name)."""
    start, end, places, _ = span
    if not places and gazetteer.villages is not None:  # a village only the local tier holds ("Ghorband district")
        places = [f.place for f in gazetteer.villages.find(text[start:end]) if f.match in ("exact", "alternate")]
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
    return best_match(found)


def best_match(found: Sequence[Found]) -> tuple[list[Place], str]:
    if not found:
        return [], ""
    match = found[0].match
    return [f.place for f in found if f.match == match], match


def _next_to(place: Place, area: Area, gazetteer: Gazetteer) -> bool:
    """True when ``place`` lies by ``area``: within 40 km of one of the local tier's places
    there, or (where the tier holds none) within 400 km of the area's point."""
    villages = gazetteer.villages
    km = villages.km_to_area(place.lat, place.lon, area.code) if villages is not None else None
    if km is not None:
        return km <= _BESIDE_KM
    return float(geodesic_m(place.lon, place.lat, area.place.lon, area.place.lat)) <= _CHAIN_NEAR_KM * 1000


def chain_areas(text: str, raw: list, first_pass: list, readings: list[Place | None], areas: dict[int, Area],
             as_area: dict[int, Place], gazetteer: Gazetteer) -> tuple[dict[int, Area], set[int]]:
    """The areas address chains give mentions whose readings lie outside them (``chained_areas``): "Lalpur village of Bhagabanpur area (East Midnapore district, West Bengal)"
    is no Lalpur of Gujarat, "Kotwali police area of Nimbahera taluka (Chittorgarh, Rajasthan)"
    no Kotwali of Bangladesh; such a mention lies at the chain's finest known link inside the
    area, else at the area. A notable place by its own name keeps its reading, as does a
    place by its own name by the division, in the same country (``_next_to``: the text's
    division may be a neighbour's, "near Buni Yadi (Gujiba LGA, Borno)", Buni Yadi lying in Yobe).
    The start of a longer name read outside the chain's area ("Nelson" of "New Brighton (Nelson
    Mandela Bay, Eastern Cape)" as Nelson, Georgia) names no place: its number is in the second
    set, of mentions to leave out."""
    divisions = {index: Area(best.admin1 if best.feature == "province" else best.country, best, index)
                 for index, (best, (m, *_)) in enumerate(zip(readings, raw)) if best is not None and not m.demonym
                 and (best.feature == "country" or best.feature == "province" and best.admin1)}
    moved: dict[int, Area] = {}
    partial: set[int] = set()
    for index, area in chained_areas(text, [(m.start, m.end) for m, *_ in raw], areas, divisions).items():
        mention, _, loose, _ = raw[index]
        best = first_pass[index][0] if first_pass[index] is not None else None
        if best is None or mention.demonym or index in as_area or in_area(best, area.code):
            continue
        if name_goes_on(text, mention.end):
            partial.add(index)
            continue
        own = not loose and by_own_name(best, mention.text)
        if not (own and (notable(best) or best.country == area.place.country and _next_to(best, area, gazetteer))):
            # at the finest known link of the chain inside the area: "Marabba village under Kutum
            # locality (North Darfur state)" lies at Kutum as far as the text says
            finer = next((k for k in range(index + 1, area.index) if readings[k] is not None and not raw[k][0].demonym
                          and readings[k].feature in ("town", "district") and in_area(readings[k], area.code)), None)
            moved[index] = area if finer is None else replace(area, place=readings[finer], index=finer)
    return moved, partial


def placed_area(area: Area, placed_in: dict[int, tuple[list[Place], bool]]) -> Area:
    """``area`` read where the text places the container itself: in "Bayt Maghari (Hays, Al
    Hudaydah)" the area of Bayt Maghari is Hays in Al Hudaydah, not the Hays read alone (Kansas)."""
    found = placed_in.get(area.index)
    if not found or not found[0] or any(p.id == area.place.id for p in found[0]):
        return area
    if len({(p.country, p.admin1) for p in found[0]}) != 1:
        return area  # placed, but not in one division
    place = found[0][0]
    if place.feature == "country":
        return replace(area, code=place.country, place=place)
    return replace(area, code=place.admin1 or place.country, place=place) if place.admin1 or place.country else area


def with_province(surface: str, places: list[Place], gazetteer: Gazetteer) -> list[Place]:
    """``places`` with the province whose capital is among them and whose name is spelled
    like ``surface`` (``capital_province``: "Hasakeh province")."""
    if any(p.feature == "province" for p in places):
        return places
    extra = [province for p in places for province in [capital_province(surface, p, gazetteer)] if province]
    return places + extra[:1]


def readings_in_area(said: str, places: list[Place], loose: bool, area: Area, gazetteer: Gazetteer,
                     focus: list[str]) -> tuple[list[Place], bool]:
    """The candidates of a name (``said``) once the text says where it lies ("Nayrab in Idleb"): its
    readings in the area; else, for the name of a country or province ("the Republic of
    Armenia in the Holy See"), or the own name of a notable place before a comma (a list:
    "Aleppo, Idlib and Hama"), its readings as they are; else the local tier's exact, alternate, variant or near spellings in the area;
    else, when the area is a town outside the document's countries (``focus``) and of another
    country than all the name's own places, those; else the area
    itself ("the village of X in Y province", X in no gazetteer)."""
    own = [p for p in places if in_area(p, area.code)]
    if own:  # a place does not lie in itself: "San Juan (San Juan)" is the town in the province
        return [p for p in own if p.id != area.place.id] or own, loose
    key = name_key(said)
    if not loose and any(p.feature in ("country", "province", "region", "water")
                         or (area.comma and notable(p) and place_key(p.name.split(",")[0]) == key)
                         for p in places):
        return places, loose
    found, how = inside(said, [], area.code, gazetteer)
    if found:
        return found, how in ("variant", "fuzzy")
    if (places and area.place.feature in ("town", "district", "site") and area.place.country not in focus
            and all(p.country != area.place.country for p in places)):
        return places, loose  # a town read outside the document's countries ("the Aley town of ..." as Aléy, Niger)
    return [area.place], False
