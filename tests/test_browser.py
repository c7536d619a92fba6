"""The real app in headless Chromium (Debian's), driven by Playwright, offline.

Every request the page makes to anything but 127.0.0.1 is refused and
recorded; the tests assert there were none. Screenshots go to test-output/.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from .conftest import ROOT
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
def serve():
    """serve(*args) starts ``streamlit run app.py -- ARGS`` on a free port and returns its URL."""
    servers = []

    def start(*extra: str) -> str:
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
    frame.locator("path.geo-marker").first.wait_for(timeout=90_000)
    return frame


def test_markers_render_offline_and_a_popup_shows_its_quote(page, serve, sample):
    page.goto(serve())
    frame = _map(page)
    assert frame.locator("path.geo-marker").count() == len(sample.frame)
    assert frame.locator("path").count() > len(sample.frame)  # the offline country outlines
    transit = sample.frame[(sample.frame["event_type"] == "transit")].iloc[0]
    frame.locator(f"path.geo-rec-{transit['record_id']}").click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    text = popup.inner_text()
    assert "crossed through the Bosphorus Strait" in text
    assert transit["sources"][0]["quote"] in text
    page.wait_for_timeout(500)  # the popup fades in
    page.screenshot(path=SHOTS / "sample-popup.png")
    assert page.outside == []
    assert page.dialogs == []


PAYLOADS = ["<img src=x onerror=alert(1)>", "${alert(1)}"]


@pytest.fixture()
def xss_folder(tmp_path):
    text = f"Russian jets bombed targets near Aleppo {PAYLOADS[0]} and {PAYLOADS[1]} on Tuesday."
    (tmp_path / "xss.txt").write_text(
        f"---\ntitle: {PAYLOADS[0]} {PAYLOADS[1]}\noutlet: <script>alert(2)</script>\n"
        f"url: javascript:alert(3)\npublished: 2015-09-30\n---\n{text}\n", encoding="utf-8")
    return tmp_path


def test_report_text_is_shown_as_text_and_never_run(page, serve, xss_folder):
    page.goto(serve("--data", str(xss_folder)))
    frame = _map(page)
    frame.locator("path.geo-marker").first.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    text = popup.inner_text()
    for payload in PAYLOADS:
        assert text.count(payload) >= 2  # in the quote and in the title
    assert "<script>alert(2)</script>" in text
    assert frame.locator('img[src="x"]').count() == 0
    assert frame.locator("a[href^='javascript']").count() == 0
    page.wait_for_timeout(1000)
    page.screenshot(path=SHOTS / "xss-popup.png")
    assert page.dialogs == []
    assert page.outside == []
