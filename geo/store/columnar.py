"""A columnar index of a large store's imported rows: what the page filters and counts by, in NumPy arrays.

Past ``geo.store.aggregates.LARGE_ROWS`` imported rows, a filter change cannot scan the records table
(one scan takes seconds at a million rows). ``load_index`` reads the light columns the filters, the
counts and the map's order need (``INDEXED``, and the first source's outlet) once per import, as
integer codes over a small vocabulary for each text column (``Coded``), and keeps them as an Arrow
file under the store's ``imported_stamp`` (read back in a fraction of the SELECT's time). Then:

- ``kept_rows(index, names, **filters)`` is the boolean mask of the rows ``filter_frame(..., **filters)``
  keeps of unreviewed imported records (the filters' arguments, the same meaning): a lookup table per
  vocabulary, gathered by code. Only the quote search (``text``: a query the user types, not the
  common change) still asks the store, for the ids of the rows whose quote holds every word (``quoted``);
- ``day_counts`` and ``cell_counts`` count the kept rows by day, actor and kind, and per grid cell
  (``np.bincount`` over combined codes);
- ``facet_counts`` counts every row by filter option;
- ``first_rows`` gives the ids of the kept rows the page shows whole: the most recent (the table's),
  and those the map draws first; only those are then read whole from the store.

An index changes with imports only: decisions are read apart (``geo.store.aggregates.Split``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from pyarrow import feather

from .schema import records, sources
from .view import CACHE_MIN_ROWS, _digest, _keep, _names, _theirs, imported_stamp

__all__ = ["INDEXED", "CELL_DEGREES", "Coded", "ColumnIndex", "index_table", "column_index", "load_index", "kept_rows",
           "day_counts", "cell_counts", "facet_counts", "first_rows"]

INDEXED = ("id", "dataset_id", "kind", "event_type", "sub_event_type", "actor", "actor2", "event_date", "lat", "lon",
           "corroboration")  # and "outlet": the first source's, '' for none
_TEXT = ("kind", "event_type", "sub_event_type", "event_date", "outlet")  # coded alone; actor and actor2 together
_BINCOUNT_MOST = 1 << 22  # combined codes up to this many bins are counted by bincount, more by np.unique
_DAY_KEYS = ("event_date", "actor", "kind")  # what the day counts are counted by
CELL_DEGREES = 0.5  # the side of the map's counted cells


@dataclass(frozen=True)
class Coded:
    """A text column as ``codes`` (int32, one per row) into ``values`` (``values[0]`` is None: no value)."""
    codes: np.ndarray
    values: np.ndarray

    def having(self, test: Callable[[object], bool]) -> np.ndarray:
        """Whether each row's value passes ``test`` (asked once per value)."""
        return np.fromiter((test(v) for v in self.values), dtype=bool, count=len(self.values))[self.codes]

    def among(self, chosen: Iterable[str], *, none: bool = False) -> np.ndarray:
        """Whether each row's value is one of ``chosen`` (rows with none: ``none``)."""
        wanted = set(chosen)
        return self.having(lambda v: none if v is None else v in wanted)


@dataclass(frozen=True)
class ColumnIndex:
    """The indexed columns of a store's imported rows, in row-id order (see the module's docstring)."""
    ids: np.ndarray  # records.id, int64, ascending
    dataset: np.ndarray  # records.dataset_id
    lat: np.ndarray  # float64, nan: none
    lon: np.ndarray
    text: dict[str, Coded]  # _TEXT, "actor" and "actor2" (one vocabulary for both)
    dated: np.ndarray  # per event_date value: its datetime64[ns] (NaT: undated, as filter_frame reads it)
    recent: np.ndarray  # row positions, the most recent first (event_date descending, none last; then id)
    ranked: np.ndarray  # located rows' positions as the map draws them (date, corroboration descending; id)
    marked: np.ndarray  # the located claims' and positions' positions, the most recent first
    days: np.ndarray  # per row, its (event_date, actor, kind) codes as one number (``_DAY_KEYS``)
    cells: np.ndarray  # per row, its cell of CELL_DEGREES as one number (``_cell_keys``); -1: not located

    def __len__(self) -> int:
        return len(self.ids)


