import datetime as dt

import geopandas as gpd
import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import Point

from geo.analysis import actors_in, date_bounds, distance_check, filter_frame, nearest_positions, utm_epsg


def test_filter_by_actor_matches_first_or_second_actor(sample):
    frame = sample.frame
    view = filter_frame(frame, actors=["Islamic State"])
    assert len(view) > 0
    assert ((view["actor"] == "Islamic State") | (view["actor2"] == "Islamic State")).all()
    assert len(filter_frame(frame, actors=[])) == 0


def test_filter_by_dates_keeps_undated_only_when_asked(sample):
    frame = sample.frame
    day = dt.date(2015, 9, 30)
    only_day = filter_frame(frame, start=day, end=day, include_undated=False)
    assert len(only_day) > 0 and set(only_day["event_date"]) == {"2015-09-30"}
    with_undated = filter_frame(frame, start=day, end=day)
    assert len(with_undated) > len(only_day)
    half_open = filter_frame(frame, start=day, end=None, include_undated=False)
    dated = {d for d in frame["event_date"] if isinstance(d, str)}
    assert {d for d in half_open["event_date"] if isinstance(d, str)} == {d for d in dated if d >= "2015-09-30"}  # from that day on
    assert "2015-09-30" in set(half_open["event_date"]) and any(d < "2015-09-30" for d in dated)


def test_bounds_and_actor_list(sample):
    first, last = date_bounds(sample.frame)
    assert first <= dt.date(2015, 9, 4) and last >= dt.date(2015, 9, 30)
    assert {"Russia", "Islamic State", "United States"} <= set(actors_in(sample.frame))


def test_utm_zones():
    assert list(utm_epsg(np.array([36.7, -77.0, 151.2]), np.array([34.7, 38.9, -33.9]))) == [32637, 32618, 32756]


def test_nearest_distances_agree_with_geodesic_within_half_a_percent(sample):
    """The shapely distance in a metric CRS against pyproj.Geod, on the sample."""
    check = distance_check(sample.frame, actor="Islamic State")
    regional = check[check["distance_km"] > 1]
    assert len(regional) > 0
    relative = (regional["distance_km"] - regional["geodesic_km"]).abs() / regional["geodesic_km"]
    assert relative.max() < 0.005
    homs = check[check["place"] == "Homs"].iloc[0]
    assert homs["nearest_place"] == "Aleppo"
    assert homs["distance_km"] == pytest.approx(168.6, abs=2)


def test_nearest_position_polygon_is_zero_inside_and_edge_outside():
    points = gpd.GeoSeries([Point(36.7, 34.7), Point(38.0, 34.7), None], crs="EPSG:4326")
    square = Point(36.7, 34.7).buffer(0.5)  # degrees: only a shape, measured in metres below
    positions = gpd.GeoSeries([square], crs="EPSG:4326")
    out = nearest_positions(points, positions)
    assert out["distance_km"].iloc[0] == 0
    # 38.0 is 0.8 degrees of longitude east of the edge at 35 N: about 73 km.
    expected = Geod(ellps="WGS84").inv(37.2, 34.7, 38.0, 34.7)[2] / 1000
    assert out["distance_km"].iloc[1] == pytest.approx(expected, rel=0.01)
    assert np.isnan(out["distance_km"].iloc[2])


def test_distance_check_without_positions_is_nan(sample):
    check = distance_check(sample.frame, actor="nobody")
    assert check["distance_km"].isna().all()


def test_far_positions_are_measured_on_the_ellipsoid_and_far_side_ones_never_win():
    """Positions half a world away must not land near a record through a distorted
    projection; records with nothing within 500 km are measured geodesically."""
    geod = Geod(ellps="WGS84")
    points = gpd.GeoSeries([Point(36.7, 34.7), Point(-150.0, 10.0), Point(179.9, -16.0)], crs="EPSG:4326")
    positions = gpd.GeoSeries([Point(-143.3, -34.7),  # the antipode of Homs, more or less
                               Point(38.0, 35.9),  # near Homs
                               Point(-157.86, 21.31),  # Honolulu
                               Point(139.69, 35.69),  # Tokyo
                               Point(-179.9, -16.2)],  # across the antimeridian from the third point
                              crs="EPSG:4326")
    out = nearest_positions(points, positions)
    assert list(out["nearest"]) == [1, 2, 4]
    for (_, row), point in zip(out.iterrows(), points):
        target = positions[row["nearest"]]
        expected = geod.inv(point.x, point.y, target.x, target.y)[2] / 1000
        assert row["distance_km"] == pytest.approx(expected, rel=0.005)
    assert out["distance_km"].iloc[1] > 500  # the far path
    assert out["distance_km"].iloc[2] < 35  # 0.2 degrees apart each way, across 180 degrees


def test_filters_by_type_kind_outlet_and_words_in_the_quotes(sample):
    from geo.analysis import outlets_in

    frame = sample.frame
    strikes = filter_frame(frame, event_types=["Explosions/Remote violence"])
    assert len(strikes) and set(strikes["event_type"]) == {"Explosions/Remote violence"}
    air = filter_frame(frame, kinds=["event"], sub_event_types=["Air/drone strike"])
    assert len(air) and set(air["sub_event_type"]) == {"Air/drone strike"}
    assert not len(filter_frame(frame, kinds=["event"], sub_event_types=["Grenade"]))
    assert set(filter_frame(frame, kinds=["asset"])["kind"]) == {"asset"}
    assert "VOA" in outlets_in(frame) and "" in outlets_in(frame)
    voa = filter_frame(frame, outlets=["VOA"])
    assert len(voa) and all(any(s["outlet"] == "VOA" for s in sources) for sources in voa["sources"])
    found = filter_frame(frame, text="civilian DEATHS")
    assert len(found) == 1 and found["place"].iloc[0] == "Homs"
    assert filter_frame(frame, text="no-such-word-anywhere").empty
    assert len(filter_frame(frame, text="   ")) == len(frame)


def test_geodesic_metres_match_known_distances_and_broadcast():
    from geo.analysis import geodesic_m

    # Homs -> Aleppo, about 168 km; a degree of longitude on the equator, 111.32 km
    assert abs(float(geodesic_m(36.72, 34.73, 37.16, 36.20)) - 168_000) < 4_000
    assert abs(float(geodesic_m(0, 0, 1, 0)) - 111_319.5) < 1
    many = geodesic_m(0, 0, [1, 2, 3], [0, 0, 0])
    assert many.shape == (3,) and np.all(np.diff(many) > 0)
    assert geodesic_m([], [], [], []).shape == (0,)
