"""The first screen as a newcomer opens it (issue 14): headless Chromium at 1400x900 on the sample,
offline. Screenshots of the first screen at 1400x900 and 1920x1080 go to test-output/."""

from __future__ import annotations

import io
import subprocess

import pytest
from PIL import Image

from .conftest import SAMPLE
from .offline_browser import SHOTS, offline_page
from .test_browser import _start

pytestmark = pytest.mark.browser

FOLIUM = 'iframe[title="streamlit_folium.st_folium"]'
CHART = ".geo-timeline svg"  # the timeline's chart (geo.render.timeline_chart.js)
# The map's view, read from the Leaflet map in the component's frame.
VIEW = """() => { const m = Object.values(window).find(v => v instanceof L.Map); const b = m.getBounds();
    const c = m.getCenter(); return {west: b.getWest(), east: b.getEast(), south: b.getSouth(), north: b.getNorth(),
    lat: c.lat, lon: c.lng, zoom: m.getZoom()}; }"""


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """One server for the module: the sample in a store of its own."""
    store = tmp_path_factory.mktemp("store") / "workspace.sqlite"
    server, url = _start(["--store", f"sqlite:///{store}", "--data", str(SAMPLE)])
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def _first_screen(page, url: str):
    """The page opened at ``url``, once the map has its markers and the page is idle; the map's frame.
    ``page.scripts`` lists the scripts it loaded."""
    page.scripts = []
    page.on("request", lambda request: request.resource_type == "script" and page.scripts.append(request.url))
    page.goto(url)
    # attached, not visible: the first marker may be one outside the first view (drawn, off screen)
    page.frame_locator(FOLIUM).locator("path.geo-marker").first.wait_for(state="attached", timeout=180_000)
    # The page's run has ended (the first of a new server stores the sample: slow on a busy machine).
    # The widget may stay for another reason: "File change. Rerun" when a file of the tree is edited.
    page.wait_for_function("""() => {
        const status = document.querySelector('[data-testid="stStatusWidget"]');
        return !status || !status.innerText.includes("Running");
    }""", timeout=180_000)
    page.mouse.move(5, 5)  # away from the map: nothing hovered
    page.wait_for_timeout(2000)
    return next(f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached())


def _map_frame(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url and not f.is_detached())


