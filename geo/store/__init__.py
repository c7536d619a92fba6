"""The analyst's workspace: reports, records, decisions and their audit trail in one database.

Owns: ``schema`` (the tables, declared once), ``migrations`` (the numbered schema versions,
applied on open), ``engine`` (opening a store by SQLAlchemy URL, transactions with retries),
``sqlite`` (the one place with SQLite-only settings: WAL, busy timeout, write locks),
``postgres`` (the one with PostgreSQL-only ones: psycopg, isolation levels, PostGIS geometry),
``rows`` (records frame rows <-> table rows), ``ingest`` (reports in, run again safely;
re-extraction), ``anchors`` (how decisions meet records), ``review`` (decisions and the audit
trail), ``merging`` (stored records merged across reports), ``imports`` (ACLED and GDELT files
as datasets; their readers ``acled`` and ``gdelt``, what both share ``importrows``), ``positions``
(positions and control areas uploaded, for every session), ``agreement`` (our events matched with
theirs), ``output`` (the current records as a frame, decisions applied, and their files),
``view`` (the same records as the dashboard reads them: imported records' columns in one SELECT,
their quotes when shown), ``ours`` (our records kept from one decision to the next), ``columnar``
and ``indexing`` (a large store's imported rows as a columnar index, kept on disk) and
``aggregates`` (a large store's page by that index).
May import: ``geo.pipeline`` and every stage below it; never streamlit.
Everything else is SQLAlchemy Core on portable types: the same schema and code on SQLite and
PostgreSQL + PostGIS.
"""

from .engine import DEFAULT_PATH, StoreError, default_url, open_store
from .ingest import IngestCounts, ingest_reports, reextract
from .output import current_records, write_records
from .review import Change, review_record

__all__ = ["DEFAULT_PATH", "StoreError", "default_url", "open_store", "IngestCounts", "ingest_reports",
           "reextract", "current_records", "write_records", "Change", "review_record"]
