"""An analyst's own place list (CSV or GeoJSON) read into GeoNames rows.

This module owns reading a place list: the columns (or GeoJSON properties) name,
alternate names, lat, lon, kind, country, admin1 and population, matched case-insensitively
with common synonyms; the words that map a kind onto our precision classes; what makes a
row unusable; and the ids of an analyst's places. ``geo.gazetteer.userplaces`` stores
what it reads.

Ids. ``GeoNamesRow.geonameid`` is an int and ``geonames.read_compact`` takes positive ids
only, so a user row gets a positive id in a range GeoNames never uses:
``USER_ID_BASE + int(digest[:8], 16) * 10**7 + n``, where ``digest`` is the SHA-256 of the
list's bytes and ``n`` the row's line (CSV) or feature (GeoJSON) number. It is stable (the
same bytes give the same ids) and never collides with a GeoNames id. ``place_id`` turns a
row's id into the id the index shows: ``"user:<digest[:8]>:<n>"`` for an analyst's place,
``"geonames:<geonameid>"`` for a GeoNames one.

Nothing read is ever evaluated: cells starting with ``=``, ``+``, ``-`` or ``@`` are text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import unicodedata
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import NamedTuple

import shapely.geometry
from shapely.errors import GEOSException

from ..errors import InputError
from ..fileio import read_limited
from .geonames import GeoNamesRow, precision

__all__ = ["LoadedPlaces", "read_place_list", "load_place_list", "place_id", "is_user_id", "clean_text",
           "USER_ID_BASE", "MAX_PLACE_LIST_BYTES", "MAX_NAME_LENGTH"]

MAX_PLACE_LIST_BYTES = 50_000_000
MAX_NAME_LENGTH = 200
USER_ID_BASE = 10**17  # GeoNames ids are below 10**8; the largest user id is below 2**63
_ROW_SPAN = 10**7  # row numbers per list: a 50 MB list cannot hold more rows
_MAX_WARNINGS = 50

# --- columns and kinds -------------------------------------------------------------------

_COLUMNS = {
    "name": ("name", "place", "place_name", "placename", "toponym"),
    "alternates": ("alternate_names", "alternatenames", "alternates", "aliases", "alias", "alt_names",
                   "other_names"),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitude", "x"),
    "kind": ("kind", "feature", "type", "feature_type", "class"),
    "country": ("country", "country_code", "countrycode", "cc", "iso2"),
    "admin1": ("admin1", "admin1_code"),
    "population": ("population", "pop"),
}
_REQUIRED = ("name", "lat", "lon")
_KIND_WORDS = {
    "site": "site point spot landmark building facility airport airfield airstrip airbase air_base base "
            "military_base checkpoint crossing border_crossing bridge dam hospital school mosque church "
            "camp port harbour harbor station hill mountain peak pass prison factory plant market",
    "town": "town city village hamlet settlement locality populated_place suburb neighbourhood "
            "neighborhood quarter",
    "district": "district county subdistrict sub_district nahiya municipality adm2 adm3",
    "province": "province governorate state oblast prefecture muhafazah wilaya adm1",
    "country": "country nation",
    "water": "water river stream wadi lake sea strait gulf bay canal reservoir",
    "region": "region area zone territory plain desert valley",
}
_KIND_OF = {word: kind for kind, words in _KIND_WORDS.items() for word in words.split()}
# One GeoNames feature per precision class; ``geonames.precision`` maps each back to it.
_FEATURE_OF = {"site": ("S", ""), "town": ("P", "PPL"), "district": ("A", "ADM2"), "province": ("A", "ADM1"),
               "country": ("A", "PCLI"), "water": ("H", ""), "region": ("L", "RGN")}
_GEONAMES_FEATURE = re.compile(r"^([A-Z])\.([A-Z0-9]{0,10})$")


class LoadedPlaces(NamedTuple):
    """The usable rows of a place list, and a warning for each row skipped or changed."""

    rows: list[GeoNamesRow]
    warnings: list[str]


# --- ids ---------------------------------------------------------------------------------

def _user_id(digest: str, number: int) -> int:
    return USER_ID_BASE + int(digest[:8], 16) * _ROW_SPAN + number


def is_user_id(geonameid: int) -> bool:
    """Whether a row's id is that of an analyst's place rather than a GeoNames place."""
    return geonameid >= USER_ID_BASE


def place_id(geonameid: int) -> str:
    """The gazetteer id of a row: "user:<digest[:8]>:<line>" for an analyst's place,
    "geonames:<geonameid>" for a GeoNames one."""
    if not is_user_id(geonameid):
        return f"geonames:{geonameid}"
    prefix, number = divmod(geonameid - USER_ID_BASE, _ROW_SPAN)
    return f"user:{prefix:08x}:{number}"


# --- cleaning cells ----------------------------------------------------------------------

_KEPT_FORMAT = {"\u200c", "\u200d"}  # zero-width (non-)joiners: part of Persian and Indic spelling


def clean_text(text: str) -> str:
    """``text`` in NFC with control and format characters (bidi overrides, zero-width
    spaces) removed, whitespace runs as one space, stripped."""
    text = unicodedata.normalize("NFC", text)
    kept = (" " if ch.isspace() else ch for ch in text
            if ch.isspace() or unicodedata.category(ch)[0] != "C" or ch in _KEPT_FORMAT)
    return " ".join("".join(kept).split())


def _label(name: str) -> str:
    """A client's file name fit for a message or the manifest: text only, one line, short."""
    return clean_text(str(name))[:MAX_NAME_LENGTH] or "(no name)"