def test_the_first_screen_frames_syria_and_stays_quiet(app_url, sample):
    with offline_page(viewport={"width": 1400, "height": 900}) as page:
        frame = _first_screen(page, app_url)
        page.screenshot(path=SHOTS / "first-screen-1400x900.png")
        view = frame.evaluate(VIEW)
        assert view["east"] - view["west"] < 30
        syria = sample.frame[sample.frame["country"] == "SY"].geometry.representative_point()
        assert len(syria) > 10 and all(view["west"] <= p.x <= view["east"] and view["south"] <= p.y <= view["north"]
                                       for p in syria)
        assert not view["west"] <= -74.0 <= view["east"]  # New York: outside, and counted
        button = frame.locator(".geo-framing-button")
        assert button.inner_text() == "3 records outside this view · show all"
        # Quiet: no tooltip or popup open, no filter chip, no Deploy button, the legend folded.
        assert frame.locator(".leaflet-tooltip").count() == 0 and frame.locator(".leaflet-popup").count() == 0
        assert page.locator('[data-testid="stSidebar"] [data-baseweb="tag"]').count() == 0
        assert page.locator('[data-testid="stAppDeployButton"]').count() == 0
        assert page.get_by_role("button", name="Deploy").count() == 0
        assert frame.locator(".geo-legend.geo-folded").count() == 1
        assert frame.locator(".geo-fullscreen-button").count() == 1
        # Light: the timeline's chart is drawn without Vega (0.8 MB of script), the map without jQuery,
        # Bootstrap and awesome-markers (each a request before its markers, which st_folium makes in turn),
        # without the playback's plugin until its layer is switched on, and its outlines fetched, not in its script.
        assert not [url for url in page.scripts if "VegaLiteChart" in url or "/embed." in url]  # a loader of 1 kB stays
        loaded = [url.rsplit("/", 1)[1] for url in page.scripts if "/app/static/vendor/" in url]
        assert loaded == ["leaflet.js"], loaded
        assert frame.locator('path[fill="#eeeeea"]').count() > 150  # the countries, fetched
        frame.locator(".leaflet-control-layers").hover()
        frame.locator(".leaflet-control-layers-overlays label", has_text="Playback").locator("input").check()
        frame.locator(".leaflet-timeline-control").wait_for(state="visible", timeout=20_000)
        loaded = [url.rsplit("/", 1)[1] for url in page.scripts if "/app/static/vendor/" in url]
        assert sorted(loaded) == ["leaflet.js", "leaflet.timeline.js", "moment.min.js"], loaded  # now, on demand
        frame.locator(".leaflet-control-layers-overlays label", has_text="Playback").locator("input").uncheck()
        page.mouse.move(5, 5)
        assert page.locator(f"{CHART} rect.geo-bar").count() >= 3
        # The map is the largest element of the page.
        frame_box = page.locator(FOLIUM).bounding_box()
        for other in ('[data-testid="stDataFrame"]', CHART):
            box = page.locator(other).first.bounding_box()
            assert frame_box["width"] * frame_box["height"] > box["width"] * box["height"], other
        # A hover opens a tooltip (the check above could see one), "show all" zooms out to New York.
        frame.locator("path.geo-marker").first.dispatch_event("mouseover")  # markers overlap: no pointer
        frame.locator(".leaflet-tooltip").first.wait_for(timeout=10_000)
        button.click()
        page.wait_for_timeout(1000)
        everything = frame.evaluate(VIEW)
        assert everything["west"] <= -74.0 and everything["east"] >= 40.0
        assert button.inner_text() == "Back to the main area"
        frame.locator(".geo-legend-head").click()
        assert frame.locator(".geo-legend.geo-folded").count() == 0
        assert "Russia" in frame.locator(".geo-legend").inner_text()
        assert page.outside == [] and page.dialogs == [] and page.errors == []


CONFLICTS = {  # name: (outlet, published, text); eight Syrian places, then Ukraine, Mali and Nigeria
    "syria1": ("Reuters", "2015-10-01", "Russian jets bombed targets near Aleppo on Wednesday, killing 12 people."),
    "syria2": ("AP", "2015-10-03", "Syrian government forces shelled rebel positions in Homs on Friday."),
    "syria3": ("AFP", "2015-10-05", "Rebels attacked army checkpoints near Hama on Sunday."),
    "syria4": ("VOA", "2015-10-08", "Islamic State fighters attacked Kurdish forces near Raqqa on Wednesday."),
    "syria5": ("Reuters", "2015-10-10", "Russian aircraft struck Idlib on Friday, killing five civilians."),
    "syria6": ("AP", "2015-10-12", "Islamic State militants shelled Deir ez-Zor on Sunday."),
    "syria7": ("AFP", "2015-10-14", "Rebels fired rockets at Latakia on Tuesday."),
    "syria8": ("VOA", "2015-10-16", "Syrian army troops clashed with Islamic State fighters near Palmyra on Thursday."),
    "ukraine": ("Reuters", "2015-10-06", "Russian-backed separatists shelled Ukrainian positions near Donetsk on Monday."),
    "mali": ("AFP", "2015-10-09", "Jihadists attacked a UN peacekeeping camp near Kidal in Mali on Thursday."),
    "nigeria": ("AP", "2015-10-11", "Boko Haram militants attacked a village near Maiduguri on Saturday, killing 20."),
}


