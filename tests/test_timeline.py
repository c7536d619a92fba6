"""geo.render.timeline: the playback layer and its slider, offline and escaped; one run in Chromium."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import re
import threading

import folium
import geopandas as gpd
import pytest
from shapely.geometry import Point, Polygon

from geo.render.assets import DEFAULT_BASE_URL, build_vendor, unlocalised_links
from geo.errors import InputError
from geo.frame import combine
from geo.render.html import esc
from geo.render.timeline import UNKNOWN_COLOUR, add_timeline, period, timeline_features

from .conftest import ROOT
from .offline_browser import SHOTS, offline_page

NODE_MODULES = ROOT / "node_modules"
XSS = ["<img src=x onerror=alert(1)>", "${alert(1)}", "`"]


def record(record_id: str, **values) -> dict:
    row = {"record_id": record_id, "kind": "event", "event_type": "air strike", "actor": "Russia",
           "actor2": None, "event_date": "2015-09-30", "date_precision": "day", "place": "Homs",
           "geometry": Point(36.72, 34.72)}  # (lon, lat)
    return row | values


def frame(*rows: dict) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(list(rows), geometry="geometry", crs="EPSG:4326")


def timeline_map(records: gpd.GeoDataFrame, colours: dict[str, str] | None = None, **settings) -> folium.Map:
    m = folium.Map(location=[34.7, 36.7], zoom_start=6, tiles=None)
    folium.FeatureGroup(name="Events").add_to(m)
    folium.LayerControl().add_to(m)  # before the timeline, as geo.render.webmap.build_map leaves it
    assert add_timeline(m, records, colours or {"Russia": "#D55E00"}, **settings) is m
    return m


def drawn_features(html: str) -> list[dict]:
    """The features of the page's L.timeline(...) call (a variable the page sets before it)."""
    assert html.count("L.timeline(") == 1
    name = re.search(r"L\.timeline\(\s*(\w+),", html).group(1)
    start = html.index(f"var {name} = ") + len(f"var {name} = ")
    data, _ = json.JSONDecoder().raw_decode(html[start:])
    assert start < html.index("L.timeline(")
    return data["features"]


MIXED = frame(
    record("day"),
    record("week", event_date="2015-09-12", date_precision="week", place="Bosphorus",
           geometry=Point(29.03, 41.05)),
    record("month", event_date="2015-09-01", date_precision="month", actor="Islamic State"),
    record("area", event_date="2015-09-28", geometry=Polygon([(38, 35), (39, 35), (39, 36), (38, 36)])),
    record("undated", event_date=None, date_precision="unknown"),
    record("nowhere", geometry=None),
)


@pytest.mark.parametrize(
    ("date", "precision", "end"),
    [
        ("2015-09-30", "day", "2015-10-01"),
        ("2015-09-28", "week", "2015-10-05"),
        ("2015-12-29", "week", "2016-01-05"),
        ("2015-09-01", "month", "2015-10-01"),
        ("2016-02-01", "month", "2016-03-01"),
        ("2015-12-01", "month", "2016-01-01"),
        ("2015-01-31", "month", "2015-02-28"),  # "the month starting at" a 31st
        ("2015-01-01", "year", "2016-01-01"),
        ("2015-09-30", "unknown", "2015-10-01"),
    ],
)
def test_period_is_the_days_a_date_stands_for(date, precision, end):
    assert period(date, precision) == (dt.date.fromisoformat(date), dt.date.fromisoformat(end))


def test_period_says_what_it_expected():
    with pytest.raises(InputError, match=r"Expected an event date as 'YYYY-MM-DD', instead got: '30/09/2015'"):
        period("30/09/2015", "day")
    with pytest.raises(InputError, match=r"instead got: 'decade'"):
        period("2015-09-30", "decade")


