"""Relative locations: "14 km north of Manbij" is drawn 14 km north of Manbij, never at Manbij."""

import datetime as dt

import pytest
from pyproj import Geod

from geo.analysis.distances import geodesic_destination, geodesic_midpoint
from geo.extract.annotate import annotate
from geo.extract.claims import UNCERTAINTY_KM
from geo.extract.events import extract_records
from geo.extract.relative import COMPASS, anchored, as_mention, azimuth_of, metres_of
from geo.io.reports import report_from_text

WGS84 = Geod(ellps="WGS84")
SUNDAY = dt.date(2016, 5, 1)


def annotated(text, gazetteer, actors):
    return annotate(report_from_text(text, report_id="r", published=SUNDAY), gazetteer=gazetteer, actors=actors)


def metres_apart(lat1, lon1, lat2, lon2):
    return WGS84.inv(lon1, lat1, lon2, lat2)[2]


# (conflict, sentence, anchor as the gazetteer names it, the anchor's centre as published
# (Wikipedia, rounded to 0.01 degree), azimuth, metres, the record's place)
CASES = [
    ("Syria", "Kurdish-led forces clashed with Islamic State fighters 14 km north of Manbij on Monday.",
     "Manbij", (36.53, 37.95), 0.0, 14_000, "14 km N of Manbij"),
    ("Iraq", "Iraqi troops attacked Islamic State fighters about 20 miles northeast of Mosul.",
     "Mosul", (36.34, 43.13), 45.0, 20 * 1609.344, "20 mi NE of Mosul"),
    ("Afghanistan", "Taliban fighters attacked a police checkpoint 5 kilometres west of Kandahar city.",
     "Kandahār", (31.62, 65.71), 270.0, 5_000, "5 km W of Kandahār"),
    ("Yemen", "Saudi-led coalition aircraft bombed a checkpoint 30 km north of Sanaa.",
     "Sanaa", (15.35, 44.21), 0.0, 30_000, "30 km N of Sanaa"),
    ("Somalia", "Al-Shabaab fighters attacked an army base 40 km south of Mogadishu.",
     "Mogadishu", (2.04, 45.34), 180.0, 40_000, "40 km S of Mogadishu"),
    ("Ukraine", "Russian forces shelled villages 10 km north-north-east of Kharkiv.",
     "Kharkiv", (49.99, 36.23), 22.5, 10_000, "10 km NNE of Kharkiv"),
    ("Mali", "Jihadists attacked an army post 25 km east of Timbuktu.",
     "Timbuktu", (16.77, -3.01), 90.0, 25_000, "25 km E of Timbuktu"),
    ("Nigeria", "Boko Haram fighters attacked a village twelve kilometres north-west of Maiduguri.",
     "Maiduguri", (11.85, 13.16), 315.0, 12_000, "12 km NW of Maiduguri"),
    ("Yemen", "Houthi fighters attacked a base 2.5 km to the south-west of Marib.",
     "Ma'rib", (15.46, 45.33), 225.0, 2_500, "2.5 km SW of Ma'rib"),
    ("Afghanistan", "U.S. jets bombed Taliban positions 12km NE of Kunduz.",
     "Kunduz", (36.73, 68.86), 45.0, 12_000, "12 km NE of Kunduz"),
]


@pytest.mark.parametrize("conflict, text, anchor, centre, azimuth, metres, place", CASES,
                         ids=[f"{c[0]}: {c[6]}" for c in CASES])
