"""The real app in headless Chromium (Debian's), driven by Playwright, offline.

Every request the page makes to anything but 127.0.0.1 is refused and
recorded; the tests assert there were none. Screenshots go to test-output/.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLE
from .offline_browser import SHOTS, offline_page

pytestmark = pytest.mark.browser



def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(extra: list[str]) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false"]
    if extra:
        command += ["--", *extra]
    SHOTS.mkdir(exist_ok=True)
    with open(SHOTS / f"streamlit-{port}.log", "w") as log:
        server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server, url
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(f"streamlit did not start on {url}: see {SHOTS}/streamlit-{port}.log")
            time.sleep(0.5)


@pytest.fixture()
def serve(tmp_path_factory):
    """serve(*args) starts ``streamlit run app.py -- ARGS`` on a free port and returns its URL.
    Unless ARGS name a records file or a store, the app opens a new store of its own (never the
    repository's data/workspace.sqlite) with the folder of --data, else the sample, stored in it."""
    servers = []

    def start(*extra: str) -> str:
        if "--records" not in extra and "--store" not in extra:
            store = tmp_path_factory.mktemp("store") / "workspace.sqlite"
            extra = (*extra, "--store", f"sqlite:///{store}", *(() if "--data" in extra else ("--data", str(SAMPLE))))
        server, url = _start(list(extra))
        servers.append(server)
        return url

    yield start
    for server in servers:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture()
def page():
    with offline_page() as page:
        yield page


def _map(page):
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    # A new server's first page loads the gazetteer and stores the sample: slow on a busy machine.
    frame.locator("path.geo-marker").first.wait_for(timeout=180_000)
    return frame


def test_markers_render_offline_and_a_popup_shows_its_quote(page, serve, sample):
    page.goto(serve())
    frame = _map(page)
    assert frame.locator("path.geo-marker").count() == len(sample.frame)
    assert frame.locator("path").count() > len(sample.frame)  # the offline country outlines
    transit = sample.frame[(sample.frame["event_type"] == "transit")].iloc[0]
    # The Bosphorus is outside the first view (Syria's): "show all" zooms out to it.
    frame.locator(".geo-framing-button").click()
    page.wait_for_timeout(1000)  # the zoom's animation
    frame.locator(f"path.geo-rec-{transit['record_id']}").click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    text = popup.inner_text()
    assert "crossed through the Bosphorus Strait" in text
    assert transit["sources"][0]["quote"] in text
    page.wait_for_timeout(500)  # the popup fades in
    page.screenshot(path=SHOTS / "sample-popup.png")
    # The click also selects the record: the app lists all its sources beside the map.
    page.get_by_text(f"Sources of record {transit['record_id']}").wait_for(timeout=30_000)
    assert page.outside == []
    assert page.dialogs == []


def test_a_filter_changes_what_is_drawn_the_timeline_moves_and_the_download_is_geojson(page, serve, sample):
    page.goto(serve())
    frame = _map(page)
    assert frame.locator("path.geo-marker").count() == len(sample.frame)

    # Playback: switch the layer on, move the slider, fewer or more markers are drawn.
    frame.locator(".leaflet-control-layers").first.hover()
    frame.locator(".leaflet-control-layers-overlays label", has_text="Playback").locator("input").check()
    slider = frame.locator(".leaflet-timeline-control input.time-slider")
    slider.wait_for(state="visible", timeout=10_000)
    counts = frame.locator("body").evaluate("""() => {
        const slider = document.querySelector(".leaflet-timeline-control input.time-slider");
        const seen = [];
        for (let value = Number(slider.min); value <= Number(slider.max); value += 86400000) {
            slider.value = String(value);
            slider.dispatchEvent(new Event("input", {bubbles: true}));
            seen.push(document.querySelectorAll("path.geo-timeline-marker").length);
        }
        return seen;
    }""")
    assert len(counts) >= 28 and len(set(counts)) > 1 and max(counts) > 0  # day by day through September
    page.screenshot(path=SHOTS / "dashboard-playback.png")

    # The GeoJSON download of the full view.
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="GeoJSON").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == len(sample.frame)
    assert "crs" not in data

    # A words filter: the map is drawn again with only the matching record.
    search = page.get_by_label("Search the quotes", exact=True)  # not its help button
    search.fill("civilian deaths")
    search.press("Enter")
    page.wait_for_function("""() => {
        const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
        return frame && frame.contentDocument &&
               frame.contentDocument.querySelectorAll("path.geo-marker").length === 1;
    }""", timeout=60_000)
    assert "q=civilian+deaths" in page.url or "q=civilian%20deaths" in page.url
    page.screenshot(path=SHOTS / "dashboard-filtered.png")
    assert page.outside == [] and page.dialogs == []


