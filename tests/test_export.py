import io
import json
import math

import geopandas as gpd

from geo.export import to_feature_collection, to_geojson_bytes


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
