"""The workspace's tables, declared once (SQLAlchemy Core ``MetaData``).

Portable types only (text, integers, floats): the same tables on SQLite and PostgreSQL.
Dates and times are ISO text (``YYYY-MM-DD``; UTC ``YYYY-MM-DDTHH:MM:SS.ffffff+00:00``),
which sort as they read. Lists and dicts are JSON text. A record's point is two columns,
``lat`` and ``lon``, with an index on them; on PostgreSQL, schema version 3 adds ``geom``, PostGIS
geometry generated from them with a GiST index (``geo.store.postgres``, not declared here: no
portable code reads or writes it).

A decision is keyed by the record's source sentence, not by ``record_id``: the hash of the
report's text (SHA-256; ``reports.content_hash`` covers its metadata too), the sentence's
offsets, the record's kind and where the sentence names its place (``place_start``, -1 when it
names none). Re-extraction and merging change record ids; they
leave the sentence where it is.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["metadata", "schema_version", "datasets", "reports", "records", "sources", "decisions", "audit",
           "imports", "positions", "merges", "RECORD_TEXT", "RECORD_REAL", "RECORD_INTEGER", "RECORD_JSON", "ANCHOR"]

metadata = sa.MetaData()


def _provenance() -> list[sa.Column]:
    """Where a report comes from, on reports and on each record's sources."""
    return [sa.Column("title", sa.Text, nullable=False, default=""),
            sa.Column("outlet", sa.Text, nullable=False, default=""),
            sa.Column("url", sa.Text, nullable=False, default=""),
            sa.Column("published", sa.Text)]


schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
)

datasets = sa.Table(
    "datasets", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("kind", sa.Text, nullable=False),  # "extracted" (ours), "acled", "gdelt"
    sa.Column("created_at", sa.Text, nullable=False),
)

reports = sa.Table(
    "reports", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),  # SHA-256, hex
    sa.Column("text", sa.Text, nullable=False),
    *_provenance(),
    sa.Column("published_source", sa.Text, nullable=False, default="unknown"),
    sa.Column("meta", sa.Text, nullable=False, default="{}"),
    sa.Column("path", sa.Text, nullable=False, default=""),
    sa.Column("ingested_at", sa.Text, nullable=False),
)

# The record columns of the frame kept as their own columns, by type; any other frame column
# (one added to geo.frame later) travels in ``extra`` as JSON.
RECORD_TEXT = ("record_id", "kind", "event_type", "sub_event_type", "actor", "actor2", "event_date",
               "date_precision", "place", "place_id", "geo_precision", "country", "asset", "claim_text",
               "claim_to", "claim_from", "verdict", "explanation", "nearest_position", "nearest_place")
RECORD_REAL = ("place_confidence", "claim_km", "computed_km", "tolerance_km")
RECORD_INTEGER = ("count", "corroboration")
RECORD_JSON = ("fatalities", "origin", "destination")
# A count read from a report may pass 2**31 - 1 (PostgreSQL's INTEGER); SQLite's takes 64 bits already.
_WHOLE = sa.Integer().with_variant(sa.BigInteger(), "postgresql")
# The source sentence a decision is tied to (see the module's docstring).
ANCHOR = ("report_hash", "start", "end", "kind", "place_start")

