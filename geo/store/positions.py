"""Positions and control areas in the store: an upload's features written once, read back by every session.

- ``upload_hash(data, actor)``: the SHA-256 of an upload's bytes and the actor typed for it; the
  same upload twice (in one session or two) adds nothing the second time.
- ``store_positions(engine, frame, upload_hash=..., name=...)`` writes the position rows of
  ``geo.io.positions.read_positions`` in one transaction (``INSERT ... ON CONFLICT DO NOTHING``); the
  count of rows added. ``name`` is the client's file name: only its last part is kept.
- ``stored_positions(engine)``: every stored position as rows of kind "position" in the records
  frame's schema, with ``dataset`` "positions: <file name>"; an empty frame when there are none.

- ``positions_geojson(engine)``: every stored position as RFC 7946 GeoJSON bytes (actor, kind, place,
  ``valid_from``/``valid_to``, dataset, file, when added), for an analyst to keep or share.
- ``position_datasets(engine)``: each upload's dataset and how many positions it holds, in the order
  uploaded.
- ``remove_positions(engine, dataset)``: an upload's dataset taken out of the store, nothing else; the
  rows removed. The same file may be uploaded again later.

Geometries are WKT text in EPSG:4326 (x = longitude), the same on SQLite and PostgreSQL (where
``positions.geom`` is generated from it, ``geo.store.postgres``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import PurePosixPath

import geopandas as gpd
import pandas as pd
import shapely
import shapely.geometry
import sqlalchemy as sa

from .engine import in_transaction
from .schema import positions

__all__ = ["upload_hash", "store_positions", "stored_positions", "dataset_name", "positions_geojson",
           "position_datasets", "remove_positions"]

_AREA = ("Polygon", "MultiPolygon")


def upload_hash(data: bytes, actor: str = "") -> str:
    return hashlib.sha256(hashlib.sha256(bytes(data)).digest() + actor.encode("utf-8", "surrogatepass")).hexdigest()


def _label(name: str) -> str:
    return PurePosixPath(str(name).replace("\\", "/")).name or "positions"


def dataset_name(name: str) -> str:
    return f"positions: {_label(name)}"


def _date(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
        return None
    return str(value).strip()[:10]


def _rows(frame: gpd.GeoDataFrame, digest: str, name: str) -> list[dict]:
    now = dt.datetime.now(dt.timezone.utc).isoformat()
    label = _label(name)
    rows = []
    for number, (geometry, row) in enumerate(zip(frame.geometry, frame.itertuples(index=False))):
        rows.append({
            "upload_hash": digest, "feature": number, "dataset": dataset_name(label),
            "record_id": f"{row.record_id}-{digest[:8]}", "actor": str(row.actor),
            "kind": "area" if geometry.geom_type in _AREA else "point", "place": str(row.place or ""),
            "wkt": shapely.to_wkt(geometry, rounding_precision=-1),
            "valid_from": _date(getattr(row, "valid_from", None)), "valid_to": _date(getattr(row, "valid_to", None)),
            "source": label, "added_at": now})
    return rows


def store_positions(engine: sa.Engine, frame: gpd.GeoDataFrame, *, upload_hash: str, name: str) -> int:
    """The rows of ``frame`` (positions read from the upload ``name``) stored; how many were new."""
    rows = _rows(frame, upload_hash, name)
    if not rows:
        return 0

    def work(conn: sa.Connection) -> int:
        before = conn.execute(sa.select(sa.func.count()).select_from(positions)
                              .where(positions.c.upload_hash == upload_hash)).scalar()
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        conn.execute(insert(positions).on_conflict_do_nothing(index_elements=["upload_hash", "feature"]), rows)
        after = conn.execute(sa.select(sa.func.count()).select_from(positions)
                             .where(positions.c.upload_hash == upload_hash)).scalar()
        return after - before

    return in_transaction(engine, work)


def stored_positions(engine: sa.Engine) -> gpd.GeoDataFrame:
    """Every stored position, in the order stored, as records of kind "position"."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(positions).order_by(positions.c.id)).all()
    geometry = shapely.from_wkt([row.wkt for row in rows]) if rows else []
    return gpd.GeoDataFrame({
        "record_id": [row.record_id for row in rows], "kind": "position", "event_type": "position",
        "actor": [row.actor for row in rows], "actor2": None, "event_date": None,
        "date_precision": "unknown", "place": [row.place for row in rows], "place_id": None,
        "geo_precision": ["site" if row.kind == "point" else "area" for row in rows], "country": None,
        "place_confidence": 1.0, "corroboration": 1, "dataset": [row.dataset for row in rows],
        "valid_from": [row.valid_from for row in rows], "valid_to": [row.valid_to for row in rows],
        "sources": [[{"report": row.source, "title": row.source, "outlet": "", "url": "", "published": None,
                      "quote": f"{row.place} ({row.source})", "start": 0, "end": 0}] for row in rows],
    }, geometry=list(geometry), crs="EPSG:4326")


def positions_geojson(engine: sa.Engine) -> bytes:
    """Every stored position, in the order stored, as a GeoJSON FeatureCollection (x = longitude)."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(positions).order_by(positions.c.id)).all()
    fields = ("record_id", "actor", "kind", "place", "valid_from", "valid_to", "dataset", "source", "added_at")
    features = [{"type": "Feature", "geometry": shapely.geometry.mapping(shapely.from_wkt(row.wkt)),
                 "properties": {name: getattr(row, name) for name in fields}} for row in rows]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")


def position_datasets(engine: sa.Engine) -> dict[str, int]:
    """Each upload's dataset ("positions: <file name>") -> how many positions it holds, in the order uploaded."""
    first = sa.func.min(positions.c.id)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(positions.c.dataset, sa.func.count()).group_by(positions.c.dataset)
                            .order_by(first)).all()
    return {dataset: count for dataset, count in rows}


def remove_positions(engine: sa.Engine, dataset: str) -> int:
    """The positions of ``dataset`` ("positions: <file name>") removed, in one transaction; how many."""
    return in_transaction(engine, lambda conn: conn.execute(
        sa.delete(positions).where(positions.c.dataset == dataset)).rowcount)