def test_reports_from_several_conflicts_open_on_the_main_one(tmp_path, tmp_path_factory, gazetteer, actors):
    from geo.pipeline import run

    for name, (outlet, published, text) in CONFLICTS.items():
        (tmp_path / f"{name}.txt").write_text(f"---\ntitle: {name}\noutlet: {outlet}\npublished: {published}\n---\n"
                                              f"{text}\n", encoding="utf-8")
    frame = run([tmp_path], gazetteer=gazetteer, actors=actors).frame
    points = frame.geometry.representative_point()
    syria = [p for p, country in zip(points, frame["country"]) if country == "SY"]
    others = [p for p, country in zip(points, frame["country"]) if country != "SY"]
    assert len(syria) == 8 and len(others) == 3
    store = tmp_path_factory.mktemp("store") / "workspace.sqlite"
    server, url = _start(["--store", f"sqlite:///{store}", "--data", str(tmp_path)])
    try:
        with offline_page(viewport={"width": 1400, "height": 900}) as page:
            view = _first_screen(page, url).evaluate(VIEW)
            page.screenshot(path=SHOTS / "first-screen-several-conflicts.png")
            inside = [view["west"] <= p.x <= view["east"] and view["south"] <= p.y <= view["north"] for p in syria]
            assert all(inside) and view["east"] - view["west"] < 30
            assert not any(view["west"] <= p.x <= view["east"] and view["south"] <= p.y <= view["north"]
                           for p in others)
            assert _map_frame(page).locator(".geo-framing-button").inner_text() == (
                "3 records outside this view · show all")
            assert page.outside == [] and page.errors == []
    finally:
        server.terminate()
        server.wait(timeout=10)


