"""Importing an ACLED CSV export and a GDELT 2.0 events file as datasets (geo.store.imports), on a
real SQLite store, and ``python -m geo import`` as a user runs it. The files are small ones written
here in those formats (made-up events), never their data."""

from __future__ import annotations

import json
import sqlite3
import zipfile

import pytest

from geo.errors import InputError
from geo.store import current_records, open_store
from geo.store.acled import acled_records
from geo.store.gdelt import GDELT_COLUMNS, cameo_type, gdelt_records
from geo.store.importrows import Skipped
from geo.store.imports import ImportResult, import_file, read_text

from .test_cli import cli

ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
                "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,"
                "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
                "notes,fatalities,tags,timestamp")
ACLED_ROWS = [
    # made-up events of several conflicts, in the three date formats
    'XSY101,09 May 2020,2020,1,Political violence,Explosions/Remote violence,Shelling/artillery/missile attack,'
    'Military Forces of Syria (2000-),,1,,,,10,,760,Middle East,Syria,Idleb,Ariha,,Kafr Nabl,35.6131,36.5614,1,'
    'Local news outlet,Subnational,"On 9 May, regime forces shelled Kafr Nabl, wounding two.",0,,1589000000',
    'XUA102,2022-03-01,2022,2,Political violence,Battles,Armed clash,Military Forces of Russia (2000-),,8,'
    'Military Forces of Ukraine (2019-),,1,18,,804,Europe,Ukraine,Kharkiv,Kharkivskyi,,Kharkiv,49.9935,36.2304,2,'
    'Regional paper; Wire service,National,Clashes near Kharkiv during the week.,12,,1646100000',
    'XML103,9-May-20,2020,3,Demonstrations,Protests,Peaceful protest,Protesters (Mali),,6,,,,60,,466,'
    'Western Africa,Mali,Bamako,,,Bamako,12.6392,-8.0029,3,Wire service,International,A rally in Bamako.,0,,1',
    'XSD104,31 Febtember 2020,2020,1,Political violence,Battles,Armed clash,Group A,,3,Group B,,3,33,,729,'
    'Northern Africa,Sudan,Khartoum,,,Khartoum,15.5,32.5,1,Outlet,National,A row with a bad date.,0,,1',
    'XSD105,2020-01-02,2020,1,Political violence,Violence against civilians,Attack,Group A,,3,Civilians (Sudan),,7,'
    '37,Civilian targeting,729,Northern Africa,Sudan,Darfur,,,Somewhere,north,24.1,1,Outlet,National,Not a latitude.,'
    '1,,1',
]


def _acled(rows=ACLED_ROWS) -> str:
    return "\n".join([ACLED_HEADER, *rows]) + "\n"


def _gdelt_row(event_id, day, code, root, geo_type, lat, lon, *, actor1="POLICE", actor2="PROTESTER",
               place="Aleppo, Halab, Syria", url="https://news.example.org/story"):
    cells = dict.fromkeys(GDELT_COLUMNS, "")
    cells.update(GlobalEventID=event_id, Day=day, MonthYear=day[:6], Year=day[:4], Actor1Name=actor1,
                 Actor2Name=actor2, IsRootEvent="1", EventCode=code, EventBaseCode=code[:3],
                 EventRootCode=root, QuadClass="4", GoldsteinScale="-10.0", NumMentions="3",
                 ActionGeo_Type=geo_type, ActionGeo_FullName=place, ActionGeo_CountryCode="SY",
                 ActionGeo_Lat=lat, ActionGeo_Long=lon, ActionGeo_FeatureID="-123", DATEADDED=day + "120000",
                 SOURCEURL=url)
    return "\t".join(cells[name] for name in GDELT_COLUMNS)


GDELT_ROWS = [
    _gdelt_row("1001", "20231012", "1451", "14", "4", "36.2", "37.15"),
    _gdelt_row("1002", "20231012", "195", "19", "5", "48.0", "37.8", actor1="RUSSIA", actor2="UKRAINE",
               place="Donets'ka Oblast', Ukraine", url="https://news.example.org/air"),
    _gdelt_row("1003", "20231013", "173", "17", "1", "15.0", "30.0", actor1="POLICE", actor2="ACTIVIST",
               place="Sudan", url="https://news.example.org/arrest"),
    _gdelt_row("1004", "2023-10-13", "190", "19", "4", "36.2", "37.15"),  # not YYYYMMDD
    _gdelt_row("1005", "20231013", "040", "04", "0", "", "", actor1="FRANCE", actor2="GERMANY", place=""),
]


