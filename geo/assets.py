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

Country outlines come from the ``geoJSON`` field of the ``countryinfo`` PyPI package
(1.0.1, MIT). Its README says: "Special thanks to johan for world.geo.json, which made the
GeoJSON data possible" and "Data is sourced primarily from Wikipedia". countryinfo 1.0.1 has
no outline for Hungary, Serbia, Montenegro, Myanmar and most small island states, and only a
bounding box for Palestine and Andorra, which we leave out rather than draw a false border.
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
import folium.elements
import folium.plugins
from countryinfo import CountryInfo

from geo.errors import AssetsMissingError

__all__ = [
    "BASEMAP_NAME",
    "DEFAULT_BASE_URL",
    "VENDOR_FILES",
    "VendorFile",
    "apply_offline",
    "build_vendor",
    "offline_links",
    "unlocalised_links",
    "write_basemap",
]

log = logging.getLogger("geo.assets")  # not "__main__" under python -m

Links = list[tuple[str, str]]  # (name, url), the shape of folium's default_js / default_css

DEFAULT_BASE_URL = "/app/static/vendor"
BASEMAP_NAME = "countries.geo.json"  # ".json" so Streamlit serves it as application/json


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


def write_basemap(*, out_path: Path, precision: int = 3) -> Path:
    """Write country outlines from countryinfo as an RFC 7946 FeatureCollection (lon, lat)."""
    features: dict[str, dict[str, Any]] = {}
    for record in CountryInfo.all().values():
        collection = record.get("geoJSON") or {}  # a dict; None or {} where there is no outline
        iso_a3 = record["ISO"]["alpha3"]
        for feature in collection.get("features", []):
            geometry = _round_geometry(feature["geometry"], precision)
            # Aliases ("burma") repeat a country; a bare bounding box is a placeholder, not an outline.
            if geometry and iso_a3 not in features and not _is_box(geometry):
                properties = {"name": record["name"], "iso_a3": iso_a3}
                features[iso_a3] = {"type": "Feature", "properties": properties, "geometry": geometry}
    collection = {"type": "FeatureCollection", "features": [features[k] for k in sorted(features)]}
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return out_path


def _round_geometry(geometry: dict[str, Any], precision: int) -> dict[str, Any] | None:
    """Round a Polygon / MultiPolygon; drop rings that rounding collapses below 4 positions."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    kept = []
    for polygon in polygons:
        rings = [_round_ring(ring, precision) for ring in polygon]
        if len(rings[0]) >= 4:  # the exterior survived; keep the holes that did
            kept.append([ring for ring in rings if len(ring) >= 4])
    if not kept:
        return None
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def _is_box(geometry: dict[str, Any]) -> bool:
    """True for one ring that is an axis-aligned rectangle: countryinfo's placeholder."""
    if geometry["type"] != "Polygon" or len(geometry["coordinates"]) != 1:
        return False
    ring = geometry["coordinates"][0]
    return len(ring) == 5 and len({x for x, _ in ring}) == 2 and len({y for _, y in ring}) == 2


def _round_ring(ring: list[list[float]], precision: int) -> list[list[float]]:
    out: list[list[float]] = []
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

    Links are matched by folium's names. Tile layers are not touched: for an offline map use
    ``tiles=None`` and draw the basemap file. With ``strict`` any link left remote raises
    ``AssetsMissingError``; otherwise see ``unlocalised_links(m)``.
    """
    js, css = offline_links(base_url=base_url)
    local = dict(js + css)
    for element in _walk(m):
        if isinstance(element, folium.elements.JSCSSMixin):
            # New lists on the instance: folium's lists are class attributes shared by all maps.
            element.default_js = _localise(element.default_js, local)
            element.default_css = _localise(element.default_css, local)
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
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(
        prog="python -m geo.assets",
        description="Copy the npm front-end files and write the country basemap into static/vendor/.",
    )
    parser.add_argument("--node-modules", type=Path, default=root / "node_modules")
    parser.add_argument("--out-dir", type=Path, default=root / "static" / "vendor")
    parser.add_argument("--precision", type=int, default=3, help="decimals kept in coordinates")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    try:
        files = build_vendor(node_modules=args.node_modules, out_dir=args.out_dir)
    except AssetsMissingError as err:
        log.error("%s", err)
        return 2
    basemap = write_basemap(out_path=args.out_dir / BASEMAP_NAME, precision=args.precision)
    log.info("copied %d files into %s", len(files), args.out_dir)
    log.info("wrote %s (%d bytes)", basemap, basemap.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
