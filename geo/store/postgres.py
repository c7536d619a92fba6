"""The one place with PostgreSQL-only settings and DDL. Everything else in ``geo.store`` is portable Core.

- The driver is psycopg 3: ``postgresql://user@host/db`` is ``postgresql+psycopg://``; a connection
  attempt gives up after ``CONNECT_TIMEOUT_S``, and a pooled connection is checked before use
  (a server restarted under a long-running app is reconnected to).
- Reads run in REPEATABLE READ: all the statements of one read see one snapshot (records, their
  sources and decisions agree), as a SQLite read does in WAL mode.
- Writes (``engine.in_transaction``) run SERIALIZABLE: of two writers that would interleave
  wrongly (both storing the same report, both deciding about one record) one is stopped with a
  serialization failure (SQLSTATE 40001), rolled back and tried again from the top, as a SQLite
  writer that finds the database locked; so is a deadlock victim (40P01).
- Opening a store: the migrations run one opener at a time (a transaction-level advisory lock),
  at READ COMMITTED, so that an opener that waited sees what the one before it made.
- PostGIS (schema version 3, ``add_points``): the extension is enabled when missing and the user
  may (``CREATE EXTENSION IF NOT EXISTS postgis``); else opening says what to do. ``records.geom``
  is the record's point as ``geometry(Point, 4326)``, a column generated from ``lon``/``lat`` (so
  always equal to them, and written by no code), with the GiST index ``records_geom``.
  ``record_points`` is that view of the records table for spatial queries (GeoAlchemy2 types).
- Schema version 4 (``add_position_geometry``): ``positions.geom``, any geometry in SRID 4326
  generated from the portable ``wkt`` text, with the GiST index ``positions_geom``;
  ``position_shapes`` is that view of the positions table.
"""

from __future__ import annotations

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.schema import CreateColumn

from ..errors import StoreError

__all__ = ["create", "is_retryable", "transaction_options", "lock_schema", "describe", "add_points",
           "record_points", "add_position_geometry", "position_shapes", "CONNECT_TIMEOUT_S", "RETRY_CODES"]

CONNECT_TIMEOUT_S = 10
RETRY_CODES = {"40001": "serialization failure", "40P01": "deadlock detected"}
_INSUFFICIENT_PRIVILEGE = "42501"
_SCHEMA_LOCK = 0x67656F73  # pg_advisory_xact_lock key of the migrations ("geos")

record_points = sa.Table(
    "records", sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    # (lat, lon) -> (x, y): PostGIS points are (longitude, latitude)
    sa.Column("geom", Geometry("POINT", srid=4326, spatial_index=False),
              sa.Computed("ST_SetSRID(ST_MakePoint(lon, lat), 4326)", persisted=True)),
)
_GEOM_INDEX = sa.Index("records_geom", record_points.c.geom, postgresql_using="gist")

position_shapes = sa.Table(
    "positions", sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("wkt", sa.Text),
    sa.Column("geom", Geometry("GEOMETRY", srid=4326, spatial_index=False),
              sa.Computed("ST_GeomFromText(wkt, 4326)", persisted=True)),
)
_POSITION_INDEX = sa.Index("positions_geom", position_shapes.c.geom, postgresql_using="gist")


def create(url: sa.URL) -> sa.Engine:
    """The engine of a PostgreSQL ``url`` (no connection made yet). Raises ``StoreError`` when its driver
    cannot be loaded."""
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    defaults = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "geo"}
    try:
        return sa.create_engine(url, isolation_level="REPEATABLE READ", pool_pre_ping=True,
                                connect_args={k: v for k, v in defaults.items() if k not in url.query})
    except (ImportError, sa.exc.NoSuchModuleError) as err:
        raise StoreError(f"cannot load the PostgreSQL driver {url.get_driver_name()!r} ({err}); "
                         "install the pinned one: pip install -r requirements.txt") from err


def transaction_options(*, schema: bool) -> dict:
    """The execution options of a write transaction (``schema``: one that migrates)."""
    return {"isolation_level": "READ COMMITTED" if schema else "SERIALIZABLE"}


def lock_schema(conn: sa.Connection) -> None:
    """Wait until no other opener migrates (the lock goes with the transaction)."""
    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_SCHEMA_LOCK)))


def _sqlstate(err: sa.exc.DBAPIError) -> str | None:
    orig = err.orig
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)  # psycopg 3, psycopg2


def is_retryable(err: sa.exc.DBAPIError) -> bool:
    """Whether the transaction lost to another one (serialization failure, deadlock) and is worth trying again."""
    return _sqlstate(err) in RETRY_CODES


def describe(err: sa.exc.DBAPIError) -> str:
    """The server's or the driver's message, on one line."""
    return " ".join(str(err.orig).split())


def _enable_postgis(conn: sa.Connection) -> None:
    installed = sa.text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
    if conn.execute(installed).first() is not None:
        return
    available = sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
    if conn.execute(available).first() is None:
        major = int(conn.execute(sa.text("SHOW server_version_num")).scalar()) // 10000
        raise StoreError(f"expected PostGIS on the PostgreSQL {major} server, instead it is not installed there; "
                         f"install it on the server (Debian, Ubuntu: apt-get install postgresql-{major}-postgis-3) "
                         "and open the store again")
    try:
        with conn.begin_nested():
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis"))
    except sa.exc.DBAPIError as err:
        if _sqlstate(err) != _INSUFFICIENT_PRIVILEGE:
            raise
        database, user = conn.execute(sa.text("SELECT current_database(), current_user")).one()
        raise StoreError(f"PostGIS is installed on the server but not enabled in the database {database!r}, and "
                         f"the user {user!r} may not enable it ({describe(err)}); ask a superuser to run "
                         f"CREATE EXTENSION postgis; in {database!r} (psql -d {database} -c 'CREATE EXTENSION "
                         "postgis'), then open the store again") from err


def add_points(conn: sa.Connection) -> None:
    """Schema version 3 on PostgreSQL: PostGIS enabled, ``records.geom`` and its GiST index (see the
    module's docstring)."""
    _enable_postgis(conn)
    column = CreateColumn(record_points.c.geom).compile(dialect=conn.dialect)
    conn.execute(sa.text(f"ALTER TABLE {conn.dialect.identifier_preparer.quote('records')} ADD COLUMN {column}"))
    _GEOM_INDEX.create(conn)


def add_position_geometry(conn: sa.Connection) -> None:
    """Schema version 4 on PostgreSQL: ``positions.geom`` and its GiST index (see the module's docstring)."""
    _enable_postgis(conn)
    column = CreateColumn(position_shapes.c.geom).compile(dialect=conn.dialect)
    conn.execute(sa.text(f"ALTER TABLE {conn.dialect.identifier_preparer.quote('positions')} ADD COLUMN {column}"))
    _POSITION_INDEX.create(conn)
