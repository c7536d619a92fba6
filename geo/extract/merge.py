"""Reports of the same event become one record that cites every source.

Two records are the same event when all of these hold:

* same kind, event type, sub-event type and actor: ACLED's types of
  ``geo.extract.vocabulary`` ("Explosions/Remote violence" / "Air/drone strike"), so
  an air strike and a shelling at the same town that day stay two records, as ACLED
  codes them;
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
import math
from dataclasses import replace

from ..analysis.distances import geodesic_m
from ..text.dates import add_days, date_period
from ..frame import Record, Source

__all__ = ["MERGE_KM", "merge_records", "period", "corroboration"]

MERGE_KM = 25.0
_POINTS = {"site", "town", "district", "water", "offset", "between"}  # "offset": 14 km north of a town
_PLACE_RANK = {"site": 0, "water": 0, "offset": 1, "town": 1, "between": 2, "district": 2, "province": 3, "region": 4,
               "country": 5}
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
_REPORTED_DAYS = 6
# The grid that finds points that may lie within ``max_km``: chords of a sphere no larger
# than the Earth's smallest radius of curvature, widened by a margin, so that no pair
# within ``max_km`` on the ellipsoid is ever in cells that are not neighbours.
_EARTH_MIN_RADIUS_KM = 6335.0
_CELL_MARGIN = 1.1


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
    return float(geodesic_m(a.lon, a.lat, b.lon, b.lat)) <= max_km * 1000


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
    """One record per event, each citing all its sources (order: first seen).

    The result is that of joining every pair that is the same event, in time close
    to linear: records are grouped by kind, type, sub-type, actor and place; inside a place the
    periods are swept in date order; and only places that may be the same place (the
    same id, a province and what lies in it, points in neighbouring cells of a grid
    ``max_km`` wide) are compared, with the same sweep over both places' periods.
    """
    parent = list(range(len(records)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        parent[root(j)] = root(i)

    buckets: dict[tuple, dict[tuple, list[int]]] = {}
    for index, record in enumerate(records):
        places = buckets.setdefault((record.kind, record.event_type, record.sub_event_type, record.actor), {})
        places.setdefault(_place_key(record, index), []).append(index)
    for places in buckets.values():
        spans = {key: _spans(records, members) for key, members in places.items()}
        for key, members in places.items():
            _join_overlapping(records, spans[key], members, join)
        for left, right in _place_pairs(records, places, max_km):
            if records[places[left][0]].kind == "position":  # positions: at the same place, at any time
                join(places[left][0], places[right][0])
            else:
                _join_across(spans[left], spans[right], join)
    groups: dict[int, list[Record]] = {}
    for index, record in enumerate(records):
        groups.setdefault(root(index), []).append(record)
    return [_combine(group) if len(group) > 1 else group[0] for group in groups.values()]


def _place_key(record: Record, index: int) -> tuple:
    """Records with the same key are at the same place and compare alike with any other."""
    if record.place_id is None:
        return ("no place id", index)  # the same place as no other record
    return (record.place_id, record.geo_precision, record.admin1, record.lat, record.lon)


def _spans(records: list[Record], members: list[int]) -> tuple[list[tuple[dt.date, dt.date, int]], list[int]]:
    """The periods of a place's records sorted by their first day, and the undated ones."""
    dated, undated = [], []
    for index in members:
        span = period(records[index])
        if span is None:
            undated.append(index)
        else:
            dated.append((span[0], span[1], index))
    dated.sort()
    return dated, undated


def _join_overlapping(records: list[Record], spans, members: list[int], join) -> None:
    """Join the records of one place that are the same event: all positions; dated
    records whose periods overlap (a sweep in date order); the undated ones."""
    if records[members[0]].kind == "position":
        for index in members[1:]:
            join(members[0], index)
        return
    dated, undated = spans
    for index in undated[1:]:
        join(undated[0], index)
    reach, holder = None, None  # the latest last day so far, and its record
    for first, last, index in dated:
        if reach is not None and first <= reach:
            join(holder, index)
        if reach is None or last > reach:
            reach, holder = last, index


def _join_across(left, right, join) -> None:
    """Join the records of two places that may be the same place whose periods overlap.

    Sweeping both places' periods in date order, a period overlaps a period of the
    other place that began before it exactly when it overlaps the one of them that
    reaches furthest; that one overlaps every other such period of its own place, so
    it is already joined with them."""
    (dated_a, undated_a), (dated_b, undated_b) = left, right
    if undated_a and undated_b:
        join(undated_a[0], undated_b[0])
    reach = [None, None]  # per side: (latest last day, its record)
    for first, last, index, side in sorted([(*span, 0) for span in dated_a] + [(*span, 1) for span in dated_b]):
        other = reach[1 - side]
        if other is not None and first <= other[0]:
            join(other[1], index)
        if reach[side] is None or last > reach[side][0]:
            reach[side] = (last, index)


def _place_pairs(records: list[Record], places: dict[tuple, list[int]], max_km: float):
    """Pairs of different place keys whose records may be at the same place."""
    keys = list(places)
    first = {key: records[places[key][0]] for key in keys}
    candidates: set[tuple[int, int]] = set()
    by_id: dict[str, list[int]] = {}
    by_admin1: dict[str, list[int]] = {}
    cells: dict[tuple[int, int, int], list[int]] = {}
    size = max(2 * math.sin(_CELL_MARGIN * max_km / (2 * _EARTH_MIN_RADIUS_KM)), 1e-12)
    for number, key in enumerate(keys):
        record = first[key]
        if record.place_id is not None:
            by_id.setdefault(record.place_id, []).append(number)
        if record.admin1:
            by_admin1.setdefault(record.admin1, []).append(number)
        if record.geo_precision in _POINTS and None not in (record.lat, record.lon):
            cells.setdefault(_cell(record.lat, record.lon, size), []).append(number)
    for numbers in by_id.values():
        candidates.update((a, b) for a in numbers for b in numbers if a < b)
    for numbers in by_admin1.values():
        provinces = [n for n in numbers if first[keys[n]].geo_precision == "province"]
        candidates.update((min(a, b), max(a, b)) for a in provinces for b in numbers if a != b)
    for (x, y, z), numbers in cells.items():
        near = [n for dx in (-1, 0, 1) for dy in (-1, 0, 1) for dz in (-1, 0, 1)
                for n in cells.get((x + dx, y + dy, z + dz), ())]
        candidates.update((a, b) for a in numbers for b in near if a < b)
    for a, b in sorted(candidates):
        if _same_place(first[keys[a]], first[keys[b]], max_km):
            yield keys[a], keys[b]


def _cell(lat: float, lon: float, size: float) -> tuple[int, int, int]:
    """The grid cell of a point on the unit sphere (cells ``size`` wide in 3-D)."""
    phi, lam = math.radians(lat), math.radians(lon)
    x, y, z = math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)
    return math.floor(x / size), math.floor(y / size), math.floor(z / size)