def _suffix(name: str) -> str:
    return PurePosixPath(str(name).replace("\\", "/")).suffix.lower()


def _number(value: object) -> float | None:
    """A coordinate from a cell ("35.2", "35,2" as written in some locales) or a JSON number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+,\d+", text):
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """Country names, alternate spellings and ISO-3 codes (case-folded) -> ISO-2, from
    countryinfo's data; empty when countryinfo is not installed."""
    try:
        import countryinfo
    except ImportError:
        return {}
    codes: dict[str, str] = {}
    for path in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        code = (info.get("ISO") or {}).get("alpha2")
        if code and info.get("name"):
            for spelling in [info["name"], *info.get("altSpellings", []), info["ISO"].get("alpha3") or ""]:
                codes.setdefault(spelling.casefold(), code)
    return codes


# --- one row -----------------------------------------------------------------------------

class _Report:
    """Warnings about rows of one file, capped so a bad file cannot flood the log."""

    def __init__(self, label: str):
        self.label = label
        self.warnings: list[str] = []
        self.count = 0

    def warn(self, where: str, message: str) -> None:
        self.count += 1
        if self.count <= _MAX_WARNINGS:
            self.warnings.append(f"{self.label} {where}: {message}")

    def done(self) -> list[str]:
        if self.count > _MAX_WARNINGS:
            self.warnings.append(f"{self.label}: {self.count - _MAX_WARNINGS:,} more warnings not shown")
        return self.warnings


def _alternates(value: object, name: str, where: str, report: _Report) -> tuple[str, ...]:
    parts = value if isinstance(value, list) else re.split(r"[;|]", str(value or ""))
    kept: list[str] = []
    for part in (clean_text(str(p)) for p in parts):
        if "," in part:  # the compact format separates alternate names by commas
            report.warn(where, f"alternate name {part[:60]!r} dropped: it holds a comma")
        elif part and len(part) <= MAX_NAME_LENGTH and part != name and part not in kept:
            kept.append(part)
    return tuple(kept)


def _feature(value: object, where: str, report: _Report) -> tuple[str, str]:
    text = clean_text(str(value or ""))
    if not text:
        return _FEATURE_OF["town"]
    geonames = _GEONAMES_FEATURE.match(text.upper())
    if geonames and precision(geonames[1], geonames[2]):
        return geonames[1], geonames[2]
    word = re.sub(r"[\s-]+", "_", text.casefold())
    kind = word if word in _FEATURE_OF else _KIND_OF.get(word) or _KIND_OF.get(word.rstrip("s"))
    if kind is None:
        report.warn(where, f"kind {text[:40]!r} is not one of {', '.join(_FEATURE_OF)}; taken as a town")
        return _FEATURE_OF["town"]
    return _FEATURE_OF[kind]


def _country(value: object, where: str, report: _Report) -> str:
    text = clean_text(str(value or ""))
    if not text:
        return ""
    if re.fullmatch(r"[A-Za-z]{2}", text):
        return text.upper()
    codes = _country_codes()
    if text.casefold() in codes:
        return codes[text.casefold()]
    known = "an ISO-2 code or a country name" if codes else "an ISO-2 code (countryinfo is not installed)"
    report.warn(where, f"country {text[:40]!r} is not {known}; left empty")
    return ""