def index_table(engine: sa.Engine) -> pa.Table:
    """The indexed columns of every imported records row, by one SELECT (and the outlets by another:
    a join is several times slower on SQLite), ordered by row id, as an Arrow table."""
    c = records.c
    with engine.connect() as conn:
        theirs = _theirs(_names(conn))
        rows = conn.execute(sa.select(*(c[name] for name in INDEXED)).where(theirs).order_by(c.id)).all()
        said = conn.execute(sa.select(sources.c.record, sources.c.outlet).join(records, c.id == sources.c.record)
                            .where(theirs, sources.c.position == 0, sources.c.outlet.isnot(None))).all()
    columns = list(zip(*rows)) if rows else [()] * len(INDEXED)
    ids = np.asarray(columns[0], dtype="int64")
    outlet = np.full(len(ids), "", dtype=object)
    if said:
        keys, names = zip(*said)
        outlet[np.searchsorted(ids, np.asarray(keys, dtype="int64"))] = names
    types = {"id": pa.int64(), "dataset_id": pa.int64(), "lat": pa.float64(), "lon": pa.float64(),
             "corroboration": pa.float64()}
    arrays = {name: pa.array(values, type=types.get(name, pa.string()), from_pandas=True)
              for name, values in zip(INDEXED, columns)}
    arrays["outlet"] = pa.array(outlet, type=pa.string())
    return pa.table({name: (pc.dictionary_encode(a) if name in (*_TEXT, "actor", "actor2") else a)
                     for name, a in arrays.items()})


def _coded(array: pa.ChunkedArray | pa.Array, *, ordered: bool = False) -> Coded:
    """An Arrow text column (dictionary-encoded or not) as codes; ``ordered``: values in sorted order."""
    if isinstance(array, pa.ChunkedArray):  # chunks read back may hold dictionaries of their own
        array = (array.unify_dictionaries() if pa.types.is_dictionary(array.type) else array).combine_chunks()
    encoded = array
    if not pa.types.is_dictionary(encoded.type):
        encoded = pc.dictionary_encode(encoded)
    values = np.asarray(encoded.dictionary.to_pylist(), dtype=object)
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype("int32") + 1
    if ordered and len(values):
        order = np.argsort(values.astype(str), kind="stable")
        rank = np.empty(len(values) + 1, dtype="int32")
        rank[0], rank[order + 1] = 0, np.arange(1, len(values) + 1, dtype="int32")
        codes, values = rank[codes], values[order]
    return Coded(codes, np.concatenate([np.array([None], dtype=object), values]))


def column_index(table: pa.Table) -> ColumnIndex:
    """The index of ``table`` (of ``index_table``)."""
    def numbers(name: str) -> np.ndarray:
        return table.column(name).to_numpy().astype(float)

    text = {name: _coded(table.column(name), ordered=name == "event_date") for name in _TEXT}
    count = table.num_rows
    both = _coded(pa.concat_arrays([pc.cast(table.column(name), pa.string()).combine_chunks()
                                    for name in ("actor", "actor2")]))
    text["actor"], text["actor2"] = Coded(both.codes[:count], both.values), Coded(both.codes[count:], both.values)
    dated = pd.to_datetime(pd.Series(text["event_date"].values[1:], dtype=object), errors="coerce", format="ISO8601")
    ids, day = table.column("id").to_numpy(), text["event_date"].codes
    lat, lon, corroboration = numbers("lat"), numbers("lon"), numbers("corroboration")
    recent = np.lexsort((ids, -day))  # none (code 0) after every date
    located = np.flatnonzero(~(np.isnan(lat) | np.isnan(lon)))
    ranked = located[np.lexsort((ids[located], np.where(np.isnan(corroboration), np.inf, -corroboration)[located],
                                 -day[located]))]
    marked = recent[(text["kind"].among(["claim", "position"]) & ~(np.isnan(lat) | np.isnan(lon)))[recent]]
    days = np.zeros(count, dtype="int64")
    for name in _DAY_KEYS:
        days = days * len(text[name].values) + text[name].codes
    return ColumnIndex(ids, table.column("dataset_id").to_numpy(), lat, lon, text,
                       np.concatenate([[np.datetime64("NaT", "ns")], dated.to_numpy(dtype="datetime64[ns]")]),
                       recent, ranked, marked, days, _cell_keys(lat, lon, CELL_DEGREES))


