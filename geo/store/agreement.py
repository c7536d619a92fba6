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
import numpy as np
import pandas as pd
import shapely

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


def _event_columns(frame: gpd.GeoDataFrame, rows: np.ndarray) -> pd.DataFrame:
    """``_events`` of the ``rows`` of ``frame`` (a boolean mask) as columns: ``position`` (in ``frame``),
    ``dataset``, ``day`` (datetime64[D]), ``lat``, ``lon``, read a column at a time (an imported dataset
    of a million events is not read row by row; their ids and types are looked up for the pairs only).
    Rows whose date pandas does not read go through ``_events``' own reading."""
    shape = frame.geometry.array
    candidate = rows & (frame["kind"] == "event").to_numpy()
    candidate[candidate] = ~(shapely.is_missing(shape[candidate]) | shapely.is_empty(shape[candidate]))
    dates = frame["event_date"].to_numpy(dtype=object)
    told = candidate.copy()
    told[told] = [isinstance(value, str) for value in dates[told]]
    day = pd.to_datetime(pd.Series(dates[told], dtype=object).str.slice(0, 10), format="%Y-%m-%d",
                         errors="coerce").to_numpy().astype("datetime64[D]")
    positions, days = np.flatnonzero(told)[~np.isnat(day)], day[~np.isnat(day)]
    left = []
    for position in np.flatnonzero(told)[np.isnat(day)]:  # e.g. a year pandas' dates do not reach
        try:
            left.append((position, np.datetime64(dt.date.fromisoformat(dates[position][:10]), "D")))
        except ValueError:
            continue
    if left:
        positions = np.concatenate([positions, np.array([p for p, _ in left], dtype=positions.dtype)])
        days = np.concatenate([days, np.array([d for _, d in left], dtype="datetime64[D]")])
    points = shape[positions]
    areas = shapely.get_type_id(points) != shapely.GeometryType.POINT
    if areas.any():  # a control area's representative point
        points = points.copy()
        points[areas] = shapely.point_on_surface(points[areas])
    return pd.DataFrame({"position": positions, "dataset": frame["dataset"].iloc[positions].to_numpy(), "day": days,
                         "lat": shapely.get_y(points), "lon": shapely.get_x(points)})  # (x, y) -> (lat, lon)


def _pairs(ours: list, theirs: pd.DataFrame, frame: gpd.GeoDataFrame) -> dict[str, str]:
    """Our record id -> theirs (``_event_columns`` of ``frame``), one to one, the closest pairs first. Theirs are
    sorted by day and latitude, so that each of ours is compared, all at once, only with those of the
    days and the band of latitude it may match (then with ``_km`` and ``compatible``, as one pair)."""
    if not ours or theirs.empty:
        return {}
    theirs = theirs.sort_values(["day", "lat"], kind="stable")
    lats, lons = theirs["lat"].to_numpy(), theirs["lon"].to_numpy()
    key = theirs["day"].to_numpy().astype("datetime64[D]").astype("int64") * 1000.0 + (lats + 90.0)  # day, then lat
    reach = math.degrees(MATCH_KM / _EARTH_KM) * 1.01  # no two points further apart in latitude are within MATCH_KM
    mine = pd.DataFrame(ours, columns=["dataset", "record_id", "event_type", "day", "lat", "lon"])
    days = np.array([np.datetime64(day, "D") for day in mine["day"]]).astype("int64")
    found_mine, found_other, found_shift = [], [], []
    for shift in range(-MATCH_DAYS, MATCH_DAYS + 1):
        low = np.searchsorted(key, (days + shift) * 1000.0 + (mine["lat"].to_numpy() - reach + 90.0), "left")
        high = np.searchsorted(key, (days + shift) * 1000.0 + (mine["lat"].to_numpy() + reach + 90.0), "right")
        sizes = high - low
        found_mine.append(np.repeat(np.arange(len(mine)), sizes))
        found_other.append(np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes) + np.repeat(low, sizes))
        found_shift.append(np.full(sizes.sum(), abs(shift)))
    at_mine, at_other, shifts = (np.concatenate(part) for part in (found_mine, found_other, found_shift))
    # a first cut on the sphere in numpy (a margin for rounding), then each pair left as _km measures it
    near = _km_array(mine["lat"].to_numpy()[at_mine], mine["lon"].to_numpy()[at_mine], lats[at_other],
                     lons[at_other]) <= MATCH_KM * 1.001 + 1e-6
    at_mine, at_other, shifts = at_mine[near], at_other[near], shifts[near]
    where = theirs["position"].to_numpy()[at_other]
    types, ids = frame["event_type"].iloc[where].to_numpy(), frame["record_id"].iloc[where].to_numpy()
    candidates = []
    for one, other, shift, kind, other_id in zip(at_mine, at_other, shifts, types, ids):
        event = ours[one]
        if compatible(event[2], kind):
            km = _km(event[4], event[5], lats[other], lons[other])
            if km <= MATCH_KM:
                candidates.append((km, int(shift), event[1], other_id))
    matched: dict[str, str] = {}
    taken: set[str] = set()
    for _, _, mine_id, other_id in sorted(candidates):
        if mine_id not in matched and other_id not in taken:
            matched[mine_id] = other_id
            taken.add(other_id)
    return matched


def _km_array(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """``_km`` of arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def _by_dataset(frame: gpd.GeoDataFrame, rows: np.ndarray | None = None) -> tuple[list, dict[str, pd.DataFrame]]:
    """(our events, the events of each imported dataset), among ``rows`` (a boolean mask; every row when None)."""
    rows = np.ones(len(frame), dtype=bool) if rows is None else rows
    ours = (frame["dataset"] == OUR_DATASET).to_numpy()
    theirs = _event_columns(frame, rows & ~ours & frame["dataset"].notna().to_numpy())
    ours = ours & rows
    return _events(frame[ours]), {str(name): part for name, part in theirs.groupby("dataset", sort=True)}


def match_events(frame: gpd.GeoDataFrame, rows: np.ndarray | None = None) -> dict[str, dict[str, str]]:
    """Our record id -> {imported dataset: the record id of its matching event}, for our events that match;
    among ``rows`` of ``frame`` (a boolean mask) when given."""
    ours, theirs = _by_dataset(frame, rows)
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for name, events in sorted(theirs.items()):
        for mine, other in _pairs(ours, events, frame).items():
            out[mine][name] = other
    return dict(out)


def agreement(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per imported dataset: ``dataset``, ``ours_only``, ``theirs_only``, ``both`` (events)."""
    ours, theirs = _by_dataset(frame)
    rows = []
    for name, events in sorted(theirs.items()):
        both = len(_pairs(ours, events, frame))
        rows.append({"dataset": name, "ours_only": len(ours) - both, "theirs_only": len(events) - both, "both": both})
    return pd.DataFrame(rows, columns=["dataset", "ours_only", "theirs_only", "both"])