def _settled_count(page, frame) -> int:
    """The number of markers once the map has drawn all its layers: the same count twice, half a
    second apart (the first marker may show before the other layers are drawn)."""
    seen = -1
    for _ in range(40):
        count = frame.locator("path.geo-marker").count()
        if count == seen:
            return count
        seen = count
        page.wait_for_timeout(500)
    return seen


def test_a_pasted_report_appears_on_the_map(page, serve, sample):
    page.goto(serve())
    frame = _map(page)
    before = _settled_count(page, frame)
    page.get_by_text("Add reports").click()
    page.get_by_label("Or paste a report").fill("Turkish jets shot down a drone near Kilis on Friday.")
    page.get_by_role("button", name="Add text").click()
    # Streamlit may keep the old map's frame until the rerun ends: look at every frame.
    page.wait_for_function(f"""() => [...document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')]
        .some(frame => frame.contentDocument &&
              frame.contentDocument.querySelectorAll("path.geo-marker").length === {before + 1})""",
                           timeout=90_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=SHOTS / "dashboard-pasted.png")
    assert page.outside == [] and page.dialogs == []


PAYLOADS = ["<img src=x onerror=alert(1)>", "${alert(1)}", "<script>alert(2)</script>", "`;alert(3);`",
            "\\`);alert(4);//", "<svg onload=alert(5)>", "<a href=\"javascript:alert(6)\">x</a>"]


@pytest.fixture()
def xss_folder(tmp_path):
    payload = " ".join(PAYLOADS)
    text = f"Russian jets bombed targets near Aleppo {payload} on Tuesday."
    (tmp_path / "xss.txt").write_text(
        f"---\ntitle: {payload}\noutlet: {payload}\n"
        f"url: javascript:alert(7)\npublished: 2015-09-30\n---\n{text}\n", encoding="utf-8")
    (tmp_path / "xss2.txt").write_text(
        f"---\ntitle: Second\noutlet: Wire\nurl: https://example.org/?q=${{alert(8)}}&x=<b>\n"
        f"published: 2015-09-29\n---\nRebels attacked positions near Hama {payload} on Monday.\n", encoding="utf-8")
    return tmp_path


def test_report_text_is_shown_as_text_and_never_run(page, serve, xss_folder):
    page.goto(serve("--data", str(xss_folder)))
    frame = _map(page)
    assert frame.locator("path.geo-marker").count() == 2
    for place in ("Aleppo", "Hama"):
        marker = frame.locator("path.geo-marker").nth(0 if place == "Aleppo" else 1)
        marker.dispatch_event("click")  # an open popup may cover the other marker
        popup = frame.locator(".leaflet-popup-content", has_text=place)
        popup.wait_for(timeout=10_000)
        text = popup.inner_text()
        for payload in PAYLOADS:
            assert payload in text, payload  # in the quote (and the title and outlet of the first)
    assert frame.locator('img[src="x"]').count() == 0 and frame.locator("svg[onload]").count() == 0
    assert frame.locator("a[href^='javascript']").count() == 0
    links = frame.locator("a", has_text="open report")
    assert links.count() <= 1 and all(
        href.startswith("https://example.org/") for href in links.evaluate_all("els => els.map(e => e.href)"))
    assert page.locator("img[src='x']").count() == 0  # nor in the page round the map (table, captions)
    page.wait_for_timeout(1000)
    page.screenshot(path=SHOTS / "xss-popup.png")
    assert page.dialogs == []
    assert page.outside == []
