"""The workspace commands (ingest, records, review, positions) as a user runs them, a kill -9 in the
middle of an ingest, and several processes writing to one store at once."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.frame import REVIEW_COLUMNS
from geo.io.records import read_records
from geo.store import DEFAULT_PATH, open_store
from geo.store.added import save_upload_positions

from .conftest import ROOT, SAMPLE
from .store_reports import write_reports, write_synthetic
from .test_cli import cli
from .test_store_positions import AREA, POINTS


@pytest.fixture()
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'ws.sqlite'}"


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_text())["features"]


def _count(database: Path, table: str) -> int:
    with sqlite3.connect(database) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_ingest_prints_counts_and_adds_nothing_the_second_time(tmp_path, url):
    own = write_reports(tmp_path / "own")
    done = cli("ingest", SAMPLE, own, "--store", url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("9 reports added, 0 unchanged, 0 replaced;")
    again = cli("ingest", SAMPLE, own, "--store", url)
    assert again.stdout.strip() == "0 reports added, 9 unchanged, 0 replaced; 0 records written"
    redone = cli("ingest", "--reextract", "--store", url)
    assert redone.returncode == 0 and "9 re-extracted" in redone.stdout


def test_records_review_and_all(tmp_path, url):
    own = write_reports(tmp_path / "own")
    assert cli("ingest", own, "--store", url).returncode == 0
    out = tmp_path / "records.geojson"
    assert cli("records", "--store", url, "-o", out).returncode == 0
    features = _features(out)
    kharkiv = next(f["properties"] for f in features if f["properties"]["place"] == "Kharkiv")
    assert {kharkiv[k] for k in ("review_status", "reviewed_by", "reviewed_at", "dataset")} == {
        "unreviewed", None, "extracted"}
    done = cli("review", kharkiv["record_id"], "--store", url, "--by", "ana", "--status", "rejected",
               "--note", "a duplicate")
    assert done.returncode == 0, done.stderr
    done = cli("review", features[0]["properties"]["record_id"], "--store", url, "--by", "ben", "--place", "Gao",
               "--actor", "JNIM", "--type", "Armed clash", "--date", "2023-03-12")
    assert done.returncode == 0, done.stderr
    assert cli("records", "--store", url, "-o", out).returncode == 0
    shown = {f["properties"]["record_id"]: f for f in _features(out)}
    assert kharkiv["record_id"] not in shown and len(shown) == len(features) - 1
    edited = shown[features[0]["properties"]["record_id"]]
    assert edited["properties"].items() >= {"place": "Gao", "actor": "JNIM", "event_type": "Battles",
                                         "sub_event_type": "Armed clash", "event_date": "2023-03-12",
                                         "review_status": "edited", "reviewed_by": "ben", "dataset": "extracted"}.items()
    assert edited["geometry"]["coordinates"] == pytest.approx([-0.04, 16.27], abs=0.1)  # Gao, Mali
    everything = tmp_path / "all.csv"
    assert cli("records", "--store", url, "-o", everything, "--all").returncode == 0
    lines = everything.read_text().splitlines()
    assert lines[0].endswith("review_status,reviewed_by,reviewed_at,dataset") and len(lines) == len(features) + 1
    assert sum(",rejected,ana," in line for line in lines) == 1
    package = tmp_path / "records.gpkg"
    assert cli("records", "--store", url, "-o", package).returncode == 0 and package.stat().st_size > 0


def test_bad_reviews_exit_2_with_a_message_and_change_nothing(tmp_path, url):
    own = write_reports(tmp_path / "own")
    assert cli("ingest", own, "--store", url).returncode == 0
    out = tmp_path / "before.geojson"
    assert cli("records", "--store", url, "-o", out).returncode == 0
    record_id = _features(out)[0]["properties"]["record_id"]
    for args, said in [(("0123456789ab", "--status", "confirmed"), "no such record"),
                       ((record_id, "--date", "2023-02-30"), "--date: expected a date YYYY-MM-DD"),
                       ((record_id, "--date", "12/03/2023"), "--date: expected a date YYYY-MM-DD"),
                       ((record_id, "--lat", "123", "--lon", "10"), "--lat: expected a latitude"),
                       ((record_id, "--lat", "12"), "--lat and --lon together"),
                       ((record_id, "--place", "Nowhereville Qqq"), "--place"),
                       ((record_id, "--type", "picnic"), "--type")]:
        done = cli("review", *args, "--store", url, "--by", "ana")
        assert done.returncode == 2, (args, done.stderr)
        assert said in done.stderr and "Traceback" not in done.stderr
    assert _count(tmp_path / "ws.sqlite", "audit") == 0 and _count(tmp_path / "ws.sqlite", "decisions") == 0
    store = tmp_path / "ws.gpkg"
    assert cli("ingest", own, "--store", f"sqlite:///{store}").returncode == 0
    kept = store.read_bytes()
    done = cli("records", "--store", f"sqlite:///{store}", "-o", store)
    assert done.returncode == 2 and "over the store" in done.stderr and store.read_bytes() == kept
    for args in (("--store", "nosuch://x"), ("--store", f"sqlite:///{tmp_path}/missing/ws.sqlite")):
        done = cli("records", *args, "-o", tmp_path / "x.geojson")
        assert done.returncode == 2 and "Traceback" not in done.stderr


def test_events_needs_no_store(tmp_path):
    before = DEFAULT_PATH.stat() if DEFAULT_PATH.exists() else None
    out = tmp_path / "events.geojson"
    done = cli("events", SAMPLE, "-o", out)
    assert done.returncode == 0 and _features(out)
    assert (DEFAULT_PATH.stat() if DEFAULT_PATH.exists() else None) == before  # never created nor opened


def _consistent(database: Path) -> None:
    """Every stored report whole: its records and their sources there, nothing pointing nowhere."""
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM records WHERE report_id NOT IN (SELECT id FROM reports)"
                            ).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM sources WHERE record NOT IN (SELECT id FROM records)"
                            ).fetchone()[0] == 0
        # every synthetic report names one shelling: a stored report without its record is half-written
        assert conn.execute("SELECT count(*) FROM reports WHERE id NOT IN (SELECT report_id FROM records)"
                            ).fetchone()[0] == 0


def _records_by_report(database: Path) -> dict[str, list]:
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT report_id, record_id, place FROM records ORDER BY report_id, record_id").fetchall()
    found: dict[str, list] = {}
    for report, record, place in rows:
        found.setdefault(report, []).append((record, place))
    return found


def test_a_kill_mid_ingest_leaves_a_consistent_store_and_a_rerun_completes_it(tmp_path):
    folder = write_synthetic(tmp_path / "many", 400)
    database = tmp_path / "ws.sqlite"
    url = f"sqlite:///{database}"
    ingest = subprocess.Popen([sys.executable, "-m", "geo", "ingest", folder, "--store", url], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        stored = 0
        while ingest.poll() is None and stored < 25:  # wait until it is well into the batch
            time.sleep(0.05)
            if database.exists():
                try:
                    stored = _count(database, "reports")
                except sqlite3.OperationalError:  # tables not made yet, or locked for the moment
                    stored = 0
        assert ingest.poll() is None, "the ingest ended before it could be killed"
        os.kill(ingest.pid, signal.SIGKILL)
    finally:
        ingest.wait(timeout=60)
    assert ingest.returncode == -signal.SIGKILL
    _consistent(database)
    kept = _count(database, "reports")
    assert 25 <= kept < 400
    done = cli("ingest", folder, "--store", url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{400 - kept} reports added, {kept} unchanged, 0 replaced;")
    _consistent(database)
    clean = tmp_path / "clean.sqlite"
    assert cli("ingest", folder, "--store", f"sqlite:///{clean}").returncode == 0
    assert _records_by_report(database) == _records_by_report(clean)


_WRITER = """
import sys
from geo.io.reports import load_reports
from geo.store import ingest_reports, open_store, review_record
from geo.store.ingest import Extractor

