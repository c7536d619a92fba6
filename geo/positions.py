"""Positions or control areas a user loads from a file (GeoJSON, GeoPackage, CSV).

Each feature becomes a record of kind "position": points or polygons, with
the actor taken from a column named ``actor`` (or ``--actor`` for the whole
file). CSV files need ``lat`` and ``lon`` columns (or ``latitude`` /
``longitude``). The file's CRS is respected; everything ends in EPSG:4326.
Polygons are measured to their edge, 0 inside, by ``geo.analysis``.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
from pyogrio.errors import DataLayerError, DataSourceError

from .errors import InputError

__all__ = ["load_positions"]

_LAT = ("lat", "latitude", "y")
_LON = ("lon", "lng", "long", "longitude", "x")


def _column(frame: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    lowered = {c.lower(): c for c in frame.columns}
    return next((lowered[n] for n in names if n in lowered), None)


def _read(path: Path) -> gpd.GeoDataFrame:
    if path.suffix.lower() == ".csv":
        try:
            table = pd.read_csv(path)
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
            raise InputError(f"{path}: expected a CSV table, instead got: {err}") from err
        lat, lon = _column(table, _LAT), _column(table, _LON)
        if lat is None or lon is None:
            raise InputError(f"{path}: expected 'lat' and 'lon' columns, instead got: {list(table.columns)!r}.")
        coords = table[[lat, lon]].apply(pd.to_numeric, errors="coerce")
        bad = coords.isna().any(axis=1) | ~coords[lat].between(-90, 90) | ~coords[lon].between(-180, 180)
        if bad.all():
            raise InputError(f"{path}: expected numeric lat/lon within range, instead got none usable.")
        table = table[~bad]
        # The one place in this module where (lat, lon) becomes (x, y).
        return gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(coords[lon][~bad], coords[lat][~bad]),
                                crs="EPSG:4326")
    try:
        return gpd.read_file(path)
    except (DataSourceError, DataLayerError, ValueError, OSError) as err:
        raise InputError(f"{path}: expected GeoJSON, GeoPackage or CSV with lat/lon, instead got: {err}") from err


def load_positions(path: str | Path, *, actor: str | None = None) -> gpd.GeoDataFrame:
    """Rows of kind "position" from a file, ready to add to the records frame."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"Expected a positions file, instead got: {str(path)!r} (not found).")
    frame = _read(path)
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty)].to_crs("EPSG:4326")
    column = _column(frame, ("actor",))
    if actor is None and column is None:
        raise InputError(f"{path}: expected an 'actor' column or an actor for the whole file, instead got neither.")
    names = frame[column].astype(str) if column is not None and actor is None else pd.Series(actor, index=frame.index)
    place_column = _column(frame, ("place", "name"))
    places = frame[place_column].astype(str) if place_column else pd.Series(path.stem, index=frame.index)
    precision = ["site" if geom.geom_type == "Point" else "area" for geom in frame.geometry]
    out = gpd.GeoDataFrame({
        "record_id": [f"file-{path.stem}-{i}" for i in range(len(frame))],
        "kind": "position", "event_type": "position", "actor": names.to_numpy(), "actor2": None,
        "event_date": None, "date_precision": "unknown", "place": places.to_numpy(), "place_id": None,
        "geo_precision": precision, "country": None, "place_confidence": 1.0, "corroboration": 1,
        "sources": [[{"report": path.name, "title": path.name, "outlet": "", "url": "", "published": None,
                      "quote": f"{place} ({path.name})", "start": 0, "end": 0}] for place in places],
    }, geometry=frame.geometry.to_numpy(), crs="EPSG:4326")
    return out
