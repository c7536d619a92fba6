import io
import json
import os

import geopandas as gpd
import pytest
from shapely.geometry import Point, Polygon

from geo.errors import InputError
from geo.io.positions import (MAX_POSITION_VERTICES, MAX_POSITIONS_BYTES, LoadedPositions, load_positions,
                           read_positions)


def _collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geometry} for props, geometry in features]}).encode()


def _point(lon, lat):
    return {"type": "Point", "coordinates": [lon, lat]}


def test_csv_rows_with_bad_coordinates_are_dropped_and_counted_with_their_rows():
    data = ("actor,lat,lon,name\n"
            "Islamic State,34.95,37.2,East of Homs\n"  # row 2
            "Islamic State,999,37.2,far\n"  # row 3
            "Islamic State,,37.2,empty\n"  # row 4
            "Islamic State,91,37.2,pole\n"  # row 5
            "Islamic State,inf,37.2,infinite\n"  # row 6
            "Islamic State,35,181,east\n"  # row 7
            ",35,36,nobody\n").encode()  # row 8
    loaded = read_positions(data, name="is.csv")
    assert isinstance(loaded, LoadedPositions)
    assert list(loaded.frame["place"]) == ["East of Homs"]
    assert (loaded.frame.geometry.iloc[0].x, loaded.frame.geometry.iloc[0].y) == (37.2, 34.95)
    warnings = "\n".join(loaded.warnings)
    assert "2 of 7 rows dropped: latitude outside -90..90 (rows 3, 5)" in warnings
    assert "1 of 7 rows dropped: no latitude number (rows 4)" in warnings
    assert "latitude not finite (rows 6)" in warnings
    assert "longitude outside -180..180 (rows 7)" in warnings
    assert "no actor (rows 8)" in warnings
    assert all(w.startswith("is.csv: ") for w in loaded.warnings)


def test_every_vertex_of_every_geojson_geometry_is_checked():
    data = _collection(
        ({"actor": "A", "name": "ok"}, _point(37.2, 34.95)),
        ({"actor": "A", "name": "bad corner"},
         {"type": "Polygon", "coordinates": [[[36, 34], [37, 34], [37, 95], [36, 34]]]}),
        ({"actor": "A", "name": "nowhere"}, None),
        ({"actor": "A", "name": "east"}, _point(200, 10)),
    )
    loaded = read_positions(data, name="areas.geojson")
    assert list(loaded.frame["place"]) == ["ok"]
    warnings = "\n".join(loaded.warnings)
    assert "1 of 4 features dropped: latitude outside -90..90 (features 2)" in warnings
    assert "no geometry, or one that is not valid (features 3)" in warnings
    assert "longitude outside -180..180 (features 4)" in warnings


def test_all_rows_bad_is_an_error_that_says_why():
    with pytest.raises(InputError, match=r"expected at least one usable row.*latitude outside -90\.\.90"):
        read_positions(b"lat,lon\n999,999\n", name="p.csv", actor="X")
    with pytest.raises(InputError, match="at least one usable row"):
        read_positions(b"lat,lon\n", name="p.csv", actor="X")


def test_geopackage_in_another_crs_is_reprojected_then_checked(tmp_path):
    frame = gpd.GeoDataFrame({"actor": ["A", "B"], "name": ["Homs", "off the map"]},
                             geometry=[Point(37.2, 34.95), Point(37.2, 34.95)], crs="EPSG:4326").to_crs(32637)
    frame.loc[1, "geometry"] = Point(1e9, 1e9)  # UTM 37N: far off the earth, infinite in lon/lat
    path = tmp_path / "p.gpkg"
    frame.to_file(path, driver="GPKG", engine="pyogrio")
    loaded = read_positions(path.read_bytes(), name="upload.gpkg")
    assert list(loaded.frame["actor"]) == ["A"]
    point = loaded.frame.geometry.iloc[0]
    assert point.x == pytest.approx(37.2) and point.y == pytest.approx(34.95)
    assert loaded.warnings == ["upload.gpkg: 1 of 2 features dropped: a coordinate not finite (features 2)"]


