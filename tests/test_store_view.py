"""What the dashboard reads of a store (geo.store.view): the same records as current_records, row for
row, with the quotes of imported records read only for the rows shown; the filters, facets and
matches they give; the imported columns kept on disk. Each test runs on SQLite and on a real
PostgreSQL + PostGIS server (tests/postgres_server.py; skipped without one unless
$GEO_TEST_POSTGRES_REQUIRED is set)."""

from __future__ import annotations

import os
import secrets

import pandas as pd
import pytest
import sqlalchemy as sa

from geo.analysis import filter_frame
from geo.render.facets import facets
from geo.store import current_records, open_store, review_record
from geo.store import merging as store_merging
from geo.store import view as store_view
from geo.store.agreement import agreement
from geo.store.imports import import_file
from geo.store.ingest import Extractor, ingest_sample
from geo.store.merging import merged_view
from geo.store.ours import read_ours
from geo.store.output import sources_by_row
from geo.store.schema import records, sources
from geo.store.view import (Unread, filter_view, imported_columns, imported_frame, imported_stamp, is_unread,
                            light_records, shown_rows, with_details)
from geo.store.workspace import with_matches

from .postgres_server import REQUIRED, database, has_postgis, server_url
from .test_store_import import ACLED_ROWS, _acled

# An ACLED row the same day and place as a sample event of ours (Syria, 30 September 2015), so that
# the two match; its notes hold the filter's wildcards.
_NEAR_OURS = ('XSY201,30 September 2015,2015,1,Political violence,Explosions/Remote violence,Air/drone strike,'
              'Military Forces of Russia (2000-),,8,,,,80,,760,Middle East,Syria,Homs,Ar-Rastan,,Talbiseh,'
              '34.8406,36.7303,1,Wire service,International,"Air strikes hit Talbiseh (100%_sure), a wire said.",'
              '3,,1443600000')


@pytest.fixture(scope="module")
def postgres_server():
    with server_url() as url:
        if url is None:
            if os.environ.get(REQUIRED):
                pytest.fail(f"${REQUIRED} is set, and no PostgreSQL is installed nor named")
            pytest.skip("no PostgreSQL installed (apt-get install postgresql postgresql-15-postgis-3)")
        if not has_postgis(url):
            pytest.fail("PostGIS is not installed for this PostgreSQL server")
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ws.sqlite'}"
        return
    server = request.getfixturevalue("postgres_server")
    with database(server, f"geo_test_view_{secrets.token_hex(4)}") as made:
        yield made.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def extractor(gazetteer, actors):
    return Extractor(gazetteer=gazetteer, actors=actors)


@pytest.fixture()
def store(url, extractor, tmp_path):
    """The sample and an ACLED file, a decision of each kind about ours and about theirs."""
    engine = open_store(url, on_create=lambda made: ingest_sample(made, extractor=extractor))
    path = tmp_path / "acled.csv"
    path.write_text(_acled([*ACLED_ROWS, _NEAR_OURS]), encoding="utf-8")
    import_file(engine, "acled", path, name="ACLED test")
    frame = current_records(engine)
    ours = frame[(frame["dataset"] == "extracted") & (frame["kind"] == "event")]["record_id"].tolist()
    theirs = frame[frame["dataset"] == "ACLED test"]["record_id"].tolist()
    review_record(engine, ours[-1], by="ana", status="rejected", note="not this war")
    review_record(engine, ours[-2], by="ana", lat=36.2, lon=37.15)
    review_record(engine, ours[-3], by="ben", actor="Somebody else")
    review_record(engine, theirs[0], by="ben", status="rejected")
    review_record(engine, theirs[1], by="ana", lat=50.0, lon=36.3)
    review_record(engine, theirs[2], by="ana", status="confirmed")
    yield engine
    engine.dispose()


def _cells(frame: pd.DataFrame, columns) -> list[tuple]:
    part = frame[list(columns)].astype(object)
    return [tuple(row) for row in part.where(part.notna(), None).itertuples(index=False)]


def _same(light, full) -> None:
    assert list(light.columns) == list(full.columns)
    scalar = [name for name in full.columns if name not in (*store_view.HEAVY, "geometry", "matches")]
    assert _cells(light, scalar) == _cells(full, scalar)
    assert [p.wkt if p is not None else None for p in light.geometry] == [
        p.wkt if p is not None else None for p in full.geometry]


