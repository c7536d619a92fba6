"""The app on the analyst's workspace store (AppTest: the real script, no browser): the store opens
by default, added reports reach another session, the review panel's decisions change the map and
the table, filters by review status and dataset, and the agreement with an imported dataset.

Every test has a store of its own (``tests.app_store``); two AppTest sessions of one test share it,
as two analysts' browsers share the server's store."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys

import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from geo.store import current_records, open_store, review_record, write_records
from geo.store.imports import import_file
from geo.store.schema import audit, reports

from .app_store import fresh_store, workspace  # noqa: F401  (workspace: a store of its own per test)
from .test_app import APP, button, downloads, geojson_features, opened, shown, start, text_of  # noqa: F401

ACLED = ("event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,actor2,country,location,"
         "latitude,longitude,geo_precision,source,notes,fatalities\n"
         # made-up rows: the strike at Homs of the sample, told by "ACLED", and one we have not
         "TST1,2015-09-30,1,Explosions/Remote violence,Air/drone strike,Military Forces of Russia (2000-),,Syria,"
         "Homs,34.73,36.71,1,Test outlet,Russian air strikes hit Homs.,0\n"
         "TST2,2015-09-30,1,Battles,Armed clash,Group A,Group B,Syria,Deir ez-Zor,35.33,40.14,1,Test outlet,"
         "Clashes at Deir ez-Zor.,3\n")


def _session(monkeypatch, *args: str):
    monkeypatch.setattr(sys, "argv", ["app.py", *args])
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    return at


def _table(at):
    return next(d.value for d in at.dataframe if "located to" in d.value.columns and "record" in d.value.columns)


def _queue(at):
    return next(d.value for d in at.dataframe if "why" in d.value.columns)


def _review(at, record_id: str, action: str, *, by: str = "Ann", **fields):
    """One decision through the review panel: pick the record, type the fields, press the button."""
    at.text_input(key="review_by").set_value(by)
    at.selectbox(key="review_record").set_value(record_id)
    at.run()
    for name, value in fields.items():
        widget = at.selectbox(key=f"review_{name}") if name in ("event_type", "precision") else (
            at.date_input(key=f"review_{name}") if name == "date" else at.text_input(key=f"review_{name}"))
        widget.set_value(value)
    button(at, action).click().run()
    assert not at.exception, at.exception
    return at


def test_the_store_opens_by_default_with_the_sample_and_once(monkeypatch, workspace):
    assert not workspace.exists()
    at = start(monkeypatch)
    assert workspace.is_file()
    count, total = shown(at)
    assert count == total == 24
    assert any("the store" in text_of(c) and "workspace.sqlite" in text_of(c) for c in at.caption)
    assert set(_table(at)["status"]) == {"unreviewed"} and set(_table(at)["dataset"]) == {"extracted"}
    again = _session(monkeypatch)  # a second start: the sample is not stored twice
    assert shown(again) == (24, 24)
    with open_store(f"sqlite:///{workspace}").connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(reports)).scalar() == 5


def test_another_store_by_url_and_a_folder_stored_into_it(monkeypatch, tmp_path, workspace):
    (tmp_path / "one.txt").write_text("Russian jets bombed targets near Aleppo on Tuesday.", encoding="utf-8")
    url = fresh_store()
    at = _session(monkeypatch, "--store", url, "--data", str(tmp_path))
    assert shown(at) == (1, 1) and not workspace.exists()
    (tmp_path / "two.txt").write_text("Rebels attacked army positions near Hama on Monday.", encoding="utf-8")
    at = _session(monkeypatch, "--store", url)  # the store keeps the folder's report; --data adds the new one
    assert shown(at) == (1, 1)
    at = _session(monkeypatch, "--store", url, "--data", str(tmp_path))
    assert shown(at) == (2, 2)


def test_an_added_report_is_stored_and_another_session_sees_it_on_its_next_rerun(monkeypatch, workspace):
    first, second = _session(monkeypatch), _session(monkeypatch)
    _, total = shown(second)
    uploader = next(u for u in opened(first, "reports").file_uploader if "Report files" in u.label)
    uploader.set_value([("kilis.txt", b"---\ntitle: Kilis story\npublished: 2015-10-07\n---\n"
                                      b"Turkish jets shot down a drone near Kilis on Friday.", "text/plain")])
    button(first, "Add files").click().run()
    assert not first.exception and shown(first)[1] == total + 1
    assert any("1 reports added" in text_of(c) for c in first.caption)

    assert shown(second)[1] == total  # what the second analyst sees moves only when the page runs again
    second.run()
    assert shown(second)[1] == total + 1 and "Kilis" in set(_table(second)["place"])
    first.text_area[0].set_value("Russian warplanes bombed rebel positions near Idlib on Tuesday.")
    button(first, "Add text").click().run()
    third = _session(monkeypatch)  # a new browser: everything added is there
    assert {"Kilis", "Idlib"} <= set(_table(third)["place"]) and shown(third)[1] == total + 2
    with open_store(f"sqlite:///{workspace}").connect() as conn:
        ids = set(conn.execute(sa.select(reports.c.id)).scalars())
    assert {i.rsplit("-", 1)[0] for i in ids if i.startswith("added-")} == {"added-kilis", "added-pasted"}


def test_confirm_reject_and_edit_change_the_status_the_map_and_the_table(monkeypatch, downloads, workspace):
    at = start(monkeypatch)
    _, total = shown(at)
    queue = _queue(at)
    assert queue["why"].iloc[0] and set(queue["status"]) == {"unreviewed"}
    vague = set(queue["located to"].iloc[:5])
    assert vague <= {"report", "country", "province", "region", "border"}, vague  # the least certain first
    first, second, third = queue["record_id"].iloc[:3]

    _review(at, first, "Confirm", note="checked against the report")
    table = _table(at)
    assert table.loc[table["record"] == first, "status"].iloc[0] == "confirmed"
    assert any(f"{first}, by Ann: review_status: unreviewed -> confirmed" == text_of(s) for s in at.success)

    _review(at, second, "Reject", by="Bob *bold* [x](http://evil.example)")
    assert shown(at) == (total - 1, total - 1)  # a rejected record leaves the view ...
    assert second not in set(_table(at)["record"])
    assert second not in {f["properties"]["record_id"] for f in geojson_features(downloads)}  # ... and the exports
    assert second not in _queue(at)["record_id"].tolist()
    said = next(s.value for s in at.success)
    assert "\\*bold\\*" in said and "\\[x\\]" in said  # the name shown as text, never as Markdown
    at.checkbox(key="filter_rejected").check().run()  # shown again when asked for: each of its sentences
    assert shown(at)[0] > total - 1 and at.query_params["rejected"] == "1"
    assert "rejected" in set(_table(at)["status"])
    at.checkbox(key="filter_rejected").uncheck().run()
    assert shown(at) == (total - 1, total - 1)

    _review(at, third, "Save edits", place="Aleppo", actor="Hezbollah", note="place from the second paragraph")
    table = _table(at)
    row = table[table["record"] == third].iloc[0]
    assert (row["status"], row["place"], row["actor"]) == ("edited", "Aleppo", "Hezbollah")
    feature = next(f for f in geojson_features(downloads) if f["properties"]["record_id"] == third)
    lon, lat = feature["geometry"]["coordinates"]
    assert abs(lat - 36.2) < 0.2 and abs(lon - 37.15) < 0.2
    assert feature["properties"]["review_status"] == "edited" and feature["properties"]["reviewed_by"] == "Ann"
    html = downloads["map.html"][0].decode("utf-8"); open("/tmp/map.html", "w").write(html)
    assert "geo-status-edited" in html and "edited (ringed)" in html and "confirmed (solid)" in html

    _review(at, first, "Save edits", lat="35.5", lon="37.25")
    feature = next(f for f in geojson_features(downloads) if f["properties"]["record_id"] == first)
    assert feature["geometry"]["coordinates"] == [37.25, 35.5] and feature["properties"]["review_status"] == "edited"

    with open_store(f"sqlite:///{workspace}").connect() as conn:
        trail = conn.execute(sa.select(audit.c.record_id, audit.c.field, audit.c.by)).all()
    assert {(first, "review_status", "Ann"), (third, "place", "Ann"), (third, "actor", "Ann"), (first, "lat", "Ann"),
            (second, "review_status", "Bob *bold* [x](http://evil.example)")} <= set(trail)


def test_a_click_picks_the_record_to_review_and_the_gazetteer_is_searched(monkeypatch, workspace):
    at = start(monkeypatch)
    table = _table(at)
    homs = int((table["place"] == "Homs").to_numpy().nonzero()[0][0])
    at.session_state["table"] = {"selection": {"rows": [homs], "columns": [], "cells": []}}
    at.run()
    assert at.selectbox(key="review_record").value == table["record"].iloc[homs]
    at.text_input(key="review_search").set_value("Aleppo").run()
    found = next(d.value for d in at.dataframe if "population" in d.value.columns)
    assert (found["name"].iloc[0], found["country"].iloc[0], found["feature"].iloc[0]) == ("Aleppo", "SY", "town")
    _review(at, table["record"].iloc[homs], "Save edits", place="Aleppo", precision="town", date=dt.date(2015, 10, 1),
            event_type="Shelling/artillery/missile attack", actor2="Syrian rebels")
    said = text_of(next(s for s in at.success))
    assert "place: Homs -> Aleppo" in said and "-> 2015-10-01" in said, said
    row = _table(at)[lambda t: t["record"] == table["record"].iloc[homs]].iloc[0]
    assert (row["place"], row["sub-type"], row["actor 2"], row["date"]) == (
        "Aleppo", "Shelling/artillery/missile attack", "Syrian rebels", "2015-10-01")


def test_a_bad_review_says_why_and_changes_nothing(monkeypatch, workspace):
    at = start(monkeypatch)
    record = _queue(at)["record_id"].iloc[0]
    _review(at, record, "Save edits", lat="north", lon="37")
    assert any("latitude" in text_of(e) and "north" in text_of(e) for e in at.error)
    _review(at, record, "Save edits", place="Nowhereville Qqq")
    assert any("Nowhereville Qqq" in text_of(e) for e in at.error)
    _review(at, record, "Confirm", by="  ")
    assert any("reviewer" in text_of(e) for e in at.error)
    assert set(_table(at)["status"]) == {"unreviewed"}


def test_filters_by_review_status_and_dataset_and_the_agreement(monkeypatch, downloads, tmp_path, workspace):
    at = start(monkeypatch)
    _, ours = shown(at)
    acled = tmp_path / "acled.csv"
    acled.write_text(ACLED, encoding="utf-8")
    import_file(open_store(f"sqlite:///{workspace}"), "acled", acled, name="ACLED test")
    at.run()  # the import is seen at the next rerun
    assert not at.exception and shown(at) == (ours + 2, ours + 2)
    assert at.multiselect(key="filter_datasets").options == [f"extracted ({ours})", "ACLED test (2)"]  # records

    agreement = next(d.value for d in at.dataframe if "theirs only" in d.value.columns)
    assert agreement.to_dict("records") == [{"dataset": "ACLED test", "ours only": 6, "theirs only": 1, "both": 1}]  # 7 dated events of ours
    html = downloads["map.html"][0].decode("utf-8"); open("/tmp/map.html", "w").write(html)
    assert "Also in:" in html and "ACLED test: Explosions/Remote violence" in html  # in the popup of Homs

    at.multiselect(key="filter_datasets").set_value(["ACLED test"]).run()
    assert shown(at)[0] == 2 and set(_table(at)["dataset"]) == {"ACLED test"}
    assert at.query_params["datasets"] == "ACLED test"
    at.multiselect(key="filter_datasets").set_value(["extracted", "ACLED test"]).run()

    record = _queue(at)["record_id"].iloc[0]
    _review(at, record, "Confirm")
    assert at.multiselect(key="filter_status").options == [f"unreviewed ({ours + 2 - 1})", "confirmed (1)"]
    at.multiselect(key="filter_status").set_value(["confirmed"]).run()
    assert shown(at)[0] == 1 and _table(at)["record"].tolist() == [record]
    features = geojson_features(downloads)
    assert [f["properties"]["review_status"] for f in features] == ["confirmed"]
    at.multiselect(key="filter_status").set_value(["unreviewed"]).run()
    assert record not in set(_table(at)["record"]) and shown(at)[0] == ours + 2 - 1


def test_an_uploaded_positions_file_is_seen_by_a_second_session_on_the_same_store(monkeypatch):
    first = _session(monkeypatch)
    uploader = next(u for u in opened(first, "positions").file_uploader if "lat/lon" in u.label)
    uploader.set_value(("front.csv", b"actor,lat,lon,name\nIslamic State,34.95,37.2,East of Homs\n", "text/csv"))
    first.run()
    assert not first.exception, first.exception
    second = _session(monkeypatch)  # another analyst, no upload of their own
    table = _table(second)
    assert "East of Homs" in set(table["place"])
    claims = next(d.value for d in second.dataframe if "verdict" in d.value.columns)
    assert claims["verdict"].iloc[0] == "consistent" and "East of Homs" in claims["explanation"].iloc[0]
    first.run()  # the same upload on the next rerun adds nothing again
    with open_store().connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM positions")).scalar() == 1


def test_stored_positions_are_downloaded_and_an_upload_is_removed_for_every_session(monkeypatch, downloads):
    first = opened(_session(monkeypatch), "positions")
    assert "No positions stored yet." in [c.value for c in first.caption]
    assert not any(b.label == "Remove this upload" for b in first.button)
    uploader = next(u for u in first.file_uploader if "lat/lon" in u.label)
    uploader.set_value(("front.csv", b"actor,lat,lon,name\nIslamic State,34.95,37.2,East of Homs\n"
                                     b"Syrian rebels,35.1,36.9,North of Hama\n", "text/csv"))
    first.run()
    assert not first.exception, first.exception
    assert {"East of Homs", "North of Hama"} <= set(_table(first)["place"])
    data, mimetype = downloads["positions.geojson"]
    assert mimetype == "application/geo+json"
    features = json.loads(data)["features"]
    assert {(f["properties"]["place"], f["properties"]["actor"], tuple(f["geometry"]["coordinates"]))
            for f in features} == {("East of Homs", "Islamic State", (37.2, 34.95)),
                                   ("North of Hama", "Syrian rebels", (36.9, 35.1))}  # x = longitude
    chosen = first.selectbox(key="positions_dataset")
    assert chosen.options == ["front.csv (2)"]

    button(first, "Remove this upload").click().run()
    assert not first.exception, first.exception
    assert "Removed 2 positions of front.csv." in [t.value for t in first.text]
    assert not {"East of Homs", "North of Hama"} & set(_table(first)["place"])
    first.run()  # the file is not stored again from the uploader
    assert not {"East of Homs", "North of Hama"} & set(_table(first)["place"])
    assert not any(b.label == "Remove this upload" for b in first.button)
    with open_store().connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM positions")).scalar() == 0
    second = _session(monkeypatch)  # another analyst sees them gone too
    assert not {"East of Homs", "North of Hama"} & set(_table(second)["place"])


def test_a_csv_export_of_the_store_opens_with_its_review(monkeypatch, tmp_path):
    _session(monkeypatch)  # the default store, made with the sample
    engine = open_store()
    stored = current_records(engine)
    homs = stored["record_id"][stored["place"] == "Homs"].iloc[0]
    review_record(engine, homs, by="Ann", status="rejected")
    path = tmp_path / "records.csv"
    written = write_records(engine, path, include_rejected=True)
    rejected = int((written["review_status"] == "rejected").sum())
    assert rejected >= 1 and len(written) - rejected == len(stored) - 1
    at = _session(monkeypatch, "--records", str(path))
    assert shown(at) == (len(stored) - 1, len(stored) - 1)  # the rejected record stays off the map
    at.checkbox(key="filter_rejected").check().run()
    assert not at.exception, at.exception
    assert shown(at) == (len(written), len(written))
    assert at.multiselect(key="filter_status").options == [f"unreviewed ({len(written) - rejected})"]  # rejected:
    # the checkbox


def test_a_large_store_is_read_by_queries_with_the_same_counts(monkeypatch, downloads, tmp_path, workspace):
    """A store past ``LARGE_ROWS`` imported records (here, as if two were many): the page shows the same
    counts and filters as on a small store, the map says how many it draws and counts the rest in cells."""
    acled = tmp_path / "acled.csv"
    acled.write_text(ACLED, encoding="utf-8")
    small = start(monkeypatch)
    import_file(open_store(f"sqlite:///{workspace}"), "acled", acled, name="ACLED test")
    small.run()
    expected, options = shown(small), at_options(small)
    monkeypatch.setattr("geo.store.aggregates.LARGE_ROWS", 1)
    at = _session(monkeypatch)
    assert shown(at) == expected and at_options(at) == options
    notice = next(text_of(info) for info in at.info if "records match" in info.value)
    assert notice.startswith(f"{expected[0]} records match. The map draws the ")
    html = downloads["map.html"][0].decode("utf-8")
    counted = [int(n.replace(",", "")) for n in re.findall(r'"label": "([\d,]+) records?"', html)]  # the cells
    assert "Records per 0.5" in html and len(counted) >= 3 and 0 < sum(counted) <= expected[0]
    agreement = [caption.value for caption in at.caption if "Not counted on the page" in caption.value]
    assert agreement  # not the table of a small store: it would need every imported record

    at.multiselect(key="filter_datasets").set_value(["ACLED test"]).run()
    assert not at.exception and shown(at)[0] == 2 and set(_table(at)["dataset"]) == {"ACLED test"}
    at.multiselect(key="filter_datasets").set_value([]).run()
    at.multiselect(key="filter_actors").set_value(["Group A"]).run()
    assert shown(at)[0] == 1 and _table(at)["record"].tolist() == _table(small.multiselect(
        key="filter_actors").set_value(["Group A"]).run())["record"].tolist()


def at_options(at) -> dict:
    """Each filter's options as the sidebar offers them (with their counts)."""
    return {widget.key: list(widget.options) for widget in at.multiselect}


