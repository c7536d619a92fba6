"""Stage 7: exports of the records as bytes, for a download button or a file.

- GeoJSON per RFC 7946: a FeatureCollection with no ``crs`` member (RFC 7946 fixes WGS 84),
  Point coordinates as ``[lon, lat]`` rounded to 6 decimals (about 0.1 m), ISO dates, and
  ``null`` wherever a value is missing: never NaN, which is not JSON.
- CSV with ACLED-like columns (``to_acled_csv_bytes``), guarded against formula injection.
- GeoPackage with one layer per kind of record (``to_geopackage_bytes``).

The map as one offline HTML file is ``geo.render.standalone.standalone_html``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any, Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, mapping
from shapely.geometry.polygon import orient

from ..frame import CLAIM_COLUMNS, COLUMNS, KINDS, NESTED_COLUMNS, plain

__all__ = ["to_feature_collection", "to_geojson_bytes", "PROPERTIES", "plain",
           "ACLED_COLUMNS", "acled_row", "defuse_formula", "lowest_figure", "to_acled_csv_bytes",
           "LAYERS", "OTHER_LAYER", "geopackage_layers", "to_geopackage_bytes"]

PROPERTIES = COLUMNS  # every column of the records frame, in its order
_DECIMALS = 6


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


def _in_wgs84(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``frame`` in EPSG:4326 (a frame without CRS is taken to be in it already)."""
    if frame.crs is None:
        return frame.set_crs("EPSG:4326")
    if not frame.crs.equals("EPSG:4326"):
        return frame.to_crs("EPSG:4326")
    return frame