@pytest.mark.parametrize("include_rejected", [False, True])
def test_the_light_frame_is_current_records_with_decisions_applied(store, include_rejected):
    full = current_records(store, include_rejected=include_rejected)
    light = light_records(store, include_rejected=include_rejected)
    _same(light, full)
    assert ("rejected" in set(light["review_status"])) == include_rejected
    assert {"Somebody else"} <= set(light["actor"])  # an edit of ours
    edited = light[light["review_status"] == "edited"]
    assert {(36.2, 37.15), (50.0, 36.3)} <= {(round(p.y, 2), round(p.x, 2)) for p in edited.geometry}
    # the heavy cells of imported records wait, with their outlet; ours are there
    unread = is_unread(light["sources"])
    assert set(light.loc[unread, "dataset"]) == {"ACLED test"}
    assert all(isinstance(cell, Unread) and cell[0]["outlet"] for cell in light.loc[unread, "sources"])
    assert not is_unread(light[light["dataset"] == "extracted"]["sources"]).any()
    # read, they are current_records' own
    read = with_details(store, light)
    assert not is_unread(read["sources"]).any()
    assert _cells(read, store_view.HEAVY) == _cells(full, store_view.HEAVY)


@pytest.mark.parametrize("include_rejected", [False, True])
def test_our_records_kept_between_decisions_read_as_the_store_holds_them(store, monkeypatch, include_rejected):
    """Our records read once (``read_ours``) and kept: after a confirmation or an edit they are not merged
    again; after a rejection, or one taken back, only the rows of the record decided are (the store keeps
    how the rest merge); each time the frame is the one the store gives."""
    ours = read_ours(store)
    light_records(store, include_rejected=include_rejected, ours=ours)
    frame = current_records(store)
    events = frame[(frame["dataset"] == "extracted") & (frame["kind"] == "event")]["record_id"].tolist()
    review_record(store, events[0], by="cleo", status="confirmed")
    review_record(store, events[1], by="cleo", actor="Someone new")
    with monkeypatch.context() as patched:
        patched.setattr(store_merging, "merge_records", None)  # any merge would fail
        kept = light_records(store, include_rejected=include_rejected, ours=ours)
    _same(kept, current_records(store, include_rejected=include_rejected))
    assert "Someone new" in set(kept["actor"])
    for status in ("rejected", "confirmed"):  # a rejection, and the rejection taken back
        review_record(store, events[0], by="cleo", status=status)
        given = _merges_counted(monkeypatch)
        again = light_records(store, include_rejected=include_rejected, ours=ours)
        monkeypatch.undo()
        _same(again, current_records(store, include_rejected=include_rejected))
        assert (events[0] in set(again["record_id"])) == (include_rejected or status == "confirmed")
        assert max(given, default=0) < 5  # the record's own rows at the most, of 27


def _merges_counted(monkeypatch) -> list[int]:
    """The number of records of each merge ``geo.store.merging`` runs from now on (until ``monkeypatch.undo()``)."""
    given = []
    merge = store_merging.merge_records
    monkeypatch.setattr(store_merging, "merge_records", lambda found: given.append(len(found)) or merge(found))
    return given


def test_a_read_merges_each_group_the_store_keeps_never_every_record_with_every_other(store, monkeypatch):
    """How our records merge is kept at ingest: reading them (the app's first read, a command's) merges
    the rows of one record at a time, and gives the records a merge of every row gives."""
    given = _merges_counted(monkeypatch)
    frame = current_records(store, include_rejected=True)
    light_records(store, include_rejected=True)
    ours = frame[frame["dataset"] == "extracted"]
    assert given and max(given) <= int(ours["corroboration"].max()) + 1 < len(ours)
    monkeypatch.undo()
    with store.connect() as conn:
        stored = [dict(row._mapping) for row in conn.execute(sa.select(records).order_by(records.c.id))]
        found = sources_by_row(conn, sa.select(sources))
    mine = [row | {"review_status": "unreviewed"} for row in stored if row["dataset_id"] == stored[0]["dataset_id"]]
    whole, _ = merged_view(mine, found)  # every row with every other, no decision applied
    kept, _ = merged_view(mine, found, read_ours(store).groups)
    assert list(kept["record_id"]) == list(whole["record_id"])
    assert list(kept["corroboration"]) == list(whole["corroboration"])


def test_details_are_read_for_the_rows_asked_only(store):
    light = light_records(store)
    theirs = [int(p) for p in (light["dataset"] == "ACLED test").to_numpy().nonzero()[0]]
    read = with_details(store, light, theirs[:1])
    assert is_unread(read["sources"]).sum() == len(theirs) - 1
    assert read["sources"].iloc[theirs[0]][0]["quote"]
    assert is_unread(light["sources"]).sum() == len(theirs)  # the frame given is left as it is
    everyone = shown_rows(light, table_rows=2_000)  # a small view: every row is shown
    assert list(everyone) == list(range(len(light)))


