"""geo.io.topojson: TopoJSON read by GDAL, checked against the raw arcs, and the antimeridian cut."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box

from geo.io.topojson import cut_at_antimeridian, read_topojson

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"

# Two unit squares side by side, quantized: x = 10 + 0.5 q, y = 20 + 0.25 q. Arc 0 is their
# shared edge, walked upwards by the left square and backwards (~0) by the right one.
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

# Every (file, object) the basemap and the gazetteer read, and the other world-atlas outlines.
ATLAS_OBJECTS = [
    ("world-atlas/countries-110m.json", "countries"),  # the basemap
    ("world-atlas/countries-50m.json", "countries"),  # the basemap at 50m; the gazetteer's country points
    ("world-atlas/countries-10m.json", "countries"),
    ("world-atlas/land-110m.json", "land"),
    ("world-atlas/land-50m.json", "land"),
    ("us-atlas/counties-10m.json", "counties"),  # the gazetteer's US county centroids
]


def _write(tmp_path: Path, topology: dict) -> Path:
    path = tmp_path / "tiny.topojson"
    path.write_text(json.dumps(topology), encoding="utf-8")
    return path


def test_read_topojson_decodes_quantized_shared_and_reversed_arcs(tmp_path):
    frame = read_topojson(_write(tmp_path, TINY_TOPOLOGY), "squares")

    assert frame["id"].tolist() == ["L", None]  # the Null geometry is left out
    assert frame["name"].tolist() == ["Left", "Right"]
    left, right = frame.geometry
    assert shapely.get_coordinates(left).tolist() == [[11, 20], [11, 20.5], [10, 20.5], [10, 20], [11, 20]]
    assert right.geom_type == "MultiPolygon"
    assert shapely.get_coordinates(right).tolist() == [[11, 20], [12, 20], [12, 20.5], [11, 20.5], [11, 20]]


def test_read_topojson_says_what_it_cannot_read(tmp_path):
    with pytest.raises(FileNotFoundError, match="Expected a TopoJSON file at .*missing.json"):
        read_topojson(tmp_path / "missing.json", "squares")
    with pytest.raises(KeyError, match="'rivers'.*'squares'"):
        read_topojson(_write(tmp_path, TINY_TOPOLOGY), "rivers")
    river = {"type": "GeometryCollection", "geometries": [{"type": "LineString", "arcs": [0]}]}
    with pytest.raises(ValueError, match=r"Expected Polygon or MultiPolygon geometries in 'rivers', instead got: \['LineString'\]"):
        read_topojson(_write(tmp_path, {**TINY_TOPOLOGY, "objects": {"rivers": river}}), "rivers")


def _reference_arcs(topology: dict) -> list[np.ndarray]:
    """The arcs in degrees, straight from the specification: delta-encoded, then scaled."""
    transform = topology.get("transform")
    arcs = [np.array([position[:2] for position in arc], dtype=float) for arc in topology["arcs"]]
    if transform is None:
        return arcs
    scale, offset = np.array(transform["scale"]), np.array(transform["translate"])
    return [np.cumsum(arc, axis=0) * scale + offset for arc in arcs]


def _reference_rings(indexes: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """One ring: its arcs (``~i`` is arc ``i`` reversed) joined, each joining position once."""
    parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indexes]
    return np.concatenate([parts[0], *(part[1:] for part in parts[1:])])


def _reference_polygons(geometry: dict, arcs: list[np.ndarray]) -> list[list[np.ndarray]]:
    """The polygons of one TopoJSON geometry, less the rings of fewer than 4 positions
    (and the polygons whose exterior is one), which bound no area and GDAL drops."""
    polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    out = []
    for polygon in polygons:
        rings = [_reference_rings(ring, arcs) for ring in polygon]
        if len(rings[0]) >= 4:
            out.append([ring for ring in rings if len(ring) >= 4])
    return out


@pytest.mark.parametrize(("relative", "name"), ATLAS_OBJECTS)
def test_gdal_reads_the_outlines_the_arcs_describe(relative, name):
    path = NODE_MODULES / relative
    if not path.is_file():
        pytest.skip(f"node_modules/{relative} missing: run `npm ci` in the project root")
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _reference_arcs(topology)
    expected = {}
    for geometry in topology["objects"][name]["geometries"]:
        polygons = _reference_polygons(geometry, arcs) if geometry.get("type") else []
        if polygons:  # Null geometries and those of collapsed rings only are left out
            expected[(geometry.get("id"), (geometry.get("properties") or {}).get("name"))] = polygons

    frame = read_topojson(path, name)

    got = {(row.id, getattr(row, "name", None)): row.geometry for row in frame.itertuples()}
    assert len(frame) == len(got) == len(expected)
    for key, polygons in expected.items():
        parts = shapely.get_parts(got[key])
        assert len(parts) == len(polygons), key
        for part, rings in zip(parts, polygons):
            read = [shapely.get_coordinates(ring) for ring in (part.exterior, *part.interiors)]
            assert len(read) == len(rings), key
            for ours, theirs in zip(rings, read):  # same positions, same order and winding, to the bit
                assert np.array_equal(ours, theirs), (key, float(np.abs(ours - theirs).max()))


@pytest.mark.parametrize("name", ["Russia", "Fiji", "Antarctica"])
def test_gdal_keeps_the_joins_across_the_antimeridian_which_the_cut_removes(name):
    path = NODE_MODULES / "world-atlas" / "countries-50m.json"
    if not path.is_file():
        pytest.skip("node_modules/world-atlas missing: run `npm ci` in the project root")
    frame = read_topojson(path, "countries")
    [outline] = frame.loc[frame["name"] == name, "geometry"]

    def widest_step(geometry) -> float:
        return max(float(np.abs(np.diff(shapely.get_coordinates(ring)[:, 0])).max())
                   for part in shapely.get_parts(geometry) for ring in (part.exterior, *part.interiors))

    cut = cut_at_antimeridian(outline)

    assert widest_step(outline) > 180  # GDAL does not cut them itself
    assert cut.is_valid and -180 <= cut.bounds[0] and cut.bounds[2] <= 180
    if name != "Antarctica":  # whose cut runs along the pole, from -180 to 180
        assert widest_step(cut) <= 180


def test_cut_at_antimeridian_splits_a_polygon_that_steps_across_it():
    fiji_like = Polygon([(170, 0), (-170, 0), (-170, 10), (170, 10), (170, 0)])

    cut = cut_at_antimeridian(fiji_like)

    assert isinstance(cut, MultiPolygon)
    assert sorted(part.bounds for part in cut.geoms) == [(-180.0, 0.0, -170.0, 10.0), (170.0, 0.0, 180.0, 10.0)]


def test_cut_at_antimeridian_closes_a_coast_round_the_pole():
    coast = Polygon([(-180, -80), (-90, -70), (0, -80), (90, -70), (180, -80), (-180, -80)])  # as world-atlas joins it

    area = cut_at_antimeridian(coast)

    assert area.bounds == (-180.0, -90.0, 180.0, -70.0)
    assert area.contains(Point(0, -85)) and area.contains(Point(179.9, -85))
    assert not area.contains(Point(0, -75))  # the coast dips to -80 at lon 0


def test_cut_at_antimeridian_leaves_other_polygons_alone():
    square = box(0, 0, 1, 1)

    assert cut_at_antimeridian(square).equals_exact(square, tolerance=0)
