"""Stage 4: records to a GeoDataFrame in EPSG:4326.

One row per record. The (lat, lon) -> Point(x=lon, y=lat) swap happens once,
in ``to_frame``. A record without coordinates stays a row with an empty
geometry; it is dropped only when drawing or exporting.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point, shape

from .errors import InputError
from .events import Record

# The columns of claim rows (null elsewhere); see geo.claims.
CLAIM_COLUMNS = ["claim_km", "claim_text", "claim_to", "claim_from", "computed_km", "tolerance_km",
                 "verdict", "explanation", "nearest_position", "nearest_place"]

__all__ = ["COLUMNS", "CLAIM_COLUMNS", "KINDS", "NESTED_COLUMNS", "to_frame", "empty_frame", "record_id",
           "combine", "read_records", "plain"]

KINDS = ["event", "asset", "position", "claim"]
NESTED_COLUMNS = ("sources", "fatalities", "origin", "destination")  # lists and dicts in a cell

COLUMNS = [
    "record_id", "kind", "event_type", "actor", "actor2", "event_date", "date_precision",
    "place", "place_id", "geo_precision", "country", "place_confidence", "asset", "count",
    "fatalities", "corroboration", "origin", "destination", "sources",
] + CLAIM_COLUMNS
CRS = "EPSG:4326"


def record_id(record: Record) -> str:
    """A stable id: the same record from the same sentence always gets the same id."""
    first = record.sources[0]
    key = "|".join(map(str, (record.kind, record.event_type, record.actor, record.place_id,
                             first.report, first.start)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def empty_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({name: pd.Series(dtype=object) for name in COLUMNS},
                            geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


def to_frame(records: Iterable[Record]) -> gpd.GeoDataFrame:
    """A GeoDataFrame of records; ``sources`` holds a list of dicts per row."""
    rows, points = [], []
    for record in records:
        row = asdict(record)
        row["record_id"] = record_id(record)
        # Every figure with its source, side by side: never averaged.
        row["corroboration"] = len({s.report for s in record.sources})
        row["fatalities"] = [{"figure": s.fatalities, "report": s.report} for s in record.sources if s.fatalities] or None
        lat, lon = row.pop("lat"), row.pop("lon")
        # The one place where (lat, lon) becomes (x, y).
        points.append(Point(lon, lat) if lat is not None and lon is not None else None)
        rows.append({name: row.get(name) for name in COLUMNS})
    if not rows:
        return empty_frame()
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["count"] = frame["count"].astype("Int64")
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(points, crs=CRS), crs=CRS)


def combine(frame: gpd.GeoDataFrame, more: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Rows of ``more`` appended to ``frame``, in the frame's schema and CRS."""
    if more.empty:
        return frame
    more = more.to_crs(CRS) if more.crs is not None and not more.crs.equals(CRS) else more
    columns = list(dict.fromkeys([*COLUMNS, *frame.columns]))
    parts = [part.reindex(columns=columns) for part in (frame, more) if not part.empty]
    merged = pd.concat(parts, ignore_index=True)
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=CRS)


def plain(value: Any) -> Any:
    """A JSON-ready copy of a cell: numpy scalars and arrays to Python, NaN and NA to None."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return value


def read_records(path: str | Path) -> gpd.GeoDataFrame:
    """Records saved earlier: our GeoJSON export, or a GeoParquet file in the frame's schema.

    Raises ``InputError`` naming the file when it is not one of these.
    """
    path = Path(path)
    try:
        if path.suffix.lower() == ".parquet":
            frame = gpd.read_parquet(path)
            for column in NESTED_COLUMNS:
                if column in frame.columns:  # nested values come back as numpy arrays
                    frame[column] = frame[column].map(plain)
        else:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("type") != "FeatureCollection":
                raise InputError(f"{path}: expected a GeoJSON FeatureCollection, instead got {data.get('type')!r}.")
            features = data["features"]
            rows = [{name: (f.get("properties") or {}).get(name) for name in COLUMNS} for f in features]
            shapes = [shape(f["geometry"]) if f.get("geometry") else None for f in features]
            frame = gpd.GeoDataFrame(pd.DataFrame(rows, columns=COLUMNS), geometry=gpd.GeoSeries(shapes, crs=CRS))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, AttributeError, TypeError) as err:
        raise InputError(f"{path}: expected records as GeoJSON or GeoParquet, instead got: {err}") from err
    missing = [c for c in ("record_id", "kind", "sources") if c not in frame.columns]
    if missing:
        raise InputError(f"{path}: expected record columns {missing!r}; is it an export of this tool?")
    return frame.reindex(columns=list(dict.fromkeys([*COLUMNS, *frame.columns])))
