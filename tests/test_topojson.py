"""The TopoJSON decoder and the antimeridian cut used for the offline basemap."""

from __future__ import annotations

import pytest
from shapely.geometry import Point, shape

from geo.io.topojson import cut_at_antimeridian, decode_geometry, feature_collection

TINY_TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
    "arcs": [
        [[2, 0], [0, 2]],  # (2, 0) -> (2, 2), each position after the first a step from the last
        [[2, 2], [-2, 0], [0, -2], [2, 0]],  # (2, 2) -> (0, 2) -> (0, 0) -> (2, 0)
        [[2, 0], [2, 0], [0, 2], [-2, 0]],  # (2, 0) -> (4, 0) -> (4, 2) -> (2, 2)
    ],
    "objects": {
        "squares": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "L", "properties": {"name": "Left"}},
                {"type": "MultiPolygon", "arcs": [[[2, ~0]]], "properties": {"name": "Right"}},
                {"type": None, "id": "N", "properties": {"name": "Nowhere"}},
            ],
        }
    },
}


def test_topojson_decodes_quantized_shared_and_reversed_arcs():
    collection = feature_collection(TINY_TOPOLOGY, "squares")

    assert collection == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "L",
                "properties": {"name": "Left"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[11.0, 20.0], [11.0, 20.5], [10.0, 20.5], [10.0, 20.0], [11.0, 20.0]]],
                },
            },
            {
                "type": "Feature",
                "properties": {"name": "Right"},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[[[11.0, 20.0], [12.0, 20.0], [12.0, 20.5], [11.0, 20.5], [11.0, 20.0]]]],
                },
            },
        ],
    }


def test_topojson_says_what_it_cannot_decode():
    with pytest.raises(ValueError, match="Expected a Polygon, MultiPolygon or Null geometry, instead got: 'LineString'"):
        decode_geometry({"type": "LineString", "arcs": [0]}, [[[0.0, 0.0], [1.0, 1.0]]])
    with pytest.raises(KeyError, match="'rivers'.*'squares'"):
        feature_collection(TINY_TOPOLOGY, "rivers")


def test_cut_at_antimeridian_splits_a_polygon_that_steps_across_it():
    fiji_like = {"type": "Polygon", "coordinates": [[[170, 0], [-170, 0], [-170, 10], [170, 10], [170, 0]]]}

    cut = cut_at_antimeridian(fiji_like)

    assert cut["type"] == "MultiPolygon"
    assert sorted(shape({"type": "Polygon", "coordinates": p}).bounds for p in cut["coordinates"]) == [
        (-180.0, 0.0, -170.0, 10.0),
        (170.0, 0.0, 180.0, 10.0),
    ]


def test_cut_at_antimeridian_closes_a_coast_round_the_pole():
    coast = [[-180, -80], [-90, -70], [0, -80], [90, -70], [180, -80], [-180, -80]]  # as world-atlas joins it

    area = shape(cut_at_antimeridian({"type": "Polygon", "coordinates": [coast]}))

    assert area.bounds == (-180.0, -90.0, 180.0, -70.0)
    assert area.contains(Point(0, -85)) and area.contains(Point(179.9, -85))
    assert not area.contains(Point(0, -75))  # the coast dips to -80 at lon 0


def test_cut_at_antimeridian_leaves_other_polygons_alone():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}

    assert cut_at_antimeridian(square) == square
