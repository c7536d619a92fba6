"""TopoJSON outlines (world-atlas, us-atlas), read by GDAL's TopoJSON driver through pyogrio.

``read_topojson(path, name)`` reads the GeometryCollection ``objects[name]`` into a
GeoDataFrame: one row per geometry, in the file's order, with its ``id`` (None where it has
none, as Kosovo in world-atlas), its properties as columns and a shapely geometry in
degrees (lon, lat; no CRS is set, as the file declares none).

GDAL gives the outlines our own decoder gave (it was removed; ``tests/test_topojson.py``
keeps a reference decoder of the raw arcs and compares). For every geometry of
world-atlas ``countries-110m`` / ``-50m`` / ``-10m`` ``countries`` and ``land-110m`` /
``-50m`` ``land`` and of us-atlas ``counties-10m`` ``counties`` the coordinates are equal
bit for bit, ring by ring, in the same order and winding, with one difference: GDAL
drops a ring of fewer than 4 positions (an arc that quantization collapsed), and a
polygon whose exterior it is. Such rings occur only in files of 1:10m (Vatican and 7
other countries of ``countries-10m``, 19 US counties); they bound no area, and the
gazetteer dropped them already. GDAL also leaves out Null geometries, as we did.

Topologies drawn with d3 are spherical, and world-atlas joins the polygons Natural Earth cuts
at the antimeridian: Russia's ring steps from 179.9 to -180 degrees, and GDAL keeps those
steps. Drawn as they are, such edges run right round a flat map. ``cut_at_antimeridian``
cuts them again, as RFC 7946 (section 3.1.9) asks of GeoJSON.
"""

from __future__ import annotations

from functools import reduce
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from shapely.affinity import translate
from shapely.geometry import MultiPolygon, Polygon, box

__all__ = ["cut_at_antimeridian", "read_topojson"]

_POLYGONAL = frozenset({"Polygon", "MultiPolygon"})


def read_topojson(path: Path, name: str) -> gpd.GeoDataFrame:
    """The polygons of the GeometryCollection ``objects[name]`` in the TopoJSON file ``path``.

    Raises FileNotFoundError when there is no such file, KeyError when the topology has no
    object ``name``, and ValueError when that object holds other than (Multi)Polygons.
    """
    if not Path(path).is_file():
        raise FileNotFoundError(f"Expected a TopoJSON file at {path}, instead there is none.")
    source = f"TopoJSON:{path}"  # pins GDAL to the TopoJSON driver
    layers = [str(layer) for layer, _ in pyogrio.list_layers(source)]
    if name not in layers:
        raise KeyError(f"Expected an object named {name!r} in the topology, instead got: {sorted(layers)}.")
    frame = pyogrio.read_dataframe(source, layer=name)
    outlines = frame.geometry.to_numpy()
    frame = frame[~(shapely.is_missing(outlines) | shapely.is_empty(outlines))].reset_index(drop=True)
    other = sorted(set(frame.geom_type) - _POLYGONAL)
    if other:
        raise ValueError(f"Expected Polygon or MultiPolygon geometries in {name!r}, instead got: {other}.")
    ids = frame["id"].astype(object) if "id" in frame else None
    frame["id"] = None if ids is None else ids.where(ids.notna(), None)  # GDAL's NaN -> None
    return frame


def cut_at_antimeridian(geometry: Polygon | MultiPolygon) -> Polygon | MultiPolygon:
    """A Polygon / MultiPolygon whose polygons no longer cross +-180 degrees of longitude.

    A polygon is cut when one of its edges jumps more than 180 degrees: each ring is unwrapped
    (``_unwrap``), the area it bounds is folded back onto -180..180 (``_fold``), and the rings
    are combined even-odd, so holes and Antarctica's extra ring round the pole are cut out.
    Other polygons are kept as they are.
    """
    kept: list[Polygon] = []
    for polygon in shapely.get_parts(geometry):
        rings = [shapely.get_coordinates(ring) for ring in (polygon.exterior, *polygon.interiors)]
        if not any((np.abs(np.diff(ring[:, 0])) > 180).any() for ring in rings):
            kept.append(polygon)
            continue
        area = reduce(lambda a, b: a.symmetric_difference(b), (_fold(_unwrap(ring)) for ring in rings))
        kept.extend(part for part in shapely.get_parts(area) if isinstance(part, Polygon) and part.area > 0)
    return kept[0] if len(kept) == 1 else MultiPolygon(kept)


def _unwrap(ring: np.ndarray) -> np.ndarray:
    """The ring with each longitude moved by a multiple of 360 to within 180 of the one before.

    A ring that then ends 360 degrees from where it began goes round a pole (Antarctica's
    coast); it is closed along that pole.
    """
    out = np.column_stack([np.unwrap(ring[:, 0], period=360), ring[:, 1]])
    if abs(out[-1, 0] - out[0, 0]) > 180:
        pole = -90.0 if ring[:, 1].sum() < 0 else 90.0
        out = np.vstack([out, [[out[-1, 0], pole], [out[0, 0], pole], out[0]]])
    return out


def _fold(ring: np.ndarray) -> shapely.Geometry:
    """The area inside an unwrapped ring, cut into 360-degree windows moved back onto -180..180."""
    area = shapely.make_valid(Polygon(ring))
    pieces = [translate(area.intersection(box(x - 180, -90, x + 180, 90)), xoff=-x) for x in (-360, 0, 360)]
    return shapely.union_all([piece for piece in pieces if piece.area > 0])
