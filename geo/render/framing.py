"""Stage 6, the map's first view: the main theatre, not every record's bounds.

One meeting in New York must not stretch a map of a war in Syria to the whole world. The first
view fits the *main theatre*: round the densest grid cell, the records no farther than ``reach``
times the distance within which the nearest quarter lie (or than ``MIN_REACH_KM``), boxed; should
those be fewer than ``share`` of the records (two thirds by default), the nearest ``share`` instead. The
sample's theatre is Syria: 23 of its 26 records (New York, Ukraine and the Bosphorus are outside).
The records left outside are still drawn and counted, and the map has a control to zoom out to
everything (``geo.render.layers.FramingControl``).

When the records outside the theatre are not far off (everything's box is at most ``spread``
times the theatre's in both directions), the first view is simply everything's box.

Pure functions of longitudes and latitudes (degrees, WGS 84); distances are angles on the
sphere (haversine), so a degree of longitude near the pole counts for less than at the equator.
Bounds do not cross the antimeridian.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["Framing", "frame_points", "densest_place", "DENSE_CELL_DEG", "THEATRE_SHARE", "REACH", "MIN_REACH_KM"]

THEATRE_SHARE = 2 / 3  # of the records: the least the main theatre holds
DENSE_CELL_DEG = 2.0  # the grid on which the densest place is found (about 200 km)
_SPREAD = 1.5  # everything's box no more than this times the theatre's: no outliers to speak of
REACH = 3.0  # a record farther than this times the radius of the nearest quarter is an outlier ...
MIN_REACH_KM = 400.0  # ... when it is farther than this too
_EARTH_KM = 6371.0
_MIN_PAD_DEG = 0.5  # round a box, so a single place is not shown at street level


@dataclass(frozen=True)
class Framing:
    """``view``: the first view; ``everything``: every record's box, both as ((south, west), (north,
    east)) with a margin; ``outside``: how many records the first view leaves out (0 when it is
    everything); ``inside``: a boolean per point, in the view."""

    view: tuple[tuple[float, float], tuple[float, float]]
    everything: tuple[tuple[float, float], tuple[float, float]]
    outside: int
    inside: np.ndarray

    @property
    def outside_text(self) -> str:
        """'1 record outside this view', '3 records ...'; '' when none is."""
        if not self.outside:
            return ""
        return f"{self.outside:,} record{'s' if self.outside != 1 else ''} outside this view"


def _box(lon: np.ndarray, lat: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """The points' box with a margin of a tenth of its size (at least half a degree), within the world."""
    west, east, south, north = lon.min(), lon.max(), lat.min(), lat.max()
    pad_lon = max(_MIN_PAD_DEG, 0.1 * (east - west))
    pad_lat = max(_MIN_PAD_DEG, 0.1 * (north - south))
    return ((float(max(south - pad_lat, -85.0)), float(max(west - pad_lon, -180.0))),
            (float(min(north + pad_lat, 85.0)), float(min(east + pad_lon, 180.0))))


def _angle(lon0: float, lat0: float, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Great-circle angle (radians) from (lon0, lat0) to each point: haversine."""
    p0, p = math.radians(lat0), np.radians(lat)
    dlat, dlon = p - p0, np.radians(lon - lon0)
    h = np.sin(dlat / 2) ** 2 + math.cos(p0) * np.cos(p) * np.sin(dlon / 2) ** 2
    return 2 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def densest_place(lon: np.ndarray, lat: np.ndarray, *, cell_deg: float = DENSE_CELL_DEG) -> tuple[float, float]:
    """(lon, lat): the median of the points in the grid cell holding most of them and its eight
    neighbours (a cluster on a cell's edge is not cut in two; ties: the first cell in the order of
    the cells' indices)."""
    x, y = np.floor(lon / cell_deg).astype(np.int64), np.floor(lat / cell_deg).astype(np.int64)
    codes = (x + 1000) * 10_000 + (y + 1000)  # one integer a cell: a 1-D unique is fast
    found, counts = np.unique(codes, return_counts=True)
    best = int(found[int(np.argmax(counts))])
    members = (np.abs(x - (best // 10_000 - 1000)) <= 1) & (np.abs(y - (best % 10_000 - 1000)) <= 1)
    return float(np.median(lon[members])), float(np.median(lat[members]))


def frame_points(lon, lat, *, share: float = THEATRE_SHARE, reach: float = REACH, spread: float = _SPREAD
                 ) -> Framing | None:
    """The first view of points at ``lon``, ``lat`` (array-likes of degrees); None when there are none.

    Raises ValueError when the arrays differ in length or ``share`` is not in (0, 1].
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if lon.shape != lat.shape:
        raise ValueError(f"Expected as many longitudes as latitudes, instead got {lon.size} and {lat.size}.")
    if not 0 < share <= 1:
        raise ValueError(f"Expected a share in (0, 1], instead got: {share!r}.")
    finite = np.isfinite(lon) & np.isfinite(lat)
    if not finite.any():
        return None
    lon_f, lat_f = lon[finite], lat[finite]
    everything = _box(lon_f, lat_f)
    inside = finite.copy()
    keep = math.ceil(share * lon_f.size)
    if keep < lon_f.size:
        centre = densest_place(lon_f, lat_f)
        angle = _angle(*centre, lon_f, lat_f)
        ordered = np.sort(angle)
        quarter = ordered[max(math.ceil(0.25 * lon_f.size) - 1, 0)]
        radius = max(reach * quarter, MIN_REACH_KM / _EARTH_KM)
        if np.searchsorted(ordered, radius, side="right") < keep:  # too few that near: most of them
            radius = ordered[keep - 1]
        core = angle <= radius
        view = _box(lon_f[core], lat_f[core])
        (south, west), (north, east) = view
        (all_south, all_west), (all_north, all_east) = everything
        if (all_east - all_west) > spread * (east - west) or (all_north - all_south) > spread * (north - south):
            inside[finite] = (lon_f >= west) & (lon_f <= east) & (lat_f >= south) & (lat_f <= north)
            return Framing(view, everything, int(finite.sum() - inside.sum()), inside)
    return Framing(everything, everything, 0, inside)
