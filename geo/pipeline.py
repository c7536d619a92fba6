"""The stages chained: report files in, records GeoDataFrame out.

The CLI and the app both call ``run``; services (gazetteer, actors) are
passed in so that callers can load them once and cache them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import geopandas as gpd

from .actors import ActorLexicon, load_actors
from .events import Record, extract_records
from .frame import to_frame
from .merge import merge_records
from .gazetteer import Gazetteer, load_gazetteer
from .geocode import OnlineGeocoder
from .places import Mention, find_mentions
from .reports import Problem, Report, load_reports

__all__ = ["Result", "extract", "run"]


@dataclass
class Result:
    reports: list[Report]
    frame: gpd.GeoDataFrame
    problems: list[Problem] = field(default_factory=list)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)


def extract(reports: Iterable[Report], *, gazetteer: Gazetteer, actors: ActorLexicon,
            online: OnlineGeocoder | None = None) -> Result:
    """Mentions and records of reports already in memory."""
    reports = list(reports)
    records: list[Record] = []
    mentions: dict[str, list[Mention]] = {}
    for report in reports:
        mentions[report.id] = find_mentions(report.text, gazetteer, online=online)
        records.extend(extract_records(report, mentions[report.id], actors))
    records = merge_records(records)
    problems = [Problem("online geocoder", p, skipped=False) for p in (online.problems if online else [])]
    return Result(reports, to_frame(records), problems, mentions)


def run(paths: Iterable[str | Path], *, gazetteer: Gazetteer | None = None,
        actors: ActorLexicon | None = None, online: OnlineGeocoder | None = None) -> Result:
    """Read report files and folders and extract their records; bad files become problems."""
    loaded = load_reports(paths)
    result = extract(loaded.reports, gazetteer=gazetteer or load_gazetteer(), actors=actors or load_actors(),
                     online=online)
    result.problems = loaded.problems + result.problems
    return result
