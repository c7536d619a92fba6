"""Reported distances, extracted and checked against the data.

A claim is a distance the report states between two things it names, of one of these
pairs (``extract_claims``, from the report's ``Document``: its distance cues, actors,
place mentions, offsets and records, and only the few words right before and after each
distance, as ``geo.extract.relative`` reads the words before a mention):

* an **actor's positions and an event**: "The nearest Islamic State fighters are 55
  kilometers, or about 34 miles away, from the airstrikes" (the strike records the
  sentence points back at, "the airstrikes", however far back in the report); "IS fighters
  are 40 km away" right after a strike (an event of this sentence or of the two before:
  the immediate context); "Jets struck Saraqeb, 20 km from the nearest rebel positions"
  (the strike of the sentence, at the place the distance follows). Measured from the event
  to the nearest position of the actor;
* an **actor's positions and a place**: "Houthi fighters are 30 km from Marib": from the
  place to the actor's nearest position;
* **two places**: "Homs is 160 km from Damascus", "Saraqeb, 50 km from Aleppo": the
  geodesic between the two resolved places. Both must be located to a town, a site or a
  district (``relative.ANCHOR_FEATURES``): a distance from a province, a country or a
  sea is measured from its edge, which we do not have.

The actor (or place) is the subject of the distance ("<actor> fighters are", "<place>
is", "<place>, some"), the other end follows it ("away", "from <...>"). A distance with
no such two ends is no claim. Neither are:

* a **placement**: a distance with a compass bearing or "off the coast", "14 km north of
  Manbij", "Al-Tukhar lies 14 km north of Manbij", "the village of X, 12 km south-east of
  Y" (the offsets layer of ``geo.extract.relative`` draws such a place where the bearing
  puts it: a placement cue, not a claim). A place-to-place *statement* of where a place
  lies is such a cue; a bare distance between two places the report names otherwise
  cannot place anything (a ring, not a point) and is checked as a claim instead;
* a **measure of one thing**: a weapon's range ("a range of 400 km", "a 400-km-range
  missile", "up to 300 km away"), a length ("a convoy stretching 5 km", "a 1,000-km front
  line"), a journey ("marched 50 km", "travelled 300 miles"), an advance ("pushed 10 km
  into"), an area, a speed ("100 km/h"), an altitude ("350 km above the Earth"), a depth
  ("10 km deep"), a zone or buffer ("no flights within 30 km", "a 30 km safe zone"); but "<actor>
  are within 20 km of <place>" is a claim, a bound ("less than 20 km").

``check_claims`` measures the same distance in our data, in metres on the WGS 84
ellipsoid or in a metric projection (``geo.analysis.distances``, never degrees) — to the
nearest position of the actor (to the edge for polygons, 0 inside) or between the two
places — and gives a verdict:

* ``consistent`` when the two differ by no more than the tolerance: 10 % of
  the claim plus the location uncertainty of both ends (``UNCERTAINTY_KM``:
  2 km for a site, 10 km for a town ... 200 km for a country); a bound ("more
  than 60 km", "less than 20 km": ``Claim.bound``) is consistent with any
  distance on its side of it, give or take the tolerance;
* ``not consistent`` otherwise;
* ``cannot check`` when the event or any position of the actor is missing.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import shapely

from ..analysis.distances import geodesic_m, nearest_positions
from ..frame import CLAIM_COLUMNS, Record, Source
from .relative import ANCHOR_FEATURES

if TYPE_CHECKING:
    from .actors import ActorMention
    from .cues import Cue
    from .document import Document
    from .places import Mention

__all__ = ["Claim", "Spot", "UNCERTAINTY_KM", "extract_claims", "check_claims", "CLAIM_COLUMNS"]

UNCERTAINTY_KM = {"area": 5.0, "site": 2.0, "water": 10.0, "town": 10.0, "district": 25.0, "province": 50.0,
                  "region": 150.0, "country": 200.0,
                  # "12 km south-east of Dabiq" (geo.extract.relative): the stated distance is usually
                  # rounded (to 5 or 10 km past a few km) and the bearing is one of 8 or 16 points
                  # (22.5 degrees is 4 km sideways at 10 km out), measured from the anchor's centre.
                  "offset": 5.0,
                  # "the road between Aleppo and Raqqa": the midpoint of the two places (at most 200 km
                  # apart), where the event may lie anywhere along the road: up to half the length off.
                  "between": 75.0,
                  # "near the border with Turkey": the middle of hundreds of km of border
                  "border": 150.0,
                  # a sentence that names no place, put at the report's area (events.report_area)
                  "report": 200.0}
# What "from the strikes" points back at: the event records whose event or sub-event type holds
# one of the words (ACLED's "Explosions/Remote violence" / "Air/drone strike" for "the strikes");
# a protest or a riot is never what a distance is measured from.
_VIOLENT = ("strike", "attack", "shell", "battle", "clash", "explosi", "bomb", "violence", "shoot", "casualty",
            "raid", "artillery", "missile", "drone", "grenade")
_NOT_MEASURED_FROM = ("protest", "riot")
_REFERS = {"strike": ("strike",), "bomb": ("strike", "bomb", "explosi"), "raid": ("strike", "raid"),
           "shelling": ("shell", "artillery"), "attack": _VIOLENT}
_NOT_EVENTS = ("front", "border", "city", "town", "base")  # "from the front line": no record to measure from
_MILE_KM = 1.609344
_CONTEXT_SENTENCES = 2  # "... 55 km away" measures from an event of its sentence or of the two before
_NOT_ACTORS = frozenset({"civilians", "protesters", "rioters", "ambiguous"})
_WORD = r"[\w'’-]+"
# A number and unit that measure one thing (a reach, a length, a journey, an area, a speed,
# a height, a depth, a zone): a word right before it, at most three words between ...
_MEASURE_BEFORE = re.compile(
    r"\b(?:range|ranges|reach|reaches|reached|radius|length|lengths|long|width|wide|altitude|height|depth|deep|area|"
    r"perimeter|within|up to|as far as|covering|covers?|covered|span|spans|spanning|spanned|stretch|stretches|"
    r"stretched|stretching|extends?|extended|extending|travel(?:l)?(?:ed|ing|s)?|march|marched|marching|walk|walked|"
    r"walking|drive|drove|driven|driving|flew|flown|flying|flight|sail|sailed|sailing|trek|trekked|hike|hiked|"
    r"cycled|ran|run|running|journey|journeyed|trip|advance|advanced|advancing|advances|push|pushed|pushing|"
    r"penetrated|moved|fled|square|sq|speed|speeds|rate|orbit|orbiting|orbits)"
    r"(?:\s+" + _WORD + r"){0,3}\s+$", re.I)
# ... or after it: "long", "400-km-range", "a 30 km safe zone", "100 km/h", "350 km above".
_MEASURE_AFTER = re.compile(
    r"[\s-]*(?:(?!from\b|away\b|of\b|to\b)" + _WORD + r"[\s-]+){0,2}?"
    r"(?:long|wide|deep|high|tall|in (?:length|width|depth|diameter|radius)|across|above|below|beneath|underground|"
    r"overhead|range|radius|zone|zones|buffer|belt|corridor|strip|perimeter|cordon|front|frontline|front-line|"
    r"stretch|convoy|column|march|journey|trip|drive|walk|flight|route|road|highway|motorway|railway|pipeline|"
    r"wall|fence|tunnel|trench|coastline|border|per|an hour|a day|a week|/|square|sq|inland|into|"
    r"altitude|depth|radius|swath|area|track)(?![\w-])", re.I)
# A placement, not a claim: a compass point or "off the coast" after the distance.
_PLACEMENT = re.compile(
    r"\s*(?:\([^()]{1,30}\)\s*)?(?:away\s+)?(?:to\s+the\s+)?(?:due\s+|directly\s+)?"
    r"(?:(?:north|south|east|west)|(?-i:[NSEW]{1,3})\b|off\b|outside\b|upstream\b|downstream\b|up\s+the\b|"
    r"down\s+the\b|along\b)", re.I)
# The other end, after the distance: "away", "away from", "from".
_AFTER = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?(?P<away>away|distant)?\s*,?\s*(?P<from>from\s+)?", re.I)
_PHRASE_END = re.compile(r"[,.;:()\"“”]|\s(?:and|but|where|while|which|who|after|before|when|as)\s")
_PHRASE_REACH = 60  # how far after "from" the other end may be named
# The subject, before the distance: "<subject> are (only) ", "<subject>, who are some ", "<place>, ".
_HEDGE = r"(?:(?:now|still|only|just|about|some|roughly|around|nearly|approximately|almost|barely|less than|" \
         r"more than|at least|over|under|an estimated)\s+){0,3}"
_COPULA = re.compile(
    r"(?:,?\s*(?:who|which|that)\s+)?\s(?:is|are|was|were|lies|lie|lay|remains?|remained|stands?|stood|sits?|"
    r"(?:is|are|was|were|remain|remains|remained)\s+(?:now\s+|still\s+)?(?:located|situated|positioned|"
    r"stationed|deployed|based|massed|entrenched|dug in|holed up|camped))\s+" + _HEDGE + r"$", re.I)
_APPOSITION = re.compile(r"\s*,?\s*" + _HEDGE + r"$", re.I)
_SUBJECT_GAP = re.compile(r"(?:['’]s)?(?:\s+" + _WORD + r"){0,2}?\s*")  # "Islamic State| fighters| are"
_LOOKBACK = 120  # characters before a distance its subject may take
# "more than 60 km", "less than 20 km": a bound, not a figure (a bare "within 20 km" is a zone: no claim).
# "RSF fighters are within 20 km of El Obeid", "troops came within 5 miles of": a bound on where
# the subject is ("less than 20 km"), not a zone ("no flights within 30 km of the border").
_WITHIN = re.compile(r"\b(?:is|are|was|were|came|come|comes|got|get|now|already|still)\s+(?:now\s+|already\s+|"
                     r"just\s+|reportedly\s+)?within\s+$", re.I)
_OF = re.compile(r"\s*(?P<from>of\s+)", re.I)
_BOUND = re.compile(r"\b(?:(?P<least>more than|over|at least|beyond|upwards of)|"
                    r"(?P<most>less than|under|no more than|at most|fewer than))\s+$", re.I)
_BOUND_REACH = 16


@dataclass(frozen=True)
class Spot:
    """A named place a claim measures from or to (a resolved place mention)."""

    name: str
    place_id: str | None
    lat: float
    lon: float
    geo_precision: str
    country: str | None
    confidence: float


@dataclass
class Claim:
    report: str
    quote: str
    start: int
    end: int
    value_km: float
    text: str  # "55 kilometers, or about 34 miles"
    to_actor: str | None  # the actor whose nearest position is meant; None for two places
    from_event: tuple[str, int] | None  # (report, sentence start) of the event measured from
    source: Source
    from_place: Spot | None = None  # the place measured from, when no event is
    to_place: Spot | None = None  # the other place, for a distance between two places
    bound: str | None = None  # "at least" ("more than 60 km") or "at most" ("less than 20 km")


def _to_km(value: str, unit: str) -> float:
    """A stated number in km: "1,500" is fifteen hundred (a comma before three digits
    groups thousands), "2,5" two and a half."""
    whole, _, rest = value.partition(",")
    number = float(whole + rest) if len(rest) == 3 else float(value.replace(",", "."))
    return number * _MILE_KM if unit.lower().startswith("mi") else number


def _spot(mention: Mention) -> Spot | None:
    """A place mention a claim can measure from: resolved to a town, a site or a district."""
    if not mention.resolved or mention.demonym or mention.metonymic or mention.feature not in ANCHOR_FEATURES:
        return None
    return Spot(mention.name or mention.text, mention.place_id, mention.lat, mention.lon, mention.feature,
                mention.country, mention.confidence)


def _actor(mention: ActorMention) -> str | None:
    return None if mention.actor.kind in _NOT_ACTORS else mention.actor.name


def _not_places(actors: tuple, mentions: tuple) -> list:
    """The actor mentions that are not a place named alone: "from Damascus" is the city, not
    the government it stands for elsewhere; "from Damascus's forces" would be the government."""
    spans = {(m.start, m.end) for m in mentions if _spot(m) is not None}
    return [a for a in actors if (a.start, a.end) not in spans]


def _measures_one_thing(text: str, floor: int, distance: Cue, end: int) -> bool:
    """True when the distance is a size, speed, reach, journey or zone, or a placement; "RSF
    fighters are within 20 km of El Obeid" is no zone but a bound (``_WITHIN``)."""
    before = max(floor, distance.start - _LOOKBACK)
    zone = _MEASURE_BEFORE.search(text, before, distance.start) and not _WITHIN.search(text, before, distance.start)
    return bool(zone or _MEASURE_AFTER.match(text, distance.end, end) or _PLACEMENT.match(text, distance.end, end))


