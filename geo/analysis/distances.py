"""Distances, in metres, never degrees: the one module that measures them.

Each record is projected
into the UTM zone of the record itself (so scale error stays below 0.1 % for
positions within a few hundred kilometres) and the nearest position is found
with a shapely STRtree in that metric CRS, among the positions that can lie
within 500 km of the zone's records (a transverse Mercator gives meaningless
coordinates far from its meridian). When the nearest position is farther
than that, the record is measured again on the WGS 84 ellipsoid: geodesics
from pyproj.Geod for point positions, an azimuthal equidistant projection
centred on the record for areas.
"""

from __future__ import annotations

import functools
from typing import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod, Transformer

_GEOD = Geod(ellps="WGS84")
_UTM_RANGE_KM = 500.0  # UTM scale error grows with distance from the zone; past this, re-measure

__all__ = ["geodesic_m", "geodesic_destination", "geodesic_midpoint", "geodesic_azimuth", "geodesic_ring", "utm_epsg", "nearest_positions", "distance_check", "representative_points"]


def geodesic_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Metres along the WGS 84 ellipsoid between (lon1, lat1) and (lon2, lat2), element by
    element; scalars and arrays broadcast against each other (pyproj.Geod.inv)."""
    lon1, lat1, lon2, lat2 = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lon1, lat1, lon2, lat2)))
    if lon1.size == 0:
        return np.zeros(lon1.shape)
    _, _, metres = _GEOD.inv(lon1.ravel(), lat1.ravel(), lon2.ravel(), lat2.ravel())
    return np.asarray(metres, dtype=float).reshape(lon1.shape)


def geodesic_destination(lon: float, lat: float, azimuth_deg: float, distance_m: float) -> tuple[float, float]:
    """The (lon, lat) reached from (lon, lat) after ``distance_m`` metres along the WGS 84
    ellipsoid, setting out at ``azimuth_deg`` (degrees clockwise from north): "12 km
    south-east of Dabiq" is ``geodesic_destination(dabiq_lon, dabiq_lat, 135, 12_000)``."""
    end_lon, end_lat, _ = _GEOD.fwd(lon, lat, azimuth_deg, distance_m)
    return float(end_lon), float(end_lat)


def geodesic_midpoint(lon1: float, lat1: float, lon2: float, lat2: float) -> tuple[float, float]:
    """The (lon, lat) halfway along the WGS 84 geodesic from (lon1, lat1) to (lon2, lat2):
    setting out from the first point towards the second for half the distance between them."""
    azimuth, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    return geodesic_destination(lon1, lat1, azimuth, metres / 2.0)