url, role, *args = sys.argv[1:]
engine = open_store(url)
if role == "ingest":
    counts = ingest_reports(engine, load_reports(args).reports, extractor=Extractor())
    print(counts.added)
else:
    for number, record_id in enumerate(args):
        review_record(engine, record_id, by=role, actor=f"{role} actor {number}", note=f"{role} {number}")
    print(len(args))
"""


def test_processes_writing_at_once_lose_nothing(tmp_path):
    database = tmp_path / "ws.sqlite"
    url = f"sqlite:///{database}"
    assert cli("ingest", write_synthetic(tmp_path / "first", 60), "--store", url).returncode == 0
    with sqlite3.connect(database) as conn:
        ids = [row[0] for row in conn.execute("SELECT record_id FROM records ORDER BY id")]
    assert len(ids) >= 60
    halves = {"ana": ids[0::2], "ben": ids[1::2]}
    more = {"ingest-a": write_synthetic(tmp_path / "second", 40, first=60), "ingest-b": write_reports(tmp_path / "own")}
    script = tmp_path / "writer.py"
    script.write_text(_WRITER)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [subprocess.Popen([sys.executable, script, url, name, *map(str, chosen)], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for name, chosen in halves.items()]
    writers += [subprocess.Popen([sys.executable, script, url, "ingest", str(folder)], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for folder in more.values()]
    outputs = [writer.communicate(timeout=600) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0, 0, 0], [err for _, err in outputs]
    assert [int(out) for out, _ in outputs] == [len(halves["ana"]), len(halves["ben"]), 40, 4]
    assert _count(database, "reports") == 60 + 40 + 4
    assert _count(database, "audit") == 2 * len(ids)  # actor and review_status of every record
    assert _count(database, "decisions") == len(ids)
    out = tmp_path / "records.geojson"
    assert cli("records", "--store", url, "-o", out).returncode == 0
    actors = {f["properties"]["record_id"]: f["properties"]["actor"] for f in _features(out)}
    for name, chosen in halves.items():
        assert all(actors[record_id] == f"{name} actor {number}" for number, record_id in enumerate(chosen))


@pytest.mark.parametrize("suffix", [".geojson", ".csv"])
def test_an_export_read_back_keeps_its_review_and_dataset(tmp_path, url, suffix):
    own = write_reports(tmp_path / "own")
    assert cli("ingest", own, "--store", url).returncode == 0
    first = tmp_path / "first.geojson"
    assert cli("records", "--store", url, "-o", first).returncode == 0
    kharkiv = next(f["properties"]["record_id"] for f in _features(first) if f["properties"]["place"] == "Kharkiv")
    done = cli("review", kharkiv, "--store", url, "--by", "=ana", "--status", "confirmed")
    assert done.returncode == 0, done.stderr
    out = tmp_path / f"records{suffix}"
    assert cli("records", "--store", url, "-o", out).returncode == 0
    frame = read_records(out)
    assert set(REVIEW_COLUMNS) <= set(frame.columns)
    row = frame[frame["record_id"] == kharkiv].iloc[0]
    assert (row["review_status"], row["reviewed_by"], row["dataset"]) == ("confirmed", "=ana", "extracted")
    assert dt.datetime.fromisoformat(row["reviewed_at"]).tzinfo is not None and row["place"] == "Kharkiv"
    others = frame[frame["record_id"] != kharkiv]
    assert set(others["review_status"]) == {"unreviewed"} and others["reviewed_by"].isna().all()
    assert (row.geometry.y, row.geometry.x) == pytest.approx((49.99, 36.23), abs=0.05)


def test_positions_are_exported_as_geojson_and_an_upload_is_removed_by_its_name(tmp_path, url):
    engine = open_store(url)
    save_upload_positions(engine, POINTS, "front.csv", "")
    save_upload_positions(engine, AREA, "area.geojson", "Islamic State")
    engine.dispose()
    out = tmp_path / "positions.geojson"
    done = cli("positions", "--store", url, "-o", out)
    assert done.returncode == 0 and "3 positions" in done.stderr, done.stderr
    features = _features(out)
    assert [(f["properties"]["place"], f["properties"]["dataset"]) for f in features] == [
        ("East of Homs", "positions: front.csv"), ("Idlib", "positions: front.csv"),
        ("held", "positions: area.geojson")]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [37.2, 34.95]}  # x = longitude
    assert features[2]["geometry"]["type"] == "Polygon" and features[2]["properties"]["actor"] == "Islamic State"
    done = cli("positions", "--store", url, "--remove", "front.csv")  # its file name, as uploaded
    assert done.returncode == 0 and "removed 2 positions of 'positions: front.csv'" in done.stderr, done.stderr
    again = cli("positions", "--store", url, "--remove", "front.csv")
    assert again.returncode == 2 and "Traceback" not in again.stderr
    assert "--remove front.csv: expected the file name or dataset of a stored upload ('positions: area.geojson')" in \
        again.stderr
    assert cli("positions", "--store", url, "-o", out).returncode == 0
    assert [f["properties"]["place"] for f in _features(out)] == ["held"]
    assert cli("positions", "--store", url, "--remove", "positions: area.geojson").returncode == 0  # or its dataset
    assert cli("positions", "--store", url, "-o", out).returncode == 0 and _features(out) == []
    done = cli("positions", "--store", url, "--remove", "area.geojson")
    assert done.returncode == 2 and "no positions are stored" in done.stderr


def test_positions_wants_one_of_its_actions_and_a_geojson_file(tmp_path, url):
    kept = tmp_path / "kept.csv"
    kept.write_text("actor,lat,lon\n")
    for args, said in [((), "one of the arguments -o/--output --remove is required"),
                       (("-o", kept), f"{kept}: expected a .geojson file to write, instead got a .csv file"),
                       (("-o", tmp_path / "positions"), "instead got a name without a suffix"),
                       (("-o", tmp_path / "missing" / "p.geojson"), "does not exist")]:
        done = cli("positions", "--store", url, *args)
        assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
    assert kept.read_text() == "actor,lat,lon\n"