def _with_homs_province(sample, folder) -> tuple[object, object]:
    """A records file of the sample and one more position, at Homs province (east of Homs city, in the
    desert): (the frame, the file's path)."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    from geo.io.export import to_geojson_bytes

    positions = sample.frame[(sample.frame["kind"] == "position") & (sample.frame["country"] == "SY")]
    extra = positions.iloc[[0]].copy()
    extra["record_id"], extra["place"], extra["geo_precision"] = "homs-province", "Homs", "province"
    extra["geometry"] = [shapely.Point(38.1425, 34.1503)]
    frame = gpd.GeoDataFrame(pd.concat([sample.frame, extra], ignore_index=True), geometry="geometry",
                             crs="EPSG:4326")
    path = folder / "sample-and-homs-province.geojson"
    path.write_bytes(to_geojson_bytes(frame))
    return frame, path


# Every record's marker drawn inside the map's view (Leaflet draws a marker outside it as "M0 0").
ALL_DRAWN = """() => { const b = window.map.getBounds(); const out = [];
    window.map.eachLayer(l => { if (l instanceof L.CircleMarker && l.options.className &&
        l.options.className.includes("geo-marker") && !b.contains(l.getLatLng())) out.push(l.options.className); });
    return out; }"""


def test_show_all_holds_every_record_though_pressed_during_a_zoom(sample, tmp_path):
    """The sample and one more record (a position at Homs province): "show all", pressed while the map
    is still zooming (as it settles, or after a turn of the wheel), shows every record, the Bosphorus
    transit among them, and the button says so only while they are all in view."""
    frame, path = _with_homs_province(sample, tmp_path)
    transit = frame.loc[frame["event_type"] == "transit", "record_id"].iloc[0]
    server, url = _start(["--records", str(path)])
    try:
        with offline_page(viewport={"width": 1400, "height": 900}) as page:
            frame_ = _first_screen(page, url)
            button = frame_.locator(".geo-framing-button")
            assert button.inner_text() == "3 records outside this view · show all"
            # A zoom starts; the button is pressed while Leaflet animates it.
            frame_.evaluate("""() => { window.map.once("zoomanim", () => { window.pressed = true;
                document.querySelector(".geo-framing-button").click(); }); window.map.zoomOut(); }""")
            frame_.wait_for_function("() => window.pressed && !window.map._animatingZoom", polling=100,
                                     timeout=20_000)
            page.wait_for_timeout(1000)  # a zoom that waited for the animation's end
            view = frame_.evaluate(VIEW)
            assert view["west"] <= -74.0 and view["east"] >= 40.0 and view["north"] >= 49.0  # New York, Ukraine
            assert frame_.evaluate(ALL_DRAWN) == []
            assert frame_.locator(f"path.geo-rec-{transit}").get_attribute("d") != "M0 0"
            assert button.inner_text() == "Back to the main area"
            # Zoomed in by hand, the records are no longer all in view: the button offers them again.
            frame_.evaluate("() => window.map.setZoom(window.map.getZoom() + 2, {animate: false})")
            assert button.inner_text() == "3 records outside this view · show all"
            button.click()
            frame_.wait_for_function("() => !window.map._animatingZoom && window.map.getZoom() <= 3",
                                     polling=100, timeout=20_000)
            assert frame_.evaluate(ALL_DRAWN) == []
            button.click()  # back to Syria
            frame_.wait_for_function("() => window.map.getZoom() >= 6", polling=100, timeout=20_000)
            back = frame_.evaluate(VIEW)
            assert back["east"] - back["west"] < 30 and button.inner_text().endswith("show all")
            assert page.outside == [] and page.errors == []
    finally:
        server.terminate()
        server.wait(timeout=10)


# Where a place is drawn, in the page's pixels: the map's container point plus the frames' offsets.
ON_PAGE = """([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);
    const box = window.map.getContainer().getBoundingClientRect(); return [box.left + p.x, box.top + p.y]; }"""
# The dashed rings of records located only to a province or a country, and the panes they and the markers are in.
RINGS = """() => { const z = path => Number(getComputedStyle(path.closest(".leaflet-pane")).zIndex);
    const rings = [...document.querySelectorAll('path[stroke-dasharray="4 4"]:not(.geo-marker)')];
    const markers = [...document.querySelectorAll("path.geo-marker")];
    const land = [...document.querySelectorAll('path[fill="#eeeeea"]')];  // the offline basemap's countries
    return {rings: rings.length, ringPanes: rings.map(z), markerPanes: markers.map(z), landPanes: land.map(z),
            filled: rings.filter(r => r.getAttribute("fill") !== "none").length}; }"""


def test_a_countrys_ring_does_not_cover_the_main_view(app_url, sample):
    """The sample's records located only to 'Syria' are ringed by 200 km round the middle of the first
    view: the rings are drawn as outlines under the markers and over the basemap's opaque land, the
    land inside them keeps the basemap's colour, and a marker inside them takes its click."""
    with offline_page(viewport={"width": 1400, "height": 900}) as page:
        frame = _first_screen(page, app_url)
        rings = frame.evaluate(RINGS)
        assert rings["rings"] >= 1 and rings["filled"] == 0
        assert max(rings["ringPanes"]) < min(rings["markerPanes"])  # every ring under every marker ...
        assert rings["landPanes"] and min(rings["ringPanes"]) > max(rings["landPanes"])  # ... over the land
        offset = page.locator(FOLIUM).bounding_box()
        shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
        # The desert 80 km south-east of the rings' centre (38 E, 35 N): no marker, the land's colour.
        x, y = frame.evaluate(ON_PAGE, [34.4, 38.5])
        colour = shot.getpixel((round(offset["x"] + x), round(offset["y"] + y)))
        assert all(abs(a - b) <= 6 for a, b in zip(colour, (0xEE, 0xEE, 0xEA))), colour
        # Aleppo, 150 km from the rings' centre: a real click on its marker opens its popup.
        x, y = frame.evaluate(ON_PAGE, [36.2012, 37.1612])
        page.mouse.click(offset["x"] + x, offset["y"] + y)
        popup = frame.locator(".leaflet-popup-content")
        popup.wait_for(timeout=10_000)
        assert "Aleppo" in popup.inner_text()
        page.screenshot(path=SHOTS / "first-screen-rings.png")
        assert page.outside == [] and page.errors == []


