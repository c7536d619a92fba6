"""The current records of a store, decisions applied, and their files.

``current_records`` reads every record with its sources and its decision (by source sentence),
merges them across reports (``geo.store.merging``, by the groups the store keeps; the records of imported datasets stay as
they are) and gives the records GeoDataFrame with four more columns: ``review_status``,
``reviewed_by``, ``reviewed_at`` and ``dataset``; rejected records are left out unless asked for.
``records_bytes`` writes it as GeoJSON, CSV or GeoPackage through ``geo.io.export``, the
four columns added to each format's properties.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import geopandas as gpd
import pandas as pd
import sqlalchemy as sa
from shapely.geometry import Point

from ..errors import OutputError
from ..fileio import write_atomic
from ..frame import REVIEW_COLUMNS, combine, plain
from ..io.export import acled_row, ACLED_COLUMNS, defuse_formula, to_feature_collection, to_geopackage_bytes
from .groups import stored_groups
from .merging import merged_view
from .migrations import OUR_DATASET
from .rows import SOURCE_FIELDS, to_frame as rows_frame
from .anchors import apply_decisions, match_decisions
from .schema import datasets, decisions, records, sources

__all__ = ["REVIEW_COLUMNS", "current_records", "records_bytes", "write_records", "SUFFIXES",
           "sources_by_row", "ours_id", "decided", "review_columns", "apply_edits"]

SUFFIXES = (".geojson", ".json", ".csv", ".gpkg")


def current_records(engine: sa.Engine, *, include_rejected: bool = False) -> gpd.GeoDataFrame:
    """Every record of the store as its analyst left it (see the module's docstring)."""
    return _view(engine, include_rejected)[0]


def _view(engine: sa.Engine, include_rejected: bool) -> tuple[gpd.GeoDataFrame, list[list[int]]]:
    with engine.connect() as conn:
        names = dict(conn.execute(sa.select(datasets.c.id, datasets.c.name)).all())
        found = sources_by_row(conn, sa.select(sources))
        stored = [dict(row._mapping) for row in conn.execute(sa.select(records).order_by(records.c.id))]
        chosen = match_decisions(stored, conn.execute(sa.select(decisions)).all())
        groups = stored_groups(conn)
    shown = decided(stored, chosen, include_rejected)
    ours = ours_id(names)
    frame, members = merged_view([row for row in shown if row["dataset_id"] == ours], found, groups)
    imported = [row for row in shown if row["dataset_id"] != ours]
    if imported:
        frame = combine(frame, rows_frame(imported, found)).reset_index(drop=True)
        members += [[row["id"]] for row in imported]
    review_columns(frame, members, shown, names)
    return frame, members


def sources_by_row(conn: sa.Connection, query: sa.Select) -> dict[int, list[dict]]:
    """The sources ``query`` (a select of ``sources`` rows) finds, by record row id, in order."""
    found: dict[int, list[dict]] = {}
    result = conn.execute(query.order_by(sources.c.record, sources.c.position))
    keys = list(result.keys())
    record, at = keys.index("record"), [(name, keys.index(name)) for name in SOURCE_FIELDS]
    for s in result:  # by position: a Row's attributes cost several times more
        found.setdefault(s[record], []).append({name: s[n] for name, n in at})
    return found


def ours_id(names: dict[int, str]) -> int | None:
    """The id of our dataset among ``names`` (dataset id -> name)."""
    return next((key for key, name in names.items() if name == OUR_DATASET), None)


def decided(stored: list[dict], chosen: dict, include_rejected: bool) -> list[dict]:
    """Records rows with their decisions (``chosen``, by row id) applied, edits kept apart (merged as
    extracted, then edited: an edit never changes a record's id nor what it merges with); rejected ones
    left out unless ``include_rejected``."""
    shown = [apply_decisions(row, chosen.get(row["id"]), edits=False) for row in stored]
    return shown if include_rejected else [row for row in shown if row["review_status"] != "rejected"]


def review_columns(frame: gpd.GeoDataFrame, members: list[list[int]], shown: list[dict],
                   names: dict[int, str]) -> None:
    """``frame``'s review columns and dataset, from the rows (``shown``, decisions applied) each of its
    records is made of (``members``), and their edits applied; in place."""
    by_id = {row["id"]: row for row in shown}
    review = [_review_of([by_id[key] for key in group]) for group in members]
    for name in REVIEW_COLUMNS[:3]:
        frame[name] = [cells[name] for cells in review]
    frame["dataset"] = [names.get(by_id[group[0]]["dataset_id"]) for group in members]
    edits = {position: _edits_of([by_id[key] for key in group]) for position, group in enumerate(members)}
    apply_edits(frame, {position: changed for position, changed in edits.items() if changed})


def _edits_of(rows: list[dict]) -> dict:
    """The fields the analysts set on a record's rows, the latest decision last (it wins)."""
    merged: dict = {}
    for row in sorted((row for row in rows if row["edits"]), key=lambda row: row["reviewed_at"]):
        merged |= row["edits"]
    return merged


def apply_edits(frame: gpd.GeoDataFrame, edits: dict[int, dict]) -> None:
    """Set the edited fields in ``frame`` (``edits``: row position -> field -> value), in place;
    lat/lon move the point. Each column edited is set once (a column of a million rows is not
    rewritten for each edit)."""
    if frame.empty or not edits:
        return
    by_column: dict[str, dict[int, object]] = {}
    geometry = None
    for position, changed in edits.items():
        for name, value in changed.items():
            if name not in ("lat", "lon"):
                by_column.setdefault(name, {})[position] = value
        if "lat" in changed and "lon" in changed:
            geometry = frame.geometry.array.copy() if geometry is None else geometry
            geometry[position] = Point(changed["lon"], changed["lat"])  # (lat, lon) -> (x, y)
    for name, values in by_column.items():
        column = frame[name].to_numpy(dtype=object, copy=True)
        column[list(values)] = list(values.values())
        frame[name] = pd.Series(column, index=frame.index, dtype=frame[name].dtype)
    if geometry is not None:
        frame.geometry = gpd.GeoSeries(geometry, index=frame.index, crs=frame.crs)


def _review_of(rows: list[dict]) -> dict:
    """The review of a merged record: its rows' status when they agree, "edited" when one was edited,
    else "unreviewed" (not all of it was looked at); who and when from the latest decision."""
    statuses = {row["review_status"] for row in rows}
    status = statuses.pop() if len(statuses) == 1 else "edited" if "edited" in statuses else "unreviewed"
    latest = max((row for row in rows if row["reviewed_at"]), key=lambda row: row["reviewed_at"], default=None)
    return {"review_status": status, "reviewed_by": latest and latest["reviewed_by"],
            "reviewed_at": latest and latest["reviewed_at"]}


def records_bytes(frame: gpd.GeoDataFrame, suffix: str) -> bytes:
    """``frame`` as the file of ``suffix``: .geojson/.json, .csv or .gpkg. Raises ``OutputError``
    for any other suffix, and for a GeoPackage of no records (it cannot hold an empty layer set)."""
    suffix = suffix.lower()
    if suffix in (".geojson", ".json"):
        collection = to_feature_collection(frame)
        for feature, extra in zip(collection["features"], _review_cells(frame)):
            feature["properties"].update(extra)
        return json.dumps(collection, ensure_ascii=False, allow_nan=False).encode("utf-8") + b"\n"
    if suffix == ".csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=[*ACLED_COLUMNS, *REVIEW_COLUMNS])
        writer.writeheader()
        for row, shape, extra in zip(frame.itertuples(index=False), frame.geometry, _review_cells(frame)):
            writer.writerow(acled_row(row, shape) | {k: defuse_formula(v or "") for k, v in extra.items()})
        return out.getvalue().encode("utf-8")
    if suffix == ".gpkg":
        if frame.empty:
            raise OutputError("Expected at least one record to write as a GeoPackage, instead got none.")
        return to_geopackage_bytes(frame)
    raise OutputError(f"Expected an output ending in {', '.join(SUFFIXES)}, instead got {suffix or 'no suffix'!r}.")


def _review_cells(frame: gpd.GeoDataFrame) -> list[dict]:
    part = frame.reindex(columns=list(REVIEW_COLUMNS))
    return [{name: plain(value) for name, value in row.items()} for row in part.to_dict("records")]


def write_records(engine: sa.Engine, path: Path, *, include_rejected: bool = False) -> gpd.GeoDataFrame:
    """The current records written to ``path`` (atomically: a failure leaves the old file whole); the frame.
    Raises ``OutputError`` as ``records_bytes`` does, before anything is written."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if database and _same_path(Path(database), path):
        raise OutputError(f"{path}: refusing to write the records over the store they are read from")
    frame = current_records(engine, include_rejected=include_rejected)
    write_atomic(path, records_bytes(frame, path.suffix))
    return frame


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return False
