"""A store of its own for every app test: never the repository's data/workspace.sqlite.

``workspace`` (autouse where imported) points the default store at a new file in the test's
own temporary folder; the app then creates it on first use with the sample in it, as it does for
a user's first start. ``fresh_store()`` is the URL of another, empty store in that folder."""

from __future__ import annotations

import itertools

import pytest

import geo.store.engine as engine

_numbers = itertools.count()


@pytest.fixture(autouse=True)
def workspace(tmp_path_factory, monkeypatch):
    path = tmp_path_factory.mktemp("store") / "workspace.sqlite"  # apart from tmp_path, which tests watch
    monkeypatch.setattr(engine, "DEFAULT_PATH", path)
    return path


def fresh_store() -> str:
    """A SQLAlchemy URL of an empty store beside the test's default one."""
    return f"sqlite:///{engine.DEFAULT_PATH.parent / f'store-{next(_numbers)}.sqlite'}"
