"""The columnar index of ``geo.store.columnar``: made from the store, kept on disk, read back.

- ``index_table(engine)``: the columns of every imported row the index holds, by one SELECT (and the
  outlets by another: a join is several times slower on SQLite), as an Arrow table;
- ``column_index(table)``: the index of that table: the codes, the orders the page takes rows in (sorts
  of a million rows), the day and cell keys;
- ``write_index`` / ``read_index``: the index as one Arrow IPC file holding every array as the index holds
  it, the vocabularies in the file's metadata: read back, nothing is sorted or coded again;
- ``load_index(engine, cache=...)``: the file of the store's current ``imported_stamp`` when there, else
  made and kept; ``keep_index(engine, cache)`` makes it now (``python -m geo import`` does, after the
  import), so that the app's first load only reads it.

A file is named by the store's URL (its password hidden) and its ``imported_stamp``: a new import
makes a new one, the store's older files are removed. A file of another format (``FORMAT``) or one
that cannot be read is made again.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa

from . import engine as engine_module
from .columnar import CELL_DEGREES, INDEXED, SHOWN, TEXT, Coded, ColumnIndex, cell_keys
from .schema import records, sources
from .view import CACHE_MIN_ROWS, RARE, _digest, _names, _theirs, imported_stamp

__all__ = ["FORMAT", "default_cache", "index_path", "index_table", "column_index", "write_index", "read_index",
           "load_index", "keep_index"]

log = logging.getLogger(__name__)

FORMAT = 2  # of the index file: 1 held the SELECT's table, to be coded and sorted at each read
_KEY = b"geo.store.index"  # the file's metadata: the format, the vocabularies, the orders' lengths
_DAY_KEYS = ("event_date", "actor", "kind")  # as geo.store.columnar counts days
_REPEATED = ("date_precision", "place", "geo_precision", "country")  # of SHOWN, kept dictionary-encoded
_ORDERS = ("recent", "ranked", "marked")  # kept as int32 positions; ranked and marked padded with -1
_ARRAYS = {"ids": "int64", "dataset": "int64", "lat": "float64", "lon": "float64", "days": "int64",
           "cells": "int64", "rare": "bool"}


def default_cache() -> Path:
    """The folder where the app and the command line keep the index files: data/cache beside the
    default store."""
    return engine_module.DEFAULT_PATH.parent / "cache"


def _store(engine: sa.Engine) -> str:
    return _digest(engine.url.render_as_string(hide_password=True))


def index_path(engine: sa.Engine, cache: Path) -> Path:
    """The file of the store's index as its imported records are now."""
    return cache / f"index-v{FORMAT}-{_store(engine)}-{_digest(imported_stamp(engine))}.arrow"


def index_table(engine: sa.Engine) -> pa.Table:
    """The indexed columns (``INDEXED``, ``outlet``: the first source's, '' for none; ``SHOWN``; ``rare``)
    of every imported records row, ordered by row id, as an Arrow table."""
    c = records.c
    names = (*dict.fromkeys((*INDEXED, *SHOWN)),)
    rare = sa.or_(*(c[name].isnot(None) for name in RARE)).label("rare")
    with engine.connect() as conn:
        theirs = _theirs(_names(conn))
        rows = conn.execute(sa.select(*(c[name] for name in names), rare).where(theirs).order_by(c.id)).all()
        said = conn.execute(sa.select(sources.c.record, sources.c.outlet).join(records, c.id == sources.c.record)
                            .where(theirs, sources.c.position == 0, sources.c.outlet.isnot(None))).all()
    columns = list(zip(*rows)) if rows else [()] * (len(names) + 1)
    ids = np.asarray(columns[0], dtype="int64")
    outlet = np.full(len(ids), "", dtype=object)
    if said:
        keys, outlets = zip(*said)
        outlet[np.searchsorted(ids, np.asarray(keys, dtype="int64"))] = outlets
    types = {"id": pa.int64(), "dataset_id": pa.int64(), "lat": pa.float64(), "lon": pa.float64(),
             "corroboration": pa.int64(), "place_confidence": pa.float64()}
    arrays = {name: pa.array(values, type=types.get(name, pa.string()), from_pandas=True)
              for name, values in zip(names, columns)}
    arrays["outlet"] = pa.array(outlet, type=pa.string())
    arrays["rare"] = pa.array([bool(v) for v in columns[-1]], type=pa.bool_())
    for name in _REPEATED:  # a few values, many times: a smaller file
        arrays[name] = pc.dictionary_encode(arrays[name])
    return pa.table(arrays)


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


def _dated(values: np.ndarray) -> np.ndarray:
    """Per event_date value (``values[0]``: none), its datetime64[ns] as ``filter_frame`` reads it (NaT: undated)."""
    dated = pd.to_datetime(pd.Series(values[1:], dtype=object), errors="coerce", format="ISO8601")
    return np.concatenate([[np.datetime64("NaT", "ns")], dated.to_numpy(dtype="datetime64[ns]")])


