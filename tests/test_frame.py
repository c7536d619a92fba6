from geo.frame import COLUMNS, empty_frame


def test_sample_frame_schema(sample):
    frame = sample.frame
    assert str(frame.crs) == "EPSG:4326"
    assert set(COLUMNS) <= set(frame.columns)
    assert set(frame["kind"]) <= {"event", "asset", "position", "claim"}
    assert frame["record_id"].is_unique
    # Point(x=lon, y=lat): every point of the sample lies in the Middle East, Europe or the US.
    homs = frame[frame["place"] == "Homs"].geometry.iloc[0]
    assert (round(homs.x, 2), round(homs.y, 2)) == (36.73, 34.72)
    first = frame["sources"].iloc[0][0]
    assert {"report", "title", "outlet", "url", "published", "quote", "start", "end"} <= set(first)


def test_empty_frame_has_the_schema():
    frame = empty_frame()
    assert frame.empty and set(COLUMNS) <= set(frame.columns) and str(frame.crs) == "EPSG:4326"


def _write_collection(path, features):
    import json

    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def _feature(**properties):
    base = {"record_id": "r1", "kind": "event", "sources": [{"report": "a", "quote": "q"}]}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.2, 34.95]},
            "properties": base | properties}


def test_records_export_reads_back_and_a_feature_without_geometry_is_a_row(sample, tmp_path):
    from geo.io.export import to_geojson_bytes
    from geo.io.records import read_records

    path = tmp_path / "records.geojson"
    path.write_bytes(to_geojson_bytes(sample.frame))
    back = read_records(path)
    assert list(back["record_id"]) == list(sample.frame["record_id"])
    parquet = tmp_path / "records.parquet"
    sample.frame.to_parquet(parquet)
    assert list(read_records(parquet)["record_id"]) == list(sample.frame["record_id"])
    no_geometry = _feature()
    del no_geometry["geometry"]
    frame = read_records(_write_collection(tmp_path / "n.geojson", [no_geometry]))
    assert len(frame) == 1 and frame.geometry.iloc[0] is None


def test_malformed_records_files_are_input_errors_that_say_what_and_where(tmp_path):
    import pytest

    from geo.errors import InputError
    from geo.io.records import read_records

    cases = [
        ([_feature(), _feature(sources="a quote")], r"expected a list of objects in 'sources', instead got text "
                                                    r"\(record 2\)"),
        ([_feature(sources=[{"quote": ["nested"]}])], r"'sources'.*holding other values"),
        ([_feature(place_confidence="high")], r"expected a number in 'place_confidence', instead got text"),
        ([_feature(place=["Homs"])], r"expected text in 'place', instead got a list"),
        ([_feature(record_id=None)], r"expected text in 'record_id', instead got nothing"),
        ([_feature(), 5], r"expected every feature as an object, instead got a number as feature 2"),
        ([{"type": "Feature", "properties": [], "geometry": None}], r"properties of every feature as an object"),
        ([{**_feature(), "geometry": {"type": "Point", "coordinates": "ab"}}], r"GeoJSON geometry in feature 1"),
        ([{**_feature(), "geometry": {"type": "Point", "coordinates": [999, 1]}}], r"longitude -180\.\.180"),
    ]
    for features, message in cases:
        with pytest.raises(InputError, match=message):
            read_records(_write_collection(tmp_path / "bad.geojson", features))
    raw = {"nan.geojson": '{"type": "FeatureCollection", "features": [{"properties": {"count": NaN}}]}',
           "deep.geojson": "[" * 100_000, "list.geojson": "[]",
           "features.geojson": '{"type": "FeatureCollection", "features": {}}',
           "records.parquet": "not parquet"}
    for file, text in raw.items():
        (tmp_path / file).write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=file):
            read_records(tmp_path / file)


