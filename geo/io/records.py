"""Records files read back: our GeoJSON export, our ACLED-like CSV export, or GeoParquet in the same schema.

A store's export (``python -m geo records``) keeps its ``review_status``, ``reviewed_by``,
``reviewed_at`` and ``dataset`` columns when read back. The CSV export holds less than the
GeoJSON (``geo.io.export.acled_row``): a record read from it has one source (the outlets,
quotes and links of all its sources, as joined there), its lowest fatality figure, a point
(a polygon's representative point) and no claim columns; the apostrophe that guarded a cell
against spreadsheet formulas is taken off again.

Any malformed file raises ``InputError`` naming the column and the record; nothing else
escapes. The size is checked before the file is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely
from pyproj.exceptions import CRSError
from shapely.errors import GEOSException
from shapely.geometry import Point, shape

from ..errors import InputError
from ..fileio import read_limited
from ..frame import COLUMNS, CRS, NESTED_COLUMNS, REVIEW_COLUMNS, plain
from .export import ACLED_COLUMNS, defuse_formula

__all__ = ["read_records", "MAX_RECORDS_BYTES"]

MAX_RECORDS_BYTES = 500_000_000
_MAX_LISTED = 5  # feature numbers named in one message


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
            and math.isfinite(value))


_PLAIN_TYPES = frozenset({str, int, bool, type(None), dt.date})


def _is_scalar(value: Any) -> bool:
    kind = type(value)
    if kind in _PLAIN_TYPES:  # the common case first: a records file holds millions of these
        return True
    if kind is float:
        return not math.isinf(value)  # NaN: missing
    return _missing(value) or isinstance(value, (str, bool, dt.date)) or _is_number(value)


def _is_flat_dict(value: Any) -> bool:
    return (isinstance(value, dict) and all(type(k) is str for k in value)
            and all(map(_is_scalar, value.values())))


def _is_dict_list(value: Any) -> bool:
    return isinstance(value, list) and all(map(_is_flat_dict, value))


# What each column of a records file may hold, besides a missing value; ``sources`` is required.
_CELL_RULES: dict[str, tuple[str, Any]] = {
    "record_id": ("text", lambda v: isinstance(v, str)),
    "kind": ("text", lambda v: isinstance(v, str)),
    "sources": ("a list of objects", _is_dict_list),
    "fatalities": ("a list of objects", _is_dict_list),
    "origin": ("an object", _is_flat_dict),
    "destination": ("an object", _is_flat_dict),
    "event_date": ("an ISO date", lambda v: isinstance(v, (str, dt.date))),
    **{name: ("a number", _is_number) for name in ("place_confidence", "count", "corroboration", "claim_km",
                                                   "computed_km", "tolerance_km")},
}
_REQUIRED = ("record_id", "kind", "sources")


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    names = {str: "text", int: "a number", float: "a number", list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def _check_cells(frame: pd.DataFrame, name: str) -> None:
    """``InputError`` naming the first column with a value of the wrong type, and the features that hold one."""
    for column in [c for c in frame.columns if (c in COLUMNS or c in REVIEW_COLUMNS) and c != "geometry"]:
        description, rule = _CELL_RULES.get(column, ("text", lambda v: isinstance(v, str)))
        values = frame[column].tolist()
        bad = [i for i, v in enumerate(values)
               if (column in _REQUIRED and _missing(v)) or not (_missing(v) or rule(v))]
        if bad:
            shown = ", ".join(str(i + 1) for i in bad[:_MAX_LISTED]) + (", …" if len(bad) > _MAX_LISTED else "")
            first = values[bad[0]]
            got = "nothing" if _missing(first) else _kind_of(first)
            if isinstance(first, (list, dict)) and description.startswith(("a list", "an object")):
                got += " holding other values (lists, objects or non-finite numbers)"
            raise InputError(f"{name}: expected {description} in '{column}', instead got {got} "
                             f"(record{'s' if len(bad) > 1 else ''} {shown}).")


def _reject_constant(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON number")


def _geojson_frame(data: bytes, name: str) -> gpd.GeoDataFrame:
    collection = json.loads(data.decode("utf-8-sig"), parse_constant=_reject_constant)
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        got = collection.get("type") if isinstance(collection, dict) else _kind_of(collection)
        raise InputError(f"{name}: expected a GeoJSON FeatureCollection, instead got {got!r}.")
    features = collection.get("features")
    if not isinstance(features, list):
        raise InputError(f"{name}: expected 'features' as a list, instead got {_kind_of(features)}.")
    rows, shapes = [], []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(feature, dict):
            raise InputError(f"{name}: expected every feature as an object, instead got {_kind_of(feature)} "
                             f"as feature {number}.")
        if not isinstance(properties, (dict, type(None))):
            raise InputError(f"{name}: expected the properties of every feature as an object, instead got "
                             f"{_kind_of(properties)} in feature {number}.")
        rows.append(properties or {})
        shapes.append(_shape(feature.get("geometry"), number, name))
    _check_lon_lat(shapes, name)
    review = [c for c in REVIEW_COLUMNS if any(c in row for row in rows)]  # a store's export has them
    columns = [*COLUMNS, *review]
    table = pd.DataFrame([{column: row.get(column) for column in columns} for row in rows], columns=columns)
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(shapes, crs=CRS))


def _undefused(text: str) -> str:
    """A CSV cell as it was before ``defuse_formula`` guarded it."""
    return text[1:] if text.startswith("'") and defuse_formula(text[1:]) != text[1:] else text


def _whole(text: str, column: str, number: int, name: str) -> int | None:
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise InputError(f"{name}: expected a whole number in '{column}', instead got {text[:40]!r} (row {number}).")
    return int(text)


def _csv_frame(data: bytes, name: str) -> gpd.GeoDataFrame:
    """Records of our ACLED-like CSV export (see the module's docstring); rows numbered as a
    spreadsheet does (the header is row 1)."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    missing = [c for c in ("record_id", "kind", "latitude", "longitude") if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{name}: expected the columns of this tool's CSV export ({', '.join(ACLED_COLUMNS)}), "
                         f"instead got {(reader.fieldnames or [])[:20]!r}, without {missing!r}.")
    rows, shapes = [], []
    for number, raw in enumerate(reader, start=2):
        cell = {key: _undefused(value or "") for key, value in raw.items() if isinstance(key, str)}
        lat, lon = cell.get("latitude", ""), cell.get("longitude", "")
        try:
            shapes.append(Point(float(lon), float(lat)) if lat and lon else None)  # (lat, lon) -> (x, y)
        except ValueError:
            raise InputError(f"{name}: expected numbers in 'latitude' and 'longitude', instead got "
                             f"{lat[:40]!r}, {lon[:40]!r} (row {number}).") from None
        fatalities = _whole(cell.get("fatalities", ""), "fatalities", number, name)
        rows.append({
            "record_id": cell["record_id"] or None, "kind": cell["kind"] or None,
            **{ours: cell.get(theirs) or None for ours, theirs in (
                ("event_type", "event_type"), ("sub_event_type", "sub_event_type"), ("actor", "actor1"),
                ("actor2", "actor2"), ("event_date", "event_date"), ("date_precision", "time_precision"),
                ("place", "location"), ("geo_precision", "geo_precision"))},
            "corroboration": _whole(cell.get("corroboration", ""), "corroboration", number, name),
            "fatalities": None if fatalities is None else [{"figure": fatalities}],
            "sources": [{"report": "", "title": "", "outlet": cell.get("source", ""), "url": cell.get("url", ""),
                         "published": None, "quote": cell.get("quote", ""), "start": None, "end": None}],
            **{column: cell.get(column) or None for column in REVIEW_COLUMNS if column in reader.fieldnames},
        })
    _check_lon_lat(shapes, name)
    review = [c for c in REVIEW_COLUMNS if c in reader.fieldnames]
    table = pd.DataFrame(rows, columns=[*COLUMNS, *review])
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(shapes, crs=CRS))


