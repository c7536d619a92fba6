"""Hostile text everywhere, in the real app and in its exported map: Debian's Chromium, network cut.

Every payload would show itself if it ever ran or was fetched: an alert (recorded in
``page.dialogs``), a request to evil.example (refused and recorded in ``page.outside``), a page
error, or a template's answer (``{{7*7}}`` -> 49). Every popup and tooltip on the map is opened,
the dots past the popup cap included; the exported HTML is opened from disk the same way.
"""

from __future__ import annotations

import copy
import string
import urllib.request
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo.io.export import to_geojson_bytes

from .offline_browser import SHOTS, guard
from .test_browser import page, serve  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<img src=http://evil.example/i.png onerror=alert(1)>", "<script>alert(2)</script>",
    "</script><script>alert(3)</script>", "<svg onload=alert(4)>", "javascript:alert(5)", "${alert(6)}",
    "`;alert(7);`", "\\`);alert(8);//", "{{7*7}}", "{% if true %}T{% endif %}",
    "{{ lipsum.__globals__.os.getpid() }}", "![b](http://evil.example/b.png)", "\"><img src=x onerror=alert(9)>",
    "' onmouseover='alert(10)", "[link](javascript:alert(11))",
]
ALL = " ".join(PAYLOADS)

# Opens every popup and tooltip of the first Leaflet map in the window and returns their texts.
OPEN_EVERYTHING = """() => {
    const map = window.map instanceof L.Map ? window.map : Object.values(window).find(v => v instanceof L.Map);
    const out = {popups: 0, tooltips: 0, texts: []};
    for (const layer of Object.values(map._layers)) {
        const at = layer.getLatLng ? layer.getLatLng() : (layer.getCenter ? layer.getCenter() : undefined);
        if (layer.getPopup && layer.getPopup()) {
            layer.openPopup(at);
            const el = layer.getPopup().getElement();
            if (el) { out.texts.push(el.innerText); }
            out.popups++;
            layer.closePopup();
        }
        if (layer.getTooltip && layer.getTooltip()) {
            layer.openTooltip(at);
            const el = layer.getTooltip().getElement();
            if (el) { out.texts.push(el.innerText); }
            out.tooltips++;
            layer.closeTooltip();
        }
    }
    const legend = document.querySelector(".geo-legend");
    out.texts.push(legend ? legend.innerText : "");
    out.html = document.documentElement.outerHTML;
    return out;
}"""


def _letters(number: int) -> str:
    out = ""
    while True:
        number, digit = divmod(number, 26)
        out = string.ascii_lowercase[digit] + out
        if number == 0:
            return out


