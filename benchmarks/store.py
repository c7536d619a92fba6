"""The workspace store (geo.store) at work: ingest speed, and the dashboard on a store of 1,000,000 records.

Ingest: for the five sample reports and for a few hundred synthetic ones (one shelling each,
several towns and dates), prints reports per second of wall time for:

- ingest: extraction and writing, one transaction per report (what ``python -m geo ingest`` does);
- writing only: the same reports with their records extracted beforehand;
- a second run: every report already stored (content hash found, nothing extracted);
- records read back: every stored record with its decision, merged across reports (``current_records``).

Dashboard: a store of ``--records`` records (default 1,000,000: ``--ours`` 5,000 of our own, each
third event told by three reports, and an imported ACLED-like dataset for the rest, one source
each; a decision about one record in 997, rejections and edits), written in bulk straight into the
schema's tables and kept in the temporary folder for the next run. A store past ``LARGE_ROWS``
imported records is read as the app reads it: by the columnar index of ``geo.store.columnar``, the
rows shown read whole by id. It prints, in seconds, the first load (store opened -> the index, by
the SELECT (cold), then from its file (a restarted app) -> ours in memory with matches -> facets ->
the stages the app runs at each rerun -> the map's HTML) and the median of five changes of the
actors filter (filters, counts, the rows shown and their sources, the map planned, built and
rendered, the table, the review queue). These are the functions app.py calls, timed without Streamlit.

``--app`` times the real app script on that store through AppTest, in a process of its own (a
restarted server: the first load imports the app's modules and loads the gazetteer), as the app runs
it on the default store, its files kept in a cache folder of its own: first after ``keep_for_page``
(what ``python -m geo import`` now does after an import: the columnar index's file written, timed),
then with the store's and the index's files dropped from the page cache first (``posix_fadvise``; a
cold start of the machine, SQLite only). It prints the first load (the AppTest run, and the script's
own time on the server) and the median of five changes of the actors filter on the server, with the
load average. Targets (issue 13): first map <= 5 s, filter change <= 0.5 s.
``--postgres`` does the same on a throwaway PostgreSQL + PostGIS server (tests/postgres_server.py), or
on the store of ``$GEO_BENCH_POSTGRES_STORE`` (a SQLAlchemy URL, kept out of the command line: it holds
a password) when it already holds the benchmark's records (a run before built it).

    python benchmarks/store.py [--synthetic 300] [--records 1000000] [--ours 5000] [--postgres]
                               [--only ingest|dashboard] [--no-sqlite] [--app] [--app-only]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.extract.actors import load_actors  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402
from geo.io.reports import load_reports, report_from_text  # noqa: E402
from geo.store import current_records, ingest_reports, open_store, review_record  # noqa: E402
from geo.store.groups import fill_groups  # noqa: E402
from geo.store.indexing import load_index  # noqa: E402
from geo.store.ours import read_ours  # noqa: E402
from geo.render.tables import record_table  # noqa: E402
from geo.render.timeline import add_timeline  # noqa: E402
from geo.render.webmap import actor_colours, build_map, load_basemap, plan_drawing  # noqa: E402
from geo.store.ingest import Extractor  # noqa: E402
from geo.store.positions import stored_positions  # noqa: E402
from geo.store.view import filter_view, shown_rows, with_details  # noqa: E402
from geo.store.workspace import review_queue, with_matches, with_positions  # noqa: E402
from geo.store.aggregates import (LARGE_MAP_ROWS, LARGE_ROWS, bounded_view, imported_rows, queried_rows,  # noqa: E402
                                  split_records, store_facets, summary_of, timeline_of, view_aggregates)
from geo.render.summary import summary_text  # noqa: E402
from geo.store.migrations import OUR_DATASET  # noqa: E402
from geo.store.schema import ANCHOR, datasets, decisions, imports, records, reports, sources  # noqa: E402

TABLE_ROWS = 2_000  # as app.py
TOWNS = ("Aleppo", "Homs", "Kharkiv", "Mopti", "Marib", "Kidal", "Gao", "Mosul", "Kandahar", "Goma")

ACTORS = ("Syrian government", "Syrian rebels", "Islamic State", "Russia", "Turkey", "Kurdish forces",
          "Hezbollah", "United States", "Iran", "Civilians")
TYPES = (("Explosions/Remote violence", "Shelling/artillery/missile attack"), ("Battles", "Armed clash"),
         ("Violence against civilians", "Attack"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Protests", "Peaceful protest"), ("Strategic developments", "Looting/property destruction"))
OUTLETS = ("SANA", "SOHR", "Reuters", "AFP", "Enab Baladi", "")
SYNTHETIC_DATASET = "acled-synthetic"
_BATCH = 20_000


def build_store(url: str, total: int, ours: int, *, seed: int = 1) -> None:
    """A new store at ``url`` of ``total`` records: ``ours`` of our dataset (a report each; each third
    event is told by three reports, so merging has work to do) and the rest an imported dataset (one
    source each, as an ACLED import gives), written straight into the schema's tables in bulk: no
    extraction, one transaction per batch. A few decisions too: rejections and edits of both."""
    rng = np.random.default_rng(seed)
    engine = open_store(url)
    lat, lon = rng.normal(35.0, 1.5, total).round(5), rng.normal(38.5, 2.0, total).round(5)
    dates = (np.datetime64("2015-01-01") + rng.integers(0, 3 * 365, total).astype("timedelta64[D]")).astype(str)
    actor, other = rng.integers(0, len(ACTORS), total), rng.integers(-3, len(ACTORS), total)  # a second actor: 7 in 10
    kind, outlet = rng.integers(0, len(TYPES), total), rng.integers(0, len(OUTLETS), total)
    now = dt.datetime.now(dt.timezone.utc).isoformat()
    with engine.begin() as conn:
        ours_id = conn.execute(sa.select(datasets.c.id).where(datasets.c.name == OUR_DATASET)).scalar_one()
        their_id = conn.execute(sa.insert(datasets).values(name=SYNTHETIC_DATASET, kind="acled", created_at=now)
                                ).inserted_primary_key[0]
        conn.execute(sa.insert(imports).values(dataset_id=their_id, source="acled", content_hash="0" * 64,
                                               path="synthetic", imported_at=now, rows=total - ours, skipped=0))
    decided = []
    for first in range(0, total, _BATCH):
        reports_rows, records_rows, sources_rows = [], [], []
        for i in range(first, min(total, first + _BATCH)):
            mine = i < ours
            told = i - i % 3 if mine else i  # ours: each third event told by three reports
            event_type, sub_type = TYPES[kind[told]]
            text = f"Report {i}: {ACTORS[actor[told]]} forces struck near Place {told % 5000}."
            report = f"synthetic_{i:07d}" if mine else f"{SYNTHETIC_DATASET}:SYN{i}"
            digest = hashlib.sha256(text.encode()).hexdigest()
            if mine:
                reports_rows.append({"id": report, "content_hash": digest, "text": text, "title": f"Report {i}",
                                     "outlet": OUTLETS[outlet[i]], "url": f"https://example.org/{i}",
                                     "published": dates[told], "ingested_at": now})
            records_rows.append({
                "dataset_id": ours_id if mine else their_id, "report_id": report if mine else None,
                "report_hash": digest, "start": 0, "end": len(text), "place_start": len(text) - 20,
                "lat": float(lat[told]), "lon": float(lon[told]), "record_id": f"s{i:07d}", "kind": "event",
                "event_type": event_type, "sub_event_type": sub_type, "actor": ACTORS[actor[told]],
                "actor2": ACTORS[other[told]] if other[told] >= 0 and other[told] != actor[told] else None,
                "event_date": dates[told], "date_precision": "day", "place": f"Place {told % 5000}",
                "place_id": f"p{told % 5000}" if mine else None, "geo_precision": "town", "country": "SY",
                "place_confidence": 0.9, "corroboration": 1, "extra": "{}"})
            sources_rows.append({"position": 0, "report": report, "title": f"Report {i}",
                                 "outlet": OUTLETS[outlet[i]], "url": f"https://example.org/{i}",
                                 "published": dates[told], "quote": text, "start": 0, "end": len(text),
                                 "place_start": len(text) - 20, "place_end": len(text) - 1})
            if i % 997 == 5:
                decided.append({"report_hash": digest, "start": 0, "end": len(text), "kind": "event",
                                "place_start": len(text) - 20, "reviewed_by": "bench", "reviewed_at": now, "note": "",
                                **({"review_status": "rejected", "edits": "{}"} if i % 2 else
                                   {"review_status": "edited", "edits": '{"place": "Edited place"}'})})
        with engine.begin() as conn:
            if reports_rows:
                conn.execute(sa.insert(reports), reports_rows)
            keys = conn.execute(sa.insert(records).returning(records.c.id, sort_by_parameter_order=True),
                                records_rows).scalars().all()
            conn.execute(sa.insert(sources), [{"record": key, **row} for key, row in zip(keys, sources_rows)])
    with engine.begin() as conn:
        conn.execute(sa.insert(decisions), list({tuple(d[n] for n in ANCHOR): d for d in decided}.values()))
        fill_groups(conn)  # how our rows merge, as ingest keeps it (geo.store.groups)
    engine.dispose()


def synthetic(count: int) -> list:
    reports = []
    for number in range(count):
        day = 1 + number % 28
        text = (f"Artillery shelled {TOWNS[number % len(TOWNS)]} on March {day}, killing {number % 9 + 1} people, "
                f"officials said (report {number}).\n")
        reports.append(report_from_text(text, report_id=f"synthetic_{number:04d}", outlet="Synthetic",
                                        published=dt.date(2024, 3, day)))
    return reports


def timed(label: str, count: int, work, unit: str = "reports") -> object:
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(f"  {label:<30} {count:>5} {unit:<7} in {seconds:6.2f} s = {count / seconds:8.1f} {unit}/s")
    return result


def bench(name: str, reports: list, extractor: Extractor) -> None:
    print(f"{name} ({len(reports)} reports)")
    frames = {report.id: extractor(report) for report in reports}
    with tempfile.TemporaryDirectory(prefix="geo-store-bench-") as folder:
        engine = open_store(f"sqlite:///{Path(folder) / 'ingest.sqlite'}")
        counts = timed("ingest (extract + write)", len(reports), lambda: ingest_reports(engine, reports,
                                                                                          extractor=extractor))
        timed("second run (all unchanged)", len(reports), lambda: ingest_reports(engine, reports,
                                                                                   extractor=extractor))
        with engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT count(*) FROM records").scalar()
        frame = timed("records read back", stored, lambda: current_records(engine), "records")
        written = open_store(f"sqlite:///{Path(folder) / 'write.sqlite'}")
        timed("writing only (pre-extracted)", len(reports),
              lambda: ingest_reports(written, reports, extractor=lambda report: frames[report.id]))
        print(f"  {counts}; {len(frame)} records once merged across reports")
        engine.dispose()
        written.dispose()


def _drawn(view, basemap, colours) -> str:
    """The map planned, built and rendered, the table and the review queue made; the map's HTML."""
    drawing = plan_drawing(view)
    m = build_map(view, basemap=basemap, colours=colours, drawing=drawing)
    add_timeline(m, drawing.detailed, colours)
    html = m.get_root().render()
    record_table(view, limit=TABLE_ROWS)
    review_queue(view)
    return html


