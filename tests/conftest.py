"""Shared fixtures: the gazetteer and the sample run are loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.extract.actors import load_actors
from geo.gazetteer import load_gazetteer
from geo.pipeline import run

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "reports"


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="session")
def actors():
    return load_actors()


@pytest.fixture(scope="session")
def sample(gazetteer, actors):
    """The five sample reports run through every stage."""
    return run([SAMPLE], gazetteer=gazetteer, actors=actors)


@pytest.fixture()
def write_report(tmp_path):
    """Write a report file (with optional front matter) and return its path."""

    def write(name: str, text: str, **meta: str) -> Path:
        head = ""
        if meta:
            head = "---\n" + "".join(f"{k}: {v}\n" for k, v in meta.items()) + "---\n"
        path = tmp_path / name
        path.write_text(head + text, encoding="utf-8")
        return path

    return write
