"""A large store read by queries (geo.store.aggregates): the counts the page shows of a filtered view
(the summary line, the timeline, the map's cells, the filters' options) equal those of the records
the same filters keep of the whole store, and the rows shown whole are the first of that view. Run
on the store of tests/test_store_view.py (the sample, an ACLED file, decisions about ours and
theirs), on SQLite and on a real PostgreSQL + PostGIS server."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from geo.render.charts import timeline_counts
from geo.render.facets import facets
from geo.render.summary import summary_counts
from geo.render.tables import record_table
from geo.store.aggregates import (bounded_view, frame_counts, split_records, store_facets, summary_of, timeline_of,
                                  view_aggregates)
from geo.store.imports import import_file
from geo.store.view import filter_view, light_records

from .test_store_import import _acled
from .test_store_view import _NEAR_OURS, extractor, postgres_server, url  # noqa: F401 - the fixtures
from .test_store_view import store as view_store  # noqa: F401

_ACTORS = ("Military Forces of Russia (2000-)", "Islamic State (Syria)", "Hezbollah", "", "Military Forces of Turkey")
_TYPES = (("Explosions/Remote violence", "Air/drone strike"), ("Battles", "Armed clash"),
          ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"))


def _generated(count: int) -> list[str]:
    """ACLED rows on several days, actors, types, outlets and places (a few far from the rest, one in
    the southern and western hemispheres), from the row of tests/test_store_view.py."""
    cells = next(iter(__import__("csv").reader([_NEAR_OURS])))
    rows = []
    for n in range(count):
        row = list(cells)
        event_type, sub_type = _TYPES[n % len(_TYPES)]
        lat, lon = (34.0 + (n % 7) * 0.37, 36.0 + (n % 5) * 0.61) if n % 9 else (-12.3 - n / 10, -45.6 - n / 10)
        row[0], row[1], row[5], row[6] = f"XGN{n}", f"{1 + n % 28} {('October', 'November')[n % 2]} 2015", event_type, \
            sub_type
        row[7], row[10] = _ACTORS[n % len(_ACTORS)], _ACTORS[(n * 3) % len(_ACTORS)]
        row[22], row[23] = f"{lat:.4f}", f"{lon:.4f}"
        row[25], row[27] = ("Wire service", "SOHR", "", "Local partner")[n % 4], f"Generated event {n} near Talbiseh"[
            : 30 if n % 3 else 14]
        rows.append(",".join(f'"{cell}"' for cell in row))
    return rows


@pytest.fixture()
def store(view_store, tmp_path):
    """The store of tests/test_store_view.py and a second ACLED dataset of 60 undecided rows."""
    path = tmp_path / "generated.csv"
    path.write_text(_acled(_generated(60)), encoding="utf-8")
    import_file(view_store, "acled", path, name="ACLED generated")
    return view_store

_FILTERS = (
    {}, {"actors": ["Military Forces of Russia (2000-)"]}, {"start": dt.date(2015, 10, 1)},
    {"end": dt.date(2015, 10, 1), "include_undated": False}, {"event_types": ["Explosions/Remote violence"]},
    {"sub_event_types": ["Air/drone strike"]}, {"outlets": ["Wire service"]}, {"outlets": [""]},
    {"text": "talbiseh"}, {"text": "100%_sure"}, {"review_statuses": ["confirmed"]},
    {"review_statuses": ["unreviewed"], "include_rejected": False}, {"datasets": ["ACLED test"]},
    {"datasets": ["extracted"], "kinds": ["event", "position"]}, {"include_rejected": False},
)


def _by_key(frame: pd.DataFrame, keys: list[str]) -> dict:
    part = frame[keys].astype(object).where(frame[keys].notna(), None)
    return {tuple(row): int(n) for row, n in zip(part.itertuples(index=False), frame["n"]) if n}


@pytest.fixture()
def read(store):
    """(the whole store as the page reads a small one, the same store split for queries)."""
    return light_records(store, include_rejected=True), split_records(store, include_rejected=True)


@pytest.mark.parametrize("chosen", _FILTERS, ids=repr)
def test_the_counts_by_query_are_those_of_the_filtered_records(store, read, chosen):
    whole, split = read
    assert len(split.decided) == 3 and split.rows == 64  # theirs decided: subtracted from the queries
    view = filter_view(store, whole, **chosen)
    got = view_aggregates(store, split, filter_view(store, split.memory, **chosen), chosen)
    expected = frame_counts(view)
    assert got.total == len(view)
    assert _by_key(got.counts, ["event_date", "actor", "kind"]) == _by_key(expected.counts, ["event_date", "actor",
                                                                                               "kind"])
    assert _by_key(got.cells, ["lat", "lon"]) == _by_key(expected.cells, ["lat", "lon"])
    located = (~(view.geometry.isna() | view.geometry.is_empty)).sum()
    assert int(got.cells["n"].sum()) == located  # every located record in one cell


@pytest.mark.parametrize("chosen", _FILTERS[:6], ids=repr)
def test_the_timeline_and_the_summary_line_by_query_are_those_of_the_view(store, read, chosen):
    whole, split = read
    view, memory_view = filter_view(store, whole, **chosen), filter_view(store, split.memory, **chosen)
    aggregates = view_aggregates(store, split, memory_view, chosen)
    counts, unit = timeline_of(aggregates)
    expected, expected_unit = timeline_counts(view)
    assert unit == expected_unit
    assert counts.sort_values(["start", "actor"]).reset_index(drop=True).equals(
        expected.sort_values(["start", "actor"]).reset_index(drop=True))
    assert int(counts["events"].sum()) == int((view["kind"] == "event").sum() - (
        view["kind"].eq("event") & pd.to_datetime(view["event_date"], errors="coerce").isna()).sum())
    summary, wanted = summary_of(aggregates, memory_view, ["Wire service"]), summary_counts(view)
    assert (summary.kinds, summary.first, summary.last, summary.waiting) == (
        wanted.kinds, wanted.first, wanted.last, wanted.waiting)


def test_the_facets_by_query_are_those_of_the_whole_store(store, read):
    whole, split = read
    assert store_facets(store, split) == facets(whole)


@pytest.mark.parametrize("chosen", _FILTERS[:3], ids=repr)
def test_the_rows_shown_whole_are_the_first_of_the_view(store, read, chosen):
    whole, split = read
    view = filter_view(store, whole, **chosen)
    shown = bounded_view(store, split, filter_view(store, split.memory, **chosen), chosen, table_rows=4, map_rows=3)
    assert set(shown["record_id"]) <= set(view["record_id"])
    assert len(shown) < len(view) or len(view) < 8
    # the table's first rows: the same records (the most recent first) as from the whole view
    assert list(record_table(shown, limit=4)["date"]) == list(record_table(view, limit=4)["date"])