def geodesic_azimuth(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Degrees clockwise from north, 0 to 360, in which the WGS 84 geodesic from (lon1, lat1)
    to (lon2, lat2) sets out."""
    forward, _, _ = _GEOD.inv(lon1, lat1, lon2, lat2)
    return float(forward) % 360.0


def geodesic_ring(lat: float, lon: float, radius_km: float, *, points: int = 90) -> list[list[float]]:
    """A closed ring of [lat, lon] points ``radius_km`` from a centre along the WGS 84 ellipsoid
    (what a reported distance covers round a place)."""
    azimuths = np.linspace(0.0, 360.0, points, endpoint=False)
    lons, lats, _ = _GEOD.fwd(np.full(points, lon), np.full(points, lat), azimuths, np.full(points, radius_km * 1000))
    ring = [[float(a), float(b)] for a, b in zip(lats, lons)]
    return ring + ring[:1]


def utm_epsg(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """The EPSG code of the WGS 84 UTM zone of each point (326xx north, 327xx south)."""
    zone = np.clip(np.floor((np.asarray(lon) + 180.0) / 6.0).astype(int) + 1, 1, 60)
    return np.where(np.asarray(lat) >= 0, 32600, 32700) + zone


def nearest_positions(points: gpd.GeoSeries, positions: gpd.GeoSeries) -> pd.DataFrame:
    """For each point, the index label of the nearest position and the distance in km.

    Both inputs are in EPSG:4326. Points without geometry get NaN; polygons
    among the positions are measured to their edge (0 inside).

    Points are grouped by UTM zone; each group is matched with a shapely
    STRtree against the positions that can lie within 500 km of it, projected
    into the zone. A point whose nearest position is farther than that is
    measured again on the ellipsoid (``_nearest_far``).
    """
    n = len(points)
    nearest = np.full(n, -1, dtype=np.int64)  # positions into ``targets``
    distance = np.full(n, np.nan)
    targets = positions[~(positions.is_empty | positions.isna())]
    valid = np.flatnonzero(~(points.is_empty | points.isna()).to_numpy())
    if len(valid) and len(targets):
        here = representative_points(points.iloc[valid])
        lon, lat = shapely.get_x(here), shapely.get_y(here)
        bounds = targets.bounds.to_numpy()  # minx, miny, maxx, maxy of every position
        zones = utm_epsg(lon, lat)
        for epsg in np.unique(zones):
            members = np.flatnonzero(zones == epsg)
            window = np.flatnonzero(_reachable(bounds, lon[members], lat[members], int(epsg)))
            if not len(window):
                continue
            to_zone = _to_utm(int(epsg))
            projected = shapely.points(*to_zone.transform(lon[members], lat[members]))
            near_targets = targets.iloc[window].to_crs(f"EPSG:{int(epsg)}").to_numpy()
            (source, target), metres = shapely.STRtree(near_targets).query_nearest(
                projected, return_distance=True, all_matches=False)
            nearest[valid[members[source]]] = window[target]
            distance[valid[members[source]]] = metres / 1000.0
        far = ~(distance[valid] <= _UTM_RANGE_KM)
        if far.any():
            nearest[valid[far]], distance[valid[far]] = _nearest_far(lon[far], lat[far], targets)
    labels = np.empty(n, dtype=object)
    found = nearest >= 0
    labels[found] = targets.index.to_numpy()[nearest[found]]
    return pd.DataFrame({"nearest": labels, "distance_km": distance}, index=points.index)


def representative_points(shapes: gpd.GeoSeries) -> np.ndarray:
    """Points as they are; a point inside every other shape (a control area)."""
    array = shapes.to_numpy().copy()
    areas = shapely.get_type_id(array) != 0
    if areas.any():
        array[areas] = shapely.point_on_surface(array[areas])
    return array


@functools.lru_cache(maxsize=128)
def _to_utm(epsg: int) -> Transformer:
    return Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True)


def _reachable(bounds: np.ndarray, lon: np.ndarray, lat: np.ndarray, epsg: int) -> np.ndarray:
    """Positions whose bounding box may come within ``_UTM_RANGE_KM`` of the points of
    one UTM zone. Everything else stays out of the projection, where a transverse
    Mercator far from its meridian would give meaningless coordinates."""
    reach_lat = _UTM_RANGE_KM / 110.0 + 0.1
    high = min(89.0, float(np.abs(lat).max()) + reach_lat)
    reach_lon = min(180.0, _UTM_RANGE_KM / (111.0 * np.cos(np.radians(high))) + 3.1)
    meridian = (epsg % 100) * 6.0 - 183.0
    west = ((bounds[:, 0] - meridian + 180.0) % 360.0) - 180.0
    east = ((bounds[:, 2] - meridian + 180.0) % 360.0) - 180.0
    apart = np.minimum(np.abs(west), np.abs(east))
    apart[(west <= 0) & (east >= 0)] = 0.0  # spans the meridian
    return ((apart <= reach_lon) & (bounds[:, 3] >= lat.min() - reach_lat)
            & (bounds[:, 1] <= lat.max() + reach_lat))


def _nearest_far(lon: np.ndarray, lat: np.ndarray, targets: gpd.GeoSeries, *,
                 chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """Nearest targets of points whose nearest target is far away, on the ellipsoid.

    Point targets: every target whose great-circle angle on a sphere is within
    1 % of the smallest is measured with pyproj.Geod (sphere and ellipsoid
    differ by less than 0.6 %), and the shortest geodesic wins. Area targets:
    measured to their edge in an azimuthal equidistant projection centred on
    each point, exact for distances from the centre at any range.
    """
    best = np.full(len(lon), -1, dtype=np.int64)
    best_km = np.full(len(lon), np.inf)
    is_point = (targets.geom_type == "Point").to_numpy()
    point_rows = np.flatnonzero(is_point)
    if len(point_rows):
        tx, ty = targets.iloc[point_rows].x.to_numpy(), targets.iloc[point_rows].y.to_numpy()
        unit_targets = _unit(tx, ty)
        for begin in range(0, len(lon), chunk):
            stop = min(begin + chunk, len(lon))
            dots = _unit(lon[begin:stop], lat[begin:stop]) @ unit_targets.T
            angle = np.arccos(np.clip(dots.max(axis=1), -1.0, 1.0))
            rows, cols = np.nonzero(dots >= np.cos(np.minimum(angle * 1.01 + 1e-7, np.pi))[:, None])
            _, _, metres = _GEOD.inv(lon[begin:stop][rows], lat[begin:stop][rows], tx[cols], ty[cols])
            order = np.lexsort((metres, rows))
            _, first = np.unique(rows[order], return_index=True)
            pick = order[first]
            best[begin + rows[pick]] = point_rows[cols[pick]]
            best_km[begin + rows[pick]] = np.asarray(metres)[pick] / 1000.0
    areas = targets[~is_point]
    if len(areas):
        area_rows = np.flatnonzero(~is_point)
        for i, (x, y) in enumerate(zip(lon, lat)):
            crs = f"+proj=aeqd +lat_0={y} +lon_0={x} +datum=WGS84 +units=m"
            metres = areas.to_crs(crs).distance(shapely.Point(0.0, 0.0)).to_numpy()
            j = int(np.argmin(metres))
            if metres[j] / 1000.0 < best_km[i]:
                best[i], best_km[i] = area_rows[j], metres[j] / 1000.0
    return best, best_km


def _unit(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Unit vectors of points on a sphere, one row per point."""
    lam, phi = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def distance_check(frame: gpd.GeoDataFrame, *, actor: str, kinds: Iterable[str] = ("event",)) -> pd.DataFrame:
    """Distance from each record of ``kinds`` to the nearest position of ``actor``.

    Returns one row per record with the nearest position's record id, place,
    the distance in km measured with shapely in the record's UTM zone, and the
    WGS 84 geodesic distance of the same pair as a check (NaN when the actor
    has no located position).
    """
    subjects = frame[frame["kind"].isin(set(kinds))]
    positions = frame[(frame["kind"] == "position") & (frame["actor"] == actor)]
    nearest = nearest_positions(subjects.geometry, positions.geometry)
    out = subjects.reindex(columns=["record_id", "kind", "event_type", "sub_event_type", "actor", "place",
                                    "event_date"]).copy()
    out["position_actor"] = actor
    out["nearest_position"] = nearest["nearest"].map(lambda i: None if i is None else positions.at[i, "record_id"])
    out["nearest_place"] = nearest["nearest"].map(lambda i: None if i is None else positions.at[i, "place"])
    out["distance_km"] = nearest["distance_km"]
    out["geodesic_km"] = _geodesic_km(subjects.geometry, nearest["nearest"], positions.geometry)
    return out


def _geodesic_km(points: gpd.GeoSeries, nearest: pd.Series, positions: gpd.GeoSeries) -> pd.Series:
    """The WGS 84 geodesic length between each point and its nearest position (for
    point positions), as a check on the projected distance."""
    out = pd.Series(np.nan, index=points.index)
    pairs = nearest.dropna()
    pairs = pairs[[positions[label].geom_type == "Point" for label in pairs]]
    if pairs.empty:
        return out
    here = points[pairs.index].representative_point()
    there = gpd.GeoSeries([positions[label] for label in pairs], index=pairs.index)
    _, _, metres = _GEOD.inv(here.x.to_numpy(), here.y.to_numpy(), there.x.to_numpy(), there.y.to_numpy())
    out[pairs.index] = np.asarray(metres) / 1000.0
    return out