def _gdelt(rows=GDELT_ROWS) -> str:
    return "\n".join(rows) + "\n"


@pytest.fixture()
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'ws.sqlite'}"


def _count(database, table):
    with sqlite3.connect(database) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_acled_rows_keep_their_types_and_map_their_precision():
    found, skipped = acled_records(_acled(), name="acled 2020")
    assert [(s.line, s.reason.split(",")[0]) for s in skipped] == [
        (5, "expected a date such as '09 May 2020'"), (6, "expected numbers for latitude and longitude")]
    shelling, clash, rally = found
    assert (shelling.event_type, shelling.sub_event_type, shelling.event_date, shelling.date_precision,
            shelling.geo_precision, shelling.place, shelling.lat, shelling.lon) == (
        "Explosions/Remote violence", "Shelling/artillery/missile attack", "2020-05-09", "day", "town", "Kafr Nabl",
        35.6131, 36.5614)
    assert shelling.sources[0].quote == "On 9 May, regime forces shelled Kafr Nabl, wounding two."
    assert shelling.sources[0].outlet == "Local news outlet" and shelling.sources[0].report == "acled 2020:XSY101"
    assert (clash.actor, clash.actor2, clash.date_precision, clash.geo_precision) == (
        "Military Forces of Russia (2000-)", "Military Forces of Ukraine (2019-)", "week", "district")
    assert clash.sources[0].fatalities == "12"
    assert (rally.event_date, rally.date_precision, rally.geo_precision) == ("2020-05-09", "month", "province")


def test_acled_tolerates_missing_optional_columns_and_names_a_missing_required_one():
    found, skipped = acled_records("event_date,event_type,latitude,longitude\n2021-06-01,Riots,10,20\n")
    assert not skipped and found[0].event_type == "Riots" and found[0].actor is None
    with pytest.raises(InputError, match="without latitude"):
        acled_records("event_date,event_type,lat,longitude\n2021-06-01,Riots,10,20\n")


def test_gdelt_cameo_codes_map_to_the_nearest_acled_type_and_geo_types_to_precision():
    found, skipped = gdelt_records(_gdelt(), name="gdelt")
    assert [(s.line, s.reason) for s in skipped] == [(4, "expected a Day such as 20200509, instead got '2023-10-13'")]
    riot, air, arrest, talks = found
    assert (riot.event_type, riot.sub_event_type, riot.geo_precision, riot.event_date) == (
        "Riots", "Violent demonstration", "town", "2023-10-12")
    assert (air.event_type, air.sub_event_type, air.geo_precision) == ("Explosions/Remote violence",
                                                                       "Air/drone strike", "province")
    assert (arrest.event_type, arrest.sub_event_type, arrest.geo_precision) == ("Strategic developments", "Arrests",
                                                                                "country")
    assert (talks.event_type, talks.lat, talks.geo_precision) == ("Strategic developments", None, None)
    assert riot.sources[0].url == "https://news.example.org/story"
    assert riot.sources[0].quote == "POLICE - Protest violently, riot (CAMEO 1451) - PROTESTER"
    assert cameo_type("1823")[1:] == ("Violence against civilians", "Attack")
    assert cameo_type("193")[1:] == ("Battles", "Armed clash")
    assert cameo_type("204", "20")[1] == "Violence against civilians"


def test_the_summary_names_the_first_skipped_rows_and_counts_the_others():
    many = ImportResult(dataset="gdelt", source="gdelt", added=1,
                        skipped=[Skipped(n, "expected a Day") for n in range(2, 27)])
    lines = str(many).splitlines()
    assert lines[0] == "dataset 'gdelt' (gdelt): 1 records imported, 0 replaced, 25 rows skipped"
    assert lines[1] == "  skipped line 2: expected a Day" and len(lines) == 12
    assert lines[-1] == "  ... and 15 more rows skipped (each is in the log)"


