"""Reported distances, extracted and checked against the data.

A claim is a sentence that states a distance between two things the report
names: "The nearest Islamic State fighters are 55 kilometers, or about 34
miles away, from the airstrikes". ``extract_claims`` reads the report's
``Document`` (its sentences, and the distances, what they are measured from and
the actors its cues and actors layers hold) for the value and unit, what it is
measured from (the events the sentence refers back to, "the airstrikes") and to (the actor whose positions are meant, "Islamic State
fighters"). ``check_claims`` measures the same distance in our data — from
the event to the nearest position of that actor, geodesically for points, to
the edge for polygons (0 inside) — and gives a verdict:

* ``consistent`` when the two differ by no more than the tolerance: 10 % of
  the claim plus the location uncertainty of both ends (``UNCERTAINTY_KM``:
  2 km for a site, 10 km for a town ... 200 km for a country);
* ``not consistent`` otherwise;
* ``cannot check`` when the event or any position of the actor is missing.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from ..analysis.distances import nearest_positions
from ..frame import CLAIM_COLUMNS, Record, Source

if TYPE_CHECKING:
    from .document import Document

__all__ = ["Claim", "UNCERTAINTY_KM", "extract_claims", "check_claims", "CLAIM_COLUMNS"]

UNCERTAINTY_KM = {"area": 5.0, "site": 2.0, "water": 10.0, "town": 10.0, "district": 25.0, "province": 50.0,
                  "region": 150.0, "country": 200.0,
                  # "12 km south-east of Dabiq" (geo.extract.relative): the stated distance is usually
                  # rounded (to 5 or 10 km past a few km) and the bearing is one of 8 or 16 points
                  # (22.5 degrees is 4 km sideways at 10 km out), measured from the anchor's centre.
                  "offset": 5.0,
                  # "the road between Aleppo and Raqqa": the midpoint of the two places (at most 200 km
                  # apart), where the event may lie anywhere along the road: up to half the length off.
                  "between": 75.0}
_REFERS = {"strike": ("air strike",), "attack": ("attack/shelling", "air strike"), "bomb": ("air strike",),
           "raid": ("air strike",), "shelling": ("attack/shelling",)}
_MILE_KM = 1.609344


@dataclass
class Claim:
    report: str
    quote: str
    start: int
    end: int
    value_km: float
    text: str  # "55 kilometers, or about 34 miles"
    to_actor: str
    from_event: tuple[str, int] | None  # (report, sentence start) of the event measured from
    source: Source


def _to_km(value: str, unit: str) -> float:
    number = float(value.replace(",", "."))
    return number * _MILE_KM if unit.lower().startswith("mi") else number


def _event_types(phrase: str) -> tuple[str, ...]:
    for stem, types in _REFERS.items():
        if stem in phrase.lower():
            return types
    return ("air strike", "attack/shelling")


def extract_claims(doc: Document, records: list[Record]) -> list[Claim]:
    """Distance claims of one report, from its document's sentences and its cues and actors
    layers; ``records`` are that report's own records."""
    claims = []
    report = doc.report
    published = report.published.isoformat() if report.published else None
    measurable: dict[tuple[str, ...], tuple[list[int], list[Record]]] = {}  # event types -> events by start
    for index, (start, end) in enumerate(doc.sentences):
        cues = doc.in_sentence("cues", index)
        distance = next((c for c in cues if c.kind == "distance"), None)
        if distance is None:
            continue
        named = [a for a in doc.in_sentence("actors", index) if a.actor.kind != "civilians"]
        if not named:
            continue
        measured_from = next((c for c in cues if c.kind == "measured" and c.start >= distance.end), None)
        types = _event_types(measured_from.value) if measured_from else ("air strike", "attack/shelling")
        if types not in measurable:
            events = sorted((r for r in records if r.kind == "event" and r.event_type in types
                             and r.geo_precision != "country"), key=lambda r: r.sources[0].start)
            measurable[types] = ([r.sources[0].start for r in events], events)
        starts, events = measurable[types]
        before = bisect.bisect_left(starts, start)  # the last event of a sentence before this one
        event = events[before - 1] if before else None
        sentence = doc.text[start:end]
        source = Source(report.id, report.title, report.outlet, report.url, published, sentence, start, end)
        claims.append(Claim(report.id, sentence, start, end, _to_km(distance.value, distance.unit),
                            distance.text, named[0].actor.name,
                            (event.sources[0].report, event.sources[0].start) if event else None, source))
    return claims


