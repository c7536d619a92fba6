"""The sample's first screen in the browser (issue 14): where a visit's seconds go.

Starts ``streamlit run app.py`` on a new store holding the sample, then opens the page in Debian's
Chromium at 1400x900 visit after visit (the first on the server just up: it loads the gazetteer
and stores the sample). A visit ends when the map's markers are drawn and the page's run has ended.
For each visit it prints the time from navigation to

- page: the document loaded; title: the page's title drawn;
- first / last msg: the first and the last message of the page's run from the server (the script's
  run as the browser receives it);
- map frame: the map's iframe in the page; leaflet: the map made in it; markers: its first marker;
- table / chart: the table's grid and the timeline's chart drawn;
- done: the markers drawn and the run ended (the figure the target is about, <= 3 s after the first
  visit).

    python benchmarks/first_screen.py [--visits 4] [--resources]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
FOLIUM = 'iframe[title="streamlit_folium.st_folium"]'
# Marks: when each element first appears, as epoch milliseconds (comparable across the page's frames).
_MARKS = {"title": "h1", "map frame": FOLIUM, "leaflet": ".leaflet-container", "markers": "path.geo-marker",
          "table": '[data-testid="stDataFrame"] canvas',
          # the timeline: in its component's shadow root (host >>> inside), or Vega's chart of earlier code
          "chart": '[data-testid="stBidiComponentIsolated"] >>> .geo-timeline svg',
          "vega chart": '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'}
_OBSERVER = """(() => {
    const wanted = %s, marks = {};
    const found = selector => { const [host, inside] = selector.split(" >>> ");
        const element = document.querySelector(host);
        return inside === undefined ? element : element && element.shadowRoot && element.shadowRoot.querySelector(inside); };
    const check = () => { for (const [name, selector] of Object.entries(wanted))
        if (!(name in marks) && found(selector)) marks[name] = performance.timeOrigin + performance.now(); };
    new MutationObserver(check).observe(document, {subtree: true, childList: true});
    setInterval(check, 20);  // the map's frame writes its document anew: the observer may be gone
    window.__marks = marks;
})();"""
_RUN_ENDED = """() => { const status = document.querySelector('[data-testid="stStatusWidget"]');
    return !status || !status.innerText.includes("Running"); }"""
COLUMNS = ("page", "title", "first msg", "last msg", "map frame", "leaflet", "markers", "table", "chart", "done")


def start_server(folder: str, app: Path = ROOT / "app.py") -> tuple[subprocess.Popen, str]:
    """``streamlit run app.py`` (``app``: another copy, to compare) on a new store in ``folder`` with the
    sample's reports; (process, URL)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--", "--store", f"sqlite:///{folder}/workspace.sqlite", "--data", str(ROOT / "data" / "reports")],
        cwd=app.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return server, url
        except OSError:
            if time.monotonic() > deadline:
                server.terminate()
                raise RuntimeError(f"streamlit did not start on {url}") from None
            time.sleep(0.2)


def visit(browser, url: str) -> tuple[dict[str, float], list[tuple[str, float, int]]]:
    """One visit of a new page of ``browser`` (a browser: a newcomer, nothing cached; a context: a
    returning visitor, Streamlit's scripts in the cache): (seconds from navigation to each mark, the
    page's scripts and styles as (name, seconds from navigation to their end, bytes))."""
    page = browser.new_page()
    page.set_viewport_size({"width": 1400, "height": 900})
    page.add_init_script(_OBSERVER % json.dumps(_MARKS))
    messages: list[float] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda _: messages.append(time.time() * 1000)))
    page.goto(url)
    page.frame_locator(FOLIUM).locator("path.geo-marker").first.wait_for(state="attached", timeout=180_000)
    page.wait_for_function(_RUN_ENDED, polling=50, timeout=180_000)
    done = time.time() * 1000
    origin = page.evaluate("performance.timeOrigin")
    marks = {}
    for frame in page.frames:
        try:
            found = frame.evaluate("window.__marks || {}")
        except Exception:  # noqa: BLE001 - a frame gone (an old map replaced): its marks are not needed
            continue
        for name, at in found.items():
            marks[name] = min(marks.get(name, at), at)
    seconds = {name: (at - origin) / 1000 for name, at in marks.items()}
    seconds["page"] = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000
    ran = [at for at in messages if at >= origin]
    if ran:
        seconds["first msg"], seconds["last msg"] = (ran[0] - origin) / 1000, (ran[-1] - origin) / 1000
    seconds["done"] = (done - origin) / 1000
    if "chart" not in seconds and "vega chart" in seconds:
        seconds["chart"] = seconds["vega chart"]
    resources = []
    for frame in page.frames:
        try:
            entries = frame.evaluate("""() => performance.getEntriesByType('resource').map(e =>
                [e.name, performance.timeOrigin + e.responseEnd, e.encodedBodySize || e.transferSize])""")
        except Exception:  # noqa: BLE001 - as above
            continue
        resources += [(name.rsplit("/", 1)[-1][:48], (end - origin) / 1000, size) for name, end, size in entries
                      if name.split("?")[0].endswith((".js", ".css"))]
    page.close()
    return seconds, sorted(resources, key=lambda r: -r[2])


def first_screens(visits: int = 4, app: Path = ROOT / "app.py", *, returning: bool = False
                  ) -> list[tuple[dict[str, float], list]]:
    """``visits`` visits one after another on a server of ``app`` just up (``visit``'s figures each), each
    in a new browser context (a newcomer) or, ``returning``, all in one (the browser's cache kept)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        server, url = start_server(folder, app)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                opener = browser.new_context(viewport={"width": 1400, "height": 900}) if returning else browser
                found = [visit(opener, url) for _ in range(visits)]
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    return found


def first_screen_times(visits: int = 4) -> list[float]:
    """Seconds from opening the sample's page to its first screen, visit after visit (the first on a
    server just up)."""
    return [seconds["done"] for seconds, _ in first_screens(visits)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=4)
    parser.add_argument("--resources", action="store_true", help="list the largest scripts and styles loaded")
    parser.add_argument("--app", type=Path, default=ROOT / "app.py",
                        help="the app to serve (another checkout's app.py, to compare old and new code)")
    parser.add_argument("--returning", action="store_true",
                        help="every visit in one browser context: its cache holds Streamlit's scripts")
    args = parser.parse_args()
    before = os.getloadavg()[0]
    found = first_screens(args.visits, args.app.resolve(), returning=args.returning)
    print(f"seconds from navigation, visit after visit (the first on a server just up); load average "
          f"{before:.1f} before, {os.getloadavg()[0]:.1f} after (2 shared cores):")
    print(f"{'visit':>5} " + " ".join(f"{name:>9}" for name in COLUMNS))
    for number, (seconds, _) in enumerate(found, 1):
        print(f"{number:>5} " + " ".join(f"{seconds[name]:>9.2f}" if name in seconds else f"{'-':>9}"
                                          for name in COLUMNS))
    if args.resources:
        print("\nlargest scripts and styles of the last visit (name, loaded at s, kB):")
        for name, end, size in found[-1][1][:12]:
            print(f"  {name:<48} {end:6.2f} {size / 1000:8.0f}")
    later = statistics.median(seconds["done"] for seconds, _ in found[1:]) if len(found) > 1 else float("nan")
    print(f"\n  {'met    ' if later <= 3.0 else 'NOT met'}  a later visit {later:.2f} s (median; target <= 3 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
