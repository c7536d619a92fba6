"""Helpers for tests on place readings: a sentence's resolved place mentions, its event records, and distances."""

from __future__ import annotations

from geo.analysis import geodesic_m
from geo.extract.annotate import annotate
from geo.extract.events import extract_records
from geo.io.reports import report_from_text


def placed(text: str, gazetteer, actors) -> list:
    """The resolved place mentions of ``text`` read as a report (demonyms left out)."""
    doc = annotate(report_from_text(text, report_id="t"), gazetteer=gazetteer, actors=actors)
    return [m for m in doc.mentions if m.resolved and not m.demonym]


def km(mention, lat: float, lon: float) -> float:
    """Geodesic kilometres from a mention's point to (lat, lon)."""
    return float(geodesic_m(lon, lat, mention.lon, mention.lat)) / 1000.0


def events(text: str, gazetteer, actors, published) -> list:
    """The event records of ``text`` read as a report published on ``published``."""
    doc = annotate(report_from_text(text, report_id="r", published=published), gazetteer=gazetteer, actors=actors)
    return [r for r in extract_records(doc, country_place=gazetteer.country) if r.kind == "event"]