def _subject(doc: Document, floor: int, distance: Cue) -> tuple[str, object] | None:
    """What the distance is said of, right before it: ("actor", name) for "IS fighters are",
    ("place", Spot) for "Homs is" or "Saraqeb, some", ("event", cue) for "The strikes were"."""
    text, lo = doc.text, max(floor, distance.start - _LOOKBACK)
    verb = _COPULA.search(text, lo, distance.start) or _WITHIN.search(text, lo, distance.start)
    stop = verb.start() if verb else _APPOSITION.search(text, lo, distance.start).start()
    places = doc.between("mentions", lo, stop)
    named = [(m.end, "actor", _actor(m)) for m in _not_places(doc.between("actors", lo, stop), places)]
    named += [(m.end, "place", _spot(m)) for m in places]
    named += [(c.end, "event", c) for c in doc.between("cues", lo, stop) if c.kind == "definite"]
    named = [found for found in named if found[2] is not None]
    if not named:
        return None
    at, kind, value = max(named, key=lambda found: found[0])
    gap = _SUBJECT_GAP.fullmatch(text, at, stop) if verb else _APPOSITION.fullmatch(text, at, distance.start)
    return (kind, value) if gap else None


def _other_end(doc: Document, distance: Cue, end: int) -> tuple[str, object] | None:
    """What the distance is measured from, right after it: ("away", None) for a bare "55 km
    away"; ("actor", name), ("place", Spot) or ("event", what) for "from <...>"."""
    text = doc.text
    after = _AFTER.match(text, distance.end, end)
    if not after.group("from") and _WITHIN.search(text, max(0, distance.start - _LOOKBACK), distance.start):
        after = _OF.match(text, distance.end, end)  # "are within 20 km of El Obeid"
    if not after or not after.group("from"):
        return ("away", None) if after and after.group("away") else None
    start = after.start("from")
    stop = _PHRASE_END.search(text, after.end(), min(end, after.end() + _PHRASE_REACH))
    stop = stop.start() if stop else min(end, after.end() + _PHRASE_REACH)
    mentions = doc.between("mentions", start, stop)
    actors = [name for name in map(_actor, _not_places(doc.between("actors", start, stop), mentions)) if name]
    if actors:
        return "actor", actors[0]
    places = [spot for spot in map(_spot, mentions) if spot]
    if places:
        return "place", places[0]
    measured = next((c for c in doc.between("cues", start, start + 1) if c.kind == "measured"), None)
    if measured is not None and not any(word in measured.value.lower() for word in _NOT_EVENTS):
        return "event", measured
    return None


