"""Opening a store by URL, and running a unit of work as one transaction, tried again when busy.

``open_store(url)`` gives a SQLAlchemy ``Engine`` with the schema migrated to the latest version.
``url`` is any SQLAlchemy URL; without one, the default file ``data/workspace.sqlite`` (created
on first use; the CLI then ingests the sample into it). Only SQLite is set up now (``geo.store.sqlite``); a PostgreSQL URL gets the same
schema once its driver is installed and is refused with a message until then.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, TypeVar

import sqlalchemy as sa

from ..errors import GeoError
from . import sqlite
from .migrations import migrate

__all__ = ["DEFAULT_PATH", "StoreError", "default_url", "open_store", "in_transaction"]

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "workspace.sqlite"
_ATTEMPTS = 8
_FIRST_WAIT_S = 0.05
T = TypeVar("T")


class StoreError(GeoError):
    """The store cannot be opened or written, or a value given to it is not what it takes."""


def default_url() -> str:
    return f"sqlite:///{DEFAULT_PATH}"


def open_store(url: str | None = None, *, on_create: Callable[[sa.Engine], object] | None = None) -> sa.Engine:
    """The store at ``url`` (default: ``default_url()``), created and migrated as needed;
    ``on_create(engine)`` runs once, after the migrations that made a new store.

    Raises ``StoreError`` naming the URL (its password hidden) when it is malformed, names a
    database this build cannot drive, or cannot be opened.
    """
    url = url or default_url()
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as err:
        raise StoreError(f"Expected a SQLAlchemy URL such as sqlite:///path/ws.sqlite, instead got {url!r}.") from err
    shown = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() != "sqlite":
        raise StoreError(f"{shown}: only SQLite stores (sqlite:///path) are supported in this version; "
                         "PostgreSQL is next")
    if parsed.database in (None, "", ":memory:"):
        raise StoreError(f"{shown}: expected a file, e.g. sqlite:///data/workspace.sqlite")
    folder = Path(parsed.database).expanduser().absolute().parent
    if not folder.is_dir():
        raise StoreError(f"{shown}: cannot create the store: the folder {str(folder)!r} does not exist")
    engine = sa.create_engine(parsed, connect_args={"timeout": sqlite.BUSY_TIMEOUT_S})
    sqlite.configure(engine)
    try:
        applied = in_transaction(engine, migrate)
    except (StoreError, RuntimeError) as err:
        engine.dispose()
        reason = err.__cause__.orig if isinstance(err.__cause__, sa.exc.DBAPIError) else err
        raise StoreError(f"{shown}: cannot open the store: {reason}") from err
    if on_create is not None and 1 in applied:
        on_create(engine)
    return engine


def in_transaction(engine: sa.Engine, work: Callable[[sa.Connection], T], *,
                   sleep: Callable[[float], None] = time.sleep) -> T:
    """``work(conn)`` inside one transaction (committed when it returns, rolled back when it raises),
    started again from the top while the database is locked by another writer, up to a few times
    with a growing wait (after the busy timeout of each try)."""
    wait = _FIRST_WAIT_S
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            with engine.begin() as conn:
                return work(conn)
        except sa.exc.OperationalError as err:
            if attempt == _ATTEMPTS or not _is_locked(engine, err):
                raise StoreError(f"{_shown(engine)}: cannot write the store: {err.orig}") from err
        except sa.exc.DBAPIError as err:
            raise StoreError(f"{_shown(engine)}: cannot write the store: {err.orig}") from err
        sleep(wait)
        wait *= 2
    raise AssertionError("unreachable")


def _shown(engine: sa.Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _is_locked(engine: sa.Engine, err: sa.exc.OperationalError) -> bool:
    return engine.dialect.name == "sqlite" and sqlite.is_locked(err)
