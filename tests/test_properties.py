"""Property-based tests: every reader of user input, given anything, either reads it or raises
one of our typed errors (``geo.errors.GeoError``) with a message. Nothing else escapes."""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
from pathlib import Path

import geopandas as gpd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from geo.errors import GeoError, InputError, ReportError
from geo.io.records import read_records
from geo.io.positions import LoadedPositions, read_positions
from geo.io.jsonl import iter_jsonl, parse_jsonl_line
from geo.io.reports import Report, load_reports, parse_report

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that stresses readers: controls, bidi and zero-width marks, surrogate-free astral characters.
TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


def _message_of(err: GeoError) -> str:
    message = str(err)
    assert message.strip(), f"{type(err).__name__} without a message"
    assert "Traceback" not in message
    return message


# --- report files -------------------------------------------------------------------------------

@SETTINGS
@given(st.binary(max_size=300))
@example(b"---\npublished: 0001-01-01\n---\nOn Wednesday, fighting near Aleppo.")
@example(b"---\npublished: 9999-12-31\n---\nOn Wednesday, fighting near Aleppo.")
@example(b"\xef\xbb\xbf---\n---\n")
def test_any_bytes_parse_as_a_report_or_a_report_error(raw):
    try:
        report, warnings = parse_report(raw, name="r.txt")
    except ReportError as err:
        assert err.path == "r.txt"
        _message_of(err)
        return
    assert isinstance(report, Report) and report.text.strip()
    assert all(w.message for w in warnings)


METADATA_KEY = st.one_of(st.sampled_from(["title", "outlet", "url", "published", "PUBLISHED", "x-y"]), TEXT)
METADATA_VALUE = st.one_of(st.dates().map(str), st.sampled_from(["0001-01-01", "9999-12-31", "2015-02-30"]), TEXT)


@SETTINGS
@given(st.lists(st.tuples(METADATA_KEY, METADATA_VALUE), max_size=5), TEXT,
       st.sampled_from(["---", "--- ", "", "----"]), st.booleans())
def test_any_metadata_block_loads_or_is_a_named_problem(pairs, body, closing, crlf):
    lines = ["---", *(f"{k}: {v}" for k, v in pairs), closing, body + " Wednesday near Aleppo."]
    text = ("\r\n" if crlf else "\n").join(lines)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.txt"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        result = load_reports([folder])
    assert len(result.reports) + sum(p.skipped for p in result.problems) == 1
    assert all(p.message.strip() and p.path == str(path) for p in result.problems)


# --- JSON lines ---------------------------------------------------------------------------------

JSONL_LINE = st.one_of(
    st.binary(max_size=80),
    JSON.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries({"id": JSON, "text": JSON}).map(lambda v: json.dumps(v).encode()),
    st.tuples(TEXT, TEXT).map(lambda t: json.dumps({"id": t[0], "text": t[1]}, ensure_ascii=False).encode()),
)


@SETTINGS
@given(JSONL_LINE)
@example(b'{"id": "a", "text": "\\ud800"}')
@example(b"[" * 10_000)
@example(b'{"id": 1' + b"0" * 5000 + b', "text": "x"}')
def test_any_jsonl_line_gives_an_id_and_text_or_a_report_error(line):
    try:
        report_id, text = parse_jsonl_line(line, name="in.jsonl:1")
    except ReportError as err:
        assert _message_of(err).startswith("in.jsonl:1: ")
        return
    assert isinstance(report_id, (str, int)) and not isinstance(report_id, bool)
    assert isinstance(text, str)
    text.encode("utf-8")  # writable as UTF-8: no lone surrogates


@SETTINGS
@given(st.lists(JSONL_LINE, max_size=8))
def test_a_jsonl_file_of_any_lines_yields_the_good_ones_and_names_the_rest(lines):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.jsonl"
        path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines))
        problems = []
        items = list(iter_jsonl(path, problems))
    assert len(items) + len(problems) <= len(lines)
    assert all(isinstance(text, str) for _, text in items)
    assert all(p.path.startswith(f"{path}:") and p.message.strip() for p in problems)


# --- positions ----------------------------------------------------------------------------------

def _check_positions(data: bytes, name: str, actor: str | None) -> None:
    try:
        loaded = read_positions(data, name=name, actor=actor)
    except InputError as err:
        message = _message_of(err)
        assert "/tmp/" not in message and "vsimem" not in message and "geo-positions" not in message
        return
    assert isinstance(loaded, LoadedPositions) and not loaded.frame.empty
    for geometry in loaded.frame.geometry:
        for lon, lat in _vertices(geometry):
            assert math.isfinite(lon) and math.isfinite(lat) and abs(lat) <= 90 and abs(lon) <= 180
    assert all(w.strip() for w in loaded.warnings)


def _vertices(geometry):
    import shapely

    return shapely.get_coordinates(geometry).tolist()


@SETTINGS
@given(st.binary(max_size=200), st.sampled_from(["p.csv", "p.geojson", "p.json", "p.gpkg", "../p.csv", "p"]),
       st.sampled_from([None, "Islamic State", "{{7*7}}"]))
@example(b"SQLite format 3\x00" + b"\x00" * 100, "p.gpkg", "X")
def test_any_bytes_as_positions_load_or_are_an_input_error(data, name, actor):
    _check_positions(data, name, actor)