def test_an_event_is_drawn_at_the_distance_and_bearing_from_its_anchor(
        gazetteer, actors, conflict, text, anchor, centre, azimuth, metres, place):
    doc = annotated(text, gazetteer, actors)
    (offset,) = doc.layer("offsets")
    mention = next(m for m in doc.mentions if m.start == offset.anchor_start)
    assert mention.name == anchor == offset.anchor_name
    assert (offset.kind, offset.azimuth, offset.distance_m) == ("offset", azimuth, pytest.approx(metres))
    assert text[offset.start:offset.end] == offset.text and offset.text.endswith("of " + mention.text)
    # The point, computed here on its own: the same geodesic from the anchor the gazetteer gives ...
    lon, lat, _ = WGS84.fwd(mention.lon, mention.lat, azimuth, metres)
    assert metres_apart(offset.lat, offset.lon, lat, lon) < 1.0
    # ... and within 3 km of the geodesic from the town's published centre.
    lon, lat, _ = WGS84.fwd(centre[1], centre[0], azimuth, metres)
    assert metres_apart(offset.lat, offset.lon, lat, lon) < 3_000

    (record,) = [r for r in extract_records(doc) if r.kind == "event"]
    assert (record.geo_precision, record.place) == ("offset", place)
    assert record.place_id == f"offset:{mention.place_id}:{azimuth:g}:{round(metres)}"
    assert (record.lat, record.lon) == (offset.lat, offset.lon)
    assert (record.country, record.admin1) == (mention.country, mention.admin1)
    # Never at the anchor itself: the record is as far from it as the report says.
    assert metres_apart(record.lat, record.lon, mention.lat, mention.lon) == pytest.approx(metres, rel=1e-6)
    source = record.sources[0]
    assert text[source.place_start:source.place_end] == offset.text


def test_the_road_between_two_towns_is_drawn_at_their_geodesic_midpoint(gazetteer, actors):  # Syria
    text = "Rebels shelled government positions on the road between Aleppo and Raqqa on Tuesday."
    doc = annotated(text, gazetteer, actors)
    (offset,) = doc.layer("offsets")
    aleppo, raqqa = (m for m in doc.mentions if m.start in (offset.anchor_start, offset.other_start))
    assert (aleppo.name, raqqa.name, offset.kind) == ("Aleppo", "Ar Raqqah", "between")
    assert offset.text == "the road between Aleppo and Raqqa"
    ((lon, lat),) = WGS84.npts(aleppo.lon, aleppo.lat, raqqa.lon, raqqa.lat, 1)
    assert metres_apart(offset.lat, offset.lon, lat, lon) < 1.0
    (record,) = extract_records(doc)
    assert (record.geo_precision, record.place) == ("between", "between Aleppo and Ar Raqqah")
    assert record.place_id == f"between:{aleppo.place_id}:{raqqa.place_id}"
    assert min(metres_apart(record.lat, record.lon, m.lat, m.lon) for m in (aleppo, raqqa)) > 50_000


def test_positions_and_held_areas_are_drawn_at_the_offset_too(gazetteer, actors):  # Syria
    text = "Government jets bombed rebel-held areas 10 km north of Hama."
    doc = annotated(text, gazetteer, actors)
    hama = next(m for m in doc.mentions if m.name == "Ḩamāh")
    records = extract_records(doc)
    assert {r.kind for r in records} == {"position", "event"}
    assert {(r.place, r.geo_precision) for r in records} == {("10 km N of Ḩamāh", "offset")}
    lon, lat, _ = WGS84.fwd(hama.lon, hama.lat, 0.0, 10_000)
    assert all(metres_apart(r.lat, r.lon, lat, lon) < 1.0 for r in records)


def test_a_place_named_with_its_distance_from_another_keeps_its_own_point(gazetteer, actors):  # Syria
    text = "Rebels attacked Kurdish forces in Manbij, 80 km north-east of Aleppo, on Monday."
    doc = annotated(text, gazetteer, actors)
    assert [o.anchor_name for o in doc.layer("offsets")] == ["Aleppo"]
    (record,) = extract_records(doc)
    assert (record.place, record.geo_precision) == ("Manbij", "town")