def test_details_read_once_are_kept_for_the_next_view(store, tmp_path, monkeypatch):
    """A caller's ``known`` keeps the heavy cells read: a later view of the same rows is not read from the
    store again (here a store that holds none of them), and holds the same quotes; past ``KNOWN_MOST``
    the kept cells are let go."""
    light = light_records(store)
    theirs = [int(p) for p in (light["dataset"] == "ACLED test").to_numpy().nonzero()[0]]
    known = {}
    first = with_details(store, light, theirs, known=known)
    assert set(known) == set(light["record_id"].iloc[theirs])
    elsewhere = open_store(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    again = with_details(elsewhere, light, theirs, known=known)
    assert [s[0]["quote"] for s in again["sources"].iloc[theirs]] == [s[0]["quote"] for s in first["sources"].iloc[theirs]]
    monkeypatch.setattr(store_view, "KNOWN_MOST", 1)
    with_details(store, light, theirs[:2], known=known)
    assert len(known) <= 2


@pytest.mark.parametrize("text", ["talbiseh", "TALBISEH strikes", "100%_sure", "100%", "%", "_", "kafr nabl",
                                  "regime forces", "homs", "wounding two"])
def test_the_quote_search_finds_what_filter_frame_finds(store, text):
    full = current_records(store, include_rejected=True)
    light = light_records(store, include_rejected=True)
    assert list(filter_view(store, light, text=text)["record_id"]) == list(filter_frame(full, text=text)["record_id"])


def test_the_other_filters_and_the_facets_are_those_of_current_records(store):
    full, light = current_records(store, include_rejected=True), light_records(store, include_rejected=True)
    for chosen in ({"outlets": ["Wire service"]}, {"outlets": [""]}, {"actors": ["Military Forces of Russia (2000-)"]},
                   {"datasets": ["ACLED test"], "include_rejected": False}, {"review_statuses": ["edited"]}):
        assert list(filter_view(store, light, **chosen)["record_id"]) == list(
            filter_frame(full, **chosen)["record_id"]), chosen
    assert facets(light) == facets(full)


def test_matches_and_agreement_are_those_of_current_records(store):
    full, light = with_matches(current_records(store, include_rejected=True)), with_matches(
        light_records(store, include_rejected=True))
    assert list(light["matches"]) == list(full["matches"])
    assert any(light["matches"])  # the ACLED strike on Talbiseh matches one of ours
    assert agreement(light).equals(agreement(full))


def test_imported_columns_are_kept_on_disk_until_the_next_import(store, tmp_path, monkeypatch):
    monkeypatch.setattr(store_view, "CACHE_MIN_ROWS", 0)
    cache = tmp_path / "cache"
    first = imported_columns(store, cache=cache)
    kept = sorted(cache.glob("*.arrow"))
    assert len(kept) == 1 and oct(cache.stat().st_mode & 0o777) == "0o700"
    again = imported_columns(store, cache=cache)  # read back from the file
    assert list(again.columns) == list(first.columns) and _cells(again, ["id", "record_id", "place", "lat"]) == _cells(
        first, ["id", "record_id", "place", "lat"])
    _same(light_records(store, imported=imported_frame(store, again)), current_records(store))
    stamp = imported_stamp(store)
    newer = tmp_path / "acled-2.csv"
    newer.write_text(_acled([ACLED_ROWS[2].replace("XML103", "XML109")]), encoding="utf-8")
    import_file(store, "acled", newer, name="ACLED test")
    assert imported_stamp(store) != stamp
    assert len(imported_columns(store, cache=cache)) == len(first) + 1
    assert sorted(cache.glob("*.arrow")) != kept and len(list(cache.glob("*.arrow"))) == 1  # the old file removed


def test_a_store_of_ours_only_reads_as_current_records(url, extractor):
    engine = open_store(url, on_create=lambda made: ingest_sample(made, extractor=extractor))
    _same(light_records(engine), current_records(engine))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM datasets")).scalar() == 1
    engine.dispose()


def test_a_store_of_version_4_opens_at_the_latest_version_with_the_dataset_index(url, monkeypatch):
    from geo.store import migrations
    with monkeypatch.context() as old:  # the code as it was at version 4
        old.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:4])
        old.setattr(migrations, "LATEST", 4)
        open_store(url).dispose()
    engine = open_store(url)
    with engine.connect() as conn:
        assert "records_dataset" in {index["name"] for index in sa.inspect(conn).get_indexes("records")}
        assert conn.execute(sa.text("SELECT max(version) FROM schema_version")).scalar() == migrations.LATEST >= 5
    engine.dispose()
