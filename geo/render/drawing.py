"""Stage 6: which records a map draws (``plan_drawing``: with popups, as dots, or left out past a
cap) and its first view (``geo.render.framing``). Pure: ``geo.render.webmap`` draws what it chose.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from ..analysis.distances import representative_points
from .framing import Framing, frame_points

__all__ = ["Drawing", "plan_drawing", "DETAIL_CAP", "DRAW_CAP"]


@dataclass
class Drawing:
    """Which records a map draws: ``detailed`` with popups, ``compact`` as bare dots.

    A browser slows down with tens of thousands of popups and the page must
    stay small, so at most ``detail_cap`` records get a marker with a popup and
    at most ``draw_cap`` are drawn at all; ``notice`` says so when a cap applies.
    """

    detailed: gpd.GeoDataFrame
    compact: gpd.GeoDataFrame
    total: int
    notice: str | None
    framing: Framing | None = None  # the first view (geo.render.framing); None when nothing is drawn


DETAIL_CAP = 500
DRAW_CAP = 10_000


def plan_drawing(frame: gpd.GeoDataFrame, *, detail_cap: int = DETAIL_CAP, draw_cap: int = DRAW_CAP) -> Drawing:
    """Split located records into those drawn with popups and those drawn as dots.

    Claims and positions come first (they are few and carry the checks), then
    events and assets, most recent first; among equals the best corroborated.
    """
    missing = (frame.geometry.isna() | frame.geometry.is_empty).to_numpy()
    located = frame[~missing] if missing.any() else frame  # a copy of every column costs ms at 100k
    total = len(located)
    if total <= detail_cap:
        return Drawing(located, located.iloc[0:0], total, None, _framing(located.geometry))
    kind = located["kind"]
    rank = np.where(kind.eq("claim").to_numpy(bool, na_value=False), 0,
                    np.where(kind.eq("position").to_numpy(bool, na_value=False), 1, 2))
    days = _days(located["event_date"]).astype("int64")  # NaT: the least integer, undated last below
    recent = np.where(days == np.iinfo(np.int64).min, np.iinfo(np.int64).max, -days)
    corroboration = pd.to_numeric(located["corroboration"], errors="coerce").fillna(1).to_numpy()
    ranked = np.lexsort((-corroboration, recent, rank))  # the last key first; stable among equals
    detailed = located.iloc[np.sort(ranked[:detail_cap])]
    compact = located.iloc[np.sort(ranked[detail_cap:draw_cap])]
    drawn = len(detailed) + len(compact)
    notice = (f"{total:,} records match; the map shows {len(detailed):,} with popups"
              + (f" and {len(compact):,} more as dots" if len(compact) else "")
              + (f", and leaves out {total - drawn:,}" if drawn < total else "")
              + ". Narrow the filters to see each one; the table and the exports hold them all.")
    return Drawing(detailed, compact, total, notice, _framing(detailed.geometry, compact.geometry))


def _days(dates: pd.Series) -> np.ndarray:
    """datetime64[D] of ISO dates, NaT for a missing one: by Arrow (2 ms for 60,000 dates, pandas 14 ms),
    by pandas when any is not a plain date ('2015-09', a text from a records file)."""
    try:
        return pc.cast(pa.array(dates.array), pa.date32()).to_numpy(zero_copy_only=False).astype("datetime64[D]")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return pd.to_datetime(dates, errors="coerce").to_numpy().astype("datetime64[D]")


def _framing(*shapes: gpd.GeoSeries) -> Framing | None:
    """The first view of the records drawn (a control area by its representative point). The series'
    points are joined as arrays: geopandas' concat compares their CRS by name, 12 ms a call."""
    if not any(len(part) for part in shapes):
        return None
    points = np.concatenate([representative_points(part) for part in shapes])
    return frame_points(shapely.get_x(points), shapely.get_y(points))
