"""Positions or control areas a user loads from a file (GeoJSON, GeoPackage, CSV).

Each feature becomes a record of kind "position": points or polygons, with
the actor taken from a column named ``actor`` (or ``actor=`` for the whole
file). CSV files need ``lat`` and ``lon`` columns (or ``latitude`` /
``longitude``). The file's CRS is respected; everything ends in EPSG:4326.
Polygons are measured to their edge, 0 inside, by ``geo.analysis``.

``read_positions`` reads bytes already in memory (an upload): the client's file
name only chooses the format by its suffix and labels messages and records; it
is never a path. ``load_positions`` reads a file the user named on this machine.
Both return the rows and a warning for every group of rows or features dropped
(no coordinates, latitude outside -90..90, longitude outside -180..180, not
finite, no actor), and raise ``InputError`` when no row is usable, the input is
too large, or it is not in the format its suffix says.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path, PurePosixPath
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError, FieldError, GeometryError
from pyproj.exceptions import CRSError, ProjError
from shapely.errors import GEOSException

from ..errors import InputError
from ..fileio import read_limited

__all__ = ["LoadedPositions", "read_positions", "load_positions", "MAX_POSITIONS_BYTES",
           "MAX_POSITION_VERTICES", "POSITION_SUFFIXES"]

MAX_POSITIONS_BYTES = 50_000_000
MAX_POSITION_VERTICES = 1_000_000
POSITION_SUFFIXES = {".csv": "CSV", ".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG"}
_LAT = ("lat", "latitude", "y")
_LON = ("lon", "lng", "long", "longitude", "x")
_LISTED = 10  # row numbers named in one warning
_VALID = ("valid_from", "valid_to", "date")  # when a position held, if the file tells


class LoadedPositions(NamedTuple):
    """Position rows ready to add to the records frame, and what was dropped on the way."""

    frame: gpd.GeoDataFrame
    warnings: list[str]


def _column(frame: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    lowered = {str(c).lower(): c for c in frame.columns}
    return next((lowered[n] for n in names if n in lowered), None)


def _dropped(name: str, unit: str, total: int, numbers: list[int], reason: str) -> str:
    """'p.csv: 3 of 120 rows dropped: latitude outside -90..90 (rows 4, 9, 17)'."""
    shown = ", ".join(map(str, numbers[:_LISTED])) + (", …" if len(numbers) > _LISTED else "")
    return f"{name}: {len(numbers)} of {total} {unit}s dropped: {reason} ({unit}s {shown})"


class _Rows:
    """Rows of one input and the reason each bad one is dropped (the first reason found)."""

    def __init__(self, name: str, unit: str, numbers: np.ndarray):
        self.name, self.unit, self.numbers = name, unit, numbers
        self.reasons: dict[str, np.ndarray] = {}
        self.bad = np.zeros(len(numbers), dtype=bool)

    def drop(self, mask: np.ndarray, reason: str) -> None:
        new = np.asarray(mask, dtype=bool) & ~self.bad
        if new.any():
            self.reasons[reason] = new
            self.bad |= new

    def warnings(self) -> list[str]:
        return [_dropped(self.name, self.unit, len(self.numbers), self.numbers[mask].tolist(), reason)
                for reason, mask in self.reasons.items()]

    def check(self) -> None:
        if self.bad.all():
            details = "; ".join(self.warnings()) or f"{self.name}: no {self.unit}s"
            raise InputError(f"{self.name}: expected at least one usable {self.unit}, instead got none. {details}")


def _read_csv(data: bytes, name: str) -> tuple[gpd.GeoDataFrame, _Rows]:
    try:
        # Every cell as text: an actor "NaN" or "=1+1" stays what the file says.
        table = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, skip_blank_lines=False,
                            encoding="utf-8-sig")
    except (ValueError, OverflowError, pd.errors.ParserError) as err:  # UnicodeDecodeError is a ValueError
        raise InputError(f"{name}: expected a UTF-8 CSV table, instead got: {err}") from err
    table.columns = [str(c) for c in table.columns]
    lat, lon = _column(table, _LAT), _column(table, _LON)
    if lat is None or lon is None:
        raise InputError(f"{name}: expected 'lat' and 'lon' columns, instead got: {list(table.columns)[:20]!r}.")
    table = table[(table != "").any(axis=1)]  # blank lines are not rows
    _check_vertices(len(table), name)  # a point per row
    # Spreadsheet row numbers: the header is row 1 (blank lines kept their number).
    rows = _Rows(name, "row", table.index.to_numpy() + 2)
    coords = {axis: pd.to_numeric(table[column].str.strip(), errors="coerce").to_numpy(dtype=float)
              for axis, column in (("lat", lat), ("lon", lon))}
    for axis, label in (("lat", "latitude"), ("lon", "longitude")):
        rows.drop(np.isnan(coords[axis]), f"no {label} number")
    for axis, label in (("lat", "latitude"), ("lon", "longitude")):
        rows.drop(~np.isfinite(coords[axis]), f"{label} not finite")
    rows.drop(np.abs(coords["lat"]) > 90, "latitude outside -90..90")
    rows.drop(np.abs(coords["lon"]) > 180, "longitude outside -180..180")
    keep = [c for c in (_column(table, ("actor",)), _column(table, ("place", "name")),
                        *(_column(table, (name,)) for name in _VALID)) if c is not None]
    # The one place in this module where (lat, lon) becomes (x, y).
    points = gpd.points_from_xy(np.nan_to_num(coords["lon"]), np.nan_to_num(coords["lat"]))
    frame = gpd.GeoDataFrame(table[keep].reset_index(drop=True), geometry=points, crs="EPSG:4326")
    return frame, rows


def _read_ogr(data: bytes, name: str, driver: str, suffix: str) -> tuple[gpd.GeoDataFrame, list[str]]:
    """GeoJSON or GeoPackage through GDAL, from a file whose name we make (a hash of the bytes);
    the first layer only, with a note when there are more."""
    with tempfile.TemporaryDirectory(prefix="geo-positions-") as folder:
        path = Path(folder) / (hashlib.sha256(data).hexdigest() + suffix)
        path.write_bytes(data)
        source = f"{driver}:{path}"  # pins GDAL to the driver the suffix names
        try:
            layers = [str(layer) for layer, _ in pyogrio.list_layers(source)]
            # A geometry GEOS cannot build (a one-point ring) becomes None, dropped and counted later.
            frame = gpd.read_file(source, engine="pyogrio", layer=layers[0] if layers else None,
                                  on_invalid="ignore")
        except (DataSourceError, DataLayerError, FieldError, GeometryError, ValueError, TypeError,
                OSError, CRSError, GEOSException) as err:
            message = str(err).replace(source, name).replace(str(path), name).replace(folder, "")
            raise InputError(f"{name}: expected {driver} positions, instead got: {message[:300]}") from None
    notes = [f"{name}: {len(layers)} layers; only the first, {layers[0]!r}, was read"] if len(layers) > 1 else []
    return frame, notes


def _check_vertices(vertices: int, name: str) -> None:
    if vertices > MAX_POSITION_VERTICES:
        raise InputError(f"{name}: expected at most {MAX_POSITION_VERTICES:,} vertices, instead got {vertices:,}.")


def _check_geometries(frame: gpd.GeoDataFrame, name: str) -> tuple[gpd.GeoDataFrame, _Rows]:
    rows = _Rows(name, "feature", np.arange(1, len(frame) + 1))
    geometry = frame.geometry.to_numpy()
    _check_vertices(int(shapely.get_num_coordinates(geometry).sum()), name)
    rows.drop(shapely.is_missing(geometry) | shapely.is_empty(geometry), "no geometry, or one that is not valid")
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    elif not frame.crs.equals("EPSG:4326"):
        try:
            frame = frame.to_crs("EPSG:4326")
        except (CRSError, ProjError, ValueError) as err:
            raise InputError(f"{name}: expected a CRS that converts to EPSG:4326, instead got {frame.crs.name!r}: "
                             f"{err}") from err
    xy, owner = shapely.get_coordinates(frame.geometry.to_numpy(), return_index=True)
    for test, reason in ((~np.isfinite(xy).all(axis=1), "a coordinate not finite"),
                         (np.abs(xy[:, 1]) > 90, "latitude outside -90..90"),
                         (np.abs(xy[:, 0]) > 180, "longitude outside -180..180")):
        rows.drop(np.isin(np.arange(len(frame)), owner[test]), reason)
    return frame, rows


def _actors(frame: gpd.GeoDataFrame, rows: _Rows, actor: str | None, name: str) -> np.ndarray:
    if actor is not None:
        return np.full(len(frame), actor, dtype=object)
    column = _column(frame, ("actor",))
    if column is None:
        raise InputError(f"{name}: expected an 'actor' column or an actor for the whole file, instead got neither.")
    names = frame[column].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
    rows.drop((names.str.strip() == "").to_numpy(), "no actor")
    return names.to_numpy(dtype=object)


def _label(name: str) -> PurePosixPath:
    """The file name alone, whatever folders (this machine's or the client's) ``name`` holds."""
    return PurePosixPath(PurePosixPath(str(name).replace("\\", "/")).name)


def _format(name: str) -> tuple[str, str]:
    """(suffix, driver) for a positions file name; ``InputError`` for any other suffix."""
    suffix = _label(name).suffix.lower()
    if suffix not in POSITION_SUFFIXES:
        raise InputError(f"{name}: expected a file ending in {', '.join(POSITION_SUFFIXES)}, "
                         f"instead got {suffix or 'no suffix'!r}.")
    return suffix, POSITION_SUFFIXES[suffix]


def read_positions(data: bytes, *, name: str, actor: str | None = None) -> LoadedPositions:
    """Position rows from the bytes of a positions file (an upload, a file read earlier).

    ``name`` is the file's name as the user gave it: its suffix (.csv, .geojson,
    .json, .gpkg) chooses the format, and it labels messages and the records'
    sources; it is never opened. ``actor`` is the actor of every feature, else
    each row's ``actor`` column is used. Raises ``InputError``.
    """
    if not isinstance(data, (bytes, bytearray)):
        raise InputError(f"{name}: expected the bytes of a positions file, instead got {type(data).__name__}.")
    if actor is not None and not isinstance(actor, str):
        raise InputError(f"Expected the positions actor as text, instead got {type(actor).__name__}.")
    actor = actor if actor and actor.strip() else None
    suffix, driver = _format(name)
    if len(data) > MAX_POSITIONS_BYTES:
        raise InputError(f"{name}: expected positions of at most {MAX_POSITIONS_BYTES:,} bytes, "
                         f"instead got {len(data):,}.")
    notes: list[str] = []
    if driver == "CSV":
        frame, rows = _read_csv(bytes(data), name)
    else:
        frame, notes = _read_ogr(bytes(data), name, driver, suffix)
        frame, rows = _check_geometries(frame, name)
    names = _actors(frame, rows, actor, name)
    rows.check()
    keep = ~rows.bad
    return LoadedPositions(_records(frame[keep], names[keep], name), notes + rows.warnings())


def load_positions(path: str | Path, *, actor: str | None = None) -> LoadedPositions:
    """Position rows from a file on this machine; its size is checked before reading."""
    name = str(path)
    _format(name)
    data = read_limited(path, limit=MAX_POSITIONS_BYTES, what="positions", name=name)
    return read_positions(data, name=name, actor=actor)


def _valid(frame: gpd.GeoDataFrame) -> dict[str, list]:
    """``valid_from`` and ``valid_to`` as ISO dates (None where a cell is not a date), when the file
    has them (a ``date`` column is both); no columns when it has neither."""
    found = {name: _column(frame, (name,)) for name in _VALID}
    found["valid_from"] = found["valid_from"] or found["date"]
    found["valid_to"] = found["valid_to"] or found["date"]
    dates = {}
    for name in ("valid_from", "valid_to"):
        if found[name] is not None:
            parsed = pd.to_datetime(frame[found[name]].astype(str).str.strip(), errors="coerce", format="ISO8601")
            dates[name] = [None if pd.isna(day) else day.date().isoformat() for day in parsed]
    return dates


def _records(frame: gpd.GeoDataFrame, actors: np.ndarray, name: str) -> gpd.GeoDataFrame:
    """Rows of kind "position" in the records frame's schema."""
    label, stem = _label(name).name, _label(name).stem
    place_column = _column(frame, ("place", "name"))
    places = (frame[place_column].map(lambda v: stem if v is None or v == "" or v != v else str(v))
              if place_column else pd.Series(stem, index=frame.index))
    precision = ["site" if geom.geom_type == "Point" else "area" for geom in frame.geometry]
    return gpd.GeoDataFrame({**_valid(frame),
        "record_id": [f"file-{stem}-{i}" for i in range(len(frame))],
        "kind": "position", "event_type": "position", "actor": actors, "actor2": None,
        "event_date": None, "date_precision": "unknown", "place": places.to_numpy(), "place_id": None,
        "geo_precision": precision, "country": None, "place_confidence": 1.0, "corroboration": 1,
        "sources": [[{"report": label, "title": label, "outlet": "", "url": "", "published": None,
                      "quote": f"{place} ({label})", "start": 0, "end": 0}] for place in places],
    }, geometry=frame.geometry.to_numpy(), crs="EPSG:4326")
