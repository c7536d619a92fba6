"""Where the page's records come from: the store opened, read and filtered, each step cached.

All the app's caches live here (``st.cache_resource`` for frames shared, never copied; ``st.cache_data``
for bytes and small values), keyed by the store's URL and its change stamp: a report or a decision of
another session changes the stamp, and every session reads again at its next rerun.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import streamlit as st

from geo.analysis import filter_frame
from geo.errors import GeoError
from geo.extract.actors import load_actors
from geo.gazetteer import load_gazetteer
from geo.io.records import read_records
from geo.pipeline import extract
from geo.render.facets import facets
from geo.render.summary import event_days, source_keys, summary_counts, summary_text
from geo.render.charts import timeline_counts
from geo.render.webmap import load_basemap
from geo.store import aggregates, open_store
from geo.store.aggregates import (LARGE_MAP_ROWS, Split, bounded_view, imported_rows, queried_rows,
                                  split_records, store_facets, view_aggregates)
from geo.store.added import Positions, folder_signature, store_folder
from geo.store.columnar import ColumnIndex
from geo.store.indexing import default_cache, load_index
from geo.store.ingest import Extractor, ingest_sample
from geo.store.ours import OurRecords, read_ours
from geo.store.positions import position_datasets, stored_positions
from geo.store.view import (filter_view, imported_columns, imported_frame, imported_stamp, light_records, shown_rows,
                            with_details)
from geo.store.workspace import change_stamp, claim_reports, stored_reports, with_matches, with_positions

TABLE_ROWS = 2_000  # rows sent to the table; the exports hold every filtered record


@st.cache_resource(show_spinner="Loading the gazetteer…")
def services():
    return load_gazetteer(), load_actors()


def extractor() -> Extractor:
    gazetteer, actors = services()
    return Extractor(gazetteer=gazetteer, actors=actors)


@st.cache_resource(show_spinner="Opening the store…", max_entries=8)
def store_engine(url: str, seed: bool):
    """The store at ``url``; the default one (``seed``) starts with the sample when it is new."""
    return open_store(url, on_create=(lambda engine: ingest_sample(engine, extractor=extractor())) if seed else None)


@st.cache_data(show_spinner="Storing the folder's reports…", max_entries=4)
def _store_folder(_engine, url: str, folder: str, signature: tuple) -> list[str]:
    """The folder's reports stored, once per change of its files; the problems met."""
    return store_folder(_engine, Path(folder), extractor())


# cache_resource, not cache_data: the frames are shared, never copied (a copy of 100k
# records per rerun costs more than the rerun); nothing here modifies them.
@st.cache_resource(show_spinner="Reading the imported datasets…", max_entries=2)
def _imported(_engine, url: str, stamp: tuple):
    """The imported records, read once per import (``stamp``); their columns kept on disk too
    (``data/cache/``): a restarted app reads them back in a fraction of the SELECT's time."""
    return imported_frame(_engine, imported_columns(_engine, cache=default_cache()))


@st.cache_resource(show_spinner="Reading the store…", max_entries=2)
def _ours(_engine, url: str, stamp: tuple) -> OurRecords:
    """Our stored records and their merges, read once per change of our records (``stamp``: the records
    part of the change stamp); a decision is applied to them without reading them again (``geo.store.ours``)."""
    return read_ours(_engine)


@st.cache_resource(show_spinner="Reading the store…", max_entries=4)
def _stored(_engine, url: str, stamp: tuple, _ours: OurRecords):
    """Every record of the store (rejected ones too), with the imported events matching ours; the
    quotes of imported records are read when shown (``geo.store.view``)."""
    imported = _imported(_engine, url, imported_stamp(_engine))
    return with_matches(light_records(_engine, include_rejected=True, imported=imported, ours=_ours))


@st.cache_data(show_spinner=False, max_entries=4)
def _large(_engine, url: str, stamp: tuple, most: int) -> bool:
    """Whether the store holds more than ``most`` imported records: the page then reads it by its index
    (asked once per import)."""
    return imported_rows(_engine) > most


@st.cache_resource(show_spinner="Indexing the imported datasets…", max_entries=2)
def _index(_engine, url: str, stamp: tuple) -> ColumnIndex:
    """A large store's imported rows as a columnar index (``geo.store.columnar``), built once per import
    (``stamp``) and kept on disk too (``data/cache/``): a restarted app reads it back in a fraction of
    the SELECT's time."""
    return load_index(_engine, cache=default_cache())


@st.cache_resource(show_spinner="Reading the store…", max_entries=4)
def _split(_engine, url: str, stamp: tuple, _ours: OurRecords) -> Split:
    """A large store's records in memory (ours, the imported ones a decision concerns), with the
    imported events among them matching ours; the rest is in the index (``geo.store.aggregates``)."""
    split = split_records(_engine, include_rejected=True, index=_index(_engine, url, imported_stamp(_engine)),
                          ours=_ours)
    return replace(split, memory=with_matches(split.memory))


