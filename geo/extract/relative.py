"""Extraction, relative locations: places a report gives as a distance and bearing from a
named place ("12 km south-east of Dabiq", "about 20 miles northeast of Mosul") or as the
middle of a road between two ("on the road between Aleppo and Raqqa"); the document's
offsets layer.

Owns ``Offset`` and the offsets layer (``mark_offsets``, after the mentions: it reads only
the mentions layer and the few words right before each mention), ``anchored`` (the offset
a mention is the anchor of) and ``as_mention`` (an offset as a ``places.Mention`` a record
can be drawn at). The derived point is measured on the WGS 84 ellipsoid
(``geo.analysis.distances``), in metres.

Kinds of ``Offset``:

* ``offset``: a number, a unit (m, metres, km, kilometres, mi, miles; "12km", "12-km"), a
  compass point of the 16 ("north", "north-east", "northeast", "north east", "NE",
  "north-northeast", "NNE" ...), optionally "to the", then "of" and the anchor, which must
  start right after that "of ". Numbers are digits ("12", "2.5", "1,500") or the words
  "a"/"an" and one to twenty; "a few kilometres" states no distance and gives no offset.
  A word of approximation before the number ("about", "some", "nearly" ...) is part of the
  phrase. The point is ``geodesic_destination(anchor, azimuth, distance)``.
* ``between``: "the road (highway, route) between A and B", "halfway (midway) between A and
  B": the geodesic midpoint of A and B, when they are at most ``MAX_BETWEEN_M`` apart (the
  middle of a longer road says little). ``azimuth`` and ``distance_m`` are then those from
  A to the midpoint.

An anchor is a mention a record could be drawn at (resolved, not a demonym, not a metonym)
located to a town, a site or a district (``ANCHOR_FEATURES``): a distance from a province,
a region, a country or a sea is measured from its edge, which we do not have, so it gives
no offset.
* ``border``: "near (along, on, at) the border with Turkey", "near the Turkish border", "near
  Turkey's border": the middle of the longest stretch of the land border between that country
  (the anchor) and the country of the scene: the sentence's nearest other place's, else the one
  the report's places name most (``geo.gazetteer.borders``). A coarse point, on hundreds of
  kilometres of border; the records drawn there say so by their precision ``border``. A
  sentence that names a town as well is drawn at the town (events rank a town first).

In: a document with its mentions layer set. Out: the same document with its offsets layer
set (sorted by ``start``, the start of the phrase).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..analysis.distances import geodesic_azimuth, geodesic_destination, geodesic_m, geodesic_midpoint
from ..gazetteer.borders import border_point
from .places import Mention

if TYPE_CHECKING:
    from .document import Document

__all__ = ["Offset", "ANCHOR_FEATURES", "MAX_BETWEEN_M", "COMPASS", "mark_offsets", "anchored", "as_mention",
           "parse_offset", "azimuth_of", "metres_of"]

ANCHOR_FEATURES = frozenset({"town", "site", "district"})
MAX_BETWEEN_M = 200_000.0
# The 16 points of the compass, by their initials ("nne" for north-northeast), in degrees from north.
COMPASS = {key: index * 22.5 for index, key in enumerate(
    ("n", "nne", "ne", "ene", "e", "ese", "se", "sse", "s", "ssw", "sw", "wsw", "w", "wnw", "nw", "nnw"))}
_ABBREVIATIONS = {degrees: key.upper() for key, degrees in COMPASS.items()}
_METRES = {"m": 1.0, "km": 1000.0, "mi": 1609.344}  # the international mile
_NUMBER_WORDS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split()) if value} | {"a": 1, "an": 1}
_WORDS = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_POINT = r"(?:north|south|east|west)"
_UNIT = r"kilomet(?:re|er)s?|kms?|miles?|mi|met(?:re|er)s?|m"
_OFFSET = re.compile(
    r"(?:\b(?:about|around|some|roughly|nearly|approximately|almost|just|only|barely|less than|more than|over|under)\s+)?"
    r"(?<![\w.,])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:" + _WORDS + r"))"
    r"\s*-?\s*(?P<unit>" + _UNIT + r")\b\.?"
    r"(?:\s*\([^()]{1,30}\))?"  # "20 km (12 miles) north of"
    r"\s+(?:to\s+the\s+)?(?:due\s+|directly\s+)?"
    r"(?P<bearing>" + _POINT + r"(?:[- ]?" + _POINT + r"){0,2}|(?-i:[NSEW]{1,3}))"
    r"\s+of\s+$", re.I)
_BETWEEN = re.compile(r"\b(?:(?:the\s+)?(?:main\s+|old\s+|new\s+)?(?:road|highway|motorway|route)|halfway|half-way|midway)"
                      r"\s+between\s+$", re.I)
_AND = re.compile(r"\s+and\s+")
_OFFSET_LOOKBACK = 100  # characters before an anchor that a distance and bearing may take
# "near the border with Turkey", "along the Syrian border with Iraq"; "near the Turkish border", "near Turkey's border"
_BORDER_WITH = re.compile(r"\b(?:near|along|on|at|close to|by|across|towards?|from|to)\s+(?:the\s+)?(?:\w+\s+){0,2}?"
                          r"(?:border|frontier)\s+with\s+(?:the\s+)?$", re.I)
_BORDER_OF = re.compile(r"(?:['’]s)?\s+(?:border|frontier)\b(?!\s+(?:guards?|police|force|forces|crossings?\s+of))", re.I)
_NEAR = re.compile(r"\b(?:near|along|on|at|close to|by|across|towards?|from|to)\s+(?:the\s+)?$", re.I)
_BORDER_LOOKBACK = 60
_BETWEEN_LOOKBACK = 40
# How far before an anchor its offset phrase may start (a "between" phrase before its first anchor
# and the first anchor's name and " and "): ``anchored`` looks this far back.
_ANCHORED_LOOKBACK = 400


@dataclass(frozen=True, slots=True)
class Offset:
    """A place given relative to a named one. ``start``-``end`` is the whole phrase ("12 km
    south-east of Dabiq"), ``anchor_start`` where the anchor's mention starts (and
    ``other_start`` the second anchor's, for "between"); ``distance_m`` and ``azimuth``
    (degrees from north) lead from the anchor to the derived point (``lat``, ``lon``);
    ``name`` is the label a record shows ("12 km SE of Dabiq"), ``place_id`` its id."""

    start: int
    end: int
    anchor_start: int
    distance_m: float
    azimuth: float
    lat: float
    lon: float
    text: str
    anchor_name: str
    kind: str  # "offset", "between" or "border"
    name: str
    place_id: str
    other_start: int | None = None
    country: str | None = None  # a border's: the scene's side, not the neighbour named


def azimuth_of(bearing: str) -> float | None:
    """Degrees from north of a compass point ("south-east", "SE", "north-northeast"); None
    for a word that is none of the 16 ("north-south")."""
    if bearing.isupper() and len(bearing) <= 3:
        key = bearing.lower()
    else:
        key = "".join(word[0] for word in re.findall(_POINT, bearing.lower()))
    return COMPASS.get(key)


def metres_of(number: str, unit: str) -> tuple[float, str]:
    """A stated distance in metres, and its unit's short form: ("12", "km") -> (12000.0, "km")."""
    word = _NUMBER_WORDS.get(number.lower())
    value = float(word) if word is not None else float(number.replace(",", ""))
    short = unit.lower()
    short = "km" if short.startswith("k") else "mi" if short.startswith("mi") else "m"
    return value * _METRES[short], short


def parse_offset(before: str) -> tuple[int, float, float, str] | None:
    """A distance and bearing ending ``before`` with "of " (the text right before an anchor):
    (where the phrase starts in ``before``, metres, azimuth, the distance as stated with a
    short unit, "12 km"); None when ``before`` ends with none."""
    match = _OFFSET.search(before)
    if match is None:
        return None
    azimuth = azimuth_of(match.group("bearing"))
    if azimuth is None:
        return None
    metres, unit = metres_of(match.group("number"), match.group("unit"))
    if metres <= 0:
        return None
    number = match.group("number")
    stated = f"{_NUMBER_WORDS.get(number.lower(), number)} {unit}"
    return match.start(), metres, azimuth, stated


def _anchor(mention: Mention) -> bool:
    """True when a mention can anchor an offset: a place a record could be drawn at, with a point."""
    return (mention.resolved and not mention.demonym and not mention.metonymic
            and mention.feature in ANCHOR_FEATURES)


def _offset(doc: Document, floor: int, anchor: Mention) -> Offset | None:
    """The distance and bearing right before ``anchor`` (not before ``floor``), if any."""
    lo = max(floor, anchor.start - _OFFSET_LOOKBACK)
    found = parse_offset(doc.text[lo:anchor.start])
    if found is None:
        return None
    at, metres, azimuth, stated = found
    lon, lat = geodesic_destination(anchor.lon, anchor.lat, azimuth, metres)
    name = f"{stated} {_ABBREVIATIONS[azimuth]} of {anchor.name}"
    place_id = f"offset:{anchor.place_id}:{azimuth:g}:{round(metres)}"
    return Offset(lo + at, anchor.end, anchor.start, metres, azimuth, lat, lon, doc.text[lo + at:anchor.end],
                  anchor.name or anchor.text, "offset", name, place_id)


def _between(doc: Document, floor: int, first: Mention, second: Mention) -> Offset | None:
    """The middle of "the road between ``first`` and ``second``", if the text says so."""
    lo = max(floor, first.start - _BETWEEN_LOOKBACK)
    match = _BETWEEN.search(doc.text, lo, first.start)
    if match is None or not _AND.fullmatch(doc.text, first.end, second.start):
        return None
    apart = float(geodesic_m(first.lon, first.lat, second.lon, second.lat))
    if apart > MAX_BETWEEN_M:
        return None
    lon, lat = geodesic_midpoint(first.lon, first.lat, second.lon, second.lat)
    azimuth = geodesic_azimuth(first.lon, first.lat, second.lon, second.lat)  # the midpoint lies on it
    name = f"between {first.name} and {second.name}"
    place_id = f"between:{first.place_id}:{second.place_id}"
    return Offset(match.start(), second.end, first.start, apart / 2.0, azimuth, lat, lon,
                  doc.text[match.start():second.end], first.name or first.text, "between", name, place_id,
                  other_start=second.start)


def _scene(doc: Document, floor: int, end: int, neighbour: Mention) -> str | None:
    """The country a border phrase is seen from: that of the sentence's nearest other place
    (floor-end), else of its nearest demonym, else the one the report's places (then its
    demonyms) name most; never the neighbour's."""
    for demonyms in (False, True):  # places first, then adjectives ("Syrian jets struck ... near the border")
        others = [m for m in doc.between("mentions", floor, end) if m.resolved and m.demonym == demonyms
                  and m.country and m.country != neighbour.country]
        if others:
            return min(others, key=lambda m: abs(m.start - neighbour.start)).country
    for demonyms in (False, True):
        counts = Counter(m.country for m in doc.mentions
                         if m.resolved and m.demonym == demonyms and m.country and m.country != neighbour.country)
        if counts:
            return counts.most_common(1)[0][0]
    return None


def _border(doc: Document, floor: int, end: int, anchor: Mention) -> Offset | None:
    """A point on the border "near the border with Turkey" or "near the Turkish border" means,
    between the neighbour named (``anchor``, a country) and the country of the scene (``_scene``)."""
    text = doc.text
    before = _BORDER_WITH.search(text, max(floor, anchor.start - _BORDER_LOOKBACK), anchor.start)
    after = _BORDER_OF.match(text, anchor.end) if before is None else None
    if before is None and (after is None or not _NEAR.search(text, max(floor, anchor.start - 30), anchor.start)):
        return None
    scene = _scene(doc, floor, end, anchor)
    point = border_point(scene, anchor.country) if scene else None
    if point is None:
        return None
    start, stop = (before.start(), anchor.end) if before is not None else (anchor.start, after.end())
    name = f"border of {anchor.name} and {scene}"
    return Offset(start, stop, anchor.start, 0.0, 0.0, point[0], point[1], text[start:stop], anchor.name or anchor.text,
                  "border", name, f"border:{scene}:{anchor.country}", country=scene)


def mark_offsets(doc: Document) -> Document:
    """The offsets layer: each distance and bearing "of" an anchor mention, each road
    between two anchor mentions, and each border with a country named, within one sentence."""
    text, mentions = doc.text, doc.mentions
    starts = [start for start, _ in doc.sentences]
    found: list[Offset] = []
    for index, mention in enumerate(mentions):
        if mention.resolved and mention.feature == "country" and not mention.metonymic:
            sentence = bisect.bisect_right(starts, mention.start) - 1
            floor, end = doc.sentences[sentence] if sentence >= 0 else (0, len(text))
            offset = _border(doc, floor, end, mention)
            if offset is not None:
                found.append(offset)
            continue
        if not _anchor(mention):
            continue
        sentence = bisect.bisect_right(starts, mention.start) - 1
        floor, end = doc.sentences[sentence] if sentence >= 0 else (0, len(text))
        if text[max(floor, mention.start - 4):mention.start].rstrip().lower().endswith("of"):
            offset = _offset(doc, floor, mention)
            if offset is not None:
                found.append(offset)
                continue
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if following is not None and following.start < end and _anchor(following) \
                and text[max(floor, mention.start - 9):mention.start].rstrip().lower().endswith("between"):
            offset = _between(doc, floor, mention, following)
            if offset is not None:
                found.append(offset)
    doc.set_layer("offsets", found)
    return doc


def anchored(doc: Document, mention: Mention) -> Offset | None:
    """The offset of the offsets layer whose anchor (or second anchor) is ``mention``, if any."""
    for offset in doc.between("offsets", max(0, mention.start - _ANCHORED_LOOKBACK), mention.start + 1):
        if mention.start in (offset.anchor_start, offset.other_start):
            return offset
    return None


def as_mention(offset: Offset, anchor: Mention) -> Mention:
    """An offset as a place mention a record can be drawn at: its phrase's span and text, the
    derived point, feature ``offset.kind`` ("offset", "between" or "border"), and the anchor's country,
    first-level division and confidence; ``context`` names the anchor."""
    return Mention(offset.start, offset.end, offset.text, name=offset.name, lat=offset.lat, lon=offset.lon,
                   feature=offset.kind, country=offset.country or anchor.country, place_id=offset.place_id,
                   confidence=anchor.confidence, admin1="" if offset.country else anchor.admin1, context=anchor.name)
