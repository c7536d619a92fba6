"""The stages chained: report files in, records GeoDataFrame out.

The CLI and the app both call ``run``; services (gazetteer, actors) are
passed in so that callers can load them once and cache them.

Each report's text is normalised once (``geo.text.normalise``) and annotated once
(``geo.extract.annotate``: one ``Document`` with its sentences, tokens and layers of
place mentions, dates, actors and triggers), which events and claims read; every offset
and quote that leaves ``extract`` (mentions, record sources, claims) is mapped back into
the original ``Report.text``. A report whose
extraction fails unexpectedly becomes a ``Problem`` and the others are extracted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

import geopandas as gpd

from .extract.actors import ActorLexicon, load_actors
from .extract.annotate import annotate
from .extract.events import extract_records
from .extract.claims import Claim, check_claims, extract_claims
from .frame import Record, Source, combine, to_frame
from .extract.merge import merge_records
from .gazetteer import Gazetteer, load_gazetteer
from .gazetteer.geocode import OnlineGeocoder
from .extract.places import Mention, mention_in_original
from .io.reports import Problem, Report, load_reports
from .text.normalise import Normalised, normalise

__all__ = ["Result", "extract", "run", "recheck_claims"]

log = logging.getLogger(__name__)


@dataclass
class Result:
    reports: list[Report]
    frame: gpd.GeoDataFrame
    problems: list[Problem] = field(default_factory=list)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)


def extract(reports: Iterable[Report], *, gazetteer: Gazetteer, actors: ActorLexicon,
            online: OnlineGeocoder | None = None, positions: gpd.GeoDataFrame | None = None) -> Result:
    """Mentions and records of reports already in memory."""
    reports = list(reports)
    records: list[Record] = []
    claims: list[Claim] = []
    mentions: dict[str, list[Mention]] = {}
    problems: list[Problem] = []
    for report in reports:
        try:
            mentions[report.id], own, said = _extract_one(report, gazetteer, actors, online)
        except Exception as err:  # containment boundary: one report's unexpected failure must not end the batch
            problems.append(_failed(report, err))
            mentions[report.id] = []
            continue
        records.extend(own)
        claims.extend(said)
    frame = to_frame(merge_records(records))
    if positions is not None and not positions.empty:
        frame = combine(frame, positions)
    if claims:
        frame = combine(frame, check_claims(claims, frame))
    problems += [Problem("online geocoder", p, skipped=False) for p in (online.problems if online else [])]
    return Result(reports, frame, problems, mentions, claims)


def _extract_one(report: Report, gazetteer: Gazetteer, actors: ActorLexicon,
                 online: OnlineGeocoder | None) -> tuple[list[Mention], list[Record], list[Claim]]:
    """One report's mentions, records and claims, with offsets into its own text."""
    norm = normalise(report.text)
    readable = report if norm.text is report.text else replace(report, text=norm.text)
    doc = annotate(readable, gazetteer=gazetteer, actors=actors, online=online)
    found = list(doc.mentions)
    own = extract_records(doc, country_place=gazetteer.country)
    said = extract_claims(doc, own)
    if norm.text is report.text:
        return found, own, said
    back = _Original(norm)
    return [mention_in_original(m, norm) for m in found], list(map(back.record, own)), list(map(back.claim, said))


def _failed(report: Report, err: Exception) -> Problem:
    """The problem of a report whose extraction raised: its id and the error's type,
    never the error's text (it may hold server paths) nor a traceback; those go to
    the debug log."""
    log.error("report %r: extraction failed with %s; skipped, the other reports go on",
              report.id, type(err).__name__)
    log.debug("report %r: extraction failed", report.id, exc_info=err)
    return Problem(report.path or report.id,
                   f"report {report.id!r}: extraction failed with an unexpected {type(err).__name__}")


class _Original:
    """Sources and claims of the normalised text moved back to the original text. The
    records of one sentence share one quote string, as they do in the normalised text
    (a sentence of megabytes is copied once, not once per record)."""

    def __init__(self, norm: Normalised):
        self.norm = norm
        self.quotes: dict[tuple[int, int], str] = {}

    def source(self, source: Source) -> Source:
        start, end = self.norm.span(source.start, source.end)
        if (start, end) not in self.quotes:
            self.quotes[start, end] = self.norm.original[start:end]
        place = (None, None) if source.place_start is None else self.norm.span(source.place_start, source.place_end)
        return replace(source, start=start, end=end, quote=self.quotes[start, end],
                       place_start=place[0], place_end=place[1])

    def record(self, record: Record) -> Record:
        return replace(record, sources=[self.source(s) for s in record.sources])

    def claim(self, claim: Claim) -> Claim:
        source = self.source(claim.source)
        event = claim.from_event and (claim.from_event[0], self.norm.start(claim.from_event[1]))
        return replace(claim, start=source.start, end=source.end, quote=source.quote, from_event=event,
                       source=source)


def run(paths: Iterable[str | Path], *, gazetteer: Gazetteer | None = None,
        actors: ActorLexicon | None = None, online: OnlineGeocoder | None = None,
        positions: gpd.GeoDataFrame | None = None) -> Result:
    """Read report files and folders and extract their records; bad files become problems."""
    loaded = load_reports(paths)
    result = extract(loaded.reports, gazetteer=gazetteer or load_gazetteer(), actors=actors or load_actors(),
                     online=online, positions=positions)
    result.problems = loaded.problems + result.problems
    return result


def recheck_claims(claims: list[Claim], frame: gpd.GeoDataFrame, *, actor: str) -> gpd.GeoDataFrame:
    """The claims checked again, each measured to the positions of ``actor`` instead of
    the actor its sentence names (the rows of ``frame`` that are claims are ignored)."""
    records = frame[frame["kind"] != "claim"]
    return check_claims([replace(claim, to_actor=actor) for claim in claims], records)