def _grid(step: float) -> tuple[int, int]:
    """(rows, columns) of the grid of cells of ``step`` degrees (a pole's or the antimeridian's own too)."""
    return int(np.ceil(180.0 / step)) + 1, int(np.ceil(360.0 / step)) + 1


def _cell_keys(lat: np.ndarray, lon: np.ndarray, step: float) -> np.ndarray:
    """Each point's cell of ``step`` degrees as one number (row * columns + column); -1: no point."""
    rows, columns = _grid(step)
    placed = ~(np.isnan(lat) | np.isnan(lon))
    keys = np.full(len(lat), -1, dtype="int64")
    keys[placed] = (np.clip(np.floor((lat[placed] + 90.0) / step), 0, rows - 1).astype("int64") * columns
                    + np.clip(np.floor((lon[placed] + 180.0) / step), 0, columns - 1).astype("int64"))
    return keys


def load_index(engine: sa.Engine, *, cache: Path | None = None) -> ColumnIndex:
    """The index of the store's imported rows; ``cache``: a folder where its table is kept as an Arrow
    file under the store's ``imported_stamp`` (a new import makes a new one; fewer than ``CACHE_MIN_ROWS``
    rows are read again rather than kept)."""
    if cache is None:
        return column_index(index_table(engine))
    store = _digest(engine.url.render_as_string(hide_password=True))
    path = cache / f"index-{store}-{_digest(imported_stamp(engine))}.arrow"
    if path.exists():
        return column_index(feather.read_table(path))
    table = index_table(engine)
    if table.num_rows >= CACHE_MIN_ROWS:
        _keep(table, path, f"index-{store}-*.arrow")
    return column_index(table)


def kept_rows(index: ColumnIndex, names: dict[int, str], *, start: dt.date | None = None,
              end: dt.date | None = None, actors: Iterable[str] | None = None, kinds: Iterable[str] | None = None,
              event_types: Iterable[str] | None = None, sub_event_types: Iterable[str] | None = None,
              outlets: Iterable[str] | None = None, quoted: np.ndarray | None = None, include_undated: bool = True,
              review_statuses: Iterable[str] | None = None, datasets: Iterable[str] | None = None,
              include_rejected: bool = True) -> np.ndarray:
    """Which rows of ``index`` ``filter_frame(..., **filters)`` keeps of an unreviewed imported record
    (``names``: dataset id -> name). ``quoted``: the ids of the rows the quote search keeps (None: no
    search). ``include_rejected`` changes nothing: no imported row of the index is rejected."""
    keep = np.ones(len(index), dtype=bool)
    text, day = index.text, index.text["event_date"].codes
    undated = np.isnat(index.dated)
    if start is not None or end is not None or not include_undated:
        passes = undated.copy() if include_undated else np.zeros(len(undated), dtype=bool)
        within = ~undated
        if start is not None:
            within &= index.dated >= np.datetime64(pd.Timestamp(start), "ns")
        if end is not None:
            within &= index.dated <= np.datetime64(pd.Timestamp(end), "ns")
        keep &= (passes | within)[day]
    if actors is not None:
        keep &= text["actor"].among(actors) | text["actor2"].among(actors)
    for name, chosen in (("kind", kinds), ("event_type", event_types), ("outlet", outlets)):
        if chosen is not None:
            keep &= text[name].among(chosen)
    if sub_event_types is not None:  # records with none pass
        keep &= text["sub_event_type"].among(sub_event_types, none=True)
    if review_statuses is not None and "unreviewed" not in set(review_statuses):
        keep[:] = False
    if datasets is not None:
        wanted = [key for key, name in names.items() if name in set(datasets)]
        keep &= np.isin(index.dataset, wanted)
    if quoted is not None:
        keep &= np.isin(index.ids, quoted)
    return keep