def to_feature_collection(frame: gpd.GeoDataFrame) -> dict:
    """The records as an RFC 7946 FeatureCollection (a dict)."""
    frame = _in_wgs84(frame)
    columns = [c for c in PROPERTIES if c in frame.columns]
    features = []
    for row, point in zip(frame[columns].itertuples(index=False), frame.geometry):
        properties = {name: plain(value) for name, value in zip(columns, row)}
        features.append({"type": "Feature", "geometry": _geometry(point), "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def to_geojson_bytes(frame: gpd.GeoDataFrame) -> bytes:
    """UTF-8 GeoJSON text; raises ValueError rather than write NaN."""
    return json.dumps(to_feature_collection(frame), ensure_ascii=False, allow_nan=False).encode("utf-8")


# --- ACLED-like CSV ---------------------------------------------------------------------------

ACLED_COLUMNS = [
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location", "latitude", "longitude",
    "geo_precision", "time_precision", "source", "notes", "fatalities",
    "quote", "url", "kind", "record_id", "corroboration",
]
# Cells we compute as numbers; every other cell may carry report text and is guarded.
_NUMERIC_CSV = frozenset({"latitude", "longitude", "fatalities", "corroboration"})
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection"), also
# after leading spaces or invisible characters, and some read the full-width forms as well.
_FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_RISKY_FIRST = ("\t", "\r")
_INTEGER = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+")  # "32", "1,200"


def _text(value: Any) -> str:
    """A cell as text: missing values (None, NaN, NA) become '', dates ISO."""
    value = plain(value)
    return "" if value is None else str(value)


def _sources(row: Any) -> list[dict]:
    sources = getattr(row, "sources", None)
    return [s for s in sources if isinstance(s, dict)] if isinstance(sources, (list, tuple)) else []


def _joined(values: Iterable[Any], sep: str) -> str:
    """Non-empty values once each, in order of first appearance."""
    return sep.join(dict.fromkeys(text for text in map(_text, values) if text))


def lowest_figure(figures: Any) -> int | None:
    """The ACLED fatality number of a record: the lowest of the figures its sources
    state, as ACLED records the most conservative estimate when reports conflict;
    None when no figure is numeric.

    ``figures`` is the ``fatalities`` cell: a list of ``{figure, report}`` dicts whose
    figures are verbatim text ("more than 30 Syrian civilians" -> 30) or numbers.
    The first number of each figure is its count.
    """
    if not isinstance(figures, (list, tuple)):
        return None
    numbers: list[int] = []
    for item in figures:
        figure = item.get("figure") if isinstance(item, dict) else item
        if isinstance(figure, (int, np.integer)) and not isinstance(figure, bool):
            numbers.append(int(figure))
        elif isinstance(figure, str):
            found = _INTEGER.search(figure)
            if found:
                numbers.append(int(found.group(0).replace(",", "")))
    return min(numbers) if numbers else None


def _figures_text(figures: Any) -> str:
    """Every stated figure verbatim with its report: "more than 30 Syrian civilians (003_...)"."""
    if not isinstance(figures, (list, tuple)):
        return ""
    return "; ".join(f"{_text(f.get('figure'))} ({_text(f.get('report'))})"
                     for f in figures if isinstance(f, dict) and _text(f.get("figure")))


def _notes(row: Any, sources: list[dict]) -> str:
    """A claim's explanation, else the first quote; then the fatality figures as each report gives them."""
    first = _text(getattr(row, "explanation", None)) if _text(getattr(row, "kind", None)) == "claim" else ""
    first = first or (_text(sources[0].get("quote")) if sources else "")
    figures = _figures_text(getattr(row, "fatalities", None))
    return f"{first} Reported figures: {figures}." if figures else first


def _lat_lon(shape) -> tuple[str, str]:
    """(latitude, longitude) with 6 decimals; a polygon's representative point; '' without geometry."""
    if shape is None or shape.is_empty:
        return "", ""
    point = shape if shape.geom_type == "Point" else shape.representative_point()
    return f"{point.y:.{_DECIMALS}f}", f"{point.x:.{_DECIMALS}f}"


def _first_visible(text: str) -> str:
    """The first character that is not whitespace, a control or a format character (zero-width, bidi)."""
    return next((c for c in text if not (c.isspace() or unicodedata.category(c) in ("Cc", "Cf"))), "")


def defuse_formula(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet could run it as a formula: it starts
    with tab or CR, or its first visible character is ``= + - @`` (or a full-width one)."""
    risky = text.startswith(_RISKY_FIRST) or _first_visible(text) in _FORMULA_START
    return "'" + text if risky else text


def acled_row(row: Any, shape) -> dict[str, str]:
    """One record as an ACLED-like CSV row (all cells text, formula-guarded except numbers)."""
    sources = _sources(row)
    latitude, longitude = _lat_lon(shape)
    fatalities = lowest_figure(getattr(row, "fatalities", None))
    corroboration = plain(getattr(row, "corroboration", None))
    cells = {
        "event_date": _text(getattr(row, "event_date", None)),
        "event_type": _text(getattr(row, "event_type", None)),
        "sub_event_type": _text(getattr(row, "sub_event_type", None)),
        "actor1": _text(getattr(row, "actor", None)),
        "actor2": _text(getattr(row, "actor2", None)),
        "location": _text(getattr(row, "place", None)),
        "latitude": latitude,
        "longitude": longitude,
        "geo_precision": _text(getattr(row, "geo_precision", None)),
        "time_precision": _text(getattr(row, "date_precision", None)),
        "source": _joined((s.get("outlet") or s.get("report") for s in sources), "; "),
        "notes": _notes(row, sources),
        "fatalities": "" if fatalities is None else str(fatalities),
        "quote": _joined((s.get("quote") for s in sources), " | "),
        "url": _joined((s.get("url") for s in sources), " "),
        "kind": _text(getattr(row, "kind", None)),
        "record_id": _text(getattr(row, "record_id", None)),
        "corroboration": "" if corroboration is None else str(int(corroboration)),
    }
    return {name: value if name in _NUMERIC_CSV else defuse_formula(value) for name, value in cells.items()}


def to_acled_csv_bytes(frame: gpd.GeoDataFrame) -> bytes:
    """The records as UTF-8 CSV with ACLED-like columns (``ACLED_COLUMNS``), one row per record.

    Modelled on ACLED's export, with these differences:

    - ``event_type`` and ``sub_event_type`` are ACLED's for events (``geo.extract.vocabulary``);
      assets keep ``deployment`` / ``transit``, positions ``position`` and claims
      ``distance claim``, with an empty ``sub_event_type``.

    - ``geo_precision`` and ``time_precision`` keep our words (site, water, town, district,
      province, region, country; day, week, month, unknown) instead of ACLED's codes 1-3.
    - ``source`` lists each source's outlet (its report id when it has no outlet) once, "; "-joined.
    - ``fatalities`` is the lowest figure the sources state, ACLED's conservative rule ("more
      than 30" counts as 30), empty when no figure is numeric; ``notes`` repeats every figure
      verbatim with its report.
    - ``notes`` is the claim's explanation for claims, otherwise the first quote.
    - After ACLED's columns come ours: every ``quote`` (" | "-joined), every ``url``
      (space-joined), ``kind``, ``record_id`` and ``corroboration`` (number of reports).

    Latitude and longitude have 6 decimals (a polygon gives its representative point) and are
    empty for a record without geometry. Report text is untrusted and analysts open CSVs in
    spreadsheets, so a text cell starting with tab or CR, or whose first visible character (after
    spaces, controls, zero-width and bidi marks) is ``= + - @`` or a full-width form of one, gets a
    leading apostrophe; the numeric columns are left as numbers.
    """
    frame = _in_wgs84(frame)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    for row, shape in zip(frame.itertuples(index=False), frame.geometry):
        writer.writerow(acled_row(row, shape))
    return out.getvalue().encode("utf-8")


# --- GeoPackage -------------------------------------------------------------------------------

LAYERS = {kind: f"{kind}s" for kind in KINDS}  # events, assets, positions, claims
OTHER_LAYER = "other"  # rows whose kind is none of LAYERS: kept, not dropped
_INTEGER_COLUMNS = ("count", "corroboration")
_REAL_COLUMNS = ("place_confidence", "claim_km", "computed_km", "tolerance_km")


def _json_cell(value: Any) -> str | None:
    """A list or dict cell as JSON text; a missing value stays missing."""
    value = plain(value)
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _layer_table(part: gpd.GeoDataFrame, *, claims: bool) -> gpd.GeoDataFrame:
    """One layer's columns in types a GeoPackage holds: JSON text for lists and dicts, numbers
    as numbers. Claim columns only on the claims layer (they are empty elsewhere)."""
    columns = [c for c in part.columns if c != part.geometry.name and (claims or c not in CLAIM_COLUMNS)]
    table = pd.DataFrame(index=part.index)
    for name in columns:
        column = part[name]
        if name in _INTEGER_COLUMNS:
            table[name] = pd.to_numeric(column, errors="coerce").round().astype("Int64")
        elif name in _REAL_COLUMNS:
            table[name] = pd.to_numeric(column, errors="coerce").astype("float64")
        elif name in NESTED_COLUMNS or column.map(lambda v: isinstance(v, (list, tuple, dict, np.ndarray))).any():
            table[name] = column.map(_json_cell).astype(object)
        else:
            table[name] = column.map(plain).astype(object)
    return gpd.GeoDataFrame(table, geometry=part.geometry.values, crs=part.crs).reset_index(drop=True)


def geopackage_layers(frame: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """The layers ``to_geopackage_bytes`` writes, by name, in ``LAYERS`` order then ``other``."""
    frame = _in_wgs84(frame)
    names = frame["kind"].map(lambda kind: LAYERS.get(kind, OTHER_LAYER) if isinstance(kind, str) else OTHER_LAYER)
    order = [*LAYERS.values(), OTHER_LAYER]
    return {name: _layer_table(frame[names == name], claims=name == "claims")
            for name in order if (names == name).any()}


def to_geopackage_bytes(frame: gpd.GeoDataFrame) -> bytes:
    """The records as a GeoPackage (EPSG:4326) with one layer per kind present.

    Layers are ``events``, ``assets``, ``positions`` and ``claims`` (and ``other`` for rows of
    any other kind). ``sources``, ``fatalities``, ``origin`` and ``destination`` are JSON text.
    Rows without geometry are kept with a null geometry. A layer mixing points and control-area
    polygons is written with GeoPackage's generic ``GEOMETRY`` type, which geopandas/pyogrio
    choose when the types differ. Raises ValueError for a frame without rows.
    """
    if frame.empty:
        raise ValueError("Expected at least one record to write as a GeoPackage, instead got an empty frame.")
    with tempfile.TemporaryDirectory(prefix="geo-export-") as folder:
        path = Path(folder) / "records.gpkg"
        for name, layer in geopackage_layers(frame).items():
            layer.to_file(path, layer=name, driver="GPKG", engine="pyogrio")
        return path.read_bytes()