def _admin1(value: object, where: str, report: _Report) -> str:
    text = clean_text(str(value or "")).split(".")[-1]
    if text and not re.fullmatch(r"[A-Za-z0-9]{1,20}", text):
        report.warn(where, f"admin1 {text[:40]!r} is not a GeoNames admin1 code; left empty")
        return ""
    return text


def _population(value: object, where: str, report: _Report) -> int:
    number = _number(re.sub(r"[\s,_]", "", str(value)) if isinstance(value, str) else value)
    if value in (None, "") or number == 0:
        return 0
    if number is None or not math.isfinite(number) or number < 0:
        report.warn(where, f"population {str(value)[:40]!r} is not a count; taken as 0")
        return 0
    return int(number)


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return " ".join(folded.split())


def _row(cells: dict[str, object], lat: object, lon: object, *, number: int, where: str, digest: str,
         report: _Report) -> GeoNamesRow | None:
    """A row from a list's cells, or None (and a warning saying why) when it is unusable."""
    name = clean_text(str(cells.get("name") or ""))
    y, x = _number(lat if lat is not None else ""), _number(lon if lon is not None else "")
    problem = (
        "skipped: no name" if not name
        else f"skipped: the name is longer than {MAX_NAME_LENGTH} characters" if len(name) > MAX_NAME_LENGTH
        else f"skipped: latitude {str(lat)[:40]!r} is not a number" if y is None or not math.isfinite(y)
        else f"skipped: longitude {str(lon)[:40]!r} is not a number" if x is None or not math.isfinite(x)
        else f"skipped: latitude {y:g} is outside -90..90" if not -90 <= y <= 90
        else f"skipped: longitude {x:g} is outside -180..180" if not -180 <= x <= 180
        else f"skipped: more than {_ROW_SPAN - 1:,} rows" if number >= _ROW_SPAN
        else "")
    if problem:
        report.warn(where, problem)
        return None
    feature_class, feature_code = _feature(cells.get("kind"), where, report)
    return GeoNamesRow(_user_id(digest, number), name, _ascii(name),
                       _alternates(cells.get("alternates"), name, where, report), y, x, feature_class,
                       feature_code, _country(cells.get("country"), where, report),
                       _admin1(cells.get("admin1"), where, report),
                       _population(cells.get("population"), where, report))


# --- CSV and GeoJSON ---------------------------------------------------------------------

def _decode(data: bytes, label: str) -> str:
    """The text of a place list; ``InputError`` when it is too big, empty, binary or not UTF-8."""
    if len(data) > MAX_PLACE_LIST_BYTES:
        raise InputError(f"{label}: expected a place list of at most {MAX_PLACE_LIST_BYTES:,} bytes, "
                         f"got {len(data):,}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # "Unicode text" as Excel saves it
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    if b"\x00" in data[:65536]:
        raise InputError(f"{label}: expected a CSV or GeoJSON text file, got binary data")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{label}: expected UTF-8 text, got byte 0x{data[err.start]:02x} at offset "
                         f"{err.start:,}; save the file as UTF-8 (in Excel: 'CSV UTF-8')") from err
    if not text.strip():
        raise InputError(f"{label}: expected a place list, got an empty file")
    return text


def _header_key(cell: str) -> str:
    return re.sub(r"[\s-]+", "_", clean_text(cell).casefold())


def _columns(header: list[str], label: str) -> dict[str, int]:
    """Our field -> the index of the first column named by one of its synonyms."""
    keys = [_header_key(cell) for cell in header]
    found = {f: next(i for i, k in enumerate(keys) if k in names)
             for f, names in _COLUMNS.items() if any(k in names for k in keys)}
    missing = [f for f in _REQUIRED if f not in found]
    if missing:
        wanted = "; ".join(f"{f} ({'/'.join(_COLUMNS[f])})" for f in missing)
        raise InputError(f"{label}: expected columns for {wanted}, instead got the header "
                         f"{[clean_text(c)[:40] for c in header[:20]]!r}")
    return found


def _delimiter(first_line: str) -> str:
    return max(",;\t", key=first_line.count) if any(d in first_line for d in ",;\t") else ","