def _tally(keys: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct values of ``keys``, each < ``bins``; how many times each occurs)."""
    if bins <= _BINCOUNT_MOST:
        counts = np.bincount(keys, minlength=bins)
        found = np.flatnonzero(counts)
        return found, counts[found].astype("int64")
    found, counts = np.unique(keys, return_counts=True)
    return found, counts.astype("int64")


def day_counts(index: ColumnIndex, keep: np.ndarray) -> pd.DataFrame:
    """The kept rows counted by ``event_date``, ``actor`` and ``kind`` (``n``)."""
    columns = [index.text[name] for name in _DAY_KEYS]
    found, n = _tally(index.days[keep], int(np.prod([len(c.values) for c in columns], dtype="float64")))
    out = {}
    for name, column in reversed(list(zip(_DAY_KEYS, columns))):
        found, codes = np.divmod(found, len(column.values))
        out[name] = column.values[codes]
    return pd.DataFrame({**{name: out[name] for name in _DAY_KEYS}, "n": n})


def cell_counts(index: ColumnIndex, keep: np.ndarray, step: float = CELL_DEGREES) -> pd.DataFrame:
    """The kept located rows counted per cell of ``step`` degrees (``lat``, ``lon``: its south-west corner)."""
    keys = index.cells if step == CELL_DEGREES else _cell_keys(index.lat, index.lon, step)
    keys = keys[keep]
    rows, columns = _grid(step)
    found, n = _tally(keys[keys >= 0], rows * columns)
    lat, lon = np.divmod(found, columns)
    return pd.DataFrame({"lat": lat * step - 90.0, "lon": lon * step - 180.0, "n": n})


def facet_counts(index: ColumnIndex, keep: np.ndarray) -> dict[str, dict[str, int]]:
    """The kept rows counted by each filter option: column -> {value: rows}; an actor named as both
    actor and second actor counted once; ``dated``: (the first, the last) dated day, or None."""
    out = {}
    for name in ("kind", "event_type", "sub_event_type", "outlet", "actor"):
        column = index.text[name]
        codes = column.codes[keep]
        if name == "actor":
            second = index.text["actor2"].codes[keep]
            codes = np.concatenate([codes, second[second != codes]])
        counts = np.bincount(codes, minlength=len(column.values))
        out[name] = {str(column.values[k]): int(counts[k]) for k in np.flatnonzero(counts) if k}
    days = index.dated[np.unique(index.text["event_date"].codes[keep])]
    days = days[~np.isnat(days)]
    out["dated"] = (pd.Timestamp(days.min()).date(), pd.Timestamp(days.max()).date()) if len(days) else None
    out["position_actors"] = sorted({str(a) for a in index.text["actor"].values[np.unique(
        index.text["actor"].codes[keep & index.text["kind"].among(["position"])])] if a is not None})
    return out


def first_rows(index: ColumnIndex, keep: np.ndarray, *, table_rows: int, map_rows: int) -> np.ndarray:
    """The ids of the kept rows shown whole: the ``table_rows`` most recent (the table's first rows),
    the located claims and positions (the most recent ``map_rows``: the map draws them first) and
    the ``map_rows`` located ones the map draws first (the most recent, then the best corroborated)."""
    chosen = [_first(order, keep, limit) for order, limit in ((index.recent, table_rows), (index.marked, map_rows),
                                                              (index.ranked, map_rows))]
    return np.unique(index.ids[np.concatenate(chosen)])


def _first(order: np.ndarray, keep: np.ndarray, limit: int) -> np.ndarray:
    """The first ``limit`` positions of ``order`` that ``keep`` keeps, looked for in growing slices (the
    common filters keep many: the first slice holds them)."""
    found, start, size = [], 0, max(4 * limit, 4096)
    while start < len(order) and sum(map(len, found)) < limit:
        part = order[start:start + size]
        found.append(part[keep[part]])
        start, size = start + size, size * 4
    return np.concatenate(found)[:limit] if found else order[:0]
