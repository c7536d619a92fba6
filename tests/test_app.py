"""The Streamlit app as a user sees it (AppTest: no browser, no network)."""

from __future__ import annotations

import json
import re
import sys

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from .conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture()
def downloads(monkeypatch):
    """Capture what download buttons hand to the browser: (bytes, mimetype, filename)."""
    captured = []
    original = MemoryMediaFileStorage.load_and_get_id

    def capture(self, path_or_data, mimetype, kind, filename=None):
        captured.append((path_or_data, mimetype, filename))
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", capture)
    return captured


def shown(at) -> tuple[int, int]:
    value = at.sidebar.metric[0].value
    shown_count, total = re.fullmatch(r"(\d+) of (\d+)", value).groups()
    return int(shown_count), int(total)


def start(monkeypatch, *args):
    monkeypatch.setattr(sys, "argv", ["app.py", *args])
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception
    return at


def test_filters_change_the_count_and_the_download(monkeypatch, downloads):
    at = start(monkeypatch)
    count, total = shown(at)
    assert count == total > 10
    data, mimetype, filename = downloads[-1]
    assert mimetype == "application/geo+json" and filename == "events.geojson"
    assert len(json.loads(data)["features"]) == total

    at.sidebar.multiselect[0].set_value(["Islamic State"]).run()
    assert not at.exception
    count, _ = shown(at)
    assert 0 < count < total
    features = json.loads(downloads[-1][0])["features"]
    assert len(features) == count
    assert all("Islamic State" in (f["properties"]["actor"], f["properties"]["actor2"]) for f in features)

    at.sidebar.multiselect[0].set_value(at.sidebar.multiselect[0].options).run()
    at.sidebar.checkbox[0].uncheck().run()
    dated, _ = shown(at)
    assert dated < total
    first, last = at.sidebar.date_input[0].value
    at.sidebar.date_input[0].set_value((last, last)).run()
    assert not at.exception
    assert shown(at)[0] < dated
    at.sidebar.date_input[0].set_value((first,)).run()  # a half-picked range
    assert not at.exception and shown(at)[0] == dated


def test_other_folder_with_a_bad_file(monkeypatch, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "good.txt").write_text("Russian jets bombed targets near Aleppo on Tuesday.", encoding="utf-8")
    at = start(monkeypatch, "--data", str(tmp_path))
    assert any("bad.txt" in w.value for w in at.warning)
    assert shown(at) == (1, 1)


def test_folder_without_records_says_so(monkeypatch, tmp_path):
    (tmp_path / "calm.txt").write_text("Nothing happened today.", encoding="utf-8")
    at = start(monkeypatch, "--data", str(tmp_path))
    assert "No events" in at.info[0].value


def test_missing_folder_is_an_error(monkeypatch, tmp_path):
    at = start(monkeypatch, "--data", str(tmp_path / "nope"))
    assert "Expected a folder" in at.error[0].value
