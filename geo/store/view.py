"""What the dashboard needs of a store, read without loading everything.

A store that holds an imported dataset of a million records cannot be read as ``current_records``
reads it (a dict per row, every source, every JSON cell) within a page load. ``light_records``
gives the same frame, row for row and column for column, but for the heavy cells of imported
records (``HEAVY``: their sources with the quotes, and the JSON cells), which are not read yet:
``sources`` is then ``Unread``, a shared list of one source holding only the outlet (so the
outlet filter and the facets work), the JSON cells None. The scalar columns of imported records
come in one SELECT (``imported_columns``; it changes with imports only, so a caller keeps it,
and may keep it on disk as an Arrow file). Our own records are read and merged across reports
exactly as ``current_records`` does, by the same functions of ``geo.store.output``; decisions
apply to both alike, found by their sentences (``geo.store.anchors``).

- ``with_details(engine, frame, positions)`` reads the heavy cells of the rows at ``positions``
  (the table's first rows, the markers drawn with popups: ``shown_rows``), or of every row.
- ``filter_view(engine, frame, **filters)`` is ``geo.analysis.filter_frame`` over such a frame:
  the words of the quotes of imported records are looked for in the store (``LIKE`` with a bound,
  escaped pattern), the rest is filtered in memory.
"""

from __future__ import annotations

import hashlib
import os
from collections import ChainMap
from pathlib import Path
from typing import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import sqlalchemy as sa
import pyarrow as pa
from pyarrow import feather

from ..analysis.filters import filter_frame
from ..frame import COLUMNS, CRS, REVIEW_COLUMNS, combine
from ..render.webmap import plan_drawing
from .anchors import match_decisions
from .ours import OurRecords, merged, read_ours
from .output import apply_edits, decided, ours_id, review_columns, sources_by_row
from .rows import loads
from .schema import (ANCHOR, RECORD_INTEGER, RECORD_JSON, RECORD_REAL, RECORD_TEXT, datasets, decisions, imports,
                     records, sources)

__all__ = ["imported_stamp", "imported_path", "imported_columns", "with_rare", "RARE", "imported_frame", "light_records", "with_details", "filter_view",
           "shown_rows", "quoting", "Unread", "is_unread", "HEAVY", "CACHE_MIN_ROWS", "decided_imported",
           "decided_sentences"]

HEAVY = ("sources", *RECORD_JSON)  # not read for imported records until ``with_details`` reads them
CACHE_MIN_ROWS = 50_000  # fewer imported rows are read again rather than kept on disk
# The scalar columns read for every imported row, and those read only for the rows that fill them.
_COMMON = ("record_id", "kind", "event_type", "sub_event_type", "actor", "actor2", "event_date", "date_precision",
           "place", "geo_precision", "country", "place_confidence", "corroboration")
RARE = tuple(name for name in (*RECORD_TEXT, *RECORD_REAL, *RECORD_INTEGER) if name not in _COMMON)
KNOWN_MOST = 50_000  # heavy cells kept by ``with_details`` for a caller at the most (some 25 views' worth)
_CHUNK = 900  # ids per IN (...): under SQLite's oldest limit of bound parameters (999)


def imported_stamp(engine: sa.Engine) -> tuple:
    """A value that changes with every import (the only writes that change imported records' rows;
    decisions about them are read apart): the datasets and the imported files, counted."""
    with engine.connect() as conn:
        return tuple(conn.execute(sa.select(
            sa.select(sa.func.count()).select_from(datasets).scalar_subquery(),
            sa.select(sa.func.count()).select_from(imports).scalar_subquery(),
            sa.select(sa.func.max(imports.c.id)).scalar_subquery())).one())


def imported_path(engine: sa.Engine, cache: Path) -> Path:
    """The file in ``cache`` of ``imported_columns`` as the store's imported records are now."""
    store = _digest(engine.url.render_as_string(hide_password=True))
    return cache / f"imported-{store}-{_digest(imported_stamp(engine))}.arrow"


