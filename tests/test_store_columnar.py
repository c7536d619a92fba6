"""The columnar index of a large store's imported rows (geo.store.columnar): the rows its filters keep,
with those the in-memory part keeps, are the records ``filter_frame`` keeps of the whole store, and
they count the same; the index read back from its Arrow file is the one the store gives, and a new
import makes a new file. Run on the store of tests/test_store_aggregates.py, on SQLite and on a real
PostgreSQL + PostGIS server."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from geo.store import aggregates, columnar, indexing
from geo.store.aggregates import frame_counts, queried_rows, split_records, top_rows, view_aggregates
from geo.store.indexing import load_index
from geo.store.imports import import_file
from geo.store.schema import records
from geo.store.view import decided_imported, filter_view, imported_columns, imported_frame, light_records

from .test_store_aggregates import _FILTERS, _by_key, _generated
from .test_store_aggregates import store  # noqa: F401 - the fixture
from .test_store_import import _acled
from .test_store_view import extractor, postgres_server, url  # noqa: F401 - the fixtures
from .test_store_view import store as view_store  # noqa: F401

_RUSSIA, _IS = "Military Forces of Russia (2000-)", "Islamic State (Syria)"
_COMBINED = (  # several filters at once, as a user narrows the view
    {"actors": [_RUSSIA, _IS], "start": dt.date(2015, 10, 5), "event_types": ["Explosions/Remote violence", "Battles"]},
    {"kinds": ["event"], "outlets": ["SOHR", ""], "sub_event_types": ["Armed clash", "Attack"],
     "include_undated": False},
    {"datasets": ["ACLED generated"], "end": dt.date(2015, 11, 10), "actors": ["Hezbollah", ""]},
    {"review_statuses": ["unreviewed", "confirmed"], "include_rejected": False, "start": dt.date(2015, 11, 1),
     "end": dt.date(2015, 11, 20)},
    {"text": "talbiseh", "actors": [_RUSSIA]},
)


@pytest.fixture()
def read(store):
    """(the whole store as the page reads a small one, the same store split, its rows in the index)."""
    return light_records(store, include_rejected=True), split_records(store, include_rejected=True,
                                                                       index=load_index(store))


def _record_ids(engine, ids: np.ndarray) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(records.c.record_id).where(records.c.id.in_(ids.tolist()))).scalars())


@pytest.mark.parametrize("chosen", _FILTERS + _COMBINED, ids=repr)
def test_the_rows_the_index_keeps_are_the_records_filter_frame_keeps(store, read, chosen):
    whole, split = read
    theirs = _record_ids(store, split.index.ids[queried_rows(store, split, chosen)])
    mine = filter_view(store, split.memory, **chosen)["record_id"].tolist()
    expected = filter_view(store, whole, **chosen)["record_id"].tolist()
    assert len(theirs) + len(mine) == len(expected) and set(theirs) | set(mine) == set(expected)


@pytest.mark.parametrize("chosen", _COMBINED, ids=repr)
def test_several_filters_at_once_count_as_the_filtered_records(store, read, chosen):
    whole, split = read
    view = filter_view(store, whole, **chosen)
    got, expected = view_aggregates(store, split, filter_view(store, split.memory, **chosen), chosen), frame_counts(view)
    assert got.total == len(view)
    keys = ["event_date", "actor", "kind"]
    assert _by_key(got.counts, keys) == _by_key(expected.counts, keys)
    assert _by_key(got.cells, ["lat", "lon"]) == _by_key(expected.cells, ["lat", "lon"])


def _day_keys(index: columnar.ColumnIndex) -> list[tuple]:
    return [tuple(index.text[name].values[index.text[name].codes[n]] for name in ("event_date", "actor", "kind"))
            for n in range(len(index))]


def _same(one: columnar.ColumnIndex, other: columnar.ColumnIndex) -> bool:
    """Whether two indexes hold the same rows, values and orders (their codes may differ)."""
    return (np.array_equal(one.ids, other.ids) and np.array_equal(one.lat, other.lat, equal_nan=True)
            and np.array_equal(one.lon, other.lon, equal_nan=True) and np.array_equal(one.recent, other.recent)
            and np.array_equal(one.ranked, other.ranked) and np.array_equal(one.dataset, other.dataset)
            and np.array_equal(one.marked, other.marked) and np.array_equal(one.cells, other.cells)
            and np.array_equal(one.rare, other.rare) and one.shown.equals(other.shown)
            and _day_keys(one) == _day_keys(other)
            and all(list(one.text[name].values[one.text[name].codes]) == list(other.text[name].values[
                other.text[name].codes]) for name in one.text))


def test_the_index_read_back_from_its_file_is_the_one_the_store_gives(store, tmp_path, monkeypatch):
    monkeypatch.setattr(indexing, "CACHE_MIN_ROWS", 1)  # as if these 64 rows were many
    cache = tmp_path / "cache"
    made = load_index(store, cache=cache)
    kept = sorted(cache.glob("index-*.arrow"))
    assert len(kept) == 1 and len(made) == 64
    assert _same(load_index(store, cache=cache), made) and _same(made, load_index(store))
    path = tmp_path / "more.csv"
    path.write_text(_acled(_generated(5)).replace("XGN", "XMORE"), encoding="utf-8")
    import_file(store, "acled", path, name="ACLED more")
    grown = load_index(store, cache=cache)
    assert len(grown) == 69 and sorted(cache.glob("index-*.arrow")) != kept
    assert len(list(cache.glob("index-*.arrow"))) == 1  # the old file removed


def test_an_import_keeps_the_index_file_that_the_first_load_then_reads(store, tmp_path, monkeypatch):
    """``python -m geo import`` (``store_file``) leaves the index of the store's imports in the app's
    cache: the app's first load after it reads that file instead of the store's million rows."""
    monkeypatch.setattr(indexing, "CACHE_MIN_ROWS", 1)
    monkeypatch.setattr(aggregates, "LARGE_ROWS", 1)  # as if these rows were many
    cache = tmp_path / "cache"
    path = tmp_path / "more.csv"
    path.write_text(_acled(_generated(5)).replace("XGN", "XMORE"), encoding="utf-8")
    import_file(store, "acled", path, name="ACLED more", cache=cache)
    assert len(list(cache.glob("index-*.arrow"))) == 1
    monkeypatch.setattr(indexing, "index_table", None)  # the store is not read for it
    assert len(load_index(store, cache=cache)) == 69


def test_the_index_file_is_read_back_without_coding_or_sorting_again(store, tmp_path, monkeypatch):
    """A restarted app reads the index's orders and codes from its file: nothing of a million rows is
    sorted at its first load (the file of format 1 held the SELECT's table, coded and sorted at each read)."""
    monkeypatch.setattr(indexing, "CACHE_MIN_ROWS", 1)
    made = indexing.keep_index(store, tmp_path)
    monkeypatch.setattr(indexing, "column_index", None)  # any index made from a table would fail
    monkeypatch.setattr(indexing, "index_table", None)
    assert _same(load_index(store, cache=tmp_path), made)


def test_the_rows_shown_whole_come_from_the_index_as_the_store_holds_them(store, read):
    """The table's first rows and the map's markers of a large store are the rows the store gives for
    those ids (their rare columns too: an imported asset's), read from the index."""
    _, split = read
    kept = queried_rows(store, split, {})
    got = top_rows(store, split, {}, table_rows=20, map_rows=30, kept=kept)
    ids = got.index.tolist()
    assert len(ids) >= 30
    with store.begin() as conn:  # one imported row that fills a rare column, one with no place named
        conn.execute(sa.update(records).where(records.c.id == ids[3]).values(asset="tank", count=4))
        conn.execute(sa.update(records).where(records.c.id == ids[5]).values(place=None, country=None))
    fresh = split_records(store, include_rejected=True, index=load_index(store))
    got = top_rows(store, fresh, {}, table_rows=20, map_rows=30, kept=kept)
    expected = decided_imported(imported_frame(store, imported_columns(store, where=records.c.id.in_(ids))), {}, True)
    assert got.loc[ids[3], "asset"] == "tank" and got.loc[ids[3], "count"] == 4
    assert got.loc[ids[5], "place"] is None and got.loc[ids[5], "country"] is None
    assert got.loc[ids[4], "place"] is not None
    pd.testing.assert_frame_equal(got.drop(columns="sources"), expected.drop(columns="sources"))
    assert [s[0]["outlet"] for s in got["sources"]] == [s[0]["outlet"] for s in expected["sources"]]
