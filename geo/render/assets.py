"""Offline web assets for the folium map: vendored JS/CSS and a country-outline basemap.

folium points every map at CDNs (``folium.Map.default_js`` / ``default_css``). Here we copy
local copies out of ``node_modules/`` (``npm ci`` installs them from ``package-lock.json``)
into ``static/vendor/``, which Streamlit serves at ``/app/static/vendor/`` when
``server.enableStaticServing`` is on, and point a map's links there (``apply_offline``).

Assets, all from the npm registry, versions pinned in ``package.json``:

- ``leaflet`` 1.9.4 (BSD-2-Clause); folium 0.20 itself links 1.9.3
- ``jquery`` 3.7.1 (MIT)
- ``bootstrap`` 5.2.2 (MIT)
- ``@fortawesome/fontawesome-free`` 6.2.0 (CC-BY-4.0 AND OFL-1.1 AND MIT)
- ``leaflet.awesome-markers`` 2.0.5 (ISC); folium links 2.0.2, which npm does not have
- folium's ``leaflet.awesome.rotate.css`` is not in the folium wheel, so we write the
  ``fa-rotate-<angle>`` classes it holds ourselves (``_rotate_css``).
- ``leaflet.timeline`` 1.6.0 (ISC), for ``folium.plugins.Timeline`` / ``TimelineSlider``; its one
  file ``dist/leaflet.timeline.js`` is already minified and bundles the plugin's CSS and
  ``diesal`` 1.0.2 (ISC). folium links ``leaflet.timeline.min.js``, a name only jsDelivr's
  on-the-fly minifier serves; the npm package has no such file.
- ``moment`` 2.30.1 (MIT); folium links 2.18.1, which has known ReDoS bugs in date parsing, and
  2.30.1 is a drop-in replacement. ``TimelineSlider`` uses it only to format the slider's time.

Plugin files are linked only by the plugin elements that name them (``_PLUGIN_JS_LINKS``);
``offline_links`` stays the links every map loads.

Country outlines come from the npm package ``world-atlas`` 2.0.2 (TopoJSON by Mike Bostock,
ISC), a redistribution of Natural Earth 4.1.0 Admin 0 countries, which Natural Earth places in
the public domain. We use the 1:110m file (``countries-110m.json``, 177 countries, about 0.2 MB
of GeoJSON at 3 decimals); the 1:50m file (``--resolution 50m``) adds 64 small states and
territories (Malta, Singapore, Bahrain, the Maldives, ...) but makes 1.7 MB, over our 1.5 MB
budget for a page that embeds it. Each country keeps its ``name`` and ISO 3166-1 numeric
code (``iso_n3``; null where Natural Earth has none, as for Kosovo or N. Cyprus). world-atlas
joins the polygons Natural Earth cuts at the antimeridian (Russia, Fiji, Antarctica);
``geo.io.topojson.cut_at_antimeridian`` cuts them again so a flat map draws no band round the world.
The file is read by GDAL's TopoJSON driver (``geo.io.topojson.read_topojson``); ring winding is
shapely's (``LinearRing.is_ccw``).
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
from pathlib import Path
from typing import Any, Iterator, NamedTuple

import branca.colormap
import branca.element
import folium
import folium.plugins
import shapely
from shapely.geometry import LinearRing

from ..errors import AssetsMissingError
from ..io.topojson import cut_at_antimeridian, read_topojson

__all__ = [
    "BASEMAP_NAME",
    "BASEMAP_RESOLUTIONS",
    "DEFAULT_BASE_URL",
    "VENDOR_FILES",
    "VendorFile",
    "apply_offline",
    "build_vendor",
    "lean_links",
    "offline_links",
    "plugin_urls",
    "unlocalised_links",
    "write_basemap",
]

log = logging.getLogger("geo.render.assets")  # not "__main__" under python -m

Links = list[tuple[str, str]]  # (name, url), the shape of folium's default_js / default_css
Ring = list[list[float]]  # closed list of [lon, lat] positions

DEFAULT_BASE_URL = "/app/static/vendor"
BASEMAP_NAME = "countries.geo.json"  # ".json" so Streamlit serves it as application/json
BASEMAP_RESOLUTIONS = ("110m", "50m")  # world-atlas/countries-<resolution>.json, default first
_NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"


class VendorFile(NamedTuple):
    package: str  # npm package, a folder under node_modules/
    source: str  # a file or a whole folder inside the package
    target: str  # where it goes, relative to the vendor dir


# CSS files keep their neighbours (images/, ../webfonts/) so their relative url()s still work.
VENDOR_FILES: tuple[VendorFile, ...] = (
    VendorFile("leaflet", "dist/leaflet.js", "leaflet/leaflet.js"),
    VendorFile("leaflet", "dist/leaflet.css", "leaflet/leaflet.css"),
    VendorFile("leaflet", "dist/images", "leaflet/images"),
    VendorFile("leaflet", "LICENSE", "leaflet/LICENSE"),
    VendorFile("jquery", "dist/jquery.min.js", "jquery/jquery.min.js"),
    VendorFile("jquery", "LICENSE.txt", "jquery/LICENSE.txt"),
    VendorFile("bootstrap", "dist/js/bootstrap.bundle.min.js", "bootstrap/js/bootstrap.bundle.min.js"),
    VendorFile("bootstrap", "dist/css/bootstrap.min.css", "bootstrap/css/bootstrap.min.css"),
    VendorFile("bootstrap", "LICENSE", "bootstrap/LICENSE"),
    VendorFile("@fortawesome/fontawesome-free", "css/all.min.css", "fontawesome/css/all.min.css"),
    VendorFile("@fortawesome/fontawesome-free", "webfonts", "fontawesome/webfonts"),
    VendorFile("@fortawesome/fontawesome-free", "LICENSE.txt", "fontawesome/LICENSE.txt"),
    VendorFile(
        "leaflet.awesome-markers", "dist/leaflet.awesome-markers.js", "awesome-markers/leaflet.awesome-markers.js"
    ),
    VendorFile(
        "leaflet.awesome-markers", "dist/leaflet.awesome-markers.css", "awesome-markers/leaflet.awesome-markers.css"
    ),
    VendorFile("leaflet.awesome-markers", "dist/images", "awesome-markers/images"),
    VendorFile("leaflet.awesome-markers", "LICENSE", "awesome-markers/LICENSE"),
    VendorFile("leaflet.timeline", "dist/leaflet.timeline.js", "leaflet.timeline/leaflet.timeline.js"),
    VendorFile("leaflet.timeline", "LICENSE", "leaflet.timeline/LICENSE"),
    VendorFile("moment", "min/moment.min.js", "moment/moment.min.js"),
    VendorFile("moment", "LICENSE", "moment/LICENSE"),
)
_ROTATE_CSS = "folium/leaflet.awesome.rotate.css"  # written by build_vendor, not copied

# folium's link names -> our copy, in folium's order.
_JS_LINKS = (
    ("leaflet", "leaflet/leaflet.js"),
    ("jquery", "jquery/jquery.min.js"),
    ("bootstrap", "bootstrap/js/bootstrap.bundle.min.js"),
    ("awesome_markers", "awesome-markers/leaflet.awesome-markers.js"),
)
_CSS_LINKS = (
    ("leaflet_css", "leaflet/leaflet.css"),
    ("bootstrap_css", "bootstrap/css/bootstrap.min.css"),
    ("awesome_markers_font_css", "fontawesome/css/all.min.css"),
    ("awesome_markers_css", "awesome-markers/leaflet.awesome-markers.css"),
    ("awesome_rotate_css", _ROTATE_CSS),
)
# Plugin link names -> our copy: localised where a plugin element names them, never added to a map.
_PLUGIN_JS_LINKS = (
    ("timeline", "leaflet.timeline/leaflet.timeline.js"),  # folium.plugins.Timeline, TimelineSlider
    ("moment", "moment/moment.min.js"),
)
_DROPPED = frozenset({"glyphicons_css"})  # Bootstrap 3 icons; folium loads Bootstrap 5
# branca's ColorMap always adds this d3 to the page, and st_folium adds it again.
_COLORMAP_D3 = ("d3", "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js")


def build_vendor(*, node_modules: Path, out_dir: Path) -> list[Path]:
    """Copy ``VENDOR_FILES`` from ``node_modules`` into ``out_dir``; return the files written."""
    missing: list[Path] = []
    for f in VENDOR_FILES:
        package = node_modules / f.package
        gap = package / f.source if package.is_dir() else package  # name a whole package once
        if not gap.exists() and gap not in missing:
            missing.append(gap)
    if missing:
        names = ", ".join(str(path) for path in missing)
        raise AssetsMissingError(
            f"Expected the npm packages of package.json in {node_modules}, instead these are "
            f"missing: {names}. Run `npm ci` in the project root."
        )
    written: list[Path] = []
    for f in VENDOR_FILES:
        source, target = node_modules / f.package / f.source, out_dir / f.target
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
            written.extend(target / p.relative_to(source) for p in sorted(source.rglob("*")) if p.is_file())
        else:
            written.append(Path(shutil.copyfile(source, target)))
    rotate = out_dir / _ROTATE_CSS
    rotate.parent.mkdir(parents=True, exist_ok=True)
    rotate.write_text(_rotate_css(), encoding="utf-8")
    return [*written, rotate]


def _rotate_css() -> str:
    """The classes ``folium.Icon(angle=...)`` asks for: ``fa-rotate-<angle>``, 0 to 359."""
    return "".join(f".fa-rotate-{a}{{transform:rotate({a}deg)}}\n" for a in range(360))


def write_basemap(
    *, out_path: Path, precision: int = 3, node_modules: Path = _NODE_MODULES, resolution: str = "110m"
) -> Path:
    """Write world-atlas's countries as an RFC 7946 FeatureCollection (lon, lat) to ``out_path``.

    ``resolution`` picks the Natural Earth scale, "110m" or "50m". Coordinates are rounded to
    ``precision`` decimals, rings that rounding collapses are dropped, polygons crossing the
    antimeridian are cut there, and exterior rings run counterclockwise.
    """
    if resolution not in BASEMAP_RESOLUTIONS:
        raise ValueError(f"Expected a resolution in {BASEMAP_RESOLUTIONS}, instead got: {resolution!r}.")
    source = node_modules / "world-atlas" / f"countries-{resolution}.json"
    if not source.is_file():
        raise AssetsMissingError(
            f"Expected the world-atlas country outlines at {source}, instead the file is missing. "
            "Run `npm ci` in the project root."
        )
    features = []
    for country in read_topojson(source, "countries").itertuples():
        geometry = _round_geometry(_polygons(cut_at_antimeridian(country.geometry)), precision)
        if geometry:
            properties = {"name": country.name, "iso_n3": country.id}
            features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    features.sort(key=lambda feature: feature["properties"]["name"])
    collection = {"type": "FeatureCollection", "features": features}
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return out_path


def _polygons(geometry: shapely.Geometry) -> list[list[Ring]]:
    """Each polygon of ``geometry`` as its rings of [lon, lat] positions, exterior first."""
    return [[ring.coords[:] for ring in (polygon.exterior, *polygon.interiors)]
            for polygon in shapely.get_parts(geometry)]


def _round_geometry(polygons: list[list[Ring]], precision: int) -> dict[str, Any] | None:
    """Round the polygons into a Polygon / MultiPolygon; drop rings that collapse below 4 positions.

    Rings are wound as RFC 7946 asks: exteriors counterclockwise, holes clockwise.
    """
    kept = []
    for polygon in polygons:
        rings = [_round_ring(ring, precision) for ring in polygon]
        if len(rings[0]) >= 4:  # the exterior survived; keep the holes that did
            kept.append([_wind(ring, counterclockwise=i == 0) for i, ring in enumerate(rings) if len(ring) >= 4])
    if not kept:
        return None
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def _wind(ring: Ring, *, counterclockwise: bool) -> Ring:
    return ring if LinearRing(ring).is_ccw == counterclockwise else ring[::-1]


def _round_ring(ring: Ring, precision: int) -> Ring:
    out: Ring = []
    for lon, lat, *_ in ring:
        point = [round(lon, precision), round(lat, precision)]
        if not out or point != out[-1]:
            out.append(point)
    return out


def offline_links(*, base_url: str = DEFAULT_BASE_URL) -> tuple[Links, Links]:
    """(default_js, default_css) shaped like folium's, pointing at the vendored copies."""
    base = base_url.rstrip("/")
    return (
        [(name, f"{base}/{path}") for name, path in _JS_LINKS],
        [(name, f"{base}/{path}") for name, path in _CSS_LINKS],
    )


