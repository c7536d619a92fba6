"""A columnar index of a large store's imported rows: what the page filters, counts and shows, in arrays.

Past ``geo.store.aggregates.LARGE_ROWS`` imported rows, a filter change cannot scan the records table
(one scan takes seconds at a million rows). The index (``ColumnIndex``; made and kept on disk by
``geo.store.indexing``, once per import) holds the light columns of every imported row: those the
filters, the counts and the map's order need, as integer codes over a small vocabulary for each text
column (``Coded``), the orders the page takes rows in, and the few columns a row shown whole needs
besides (``SHOWN``). Then:

- ``kept_rows(index, names, **filters)`` is the boolean mask of the rows ``filter_frame(..., **filters)``
  keeps of unreviewed imported records (the filters' arguments, the same meaning): a lookup table per
  vocabulary, gathered by code. Only the quote search (``text``: a query the user types, not the
  common change) still asks the store, for the ids of the rows whose quote holds every word (``quoted``);
- ``day_counts`` and ``cell_counts`` count the kept rows by day, actor and kind, and per grid cell
  (``np.bincount`` over combined codes);
- ``facet_counts`` counts every row by filter option;
- ``first_rows`` gives the positions of the kept rows the page shows whole: the most recent (the
  table's), and those the map draws first; ``shown_columns`` gives their scalar columns as the store
  holds them (``geo.store.view.imported_columns``), but for the columns few imported rows fill
  (``rare`` rows: those are read from the store).

An index changes with imports only: decisions are read apart (``geo.store.aggregates.Split``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa

__all__ = ["INDEXED", "SHOWN", "TEXT", "CELL_DEGREES", "Coded", "ColumnIndex", "kept_rows", "day_counts",
           "cell_counts", "facet_counts", "first_rows", "shown_columns", "cell_keys"]

INDEXED = ("id", "dataset_id", "kind", "event_type", "sub_event_type", "actor", "actor2", "event_date", "lat", "lon",
           "corroboration")  # and "outlet": the first source's, '' for none
# The other scalar columns of ``geo.store.view.imported_columns`` but the rare ones: kept as they are (Arrow).
SHOWN = ("record_id", "date_precision", "place", "geo_precision", "country", "place_confidence", "corroboration")
TEXT = ("kind", "event_type", "sub_event_type", "event_date", "outlet", "actor", "actor2")  # the coded columns
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
    text: dict[str, Coded]  # TEXT's ("actor" and "actor2": one vocabulary for both)
    dated: np.ndarray  # per event_date value: its datetime64[ns] (NaT: undated, as filter_frame reads it)
    recent: np.ndarray  # row positions, the most recent first (event_date descending, none last; then id)
    ranked: np.ndarray  # located rows' positions as the map draws them (date, corroboration descending; id)
    marked: np.ndarray  # the located claims' and positions' positions, the most recent first
    days: np.ndarray  # per row, its (event_date, actor, kind) codes as one number (``_DAY_KEYS``)
    cells: np.ndarray  # per row, its cell of CELL_DEGREES as one number (``cell_keys``); -1: not located
    shown: pa.Table  # per row, the columns of SHOWN
    rare: np.ndarray  # per row, whether it fills a column imported rows seldom fill (read from the store)
    # The heavy cells of rows read whole so far, by record id (``geo.store.view.with_details``'s ``known``):
    # kept with the index, which changes with imports only.
    details: dict = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.ids)


def _grid(step: float) -> tuple[int, int]:
    """(rows, columns) of the grid of cells of ``step`` degrees (a pole's or the antimeridian's own too)."""
    return int(np.ceil(180.0 / step)) + 1, int(np.ceil(360.0 / step)) + 1


def cell_keys(lat: np.ndarray, lon: np.ndarray, step: float) -> np.ndarray:
    """Each point's cell of ``step`` degrees as one number (row * columns + column); -1: no point."""
    rows, columns = _grid(step)
    placed = ~(np.isnan(lat) | np.isnan(lon))
    keys = np.full(len(lat), -1, dtype="int64")
    keys[placed] = (np.clip(np.floor((lat[placed] + 90.0) / step), 0, rows - 1).astype("int64") * columns
                    + np.clip(np.floor((lon[placed] + 180.0) / step), 0, columns - 1).astype("int64"))
    return keys


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


