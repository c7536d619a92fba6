"""geo.render.assets and geo.io.topojson: vendored web files, the offline basemap, offline folium maps (no network)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import folium
import folium.plugins
import pytest
from shapely.geometry import LinearRing, Point, shape

from geo.render.assets import (
    VENDOR_FILES,
    apply_offline,
    main,
    build_vendor,
    offline_links,
    unlocalised_links,
    write_basemap,
)
from geo.errors import AssetsMissingError

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
needs_npm = pytest.mark.skipif(
    not NODE_MODULES.is_dir(), reason="node_modules/ missing: run `npm ci` in the project root"
)
needs_world_atlas = pytest.mark.skipif(
    not (NODE_MODULES / "world-atlas").is_dir(), reason="node_modules/world-atlas missing: run `npm ci`"
)
REMOTE_URL = re.compile(r"""(?:https?:)?//[^\s"'<>)]+""")


BOSPHORUS = Point(29.0347, 41.0458)  # (lon, lat), mid-channel off Istanbul


def _write_basemap(tmp_path_factory, **settings) -> dict:
    if not (NODE_MODULES / "world-atlas").is_dir():
        pytest.skip("node_modules/world-atlas missing: run `npm ci` in the project root")
    path = write_basemap(out_path=tmp_path_factory.mktemp("basemap") / "countries.geo.json", **settings)
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def basemap(tmp_path_factory) -> dict:
    return _write_basemap(tmp_path_factory)


@pytest.fixture(scope="module")
def basemap_50m(tmp_path_factory) -> dict:
    return _write_basemap(tmp_path_factory, resolution="50m")


def polygons(feature: dict) -> list:
    geometry = feature["geometry"]
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def country(basemap: dict, name: str) -> dict:
    [feature] = [f for f in basemap["features"] if f["properties"]["name"] == name]
    return feature


def offline_map() -> folium.Map:
    m = folium.Map(location=[34.72, 36.72], zoom_start=6, tiles=None)
    folium.Marker(
        [34.72, 36.72], popup=folium.Popup("Homs"), icon=folium.Icon(icon="info", prefix="fa")
    ).add_to(m)
    folium.LayerControl().add_to(m)
    return m


@needs_npm
def test_build_vendor_copies_every_listed_file(tmp_path):
    written = build_vendor(node_modules=NODE_MODULES, out_dir=tmp_path)

    assert all(path.is_file() and path.stat().st_size > 0 for path in written)
    for f in VENDOR_FILES:
        source, target = NODE_MODULES / f.package / f.source, tmp_path / f.target
        if source.is_dir():
            wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
            assert {p.relative_to(target) for p in target.rglob("*") if p.is_file()} == wanted
        else:
            assert target.read_bytes() == source.read_bytes()