def column_index(table: pa.Table) -> ColumnIndex:
    """The index of ``table`` (of ``index_table``)."""
    def numbers(name: str) -> np.ndarray:
        return table.column(name).to_numpy().astype(float)

    text = {name: _coded(table.column(name), ordered=name == "event_date") for name in TEXT[:5]}
    count = table.num_rows
    both = _coded(pa.concat_arrays([pc.cast(table.column(name), pa.string()).combine_chunks()
                                    for name in ("actor", "actor2")]))
    text["actor"], text["actor2"] = Coded(both.codes[:count], both.values), Coded(both.codes[count:], both.values)
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
    shown = pa.table({name: table.column(name).combine_chunks() for name in SHOWN})
    return ColumnIndex(ids, table.column("dataset_id").to_numpy(), lat, lon, text, _dated(text["event_date"].values),
                       recent, ranked, marked, days, cell_keys(lat, lon, CELL_DEGREES), shown,
                       table.column("rare").to_numpy(zero_copy_only=False).astype(bool))


def write_index(index: ColumnIndex, path: Path) -> None:
    """``index`` written to ``path`` whole or not at all (another process may read it meanwhile)."""
    count = len(index)
    columns = {name: pa.array(np.asarray(getattr(index, name), dtype=kind)) for name, kind in _ARRAYS.items()}
    for name in _ORDERS:
        order = np.full(count, -1, dtype="int32")
        found = getattr(index, name)
        order[:len(found)] = found
        columns[name] = pa.array(order)
    for name in TEXT:
        columns[f"code:{name}"] = pa.array(index.text[name].codes.astype("int32"))
    for name in SHOWN:
        columns[f"shown:{name}"] = index.shown.column(name).combine_chunks()
    about = {"format": FORMAT, "lengths": {name: len(getattr(index, name)) for name in _ORDERS},
             "values": {name: index.text[name].values.tolist() for name in TEXT if name != "actor2"}}
    table = pa.table(columns).replace_schema_metadata({_KEY: json.dumps(about)})
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    part = path.with_suffix(f".{os.getpid()}.part")
    with pa.OSFile(str(part), "wb") as sink, pa.ipc.new_file(
            sink, table.schema, options=pa.ipc.IpcWriteOptions(compression="lz4")) as writer:
        writer.write_table(table, max_chunksize=max(count, 1))  # one batch: no chunk to join when read
    part.replace(path)


def read_index(path: Path) -> ColumnIndex | None:
    """The index of the file ``path``; None when it is missing, of another format or unreadable."""
    try:
        with pa.memory_map(str(path)) as source:
            table = pa.ipc.open_file(source).read_all()
    except (OSError, pa.ArrowInvalid):
        return None
    about = json.loads((table.schema.metadata or {}).get(_KEY, b"{}"))
    if about.get("format") != FORMAT:
        return None

    def array(name: str, kind: str) -> np.ndarray:
        return table.column(name).combine_chunks().to_numpy(zero_copy_only=False).astype(kind, copy=False)

    values = {name: np.asarray(found, dtype=object) for name, found in about["values"].items()}
    values["actor2"] = values["actor"]
    text = {name: Coded(array(f"code:{name}", "int32"), values[name]) for name in TEXT}
    orders = {name: array(name, "int64")[:about["lengths"][name]] for name in _ORDERS}
    shown = pa.table({name: table.column(f"shown:{name}").combine_chunks() for name in SHOWN})
    arrays = {name: array(name, kind) for name, kind in _ARRAYS.items()}
    return ColumnIndex(arrays["ids"], arrays["dataset"], arrays["lat"], arrays["lon"], text,
                       _dated(values["event_date"]), orders["recent"], orders["ranked"], orders["marked"],
                       arrays["days"], arrays["cells"], shown, arrays["rare"])


def load_index(engine: sa.Engine, *, cache: Path | None = None) -> ColumnIndex:
    """The index of the store's imported rows; ``cache``: a folder where it is kept as a file (see the
    module's docstring; fewer than ``CACHE_MIN_ROWS`` rows are read again rather than kept)."""
    if cache is None:
        return column_index(index_table(engine))
    path = index_path(engine, cache)
    found = read_index(path) if path.exists() else None
    return found if found is not None else keep_index(engine, cache, path=path)


def keep_index(engine: sa.Engine, cache: Path, *, path: Path | None = None) -> ColumnIndex:
    """The index of the store's imported rows made from the store now, and written to ``cache`` (the
    store's older files removed) when it holds ``CACHE_MIN_ROWS`` rows or more."""
    path = index_path(engine, cache) if path is None else path
    index = column_index(index_table(engine))
    if len(index) >= CACHE_MIN_ROWS:
        write_index(index, path)
        for stale in path.parent.glob(f"index-*{_store(engine)}-*.arrow"):  # format 1's too
            if stale != path:
                stale.unlink(missing_ok=True)
        log.info("kept the index of %d imported records in %s", len(index), path)
    return index
