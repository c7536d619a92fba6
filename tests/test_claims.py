import datetime as dt

from geo.pipeline import extract
from geo.io.positions import load_positions
from geo.io.reports import report_from_text

WEDNESDAY = dt.date(2015, 9, 30)


def run_text(text, gazetteer, actors, positions=None):
    report = report_from_text(text, report_id="t", published=WEDNESDAY)
    frame = extract([report], gazetteer=gazetteer, actors=actors, positions=positions).frame
    return frame[frame["kind"] == "claim"]


def test_a_claim_far_from_the_positions_in_the_report_is_not_consistent(gazetteer, actors):  # Libya
    text = ("U.S. jets bombed targets near Misrata on Monday. Islamic State militants are entrenched in the "
            "city of Sirte. The nearest Islamic State fighters are 40 km away from the airstrikes.")
    [claim] = run_text(text, gazetteer, actors).to_dict("records")
    assert (claim["claim_km"], claim["claim_to"], claim["place"]) == (40.0, "Islamic State", "Misratah")
    assert claim["nearest_place"] == "Sirte"
    assert 180 < claim["computed_km"] < 200
    assert claim["verdict"] == "not consistent"
    assert "Sirte" in claim["explanation"] and "40 km" in claim["explanation"]


def test_miles_are_converted_and_a_close_position_is_consistent(gazetteer, actors):
    text = ("Russian jets bombed areas around Homs on Tuesday. Islamic State fighters are concentrated in "
            "the city of Palmyra. The nearest Islamic State fighters are 95 miles away from the strikes.")
    [claim] = run_text(text, gazetteer, actors).to_dict("records")
    assert round(claim["claim_km"]) == 153
    assert claim["nearest_place"] == "Tadmur" and claim["verdict"] == "consistent"  # GeoNames: Palmyra


def test_without_positions_the_claim_cannot_be_checked(gazetteer, actors):
    text = "Russian jets bombed areas around Homs on Tuesday. IS fighters are 55 km from the strikes."
    [claim] = run_text(text, gazetteer, actors).to_dict("records")
    assert claim["verdict"] == "cannot check" and "no position of Islamic State" in claim["explanation"]


def test_positions_from_a_file_points_and_polygons(gazetteer, actors, tmp_path):
    csv = tmp_path / "is.csv"
    csv.write_text("actor,lat,lon,name\nIslamic State,34.95,37.2,East of Homs\n", encoding="utf-8")
    text = "Russian jets bombed areas around Homs on Tuesday. IS fighters are 55 km from the strikes."
    [claim] = run_text(text, gazetteer, actors, load_positions(csv).frame).to_dict("records")
    assert claim["nearest_place"] == "East of Homs" and claim["verdict"] == "consistent"
    area = tmp_path / "area.geojson"
    area.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "held"},'
                    ' "geometry": {"type": "Polygon", "coordinates": [[[36.5, 34.5], [37.0, 34.5], [37.0, 35.0],'
                    ' [36.5, 35.0], [36.5, 34.5]]]}}]}', encoding="utf-8")
    [inside] = run_text(text, gazetteer, actors, load_positions(area, actor="Islamic State").frame).to_dict("records")
    assert inside["computed_km"] == 0 and inside["verdict"] == "not consistent"


def test_bad_positions_files_are_clear(tmp_path):
    import pytest

    from geo.errors import InputError

    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="'lat' and 'lon'"):
        load_positions(bad, actor="X")
    with pytest.raises(InputError, match="not found"):
        load_positions(tmp_path / "none.geojson")
    junk = tmp_path / "junk.geojson"
    junk.write_bytes(b"\x00\x01 not json")
    with pytest.raises(InputError, match="junk.geojson"):
        load_positions(junk, actor="X")