def _event_words(cue: Cue | None) -> tuple[str, ...]:
    """The words of event types a phrase ("the airstrikes", "the attack") may point back at."""
    phrase = (cue.value or cue.text).lower() if cue is not None else ""
    return next((types for stem, types in _REFERS.items() if stem in phrase), _VIOLENT)


def _is_event(record: Record, words: tuple[str, ...]) -> bool:
    """True for an event record located finer than a country whose types hold one of ``words``."""
    if record.kind != "event" or record.geo_precision == "country":
        return False
    kind = record.event_type.lower()
    types = f"{kind} {getattr(record, 'sub_event_type', None) or ''}".lower()
    return not any(w in kind for w in _NOT_MEASURED_FROM) and any(w in types for w in words)


class _Events:
    """A report's event records in text order, by the words of their event types."""

    def __init__(self, records: list[Record]):
        self.records = records
        self.by_words: dict[tuple[str, ...], tuple[list[int], list[Record]]] = {}

    def last(self, words: tuple[str, ...], before: int, since: int = 0) -> Record | None:
        """The last event of those types whose sentence starts in [since, before]."""
        if words not in self.by_words:
            events = sorted((r for r in self.records if _is_event(r, words)), key=lambda r: r.sources[0].start)
            self.by_words[words] = ([r.sources[0].start for r in events], events)
        starts, events = self.by_words[words]
        index = bisect.bisect_right(starts, before)
        return events[index - 1] if index and starts[index - 1] >= since else None

    def at(self, spot: Spot, sentence: int) -> Record | None:
        """The event of the sentence starting at ``sentence`` drawn at ``spot``, if any."""
        return next((r for r in self.records if r.kind == "event" and r.sources[0].start == sentence
                     and r.place_id == spot.place_id), None)