records = sa.Table(
    "records", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dataset_id", sa.Integer, sa.ForeignKey("datasets.id"), nullable=False),
    sa.Column("report_id", sa.Text, sa.ForeignKey("reports.id", ondelete="CASCADE")),
    sa.Column("report_hash", sa.String(64), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("place_start", sa.Integer, nullable=False),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    *(sa.Column(name, sa.Text) for name in RECORD_TEXT),
    *(sa.Column(name, sa.Float) for name in RECORD_REAL),
    *(sa.Column(name, _WHOLE) for name in RECORD_INTEGER),
    *(sa.Column(name, sa.Text) for name in RECORD_JSON),
    sa.Column("extra", sa.Text, nullable=False, default="{}"),
    sa.Index("records_record_id", "record_id"),
    sa.Index("records_report", "report_id"),
    sa.Index("records_anchor", "report_hash", "start", "end"),
    sa.Index("records_date", "event_date"),
    sa.Index("records_actor", "actor"),
    sa.Index("records_actor2", "actor2"),
    sa.Index("records_type", "event_type"),
    sa.Index("records_kind", "kind"),
    sa.Index("records_lat_lon", "lat", "lon"),
)

sources = sa.Table(
    "sources", metadata,
    sa.Column("record", sa.Integer, sa.ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("report", sa.Text, nullable=False),
    *_provenance(),
    sa.Column("quote", sa.Text, nullable=False, default=""),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("fatalities", sa.Text),
    sa.Column("place_start", sa.Integer),
    sa.Column("place_end", sa.Integer),
)

decisions = sa.Table(
    "decisions", metadata,
    sa.Column("report_hash", sa.String(64), primary_key=True),
    sa.Column("start", sa.Integer, primary_key=True),
    sa.Column("end", sa.Integer, primary_key=True),
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("place_start", sa.Integer, primary_key=True),
    sa.Column("review_status", sa.Text, nullable=False),  # unreviewed, confirmed, edited, rejected
    sa.Column("reviewed_by", sa.Text, nullable=False),
    sa.Column("reviewed_at", sa.Text, nullable=False),
    sa.Column("edits", sa.Text, nullable=False, default="{}"),  # field -> value, JSON
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Index("decisions_status", "review_status"),
)

audit = sa.Table(
    "audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("by", sa.Text, nullable=False),
    sa.Column("record_id", sa.Text, nullable=False),
    sa.Column("report_hash", sa.String(64), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("place_start", sa.Integer, nullable=False),
    sa.Column("field", sa.Text, nullable=False),
    sa.Column("old_value", sa.Text),  # JSON
    sa.Column("new_value", sa.Text),  # JSON
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Index("audit_record", "record_id"),
    sa.Index("audit_anchor", "report_hash", "start", "end"),
)

# The files imported into a dataset (geo.store.imports), by content hash: a file imported once adds
# nothing the next time. Schema version 2.
imports = sa.Table(
    "imports", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dataset_id", sa.Integer, sa.ForeignKey("datasets.id"), nullable=False),
    sa.Column("source", sa.Text, nullable=False),  # "acled", "gdelt"
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),  # SHA-256 of the file's bytes, hex
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("imported_at", sa.Text, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),  # records imported
    sa.Column("skipped", sa.Integer, nullable=False),  # malformed rows left out
)

# Positions and control areas uploaded in the app (geo.store.positions), one row a feature.
# ``wkt`` is the geometry (EPSG:4326, x = longitude) as WKT text, portable; on PostgreSQL schema
# version 4 adds ``geom``, PostGIS geometry generated from it with a GiST index (geo.store.postgres).
# ``upload_hash`` (SHA-256 of the bytes and the actor typed) with ``feature``: the same upload
# twice adds nothing. ``source`` is the file's name as the client gave it, never a path.
positions = sa.Table(
    "positions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("upload_hash", sa.String(64), nullable=False),
    sa.Column("feature", sa.Integer, nullable=False),  # the feature's number in its upload, from 0
    sa.Column("dataset", sa.Text, nullable=False),
    sa.Column("record_id", sa.Text, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),  # "point" or "area"
    sa.Column("place", sa.Text, nullable=False, default=""),
    sa.Column("wkt", sa.Text, nullable=False),
    sa.Column("valid_from", sa.Text),  # ISO dates, when the file tells them
    sa.Column("valid_to", sa.Text),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("added_at", sa.Text, nullable=False),
    sa.UniqueConstraint("upload_hash", "feature", name="positions_upload_feature"),
    sa.Index("positions_actor", "actor"),
    sa.Index("positions_kind", "kind"),
)

# How our records merge across reports (geo.store.groups), kept at ingest: each of our records rows but
# claims, with the group of rows that tell the same event as extracted (before any decision: a rejected
# row is set apart when read), named by the group's lowest row id. Schema version 7.
merges = sa.Table(
    "merges", metadata,
    sa.Column("record", sa.Integer, sa.ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("grp", sa.Integer, nullable=False),
    sa.Index("merges_group", "grp"),
)