def _queried_page(engine, split, found: dict, chosen: dict, basemap, colours) -> tuple[object, str, int]:
    """What the app does at a rerun on a large store (``geo.store.aggregates``): the in-memory part
    filtered, the indexed rows the filters keep (``queried_rows``), the counts of the whole view (summary
    line, timeline, cells), the rows shown whole (the table's first, the map's markers) read by id with
    their sources, the map built and rendered; (the rows shown, the map's HTML, the records the view holds)."""
    memory_view = filter_view(engine, split.memory, **chosen)
    kept = queried_rows(engine, split, chosen)
    counts = view_aggregates(engine, split, memory_view, chosen, kept=kept)
    view = bounded_view(engine, split, memory_view, chosen, table_rows=TABLE_ROWS, map_rows=LARGE_MAP_ROWS, kept=kept)
    view = with_details(engine, view, shown_rows(view, table_rows=TABLE_ROWS), known=split.index.details)
    summary_text(summary_of(counts, memory_view, found["outlets"]))
    timeline_of(counts)
    return view, _drawn(view, basemap, colours), counts.total


def queried_dashboard(url: str, cache: Path) -> dict:
    """``dashboard`` as the app reads a store of more than LARGE_ROWS imported records: by the columnar
    index (kept in ``cache`` as the app keeps it in data/cache/: built by the SELECT when missing)."""
    basemap = load_basemap()
    started = time.perf_counter()
    engine = open_store(url)
    split = split_records(engine, include_rejected=True, cache=cache)
    split = replace(split, memory=with_positions(with_matches(split.memory), stored_positions(engine), []))
    read = time.perf_counter() - started
    found = store_facets(engine, split)
    colours = actor_colours(found["actors"])
    chosen = {"include_rejected": False}
    view, html, total = _queried_page(engine, split, found, chosen, basemap, colours)
    first = time.perf_counter() - started
    changes = []
    for choice in (ACTORS[:5], ACTORS[2:6], ACTORS, ACTORS[:3], ACTORS[5:]):  # the median of five changes
        started = time.perf_counter()
        _queried_page(engine, split, found, chosen | {"actors": list(choice)}, basemap, colours)
        changes.append(time.perf_counter() - started)
    engine.dispose()
    return {"records": len(split.memory) + split.rows - len(split.decided), "shown": total, "read": read,
            "first": first, "change": statistics.median(changes), "sent MB": len(html.encode("utf-8")) / 1e6}