@pytest.fixture()
def hostile_records(sample, tmp_path) -> Path:
    """More than 500 records (so dots are drawn past the popup cap), every text field hostile."""
    frame = pd.concat([sample.frame[sample.frame["kind"] != "claim"]] * 40, ignore_index=True).iloc[:620]
    frame["record_id"] = [f"{PAYLOADS[i % len(PAYLOADS)]}-{_letters(i)}" for i in range(len(frame))]
    frame["actor"] = [PAYLOADS[i % 3 + 8] for i in range(len(frame))]  # the template payloads reach the legend
    frame["actor2"] = PAYLOADS[0]
    frame["place"] = [PAYLOADS[i % len(PAYLOADS)] for i in range(len(frame))]

    def sources(record):
        out = copy.deepcopy(list(record))
        for source in out:
            source.update(title=ALL, outlet=PAYLOADS[4], url="javascript:alert(12)", quote=f"Near Homs {ALL}",
                          report=PAYLOADS[1])
            source.pop("place_start", None)
            source.pop("place_end", None)
        return out

    frame["sources"] = frame["sources"].map(sources)
    path = tmp_path / "hostile.geojson"
    path.write_bytes(to_geojson_bytes(gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")))
    return path


def _app_map(page):
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator("path.geo-marker").first.wait_for(timeout=90_000)
    return page.frame(url=lambda url: "streamlit_folium" in url)


def _idle(page) -> None:
    page.wait_for_timeout(500)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=60_000)


def _check(seen: dict, page) -> None:
    text = "\n".join(seen["texts"])
    assert seen["popups"] >= 1 and seen["tooltips"] >= 1
    for payload in PAYLOADS:
        assert payload in text, payload  # shown as the characters it holds
    assert "49" not in text and "getpid()" in text
    page.wait_for_timeout(1500)  # an image that failed to load fires its onerror a moment later
    assert page.dialogs == [] and page.outside == [] and page.errors == []


def test_hostile_records_in_the_app_and_in_its_exported_map(page, serve, hostile_records, tmp_path):
    url = serve("--records", str(hostile_records))
    with urllib.request.urlopen(url, timeout=10) as response:
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    page.goto(url)
    frame = _app_map(page)
    seen = frame.evaluate(OPEN_EVERYTHING)
    assert seen["tooltips"] > 500  # the dots past the cap have their tooltips too
    _check(seen, page)
    assert frame.locator("img").count() == 0 and frame.locator("svg[onload]").count() == 0
    assert frame.locator("a[href^='javascript']").count() == 0
    page.screenshot(path=SHOTS / "hostile-records.png")

    # the Playback layer's popups and tooltips too, at the first and the last day of the slider
    frame.locator(".leaflet-control-layers").first.hover()
    frame.locator(".leaflet-control-layers-overlays label", has_text="Playback").locator("input").check()
    frame.locator(".leaflet-timeline-control").wait_for(state="visible", timeout=20_000)  # its plugin loaded now
    for end in ("min", "max"):
        frame.evaluate(f"""() => {{
            const slider = document.querySelector(".leaflet-timeline-control input.time-slider");
            slider.value = slider.{end};
            slider.dispatchEvent(new Event("input", {{bubbles: true}}));
        }}""")
        assert frame.locator("path.geo-timeline-marker").count() > 0
        _check(frame.evaluate(OPEN_EVERYTHING), page)

    # a marker click selects its record: the id, a payload, is shown as text beside the map
    frame.locator("path.geo-marker").first.dispatch_event("click")
    page.get_by_text("Sources of record").wait_for(timeout=30_000)
    heading = page.get_by_text("Sources of record").inner_text()
    assert any(payload in heading for payload in PAYLOADS), heading
    assert page.locator("img[src*='evil'], img[src='x']").count() == 0

    _idle(page)  # a button of a rerun still going would name a file that run replaces
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Map (HTML)").click()
    exported = tmp_path / "map.html"
    exported.write_bytes(Path(download.value.path()).read_bytes())
    assert page.dialogs == [] and page.outside == []
    offline = guard(page.context.browser.new_page(), allow=("file:", "data:"))  # a second tab of the same offline browser
    violations = []
    offline.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    offline.goto(exported.as_uri())
    offline.locator("path.geo-marker").first.wait_for(timeout=30_000)
    seen = offline.evaluate(OPEN_EVERYTHING)
    assert seen["tooltips"] > 500
    _check(seen, offline)
    assert seen["html"].count("L.map(") == 1
    assert violations == []  # the policy allows every script the file holds


def test_hostile_files_names_metadata_and_positions(page, serve, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / f"{PAYLOADS[0].replace('/', '_')}.txt").write_bytes(b"\x00 binary")
    (folder / "meta.txt").write_text(f"---\ntitle: {ALL}\noutlet: {ALL}\nurl: javascript:alert(13)\n"
                                     f"{PAYLOADS[11]} {PAYLOADS[8]}\n---\n"
                                     f"Russian warplanes bombed rebel positions near Idlib on Tuesday. {ALL}\n",
                                     encoding="utf-8")
    page.goto(serve("--data", str(folder)))
    frame = _app_map(page)
    body = page.locator("section.main, [data-testid='stMain']").first.inner_text()
    assert PAYLOADS[11] in body and PAYLOADS[8] in body  # the malformed metadata line, as text
    assert PAYLOADS[0].replace("/", "_") in body  # the bad file's name, as text

    page.get_by_text("Positions or control areas").click()
    page.get_by_label("Actor of every feature (else the file's 'actor' column)").fill("{{7*7}} <b>typed</b>")
    page.keyboard.press("Enter")
    page.wait_for_timeout(2000)
    uploader = page.locator("[data-testid='stFileUploader']").filter(has_text="lat/lon").locator("input[type=file]")
    uploader.set_input_files(files=[{"name": "../../{{7*7}}<img src=x onerror=alert(14)>.csv", "mimeType": "text/csv",
                                     "buffer": f"lat,lon,name\n34.95,37.2,{PAYLOADS[2]}\n".encode()}])
    page.wait_for_function("""() => [...document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')]
        .some(f => f.contentDocument && f.contentDocument.querySelector(".geo-legend") &&
              f.contentDocument.querySelector(".geo-legend").innerText.includes("{{7*7}} <b>typed</b>"))""",
                           timeout=90_000)
    _idle(page)
    frame = next(f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached()
                 and "{{7*7}} <b>typed</b>" in f.evaluate("() => document.body.innerText"))
    seen = frame.evaluate(OPEN_EVERYTHING)
    text = "\n".join(seen["texts"])
    assert "{{7*7}} <b>typed</b>" in text and PAYLOADS[2] in text and "49" not in text
    assert not (tmp_path.parent / "{{7*7}}<img src=x onerror=alert(14)>.csv").exists()
    page.screenshot(path=SHOTS / "hostile-files.png")
    assert page.dialogs == [] and page.outside == [] and page.errors == []