def _ends(doc: Document, index: int, distance: Cue, events: _Events
          ) -> tuple[str | None, Record | None, Spot | None, Spot | None] | None:
    """(actor, event, place from, place to) of a distance that names two ends; None otherwise."""
    start, end = doc.sentences[index]
    offsets = doc.between("offsets", max(start, distance.start - _LOOKBACK), distance.start + 1)
    if _measures_one_thing(doc.text, start, distance, end) or any(o.end > distance.start for o in offsets):
        return None  # "14 km north of Manbij" is the offsets layer's: a placement, not a claim
    subject, other = _subject(doc, start, distance), _other_end(doc, distance, end)
    if other is None:
        return None
    kinds = (subject[0] if subject else None, other[0])
    values = {kind: value for kind, value in (subject or (None, None), other)}
    if kinds == ("place", "place"):
        return None, None, subject[1], other[1]
    actor = values.get("actor")
    if actor is None or kinds == ("actor", "actor"):
        return None
    if "place" in values:  # "Houthi fighters are 30 km from Marib", "Jets struck Saraqeb, 20 km from rebels"
        spot = values["place"]
        return actor, events.at(spot, start), spot, None
    if "event" in values:  # "from the airstrikes", "the strikes were": the last such event, however far back
        return actor, events.last(_event_words(values["event"]), distance.start), None, None
    # "IS fighters are 40 km away", "Jets struck Homs ... 40 km from IS": an event of the immediate context
    since = doc.sentences[max(0, index - _CONTEXT_SENTENCES)][0] if kinds[1] == "away" else start
    event = events.last(_VIOLENT, start, since)
    return (actor, event, None, None) if event is not None else None


