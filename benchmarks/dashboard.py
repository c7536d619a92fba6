"""The dashboard at size: synthetic events at 1k, 10k, 100k and 1M.

For each size it prints
- server: the median time, over five changes of the actors filter, from the change to the
  map being ready: the rerun of the real app script (filters, table, map,
  charts, claims panel, exports), timed round Streamlit's script executor
  while AppTest drives it; the same change as AppTest sees it (its polling
  included); and the pure stages alone (filter + plan + build + render);
- sent: the size of the map page st_folium sends to the browser;
- browser: the time headless Chromium (Debian's, through Playwright) takes to
  load that page from a local server and draw the map, until every detailed
  marker is in the DOM and the canvas of dots is painted;
- the first load of the app on the records file;
- where the stages' time goes at that size (filter, summary line, timeline counts, table, plan,
  map, playback layer, the page st_folium sends), the best of three each;
- the load average with each row (2 shared cores: compare old and new code at the same load).

Targets (issue 5): at 100k events, filter round trip <= 0.5 s on the server
and first map <= 3 s in the browser; at 1M the app loads and filters, and
sends <= 5 MB.

    python benchmarks/dashboard.py [--sizes 1000 10000 100000 1000000] [--no-browser]
    python benchmarks/dashboard.py --first-screen   # the sample's first screen in the browser (issue 14;
                                                    # benchmarks/first_screen.py says where it goes)
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.analysis import filter_frame  # noqa: E402
from geo.frame import COLUMNS  # noqa: E402
from geo.render.charts import timeline_counts  # noqa: E402
from geo.render.summary import event_days, source_keys, summary_counts  # noqa: E402
from geo.render.tables import record_table  # noqa: E402
from geo.render.timeline import add_timeline  # noqa: E402
from geo.render.webmap import actor_colours, build_map, load_basemap, plan_drawing  # noqa: E402

ACTORS = ["Russia", "United States", "Islamic State", "Syrian government", "Syrian rebels", "Turkey",
          "Kurdish forces", "Iran"]
TYPES = ["Explosions/Remote violence", "Battles", "Violence against civilians", "deployment", "Strategic developments"]
OUTLETS = ["Reuters", "AP", "VOA", "RFE/RL", "AFP", ""]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def synthetic(n: int, seed: int = 1) -> gpd.GeoDataFrame:
    """``n`` event records round Syria and Iraq over 2015-2016, in the records schema."""
    rng = np.random.default_rng(seed)
    lon = rng.normal(39.0, 3.0, n).round(5)
    lat = rng.normal(34.5, 2.0, n).round(5)
    days = rng.integers(0, 730, n)
    dates = (np.datetime64("2015-01-01") + days.astype("timedelta64[D]")).astype(str)
    actor = rng.integers(0, len(ACTORS), n)
    kind_type = rng.integers(0, len(TYPES), n)
    outlet = rng.integers(0, len(OUTLETS), n)
    frame = pd.DataFrame({name: pd.Series([None] * n, dtype=object) for name in COLUMNS})
    frame["record_id"] = [f"s{i:07d}" for i in range(n)]
    frame["kind"] = np.where(np.array(TYPES)[kind_type] == "deployment", "asset", "event")
    frame["event_type"] = np.array(TYPES)[kind_type]
    frame["actor"] = np.array(ACTORS)[actor]
    frame["event_date"] = dates
    frame["date_precision"] = "day"
    frame["place"] = [f"Place {i % 5000}" for i in range(n)]
    frame["geo_precision"] = "town"
    frame["corroboration"] = 1
    frame["sources"] = [[{"report": f"r{i}", "title": f"Report {i}", "outlet": OUTLETS[o], "url": "",
                          "published": d, "quote": f"{ACTORS[a]} forces struck near Place {i % 5000}.",
                          "start": 0, "end": 40}] for i, (o, d, a) in enumerate(zip(outlet, dates, actor))]
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def stage_time(frame: gpd.GeoDataFrame, basemap: dict | None) -> tuple[float, str]:
    """Filter change to map HTML with the pure stages: (seconds, html)."""
    colours = actor_colours(ACTORS)
    started = time.perf_counter()
    view = filter_frame(frame, actors=ACTORS[:5])
    html = build_map(view, basemap=basemap, colours=colours, drawing=plan_drawing(view)).get_root().render()
    return time.perf_counter() - started, html


def stage_breakdown(frame: gpd.GeoDataFrame, basemap: dict | None) -> dict[str, float]:
    """Seconds of each stage of a filter change as the app runs it (the best of three each): the
    filter, the summary line, the timeline's counts, the table, the plan, the map, its playback
    layer, and the page st_folium makes of it."""
    from streamlit_folium import _get_map_string

    colours, days, sources = actor_colours(ACTORS), event_days(frame), source_keys(frame)
    view = filter_frame(frame, actors=ACTORS[:5])
    drawing = plan_drawing(view)
    stages = {"filter": lambda: filter_frame(frame, actors=ACTORS[:5]),
              "summary": lambda: summary_counts(view, days=days, sources=sources),
              "timeline": lambda: timeline_counts(view, days=days),
              "table": lambda: record_table(view, limit=2_000, days=days),
              "plan": lambda: plan_drawing(view),
              "map": lambda: build_map(view, basemap=basemap, colours=colours, drawing=drawing),
              "playback": lambda: add_timeline(folium.Map(), drawing.detailed, colours),
              "page": _get_map_string}  # st_folium's rendering of a map made beforehand
    best = {}
    for name, stage in stages.items():
        times = []
        for _ in range(3):
            made = (build_map(view, basemap=basemap, colours=colours, drawing=drawing),) if name == "page" else ()
            started = time.perf_counter()
            stage(*made)
            times.append(time.perf_counter() - started)
        best[name] = min(times)
    return best


def load_average() -> str:
    return "load {:.1f}/{:.1f}/{:.1f}".format(*os.getloadavg())


_SCRIPT_RUNS: list[float] = []


def _time_script_runs() -> None:
    """Record how long each run of the app script takes on the server (the script
    itself, without AppTest's polling), by wrapping Streamlit's script executor."""
    from streamlit.runtime.scriptrunner import script_runner
    original = script_runner.exec_func_with_error_handling

    def timed(func, ctx):
        started = time.perf_counter()
        try:
            return original(func, ctx)
        finally:
            _SCRIPT_RUNS.append(time.perf_counter() - started)

    script_runner.exec_func_with_error_handling = timed


def app_times(path: Path) -> tuple[float, float, float]:
    """(first load, filter round trip on the server, the same seen by AppTest) of
    the real app on a records file."""
    from streamlit.testing.v1 import AppTest
    sys.argv = ["app.py", "--records", str(path)]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"the app failed: {at.exception}")
    at.run()  # warm: caches filled, as for a user who has the page open
    server, harness = [], []
    for choice in (ACTORS[:5], ACTORS, ACTORS[2:6], ACTORS, ACTORS[:3]):  # five changes; the median counts
        _SCRIPT_RUNS.clear()
        started = time.perf_counter()
        at.multiselect(key="filter_actors").set_value(list(choice)).run()
        harness.append(time.perf_counter() - started)
        server.append(sum(_SCRIPT_RUNS))
        if at.exception:
            raise RuntimeError(f"the app failed: {at.exception}")
    return first, statistics.median(server), statistics.median(harness)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def browser_time(html: str) -> float:
    """Seconds from navigation to the map drawn, in Debian's Chromium."""
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "app" / "static").mkdir(parents=True)
        (root / "app" / "static" / "vendor").symlink_to(ROOT / "static" / "vendor")
        (root / "map.html").write_text(html, encoding="utf-8")
        handler = functools.partial(_QuietHandler, directory=folder)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1200, "height": 800})
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/map.html", wait_until="load")
                page.wait_for_selector(".geo-marker", state="attached", timeout=120_000)
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                elapsed = time.perf_counter() - started
                browser.close()
        finally:
            server.shutdown()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-app", action="store_true", help="skip the AppTest measurements")
    parser.add_argument("--first-screen", action="store_true",
                        help="only time the sample's first screen in the browser (target <= 3 s)")
    args = parser.parse_args()
    if args.first_screen:
        from first_screen import first_screen_times

        times = first_screen_times()
        print(f"first screen of the sample, s ({load_average()}): first visit on a new server "
              f"{times[0]:.2f}, then {', '.join(f'{t:.2f}' for t in times[1:])}")
        warm = statistics.median(times[1:])
        print(f"  {'met    ' if warm <= 3.0 else 'NOT met'}  a later visit {warm:.2f} s (median; target <= 3 s)")
        return 0
    basemap = load_basemap()
    results = {}
    _time_script_runs()
    print(f"{'events':>9} {'stages s':>9} {'app load s':>11} {'round trip s':>13} {'in AppTest s':>13} "
          f"{'sent MB':>8} {'browser s':>10}  load")
    for size in args.sizes:
        frame = synthetic(size)
        stages, html = stage_time(frame, basemap)
        stages = min(stages, stage_time(frame, basemap)[0])
        load = trip = harness = float("nan")
        if not args.no_app:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "records.parquet"
                frame.to_parquet(path)
                load, trip, harness = app_times(path)
        browser = float("nan") if args.no_browser else browser_time(html)
        sent = len(html.encode("utf-8")) / 1e6
        results[size] = (stages, load, trip, sent, browser)
        print(f"{size:>9,} {stages:>9.2f} {load:>11.2f} {trip:>13.2f} {harness:>13.2f} {sent:>8.2f} "
              f"{browser:>10.2f}  {load_average()}", flush=True)
        breakdown = stage_breakdown(frame, basemap)
        print(f"{'':>9} stages, ms: " + " · ".join(f"{name} {seconds * 1000:.0f}" for name, seconds in breakdown.items()),
              flush=True)
    print(f"peak memory (max RSS) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print("\ntargets:")
    checks = []
    if 100_000 in results:
        _, _, trip, _, browser = results[100_000]
        checks += [(trip <= 0.5, f"100k: filter round trip {trip:.2f} s on the server (target <= 0.5 s)"),
                   (browser <= 3.0, f"100k: first map {browser:.2f} s in the browser (target <= 3 s)")]
    if 1_000_000 in results:
        _, load, trip, sent, _ = results[1_000_000]
        checks += [(sent <= 5.0, f"1M: sends {sent:.2f} MB (target <= 5 MB); loads in {load:.1f} s, "
                                 f"filters in {trip:.2f} s")]
    for met, text in checks:
        print(f"  {'met    ' if met else 'NOT met'}  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