def _csv_rows(text: str, label: str, digest: str) -> LoadedPlaces:
    report = _Report(label)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]))
    rows: list[GeoNamesRow] = []
    try:
        header = next(reader, [])
        columns = _columns(header, label)
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            values = {f: cells[i] if i < len(cells) else "" for f, i in columns.items()}
            row = _row(values, values["lat"], values["lon"], number=reader.line_num,
                       where=f"line {reader.line_num}", digest=digest, report=report)
            if row is not None:
                rows.append(row)
    except csv.Error as err:
        raise InputError(f"{label} line {reader.line_num}: expected CSV, got {err}") from err
    return LoadedPlaces(rows, report.done())


def _properties(properties: dict) -> dict[str, object]:
    keys = {_header_key(str(k)): v for k, v in reversed(list(properties.items()))}
    return {f: next(keys[n] for n in names if n in keys) for f, names in _COLUMNS.items()
            if any(n in keys for n in names)}


def _point(geometry: object, where: str, report: _Report) -> tuple[object, object]:
    """(lat, lon) of a feature's geometry: a point's own, else a point inside the shape
    (with a warning); (None, None) when there is none."""
    if not isinstance(geometry, dict):
        return None, None
    coordinates = geometry.get("coordinates")
    if geometry.get("type") == "Point" and isinstance(coordinates, list) and len(coordinates) >= 2:
        return coordinates[1], coordinates[0]  # GeoJSON is (lon, lat): the one swap, here
    try:
        point = shapely.geometry.shape(geometry).representative_point()
    except (GEOSException, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None, None
    if point.is_empty:
        return None, None
    report.warn(where, f"{str(geometry.get('type'))[:30]} geometry; placed at a point inside it")
    return point.y, point.x


def _geojson_rows(text: str, label: str, digest: str) -> LoadedPlaces:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"{label}: expected GeoJSON, got invalid JSON at line {err.lineno} "
                         f"column {err.colno}: {err.msg}") from err
    except RecursionError as err:
        raise InputError(f"{label}: expected GeoJSON, got JSON nested too deeply") from err
    kind = document.get("type") if isinstance(document, dict) else type(document).__name__
    if kind not in ("FeatureCollection", "Feature"):
        raise InputError(f"{label}: expected a GeoJSON FeatureCollection of Points, got {str(kind)[:40]!r}")
    features = document.get("features") if kind == "FeatureCollection" else [document]
    if not isinstance(features, list):
        raise InputError(f"{label}: expected a list of features, got {type(features).__name__}")
    report = _Report(label)
    rows: list[GeoNamesRow] = []
    for number, feature in enumerate(features, start=1):
        where = f"feature {number}"
        feature = feature if isinstance(feature, dict) else {}
        properties = feature.get("properties")
        cells = _properties(properties) if isinstance(properties, dict) else {}
        lat, lon = _point(feature.get("geometry"), where, report)
        if lat is None:
            report.warn(where, "skipped: no usable geometry")
            continue
        row = _row(cells, lat, lon, number=number, where=where, digest=digest, report=report)
        if row is not None:
            rows.append(row)
    return LoadedPlaces(rows, report.done())


def read_place_list(data: bytes, *, name: str) -> LoadedPlaces:
    """An analyst's place list (CSV, or GeoJSON when ``name`` ends in .geojson/.json or the
    text starts with "{"), from its bytes. ``name`` is the file's name as the client gave
    it: it labels messages and picks the format, and is never a path.

    Rows without a name (or with one longer than 200 characters), or whose lat/lon is not
    a number in range, are skipped with a warning naming the line (or feature) and why.
    Raises ``InputError`` when the data is over 50 MB, empty, binary, not UTF-8, lacks
    name/lat/lon columns, or holds no usable row.
    """
    label = _label(name)
    text = _decode(data, label)
    digest = hashlib.sha256(data).hexdigest()
    geojson = _suffix(name) in (".geojson", ".json") or (
        _suffix(name) not in (".csv", ".tsv", ".txt") and text.lstrip().startswith("{"))
    loaded = (_geojson_rows if geojson else _csv_rows)(text, label, digest)
    if not loaded.rows:
        reasons = "; ".join(loaded.warnings[:3]) or "no rows after the header"
        raise InputError(f"{label}: expected at least one usable place, got none ({reasons})")
    return loaded


def load_place_list(path: str | Path) -> LoadedPlaces:
    """``read_place_list`` of a file on this machine (at most 50 MB, a regular file)."""
    path = Path(path)
    data = read_limited(path, limit=MAX_PLACE_LIST_BYTES, what="a place list")
    return read_place_list(data, name=path.name)
