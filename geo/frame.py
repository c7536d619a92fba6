"""The records frame: the GeoDataFrame (EPSG:4326) every stage after extraction reads.

Owns the record schema, as objects (``Record`` and its ``Source``, made by ``geo.extract``
and merged there) and as a frame: its columns, kinds and nested columns are declared here
once. One row per record. The (lat, lon) -> Point(x=lon, y=lat) swap happens once,
in ``to_frame``. A record without coordinates stays a row with an empty
geometry; it is dropped only when drawing or exporting.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field, fields
from typing import Any, Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

__all__ = ["Record", "Source", "COLUMNS", "CLAIM_COLUMNS", "KINDS", "NESTED_COLUMNS", "CRS", "REVIEW_COLUMNS",
           "to_frame", "empty_frame", "record_id", "combine", "plain"]


@dataclass
class Source:
    """Where a record comes from: the report and the sentence that says so."""

    report: str
    title: str
    outlet: str
    url: str
    published: str | None
    quote: str
    start: int
    end: int
    fatalities: str | None = None  # the figure this source gives, verbatim ("more than 30 Syrian civilians")
    place_start: int | None = None  # where the sentence names the record's place (report offsets)
    place_end: int | None = None


@dataclass
class Record:
    kind: str
    event_type: str
    actor: str | None
    actor2: str | None
    event_date: str | None
    date_precision: str
    place: str | None
    place_id: str | None
    geo_precision: str | None
    country: str | None
    lat: float | None
    lon: float | None
    place_confidence: float
    asset: str | None = None
    count: int | None = None
    sources: list[Source] = field(default_factory=list)
    admin1: str = ""  # first-level division of the place, used to merge a province with a town in it
    # A transit's ends when the sentence names them ("from the Black Sea to the Mediterranean"):
    # {"name", "lat", "lon"} each, or None.
    origin: dict | None = None
    destination: dict | None = None
    # ACLED's sub-event type of an event ("Air/drone strike"; geo.extract.vocabulary); None for
    # assets, positions and claims.
    sub_event_type: str | None = None


# The columns of claim rows (null elsewhere); see geo.extract.claims.
CLAIM_COLUMNS = ["claim_km", "claim_text", "claim_to", "claim_from", "computed_km", "tolerance_km",
                 "verdict", "explanation", "nearest_position", "nearest_place"]


KINDS = ["event", "asset", "position", "claim"]
NESTED_COLUMNS = ("sources", "fatalities", "origin", "destination")  # lists and dicts in a cell

COLUMNS = [
    "record_id", "kind", "event_type", "sub_event_type", "actor", "actor2", "event_date", "date_precision",
    "place", "place_id", "geo_precision", "country", "place_confidence", "asset", "count",
    "fatalities", "corroboration", "origin", "destination", "sources",
] + CLAIM_COLUMNS
# What a store's records add (geo.store.output): the decision about each, and its dataset.
REVIEW_COLUMNS = ("review_status", "reviewed_by", "reviewed_at", "dataset")
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
    """A GeoDataFrame of records; ``sources`` holds a list of dicts per row (new ones: a cell shares no
    dict or list with the records). Read field by field: ``dataclasses.asdict`` deep-copies every value
    (half a second for 1,667 merged records), though only the sources, origins and destinations nest."""
    rows, points = [], []
    for record in records:
        row = {name: _copied(getattr(record, name, None)) for name in _FIELDS}
        row["sources"] = [{name: getattr(source, name) for name in _SOURCE_FIELDS} for source in record.sources]
        row["record_id"] = record_id(record)
        # Every figure with its source, side by side: never averaged.
        row["corroboration"] = len({s.report for s in record.sources})
        row["fatalities"] = [{"figure": s.fatalities, "report": s.report} for s in record.sources if s.fatalities] or None
        # The one place where (lat, lon) becomes (x, y).
        points.append(Point(record.lon, record.lat) if record.lat is not None and record.lon is not None else None)
        rows.append(row)
    if not rows:
        return empty_frame()
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["count"] = frame["count"].astype("Int64")
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(points, crs=CRS), crs=CRS)


_SOURCE_FIELDS = tuple(f.name for f in fields(Source))
_FIELDS = tuple(name for name in COLUMNS if name not in ("record_id", "corroboration", "fatalities", "sources"))


def _copied(value: Any) -> Any:
    """``value`` with its dicts and lists copied (as ``dataclasses.asdict`` copies them); other values as they are."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_copied(item) for item in value)
    return value


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