@st.cache_resource(max_entries=2)
def filtered(_frame, chosen: dict, _engine, key: tuple, _split: Split | None = None):
    """(the records the filters ``chosen`` keep, those the page shows in detail (the table's first rows,
    the markers with popups) with their sources read; on a large store (``_split``) the rows shown
    whole only, with the view's counts by query, else None); ``key``: the data's and the filters'."""
    if _engine is None:  # a records file: everything is in memory
        return filter_frame(_frame, **chosen), None
    view = filter_view(_engine, _frame, **chosen)
    counted = None
    if _split is not None:  # the indexed rows the filters keep: counted, and the first of them read whole
        kept = queried_rows(_engine, _split, chosen)
        counted = (view_aggregates(_engine, _split, view, chosen, kept=kept), view)
        view = bounded_view(_engine, _split, view, chosen, table_rows=TABLE_ROWS, map_rows=LARGE_MAP_ROWS, kept=kept)
    known = None if _split is None else _split.index.details  # kept with the index: until the next import
    return with_details(_engine, view, shown_rows(view, table_rows=TABLE_ROWS), known=known), counted


@st.cache_resource(max_entries=4)
def large_facets(_engine, _split: Split, key: tuple) -> dict:
    """The filters' choices on a large store, by query, once per data set."""
    return store_facets(_engine, _split)


@st.cache_resource(show_spinner="Reading the distance claims…", max_entries=4)
def _claims(_engine, url: str, ids: tuple, stamp: tuple) -> list:
    gazetteer, actors = services()
    return extract(stored_reports(_engine, ids), gazetteer=gazetteer, actors=actors).claims


@st.cache_resource(max_entries=4)
def _shown(_frame, _engine, _claims, key: tuple):
    """The records with the store's positions, the claims measured again (``key``: the store's URL and stamp)."""
    return with_positions(_frame, stored_positions(_engine), _claims)


@st.cache_data(show_spinner=False, max_entries=4)
def position_uploads(_engine, url: str, stamp: tuple) -> dict[str, int]:
    """Each positions file uploaded to the store, by its dataset ("positions: <file name>"), in the order
    stored -> how many positions it holds; read again when the store changes (``stamp``: its change stamp)."""
    return position_datasets(_engine)


@st.cache_resource(show_spinner="Loading records…", max_entries=2)
def _records(path: str, mtime: int):
    return read_records(path)


@st.cache_resource(max_entries=4)
def view_facets(_frame, key: tuple) -> dict:
    """The choices the filters offer, computed once per data set."""
    return facets(_frame)


@st.cache_resource
def basemap():
    return load_basemap()


def page_data(args: argparse.Namespace, engine) -> tuple[object, list, list[str], str, tuple, Split | None]:
    """(frame, the claims to measure again, problems, what is shown, a key that changes with the data,
    on a large store the split of ``geo.store.aggregates`` (the frame: its part in memory), else None)."""
    if engine is None:
        try:
            key = (str(args.records), args.records.stat().st_mtime_ns)
        except OSError as err:
            raise GeoError(f"Expected a records file, got {str(args.records)!r} ({err.strerror or err}).") from err
        return _records(*key), [], [], f"records from {args.records}", key, None
    url = engine.url.render_as_string(hide_password=True)
    problems = []
    if args.data is not None:
        if not args.data.is_dir():
            raise GeoError(f"Expected a folder of report files, got {str(args.data)!r}.")
        problems += _store_folder(engine, url, str(args.data.resolve()), folder_signature(args.data))
    stamp = change_stamp(engine)  # another session's report or decision changes it
    ours = _ours(engine, url, (stamp[0], stamp[1], stamp[5]))  # our records, their count, the last row, the reports
    # read at each run, not at this module's import (once per server): tests lower it
    large = _large(engine, url, imported_stamp(engine), aggregates.LARGE_ROWS)
    split = _split(engine, url, stamp[:6], ours) if large else None
    stored = _stored(engine, url, stamp[:6], ours) if split is None else split.memory  # the records part of the stamp
    ids = tuple(claim_reports(stored))
    claims = _claims(engine, url, ids, stamp[:2]) if ids else []
    positions = st.session_state.get("positions") or Positions(("", ""))
    key = (url, stamp) if split is None else (url, stamp, "by queries")  # a frame of its own: not the same data
    frame = _shown(stored, engine, claims, key)
    problems += st.session_state.get("added_problems", []) + list(positions.warnings)
    split = None if split is None else replace(split, memory=frame)
    return frame, claims, problems, f"the store {url}", key, split


@st.cache_resource(max_entries=4)
def prepared(_frame, key: tuple) -> tuple:
    """(each record's event day, each source's report and outlet) of a data set, made once for it."""
    return event_days(_frame), source_keys(_frame)


@st.cache_resource(max_entries=8)
def described(_view, _made: tuple, key: tuple) -> tuple[str, tuple]:
    """(the summary line, the timeline's (counts, unit)) of the view the filters ``key`` choose."""
    days, sources = _made  # prepared(frame)
    return summary_text(summary_counts(_view, days=days, sources=sources)), timeline_counts(_view, days=days)