def test_records_files_are_size_checked_before_reading(tmp_path):
    import pytest

    from geo.errors import InputError
    from geo.io.records import MAX_RECORDS_BYTES, read_records

    big = tmp_path / "big.geojson"
    with open(big, "wb") as handle:  # sparse: only stat can tell its size without reading it
        handle.truncate(MAX_RECORDS_BYTES + 1)
    with pytest.raises(InputError, match=f"at most {MAX_RECORDS_BYTES:,} bytes"):
        read_records(big)
    (tmp_path / "zero.geojson").symlink_to("/dev/zero")
    with pytest.raises(InputError, match="regular file"):
        read_records(tmp_path / "zero.geojson")


def test_a_records_csv_reads_back_unguarded_and_a_bad_one_is_named(sample, tmp_path):
    import pytest

    from geo.errors import InputError
    from geo.io.export import to_acled_csv_bytes
    from geo.io.records import read_records

    frame = sample.frame.copy()
    frame.loc[0, "actor"] = "=HYPERLINK(\"http://evil.example\")"
    path = tmp_path / "records.csv"
    path.write_bytes(to_acled_csv_bytes(frame))
    assert "'=HYPERLINK" in path.read_text(encoding="utf-8")  # guarded in the file
    back = read_records(path)
    assert list(back["record_id"]) == list(frame["record_id"]) and "review_status" not in back
    assert back["actor"].iloc[0] == "=HYPERLINK(\"http://evil.example\")"  # and as it was when read back
    assert list(back["kind"]) == list(frame["kind"]) and list(back["place"]) == list(frame["place"])
    header = "record_id,kind,latitude,longitude,corroboration\n"
    cases = {"latitude": (header + "r1,event,north,37.2,1\n", r"numbers in 'latitude'.*\(row 2\)"),
             "count": (header + "r1,event,34.9,37.2,two\n", r"whole number in 'corroboration'.*\(row 2\)"),
             "off": (header + "r1,event,34.9,999,1\n", r"longitude -180\.\.180"),
             "columns": ("name,where\nx,y\n", r"columns of this tool's CSV export.*without \['record_id'")}
    for file, (text, message) in cases.items():
        (tmp_path / f"{file}.csv").write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=f"{file}.csv: expected .*{message}"):
            read_records(tmp_path / f"{file}.csv")


def test_a_frame_holds_each_record_as_its_fields_say_and_shares_no_cell_with_it():
    from dataclasses import asdict

    import pandas as pd

    from geo.frame import COLUMNS, Record, Source, to_frame

    sources = [Source("a", "A", "SANA", "https://example.org/a", "2015-10-01", "Jets struck Homs.", 0, 17,
                      "12 people", 11, 15), Source("b", "B", "SOHR", "", None, "Homs was hit.", 4, 17)]
    record = Record("asset", "transit", "Russia", None, None, "unknown", "Bosphorus", "supplement:bosphorus", "water",
                    "TR", 41.1, 29.06, 0.9, asset="warships", count=3, sources=sources,
                    origin={"name": "Black Sea", "lat": 43.0, "lon": 34.0}, sub_event_type=None)
    unplaced = Record("event", "Battles", None, None, "2015-10-02", "day", None, None, None, None, None, None, 0.0,
                      sources=[Source("c", "C", "", "", None, "Fighting went on.", 0, 17)])
    frame = to_frame([record, unplaced])
    first = frame.iloc[0]
    expected = asdict(record)  # what a record's fields give, copied
    for name in COLUMNS:
        if name in expected and name != "sources":
            cell = frame[name].iat[0]
            assert cell == expected[name] if expected[name] is not None else pd.isna(cell), name
    assert first["sources"] == expected["sources"] and first["corroboration"] == 2
    assert first["fatalities"] == [{"figure": "12 people", "report": "a"}] and first["count"] == 3
    assert (first.geometry.x, first.geometry.y) == (29.06, 41.1) and frame.geometry.iloc[1] is None
    assert all(pd.isna(frame[name].iat[0]) for name in ("claim_km", "verdict", "nearest_place"))
    # The cells are the frame's own: changing one leaves the record as it was, and the other way round.
    first["sources"][0]["quote"] = "changed"
    first["origin"]["name"] = "changed"
    record.sources[1].outlet = "changed too"
    assert sources[0].quote == "Jets struck Homs." and record.origin["name"] == "Black Sea"
    assert frame["sources"].iloc[0][1]["outlet"] == "SOHR"
