"""The stages chained: report files in, records GeoDataFrame out.

The CLI and the app both call ``run``; services (gazetteer, actors) are
passed in so that callers can load them once and cache them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

import geopandas as gpd

from .actors import ActorLexicon, load_actors
from .events import Record, extract_records
from .claims import Claim, check_claims, extract_claims
from .frame import combine, to_frame
from .merge import merge_records
from .gazetteer import Gazetteer, load_gazetteer
from .geocode import OnlineGeocoder
from .places import Mention, find_mentions
from .reports import Problem, Report, load_reports

__all__ = ["Result", "extract", "run", "recheck_claims"]


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
    for report in reports:
        mentions[report.id] = find_mentions(report.text, gazetteer, online=online)
        own = extract_records(report, mentions[report.id], actors)
        claims.extend(extract_claims(report, own, actors))
        records.extend(own)
    frame = to_frame(merge_records(records))
    if positions is not None and not positions.empty:
        frame = combine(frame, positions)
    if claims:
        frame = combine(frame, check_claims(claims, frame))
    problems = [Problem("online geocoder", p, skipped=False) for p in (online.problems if online else [])]
    return Result(reports, frame, problems, mentions, claims)


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