def test_the_first_screen_at_1920x1080(app_url):
    with offline_page(viewport={"width": 1920, "height": 1080}) as page:
        frame = _first_screen(page, app_url)
        page.screenshot(path=SHOTS / "first-screen-1920x1080.png")
        view = frame.evaluate(VIEW)
        assert view["east"] - view["west"] < 30
        box = page.locator(FOLIUM).bounding_box()
        assert box["y"] + box["height"] <= 1080  # the whole map on the first screen
        assert page.outside == [] and page.errors == []


def test_a_row_click_zooms_the_map_to_its_record_and_lists_its_sources(app_url, sample):
    with offline_page(viewport={"width": 1400, "height": 900}) as page:
        frame = _first_screen(page, app_url)
        before = frame.evaluate(VIEW)
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.scroll_into_view_if_needed()
        cell = grid.locator("td[role=gridcell]", has_text="Homs").first  # the accessible copy of the grid
        row = int(cell.get_attribute("id").rsplit("-", 1)[1])  # glide-cell-<column>-<row>
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 15, box["y"] + 35 * (row + 1) + 17)  # the row's selection box
        heading = page.get_by_text("Sources of record")
        heading.wait_for(timeout=60_000)
        record = heading.inner_text().rsplit(" ", 1)[1]
        place = sample.frame.loc[sample.frame["record_id"] == record, "place"].iloc[0]
        assert place == "Homs"
        page.wait_for_function(f"""() => [...document.querySelectorAll('{FOLIUM}')].some(f => f.contentWindow &&
            Object.values(f.contentWindow).some(v => v instanceof f.contentWindow.L.Map && v.getZoom() > {before["zoom"]}))""",
                               timeout=60_000)
        after = _map_frame(page).evaluate(VIEW)
        assert abs(after["lat"] - 34.72) < 0.1 and abs(after["lon"] - 36.72) < 0.1 and after["zoom"] == 9
        page.wait_for_timeout(1000)  # the map redrawn round its new centre
        page.screenshot(path=SHOTS / "first-screen-row-picked.png")
        assert page.outside == [] and page.errors == []


def test_a_brush_on_the_timeline_sets_the_dates_and_the_url(app_url):
    with offline_page(viewport={"width": 1400, "height": 900}) as page:
        _first_screen(page, app_url)
        assert "start=" not in page.url and "end=" not in page.url
        chart = page.locator(CHART).first
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        plot = chart.bounding_box()
        y = plot["y"] + plot["height"] / 2
        # The sample's events are on 28 and 30 September and 24 November: brush the September end.
        page.mouse.move(plot["x"] + plot["width"] * 0.08, y)
        page.mouse.down()
        page.mouse.move(plot["x"] + plot["width"] * 0.3, y, steps=10)
        page.mouse.up()
        page.wait_for_url(lambda url: "start=" in url and "end=" in url, timeout=60_000)
        start = page.url.split("start=")[1].split("&")[0]
        end = page.url.split("end=")[1].split("&")[0]
        assert "2015-09-01" <= start <= end < "2015-11-24"
        # The sidebar's "Event dates" shows the brushed days.
        dates = page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"]').filter(has_text="Event dates")
        page.wait_for_function("""([element, start, end]) => {
            const values = [...element.querySelectorAll("input")].map(i => i.value + " " + i.getAttribute("value"));
            const text = values.join(" ") + " " + element.innerText;
            return text.includes(start) && text.includes(end) ||
                   text.includes(start.replaceAll("-", "/")) && text.includes(end.replaceAll("-", "/"));
        }""", arg=[dates.element_handle(), start, end], timeout=30_000)
        page.get_by_role("button", name="Show every date").wait_for(timeout=30_000)
        page.screenshot(path=SHOTS / "first-screen-brushed.png")
        assert page.outside == [] and page.errors == []