def _tally(keys: np.ndarray, keep: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct values of ``keys[keep]``, each < ``bins``; how many times each occurs). By bins
    weighted with ``keep``: no copy of the kept keys (a third of the time at a million rows)."""
    if bins <= _BINCOUNT_MOST:
        counts = np.bincount(keys, weights=keep, minlength=bins)
        found = np.flatnonzero(counts)
        return found, counts[found].astype("int64")
    found, counts = np.unique(keys[keep], return_counts=True)
    return found, counts.astype("int64")


def day_counts(index: ColumnIndex, keep: np.ndarray) -> pd.DataFrame:
    """The kept rows counted by ``event_date``, ``actor`` and ``kind`` (``n``)."""
    columns = [index.text[name] for name in _DAY_KEYS]
    found, n = _tally(index.days, keep, int(np.prod([len(c.values) for c in columns], dtype="float64")))
    out = {}
    for name, column in reversed(list(zip(_DAY_KEYS, columns))):
        found, codes = np.divmod(found, len(column.values))
        out[name] = column.values[codes]
    return pd.DataFrame({**{name: out[name] for name in _DAY_KEYS}, "n": n})


def cell_counts(index: ColumnIndex, keep: np.ndarray, step: float = CELL_DEGREES) -> pd.DataFrame:
    """The kept located rows counted per cell of ``step`` degrees (``lat``, ``lon``: its south-west corner)."""
    keys = index.cells if step == CELL_DEGREES else cell_keys(index.lat, index.lon, step)
    rows, columns = _grid(step)
    found, n = _tally(keys + 1, keep, rows * columns + 1)  # -1 (not located) in bin 0
    found, n = found[found > 0] - 1, n[found > 0]
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
    """The positions (ascending) of the kept rows shown whole: the ``table_rows`` most recent (the table's first rows),
    the located claims and positions (the most recent ``map_rows``: the map draws them first) and
    the ``map_rows`` located ones the map draws first (the most recent, then the best corroborated)."""
    chosen = [_first(order, keep, limit) for order, limit in ((index.recent, table_rows), (index.marked, map_rows),
                                                              (index.ranked, map_rows))]
    return np.unique(np.concatenate(chosen))


def _first(order: np.ndarray, keep: np.ndarray, limit: int) -> np.ndarray:
    """The first ``limit`` positions of ``order`` that ``keep`` keeps, looked for in growing slices (the
    common filters keep many: the first slice holds them)."""
    found, start, size = [], 0, max(4 * limit, 4096)
    while start < len(order) and sum(map(len, found)) < limit:
        part = order[start:start + size]
        found.append(part[keep[part]])
        start, size = start + size, size * 4
    return np.concatenate(found)[:limit] if found else order[:0]


def shown_columns(index: ColumnIndex, positions: np.ndarray) -> pd.DataFrame:
    """The rows at ``positions`` (ascending) as ``geo.store.view.imported_columns`` reads them from the
    store (``id``, ``dataset_id``, ``lat``, ``lon``, the common columns, ``outlet``), but for the rare
    columns, left out (``index.rare`` says which rows fill one)."""
    columns = {"id": index.ids[positions], "dataset_id": index.dataset[positions], "lat": index.lat[positions],
               "lon": index.lon[positions]}
    taken = index.shown.take(pa.array(positions, type=pa.int64()))
    for name in SHOWN:
        columns[name] = pd.Series(_values(taken.column(name)), dtype=object)
    for name in TEXT:
        column = index.text[name]
        columns[name] = pd.Series(column.values[column.codes[positions]], dtype=object)
    frame = pd.DataFrame(columns, copy=False)  # the text as objects (None: none), as the store gives it
    frame["place_confidence"] = pd.to_numeric(frame["place_confidence"], errors="coerce")
    frame["corroboration"] = pd.to_numeric(frame["corroboration"])
    return frame


def _values(column: pa.ChunkedArray) -> np.ndarray:
    """``column``'s values as a numpy array (None or NaN: none), by Arrow's own conversion: some 20 times
    faster than a Python list of 5,000 rows. A dictionary-encoded column is decoded first (this pyarrow's
    ``to_numpy`` gives a null of one the value of another row)."""
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    return column.to_numpy(zero_copy_only=False)
