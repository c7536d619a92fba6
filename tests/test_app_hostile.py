"""The app against hostile or careless users (AppTest: the real script, no browser).

Every AppTest below runs in this one process, so it shares Streamlit's caches with the others,
as the browser sessions of several analysts share one server."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from .app_store import workspace  # noqa: F401  (a store of its own per test)
from .conftest import ROOT
from .test_app import button, downloads, opened, shown, start, text_of  # noqa: F401  (downloads is a fixture)

APP = str(ROOT / "app.py")


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def _positions_uploader(at):
    return next(u for u in opened(at, "positions").file_uploader if "lat/lon" in u.label)


@pytest.fixture()
def victim(tmp_path, monkeypatch):
    """A folder the server could write to, the app's working folder inside it."""
    work = tmp_path / "a" / "b" / "c"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    return tmp_path


def _hostile_names(victim: Path, suffix: str) -> list[str]:
    return [str(victim / f"abs{suffix}"), f"../../../rel{suffix}", f"..\\..\\..\\win{suffix}",
            f"/etc/cron.d/x{suffix}", f"<img src=x onerror=alert(1)>{suffix}", f"{{{{7*7}}}}{suffix}"]


def test_upload_names_are_never_paths(monkeypatch, victim):
    before = _tree(victim)
    at = start(monkeypatch)
    for name in _hostile_names(victim, ".csv"):
        _positions_uploader(at).set_value((name, b"actor,lat,lon\nIslamic State,34.95,37.2\n", "text/csv"))
        at.run()
        assert not at.exception
    uploader = next(u for u in opened(at, "reports").file_uploader if "Report files" in u.label)
    uploader.set_value([(name, b"Russian jets bombed targets near Aleppo on Tuesday.", "text/plain")
                        for name in _hostile_names(victim, ".txt")])
    button(at, "Add files").click().run()
    assert not at.exception
    assert _tree(victim) == before  # nothing written, nothing overwritten, outside or in
    ids = set(at.dataframe[0].value["record"])
    assert all(re.fullmatch(r"[\w.-]+", str(i)) for i in ids)


def test_an_upload_too_big_is_refused_before_it_is_read(monkeypatch):
    at = start(monkeypatch)
    _, total = shown(at)
    uploader = next(u for u in opened(at, "reports").file_uploader if "Report files" in u.label)
    uploader.set_value([("huge.txt", b"a" * 5_000_001, "text/plain")])
    button(at, "Add files").click().run()
    assert not at.exception
    assert any("huge.txt" in text_of(w) and "at most 5,000,000 bytes" in text_of(w) for w in at.warning)
    assert shown(at) == (total, total)


def test_pasted_text_over_the_limit_is_refused_with_a_message(monkeypatch):
    at = start(monkeypatch)
    _, total = shown(at)
    opened(at, "reports").text_area[0].set_value("Russian jets bombed targets near Aleppo. " * 30_000)  # 1.2 MB
    button(at, "Add text").click().run()
    assert not at.exception
    # Streamlit cuts the text at the widget's limit; what remains is within ours and is read
    assert shown(at)[1] >= total and not any("Traceback" in text_of(w) for w in at.warning)


def test_markdown_in_names_and_metadata_shows_as_text(monkeypatch, tmp_path):
    (tmp_path / "![b](http%3A%2F%2Fevil.example%2Fb.png).txt").write_bytes(b"\x00binary")
    (tmp_path / "meta.txt").write_text("---\n![b](http://evil.example/m.png) **bold**\n---\n"
                                       "Russian jets bombed targets near Aleppo on Tuesday.\n", encoding="utf-8")
    at = start(monkeypatch, "--data", str(tmp_path))
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 2
    for value in warnings:  # every Markdown sign escaped: no image, link or emphasis is made
        assert not re.search(r"(?<!\\)[!\[\]()*]", value.replace("\\\\", "")), value
    assert any("![b](http://evil.example/m.png) **bold**" in text_of(w) for w in at.warning)


def _session(monkeypatch, positions: bytes, report: bytes):
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    _positions_uploader(at).set_value(("positions.csv", positions, "text/csv"))
    at.run()
    uploader = next(u for u in opened(at, "reports").file_uploader if "Report files" in u.label)
    uploader.set_value([("report.txt", report, "text/plain")])
    button(at, "Add files").click().run()
    assert not at.exception
    return at


def test_two_sessions_with_same_named_same_sized_files_keep_both_reports_and_both_positions(
        monkeypatch, downloads):
    """Reports and positions go to the shared store: neither replaces the other, and each session sees both."""
    a_positions = b"actor,lat,lon,name\nIslamic State,34.95,37.20,Alpha hill\n"
    b_positions = b"actor,lat,lon,name\nIslamic State,34.55,36.90,Bravo hill\n"
    story = "---\ntitle: {} story\nurl: https://{}.example/1\npublished: 2015-10-07\n---\n" \
            "Russian warplanes bombed rebel positions near {} on Tuesday.\n"
    a_report = story.format("Alpha", "a", "Idlib").encode()
    b_report = story.format("Bravo", "b", "Hama ").encode()
    assert len(a_positions) == len(b_positions) and len(a_report) == len(b_report)

    first = _session(monkeypatch, a_positions, a_report)
    second = _session(monkeypatch, b_positions, b_report)
    b_export = json.loads(downloads["records.geojson"][0])
    first.run()  # the first analyst's next rerun
    a_export = json.loads(downloads["records.geojson"][0])

    def places(export):
        return {f["properties"]["place"] for f in export["features"]}

    def titles(export):
        return {s["title"] for f in export["features"] for s in f["properties"]["sources"]}

    for export in (a_export, b_export):
        assert {"Alpha story", "Bravo story"} <= titles(export)
        assert {"Alpha hill", "Bravo hill"} <= places(export)


def test_a_failed_positions_upload_is_named_and_keeps_the_positions_stored_before(monkeypatch):
    at = start(monkeypatch)
    _positions_uploader(at).set_value(("good.csv", b"actor,lat,lon,name\nIslamic State,34.95,37.2,Old hill\n",
                                       "text/csv"))
    at.run()
    assert "Old hill" in set(at.dataframe[0].value["place"])
    _positions_uploader(at).set_value(("bad.csv", b"actor,lat,lon,name\nIslamic State,999,999,New hill\n",
                                       "text/csv"))
    at.run()
    assert not at.exception
    assert any("bad.csv" in text_of(e) for e in at.error)
    places = set(at.dataframe[0].value["place"])
    assert "Old hill" in places and "New hill" not in places


def test_positions_out_of_range_are_dropped_and_counted(monkeypatch):
    at = start(monkeypatch)
    _positions_uploader(at).set_value(("mixed.csv", b"actor,lat,lon,name\nIslamic State,34.95,37.2,Kept\n"
                                                    b"Islamic State,999,37.2,Dropped\n", "text/csv"))
    at.run()
    assert not at.exception
    places = set(at.dataframe[0].value["place"])
    assert "Kept" in places and "Dropped" not in places
    assert any("mixed.csv" in text_of(w) and "1 of 2" in text_of(w) for w in at.warning), [text_of(w) for w in at.warning]


def test_the_exported_map_draws_one_map(monkeypatch, downloads):
    start(monkeypatch)
    html = downloads["map.html"][0].decode("utf-8")
    assert html.count("L.map(") == 1
    assert 'http-equiv="Content-Security-Policy"' in html