def bench_decisions(url: str, label: str, cache: Path) -> None:
    """What a decision costs on a large store: the part in memory made again (``split_records``) after a
    confirmation, a rejection and the rejection taken back, with our records kept (``geo.store.ours``, as
    the app keeps them) and read again (as before). The decisions stay in the store (the record ends
    confirmed; three audit rows a run)."""
    engine = open_store(url)
    index, ours = load_index(engine, cache=cache), read_ours(engine)
    memory = split_records(engine, include_rejected=True, index=index, ours=ours).memory
    single = memory[(memory["dataset"] == OUR_DATASET) & memory["kind"].eq("event") & memory["corroboration"].eq(1)]
    record = single["record_id"].iloc[len(single) // 2]
    for status in ("confirmed", "rejected", "confirmed"):
        review_record(engine, record, by="benchmark", status=status, note="benchmarks/store.py")
        started = time.perf_counter()
        split_records(engine, include_rejected=True, index=index, ours=ours)
        kept = time.perf_counter() - started
        started = time.perf_counter()
        split_records(engine, include_rejected=True, index=index)
        print(f"  {label} after a decision ({status}): ours kept {kept:5.2f} s, read again "
              f"{time.perf_counter() - started:5.2f} s ({_load()})", flush=True)
    engine.dispose()


def _bench_store(kind: str, total: int, ours: int, folder: Path) -> str:
    """The URL of the benchmark's store of ``total`` records (``ours`` of them ours), built when missing
    (SQLite: a file in ``folder``, kept for the next run; PostgreSQL: a throwaway server's database)."""
    path = folder / f"store-{total}-{ours}.sqlite"
    if not path.exists():
        started = time.perf_counter()
        build_store(f"sqlite:///{path.with_suffix('.part')}", total, ours)
        path.with_suffix(".part").replace(path)
        print(f"  built {path} in {time.perf_counter() - started:.0f} s ({path.stat().st_size / 2**20:.0f} MiB)")
    return f"sqlite:///{path}"


def bench_dashboard(url: str, label: str, cache: Path) -> None:
    """The dashboard's figures by the columnar index (a store past LARGE_ROWS imported records, as the app
    reads it): built by the SELECT, then read back from its file."""
    engine = open_store(url)
    large = imported_rows(engine) > LARGE_ROWS
    engine.dispose()
    if not large:
        print(f"  {label}: {LARGE_ROWS:,} imported records or fewer: read whole, as before issue 13's queries")
        return
    for name in ("cold: index by SELECT", "restarted app: index file"):  # the first run leaves the file
        got = queried_dashboard(url, cache / "index")
        print(f"  {label} {name:<26} {got['records']:>9,} records: read {got['read']:5.2f} s, first map "
              f"{got['first']:5.2f} s, filter change {got['change']:5.2f} s (median of 5), {got['shown']:,} in "
              f"the view, map page {got['sent MB']:.2f} MB ({_load()})", flush=True)
    bench_decisions(url, label, cache / "index")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=300, help="how many synthetic reports")
    parser.add_argument("--records", type=int, default=1_000_000, help="records in the dashboard's store")
    parser.add_argument("--ours", type=int, default=5_000, help="how many of them are ours (the rest imported)")
    parser.add_argument("--postgres", action="store_true", help="the dashboard on PostgreSQL too")
    parser.add_argument("--app", action="store_true", help="the real app script too (AppTest, a process of its own)")
    parser.add_argument("--app-only", action="store_true", help="the real app script only (not the functions alone)")
    parser.add_argument("--app-child", type=Path, metavar="FOLDER", help=argparse.SUPPRESS)  # one run of --app
    parser.add_argument("--no-sqlite", action="store_true", help="the dashboard on PostgreSQL only")
    parser.add_argument("--postgres-records", type=int, help="records in the PostgreSQL store (default: --records)")
    parser.add_argument("--only", choices=("ingest", "dashboard"), help="one part only")
    args = parser.parse_args()
    if args.app_child is not None:
        app_child(args.app_child)
        return
    if args.only != "dashboard":
        extractor = Extractor(gazetteer=load_gazetteer(), actors=load_actors())
        bench("sample", load_reports([ROOT / "data" / "reports"]).reports, extractor)
        bench("synthetic", synthetic(args.synthetic), extractor)
    if args.only != "ingest":
        folder = Path(tempfile.gettempdir()) / "geo-store-bench"
        folder.mkdir(exist_ok=True)
        print(f"dashboard ({args.records:,} records, {args.ours:,} ours; targets: first map <= 5 s, "
              f"filter change <= 0.5 s)")
        app, functions = args.app or args.app_only, not args.app_only
        with tempfile.TemporaryDirectory(prefix="geo-view-cache-") as cache:
            if not args.no_sqlite:
                url = _bench_store("sqlite", args.records, args.ours, folder)
                if functions:
                    bench_dashboard(url, "SQLite", Path(cache))
                if app:
                    bench_app(url, "SQLite", Path(cache) / "app", cold=True)
            if args.postgres:
                bench_postgres(args.postgres_records or args.records, args.ours, Path(cache), app=app,
                               functions=functions)
        print(f"peak memory (max RSS) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def _load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def _drop_from_page_cache(paths: list[Path]) -> None:
    """The files' pages dropped from the kernel's page cache (a cold start; the files' own pages only)."""
    for path in paths:
        if path.exists():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def bench_app(url: str, label: str, folder: Path, *, cold: bool) -> None:
    """The real app on the store ``url`` in a process of its own (see the module's docstring), its cache
    in ``folder``: after the import's ``keep_for_page``; with ``cold``, its files out of the page cache too."""
    from geo.store.aggregates import keep_for_page

    cache = folder / "cache"
    engine = open_store(url)
    started = time.perf_counter()
    kept = keep_for_page(engine, cache)
    print(f"  {label}, after the import: {kept.name if kept else 'no file'} ready in {time.perf_counter() - started:.2f} s"
          f" ({_load()})", flush=True)
    database = Path(engine.url.database) if engine.dialect.name == "sqlite" else None
    engine.dispose()
    for name, evicted in (("restarted app", False), ("cold page cache", True)):
        if evicted:
            if not cold or database is None:
                continue
            _drop_from_page_cache([database, database.with_name(database.name + "-wal"), *cache.glob("*")])
        child = subprocess.run([sys.executable, __file__, "--app-child", str(folder)], capture_output=True, text=True,
                               env=os.environ | {"GEO_BENCH_APP_STORE": url}, check=False)
        if child.returncode != 0:
            raise RuntimeError(f"the app's run failed: {child.stderr[-2000:]}")
        got = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"  {label}, the real app, {name:<16} first map {got['first_map']:5.2f} s (whole first run "
              f"{got['first_server']:5.2f} s on the server, {got['first']:5.2f} s in AppTest); filter change: map "
              f"{got['change_map']:5.2f} s, whole run {got['change']:5.2f} s on the server ({got['seen']:.2f} s in "
              f"AppTest), median of 5 ({_load()})", flush=True)