@needs_npm
def test_vendored_css_finds_its_fonts_and_images(tmp_path):
    build_vendor(node_modules=NODE_MODULES, out_dir=tmp_path)

    for css in tmp_path.rglob("*.css"):
        for url in re.findall(r"url\(['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if not url.startswith(("data:", "#")):
                assert (css.parent / url).is_file(), f"{css.name} points at missing {url}"


@needs_npm
def test_every_offline_link_points_at_a_built_file(tmp_path):
    build_vendor(node_modules=NODE_MODULES, out_dir=tmp_path)
    js, css = offline_links(base_url="/vendor")

    for _, url in js + css:
        assert (tmp_path / url.removeprefix("/vendor/")).is_file(), url


def test_build_vendor_names_the_missing_package_and_says_npm_ci(tmp_path):
    node_modules = tmp_path / "node_modules"
    for f in VENDOR_FILES:
        if f.package != "leaflet":
            (node_modules / f.package / f.source).parent.mkdir(parents=True, exist_ok=True)
            (node_modules / f.package / f.source).write_text("x")

    with pytest.raises(AssetsMissingError, match=r"npm ci") as caught:
        build_vendor(node_modules=node_modules, out_dir=tmp_path / "vendor")

    assert str(node_modules / "leaflet") in str(caught.value)
    assert "jquery" not in str(caught.value)
    assert not (tmp_path / "vendor").exists()


def test_offline_links_have_folium_names_without_glyphicons():
    js, css = offline_links(base_url="/app/static/vendor/")

    assert [n for n, _ in js] == [n for n, _ in folium.Map.default_js]
    assert [n for n, _ in css] == [n for n, _ in folium.Map.default_css if n != "glyphicons_css"]
    assert all(url.startswith("/app/static/vendor/") and "//" not in url for _, url in js + css)


# Two unit squares side by side, quantized: x = 10 + 0.5 q, y = 20 + 0.25 q. Arc 0 is their
# shared edge, walked upwards by the left square and backwards (~0) by the right one.


def test_basemap_is_an_rfc7946_feature_collection(basemap):
    assert basemap["type"] == "FeatureCollection"
    assert "crs" not in basemap
    assert len(basemap["features"]) > 170
    for feature in basemap["features"]:
        assert set(feature["properties"]) == {"name", "iso_n3"}
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
        lon_min, lat_min, lon_max, lat_max = shape(feature["geometry"]).bounds
        assert -180 <= lon_min <= lon_max <= 180 and -90 <= lat_min <= lat_max <= 90
        for exterior, *holes in polygons(feature):  # RFC 7946 3.1.6: exteriors counterclockwise
            assert LinearRing(exterior).is_ccw and not any(LinearRing(hole).is_ccw for hole in holes)


def test_basemap_puts_homs_inside_syria(basemap):
    syria = country(basemap, "Syria")

    assert syria["properties"]["iso_n3"] == "760"  # ISO 3166-1 numeric
    assert shape(syria["geometry"]).contains(Point(36.72, 34.72))  # (lon, lat)


def test_basemap_has_the_countries_countryinfo_lacked(basemap):
    names = {f["properties"]["name"] for f in basemap["features"]}

    assert {"Hungary", "Serbia", "Montenegro", "Myanmar", "Palestine"} <= names
    assert {"Israel", "Lebanon", "Jordan", "Iraq", "Turkey"} <= names


@pytest.mark.parametrize("resolution", ["default", "50m"])
def test_basemap_keeps_the_bosphorus_open(resolution, basemap, basemap_50m):
    chosen = basemap if resolution == "default" else basemap_50m

    assert [f["properties"]["name"] for f in chosen["features"] if shape(f["geometry"]).contains(BOSPHORUS)] == []


def test_basemap_50m_adds_small_states(basemap, basemap_50m):
    names = {f["properties"]["name"] for f in basemap_50m["features"]}

    assert len(basemap_50m["features"]) > len(basemap["features"])
    assert {"Malta", "Singapore", "Bahrain", "Maldives", "Hungary", "Myanmar"} <= names
    assert shape(country(basemap_50m, "Syria")["geometry"]).contains(Point(36.72, 34.72))


@pytest.mark.parametrize("resolution", ["default", "50m"])
def test_basemap_draws_no_band_round_the_world(resolution, basemap, basemap_50m):
    chosen = basemap if resolution == "default" else basemap_50m

    for feature in chosen["features"]:
        for ring in (ring for polygon in polygons(feature) for ring in polygon):
            for (lon0, lat0), (lon1, lat1) in zip(ring, ring[1:]):
                along_a_pole = lat0 == lat1 and abs(lat0) > 89.9  # Antarctica's southern edge
                assert abs(lon1 - lon0) <= 180 or along_a_pole, (feature["properties"]["name"], lon0, lon1)
    sea = [Point(-100, -16.5), Point(0, 67)]  # at Fiji's and Chukotka's latitudes, far from both
    assert not any(shape(f["geometry"]).contains(p) for f in chosen["features"] for p in sea)
    for name in ("Russia", "Fiji"):  # cut at the antimeridian, so drawn on both edges of the map
        bounds = [shape({"type": "Polygon", "coordinates": p}).bounds for p in polygons(country(chosen, name))]
        assert any(lon_min == -180 for lon_min, *_ in bounds) and any(b[2] == 180 for b in bounds)
        assert all(lon_max - lon_min < 180 for lon_min, _, lon_max, _ in bounds)
    antarctica = shape(country(chosen, "Antarctica")["geometry"])
    assert antarctica.contains(Point(0, -85)) and antarctica.contains(Point(179.5, -85))


def test_basemap_names_the_missing_world_atlas_and_says_npm_ci(tmp_path):
    with pytest.raises(AssetsMissingError, match=r"npm ci") as caught:
        write_basemap(out_path=tmp_path / "vendor" / "countries.geo.json", node_modules=tmp_path / "node_modules")

    assert str(tmp_path / "node_modules" / "world-atlas" / "countries-110m.json") in str(caught.value)
    assert not (tmp_path / "vendor").exists()


def test_basemap_refuses_an_unknown_resolution(tmp_path):
    with pytest.raises(ValueError, match=r"Expected a resolution in \('110m', '50m'\), instead got: '10m'"):
        write_basemap(out_path=tmp_path / "countries.geo.json", resolution="10m")


@needs_world_atlas
def test_basemap_precision_rounds_coordinates(tmp_path):
    path = write_basemap(out_path=tmp_path / "coarse.geo.json", precision=1)

    numbers = re.findall(r"-?\d+\.\d+", path.read_text(encoding="utf-8"))
    assert numbers and all(len(n.split(".")[1]) <= 1 for n in numbers)


def test_apply_offline_leaves_no_remote_url_in_the_page():
    m = offline_map()
    m.get_root().render()  # an earlier render must not leave CDN links behind

    html = apply_offline(m, base_url="/app/static/vendor").get_root().render()

    assert REMOTE_URL.findall(html) == []
    assert "/app/static/vendor/leaflet/leaflet.js" in html
    assert "glyphicons" not in html


def test_apply_offline_tells_leaflet_where_its_default_marker_is():
    m = folium.Map(tiles=None)
    folium.Marker([34.72, 36.72]).add_to(m)

    html = apply_offline(m, base_url="/app/static/vendor").get_root().render()

    assert 'url("/app/static/vendor/leaflet/images/marker-icon.png")' in html


def test_apply_offline_gives_st_folium_only_local_links():
    m = apply_offline(offline_map())

    assert unlocalised_links(m) == []
    assert folium.Map.default_js[0][1].startswith("https://")  # the class is left alone


def test_apply_offline_refuses_a_plugin_it_has_no_copy_of():
    m = offline_map()
    folium.plugins.MarkerCluster().add_to(m)

    with pytest.raises(AssetsMissingError, match="markerclusterjs"):
        apply_offline(m)

    remote = unlocalised_links(apply_offline(m, strict=False))
    assert {name for name, _ in remote} == {"markerclusterjs", "markerclustercss", "markerclusterdefaultcss"}


def test_unlocalised_links_reports_remote_tiles():
    m = apply_offline(folium.Map(), strict=False)

    assert unlocalised_links(m) == [("openstreetmap", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")]


def test_cli_exits_2_and_says_npm_ci_when_node_modules_is_missing(tmp_path, caplog):
    code = main(["--node-modules", str(tmp_path / "none"), "--out-dir", str(tmp_path / "vendor")])

    assert code == 2
    assert "npm ci" in caplog.text
    assert not (tmp_path / "vendor").exists()


def test_cli_exits_2_and_says_npm_ci_when_world_atlas_is_missing(tmp_path, caplog):
    node_modules = tmp_path / "node_modules"  # every vendored file, but no world-atlas
    for f in VENDOR_FILES:
        (node_modules / f.package / f.source).parent.mkdir(parents=True, exist_ok=True)
        (node_modules / f.package / f.source).write_text("x")

    code = main(["--node-modules", str(node_modules), "--out-dir", str(tmp_path / "vendor")])

    assert code == 2
    assert "world-atlas" in caplog.text and "npm ci" in caplog.text
    assert not (tmp_path / "vendor" / "countries.geo.json").exists()


def test_basemap_winds_exteriors_counterclockwise_and_holes_clockwise(tmp_path):
    # A clockwise square round a counterclockwise hole, unquantized: arcs hold positions.
    topology = {
        "type": "Topology",
        "arcs": [[[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0], [1]], "id": "999", "properties": {"name": "Squareland"}},
        ]}},
    }
    source = tmp_path / "node_modules" / "world-atlas" / "countries-110m.json"
    source.parent.mkdir(parents=True)
    source.write_text(json.dumps(topology), encoding="utf-8")

    path = write_basemap(out_path=tmp_path / "countries.geo.json", node_modules=tmp_path / "node_modules")

    [feature] = json.loads(path.read_text(encoding="utf-8"))["features"]
    assert feature["properties"] == {"name": "Squareland", "iso_n3": "999"}
    exterior, hole = feature["geometry"]["coordinates"]
    assert exterior == [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    assert hole == [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]]