def test_the_client_name_is_never_a_path_and_never_leaves_its_folders(tmp_path):
    data = _collection(({"actor": "A"}, _point(37.2, 34.95)))
    for name in ("../../../x.geojson", "/etc/x.geojson", "..\\..\\x.geojson"):
        loaded = read_positions(data, name=name)
        assert loaded.frame["sources"].iloc[0][0]["report"] == "x.geojson"
        assert loaded.frame["record_id"].iloc[0] == "file-x-0"
    assert not (tmp_path.parent / "x.geojson").exists() and not os.path.exists("/etc/x.geojson")


def test_error_messages_name_the_upload_not_a_server_temporary_path():
    for name, data in (("junk.geojson", b"\x00\x01 not json"), ("junk.gpkg", b"not a database"),
                       ("junk.json", b'{"type": "Topology"}')):
        with pytest.raises(InputError) as caught:
            read_positions(data, name=name, actor="X")
        message = str(caught.value)
        assert message.startswith(f"{name}: expected")
        assert "/tmp" not in message and "vsimem" not in message and "geo-positions" not in message


def test_suffix_and_size_limits_say_what_was_expected_and_what_arrived(tmp_path):
    with pytest.raises(InputError, match=r"expected a file ending in .csv, .geojson, .json, .gpkg.*'\.exe'"):
        read_positions(b"lat,lon\n1,2\n", name="p.exe", actor="X")
    with pytest.raises(InputError, match=f"at most {MAX_POSITIONS_BYTES:,} bytes"):
        read_positions(b" " * (MAX_POSITIONS_BYTES + 1), name="big.csv", actor="X")
    big = tmp_path / "big.csv"
    with open(big, "wb") as handle:  # sparse: the size is refused by stat, before reading
        handle.truncate(MAX_POSITIONS_BYTES + 1)
    with pytest.raises(InputError, match="at most"):
        load_positions(big, actor="X")
    ring = [[36 + i / MAX_POSITION_VERTICES, 34] for i in range(MAX_POSITION_VERTICES)] + [[36, 35], [36, 34]]
    data = _collection(({"actor": "A"}, {"type": "Polygon", "coordinates": [ring]}))
    with pytest.raises(InputError, match=f"at most {MAX_POSITION_VERTICES:,} vertices"):
        read_positions(data, name="huge.geojson")


def test_special_files_are_refused_not_read(tmp_path):
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="regular file"):
        load_positions(link, actor="X")
    fifo = tmp_path / "fifo.geojson"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="FIFO"):
        load_positions(fifo, actor="X")


def test_hostile_actor_text_is_kept_as_data():
    data = b'actor,lat,lon\n"{{7*7}}",1,2\n"<img src=x onerror=alert(1)>",1,2\n"=1+1",1,2\n'
    loaded = read_positions(data, name="p.csv")
    assert list(loaded.frame["actor"]) == ["{{7*7}}", "<img src=x onerror=alert(1)>", "=1+1"]
    assert loaded.warnings == []


def test_load_positions_reads_the_same_as_read_positions(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("lat,lon\n34.95,37.2\n", encoding="utf-8")
    loaded = load_positions(path, actor="IS")
    same = read_positions(path.read_bytes(), name="p.csv", actor="IS")
    assert loaded.frame.drop(columns="geometry").equals(same.frame.drop(columns="geometry"))
    assert loaded.frame.geometry.equals(same.frame.geometry)


def test_a_shifted_polygon_stays_a_polygon_with_its_area():
    square = Polygon([(36, 34), (37, 34), (37, 35), (36, 35)])
    frame = gpd.GeoDataFrame({"actor": ["A"]}, geometry=[square], crs="EPSG:4326")
    buffer = io.BytesIO()
    frame.to_file(buffer, driver="GeoJSON", engine="pyogrio")
    loaded = read_positions(buffer.getvalue(), name="area.geojson")
    assert loaded.frame["geo_precision"].iloc[0] == "area"
    assert loaded.frame.geometry.iloc[0].equals(square)


def test_a_geopackage_of_several_layers_reads_the_first_and_says_so(tmp_path):
    path = tmp_path / "layers.gpkg"
    for layer, actor in (("first", "A"), ("second", "B")):
        gpd.GeoDataFrame({"actor": [actor]}, geometry=[Point(37.2, 34.95)], crs="EPSG:4326").to_file(
            path, layer=layer, driver="GPKG", engine="pyogrio")
    loaded = read_positions(path.read_bytes(), name="layers.gpkg")
    assert list(loaded.frame["actor"]) == ["A"]
    [note] = loaded.warnings
    assert note == "layers.gpkg: 2 layers; only the first, 'first', was read"
