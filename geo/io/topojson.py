"""TopoJSON -> GeoJSON, for the polygon topologies of world-atlas (countries and land).

A TopoJSON file (https://github.com/topojson/topojson-specification) stores every shared
border once, in a list of ``arcs``; a polygon ring is a list of indexes into that list. Index
``i >= 0`` means arc ``i`` as stored, a negative index ``~i`` (that is ``-i - 1``) means arc
``i`` walked backwards. Consecutive arcs of a ring share their joining position, which is
written once. With a ``transform`` the arcs are quantized: each position is an integer
offset from the previous one (delta encoding), turned into degrees by ``scale`` and
``translate``.

Only what a basemap needs is decoded: Polygon and MultiPolygon geometries, gathered in a
GeometryCollection object; Null geometries (no ``type`` or ``type: null``) are skipped.
The functions are pure: none changes the parsed JSON it is given.

Topologies drawn with d3 are spherical, and world-atlas joins the polygons Natural Earth cuts
at the antimeridian: Russia's ring steps from 179.9 to -180 degrees. Decoded as they are,
such edges run right round a flat map. ``cut_at_antimeridian`` cuts them again, as RFC 7946
(section 3.1.9) asks of GeoJSON.
"""

from __future__ import annotations

from functools import reduce
from typing import Any

import shapely
from shapely.affinity import translate
from shapely.geometry import Polygon, box

__all__ = [
    "cut_at_antimeridian",
    "decode_arcs",
    "decode_geometry",
    "feature_collection",
    "ring_positions",
]

Position = list[float]  # [lon, lat], the order of both TopoJSON and RFC 7946 GeoJSON
Ring = list[Position]


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """Every arc of ``topology`` as absolute positions, in degrees when it is quantized."""
    transform = topology.get("transform")
    if transform is None:  # not quantized: the arcs already hold positions
        return [[[float(x), float(y)] for x, y, *_ in arc] for arc in topology["arcs"]]
    (scale_x, scale_y), (translate_x, translate_y) = transform["scale"], transform["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        positions: Ring = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy  # each position is a step from the one before
            positions.append([x * scale_x + translate_x, y * scale_y + translate_y])
        arcs.append(positions)
    return arcs


def ring_positions(arc_indexes: list[int], arcs: list[Ring]) -> Ring:
    """Join the arcs one ring names (``~i`` for arc ``i`` reversed) into one list of positions."""
    ring: Ring = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Each arc starts where the one before ended; keep that joining position once.
        ring.extend(position[:] for position in (arc[1:] if ring else arc))
    return ring


def decode_geometry(geometry: dict[str, Any], arcs: list[Ring]) -> dict[str, Any] | None:
    """A GeoJSON geometry for one TopoJSON Polygon or MultiPolygon; None for a Null geometry."""
    kind = geometry.get("type")
    if kind is None:
        return None
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": [ring_positions(r, arcs) for r in geometry["arcs"]]}
    if kind == "MultiPolygon":
        polygons = [[ring_positions(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
        return {"type": "MultiPolygon", "coordinates": polygons}
    raise ValueError(f"Expected a Polygon, MultiPolygon or Null geometry, instead got: {kind!r}.")


def feature_collection(topology: dict[str, Any], name: str) -> dict[str, Any]:
    """The GeometryCollection ``objects[name]`` of ``topology`` as a GeoJSON FeatureCollection.

    Each geometry becomes a Feature keeping its ``id`` (when it has one) and its
    ``properties``; Null geometries are left out.
    """
    objects = topology.get("objects", {})
    if name not in objects:
        raise KeyError(f"Expected an object named {name!r} in the topology, instead got: {sorted(objects)}.")
    collection = objects[name]
    if collection.get("type") != "GeometryCollection":
        raise ValueError(f"Expected {name!r} to be a GeometryCollection, instead got: {collection.get('type')!r}.")
    arcs = decode_arcs(topology)
    features = []
    for geometry in collection["geometries"]:
        decoded = decode_geometry(geometry, arcs)
        if decoded is None:
            continue
        feature: dict[str, Any] = {"type": "Feature"}
        if "id" in geometry:
            feature["id"] = geometry["id"]
        feature["properties"] = dict(geometry.get("properties") or {})
        feature["geometry"] = decoded
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}


def cut_at_antimeridian(geometry: dict[str, Any]) -> dict[str, Any]:
    """A Polygon / MultiPolygon whose polygons no longer cross +-180 degrees of longitude.

    A polygon is cut when one of its edges jumps more than 180 degrees: each ring is unwrapped
    (``_unwrap``), the area it bounds is folded back onto -180..180 (``_fold``), and the rings
    are combined even-odd, so holes and Antarctica's extra ring round the pole are cut out.
    Other polygons are returned as they are.
    """
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    kept: list[list[Ring]] = []
    for rings in polygons:
        if not any(abs(a[0] - b[0]) > 180 for ring in rings for a, b in zip(ring, ring[1:])):
            kept.append(rings)
            continue
        area = reduce(lambda a, b: a.symmetric_difference(b), (_fold(_unwrap(ring)) for ring in rings))
        for part in shapely.get_parts(area):
            if isinstance(part, Polygon) and part.area > 0:
                kept.append([_positions(part.exterior.coords), *(_positions(r.coords) for r in part.interiors)])
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def _unwrap(ring: Ring) -> Ring:
    """The ring with each longitude moved by a multiple of 360 to within 180 of the one before.

    A ring that then ends 360 degrees from where it began goes round a pole (Antarctica's
    coast); it is closed along that pole.
    """
    out = [[ring[0][0], ring[0][1]]]
    for lon, lat, *_ in ring[1:]:
        out.append([lon + 360 * round((out[-1][0] - lon) / 360), lat])
    if abs(out[-1][0] - out[0][0]) > 180:
        pole = -90.0 if sum(position[1] for position in ring) < 0 else 90.0
        out += [[out[-1][0], pole], [out[0][0], pole], out[0][:]]
    return out


def _fold(ring: Ring) -> shapely.Geometry:
    """The area inside an unwrapped ring, cut into 360-degree windows moved back onto -180..180."""
    area = shapely.make_valid(Polygon(ring))
    pieces = [translate(area.intersection(box(x - 180, -90, x + 180, 90)), xoff=-x) for x in (-360, 0, 360)]
    return shapely.union_all([piece for piece in pieces if piece.area > 0])


def _positions(coords: Any) -> Ring:
    return [[x, y] for x, y, *_ in coords]
