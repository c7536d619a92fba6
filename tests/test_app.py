"""The Streamlit app as a user sees it (AppTest: no browser, no network)."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import sys

import geopandas as gpd
import pandas as pd
import pytest
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from geo.io.export import to_geojson_bytes

from .app_store import fresh_store, workspace  # noqa: F401  (workspace: a store of its own per test)
from .conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture()
def downloads(monkeypatch):
    """What each download button would hand to the browser, by file name: (bytes, mimetype).

    The app passes callables that Streamlit runs when a button is clicked, which AppTest
    cannot do; here each one is run as the page is made, as a click would run it."""
    captured: dict[str, tuple[bytes, str]] = {}
    original = DeltaGenerator.download_button

    def capture(self, label, data, file_name=None, mime=None, **kwargs):
        made = data() if callable(data) else data
        captured[file_name] = (made, mime)
        return original(self, label, made, file_name=file_name, mime=mime, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", capture)
    return captured


def shown(at) -> tuple[int, int]:
    value = next(m.value for m in at.sidebar.markdown if m.value.startswith("Records shown: "))
    shown_count, total = re.fullmatch(r"Records shown: \*\*(\d+) of (\d+)\*\*", value).groups()
    return int(shown_count), int(total)


def text_of(element) -> str:
    """What the user reads in an alert or caption: the app escapes Markdown signs with backslashes."""
    return re.sub(r"\\(.)", r"\1", element.value)


def start(monkeypatch, *args, query: dict | None = None):
    """The app with ``args``; a folder given with --data goes to an empty store of its own."""
    if "--data" in args and "--store" not in args:
        args = (*args, "--store", fresh_store())
    monkeypatch.setattr(sys, "argv", ["app.py", *args])
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def opened(at, panel: str):
    """``at`` with the sidebar's panel ``panel`` ("reports" or "positions") opened, as a click on it
    would: its widgets are made only while it is open."""
    at.session_state[f"panel_{panel}"] = True
    at.run()
    assert not at.exception, at.exception
    return at


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def geojson_features(downloads) -> list[dict]:
    data, mimetype = downloads["records.geojson"]
    assert mimetype == "application/geo+json"
    return json.loads(data)["features"]


def test_every_filter_changes_the_count_the_download_and_the_url(monkeypatch, downloads):
    at = start(monkeypatch)
    count, total = shown(at)
    assert count == total > 10
    assert len(geojson_features(downloads)) == total

    at.multiselect(key="filter_actors").set_value(["Islamic State"]).run()
    count, _ = shown(at)
    assert 0 < count < total
    features = geojson_features(downloads)
    assert len(features) == count
    assert all("Islamic State" in (f["properties"]["actor"], f["properties"]["actor2"]) for f in features)
    assert at.query_params["actors"] == "Islamic State"
    at.multiselect(key="filter_actors").set_value([]).run()  # nothing chosen: every record
    assert "actors" not in at.query_params

    at.multiselect(key="filter_types").set_value(["Explosions/Remote violence"]).run()
    assert {f["properties"]["event_type"] for f in geojson_features(downloads)} == {"Explosions/Remote violence"}
    at.multiselect(key="filter_types").set_value([]).run()  # nothing chosen: every record

    at.multiselect(key="filter_kinds").set_value(["position"]).run()
    assert {f["properties"]["kind"] for f in geojson_features(downloads)} == {"position"}
    at.multiselect(key="filter_kinds").set_value([]).run()  # nothing chosen: every record

    at.multiselect(key="filter_outlets").set_value(["RFE/RL"]).run()
    features = geojson_features(downloads)
    assert features and all(any(s["outlet"] == "RFE/RL" for s in f["properties"]["sources"]) for f in features)
    at.multiselect(key="filter_outlets").set_value([]).run()  # nothing chosen: every record

    at.text_input(key="filter_q").set_value("civilian deaths").run()
    assert shown(at)[0] == 1 and at.query_params["q"] == "civilian deaths"
    at.text_input(key="filter_q").set_value("").run()
    assert shown(at)[0] == total

    at.checkbox(key="filter_undated").uncheck().run()
    dated, _ = shown(at)
    assert dated < total and at.query_params["undated"] == "0"
    first, last = at.date_input(key="filter_dates").value
    at.date_input(key="filter_dates").set_value((last, last)).run()
    assert not at.exception
    assert shown(at)[0] < dated and at.query_params["start"] == last.isoformat()
    at.date_input(key="filter_dates").set_value((first,)).run()  # a half-picked range
    assert not at.exception and shown(at)[0] == dated


FILTERS = ("actors", "types", "sub_types", "kinds", "outlets", "status", "datasets")


def test_the_first_screen_says_what_the_view_holds_and_its_filters_start_empty(monkeypatch):
    at = start(monkeypatch)
    count, total = shown(at)
    assert count == total
    for name in FILTERS:
        assert at.multiselect(key=f"filter_{name}").value == [], name  # no chips: empty means all
    actors = at.multiselect(key="filter_actors")
    assert "Russia (10)" in actors.options and actors.placeholder.startswith("All ")
    assert "(not stated) (5)" in at.multiselect(key="filter_outlets").options
    line = next(text_of(m) for m in at.markdown if " reports by " in m.value)
    assert line.startswith("11 events · 6 assets · 6 positions · 1 claim | 1 Sep – 24 Nov 2015 |")
    assert "from 5 reports by 3 outlets" in line and "1 claim does not hold" in line
    assert line.endswith(f"{total} waiting for review")  # the workspace's records, none reviewed yet
    assert any("3 records outside this view" in text_of(c) for c in at.caption)
    assert all(widget.help for widget in (*at.multiselect, at.date_input(key="filter_dates"),
                                          at.text_input(key="filter_q"), at.checkbox(key="filter_undated")))
    assert not any(name in at.query_params for name in (*FILTERS, "start", "end", "q", "undated"))


def test_the_url_keeps_only_what_the_user_chose(monkeypatch):
    at = start(monkeypatch)
    at.multiselect(key="filter_kinds").set_value(["event"]).run()
    at.multiselect(key="filter_actors").set_value(["Russia", "Turkey"]).run()
    assert dict(at.query_params) == {"kinds": "event", "actors": "Russia,Turkey"}
    events = shown(at)[0]
    line = next(text_of(m) for m in at.markdown if " reports by " in m.value)
    assert line.startswith(f"{events} events | ")  # the line follows the filters
    at.multiselect(key="filter_kinds").set_value([]).run()
    assert dict(at.query_params) == {"actors": "Russia,Turkey"}
    # the URL alone opens the same view, and an empty or unknown value means every record
    again = start(monkeypatch, query={"kinds": "event", "actors": "Russia,Turkey,Nobody", "types": ""})
    assert shown(again)[0] == events and again.multiselect(key="filter_actors").value == ["Russia", "Turkey"]
    assert again.multiselect(key="filter_types").value == []


def test_the_toolbar_is_in_viewer_mode():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["toolbarMode"] == "viewer"  # no Deploy button (the browser test looks too)


def test_a_shared_url_opens_the_same_view(monkeypatch):
    at = start(monkeypatch, query={"actors": "Islamic State", "kinds": "position", "q": "Deir"})
    assert at.multiselect(key="filter_actors").value == ["Islamic State"]
    assert shown(at)[0] == 3  # the sentence naming Deir al-Zour names Ruqqa and Aleppo too
    assert set(at.dataframe[0].value["place"]) == {"Ar Raqqah", "Aleppo", "Deir ez-Zor"}
    assert at.text_input(key="filter_q").value == "Deir"


def test_every_export_of_the_filtered_view(monkeypatch, downloads, tmp_path):
    at = start(monkeypatch)
    at.multiselect(key="filter_kinds").set_value(["event", "claim"]).run()
    count, _ = shown(at)

    table = pd.read_csv(io.BytesIO(downloads["records.csv"][0]))
    assert downloads["records.csv"][1] == "text/csv"
    assert list(table.columns[:13]) == ["event_date", "event_type", "sub_event_type", "actor1", "actor2",
                                        "location", "latitude", "longitude", "geo_precision", "time_precision",
                                        "source", "notes", "fatalities"]
    assert {"quote", "url"} <= set(table.columns) and len(table) == count

    package = tmp_path / "records.gpkg"
    package.write_bytes(downloads["records.gpkg"][0])
    with sqlite3.connect(package) as db:
        layers = {name for (name,) in db.execute("select table_name from gpkg_contents")}
    assert layers == {"events", "claims"}
    assert len(gpd.read_file(package, layer="events")) + len(gpd.read_file(package, layer="claims")) == count

    page, mimetype = downloads["map.html"]
    assert mimetype == "text/html"
    html = page.decode("utf-8") if isinstance(page, bytes) else page
    assert "L.map(" in html and 'src="/app/' not in html


def test_table_selection_shows_every_source(monkeypatch):
    at = start(monkeypatch)
    assert "Click a marker or a row" in at.caption[-1].value or any("Click a marker" in c.value for c in at.caption)
    table = at.dataframe[0].value
    # the selection is by row position in the table shown, not by the frame's index label
    homs = int(((table["place"] == "Homs") & (table["sub-type"] == "Air/drone strike")).to_numpy().nonzero()[0][0])
    state = at.session_state
    state["table"] = {"selection": {"rows": [homs], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    sources = at.dataframe[1].value
    assert len(sources) >= 5 and {"quote", "outlet", "link"} <= set(sources.columns)
    assert "32 civilian deaths" in set(sources["figure"].dropna())


def test_claims_panel_and_a_positions_upload(monkeypatch):
    at = start(monkeypatch)
    claims = next(d.value for d in at.dataframe if "verdict" in d.value.columns)
    assert claims["verdict"].iloc[0] == "not consistent" and claims["reported km"].iloc[0] == 55

    uploader = next(u for u in opened(at, "positions").file_uploader if "lat/lon" in u.label)
    uploader.set_value(("is.csv", b"actor,lat,lon,name\nIslamic State,34.95,37.2,East of Homs\n", "text/csv"))
    at.run()
    assert not at.exception
    claims = next(d.value for d in at.dataframe if "verdict" in d.value.columns)
    assert claims["verdict"].iloc[0] == "consistent"
    assert "East of Homs" in claims["explanation"].iloc[0]

    at.selectbox(key="claim_actor").set_value("Syrian rebels").run()
    claims = next(d.value for d in at.dataframe if "verdict" in d.value.columns)
    assert claims["to"].iloc[0] == "Syrian rebels" and claims["data km"].iloc[0] < 20

    at.selectbox(key="distance_actor").set_value("Islamic State").run()
    distances = next(d.value for d in at.dataframe if "nearest_place" in d.value.columns)
    homs = distances[(distances["place"] == "Homs") & (distances["event_type"] == "Explosions/Remote violence")]
    assert homs["nearest_place"].iloc[0] == "East of Homs" and homs["distance_km"].iloc[0] < 60


def test_a_control_area_without_an_actor_column_takes_the_actor_typed(monkeypatch):
    at = start(monkeypatch)
    opened(at, "positions").text_input(key="positions_actor").set_value("Islamic State").run()
    area = (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "held"},'
            b' "geometry": {"type": "Polygon", "coordinates": [[[36.5, 34.5], [37.0, 34.5], [37.0, 35.0],'
            b' [36.5, 35.0], [36.5, 34.5]]]}}]}')
    uploader = next(u for u in at.file_uploader if "lat/lon" in u.label)
    uploader.set_value(("area.geojson", area, "application/geo+json"))
    at.run()
    assert not at.exception
    claims = next(d.value for d in at.dataframe if "verdict" in d.value.columns)
    assert claims["data km"].iloc[0] == 0  # the strikes at Homs lie inside the area


def test_a_bad_positions_file_is_named_and_the_records_stay(monkeypatch):
    at = start(monkeypatch)
    _, total = shown(at)
    uploader = next(u for u in opened(at, "positions").file_uploader if "lat/lon" in u.label)
    uploader.set_value(("broken.csv", b"name,where\nx,y\n", "text/csv"))
    at.run()
    assert not at.exception
    assert any("broken.csv" in text_of(e) and "lat" in text_of(e) for e in at.error)
    assert shown(at) == (total, total)


def test_added_reports_appear_without_losing_the_old_ones_and_bad_files_are_named(monkeypatch):
    at = start(monkeypatch)
    _, total = shown(at)
    uploader = next(u for u in opened(at, "reports").file_uploader if "Report files" in u.label)
    uploader.set_value([("bad.txt", b"\x00\x01binary", "text/plain"),
                        ("new.txt", b"---\ntitle: New\noutlet: Wire\npublished: 2015-10-07\n---\n"
                                    b"Russian warplanes bombed rebel positions near Idlib on Tuesday.", "text/plain")])
    button(at, "Add files").click().run()
    assert not at.exception
    assert any("bad.txt" in text_of(w) for w in at.warning)
    _, grown = shown(at)
    assert grown == total + 1

    at.text_area[0].set_value("Turkish jets shot down a drone near Kilis on Friday.")
    title = next(t for t in at.text_input if t.label == "Title")
    title.set_value("Pasted story")
    button(at, "Add text").click().run()
    assert not at.exception
    assert shown(at)[1] == grown + 1
    places = set(at.dataframe[0].value["place"])
    assert {"Idlib", "Kilis", "Homs"} <= places, places


def test_other_folder_with_a_bad_file(monkeypatch, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "good.txt").write_text("Russian jets bombed targets near Aleppo on Tuesday.", encoding="utf-8")
    at = start(monkeypatch, "--data", str(tmp_path))
    assert any("bad.txt" in text_of(w) for w in at.warning)
    assert shown(at) == (1, 1)


def test_records_file_opens_and_the_cap_notice_shows(monkeypatch, tmp_path, sample):
    big = pd.concat([sample.frame] * 60, ignore_index=True)
    big["record_id"] = [f"r{i}" for i in range(len(big))]
    path = tmp_path / "big.geojson"
    path.write_bytes(to_geojson_bytes(gpd.GeoDataFrame(big, geometry="geometry", crs="EPSG:4326")))
    at = start(monkeypatch, "--records", str(path))
    assert shown(at) == (len(big), len(big))
    assert any("records match; the map shows 500 with popups" in text_of(i) for i in at.info)


def test_folder_without_records_says_so(monkeypatch, tmp_path):
    (tmp_path / "calm.txt").write_text("Nothing happened today.", encoding="utf-8")
    at = start(monkeypatch, "--data", str(tmp_path))
    assert "No events" in text_of(at.info[0])


def test_missing_folder_is_an_error(monkeypatch, tmp_path):
    at = start(monkeypatch, "--data", str(tmp_path / "nope"))
    assert "Expected a folder" in text_of(at.error[0])