def _shape(geometry: Any, number: int, name: str):
    """A feature's geometry; None (a record without coordinates) when it has none."""
    if geometry is None:
        return None
    try:
        made = shape(geometry)
    except (GEOSException, ValueError, TypeError, KeyError, AttributeError, IndexError) as err:
        raise InputError(f"{name}: expected a GeoJSON geometry in feature {number}, instead got: "
                         f"{str(err)[:200] or type(err).__name__}.") from err
    return made


def _check_lon_lat(shapes: list, name: str) -> None:
    """``InputError`` naming the first feature with a vertex off the globe, or not finite."""
    xy, owner = shapely.get_coordinates(np.array(shapes, dtype=object), return_index=True)
    bad = ~np.isfinite(xy).all(axis=1) | (np.abs(xy[:, 0]) > 180) | (np.abs(xy[:, 1]) > 90)
    if bad.any():
        raise InputError(f"{name}: expected longitude -180..180 and latitude -90..90 in feature "
                         f"{int(owner[bad][0]) + 1}, instead got a coordinate outside them.")


def _parquet_frame(data: bytes, name: str) -> gpd.GeoDataFrame:
    frame = gpd.read_parquet(io.BytesIO(data))
    for column in NESTED_COLUMNS:
        if column in frame.columns:  # nested values come back as numpy arrays
            frame[column] = frame[column].map(plain)
    if frame.crs is not None and not frame.crs.equals(CRS):
        frame = frame.to_crs(CRS)
    return frame


def read_records(path: str | Path, *, name: str | None = None) -> gpd.GeoDataFrame:
    """Records saved earlier: our GeoJSON or CSV export (by the suffix .csv), or a GeoParquet file
    (.parquet) in the frame's schema.

    Raises ``InputError`` naming the file (``name``, else the path as given) when
    it is larger than ``MAX_RECORDS_BYTES`` (checked before reading), not one of
    these, or holds a value of the wrong type (sources not a list of objects, a
    number that is text, ...); nothing else escapes.
    """
    name = str(path) if name is None else name
    data = read_limited(path, limit=MAX_RECORDS_BYTES, what="a records file", name=name)
    try:
        if Path(path).suffix.lower() == ".parquet":
            frame = _parquet_frame(data, name)
        elif Path(path).suffix.lower() == ".csv":
            frame = _csv_frame(data, name)
        else:
            frame = _geojson_frame(data, name)
        missing = [c for c in _REQUIRED if c not in frame.columns]
        if missing:
            raise InputError(f"{name}: expected record columns {missing!r}; is it an export of this tool?")
        _check_cells(frame, name)  # Arrow decodes a GeoParquet column only here: inside the try
        return frame.reindex(columns=list(dict.fromkeys([*COLUMNS, *frame.columns])))
    except InputError:
        raise
    except (OSError, ValueError, KeyError, AttributeError, TypeError, NotImplementedError, RecursionError, csv.Error,
            pa.ArrowException, CRSError, GEOSException) as err:  # UnicodeDecodeError, JSONDecodeError: ValueError
        raise InputError(f"{name}: expected records as GeoJSON, CSV or GeoParquet, instead got: "
                         f"{str(err)[:300] or type(err).__name__}") from err
