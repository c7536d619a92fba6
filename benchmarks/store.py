"""The workspace store (geo.store) at work: ingest speed, and the dashboard on a store of 1,000,000 records.

Ingest: for the five sample reports and for a few hundred synthetic ones (one shelling each,
several towns and dates), prints reports per second of wall time for:

- ingest: extraction and writing, one transaction per report (what ``python -m geo ingest`` does);
- writing only: the same reports with their records extracted beforehand;
- a second run: every report already stored (content hash found, nothing extracted);
- records read back: every stored record with its decision, merged across reports (``current_records``).

Into SQLite files; with ``--postgres``, into new databases of a throwaway PostgreSQL + PostGIS server too.

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

Its parts: ``store_data.py`` (the stores built, synthetic reports), ``store_dashboard.py`` (the
dashboard's functions timed) and ``store_app.py`` (the real app, a process of its own).

    python benchmarks/store.py [--synthetic 300] [--records 1000000] [--ours 5000] [--postgres]
                               [--only ingest|dashboard] [--no-sqlite] [--app] [--app-only]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.store_app import bench_app  # noqa: E402
from benchmarks.store_dashboard import bench_dashboard  # noqa: E402
from benchmarks.store_data import build_store, built_store, synthetic  # noqa: E402
from geo.extract.actors import load_actors  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402
from geo.io.reports import load_reports  # noqa: E402
from geo.store import current_records, ingest_reports, open_store  # noqa: E402
from geo.store.ingest import Extractor  # noqa: E402


def timed(label: str, count: int, work, unit: str = "reports") -> object:
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(f"  {label:<30} {count:>5} {unit:<7} in {seconds:6.2f} s = {count / seconds:8.1f} {unit}/s")
    return result


@contextmanager
def _sqlite_stores() -> Iterator[tuple[str, str]]:
    """The URLs of two new SQLite stores, in a temporary folder while in the block."""
    with tempfile.TemporaryDirectory(prefix="geo-store-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'ingest.sqlite'}", f"sqlite:///{Path(folder) / 'write.sqlite'}"


def bench(name: str, reports: list, extractor: Extractor, stores=_sqlite_stores) -> None:
    """The ingest figures of ``reports`` into the two new stores of ``stores()`` (a context giving their URLs)."""
    print(f"{name} ({len(reports)} reports)")
    frames = {report.id: extractor(report) for report in reports}
    with stores() as (first, second):
        engine = open_store(first)
        counts = timed("ingest (extract + write)", len(reports), lambda: ingest_reports(engine, reports,
                                                                                          extractor=extractor))
        timed("second run (all unchanged)", len(reports), lambda: ingest_reports(engine, reports,
                                                                                   extractor=extractor))
        with engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT count(*) FROM records").scalar()
        frame = timed("records read back", stored, lambda: current_records(engine), "records")
        written = open_store(second)
        timed("writing only (pre-extracted)", len(reports),
              lambda: ingest_reports(written, reports, extractor=lambda report: frames[report.id]))
        print(f"  {counts}; {len(frame)} records once merged across reports")
        engine.dispose()
        written.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=300, help="how many synthetic reports")
    parser.add_argument("--records", type=int, default=1_000_000, help="records in the dashboard's store")
    parser.add_argument("--ours", type=int, default=5_000, help="how many of them are ours (the rest imported)")
    parser.add_argument("--postgres", action="store_true", help="ingest and the dashboard on PostgreSQL too")
    parser.add_argument("--app", action="store_true", help="the real app script too (AppTest, a process of its own)")
    parser.add_argument("--app-only", action="store_true", help="the real app script only (not the functions alone)")
    parser.add_argument("--no-sqlite", action="store_true", help="ingest and the dashboard on PostgreSQL only")
    parser.add_argument("--postgres-records", type=int, help="records in the PostgreSQL store (default: --records)")
    parser.add_argument("--only", choices=("ingest", "dashboard"), help="one part only")
    args = parser.parse_args()
    if args.only != "dashboard":
        extractor = Extractor(gazetteer=load_gazetteer(), actors=load_actors())
        sets = (("sample", load_reports([ROOT / "data" / "reports"]).reports), ("synthetic", synthetic(args.synthetic)))
        for name, reports in sets if not args.no_sqlite else ():
            bench(name, reports, extractor)
        if args.postgres:
            bench_postgres_ingest(sets, extractor)
    if args.only != "ingest":
        folder = Path(tempfile.gettempdir()) / "geo-store-bench"
        folder.mkdir(exist_ok=True)
        print(f"dashboard ({args.records:,} records, {args.ours:,} ours; targets: first map <= 5 s, "
              f"filter change <= 0.5 s)")
        app, functions = args.app or args.app_only, not args.app_only
        with tempfile.TemporaryDirectory(prefix="geo-view-cache-") as cache:
            if not args.no_sqlite:
                url = built_store("sqlite", args.records, args.ours, folder)
                if functions:
                    bench_dashboard(url, "SQLite", Path(cache))
                if app:
                    bench_app(url, "SQLite", Path(cache) / "app", cold=True)
            if args.postgres:
                bench_postgres(args.postgres_records or args.records, args.ours, Path(cache), app=app,
                               functions=functions)
        print(f"peak memory (max RSS) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


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


def bench_postgres_ingest(sets, extractor: Extractor) -> None:
    """The ingest figures of each (name, reports) of ``sets`` into new databases of a throwaway PostgreSQL +
    PostGIS server (as the tests start one)."""
    from tests.postgres_server import database, server_url  # noqa: E402 - a benchmark borrows the tests' server

    with server_url() as server:
        if server is None:
            print("PostgreSQL: not installed (make postgis), ingest skipped")
            return

        @contextmanager
        def stores() -> Iterator[tuple[str, str]]:
            with database(server, "geo_bench_ingest") as first, database(server, "geo_bench_write") as second:
                yield first.render_as_string(hide_password=False), second.render_as_string(hide_password=False)

        for name, reports in sets:
            bench(f"{name}, PostgreSQL", reports, extractor, stores)


def _bench_postgres_store(url: str, cache: Path, *, app: bool, functions: bool) -> None:
    if functions:
        bench_dashboard(url, "PostgreSQL", cache / "postgres")
    if app:
        bench_app(url, "PostgreSQL", cache / "postgres-app", cold=False)

if __name__ == "__main__":
    main()