def imported_columns(engine: sa.Engine, *, cache: Path | None = None, where=None) -> pd.DataFrame:
    """The scalar columns of every imported records row as stored (no decision applied), ordered by
    row id: ``id``, ``dataset_id``, ``lat``, ``lon`` and the records columns but the heavy ones.
    ``cache``: a folder where they are kept as an Arrow file under the store's ``imported_stamp``
    (read back in a fraction of the time the SELECT takes; a new import makes a new file).
    ``where``: a condition on ``records`` that chooses some of those rows (then none is kept on disk)."""
    path = None
    if cache is not None and where is None:
        path = imported_path(engine, cache)
        if path.exists():
            return _plain_text(feather.read_table(path))
    with engine.connect() as conn:
        names = _names(conn)
        theirs = _theirs(names) if where is None else sa.and_(_theirs(names), where)
        columns = ("id", "dataset_id", "lat", "lon", *_COMMON, "outlet")
        first = sa.and_(sources.c.record == records.c.id, sources.c.position == 0)
        rows = conn.execute(sa.select(*(records.c[name] for name in columns[:-1]), sources.c.outlet)
                            .outerjoin(sources, first).where(theirs).order_by(records.c.id)).all()
        # Column by column: numpy fills a 2-D object array from rows some 25 times slower.
        cells = list(zip(*rows)) if rows else [()] * len(columns)
        frame = pd.DataFrame({name: pd.Series(_objects(cells[n]), dtype=object) for n, name in enumerate(columns)})
        frame = frame.astype({"id": "int64", "dataset_id": "int64"})
        for name in ("lat", "lon", *RECORD_REAL):
            if name in frame:
                frame[name] = pd.to_numeric(frame[name], errors="coerce")
        frame["corroboration"] = pd.to_numeric(frame["corroboration"])
        # Columns imported records seldom fill (claims', assets'): only the rows that fill one.
        rare = conn.execute(sa.select(records.c.id, *(records.c[name] for name in RARE)).where(
            theirs, sa.or_(*(records.c[name].isnot(None) for name in RARE)))).all()
    _with_rare(frame, rare)
    if path is not None and len(frame) >= CACHE_MIN_ROWS:
        _keep(frame, path, f"imported-{_digest(engine.url.render_as_string(hide_password=True))}-*.arrow")
    return frame


def _with_rare(frame: pd.DataFrame, rare: list) -> None:
    """``frame`` (rows by ascending ``id``) given the ``RARE`` columns: those of ``rare`` (rows of ``id``
    and the ``RARE`` columns, of some of its rows), empty for the rest; in place."""
    for name in RARE:
        frame[name] = np.full(len(frame), np.nan if name in RECORD_REAL else None, dtype=float if name in RECORD_REAL
                              else object)
    if rare:
        at = np.searchsorted(frame["id"].to_numpy(), [row[0] for row in rare])
        for n, name in enumerate(RARE, start=1):
            column = frame[name].to_numpy(copy=True)
            values = [row[n] for row in rare]
            column[at] = [np.nan if v is None else v for v in values] if name in RECORD_REAL else values
            frame[name] = column


def with_rare(engine: sa.Engine, frame: pd.DataFrame, ids: Iterable[int]) -> pd.DataFrame:
    """``frame`` (imported rows by ascending ``id``, without the ``RARE`` columns) with them, read from
    the store for the rows of ``ids`` (those that fill one), empty for the others; in place, and returned."""
    wanted, found = list(ids), []
    with engine.connect() as conn:
        for first in range(0, len(wanted), _CHUNK):
            found += conn.execute(sa.select(records.c.id, *(records.c[name] for name in RARE))
                                  .where(records.c.id.in_(wanted[first:first + _CHUNK]))).all()
    _with_rare(frame, sorted(found))
    return frame