def test_a_large_store_shows_a_new_import_at_the_next_rerun(monkeypatch, tmp_path, workspace):
    """The columnar index of a large store is kept across reruns, made again when a dataset is imported:
    the second file's record is counted, offered in the filters and found by them at the next rerun."""
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(ACLED, encoding="utf-8")
    second.write_text(ACLED.splitlines()[0] + "\nTST3,2015-10-02,1,Battles,Armed clash,Group C,,Syria,Raqqa,35.95,"
                      "39.01,1,Test outlet,Clashes at Raqqa.,1\n", encoding="utf-8")
    start(monkeypatch)  # the store made, the sample in it
    store = open_store(f"sqlite:///{workspace}")
    import_file(store, "acled", first, name="ACLED test")
    monkeypatch.setattr("geo.store.aggregates.LARGE_ROWS", 1)
    at = _session(monkeypatch)
    before = shown(at)
    assert not [option for option in at.multiselect(key="filter_actors").options if "Group C" in option]
    import_file(store, "acled", second, name="ACLED more")
    at.run()
    assert not at.exception and shown(at) == (before[0] + 1, before[1] + 1)
    assert [option for option in at.multiselect(key="filter_actors").options if "Group C" in option]
    at.multiselect(key="filter_actors").set_value(["Group C"]).run()
    assert shown(at)[0] == 1 and _table(at)["dataset"].tolist() == ["ACLED more"]


def test_a_large_store_of_imported_records_only_shows_them(monkeypatch, workspace):
    """A store that holds no record of ours, only a large imported dataset: its records are shown and
    counted (the page used to say that it found none: its part in memory, ours, was empty)."""
    path = workspace.parent / "only.csv"
    path.write_text(ACLED, encoding="utf-8")
    url = fresh_store()
    import_file(open_store(url), "acled", path, name="ACLED test")
    monkeypatch.setattr("geo.store.aggregates.LARGE_ROWS", 1)
    at = _session(monkeypatch, "--store", url)
    assert shown(at) == (2, 2) and sorted(_table(at)["dataset"]) == ["ACLED test", "ACLED test"]