def app_child(folder: Path) -> None:
    """One run of ``bench_app``: the real app script on ``$GEO_BENCH_APP_STORE`` through AppTest, its files
    kept in ``folder``/cache (as the app keeps them in data/cache beside the default store); the figures
    as a line of JSON."""
    from streamlit.testing.v1 import AppTest

    import geo.store.engine as engine_module
    from benchmarks.dashboard import _SCRIPT_RUNS, _time_script_runs

    engine_module.DEFAULT_PATH = folder / "workspace.sqlite"  # never opened (--store): its cache folder is used
    _time_script_runs()
    mapped = _time_to_map()
    sys.argv = ["app.py", "--store", os.environ["GEO_BENCH_APP_STORE"]]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    server, first = _run(at, None, _SCRIPT_RUNS)
    first_map = mapped[-1]
    _run(at, None, _SCRIPT_RUNS)  # warm: a user who has the page open
    times, maps = [], []
    for choice in (ACTORS[:5], ACTORS[2:6], ACTORS, ACTORS[:3], ACTORS[5:]):
        times.append(_run(at, choice, _SCRIPT_RUNS))
        maps.append(mapped[-1])
    sys.stdout.write(json.dumps({"first": first, "first_server": server, "first_map": first_map,
                                 "change": statistics.median(t[0] for t in times), "change_map": statistics.median(maps),
                                 "seen": statistics.median(t[1] for t in times)}) + "\n")