def test_one_feature_per_dated_located_record_with_its_period():
    features = drawn_features(timeline_map(MIXED).get_root().render())

    spans = {f["properties"]["record_id"]: (f["properties"]["start"], f["properties"]["end"]) for f in features}
    assert spans == {
        "day": ("2015-09-30", "2015-10-01"),
        "week": ("2015-09-12", "2015-09-19"),  # seven days
        "month": ("2015-09-01", "2015-10-01"),
        "area": ("2015-09-28", "2015-09-29"),
    }
    assert all(f["properties"]["endExclusive"] is True for f in features)
    by_id = {f["properties"]["record_id"]: f for f in features}
    assert by_id["week"]["geometry"] == {"type": "Point", "coordinates": [29.03, 41.05]}  # (lon, lat)
    assert Polygon([(38, 35), (39, 35), (39, 36), (38, 36)]).contains(Point(by_id["area"]["geometry"]["coordinates"]))


def test_markers_are_coloured_by_actor_and_unknown_actors_grey():
    features = timeline_features(MIXED, {"Russia": "#D55E00"})

    colours = {f["properties"]["record_id"]: f["properties"]["colour"] for f in features}
    assert colours == {"day": "#D55E00", "week": "#D55E00", "month": UNKNOWN_COLOUR, "area": "#D55E00"}


def test_tooltip_and_popup_say_type_actor_date_and_place():
    [feature] = timeline_features(frame(record("week", event_date="2015-09-12", date_precision="week",
                                               event_type="transit", place="Bosphorus")), {})

    assert feature["properties"]["tooltip"] == "transit · Russia · 2015-09-12 (week) · Bosphorus"
    popup = feature["properties"]["popup"]
    assert all(text in popup for text in ("transit", "Russia", "2015-09-12 (week)", "Bosphorus"))


def test_the_page_has_the_layer_and_its_slider_and_only_local_scripts():
    m = timeline_map(MIXED)
    html = m.get_root().render()

    assert "L.timeline(" in html and "L.timelineSliderControl(" in html
    slider = re.search(r"var (timeline_slider_\w+) = L\.timelineSliderControl", html).group(1)
    layer = re.search(r"var (timeline_\w+) = L\.timeline\(", html).group(1)
    assert f"{slider}.addTimelines({layer})" in html
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert f"{DEFAULT_BASE_URL}/leaflet.timeline/leaflet.timeline.js" in scripts
    assert f"{DEFAULT_BASE_URL}/moment/moment.min.js" in scripts
    assert all(src.startswith(f"{DEFAULT_BASE_URL}/") for src in scripts)
    assert unlocalised_links(m) == []