def test_a_gdelt_row_of_the_wrong_width_is_named_and_a_csv_is_not_gdelt():
    found, skipped = gdelt_records(_gdelt([GDELT_ROWS[0], "1006\t20231012\t190"]))
    assert len(found) == 1 and skipped[0].line == 2
    assert "expected 61 tab-separated columns, instead got 3" in skipped[0].reason
    with pytest.raises(InputError, match="expected a GDELT 2.0 events export"):
        gdelt_records(_acled())


def test_import_is_one_dataset_and_the_same_file_again_adds_nothing(tmp_path, url):
    engine = open_store(url)
    path = tmp_path / "acled.csv"
    path.write_text(_acled(), encoding="utf-8")
    first = import_file(engine, "acled", path, name="ACLED Syria Ukraine Mali")
    assert (first.added, first.replaced, len(first.skipped)) == (3, 0, 2)
    again = import_file(engine, "acled", path, name="ACLED Syria Ukraine Mali")
    assert again.already == "ACLED Syria Ukraine Mali" and again.added == 0
    frame = current_records(engine)
    assert sorted(frame["place"]) == ["Bamako", "Kafr Nabl", "Kharkiv"]
    assert set(frame["dataset"]) == {"ACLED Syria Ukraine Mali"} and set(frame["review_status"]) == {"unreviewed"}
    assert _count(tmp_path / "ws.sqlite", "records") == 3
    # a newer export of the same events replaces them; a new event is added
    newer = tmp_path / "acled-newer.csv"
    newer.write_text(_acled([ACLED_ROWS[0].replace("wounding two", "wounding three"),
                             ACLED_ROWS[2].replace("XML103", "XML106")]), encoding="utf-8")
    third = import_file(engine, "acled", newer, name="ACLED Syria Ukraine Mali")
    assert (third.added, third.replaced) == (1, 1)
    frame = current_records(engine)
    assert len(frame) == 4 and any("wounding three" in s[0]["quote"] for s in frame["sources"])


def test_imported_events_are_not_merged_with_each_other_nor_with_a_dataset_of_another_kind(tmp_path, url):
    engine = open_store(url)
    path = tmp_path / "twice.csv"
    same_place = ACLED_ROWS[0].replace("XSY101", "XSY107").replace("Local news outlet", "Another outlet")
    path.write_text(_acled([ACLED_ROWS[0], same_place]), encoding="utf-8")
    assert import_file(engine, "acled", path).added == 2
    assert len(current_records(engine)) == 2  # two events ACLED counts apart stay two
    gdelt = tmp_path / "20231012.export.CSV"
    gdelt.write_text(_gdelt(), encoding="utf-8")
    with pytest.raises(InputError, match="dataset 'acled' of acled records"):
        import_file(engine, "gdelt", gdelt, name="acled")
    with pytest.raises(InputError, match="of extracted records"):
        import_file(engine, "gdelt", gdelt, name="extracted")
    assert len(current_records(engine)) == 2