def _time_to_map() -> list[float]:
    """A list that gets, at each run of the app script, the seconds from the run's start to the map sent to
    the page (``st_folium`` returned: Streamlit sends each element as the script makes it)."""
    import streamlit_folium
    from streamlit.runtime.scriptrunner import script_runner

    found, started = [], [0.0]
    run, draw = script_runner.exec_func_with_error_handling, streamlit_folium.st_folium

    def timed_run(func, ctx):
        started[0] = time.perf_counter()
        return run(func, ctx)

    def timed_draw(*args, **kwargs):
        try:
            return draw(*args, **kwargs)
        finally:
            found.append(time.perf_counter() - started[0])

    script_runner.exec_func_with_error_handling, streamlit_folium.st_folium = timed_run, timed_draw
    return found


def _run(at, actors: tuple | None, runs: list[float]) -> tuple[float, float]:
    """(the script's own time on the server, the time AppTest takes) of a run of the app: ``actors``
    chosen in the actors filter first, or none touched."""
    runs.clear()
    started = time.perf_counter()
    (at if actors is None else at.multiselect(key="filter_actors").set_value(list(actors))).run()
    if at.exception:
        raise RuntimeError(f"the app failed: {at.exception}")
    return sum(runs), time.perf_counter() - started


def bench_postgres(total: int, ours: int, cache: Path, *, app: bool, functions: bool) -> None:
    """The dashboard's figures on PostgreSQL + PostGIS: the store of ``$GEO_BENCH_POSTGRES_STORE`` when
    set, else a throwaway server (as the tests start one) and a store built on it."""
    from tests.postgres_server import database, server_url  # noqa: E402 - a benchmark borrows the tests' server

    kept = os.environ.get("GEO_BENCH_POSTGRES_STORE")
    if kept:
        _bench_postgres_store(kept, cache, app=app, functions=functions)
        return
    with server_url() as server:
        if server is None:
            print("  PostgreSQL: not installed (make postgis), skipped")
            return
        with database(server, "geo_bench_store") as url:
            text = url.render_as_string(hide_password=False)
            started = time.perf_counter()
            build_store(text, total, ours)
            engine = sa.create_engine(url)
            with engine.connect() as conn:
                size = conn.execute(sa.text("SELECT pg_database_size(current_database())")).scalar()
            engine.dispose()
            print(f"  built {total:,} records on PostgreSQL in {time.perf_counter() - started:.0f} s "
                  f"({size / 2**20:.0f} MiB)", flush=True)
            _bench_postgres_store(text, cache, app=app, functions=functions)


def _bench_postgres_store(url: str, cache: Path, *, app: bool, functions: bool) -> None:
    if functions:
        bench_dashboard(url, "PostgreSQL", cache / "postgres")
    if app:
        bench_app(url, "PostgreSQL", cache / "postgres-app", cold=False)

if __name__ == "__main__":
    main()