def _objects(values: tuple) -> np.ndarray:
    """``values`` as a 1-D array of objects, each as it is."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _plain_text(table: pa.Table) -> pd.DataFrame:
    """``table`` as a frame, its text as Python objects rather than Arrow strings: the filters and
    the facets go through these columns a value at a time, several times faster over objects."""
    return pd.DataFrame({name: (pd.Series(column.to_numpy(zero_copy_only=False), dtype=object)
                                if pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
                                or pa.types.is_null(column.type) else column.to_pandas())
                         for name, column in zip(table.column_names, table.columns)})


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:20]


def _keep(frame: pd.DataFrame, path: Path, older: str) -> None:
    """``frame`` written to ``path`` whole or not at all (another process may read it meanwhile), the
    files of ``older`` (the store's earlier ones) removed."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    part = path.with_suffix(f".{os.getpid()}.part")
    feather.write_feather(frame, part)
    part.replace(path)
    for stale in path.parent.glob(older):
        if stale != path:
            stale.unlink(missing_ok=True)


def imported_frame(engine: sa.Engine, columns: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """The imported records as a records frame, indexed by row id, no decision applied: their scalar
    columns (``columns``: ``imported_columns(engine)``, read when None), their points, ``dataset`` and
    ``Unread`` sources. It changes with imports only (``imported_stamp``): a caller keeps it."""
    if columns is None:
        columns = imported_columns(engine)
    with engine.connect() as conn:
        names = _names(conn)
    count = len(columns)
    frame = pd.DataFrame({name: (columns[name] if name in columns else np.full(count, None, dtype=object))
                          for name in COLUMNS}, copy=False)
    frame["count"] = frame["count"].astype("Int64")
    frame["sources"] = unread(columns["outlet"])
    lat, lon = columns["lat"].to_numpy(dtype=float), columns["lon"].to_numpy(dtype=float)
    placed = ~(np.isnan(lat) | np.isnan(lon))
    points = np.full(count, None, dtype=object)
    points[placed] = gpd.points_from_xy(lon[placed], lat[placed])  # (lat, lon) -> (x, y)
    frame = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(points, crs=CRS), crs=CRS, copy=False)
    frame["dataset"] = columns["dataset_id"].map(names).to_numpy()
    frame.index = pd.Index(columns["id"].to_numpy(dtype="int64"), name="row")
    return frame


def light_records(engine: sa.Engine, *, include_rejected: bool = False, imported: gpd.GeoDataFrame | None = None,
                  ours: OurRecords | None = None) -> gpd.GeoDataFrame:
    """The records of ``current_records(engine, include_rejected=...)``, the heavy cells of imported
    records not read (see the module's docstring). ``imported``: ``imported_frame(engine)``, when the
    caller keeps it; read here when None. ``ours``: ``geo.store.ours.read_ours(engine)``, when the caller
    keeps it (until our records change): then our records are not read again, and merged again only
    when the rows a decision leaves apart changed."""
    if imported is None:
        imported = imported_frame(engine)
    ours = read_ours(engine) if ours is None else ours
    with engine.connect() as conn:
        names = _names(conn)
        found_decisions = conn.execute(sa.select(decisions)).all()
        theirs_decided = decided_sentences(conn, _theirs(names))  # the imported rows a decision may belong to
    chosen = match_decisions(ours.stored + theirs_decided, found_decisions)
    shown = decided(ours.stored, chosen, include_rejected)
    frame, members = merged(ours, shown)
    review_columns(frame, members, shown, names)
    theirs = decided_imported(imported, {row["id"]: row for row in decided(theirs_decided, chosen, True)},
                               include_rejected)
    return combine(frame, theirs).reset_index(drop=True) if len(theirs) else frame


def decided_sentences(conn: sa.Connection, where) -> list[dict]:
    """The records rows (of those ``where`` chooses) whose sentence and kind a decision is about: their
    ``id``, ``dataset_id`` and anchor, by row id. Looked for by the decisions' report hashes (a few), so
    that the anchor index serves on either database (SQLite scans the records table for the join)."""
    anchors = {tuple(row) for row in conn.execute(sa.select(*(decisions.c[name] for name in ANCHOR[:4]))).all()}
    hashes = sorted({anchor[0] for anchor in anchors})
    columns = [records.c[name] for name in ("id", "dataset_id", *ANCHOR)]
    found = []
    for first in range(0, len(hashes), _CHUNK):
        rows = conn.execute(sa.select(*columns).where(where, records.c.report_hash.in_(hashes[first:first + _CHUNK])))
        found += [dict(row._mapping) for row in rows if tuple(row[2:6]) in anchors]
    return sorted(found, key=lambda row: row["id"])


def _names(conn: sa.Connection) -> dict[int, str]:
    """Dataset id -> name."""
    return dict(conn.execute(sa.select(datasets.c.id, datasets.c.name)).all())


def _theirs(names: dict[int, str]):
    """The condition of an imported records row (any dataset but ours)."""
    ours = ours_id(names)
    return records.c.dataset_id != ours if ours is not None else sa.true()


def decided_imported(base: gpd.GeoDataFrame, decided_rows: dict[int, dict], include_rejected: bool
                      ) -> gpd.GeoDataFrame:
    """``base`` (of ``imported_frame``, left as it is) with the decisions of its rows (``decided_rows``,
    by row id) applied as ``geo.store.output`` applies them to one stored row: status, who, when, edits."""
    frame = base.copy(deep=False)  # the columns shared (copied on write)
    at = dict(zip(decided_rows, base.index.get_indexer(list(decided_rows))))
    review = {name: np.full(len(frame), "unreviewed" if name == "review_status" else None, dtype=object)
              for name in REVIEW_COLUMNS[:3]}
    for key, position in at.items():
        for name, column in review.items():
            column[position] = decided_rows[key][name]
    for name, column in review.items():
        frame[name] = column
    frame = frame[[*COLUMNS, "geometry", *REVIEW_COLUMNS]]
    apply_edits(frame, {at[key]: decided_rows[key]["edits"] for key in at if decided_rows[key]["edits"]})
    if not include_rejected:
        frame = frame[frame["review_status"].ne("rejected").to_numpy()]
    return frame


def with_details(engine: sa.Engine, frame: gpd.GeoDataFrame, positions: Iterable[int] | None = None, *,
                 known: dict[str, dict] | None = None) -> gpd.GeoDataFrame:
    """``frame`` (of ``light_records``, or a part of it) with the heavy cells of the rows at
    ``positions`` (every row when None) read from the store where they were not read yet. A new
    frame; ``frame`` is left as it is. ``known``: record id -> heavy cells read before (a caller's,
    kept across reruns until the next import: an imported row changes with imports only), filled with
    those read here and emptied when it would hold more than ``KNOWN_MOST``; so a filter change reads
    from the store only the rows no earlier view showed (on a cold disk, each costs a seek or two)."""
    wanted = np.arange(len(frame)) if positions is None else np.unique(np.asarray(list(positions), dtype=int))
    if "sources" not in frame or not len(wanted):
        return frame
    wanted = wanted[is_unread(frame["sources"].iloc[wanted])]
    if not len(wanted):
        return frame
    ids_at = frame["record_id"].to_numpy()
    asked = list(dict.fromkeys(ids_at[wanted]))
    if known is None:
        heavy = _heavy_cells(engine, asked)
    else:
        read = _heavy_cells(engine, [key for key in asked if key not in known])
        if len(known) + len(read) > KNOWN_MOST:
            known.clear()
        known.update(read)
        heavy = ChainMap(read, known)
    out = frame.copy(deep=False)  # the other columns shared (copied on write)
    for name in HEAVY:
        column = out[name].to_numpy(dtype=object, copy=True)
        for position in wanted:
            cells = heavy.get(ids_at[position])
            if cells is not None:
                column[position] = cells[name]
        out[name] = column
    return out


def _heavy_cells(engine: sa.Engine, ids: list[str]) -> dict[str, dict]:
    """record id -> its heavy cells, for the imported records of ``ids`` (one stored row each)."""
    out: dict[str, dict] = {}
    with engine.connect() as conn:
        theirs = _theirs(_names(conn))
        for first in range(0, len(ids), _CHUNK):
            chunk = ids[first:first + _CHUNK]
            rows = conn.execute(sa.select(records.c.id, records.c.record_id, *(records.c[n] for n in RECORD_JSON))
                                .where(theirs, records.c.record_id.in_(chunk))).all()
            found = sources_by_row(conn, sa.select(sources).where(sources.c.record.in_([row[0] for row in rows])))
            for key, record_id, *cells in rows:  # by position: a Row's attributes cost more
                out[record_id] = {"sources": found.get(key, []),
                                  **{name: loads(cell) for name, cell in zip(RECORD_JSON, cells)}}
    return out


class Unread(list):
    """The sources cell of an imported record not read yet: a list of one source that holds its
    outlet only (so that the outlet filter and the facets work), shared by the records of that outlet."""


def unread(outlets: pd.Series) -> np.ndarray:
    """An ``Unread`` cell for each outlet of ``outlets`` (one object per distinct outlet)."""
    codes, names = pd.factorize(outlets.fillna(""))
    cells = np.empty(len(names) + 1, dtype=object)
    for position, name in enumerate([*names, ""]):
        cells[position] = Unread([{"outlet": name}])
    return cells[codes]


def is_unread(cells: pd.Series) -> np.ndarray:
    """Whether each sources cell of ``cells`` is ``Unread``."""
    return np.fromiter((type(cell) is Unread for cell in cells.to_numpy(dtype=object)), dtype=bool, count=len(cells))


def _escaped(word: str) -> str:
    """``word`` as a LIKE pattern that finds it anywhere, its wildcards taken literally."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def quoting(engine: sa.Engine, words: Iterable[str]) -> list[set[str]]:
    """For each word, the record ids of imported records with a quote that holds it (case-insensitive)."""
    out = []
    with engine.connect() as conn:
        theirs = _theirs(_names(conn))
        for word in words:
            query = (sa.select(records.c.record_id).join(sources, sources.c.record == records.c.id)
                     .where(theirs, sources.c.quote.ilike(_escaped(word), escape="\\")))
            out.append(set(conn.execute(query).scalars()))
    return out


def filter_view(engine: sa.Engine, frame: gpd.GeoDataFrame, *, outlets: Iterable[str] | None = None, text: str = "",
                **filters) -> gpd.GeoDataFrame:
    """``filter_frame(frame, outlets=..., text=..., **filters)`` for a frame of ``light_records``
    (see the module's docstring)."""
    view = filter_frame(frame, outlets=outlets, **filters)
    words = text.lower().split()
    if not words:  # the outlets are in every row (``Unread`` holds them)
        return view
    lazy = is_unread(view["sources"]) if "sources" in view else np.zeros(len(view), dtype=bool)
    keep = np.zeros(len(view), dtype=bool)
    if (~lazy).any():
        known = view[~lazy]
        keep[np.flatnonzero(~lazy)[known.index.isin(filter_frame(known, text=text).index)]] = True
    if lazy.any():
        part = view[lazy]
        passed = np.ones(len(part), dtype=bool)
        said = (part["place"].fillna("").astype(str) + " " + part["actor"].fillna("").astype(str)).str.lower()
        for word, ids in zip(words, quoting(engine, words)):
            passed &= part["record_id"].isin(ids).to_numpy() | said.str.contains(word, regex=False).to_numpy()
        keep[np.flatnonzero(lazy)[passed]] = True
    return view[keep]


def shown_rows(view: gpd.GeoDataFrame, *, table_rows: int) -> np.ndarray:
    """The positions in ``view`` of the rows the page shows in detail: the markers drawn with popups
    (``geo.render.webmap.plan_drawing``) and the first ``table_rows`` of the table (the most recent
    first, as ``geo.render.tables.record_table`` orders them)."""
    drawing = plan_drawing(view)
    detailed = view.index.get_indexer(drawing.detailed.index)
    dates = pd.to_datetime(view["event_date"], errors="coerce", format="ISO8601")
    days = np.where(dates.isna(), np.nan, dates.to_numpy().astype("datetime64[D]").astype("int64"))
    table = np.argsort(-days, kind="stable")[:table_rows]
    return np.union1d(detailed[detailed >= 0], table)