def test_cli_imports_acled_and_gdelt_and_records_shows_both(tmp_path, url):
    acled = tmp_path / "acled.csv"
    acled.write_text(_acled(), encoding="utf-8")
    done = cli("import", "acled", acled, "--store", url, "--name", "acled-2020")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "dataset 'acled-2020' (acled): 3 records imported, 0 replaced, 2 rows skipped"
    assert "skipped line 5: expected a date" in done.stdout and "skipped line 6: expected numbers" in done.stdout
    assert "line 5" in done.stderr  # and logged
    assert done.stdout.splitlines()[-1] == ("agreement with our events (same day +-1, within 25 km, compatible type): "
                                            "0 both, 0 ours only, 3 theirs only")
    archive = tmp_path / "20231012000000.export.CSV.zip"  # as downloaded
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("20231012000000.export.CSV", _gdelt())
    done = cli("import", "gdelt", archive, "--store", url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("dataset 'gdelt' (gdelt): 4 records imported, 0 replaced, 1 rows skipped")
    again = cli("import", "gdelt", archive, "--store", url)
    assert again.returncode == 0
    assert again.stdout.strip() == "gdelt file already imported into dataset 'gdelt': nothing added"
    out = tmp_path / "records.geojson"
    assert cli("records", "--store", url, "-o", out).returncode == 0
    features = json.loads(out.read_text())["features"]
    by_dataset = {}
    for feature in features:
        by_dataset.setdefault(feature["properties"]["dataset"], []).append(feature["properties"])
    assert {name: len(rows) for name, rows in by_dataset.items()} == {"acled-2020": 3, "gdelt": 4}
    air = next(p for p in by_dataset["gdelt"] if p["sub_event_type"] == "Air/drone strike")
    assert air["sources"][0]["url"] == "https://news.example.org/air" and air["geo_precision"] == "province"
    done = cli("review", air["record_id"], "--store", url, "--by", "ana", "--status", "confirmed")
    assert done.returncode == 0, done.stderr
    assert cli("records", "--store", url, "-o", out).returncode == 0
    shown = {f["properties"]["record_id"]: f["properties"] for f in json.loads(out.read_text())["features"]}
    assert shown[air["record_id"]]["review_status"] == "confirmed"


@pytest.mark.parametrize("content, message", [
    (b"", "instead got an empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "instead got a binary file"),
    (b"just a note\nnothing tabular here\n", "expected an ACLED CSV export with the columns"),
    ((ACLED_HEADER + "\nX1,someday,2020,1,,Battles\n").encode(), "no row could be read as an ACLED CSV export"),
])
def test_a_bad_file_is_refused_with_status_2_and_the_store_is_unchanged(tmp_path, url, content, message):
    good = tmp_path / "good.csv"
    good.write_text(_acled(), encoding="utf-8")
    assert cli("import", "acled", good, "--store", url).returncode == 0
    database = tmp_path / "ws.sqlite"
    before = (_count(database, "records"), _count(database, "imports"), _count(database, "datasets"))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    done = cli("import", "acled", bad, "--store", url, "--name", "another")
    errors = [line for line in done.stderr.splitlines() if line.startswith("geo: ERROR:")]
    assert done.returncode == 2 and len(errors) == 1 and message in errors[0], done.stderr
    assert (_count(database, "records"), _count(database, "imports"), _count(database, "datasets")) == before


def test_a_bad_file_creates_no_store(tmp_path, url):
    bad = tmp_path / "20231012.export.CSV"
    bad.write_bytes(b"\x00\x01\x02")
    done = cli("import", "gdelt", bad, "--store", url)
    assert done.returncode == 2 and "binary file" in done.stderr
    assert not (tmp_path / "ws.sqlite").exists()


def test_a_file_or_zipped_file_over_the_limit_is_refused(tmp_path):
    plain = tmp_path / "20231012.export.CSV"
    plain.write_text(_gdelt(), encoding="utf-8")
    with pytest.raises(InputError, match="at most 100 bytes"):
        read_text(plain, "gdelt", limit=100)
    archive = tmp_path / "20231012.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("20231012.export.CSV", _gdelt() * 50)
    assert archive.stat().st_size < 2000
    with pytest.raises(InputError, match="zipped file of at most 2,000 bytes"):
        read_text(archive, "gdelt", limit=2000)
    text, digest = read_text(archive, "gdelt")
    assert text.startswith("1001\t20231012\t") and len(digest) == 64


def test_imported_events_get_our_country_codes():
    # ACLED names countries; GDELT gives FIPS 10-4 codes ("UP" is Ukraine, "GZ" the Gaza Strip):
    # both become the ISO codes of our records.
    found, _ = acled_records(_acled())
    assert [r.country for r in found] == ["SY", "UA", "ML"]
    rows = [_gdelt_row("2001", "20231012", "195", "19", "4", "48.0", "37.8").replace("\tSY\t", "\tUP\t"),
            _gdelt_row("2002", "20231012", "190", "19", "4", "31.5", "34.45").replace("\tSY\t", "\tGZ\t"),
            _gdelt_row("2003", "20231012", "190", "19", "4", "0.0", "0.0").replace("\tSY\t", "\tQQ\t")]
    found, _ = gdelt_records(_gdelt(rows))
    assert [r.country for r in found] == ["UA", "PS", None]  # an unknown code stays empty