def extract_claims(doc: Document, records: list[Record]) -> list[Claim]:
    """Distance claims of one report, from its document's sentences and its cues, actors,
    mentions and offsets layers; ``records`` are that report's own records."""
    claims = []
    report = doc.report
    published = report.published.isoformat() if report.published else None
    events = _Events(records)
    for index, (start, end) in enumerate(doc.sentences):
        for distance in doc.in_sentence("cues", index):
            if distance.kind != "distance":
                continue
            ends = _ends(doc, index, distance, events)
            if ends is None:
                continue
            actor, event, from_place, to_place = ends
            sentence = doc.text[start:end]
            source = Source(report.id, report.title, report.outlet, report.url, published, sentence, start, end)
            bound = _BOUND.search(doc.text, max(start, distance.start - _BOUND_REACH), distance.start)
            within = _WITHIN.search(doc.text, max(start, distance.start - _BOUND_REACH), distance.start)
            claims.append(Claim(report.id, sentence, start, end, _to_km(distance.value, distance.unit),
                                distance.text, actor,
                                (event.sources[0].report, event.sources[0].start) if event else None, source,
                                from_place=None if event else from_place, to_place=to_place,
                                bound="at most" if within else bound and (
                                    "at least" if bound.group("least") else "at most")))
    return claims


def _reported(claim: Claim) -> str:
    """The claim as stated: "55 km", "more than 60 km", "less than 20 km"."""
    said = {"at least": "more than ", "at most": "less than "}.get(claim.bound or "", "")
    return f"{said}{claim.value_km:.0f} km"


def _explain(claim: Claim, origin: dict | None, nearest: pd.Series | None, computed: float | None,
             tolerance: float | None, verdict: str) -> str:
    if origin is None:
        return f"Reported {_reported(claim)}, but the events it is measured from could not be located."
    kind = origin.get("sub_event_type") or origin["event_type"]
    what = f"the {kind.lower()} at {origin['place']}" if kind else origin["place"]
    if claim.to_place is not None:
        there = claim.to_place
        return (f"Reported {_reported(claim)} between {origin['place']} and {there.name}; in the data "
                f"({origin['place']} located to a {origin['geo_precision']}, {there.name} to a "
                f"{there.geo_precision}) they are {computed:.0f} km apart: {verdict} (tolerance ±{tolerance:.0f} km).")
    if nearest is None:
        return (f"Reported {_reported(claim)} from {what}, but the data holds no position of "
                f"{claim.to_actor} to measure to.")
    source = ", ".join(sorted({s["report"] for s in (nearest["sources"] or [])})) or "a positions file"
    return (f"Reported {_reported(claim)}; the nearest {claim.to_actor} position in the data ({nearest['place']}, "
            f"located to a {nearest['geo_precision']}, from {source}) is {computed:.0f} km from {what}: {verdict} "
            f"(tolerance ±{tolerance:.0f} km).")


_ORIGIN_FIELDS = ("actor", "event_type", "sub_event_type", "event_date", "date_precision", "place", "place_id", "geo_precision",
                  "country", "place_confidence", "record_id")


