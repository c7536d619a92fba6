import datetime as dt

import pytest

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


# --- Which distances are claims: sentences of our own, from many conflicts. ---------------------------------
#
# Truth for the computed distances: the WGS 84 geodesic between GeoNames' points of the places
# (geonames.org, feature id in brackets), measured here with pyproj, not with the code under test.

GEONAMES = {  # name: (lat, lon), from GeoNames
    "Tikrit": (34.61581, 43.67861),  # 90150
    "Mosul": (36.335, 43.11889),  # 99072
    "Hodeidah": (14.79556, 42.99817),  # 79415
    "Sanaa": (15.35452, 44.20646),  # 71137
    "El Obeid": (13.18421, 30.21669),  # 379003
    "Nyala": (12.04888, 24.88069),  # 369004
    "Hama": (35.13179, 36.75783),  # 170017
    "Homs": (34.72405, 36.72559),  # 169577
    "Rafah": (31.29722, 34.24357),  # 281102
    "Gaza": (31.50161, 34.46672),  # 281133
}


def geodesic_km(a: str, b: str) -> float:
    from pyproj import Geod

    (lat1, lon1), (lat2, lon2) = GEONAMES[a], GEONAMES[b]
    return Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)[2] / 1000.0


MEASURED = [
    # an actor said to be away, right after a strike: from the strike to the actor's nearest position (Iraq)
    ("Islamic State militants are entrenched in the city of Mosul. Iraqi jets bombed Tikrit on Sunday. "
     "The nearest Islamic State fighters are 180 km away, the army said.",
     ("Islamic State", "Tikrīt", "Mosul"), ("Tikrit", "Mosul"), "consistent"),  # 197 km: within 18 + 10 + 10
    # a strike said to be far from an actor's positions, in the strike's own sentence (Yemen)
    ("Houthi fighters are entrenched in the city of Sanaa. Saudi-led coalition jets struck Hodeidah on "
     "Tuesday, 150 km from the nearest Houthi positions.",
     ("Houthis", "Al Ḩudaydah", "Sanaa"), ("Hodeidah", "Sanaa"), "consistent"),  # 144 km
    # an actor said to be near a named place: from the place (Sudan)
    ("RSF fighters are entrenched in the town of Nyala. RSF fighters are 50 km from El Obeid, residents said.",
     ("Rapid Support Forces", "El Obeid", "Nyala"), ("El Obeid", "Nyala"), "not consistent"),  # 593 km
]


@pytest.mark.parametrize(("text", "expected", "ends", "verdict"), MEASURED)
def test_a_distance_to_an_actor_is_measured_to_its_nearest_position(gazetteer, actors, text, expected, ends,
                                                                     verdict):
    [claim] = run_text(text, gazetteer, actors).to_dict("records")
    assert (claim["claim_to"], claim["place"], claim["nearest_place"]) == expected
    assert abs(claim["computed_km"] - geodesic_km(*ends)) < 1.0
    assert claim["verdict"] == verdict
    assert f"{geodesic_km(*ends):.0f} km" in claim["explanation"]


def test_away_measures_only_from_an_event_of_the_immediate_context(gazetteer, actors):  # Iraq
    text = ("Islamic State militants are entrenched in the city of Mosul. Iraqi jets bombed Tikrit on Sunday. "
            "The minister spoke to reporters. He praised the pilots. Aid groups asked for access. "
            "The nearest Islamic State fighters are 180 km away, the army said.")
    assert run_text(text, gazetteer, actors).empty


def test_an_actor_near_a_place_without_positions_cannot_be_checked(gazetteer, actors):  # Afghanistan, Myanmar, Sahel
    for text, actor, place in (
            ("The Taliban are 20 km from Kunduz, a police official said.", "Taliban", "Kunduz"),
            ("Arakan Army fighters are 15 km from Sittwe.", "Arakan Army", "Sittwe"),
            ("French jets struck Gao on Sunday. JNIM fighters were about 150 km away, the army said.", "JNIM", "Gao")):
        [claim] = run_text(text, gazetteer, actors).to_dict("records")
        assert (claim["claim_to"], claim["place"], claim["verdict"]) == (actor, place, "cannot check"), text


def test_a_distance_between_two_named_places_is_checked_geodesically(gazetteer, actors):  # Syria, Gaza
    [near] = run_text("Hama is 45 km from Homs.", gazetteer, actors).to_dict("records")
    assert (near["place"], near["claim_to"], near["actor"]) == ("Ḩamāh", "Homs", None)
    assert abs(near["computed_km"] - geodesic_km("Hama", "Homs")) < 1.0 and near["verdict"] == "consistent"
    [far] = run_text("Hama is 150 km from Homs.", gazetteer, actors).to_dict("records")
    assert far["verdict"] == "not consistent" and "between Ḩamāh and Homs" in far["explanation"]
    # an apposition after an event's place, and "Gaza City" (not the government it may stand for)
    [gaza] = run_text("Israeli jets struck Rafah, 30 km from Gaza City.", gazetteer, actors).to_dict("records")
    assert (gaza["place"], gaza["claim_to"]) == ("Rafaḩ", "Gaza")
    assert abs(gaza["computed_km"] - geodesic_km("Rafah", "Gaza")) < 1.0 and gaza["verdict"] == "consistent"
    [capital] = run_text("Homs lies 150 km from Damascus.", gazetteer, actors).to_dict("records")
    assert (capital["claim_to"], capital["actor"]) == ("Damascus", None)