def test_with_online_tiles_only_the_tile_layer_is_remote():
    m = folium.Map()  # OpenStreetMap tiles
    add_timeline(m, MIXED, {})

    assert unlocalised_links(m) == [("openstreetmap", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")]


def test_the_layer_is_a_toggle_that_starts_off():
    html = timeline_map(MIXED).get_root().render()

    layer = re.search(r"var (timeline_\w+) = L\.timeline\(", html).group(1)
    assert re.search(rf'"Playback" : {layer},', html)  # listed in the LayerControl
    assert f"{layer}.addTo(" not in html  # ... and not on the map
    assert html.index("L.control.layers(") > html.index("L.timeline(")  # Leaflet needs the layer first
    shown = timeline_map(MIXED, show=True).get_root().render()
    assert re.search(r"timeline_\w+\.addTo\(map_\w+\)", shown)


def test_on_demand_the_page_loads_the_plugin_only_when_the_layer_is_switched_on():
    m = timeline_map(MIXED, on_demand=True)
    html = m.get_root().render()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert not any("timeline" in src or "moment" in src for src in scripts)  # not with the page ...
    layer = re.search(r"var (on_demand_playback_\w+) = L\.layerGroup\(\)", html).group(1)
    assert re.search(rf'"Playback" : {layer},', html)  # ... listed in the LayerControl, off
    assert f"{layer}.addTo(" not in html and html.index("L.control.layers(") > html.index(layer)
    assert (f'["{DEFAULT_BASE_URL}/leaflet.timeline/leaflet.timeline.js","{DEFAULT_BASE_URL}/moment/moment.min.js"]'
            in html)  # ... but when it is switched on, from our copies
    assert {f["properties"]["record_id"] for f in drawn_features_of(html)} == set(MIXED["record_id"]) - {"undated", "nowhere"}
    assert unlocalised_links(m) == []


def drawn_features_of(html: str) -> list[dict]:
    """The features an on-demand playback layer draws (the variable passed to its loader)."""
    name = re.search(r"\}\)\(on_demand_playback_\w+, map_\w+, (\w+),", html).group(1)
    start = html.index(f"var {name} = ") + len(f"var {name} = ")
    return json.JSONDecoder().raw_decode(html[start:])[0]["features"]


def test_vendored_plugin_files_are_the_ones_the_page_links(tmp_path):
    if not NODE_MODULES.is_dir():
        pytest.skip("node_modules/ missing: run `npm ci` in the project root")
    build_vendor(node_modules=NODE_MODULES, out_dir=tmp_path)
    m = timeline_map(MIXED, base_url="/vendor")

    scripts = re.findall(r'<script src="([^"]+)"', m.get_root().render())
    assert "/vendor/leaflet.timeline/leaflet.timeline.js" in scripts
    for src in scripts:
        assert (tmp_path / src.removeprefix("/vendor/")).is_file(), src


def test_nothing_is_added_when_no_record_is_dated():
    m = folium.Map(tiles=None)
    before = list(m._children)

    undated = frame(record("a", event_date=None, date_precision="unknown"),
                    record("b", event_date=float("nan"), date_precision="unknown"))
    assert add_timeline(m, undated, {}) is None
    assert list(m._children) == before
    assert "L.timeline" not in m.get_root().render()


def test_report_text_reaches_the_page_only_escaped():
    payload = " ".join(XSS)
    records = frame(record("xss", actor=payload, actor2=payload, place=payload, event_type=payload))
    html = timeline_map(records, {payload: "#0072B2"}).get_root().render()

    [feature] = drawn_features(html)
    assert feature["properties"]["colour"] == "#0072B2"
    for text in (feature["properties"]["tooltip"], feature["properties"]["popup"]):
        assert esc(payload) in text
        assert not any(raw in text for raw in XSS)  # no <img, no ${, no backtick
    for raw in XSS[:2]:
        assert raw not in html
        assert raw.replace("<", "\\u003c").replace(">", "\\u003e") not in html  # not even as JSON escapes
    assert "`" not in html  # this page has no template literal of its own either


# --- In Chromium ------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def served(tmp_path):
    """served(html) puts the page at /map.html next to /app/static/vendor and returns its URL."""
    vendor = ROOT / "static" / "vendor"
    if not all((vendor / name).is_file() for name in ("leaflet.timeline/leaflet.timeline.js", "countries.geo.json")):
        pytest.fail(f"expected the vendored files in {vendor}: run `python -m geo.render.assets`")
    (tmp_path / "app" / "static").mkdir(parents=True)
    (tmp_path / "app" / "static" / "vendor").symlink_to(vendor, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(html: str) -> str:
        (tmp_path / "map.html").write_text(html, encoding="utf-8")
        return f"http://127.0.0.1:{server.server_address[1]}/map.html"

    yield serve
    server.shutdown()
    server.server_close()


@pytest.fixture()
def west_page():
    """A page in New York time, where UTC midnight is the evening before."""
    with offline_page(viewport={"width": 1200, "height": 800}, timezone_id="America/New_York") as page:
        yield page


_SLIDE = """(time) => {
    const slider = document.querySelector(".leaflet-timeline-control input.time-slider");
    slider.value = String(time);
    slider.dispatchEvent(new Event("input", {bubbles: true}));
    slider.dispatchEvent(new Event("change", {bubbles: true}));
    return [document.querySelectorAll("path.geo-timeline-marker").length,
            document.querySelector(".leaflet-timeline-control output.time-text").textContent];
}"""


def _utc_ms(day: str) -> int:
    return int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.timezone.utc).timestamp() * 1000)


@pytest.mark.browser
@pytest.mark.parametrize("on_demand", [False, True], ids=["with the page", "on demand"])
def test_the_slider_plays_the_records_back_in_chromium(west_page, served, sample, on_demand):
    page = west_page
    payload = " ".join(XSS)
    xss = frame(record("xss", actor=payload, place=payload, event_date="2015-08-15", date_precision="day"))
    records = combine(sample.frame, xss)
    m = folium.Map(location=[35, 36], zoom_start=5, tiles=None, prefer_canvas=False)
    basemap = json.loads((ROOT / "static" / "vendor" / "countries.geo.json").read_text(encoding="utf-8"))
    folium.GeoJson(basemap, name="Countries", interactive=False,
                   style_function=lambda _: {"color": "#777777", "weight": 0.8, "fillColor": "#eeeeea"}).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    add_timeline(m, records, {"Russia": "#D55E00", payload: "#0072B2"}, on_demand=on_demand)
    features = timeline_features(records, {})
    page.goto(served(m.get_root().render()))

    control = page.locator(".leaflet-timeline-control")
    if on_demand:  # nothing of the plugin until the layer is switched on
        page.locator(".leaflet-control-layers-overlays label", has_text="Playback").wait_for(timeout=30_000)
        assert page.evaluate("() => typeof L.timeline") == "undefined" and control.count() == 0
    else:
        control.wait_for(state="attached", timeout=30_000)
    assert not control.is_visible()  # the layer starts off, and its slider with it
    assert page.locator("path.geo-timeline-marker").count() == 0
    page.locator(".leaflet-control-layers-overlays label", has_text="Playback").locator("input").check()
    control.wait_for(state="visible", timeout=10_000)

    def on(day: str) -> int:
        time = _utc_ms(day)
        return sum(_utc_ms(f["properties"]["start"]) <= time < _utc_ms(f["properties"]["end"]) for f in features)

    seen = {}
    for day in sorted({f["properties"]["start"] for f in features}):
        drawn, label = page.evaluate(_SLIDE, _utc_ms(day))
        assert (drawn, label) == (on(day), day)  # the label is the UTC day, even in New York
        seen[day] = drawn
    assert len(set(seen.values())) > 1  # moving the slider changes what is drawn
    last_day = dt.date.fromisoformat(max(f["properties"]["end"] for f in features)) - dt.timedelta(days=1)
    at_end = page.evaluate("""() => document.querySelector(".leaflet-timeline-control input.time-slider").max""")
    assert int(at_end) == _utc_ms(last_day.isoformat())
    assert page.evaluate(_SLIDE, int(at_end)) == [on(last_day.isoformat()), last_day.isoformat()]
    assert on(last_day.isoformat()) > 0  # playback ends on the last day, not on an empty map
    assert seen["2015-08-15"] == 1  # the XSS record alone

    assert page.evaluate(_SLIDE, _utc_ms("2015-08-15"))[0] == 1
    page.locator("path.geo-timeline-marker").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert popup.inner_text().count(payload) == 2  # the actor and the place, as text
    assert page.locator('img[src="x"]').count() == 0

    page.locator(".leaflet-timeline-control button.play").click()  # playback moves the slider on
    page.wait_for_function("""() => document.querySelector(".leaflet-timeline-control input.time-slider")
        .valueAsNumber > %d""" % _utc_ms("2015-08-15"), timeout=10_000)
    page.locator(".leaflet-timeline-control button.pause").click()
    page.evaluate(_SLIDE, _utc_ms("2015-09-30"))
    page.wait_for_timeout(300)
    page.screenshot(path=SHOTS / "timeline.png")
    page.locator(".leaflet-control-layers-overlays label", has_text="Playback").locator("input").uncheck()
    assert not control.is_visible()
    assert page.locator("path.geo-timeline-marker").count() == 0
    assert page.errors == []
    assert page.dialogs == []
    assert page.outside == []