def _origin(claim: Claim, frame: gpd.GeoDataFrame, by_source: dict) -> tuple[dict | None, object]:
    """What a claim measures from, as the fields its row takes and a point: the event record,
    else the named place; (None, None) when neither is located."""
    if claim.from_event is not None:
        index = by_source.get(claim.from_event)
        if index is None:
            return None, None
        event = frame.loc[index]
        return {name: event.get(name) for name in _ORIGIN_FIELDS}, event.geometry
    spot = claim.from_place
    if spot is None:
        return None, None
    fields = dict.fromkeys(_ORIGIN_FIELDS) | {
        "date_precision": "unknown", "place": spot.name, "place_id": spot.place_id, "geo_precision": spot.geo_precision,
        "country": spot.country, "place_confidence": spot.confidence}
    return fields, shapely.Point(spot.lon, spot.lat)


def _tolerance(claim: Claim, *precisions: str | None) -> float:
    return 0.1 * claim.value_km + sum(UNCERTAINTY_KM.get(p, 50.0) for p in precisions)


def _within(claim: Claim, computed: float, tolerance: float) -> bool:
    """True when the distance in the data agrees with the claim, give or take the tolerance."""
    if claim.bound == "at least":
        return computed >= claim.value_km - tolerance
    if claim.bound == "at most":
        return computed <= claim.value_km + tolerance
    return abs(computed - claim.value_km) <= tolerance


def check_claims(claims: list[Claim], frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Claim rows (kind "claim") located at what they measure from (the event, else the
    named place), with the check."""
    by_source = {(s["report"], s["start"]): index for index, sources in frame["sources"].items() for s in sources}
    rows, points, seen = [], [], {}
    all_positions = frame[frame["kind"] == "position"]
    by_actor: dict[str, gpd.GeoDataFrame] = {}  # each actor's positions, selected once
    for claim in claims:
        origin, point = _origin(claim, frame, by_source)
        nearest, computed, tolerance = None, None, None
        if origin is not None and claim.to_place is not None:  # two places: the geodesic between them
            there = claim.to_place
            computed = float(geodesic_m(point.x, point.y, there.lon, there.lat)) / 1000.0
            tolerance = _tolerance(claim, origin["geo_precision"], there.geo_precision)
        elif origin is not None:
            if claim.to_actor not in by_actor:
                by_actor[claim.to_actor] = all_positions[all_positions["actor"] == claim.to_actor]
            positions = by_actor[claim.to_actor]
            if not positions.empty:
                found = nearest_positions(gpd.GeoSeries([point], crs=frame.crs), positions.geometry).iloc[0]
                if found["nearest"] is not None:
                    nearest, computed = positions.loc[found["nearest"]], float(found["distance_km"])
                    tolerance = _tolerance(claim, origin["geo_precision"], nearest["geo_precision"])
        if computed is None:
            verdict = "cannot check"
        else:
            verdict = "consistent" if _within(claim, computed, tolerance) else "not consistent"
        origin_of = (origin or {}).get
        to = claim.to_place.name if claim.to_place is not None else claim.to_actor
        record_id = f"claim-{claim.report}-{claim.start}"
        seen[record_id] = seen.get(record_id, 0) + 1  # two claims of one sentence: "-2" for the second
        record_id += f"-{seen[record_id]}" if seen[record_id] > 1 else ""
        rows.append({
            "record_id": record_id, "kind": "claim", "event_type": "distance claim",
            "actor": None if claim.to_place is not None else claim.to_actor, "actor2": origin_of("actor"),
            "event_date": origin_of("event_date"), "date_precision": origin_of("date_precision") or "unknown",
            **{name: origin_of(name) for name in ("place", "place_id", "geo_precision", "country",
                                                   "place_confidence")},
            "corroboration": 1, "sources": [vars(claim.source)],
            "claim_km": round(claim.value_km, 1), "claim_text": claim.text, "claim_to": to,
            "claim_from": origin_of("record_id"),
            "computed_km": None if computed is None else round(computed, 1),
            "tolerance_km": None if tolerance is None else round(tolerance, 1), "verdict": verdict,
            "explanation": _explain(claim, origin, nearest, computed, tolerance, verdict),
            "nearest_position": nearest["record_id"] if nearest is not None else None,
            "nearest_place": nearest["place"] if nearest is not None else (
                claim.to_place.name if claim.to_place is not None else None),
        })
        points.append(point)
    return gpd.GeoDataFrame(rows, geometry=gpd.GeoSeries(points, crs=frame.crs), crs=frame.crs)
