"""The workspace store on a real PostgreSQL + PostGIS server (``tests/postgres_server.py``: a throwaway
cluster, or ``$GEO_TEST_POSTGRES_URL``): the storage tests of test_store.py and test_store_import.py
that hold for any database, run again here on a new database each; the same records as SQLite;
the PostGIS point and its GiST index; the commands end to end (positions too); parallel writers;
serialization failures tried again; and the messages of a server that is not there, refuses the
user or lacks PostGIS, which never show the password."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time

import psycopg
import pytest
import sqlalchemy as sa

from geo.store import StoreError, current_records, open_store, review_record, write_records
from geo.store.engine import in_transaction
from geo.store.ingest import reextract
from geo.store.migrations import LATEST
from geo.store.output import records_bytes
from geo.store.added import save_upload_positions
from geo.store.postgres import is_retryable, position_shapes, record_points
from geo.store.schema import audit, datasets, decisions, records, reports, schema_version

from .conftest import ROOT, SAMPLE
from .postgres_server import ENV_URL, REQUIRED, database, has_postgis, server_url
from .store_reports import write_reports, write_synthetic
from .test_cli import cli
from .test_store_cli import _WRITER
from .test_store_cli import test_positions_are_exported_as_geojson_and_an_upload_is_removed_by_its_name  # noqa: F401

# The storage suite's tests that hold for any database, collected here again with this module's
# fixtures (store, url: PostgreSQL; extractor and own as there); those that read the SQLite file
# itself stay there.
from .test_store import _ingest, extractor, own  # noqa: F401
from .test_store import (  # noqa: F401
    test_a_bad_value_is_refused_and_nothing_is_written, test_a_changed_report_replaces_only_its_own_records,
    test_a_decision_about_a_merged_record_holds_for_each_report_in_it,
    test_a_decision_follows_its_sentence_when_new_rules_read_another_place_in_it,
    test_a_decision_outlives_a_new_title_but_not_new_words,
    test_a_decision_survives_reextraction_even_when_the_record_id_changes, test_a_type_edit_takes_acled_sub_event_types,
    test_an_unknown_record_is_refused, test_ingest_twice_adds_nothing_the_second_time,
    test_records_keep_their_sources, test_rejected_records_are_left_out_unless_all_are_asked_for,
    test_the_audit_trail_keeps_who_when_old_and_new,
    test_the_groups_kept_at_ingest_are_those_of_a_merge_of_every_record_for_every_date_precision,
    test_the_groups_kept_at_ingest_join_and_fall_apart_as_reports_come_and_change,
    test_the_records_of_a_store_are_those_events_gives)
from .test_store_import import (  # noqa: F401
    test_imported_events_are_not_merged_with_each_other_nor_with_a_dataset_of_another_kind)
from .test_store_positions import AREA, POINTS
from .test_store_positions import (  # noqa: F401
    test_a_bad_file_is_named_stores_nothing_and_loses_nothing_stored,
    test_a_control_area_keeps_its_polygon_and_the_actor_typed, test_an_empty_store_has_no_positions,
    test_the_dates_a_file_gives_its_positions_are_stored,
    test_positions_are_exported_with_their_dates_and_an_upload_is_removed_alone,
    test_an_upload_is_stored_and_read_back_as_positions, test_stored_positions_are_measured_to_by_the_distance_checks,
    test_the_same_upload_twice_adds_nothing_and_another_actor_is_another_upload)

_TEMPLATE = f"geo_test_postgis_{secrets.token_hex(3)}"


@pytest.fixture(scope="session")
def postgres():
    """The URL of the tests' server, as its superuser (or $GEO_TEST_POSTGRES_URL's user)."""
    with server_url() as url:
        if url is None:
            reason = (f"no PostgreSQL installed (no initdb under /usr/lib/postgresql/*/bin nor on PATH) and ${ENV_URL} "
                      "not set: apt-get install postgresql postgresql-15-postgis-3 (make setup-test does)")
            if os.environ.get(REQUIRED):
                pytest.fail(f"${REQUIRED} is set, and {reason}")
            pytest.skip(reason)
        if not has_postgis(url):
            pytest.fail("PostGIS is not installed for this PostgreSQL server: apt-get install "
                        "postgresql-15-postgis-3 (make setup-test does)")
        with database(url, _TEMPLATE) as template:
            engine = sa.create_engine(template)
            with engine.begin() as conn:  # once here: each test's database is a copy
                conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis"))
            engine.dispose()
            yield url


def _name() -> str:
    return f"geo_test_{secrets.token_hex(4)}"


def _text(url: sa.URL) -> str:
    return url.render_as_string(hide_password=False)


@pytest.fixture()
def pg(postgres):
    """A new database with PostGIS enabled, dropped after the test; its URL."""
    with database(postgres, _name(), template=_TEMPLATE) as url:
        yield url


@pytest.fixture()
def url(pg):
    return _text(pg.set(drivername="postgresql"))  # as a user writes it: psycopg is the default driver


@pytest.fixture()
def store(url):
    engine = open_store(url)
    yield engine
    engine.dispose()


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def test_a_new_store_enables_postgis_and_applies_every_version_once(postgres):
    with database(postgres, _name()) as bare:  # no PostGIS in it yet
        engine = open_store(_text(bare))
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT extversion FROM pg_extension WHERE extname = 'postgis'")).scalar()
            assert conn.execute(sa.select(schema_version.c.version)).scalars().all() == list(range(1, LATEST + 1))
            assert conn.execute(sa.text("SELECT type, srid FROM geometry_columns WHERE f_table_name = 'records'")
                                ).one() == ("POINT", 4326)
        seeded = []
        open_store(_text(bare), on_create=seeded.append).dispose()
        assert seeded == []  # opened again: nothing to apply
        engine.dispose()


def test_processes_opening_a_new_store_at_once_apply_each_version_once(postgres):
    with database(postgres, _name(), template=_TEMPLATE) as bare:
        opening = "import sys; from geo.store import open_store; open_store(sys.argv[1]).dispose()"
        openers = [subprocess.Popen([sys.executable, "-c", opening, _text(bare)], cwd=ROOT, stderr=subprocess.PIPE,
                                    text=True) for _ in range(3)]
        errors = [opener.communicate(timeout=120)[1] for opener in openers]
        assert [opener.returncode for opener in openers] == [0, 0, 0], errors
        engine = sa.create_engine(bare)
        with engine.connect() as conn:  # one row a version: applied by one of them, seen done by the others
            assert conn.execute(sa.select(schema_version.c.version)).scalars().all() == list(range(1, LATEST + 1))
        engine.dispose()


def _made_before(engine, url: str, version: int):
    """The store at ``url`` opened again after ``engine``'s records were made as by the code before
    ``version`` (its schema rows from ``version`` on and the positions table removed); the new engine."""
    before = current_records(engine)
    with engine.begin() as conn:
        conn.execute(sa.delete(schema_version).where(schema_version.c.version >= version))
        conn.execute(sa.text("DROP TABLE positions"))
    engine.dispose()
    again = open_store(url)
    with again.connect() as conn:
        assert conn.execute(sa.select(schema_version.c.version)).scalars().all() == list(range(1, LATEST + 1))
    assert _shown(current_records(again)) == _shown(before)
    return again


def test_a_sqlite_store_of_version_2_opens_at_version_3_as_it_was(tmp_path, extractor, own):
    url = f"sqlite:///{tmp_path / 'ws.sqlite'}"
    engine = open_store(url)
    _ingest(engine, extractor, own)
    _made_before(engine, url, 3).dispose()


def test_a_postgres_store_of_version_3_opens_at_version_4_with_its_data(store, url, extractor, own):
    _ingest(store, extractor, own)
    again = _made_before(store, url, 4)
    assert save_upload_positions(again, AREA, "area.geojson", "Islamic State").added == 1
    with again.connect() as conn:
        assert conn.execute(sa.select(sa.func.ST_SRID(position_shapes.c.geom))).scalar() == 4326
    again.dispose()


def _shown(frame):
    return sorted((row.record_id, row.kind, row.place, None if row.geometry is None else row.geometry.y,
                   None if row.geometry is None else row.geometry.x, row.event_type, row.corroboration)
                  for row in frame.itertuples())


def test_the_sample_gives_the_same_records_as_in_sqlite(store, extractor, tmp_path):
    lite = open_store(f"sqlite:///{tmp_path / 'ws.sqlite'}")
    for engine in (store, lite):
        assert _ingest(engine, extractor, SAMPLE).added == 5
    ours, theirs = current_records(store), current_records(lite)
    assert len(ours) > 10 and _shown(ours) == _shown(theirs)  # ids, places, coordinates
    assert records_bytes(ours, ".geojson") == records_bytes(theirs, ".geojson")
    assert records_bytes(ours, ".csv") == records_bytes(theirs, ".csv")
    assert _ingest(store, extractor, SAMPLE).unchanged == 5 and _shown(current_records(store)) == _shown(ours)
    lite.dispose()


def test_the_geometry_column_holds_each_records_point_with_a_gist_index(store, extractor, own):
    _ingest(store, extractor, own)
    p = record_points.c
    with store.connect() as conn:
        points = conn.execute(sa.select(p.lat, p.lon, sa.func.ST_Y(p.geom), sa.func.ST_X(p.geom),
                                        sa.func.ST_SRID(p.geom))).all()
        assert len(points) > 5 and all((y, x, srid) == ((lat, lon, 4326) if lat is not None else (None, None, None))
                                       for lat, lon, y, x, srid in points)
        [index] = conn.execute(sa.text("SELECT indexdef FROM pg_indexes WHERE indexname = 'records_geom'")).scalars()
        assert "USING gist (geom)" in index
        kharkiv = sa.func.ST_SetSRID(sa.func.ST_MakePoint(36.23, 49.99), 4326)
        near = sa.select(p.id).where(sa.func.ST_DWithin(sa.func.geography(p.geom), sa.func.geography(kharkiv), 10_000))
        found = conn.execute(sa.select(records.c.place).where(records.c.id.in_(near))).scalars()
        assert set(found) == {"Kharkiv"}  # within 10 km (Ruska Lozova, 20 km north, is not)
        conn.execute(sa.text("SET enable_seqscan = off"))  # a table this small is read whole otherwise
        plan = conn.execute(sa.text("EXPLAIN SELECT id FROM records WHERE geom && "
                                    "ST_MakeEnvelope(36, 49.5, 36.5, 50.5, 4326)")).scalars().all()
        assert "records_geom" in " ".join(plan)


def test_the_positions_geometry_column_holds_each_shape_with_a_gist_index(store):
    save_upload_positions(store, POINTS, "front.csv", "")
    save_upload_positions(store, AREA, "area.geojson", "Islamic State")
    p = position_shapes.c
    with store.connect() as conn:
        shapes = conn.execute(sa.select(sa.func.GeometryType(p.geom), sa.func.ST_SRID(p.geom)).order_by(p.id)).all()
        assert shapes == [("POINT", 4326), ("POINT", 4326), ("POLYGON", 4326)]
        [index] = conn.execute(sa.text("SELECT indexdef FROM pg_indexes WHERE indexname = 'positions_geom'")).scalars()
        assert "USING gist (geom)" in index
        homs = sa.func.ST_SetSRID(sa.func.ST_MakePoint(36.71, 34.73), 4326)
        inside = conn.execute(sa.select(p.id).where(sa.func.ST_Contains(p.geom, homs))).scalars().all()
        assert len(inside) == 1  # the control area holds Homs
        conn.execute(sa.text("SET enable_seqscan = off"))
        plan = conn.execute(sa.text("EXPLAIN SELECT id FROM positions WHERE geom && "
                                    "ST_MakeEnvelope(36, 34, 38, 36, 4326)")).scalars().all()
        assert "positions_geom" in " ".join(plan)


def test_the_commands_work_end_to_end_and_export_what_sqlite_exports(tmp_path, url, store, extractor):
    own = write_reports(tmp_path / "own")
    lite = open_store(f"sqlite:///{tmp_path / 'ws.sqlite'}")  # the same work on SQLite, in this process
    _ingest(lite, extractor, own)  # (the sample: test_the_sample_gives_the_same_records_as_in_sqlite)
    done = cli("ingest", own, "--store", url)
    assert done.returncode == 0 and done.stdout.startswith("4 reports added, 0 unchanged, 0 replaced;"), done.stderr
    kharkiv = next(r for r in current_records(store).itertuples() if r.place == "Kharkiv")
    done = cli("review", kharkiv.record_id, "--store", url, "--by", "ana", "--status", "rejected", "--note", "a duplicate")
    assert done.returncode == 0, done.stderr
    review_record(lite, kharkiv.record_id, by="ana", status="rejected", note="a duplicate")
    assert cli("records", "--store", url, "-o", tmp_path / "pg.geojson", "--all").returncode == 0
    write_records(lite, tmp_path / "lite.geojson", include_rejected=True)
    exported = {}
    for name in ("pg", "lite"):
        exported[name] = json.loads((tmp_path / f"{name}.geojson").read_text())["features"]
        for feature in exported[name]:
            feature["properties"]["reviewed_at"] = bool(feature["properties"]["reviewed_at"])  # when: not the same
    assert len(exported["pg"]) > 5 and exported["pg"] == exported["lite"]
    trail = _count(store, audit)
    redone = cli("ingest", own, "--reextract", "--store", url)
    assert redone.returncode == 0, redone.stderr
    assert redone.stdout.startswith("0 reports added, 4 unchanged, 0 replaced, 4 re-extracted;")
    again = current_records(store, include_rejected=True)
    assert sorted(again["record_id"]) == sorted(f["properties"]["record_id"] for f in exported["pg"])
    [kept] = again[again["review_status"] == "rejected"].itertuples()
    assert (kept.record_id, kept.reviewed_by) == (kharkiv.record_id, "ana")
    assert kharkiv.record_id not in set(current_records(store)["record_id"])
    assert _count(store, audit) == trail == 1 and _count(store, decisions) == 1
    lite.dispose()


def _consistent(engine) -> None:
    """Every stored report whole: its records and their sources there, nothing pointing nowhere."""
    with engine.connect() as conn:
        for orphans in ("SELECT count(*) FROM records WHERE report_id NOT IN (SELECT id FROM reports)",
                        "SELECT count(*) FROM sources WHERE record NOT IN (SELECT id FROM records)",
                        # every synthetic report names one shelling: a report without its record is half-written
                        "SELECT count(*) FROM reports WHERE id NOT IN (SELECT report_id FROM records)"):
            assert conn.execute(sa.text(orphans)).scalar() == 0, orphans


def test_a_kill_mid_ingest_leaves_a_consistent_store_and_a_rerun_completes_it(tmp_path, url, store, extractor):
    folder = write_synthetic(tmp_path / "many", 80)
    ingest = subprocess.Popen([sys.executable, "-m", "geo", "ingest", folder, "--store", url], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:  # killed once well into the batch (the store fixture made the tables)
        while _count(store, reports) < 15 and ingest.poll() is None:
            time.sleep(0.05)
    finally:
        ingest.send_signal(signal.SIGKILL)  # nothing when it has ended
    assert ingest.wait(timeout=60) == -signal.SIGKILL, "the ingest ended before it could be killed"
    _consistent(store)
    kept = _count(store, reports)
    assert 15 <= kept < 80
    done = cli("ingest", folder, "--store", url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{80 - kept} reports added, {kept} unchanged, 0 replaced;")
    _consistent(store)
    clean = open_store(f"sqlite:///{tmp_path / 'clean.sqlite'}")
    _ingest(clean, extractor, folder)
    by_report = sa.select(records.c.report_id, records.c.record_id, records.c.place)
    with store.connect() as conn, clean.connect() as other:
        assert sorted(conn.execute(by_report).all()) == sorted(other.execute(by_report).all())
    clean.dispose()


def test_processes_writing_at_once_lose_nothing(tmp_path, url, store, extractor):
    _ingest(store, extractor, write_synthetic(tmp_path / "first", 40))
    with store.connect() as conn:
        ids = conn.execute(sa.select(records.c.record_id).order_by(records.c.id)).scalars().all()
    halves = {"ana": ids[0::2], "ben": ids[1::2]}
    more = [write_synthetic(tmp_path / "second", 30, first=40), write_reports(tmp_path / "own")]
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [subprocess.Popen([sys.executable, script, url, name, *chosen], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for name, chosen in halves.items()]
    writers += [subprocess.Popen([sys.executable, script, url, "ingest", str(folder)], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for folder in more]
    outputs = [writer.communicate(timeout=600) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0, 0, 0], [err for _, err in outputs]
    assert [int(out) for out, _ in outputs] == [len(halves["ana"]), len(halves["ben"]), 30, 4]
    assert _count(store, reports) == 40 + 30 + 4
    assert _count(store, audit) == 2 * len(ids) and _count(store, decisions) == len(ids)
    actors = dict(zip(current_records(store)["record_id"], current_records(store)["actor"]))
    for name, chosen in halves.items():
        assert all(actors[record_id] == f"{name} actor {number}" for number, record_id in enumerate(chosen))


def test_a_transaction_that_loses_to_another_writer_is_tried_again(store):
    other = sa.create_engine(store.url, isolation_level="AUTOCOMMIT")
    tries, waits = [], []

    def rename(conn):
        tries.append(conn.execute(sa.select(datasets.c.name).where(datasets.c.id == 1)).scalar())
        if len(tries) == 1:  # another process renames it after this transaction's snapshot
            with other.connect() as elsewhere:
                elsewhere.execute(sa.update(datasets).where(datasets.c.id == 1).values(created_at="elsewhere"))
        conn.execute(sa.update(datasets).where(datasets.c.id == 1).values(kind="extracted", created_at="here"))
        return len(tries)

    assert in_transaction(store, rename, sleep=waits.append) == 2  # serialization failure, then done
    assert len(waits) == 1
    deadlock = sa.exc.DBAPIError.instance("UPDATE", {}, psycopg.errors.DeadlockDetected("deadlock detected"),
                                          psycopg.Error)
    assert is_retryable(deadlock)  # a deadlock victim is tried again the same way (40P01)
    with store.connect() as conn:
        assert conn.execute(sa.select(datasets.c.created_at).where(datasets.c.id == 1)).scalar() == "here"
    other.dispose()


def test_reextraction_and_review_keep_the_geometry_in_step(store, extractor, own):
    _ingest(store, extractor, own)
    reextract(store, extractor=extractor)
    with store.connect() as conn:
        p = record_points.c
        assert conn.execute(sa.select(sa.func.count()).where(
            sa.or_(p.geom.is_(None), sa.func.ST_X(p.geom) != p.lon, sa.func.ST_Y(p.geom) != p.lat))).scalar() == 0


def test_a_server_that_is_not_there_or_refuses_says_so_on_one_line_without_the_password(postgres, pg, tmp_path):
    secret = "s3cret-" + secrets.token_hex(6)
    nowhere = _text(postgres.set(drivername="postgresql", port=1, password=secret))
    done = cli("records", "--store", nowhere, "-o", tmp_path / "x.geojson")
    assert done.returncode == 2 and "Traceback" not in done.stderr and secret not in done.stderr
    [line] = done.stderr.splitlines()
    assert "cannot open the store" in line and "Connection refused" in line and "geo:***@127.0.0.1:1" in line
    for url, said in ((_text(pg.set(password=secret)), "password authentication failed"),
                      (_text(pg.set(database="no_such_db")), 'database "no_such_db" does not exist'),
                      (f"postgresql://geo:{secret}@127.0.0.1:no-port/db", "Expected a SQLAlchemy URL")):
        with pytest.raises(StoreError, match=said) as raised:
            open_store(url)
        assert secret not in str(raised.value) and "\n" not in str(raised.value)


def test_postgis_missing_and_not_allowed_says_what_to_do(postgres):
    role, password = f"analyst_{secrets.token_hex(3)}", secrets.token_urlsafe(10)
    admin = sa.create_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'"))
    try:
        with database(postgres, _name(), owner=role) as owned:
            url = _text(owned.set(username=role, password=password))
            with pytest.raises(StoreError, match="ask a superuser to run CREATE EXTENSION postgis") as raised:
                open_store(url)
            assert password not in str(raised.value) and "not enabled in the database" in str(raised.value)
            superuser = sa.create_engine(owned)
            with superuser.begin() as conn:  # what the message asks for; then the store opens
                conn.execute(sa.text("CREATE EXTENSION postgis"))
            superuser.dispose()
            engine = open_store(url)
            assert _count(engine, schema_version) == LATEST
            engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()
