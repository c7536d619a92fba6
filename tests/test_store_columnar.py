"""The columnar index of a large store's imported rows (geo.store.columnar): the rows its filters keep,
with those the in-memory part keeps, are the records ``filter_frame`` keeps of the whole store, and
they count the same; the index read back from its Arrow file is the one the store gives, and a new
import makes a new file. Run on the store of tests/test_store_aggregates.py, on SQLite and on a real
PostgreSQL + PostGIS server."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import sqlalchemy as sa

from geo.store import columnar
from geo.store.aggregates import frame_counts, queried_rows, split_records, view_aggregates
from geo.store.columnar import load_index
from geo.store.imports import import_file
from geo.store.schema import records
from geo.store.view import filter_view, light_records

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


def _same(one: columnar.ColumnIndex, other: columnar.ColumnIndex) -> bool:
    """Whether two indexes hold the same rows, values and orders (their codes may differ)."""
    return (np.array_equal(one.ids, other.ids) and np.array_equal(one.lat, other.lat, equal_nan=True)
            and np.array_equal(one.lon, other.lon, equal_nan=True) and np.array_equal(one.recent, other.recent)
            and np.array_equal(one.ranked, other.ranked) and np.array_equal(one.dataset, other.dataset)
            and all(list(one.text[name].values[one.text[name].codes]) == list(other.text[name].values[
                other.text[name].codes]) for name in one.text))


def test_the_index_read_back_from_its_file_is_the_one_the_store_gives(store, tmp_path, monkeypatch):
    monkeypatch.setattr(columnar, "CACHE_MIN_ROWS", 1)  # as if these 64 rows were many
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
