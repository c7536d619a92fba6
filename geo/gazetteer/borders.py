"""Gazetteer, borders: where two countries meet, for "near the border with Turkey".

Owns ``border_point``: a point on the land border two countries share, the middle of its
longest stretch (the border as drawn by world-atlas ``countries-50m``, Natural Earth 1:50m
admin-0 outlines, public domain; npm ``world-atlas``, already used for the countries'
points). A report that says only "near the Turkish border" says the event is somewhere
along hundreds of kilometres: the point is a coarse location (precision ``border``), never
a claim that the event was there.

The outlines are read once, when a report first names a border; without ``node_modules``
(``npm ci`` not run) there are no border points and "near the border" places nothing.

In: two ISO 3166-1 alpha-2 codes. Out: (lat, lon) or None when the countries share no
land border (or the outlines are missing).
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from pathlib import Path

import shapely

from ..io.topojson import cut_at_antimeridian, read_topojson
from .sources import NODE_MODULES

__all__ = ["border_point"]

log = logging.getLogger(__name__)

_WORLD = "world-atlas/countries-50m.json"
# Outlines of neighbours share their arcs in the topology, but a tolerance (degrees, about 1 km)
# keeps a border whose two sides were simplified apart.
_TOUCH = 0.01


def _alpha2_by_numeric() -> dict[str, str]:
    """ISO numeric ("760") -> alpha-2 ("SY"), from the countryinfo package's data."""
    import countryinfo

    codes = {}
    for path in (Path(countryinfo.__file__).parent / "data").glob("*.json"):
        iso = json.loads(path.read_text(encoding="utf-8")).get("ISO") or {}
        if iso.get("alpha2") and iso.get("numeric"):
            codes[str(iso["numeric"]).zfill(3)] = iso["alpha2"]
    return codes


@lru_cache(maxsize=1)
def _outlines(node_modules: Path = NODE_MODULES) -> dict[str, shapely.Geometry]:
    """alpha-2 -> the country's outline (valid, cut at the antimeridian); empty without the file."""
    try:
        frame = read_topojson(node_modules / _WORLD, "countries")
    except (FileNotFoundError, KeyError, ValueError) as err:
        log.warning("no country outlines (%s): borders place nothing", err)
        return {}
    codes = _alpha2_by_numeric()
    outlines = {}
    for row in frame[frame["id"].notna()].itertuples():
        code = codes.get(str(row.id).zfill(3))
        if code:
            outlines[code] = shapely.make_valid(cut_at_antimeridian(row.geometry))
    return outlines


@lru_cache(maxsize=512)
def _border(first: str, second: str) -> shapely.LineString | None:
    """The longest stretch of the land border of two countries, or None."""
    outlines = _outlines()
    a, b = outlines.get(first), outlines.get(second)
    if a is None or b is None or first == second:
        return None
    shared = shapely.line_merge(shapely.intersection(a.boundary, b.buffer(_TOUCH)))
    lines = [part for part in shapely.get_parts(shared) if isinstance(part, shapely.LineString) and part.length > 0]
    return max(lines, key=lambda line: line.length) if lines else None


def border_point(first: str, second: str) -> tuple[float, float] | None:
    """(lat, lon) of the middle of the longest stretch of the border ``first`` and ``second``
    share, or None when they share none."""
    key = tuple(sorted((first.upper(), second.upper())))
    line = _border(*key)
    if line is None:
        return None
    point = line.interpolate(0.5, normalized=True)
    return round(point.y, 5), round(point.x, 5)