def apply_offline(m: folium.Map, *, base_url: str = DEFAULT_BASE_URL, strict: bool = True) -> folium.Map:
    """Point the links of ``m`` and of every element on it at the vendored copies.

    Links are matched by folium's names (plugins' too, ``_PLUGIN_JS_LINKS``). Tile layers are not
    touched: for an offline map use ``tiles=None`` and draw the basemap file. With ``strict`` any
    link left remote raises ``AssetsMissingError``; otherwise see ``unlocalised_links(m)``.
    """
    js, css = offline_links(base_url=base_url)
    base = base_url.rstrip("/")
    local = dict(js + css) | {name: f"{base}/{path}" for name, path in _PLUGIN_JS_LINKS}
    for element in _walk(m):
        # JSCSSMixin elements load their links; a few others only carry them (folium's Timeline
        # leaves loading to its TimelineSlider), and unlocalised_links reads both kinds.
        for attr in ("default_js", "default_css"):
            if hasattr(element, attr):
                # A new list on the instance: folium's lists are class attributes shared by all maps.
                setattr(element, attr, _localise(getattr(element, attr), local))
    header = m.get_root().header
    for name in _DROPPED:  # an earlier render leaves links here; branca has no public remove
        header._children.pop(name, None)
    # Leaflet finds its default marker images through this leaflet.css rule. st_folium adds the
    # stylesheet too late and Leaflet guesses ".../leafletmarker-icon.png"; an inline copy is in time.
    icon = f"{base_url.rstrip('/')}/leaflet/images/marker-icon.png"
    rule = f'<style>.leaflet-default-icon-path{{background-image:url("{icon}")}}</style>'
    header.add_child(branca.element.Element(rule), name="leaflet_default_icon_path")
    remote = unlocalised_links(m)
    if strict and remote:
        listed = ", ".join(f"{name} ({url})" for name, url in remote)
        raise AssetsMissingError(f"Expected only vendored links on the map, instead got: {listed}.")
    return m


