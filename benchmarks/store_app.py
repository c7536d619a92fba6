"""The real app script on a large store through AppTest, in a process of its own (benchmarks/store.py
``--app``): ``bench_app`` runs this file on the store, and this file's run prints the figures as a
line of JSON.

    python benchmarks/store_app.py FOLDER   (the store's URL in $GEO_BENCH_APP_STORE)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.store_data import ACTORS, load  # noqa: E402
from geo.store import open_store  # noqa: E402


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
          f" ({load()})", flush=True)
    database = Path(engine.url.database) if engine.dialect.name == "sqlite" else None
    engine.dispose()
    for name, evicted in (("restarted app", False), ("cold page cache", True)):
        if evicted:
            if not cold or database is None:
                continue
            _drop_from_page_cache([database, database.with_name(database.name + "-wal"), *cache.glob("*")])
        child = subprocess.run([sys.executable, __file__, str(folder)], capture_output=True, text=True,
                               env=os.environ | {"GEO_BENCH_APP_STORE": url}, check=False)
        if child.returncode != 0:
            raise RuntimeError(f"the app's run failed: {child.stderr[-2000:]}")
        got = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"  {label}, the real app, {name:<16} first map {got['first_map']:5.2f} s (whole first run "
              f"{got['first_server']:5.2f} s on the server, {got['first']:5.2f} s in AppTest); filter change: map "
              f"{got['change_map']:5.2f} s, whole run {got['change']:5.2f} s on the server ({got['seen']:.2f} s in "
              f"AppTest), median of 5 ({load()})", flush=True)


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




if __name__ == "__main__":
    app_child(Path(sys.argv[1]))
