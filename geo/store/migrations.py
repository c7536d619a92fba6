"""The schema's versions: a small numbered list, applied in order when a store is opened.

``schema_version`` holds one row per version applied. A new version is a new entry at the end
of ``MIGRATIONS`` (never an edit of an earlier one): a function given the connection of the
opening transaction, written in SQLAlchemy Core so it runs on SQLite and PostgreSQL alike (the
steps particular to PostgreSQL, the PostGIS geometry of versions 3 and 4, is in ``geo.store.postgres``;
version 7 groups the records already stored as ``geo.store.groups`` groups them at ingest).
All pending versions are applied in one transaction: a store is at one version or the next,
never half-way, and two processes opening a new store at once apply them once.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

import sqlalchemy as sa

from . import schema

__all__ = ["MIGRATIONS", "LATEST", "migrate", "current_version", "OUR_DATASET"]

OUR_DATASET = "extracted"  # the dataset of the records our extraction gives


def _initial(conn: sa.Connection) -> None:
    tables = [schema.datasets, schema.reports, schema.records, schema.sources, schema.decisions, schema.audit]
    schema.metadata.create_all(conn, tables=tables)
    conn.execute(sa.insert(schema.datasets).values(name=OUR_DATASET, kind="extracted", created_at=_now()))


def _imports(conn: sa.Connection) -> None:
    schema.imports.create(conn)


def _points(conn: sa.Connection) -> None:
    """PostgreSQL: the records' points as PostGIS geometry with a GiST index (``geo.store.postgres``).
    SQLite keeps its index on ``lat``/``lon``: nothing to do there."""
    if conn.dialect.name == "postgresql":
        from . import postgres  # GeoAlchemy2 loads for a PostgreSQL store only
        postgres.add_points(conn)


def _positions(conn: sa.Connection) -> None:
    """The positions and control areas uploaded (WKT text); on PostgreSQL with their PostGIS geometry
    and its GiST index too (``geo.store.postgres``)."""
    schema.positions.create(conn)
    if conn.dialect.name == "postgresql":
        from . import postgres
        postgres.add_position_geometry(conn)


# The records table as version 5 knows it: enough to name the columns of its index (declared apart
# from ``schema.records``, so that the tables of version 1 never hold it before version 5 runs).
_records_v5 = sa.Table("records", sa.MetaData(), sa.Column("id", sa.Integer), sa.Column("dataset_id", sa.Integer))


def _dataset_index(conn: sa.Connection) -> None:
    """An index on each record's dataset and row id: the dashboard reads our records and the imported
    ones apart, each in row order (``geo.store.view``), without a scan of every record."""
    # checkfirst: a store whose version rows were rolled back by hand (the tests of older versions do)
    # may hold it already
    sa.Index("records_dataset", _records_v5.c.dataset_id, _records_v5.c.id).create(conn, checkfirst=True)


# The columns the dashboard's counts read of every imported row (``geo.store.aggregates``), in one
# index by dataset and date: the counts read it instead of the table's rows, the most recent rows
# of a dataset come in its order.
_DASHBOARD = ("dataset_id", "event_date", "actor", "kind", "actor2", "event_type", "sub_event_type", "lat", "lon",
              "corroboration")


def _dashboard_index(conn: sa.Connection) -> None:
    """An index holding what the dashboard counts of a large store (``_DASHBOARD``)."""
    table = sa.Table("records", sa.MetaData(), *(sa.Column(name) for name in _DASHBOARD))
    sa.Index("records_dashboard", *(table.c[name] for name in _DASHBOARD)).create(conn, checkfirst=True)


def _merges(conn: sa.Connection) -> None:
    """How our records merge across reports, kept (``geo.store.groups``): the table, and the groups of
    the rows already stored."""
    schema.merges.create(conn, checkfirst=True)
    from .groups import fill_groups  # it imports this module (the name of our dataset)
    fill_groups(conn)


# (version, description, step): append, never edit.
MIGRATIONS: list[tuple[int, str, Callable[[sa.Connection], None]]] = [
    (1, "reports, records, sources, datasets, decisions, audit trail", _initial),
    (2, "imported files (ACLED, GDELT) by content hash", _imports),
    (3, "records' points as PostGIS geometry(Point, 4326) with a GiST index (PostgreSQL; SQLite keeps lat/lon)",
     _points),
    (4, "positions and control areas uploaded, as WKT (PostgreSQL: and as PostGIS geometry with a GiST index)",
     _positions),
    (5, "records indexed by dataset and row id (the dashboard reads ours and imported ones apart)", _dataset_index),
    (6, "records indexed by dataset, date and what the dashboard counts (a large store read by queries)",
     _dashboard_index),
    (7, "how our records merge across reports, kept at ingest (merges: each row's group)", _merges),
]
LATEST = MIGRATIONS[-1][0]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


def current_version(conn: sa.Connection) -> int:
    """The highest version applied (0 for an empty database)."""
    if not sa.inspect(conn).has_table(schema.schema_version.name):
        return 0
    return conn.execute(sa.select(sa.func.max(schema.schema_version.c.version))).scalar() or 0


def migrate(conn: sa.Connection) -> list[int]:
    """Apply the versions ``conn``'s database lacks, inside the caller's transaction; the versions applied.

    Raises ``RuntimeError`` for a database newer than this code (it would be misread).
    """
    schema.schema_version.create(conn, checkfirst=True)
    have = current_version(conn)
    if have > LATEST:
        raise RuntimeError(f"Expected a workspace of schema version {LATEST} or older, instead got version {have}; "
                           "update this program to open it.")
    applied = []
    for version, description, step in MIGRATIONS:
        if version > have:
            step(conn)
            conn.execute(sa.insert(schema.schema_version).values(version=version, applied_at=_now(),
                                                                 description=description))
            applied.append(version)
    return applied
