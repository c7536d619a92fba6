"""Reports of the same event become one record that cites every source.

Two records are the same event when all of these hold:

* same kind, event type and actor;
* their dates are compatible: the periods their precision allows overlap
  (a day; seven days from the start of a week; the month; the year). An
  undated record of a dated report stands for the week up to publication
  (news reports what happened in the days before); an undated record of an
  undated report merges only with records of the same place and no date;
* the same place, or two point-like places (site, town, district, water)
  within ``MERGE_KM`` kilometres, or a province and a place inside it.
  Records located only to a region or country merge only with records at
  that same area.

Positions (where an actor is) merge on actor and place alone. The merged
record keeps the most precise place and date, and every source with its own
quote and its own figures: conflicting casualty figures stay side by side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from pyproj import Geod

from .dates import add_days, date_period
from .events import Record, Source

__all__ = ["MERGE_KM", "merge_records", "period", "corroboration"]

MERGE_KM = 25.0
_POINTS = {"site", "town", "district", "water"}
_PLACE_RANK = {"site": 0, "water": 0, "town": 1, "district": 2, "province": 3, "region": 4, "country": 5}
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
_REPORTED_DAYS = 6
_GEOD = Geod(ellps="WGS84")


def period(record: Record) -> tuple[dt.date, dt.date] | None:
    """The first and last day the record's date allows, or None when it allows any."""
    if record.event_date is None:
        published = record.sources[0].published
        if published is None:
            return None
        last = dt.date.fromisoformat(published)
        return add_days(last, -_REPORTED_DAYS) or dt.date.min, last
    first, end = date_period(dt.date.fromisoformat(record.event_date), record.date_precision)
    return first, max(first, end - dt.timedelta(days=1))  # a period cut at date.max keeps its first day


def corroboration(record: Record) -> int:
    """How many different reports say so."""
    return len({source.report for source in record.sources})


def _same_time(a: Record, b: Record) -> bool:
    if a.kind == "position":
        return True
    pa, pb = period(a), period(b)
    if pa is None or pb is None:
        return pa is None and pb is None
    return pa[0] <= pb[1] and pb[0] <= pa[1]


def _same_place(a: Record, b: Record, max_km: float) -> bool:
    if a.place_id is not None and a.place_id == b.place_id:
        return True
    if a.kind == "position":
        return False
    if {a.geo_precision, b.geo_precision} & {"province"} and a.admin1 and a.admin1 == b.admin1:
        return True  # "in the Homs region" and "around Homs": the town lies in the province
    if a.geo_precision not in _POINTS or b.geo_precision not in _POINTS:
        return False
    if None in (a.lat, a.lon, b.lat, b.lon):
        return False
    return _GEOD.inv(a.lon, a.lat, b.lon, b.lat)[2] <= max_km * 1000


def _combine(group: list[Record]) -> Record:
    where = min(group, key=lambda r: _PLACE_RANK.get(r.geo_precision or "", 9))
    when = min(group, key=lambda r: _DATE_RANK.get(r.date_precision, 9))
    sources: list[Source] = []
    seen = set()
    for record in group:
        for source in record.sources:
            if (source.report, source.start) not in seen:
                seen.add((source.report, source.start))
                sources.append(source)
    return replace(
        where,
        event_date=when.event_date, date_precision=when.date_precision,
        actor2=next((r.actor2 for r in group if r.actor2), None),
        asset=next((r.asset for r in group if r.asset), None),
        count=next((r.count for r in group if r.count is not None), None),
        origin=next((r.origin for r in group if r.origin), None),
        destination=next((r.destination for r in group if r.destination), None),
        sources=sorted(sources, key=lambda s: (s.report, s.start)),
    )


def merge_records(records: list[Record], *, max_km: float = MERGE_KM) -> list[Record]:
    """One record per event, each citing all its sources (order: first seen)."""
    parent = list(range(len(records)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[tuple, list[int]] = {}
    for index, record in enumerate(records):
        buckets.setdefault((record.kind, record.event_type, record.actor), []).append(index)
    for members in buckets.values():
        for i, left in enumerate(members):
            for right in members[i + 1:]:
                a, b = records[left], records[right]
                if _same_time(a, b) and _same_place(a, b, max_km):
                    parent[root(right)] = root(left)
    groups: dict[int, list[Record]] = {}
    for index, record in enumerate(records):
        groups.setdefault(root(index), []).append(record)
    return [_combine(group) if len(group) > 1 else group[0] for group in groups.values()]
