"""Our events beside an imported dataset's (ACLED, GDELT): which of theirs is the same event, and how
much the two agree.

Two events match when they are on the same day or one day apart (``MATCH_DAYS``), within
``MATCH_KM`` (25 km, measured on the sphere) and of compatible types: the same ACLED event type, or
two of the violent types (battles, explosions/remote violence and violence against civilians,
which coders often tell apart differently), or a protest and a riot. Each event matches at most
one of the other dataset: the closest pairs first (by distance, then days apart). Records without
a point or a date, and records that are not events, match nothing and are not counted.

``match_events(frame)`` gives, for each of our records, its match in each imported dataset;
``agreement(frame)`` the table per dataset: ours only, theirs only, both. ``frame`` is the
records frame of ``geo.store.current_records`` (its ``dataset`` column says whose a record is).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

import geopandas as gpd
import pandas as pd

from ..extract.vocabulary import PROTESTS, RIOTS, VIOLENT_TYPES
from .migrations import OUR_DATASET

__all__ = ["MATCH_KM", "MATCH_DAYS", "compatible", "match_events", "agreement"]

MATCH_KM = 25.0
MATCH_DAYS = 1
_EARTH_KM = 6371.0088  # mean radius (IUGG)
_GROUPS = (frozenset(VIOLENT_TYPES), frozenset((PROTESTS, RIOTS)))


def compatible(a: str | None, b: str | None) -> bool:
    """Whether two ACLED event types may say the same event (see the module's docstring)."""
    return a is not None and b is not None and (a == b or any(a in g and b in g for g in _GROUPS))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _events(frame: gpd.GeoDataFrame) -> list[tuple[str, str, str, dt.date, float, float]]:
    """(dataset, record id, event type, day, lat, lon) of each event with a point and a day."""
    out = []
    for row, point in zip(frame[["dataset", "record_id", "event_type", "event_date", "kind"]].itertuples(index=False),
                          frame.geometry):
        if row.kind != "event" or point is None or point.is_empty or not isinstance(row.event_date, str):
            continue
        try:
            day = dt.date.fromisoformat(row.event_date[:10])
        except ValueError:
            continue
        point = point if point.geom_type == "Point" else point.representative_point()
        out.append((row.dataset, row.record_id, row.event_type, day, point.y, point.x))  # (x, y) -> (lat, lon)
    return out


def _pairs(ours: list, theirs: list) -> dict[str, str]:
    """Our record id -> theirs, one to one, the closest pairs first."""
    by_day = defaultdict(list)
    for event in theirs:
        by_day[event[3]].append(event)
    candidates = []
    for mine in ours:
        for shift in range(-MATCH_DAYS, MATCH_DAYS + 1):
            for other in by_day.get(mine[3] + dt.timedelta(days=shift), ()):
                if compatible(mine[2], other[2]):
                    km = _km(mine[4], mine[5], other[4], other[5])
                    if km <= MATCH_KM:
                        candidates.append((km, abs(shift), mine[1], other[1]))
    matched: dict[str, str] = {}
    taken: set[str] = set()
    for _, _, mine_id, other_id in sorted(candidates):
        if mine_id not in matched and other_id not in taken:
            matched[mine_id] = other_id
            taken.add(other_id)
    return matched


def _by_dataset(frame: gpd.GeoDataFrame) -> tuple[list, dict[str, list]]:
    events = _events(frame)
    theirs = defaultdict(list)
    for event in events:
        if event[0] != OUR_DATASET:
            theirs[event[0]].append(event)
    return [e for e in events if e[0] == OUR_DATASET], dict(theirs)


def match_events(frame: gpd.GeoDataFrame) -> dict[str, dict[str, str]]:
    """Our record id -> {imported dataset: the record id of its matching event}, for our events that match."""
    ours, theirs = _by_dataset(frame)
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for name, events in sorted(theirs.items()):
        for mine, other in _pairs(ours, events).items():
            out[mine][name] = other
    return dict(out)


def agreement(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per imported dataset: ``dataset``, ``ours_only``, ``theirs_only``, ``both`` (events)."""
    ours, theirs = _by_dataset(frame)
    rows = []
    for name, events in sorted(theirs.items()):
        both = len(_pairs(ours, events))
        rows.append({"dataset": name, "ours_only": len(ours) - both, "theirs_only": len(events) - both, "both": both})
    return pd.DataFrame(rows, columns=["dataset", "ours_only", "theirs_only", "both"])
