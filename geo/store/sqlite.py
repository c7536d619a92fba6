"""The one place with SQLite-only settings. Everything else in ``geo.store`` is portable Core.

- WAL journal: readers never block the writer, and a killed writer leaves the last committed
  transaction whole (the next open rolls the log forward).
- A busy timeout: a writer waits for another's lock instead of failing at once.
- ``BEGIN IMMEDIATE`` for every transaction: the write lock is taken when the transaction
  starts, so two writers queue up instead of both reading and then failing to upgrade (the
  "database is locked" deadlock of deferred transactions). Python's sqlite3 module is told not
  to open transactions of its own, and SQLAlchemy's ``begin`` emits ours.
- Foreign keys on, so deleting a report's records deletes their sources.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event

__all__ = ["configure", "BUSY_TIMEOUT_S", "is_locked"]

BUSY_TIMEOUT_S = 30.0


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
