"""The one place with SQLite-only settings. Everything else in ``geo.store`` is portable Core.

- WAL journal: readers never block the writer, and a killed writer leaves the last committed
  transaction whole (the next open rolls the log forward).
- A busy timeout: a writer waits for another's lock instead of failing at once.
- ``BEGIN IMMEDIATE`` for every transaction: the write lock is taken when the transaction
  starts, so two writers queue up instead of both reading and then failing to upgrade (the
  "database is locked" deadlock of deferred transactions). Python's sqlite3 module is told not
  to open transactions of its own, and SQLAlchemy's ``begin`` emits ours.
- Foreign keys on, so deleting a report's records deletes their sources.

``create``, ``transaction_options``, ``lock_schema``, ``is_retryable`` and ``describe`` are what
``geo.store.engine`` asks of each database (``geo.store.postgres`` has the same).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

from ..errors import StoreError

__all__ = ["create", "configure", "BUSY_TIMEOUT_S", "is_locked", "is_retryable", "transaction_options",
           "lock_schema", "describe"]

BUSY_TIMEOUT_S = 30.0


def create(url: sa.URL) -> sa.Engine:
    """The engine of a SQLite file ``url``, set up (``configure``). Raises ``StoreError`` for no file or a
    folder that does not exist."""
    if url.database in (None, "", ":memory:"):
        raise StoreError("expected a file, e.g. sqlite:///data/workspace.sqlite")
    folder = Path(url.database).expanduser().absolute().parent
    if not folder.is_dir():
        raise StoreError(f"cannot create the store: the folder {str(folder)!r} does not exist")
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
    configure(engine)
    return engine


def configure(engine: sa.Engine, *, busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
    """Set up ``engine`` (a SQLite engine) as described in the module's docstring."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # no implicit BEGIN from the sqlite3 module
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")  # durable at each checkpoint; consistent always (WAL)
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def is_locked(err: sa.exc.OperationalError) -> bool:
    """Whether SQLite gave up waiting for another writer's lock (worth trying again)."""
    text = str(err.orig).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def is_retryable(err: sa.exc.DBAPIError) -> bool:
    return isinstance(err, sa.exc.OperationalError) and is_locked(err)


def transaction_options(*, schema: bool) -> dict:
    """None needed: every transaction takes the write lock at its start (``BEGIN IMMEDIATE``)."""
    return {}


def lock_schema(conn: sa.Connection) -> None:
    """Nothing more to do: ``BEGIN IMMEDIATE`` already keeps other writers, and openers, out."""


def describe(err: sa.exc.DBAPIError) -> str:
    return str(err.orig)