@pytest.mark.parametrize("text", [
    "The missile has a range of 400 km, officials in Damascus said.",  # Syria
    "The nearest Islamic State fighters are 55 km away from the front near Mosul.",  # Iraq
    "Some 40 km of road were repaired near Kandahar.",  # Afghanistan
    "Saudi jets bombed targets 12 km south-east of the town.",  # Yemen: no anchor named
    "Al-Shabaab fighters attacked a village a few kilometres north of Kismayo.",  # Somalia: no distance
    "Russian forces shelled positions 30 km south of Ukraine.",  # Ukraine: a country, measured from an edge we lack
    "Gunmen attacked a village 20 km northsouth of Timbuktu.",  # Mali: no compass point
    "Boko Haram fighters attacked a village 15 km north-west of the city of Maiduguri.",  # Nigeria: not right after "of"
])
def test_no_offset_without_a_distance_a_bearing_and_an_anchor_right_after_of(gazetteer, actors, text):
    doc = annotated(text, gazetteer, actors)
    assert doc.layer("offsets") == ()
    assert all(r.geo_precision not in ("offset", "between") for r in extract_records(doc))


def test_a_metonym_anchors_nothing(gazetteer, actors):  # Ukraine
    doc = annotated("Moscow said its jets bombed sites 10 km east of Kharkiv.", gazetteer, actors)
    moscow = next(m for m in doc.mentions if m.name == "Moscow")
    assert moscow.metonymic and anchored(doc, moscow) is None
    assert [o.anchor_name for o in doc.layer("offsets")] == ["Kharkiv"]


def test_as_mention_carries_the_anchor_but_not_its_point(gazetteer, actors):  # Iraq
    doc = annotated("Iraqi troops attacked Islamic State fighters 20 km (12 miles) north of Mosul.", gazetteer, actors)
    mosul = next(m for m in doc.mentions if m.name == "Mosul")
    offset = anchored(doc, mosul)
    assert offset is not None and offset.text == "20 km (12 miles) north of Mosul"
    derived = as_mention(offset, mosul)
    assert (derived.name, derived.feature, derived.context) == ("20 km N of Mosul", "offset", "Mosul")
    assert (derived.country, derived.admin1, derived.confidence) == (mosul.country, mosul.admin1, mosul.confidence)
    assert derived.facility is None and (derived.lat, derived.lon) != (mosul.lat, mosul.lon)


@pytest.mark.parametrize("words, degrees", [
    ("north", 0.0), ("NE", 45.0), ("north-east", 45.0), ("northeast", 45.0), ("north east", 45.0),
    ("north-northeast", 22.5), ("NNE", 22.5), ("east-south-east", 112.5), ("south-east", 135.0),
    ("SSW", 202.5), ("south-west", 225.0), ("west", 270.0), ("North-West", 315.0), ("north-north-west", 337.5),
])
def test_compass_points(words, degrees):
    assert azimuth_of(words) == degrees
    assert len(COMPASS) == 16


def test_compass_words_that_are_no_point():
    assert azimuth_of("north-south") is None and azimuth_of("east west") is None


@pytest.mark.parametrize("number, unit, expected", [
    ("12", "km", (12_000.0, "km")), ("2.5", "kilometres", (2_500.0, "km")), ("twenty", "miles", (32_186.88, "mi")),
    ("1,500", "metres", (1_500.0, "m")), ("a", "mile", (1_609.344, "mi")), ("5", "kilometers", (5_000.0, "km")),
])
def test_distances_are_metres(number, unit, expected):
    metres, short = metres_of(number, unit)
    assert (pytest.approx(metres), short) == expected


def test_geodesic_destination_and_midpoint_agree_with_pyproj():
    lon, lat = geodesic_destination(43.13, 36.34, 45.0, 32_186.88)  # Mosul, 20 miles north-east
    expected = WGS84.fwd(43.13, 36.34, 45.0, 32_186.88)
    assert metres_apart(lat, lon, expected[1], expected[0]) < 0.01
    assert geodesic_destination(43.13, 36.34, 123.0, 0.0) == pytest.approx((43.13, 36.34))
    lon, lat = geodesic_midpoint(37.16, 36.20, 39.01, 35.95)  # Aleppo and Raqqa
    ((mid_lon, mid_lat),) = WGS84.npts(37.16, 36.20, 39.01, 35.95, 1)
    assert metres_apart(lat, lon, mid_lat, mid_lon) < 0.01
    assert metres_apart(lat, lon, 36.20, 37.16) == pytest.approx(metres_apart(lat, lon, 35.95, 39.01), rel=1e-9)