# Of folium's own links, what our maps use: Leaflet. jQuery, Bootstrap, Font Awesome and awesome-markers
# serve folium's Icon markers, which they never draw.
_LEAN = frozenset({"leaflet", "leaflet_css"})


def plugin_urls(*, base_url: str = DEFAULT_BASE_URL) -> dict[str, str]:
    """Our copies of the folium plugins' scripts by folium's link names ("timeline", "moment"), for a
    page that loads them itself when they are needed."""
    base = base_url.rstrip("/")
    return {name: f"{base}/{path}" for name, path in _PLUGIN_JS_LINKS}


def lean_links(m: folium.Map) -> folium.Map:
    """``m`` loading only the Leaflet of folium's links (its plugins keep theirs): st_folium loads a
    map's scripts one after another, each a request to the app's server before the markers show, and
    four stylesheets (0.4 MB) the map never uses. Before ``m`` is rendered; returns ``m``."""
    m.default_js = [(name, url) for name, url in m.default_js if name in _LEAN]
    m.default_css = [(name, url) for name, url in m.default_css if name in _LEAN]
    return m


def _localise(links: Links, local: dict[str, str]) -> Links:
    return [(name, local.get(name, url)) for name, url in links if name not in _DROPPED]


def unlocalised_links(m: folium.Map) -> Links:
    """(name, url) of every remote script, stylesheet or tile layer the map would load."""
    remote: Links = []
    for element in _walk(m):
        if isinstance(element, branca.colormap.ColorMap):
            remote.append(_COLORMAP_D3)
        if isinstance(element, folium.raster_layers.TileLayer):
            remote.append((element.tile_name, element.tiles))
        remote += [*getattr(element, "default_js", []), *getattr(element, "default_css", [])]
    return [(n, url) for n, url in dict.fromkeys(remote) if url.startswith(("http://", "https://", "//"))]


def _walk(element: Any) -> Iterator[Any]:
    """Every element on the map, the way streamlit_folium's st_folium walks it."""
    yield element
    if isinstance(element, folium.plugins.DualMap):
        yield from _walk(element.m1)
        yield from _walk(element.m2)
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(
        prog="python -m geo.render.assets",
        description="Copy the npm front-end files and write the country basemap into static/vendor/.",
    )
    parser.add_argument("--node-modules", type=Path, default=_NODE_MODULES)
    parser.add_argument("--out-dir", type=Path, default=root / "static" / "vendor")
    parser.add_argument("--precision", type=int, default=3, help="decimals kept in coordinates")
    parser.add_argument("--resolution", choices=BASEMAP_RESOLUTIONS, default="110m", help="Natural Earth scale")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    try:
        files = build_vendor(node_modules=args.node_modules, out_dir=args.out_dir)
        basemap = write_basemap(
            out_path=args.out_dir / BASEMAP_NAME,
            precision=args.precision,
            node_modules=args.node_modules,
            resolution=args.resolution,
        )
    except AssetsMissingError as err:
        log.error("%s", err)
        return 2
    log.info("copied %d files into %s", len(files), args.out_dir)
    log.info("wrote %s (%d bytes)", basemap, basemap.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
