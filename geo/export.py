"""Stage 7: GeoJSON export per RFC 7946.

A FeatureCollection with no ``crs`` member (RFC 7946 fixes WGS 84), Point
coordinates as ``[lon, lat]`` rounded to 6 decimals (about 0.1 m), ISO dates,
and ``null`` wherever a value is missing: never NaN, which is not JSON.
"""

from __future__ import annotations

import json
import math
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, mapping
from shapely.geometry.polygon import orient

from .frame import CLAIM_COLUMNS

__all__ = ["to_feature_collection", "to_geojson_bytes", "PROPERTIES", "plain"]

PROPERTIES = [
    "record_id", "kind", "event_type", "actor", "actor2", "event_date", "date_precision",
    "place", "place_id", "geo_precision", "country", "place_confidence", "asset", "count",
    "fatalities", "corroboration", "origin", "destination", "sources",
] + CLAIM_COLUMNS
_DECIMALS = 6


def plain(value: Any) -> Any:
    """A JSON-ready copy of a cell: numpy scalars to Python, NaN and NA to None."""
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


def _geometry(shape) -> dict | None:
    """Points as ``[lon, lat]``; areas (control areas from a positions file) with
    their outer rings counter-clockwise, as RFC 7946 section 3.1.6 asks."""
    if shape is None or shape.is_empty:
        return None
    if shape.geom_type == "Point":
        return {"type": "Point", "coordinates": [round(shape.x, _DECIMALS), round(shape.y, _DECIMALS)]}
    shape = shapely.set_precision(shape, 10 ** -_DECIMALS)
    if shape.geom_type == "Polygon":
        shape = orient(shape, 1.0)
    elif shape.geom_type == "MultiPolygon":
        shape = MultiPolygon([orient(part, 1.0) for part in shape.geoms])
    return mapping(shape)


def to_feature_collection(frame: gpd.GeoDataFrame) -> dict:
    """The records as an RFC 7946 FeatureCollection (a dict)."""
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    columns = [c for c in PROPERTIES if c in frame.columns]
    features = []
    for row, point in zip(frame[columns].itertuples(index=False), frame.geometry):
        properties = {name: plain(value) for name, value in zip(columns, row)}
        features.append({"type": "Feature", "geometry": _geometry(point), "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def to_geojson_bytes(frame: gpd.GeoDataFrame) -> bytes:
    """UTF-8 GeoJSON text; raises ValueError rather than write NaN."""
    return json.dumps(to_feature_collection(frame), ensure_ascii=False, allow_nan=False).encode("utf-8")