def test_an_offset_is_located_to_within_a_few_km():
    assert UNCERTAINTY_KM["offset"] == 5.0
    assert UNCERTAINTY_KM["site"] < UNCERTAINTY_KM["offset"] < UNCERTAINTY_KM["town"]


def test_the_mentions_command_gives_the_offset_and_its_anchor(tmp_path):  # Syria
    import json
    import subprocess
    import sys

    report = tmp_path / "r.txt"
    report.write_text("Shelling hit a village 14 km north of Manbij on Monday.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "geo", "-q", "mentions", str(report)], capture_output=True,
                          text=True, check=True)
    [line] = done.stdout.splitlines()
    [offset] = [m for m in json.loads(line)["mentions"] if m["feature"] == "offset"]
    assert (offset["text"], offset["context"]) == ("14 km north of Manbij", "Manbij")
    assert offset["lat"] > 36.5  # north of Manbij (36.53 N)


# Borders: the middle of the longest stretch two countries share (world-atlas countries-50m,
# Natural Earth's admin-0 outlines); the points below are checked against that stretch's ends.
BORDER_CASES = [
    # Syria: seen from Syria (the demonym), the border with Turkey runs from the Mediterranean to Iraq.
    ("Syria", "Syrian regime jets struck a village near the border with Turkey.", "SY", "TR"),
    # Syria: "the Turkish border" seen from Idlib.
    ("Syria", "Jets struck a camp in Idlib near the Turkish border.", "SY", "TR"),
    # Ukraine: "along the border with Russia", the scene in Sumy oblast.
    ("Ukraine", "Drones struck villages along the border with Russia, officials in Sumy said.", "UA", "RU"),
    # Afghanistan: "near the Pakistani border", the Taliban named.
    ("Afghanistan", "Afghan forces said a mortar round landed near the Pakistani border.", "AF", "PK"),
    # Sudan: "near the border with South Sudan".
    ("Sudan", "Sudanese troops clashed with militiamen near the border with South Sudan.", "SD", "SS"),
]


@pytest.mark.parametrize("conflict, text, scene, neighbour", BORDER_CASES, ids=[c[0] for c in BORDER_CASES])
def test_near_the_border_is_a_point_on_the_shared_border(gazetteer, conflict, text, scene, neighbour):
    from geo.extract.annotate import place_mentions
    from geo.gazetteer.borders import border_point

    [point] = [m for m in place_mentions(text, gazetteer) if m.feature == "border"]
    assert (point.country, point.place_id) == (scene, f"border:{scene}:{neighbour}")
    expected = border_point(scene, neighbour)
    assert expected is not None
    assert metres_apart(point.lat, point.lon, *expected) < 1.0
    # on the border: within about a kilometre of both countries' outlines
    import shapely

    from geo.gazetteer.borders import _outlines

    here = shapely.Point(point.lon, point.lat)
    assert _outlines()[scene].distance(here) < 0.02 and _outlines()[neighbour].distance(here) < 0.02


def test_a_town_named_with_the_border_keeps_the_event_at_the_town(gazetteer, actors):  # Syria
    doc = annotated("Turkish drones struck Tal Abyad near the border with Turkey on Monday.", gazetteer, actors)
    [record] = [r for r in extract_records(doc) if r.kind == "event"]
    assert record.geo_precision == "town" and record.place == "Tall Abyaḑ"


def test_an_event_near_the_border_only_is_located_to_the_border(gazetteer, actors):  # Syria
    doc = annotated("Syrian regime jets struck a village near the border with Turkey on Monday.", gazetteer, actors)
    [record] = [r for r in extract_records(doc) if r.kind == "event"]
    assert record.geo_precision == "border" and record.country == "SY"


def test_no_border_point_between_countries_that_share_none(gazetteer):  # Syria and Egypt
    from geo.extract.annotate import place_mentions

    mentions = place_mentions("Syrian officials met near the border with Egypt.", gazetteer)
    assert [m for m in mentions if m.feature == "border"] == []
