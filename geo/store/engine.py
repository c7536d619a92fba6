"""Opening a store by URL, and running a unit of work as one transaction, tried again when it lost to
another writer.

``open_store(url)`` gives a SQLAlchemy ``Engine`` with the schema migrated to the latest version.
``url`` is a SQLAlchemy URL of SQLite (``sqlite:///path``; without one, the default file
``data/workspace.sqlite``, created on first use; the CLI then ingests the sample into it) or of
PostgreSQL with PostGIS (``postgresql://user@host/db``). What differs between the two lives in
``geo.store.sqlite`` and ``geo.store.postgres``, each with the same few functions (``create``,
``transaction_options``, ``lock_schema``, ``is_retryable``, ``describe``); the rest is theirs alike.
A message never shows the URL's password.
"""

from __future__ import annotations

import logging
import random
import re
import time
from pathlib import Path
from types import ModuleType
from typing import Callable, TypeVar

import sqlalchemy as sa

from ..errors import StoreError
from .migrations import migrate

__all__ = ["DEFAULT_PATH", "StoreError", "default_url", "open_store", "in_transaction", "BACKENDS"]

log = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "workspace.sqlite"
BACKENDS = ("sqlite", "postgresql")
_ATTEMPTS = 8
_FIRST_WAIT_S = 0.05
T = TypeVar("T")


class _NotWritten(StoreError):
    """A transaction the database refused (``reason``: its message, on one line)."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def default_url() -> str:
    return f"sqlite:///{DEFAULT_PATH}"


def _backend(name: str) -> ModuleType:
    """The module of what is particular to database ``name`` (one of ``BACKENDS``); imported on first use,
    so the PostgreSQL driver and GeoAlchemy2 load for a PostgreSQL store only."""
    if name == "sqlite":
        from . import sqlite
        return sqlite
    from . import postgres
    return postgres


def _hide_password(text: str, url: sa.URL | None = None) -> str:
    """``text`` with the password of ``url``, and of any URL written in it, replaced by ***."""
    if url is not None and url.password:
        text = text.replace(str(url.password), "***")
    return re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", text)


def open_store(url: str | None = None, *, on_create: Callable[[sa.Engine], object] | None = None) -> sa.Engine:
    """The store at ``url`` (default: ``default_url()``), created and migrated as needed;
    ``on_create(engine)`` runs once, after the migrations that made a new store.

    Raises ``StoreError`` naming the URL (its password hidden) when it is malformed, names a
    database this build cannot drive, or cannot be opened (no server there, PostGIS missing).
    """
    url = url or default_url()
    try:
        parsed = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError) as err:  # ValueError: a port that is not a number
        raise StoreError(f"Expected a SQLAlchemy URL such as sqlite:///path/ws.sqlite or postgresql://user@host/db, "
                         f"instead got {_hide_password(url)!r}.") from err
    shown = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() not in BACKENDS:
        raise StoreError(f"{shown}: expected a SQLite (sqlite:///path) or PostgreSQL (postgresql://user@host/db) "
                         f"store, instead got a {parsed.get_backend_name()!r} URL")
    try:
        engine = _backend(parsed.get_backend_name()).create(parsed)
    except StoreError as err:
        raise StoreError(f"{shown}: {_hide_password(str(err), parsed)}") from err
    try:
        applied = in_transaction(engine, migrate, schema=True)
    except (StoreError, RuntimeError) as err:
        engine.dispose()
        reason = err.reason if isinstance(err, _NotWritten) else str(err)
        raise StoreError(f"{shown}: cannot open the store: {_hide_password(reason, parsed)}") from err
    if on_create is not None and 1 in applied:
        on_create(engine)
    return engine


def in_transaction(engine: sa.Engine, work: Callable[[sa.Connection], T], *,
                   sleep: Callable[[float], None] = time.sleep, schema: bool = False) -> T:
    """``work(conn)`` inside one transaction (committed when it returns, rolled back when it raises),
    started again from the top, up to a few times with a growing wait, while it loses to another
    writer: SQLite locked by another (after the busy timeout of each try), a PostgreSQL
    serialization failure or deadlock. ``schema``: ``work`` migrates; one process at a time does.
    Raises ``StoreError`` for any other database error, and when the tries run out."""
    backend = _backend(engine.dialect.name)
    wait = _FIRST_WAIT_S
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            with engine.connect() as conn:
                options = backend.transaction_options(schema=schema)
                if options:
                    conn.execution_options(**options)
                with conn.begin():
                    if schema:
                        backend.lock_schema(conn)
                    return work(conn)
        except sa.exc.DBAPIError as err:
            reason = _hide_password(backend.describe(err), engine.url)
            if attempt == _ATTEMPTS or not backend.is_retryable(err):
                raise _NotWritten(f"{_shown(engine)}: cannot write the store: {reason}", reason) from err
            log.debug("%s: try %d lost to another writer (%s); again", _shown(engine), attempt, reason)
        sleep(wait * random.uniform(0.5, 1.5))  # apart, so that two losers do not meet again
        wait *= 2
    raise AssertionError("unreachable")


def _shown(engine: sa.Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