NOT_CLAIMS = [
    # a weapon's range
    "Russia deployed S-300 missiles with a range of 250 km to Tartus, where Syrian government forces are based.",
    "Houthi rebels fired missiles that can strike targets up to 900 km away at Jizan.",
    "Syrian rebels launched rockets with a 40 km range at Latakia.",
    # a convoy's length, a frontline's length
    "An LNA convoy stretching 12 km moved towards Sirte.",
    "The Libyan National Army column, 8 km long, entered Tarhuna.",
    "Russian forces hold a 1,000-km front line in Ukraine.",
    # a journey, a march, an advance
    "Houthi fighters marched 60 km from Saada towards the border.",
    "JNIM fighters travelled 200 km across the desert from Menaka.",
    "Al-Shabaab militants walked 40 km from Baidoa to attack the base.",
    "Ukrainian troops advanced 10 km near Kupiansk on Monday.",
    # an area, a speed, an altitude, a depth
    "Iraqi forces retook 400 square km from Islamic State fighters near Mosul.",
    "Russian missiles flying at 900 km/h struck Kyiv.",
    "Taliban drones flew at an altitude of 3 km over Kabul.",
    "Israeli troops pushed 3 km deep into Khan Younis.",
    # zones and buffers
    "The RSF declared a 30 km safe zone around El Fasher.",
    "Flights are banned within 30 km of the border with Syria.",
    "Turkey wants a 30-km buffer zone free of Kurdish forces along its border with Syria.",
    # placements of a place (the offsets layer draws them): no claim
    "The village of Arima lies 20 km west of Manbij, which Kurdish forces hold.",
    "Boko Haram fighters killed 12 people in Konduga, 35 km south-east of Maiduguri.",
    "The village of Kyauktaw lies 20 km north of Mrauk U, where Arakan Army fighters are based.",
    "Tatmadaw troops torched the village of Kin Ma, 20 miles off the coast of Sittwe.",
    # one end not named: a border, "the front line", an actor and nothing measured from
    "Russian forces are 30 km from the Ukrainian border.",
    "Hamas fighters were 5 km from the front line.",
    "Islamic State fighters are 40 km away.",
]


def test_measures_placements_and_one_sided_distances_are_no_claims(gazetteer, actors):
    claimed = [text for text in NOT_CLAIMS if not run_text(text, gazetteer, actors).empty]
    assert claimed == []


def test_a_placement_still_places_its_event(gazetteer, actors):  # Nigeria: a cue, not a claim
    text = "Boko Haram fighters attacked a village 35 km south-east of Maiduguri on Monday."
    report = report_from_text(text, report_id="t", published=WEDNESDAY)
    frame = extract([report], gazetteer=gazetteer, actors=actors).frame
    assert "claim" not in set(frame["kind"])
    assert list(frame.loc[frame["kind"] == "event", "geo_precision"]) == ["offset"]


def test_two_claims_of_one_sentence_are_two_rows(gazetteer, actors):  # Syria
    text = "Islamic State fighters are 40 km from Homs, and Nusra fighters are 10 km from Hama."
    rows = run_text(text, gazetteer, actors)
    assert sorted(zip(rows["claim_to"], rows["place"])) == [("Islamic State", "Homs"), ("Jabhat al-Nusra", "Ḩamāh")]
    assert rows["record_id"].is_unique


def test_a_bound_agrees_with_any_distance_on_its_side(gazetteer, actors):  # Somalia, Syria
    text = ("Al-Shabaab militants are entrenched in the town of Jilib. Kenyan jets struck Kismayo on Monday. "
            "The nearest al-Shabaab fighters are more than 60 km away.")
    [claim] = run_text(text, gazetteer, actors).to_dict("records")
    assert (claim["claim_km"], claim["nearest_place"]) == (60.0, "Jilib")
    assert claim["computed_km"] > 90 and claim["verdict"] == "consistent"  # as "60 km" it would not be
    assert claim["explanation"].startswith("Reported more than 60 km")
    [near] = run_text("Hama is less than 20 km from Homs.", gazetteer, actors).to_dict("records")
    assert abs(near["computed_km"] - geodesic_km("Hama", "Homs")) < 1.0  # 45 km: more than 20 + 2 + 20
    assert near["verdict"] == "not consistent"


def test_an_actor_within_a_distance_of_a_place_is_a_bound(gazetteer, actors):  # Somalia, Sudan, Syria
    # "are within 20 km of", "came within 5 miles of": less than that distance, checked as a bound
    text = ("Al-Shabaab militants are entrenched in the town of Jilib. "
            "Al-Shabaab fighters are within 20 km of Kismayo, officials said.")
    [claim] = run_text(text, gazetteer, actors).to_dict("records")
    assert (claim["claim_km"], claim["claim_to"], claim["place"]) == (20.0, "al-Shabaab", "Kismayo")
    assert claim["explanation"].startswith("Reported less than 20 km")
    assert claim["verdict"] == "not consistent"  # Jilib lies about 100 km from Kismayo
    [came] = run_text("Turkish troops came within 5 miles of Manbij.", gazetteer, actors).to_dict("records")
    assert (round(came["claim_km"], 1), came["claim_to"]) == (8.0, "Turkey")
