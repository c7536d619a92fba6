"""Records frame rows <-> table rows.

A frame row becomes one ``records`` row (its point as ``lat``/``lon``, nested cells as JSON,
any column this module does not know in ``extra``) and one ``sources`` row per source. Back,
``to_frame`` builds the records GeoDataFrame (EPSG:4326, ``geo.frame.COLUMNS`` first) from
those rows. The (lat, lon) <-> (x, y) swap of the store happens here only.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from ..frame import COLUMNS, CRS, plain
from .schema import RECORD_INTEGER, RECORD_JSON, RECORD_REAL, RECORD_TEXT

__all__ = ["record_rows", "to_frame", "SOURCE_FIELDS", "dumps", "loads"]

SOURCE_FIELDS = ("report", "title", "outlet", "url", "published", "quote", "start", "end", "fatalities",
                 "place_start", "place_end")
_KNOWN = {*RECORD_TEXT, *RECORD_REAL, *RECORD_INTEGER, *RECORD_JSON, "sources", "geometry"}


def dumps(value: Any) -> str | None:
    """JSON text of a cell (None stays None)."""
    value = plain(value)
    return None if value is None else json.dumps(value, ensure_ascii=False, allow_nan=False)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _number(value: Any, kind: type) -> Any:
    value = plain(value)
    return None if value is None else kind(value)


def record_rows(frame: gpd.GeoDataFrame) -> Iterable[tuple[dict, list[dict]]]:
    """(records row, its sources rows) for each row of ``frame``; report, hash and dataset are the caller's."""
    for row, shape in zip(frame.to_dict("records"), frame.geometry):
        point = None if shape is None or shape.is_empty else (shape if shape.geom_type == "Point"
                                                               else shape.representative_point())
        sources = [s for s in (row.get("sources") or []) if isinstance(s, dict)]
        first = sources[0] if sources else {}
        place_start = plain(first.get("place_start"))
        out = {
            "start": int(first.get("start") or 0),
            "end": int(first.get("end") or 0),
            "place_start": -1 if place_start is None else int(place_start),
            "lat": None if point is None else float(point.y),
            "lon": None if point is None else float(point.x),
            **{name: _text(row.get(name)) for name in RECORD_TEXT},
            **{name: _number(row.get(name), float) for name in RECORD_REAL},
            **{name: _number(row.get(name), int) for name in RECORD_INTEGER},
            **{name: dumps(row.get(name)) for name in RECORD_JSON},
            "extra": json.dumps({k: plain(v) for k, v in row.items() if k not in _KNOWN}, ensure_ascii=False,
                                allow_nan=False),
        }
        yield out, [{"position": i, **{f: _source_value(s.get(f), f) for f in SOURCE_FIELDS}}
                    for i, s in enumerate(sources)]


def _text(value: Any) -> str | None:
    value = plain(value)
    return None if value is None else str(value)


def _source_value(value: Any, name: str) -> Any:
    value = plain(value)
    if name in ("title", "outlet", "url", "quote"):
        return "" if value is None else str(value)
    if name in ("start", "end", "place_start", "place_end"):
        return None if value is None else int(value)
    return None if value is None else str(value)


def to_frame(rows: list[dict], sources: dict[int, list[dict]], extra_columns: Iterable[str] = ()) -> gpd.GeoDataFrame:
    """The records GeoDataFrame of ``records`` rows (dicts with an ``id``), their sources by record id,
    and ``extra_columns`` (taken from each row as they are) after the frame's columns."""
    extra_columns = list(extra_columns)
    out, points = [], []
    for row in rows:
        cell = {name: row.get(name) for name in (*RECORD_TEXT, *RECORD_REAL, *RECORD_INTEGER)}
        cell.update({name: loads(row.get(name)) for name in RECORD_JSON})
        cell["sources"] = sources.get(row["id"], [])
        cell.update(loads(row.get("extra")) or {})
        cell.update({name: row.get(name) for name in extra_columns})
        out.append(cell)
        lat, lon = row.get("lat"), row.get("lon")
        points.append(Point(lon, lat) if lat is not None and lon is not None else None)  # (lat, lon) -> (x, y)
    names = list(dict.fromkeys([*COLUMNS, *(k for cell in out for k in cell), *extra_columns]))
    frame = pd.DataFrame(out, columns=names) if out else pd.DataFrame({n: pd.Series(dtype=object) for n in names})
    if "count" in frame:
        frame["count"] = pd.to_numeric(frame["count"]).astype("Int64")
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(points, crs=CRS), crs=CRS)