CELL = st.one_of(TEXT, st.floats().map(repr), st.integers().map(str),
                 st.sampled_from(["", "nan", "inf", "-inf", "1e400", " 34.9 ", "999", "-90", "180.0000001"]))
HEADER = st.lists(st.one_of(st.sampled_from(["lat", "lon", "Latitude", "LNG", "x", "y", "actor", "name",
                                             "place", "geometry"]), TEXT), min_size=1, max_size=5)


@SETTINGS
@given(st.one_of(HEADER, HEADER.map(lambda h: ["lat", "lon", *h])).flatmap(lambda header: st.tuples(st.just(header), st.lists(
    st.lists(CELL, min_size=len(header), max_size=len(header)), max_size=6))),
    st.sampled_from([None, "Islamic State"]))
def test_any_csv_table_loads_valid_rows_or_is_an_input_error(table, actor):
    header, rows = table
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    _check_positions(out.getvalue().encode("utf-8", "surrogatepass"), "p.csv", actor)


GEOMETRY = st.one_of(
    st.none(), JSON,
    st.builds(lambda x, y: {"type": "Point", "coordinates": [x, y]}, st.floats(), st.floats()),
    st.builds(lambda ring: {"type": "Polygon", "coordinates": [ring]},
              st.lists(st.lists(st.floats(-400, 400), min_size=2, max_size=2), max_size=6)),
)
FEATURE = st.one_of(JSON, st.builds(lambda props, geometry: {"type": "Feature", "properties": props,
                                                             "geometry": geometry},
                                    st.one_of(st.none(), st.dictionaries(
                                        st.sampled_from(["actor", "name", "place", "geometry", "x"]), JSON)),
                                    GEOMETRY))


@SETTINGS
@given(st.lists(FEATURE, max_size=4), st.sampled_from(["p.geojson", "p.json"]), st.sampled_from([None, "A"]))
def test_any_geojson_loads_valid_features_or_is_an_input_error(features, name, actor):
    data = json.dumps({"type": "FeatureCollection", "features": features}, allow_nan=True).encode()
    _check_positions(data, name, actor)


def damaged(good: bytes) -> st.SearchStrategy[bytes]:
    """``good`` with one to eight bytes overwritten."""
    changes = st.lists(st.tuples(st.integers(0, len(good) - 1), st.integers(0, 255)), min_size=1, max_size=8)

    def apply(pairs) -> bytes:
        data = bytearray(good)
        for offset, value in pairs:
            data[offset] = value
        return bytes(data)

    return changes.map(apply)


def _gpkg() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.gpkg"
        gpd.GeoDataFrame({"actor": ["A", "B"]}, geometry=[Point(37.2, 34.9), Point(36, 35)],
                         crs="EPSG:4326").to_file(path, driver="GPKG", engine="pyogrio")
        return path.read_bytes()


GPKG = _gpkg()


@settings(max_examples=30, deadline=None)
@given(damaged(GPKG))
def test_a_damaged_geopackage_loads_or_is_an_input_error(data):
    _check_positions(data, "p.gpkg", None)


# --- records files ------------------------------------------------------------------------------

RECORD_PROPERTIES = st.dictionaries(
    st.sampled_from(["record_id", "kind", "sources", "place", "fatalities", "origin", "count", "corroboration",
                     "event_date", "place_confidence", "other"]), JSON)
GOOD_RECORD = {"record_id": "r1", "kind": "event", "sources": [{"report": "a", "quote": "q", "start": 0}]}
# Mostly good records with a field or two of any value, so the type checks are reached.
NEAR_GOOD = RECORD_PROPERTIES.filter(lambda d: len(d) <= 2).map(lambda d: GOOD_RECORD | d)


@SETTINGS
@given(st.one_of(JSON, st.builds(lambda features: {"type": "FeatureCollection", "features": features},
                                 st.lists(st.one_of(FEATURE, st.builds(
                                     lambda p, g: {"type": "Feature", "properties": p, "geometry": g},
                                     st.one_of(RECORD_PROPERTIES, NEAR_GOOD), GEOMETRY)), max_size=4))))
def test_any_json_as_a_records_file_reads_or_is_an_input_error(value):
    _check_records(json.dumps(value, allow_nan=True).encode(), "records.geojson")


def _check_records(data: bytes, file_name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / file_name
        path.write_bytes(data)
        try:
            frame = read_records(path)
        except InputError as err:
            assert _message_of(err).startswith(str(path))
            return
    assert {"record_id", "kind", "sources"} <= set(frame.columns)
    assert all(isinstance(s, list) for s in frame["sources"])


def _parquet() -> bytes:
    frame = gpd.GeoDataFrame({**{k: [v] for k, v in GOOD_RECORD.items()}, "count": [3]},
                             geometry=[Point(37.2, 34.9)], crs="EPSG:4326")
    out = io.BytesIO()
    frame.to_parquet(out)
    return out.getvalue()


PARQUET = _parquet()


@settings(max_examples=30, deadline=None)
@given(damaged(PARQUET))
def test_a_damaged_geoparquet_file_reads_or_is_an_input_error(data):
    _check_records(data, "records.parquet")