def _explain(claim: Claim, event: pd.Series | None, nearest: pd.Series | None, computed: float | None,
             tolerance: float | None, verdict: str) -> str:
    if event is None:
        return f"Reported {claim.value_km:.0f} km, but the events it is measured from could not be located."
    if nearest is None:
        return (f"Reported {claim.value_km:.0f} km from the {event['event_type']} at {event['place']}, but the data "
                f"holds no position of {claim.to_actor} to measure to.")
    origin = ", ".join(sorted({s["report"] for s in (nearest["sources"] or [])})) or "a positions file"
    return (f"Reported {claim.value_km:.0f} km; the nearest {claim.to_actor} position in the data ({nearest['place']}, "
            f"located to a {nearest['geo_precision']}, from {origin}) is {computed:.0f} km from the "
            f"{event['event_type']} at {event['place']}: {verdict} (tolerance ±{tolerance:.0f} km).")


def check_claims(claims: list[Claim], frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Claim rows (kind "claim") located at the event they measure from, with the check."""
    by_source = {(s["report"], s["start"]): index for index, sources in frame["sources"].items() for s in sources}
    rows, points = [], []
    all_positions = frame[frame["kind"] == "position"]
    by_actor: dict[str, gpd.GeoDataFrame] = {}  # each actor's positions, selected once
    for claim in claims:
        index = by_source.get(claim.from_event) if claim.from_event else None
        event = frame.loc[index] if index is not None else None
        if claim.to_actor not in by_actor:
            by_actor[claim.to_actor] = all_positions[all_positions["actor"] == claim.to_actor]
        positions = by_actor[claim.to_actor]
        nearest, computed, tolerance = None, None, None
        if event is not None and not positions.empty:
            found = nearest_positions(gpd.GeoSeries([event.geometry], crs=frame.crs), positions.geometry).iloc[0]
            if found["nearest"] is not None:
                nearest, computed = positions.loc[found["nearest"]], float(found["distance_km"])
                tolerance = (0.1 * claim.value_km + UNCERTAINTY_KM.get(event["geo_precision"], 50.0)
                             + UNCERTAINTY_KM.get(nearest["geo_precision"], 50.0))
        if computed is None:
            verdict = "cannot check"
        else:
            verdict = "consistent" if abs(computed - claim.value_km) <= tolerance else "not consistent"
        rows.append({
            "record_id": f"claim-{claim.report}-{claim.start}", "kind": "claim", "event_type": "distance claim",
            "actor": claim.to_actor, "actor2": event["actor"] if event is not None else None,
            "event_date": event["event_date"] if event is not None else None,
            "date_precision": event["date_precision"] if event is not None else "unknown",
            "place": event["place"] if event is not None else None,
            "place_id": event["place_id"] if event is not None else None,
            "geo_precision": event["geo_precision"] if event is not None else None,
            "country": event["country"] if event is not None else None,
            "place_confidence": event["place_confidence"] if event is not None else None,
            "corroboration": 1, "sources": [vars(claim.source)],
            "claim_km": round(claim.value_km, 1), "claim_text": claim.text, "claim_to": claim.to_actor,
            "claim_from": event["record_id"] if event is not None else None,
            "computed_km": None if computed is None else round(computed, 1),
            "tolerance_km": None if tolerance is None else round(tolerance, 1), "verdict": verdict,
            "explanation": _explain(claim, event, nearest, computed, tolerance, verdict),
            "nearest_position": nearest["record_id"] if nearest is not None else None,
            "nearest_place": nearest["place"] if nearest is not None else None,
        })
        points.append(event.geometry if event is not None else None)
    return gpd.GeoDataFrame(rows, geometry=gpd.GeoSeries(points, crs=frame.crs), crs=frame.crs)
