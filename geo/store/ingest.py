"""Reports into the store, safe to run again; re-extraction of the stored reports.

Each report is one transaction: its row, its records and their sources are written together
or not at all, so a run killed at any point leaves every report either whole or absent, and the
next run stores the absent ones. A report is known by its content hash (SHA-256 of its text
and metadata; its records carry the hash of the text alone, which their offsets point into): one already stored adds nothing; one whose id is stored with another hash (the
file changed) replaces that report and its own records. Extraction runs before the
transaction, so the write lock is held for the writing only.

How the records merge across reports is kept in the same transaction (``geo.store.groups``): the new
rows and those they may merge with. Decisions are not touched here: they are keyed by source sentence (``geo.store.schema``) and
apply to whatever records the sentence gives after re-extraction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import geopandas as gpd
import sqlalchemy as sa

from ..extract.actors import ActorLexicon, load_actors
from ..gazetteer import Gazetteer, load_gazetteer
from ..io.reports import Report, load_reports
from ..pipeline import extract
from .aggregates import keep_for_page
from .engine import in_transaction
from .groups import keep_groups
from .migrations import OUR_DATASET
from .rows import record_rows
from .schema import datasets, merges, records, reports, sources

__all__ = ["IngestCounts", "Extractor", "content_hash", "text_hash", "ingest_reports", "reextract", "stored_report",
           "SAMPLE_REPORTS", "ingest_sample"]

log = logging.getLogger(__name__)

SAMPLE_REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"  # the built-in sample


@dataclass
class IngestCounts:
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    reextracted: int = 0
    failed: int = 0
    records: int = 0  # records written by this run

    def __str__(self) -> str:
        return (f"{self.added} reports added, {self.unchanged} unchanged, {self.replaced} replaced"
                + (f", {self.reextracted} re-extracted" if self.reextracted else "")
                + (f", {self.failed} failed" if self.failed else "") + f"; {self.records} records written")


class Extractor:
    """A report's records frame through ``geo.pipeline.extract``; the gazetteer and actors are
    loaded on first use (a run that finds every report stored loads neither)."""

    def __init__(self, *, gazetteer: Gazetteer | None = None, actors: ActorLexicon | None = None):
        self._gazetteer, self._actors = gazetteer, actors

    def __call__(self, report: Report) -> gpd.GeoDataFrame | None:
        """The report's records, or None when its extraction failed (logged by the pipeline)."""
        self._gazetteer = self._gazetteer or load_gazetteer()
        self._actors = self._actors or load_actors()
        result = extract([report], gazetteer=self._gazetteer, actors=self._actors)
        failed = [p for p in result.problems if p.skipped]
        return None if failed else result.frame


def content_hash(report: Report) -> str:
    """SHA-256 (hex) of the report's text and metadata: what makes two versions of a report differ."""
    content = {"text": report.text, "title": report.title, "outlet": report.outlet, "url": report.url,
               "published": report.published.isoformat() if report.published else None, "meta": report.meta}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def text_hash(text: str) -> str:
    """SHA-256 (hex) of a report's text: what a decision's sentence offsets point into, so a decision
    outlives a change of the report's title or date but not of its words."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


def ingest_reports(engine: sa.Engine, items: Iterable[Report], *,
                   extractor: Callable[[Report], gpd.GeoDataFrame | None] | None = None,
                   cache: Path | None = None) -> IngestCounts:
    """Store each report and its records (see the module's docstring); the counts of what happened.
    Then, as after an import, what the app reads first of a store of many imported records is made and
    kept in ``cache`` when it is not there (``geo.store.aggregates.keep_for_page``)."""
    extractor = extractor or Extractor()
    counts = IngestCounts()
    for report in items:
        digest = content_hash(report)
        if _hash_stored(engine, digest):
            counts.unchanged += 1
            continue
        frame = extractor(report)
        if frame is None:
            counts.failed += 1  # not stored: the next run tries it again
            continue
        outcome = in_transaction(engine, lambda conn: _store(conn, report, digest, frame))
        setattr(counts, outcome, getattr(counts, outcome) + 1)
        counts.records += len(frame) if outcome != "unchanged" else 0
    keep_for_page(engine, cache)  # a store filled by other means: its index made now, not at the app's first load
    return counts


def _hash_stored(engine: sa.Engine, digest: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(sa.select(reports.c.id).where(reports.c.content_hash == digest)).first() is not None


def _store(conn: sa.Connection, report: Report, digest: str, frame: gpd.GeoDataFrame) -> str:
    """Write one report and its records in ``conn``'s transaction: "added", "replaced" or "unchanged"
    (another process stored the same content meanwhile)."""
    if conn.execute(sa.select(reports.c.id).where(reports.c.content_hash == digest)).first() is not None:
        return "unchanged"
    row = {"content_hash": digest, "text": report.text, "title": report.title, "outlet": report.outlet,
           "url": report.url, "published": report.published.isoformat() if report.published else None,
           "published_source": report.published_source, "meta": json.dumps(report.meta, ensure_ascii=False),
           "path": report.path, "ingested_at": _now()}
    left: set[int] = set()
    if conn.execute(sa.select(reports.c.id).where(reports.c.id == report.id)).first() is None:
        conn.execute(sa.insert(reports).values(id=report.id, **row))
        outcome = "added"
    else:
        left = _delete_records(conn, report.id)
        conn.execute(sa.update(reports).where(reports.c.id == report.id).values(**row))
        outcome = "replaced"
    keep_groups(conn, _insert_records(conn, report.id, text_hash(report.text), frame), left)
    return outcome


def _delete_records(conn: sa.Connection, report_id: str) -> set[int]:
    """The report's records removed; the groups they were in (``geo.store.groups``)."""
    mine = sa.select(records.c.id).where(records.c.report_id == report_id)
    left = set(conn.execute(sa.select(merges.c.grp).where(merges.c.record.in_(mine))).scalars())
    conn.execute(sa.delete(merges).where(merges.c.record.in_(mine)))  # also where foreign keys are off
    conn.execute(sa.delete(sources).where(sources.c.record.in_(mine)))
    conn.execute(sa.delete(records).where(records.c.report_id == report_id))
    return left


def _insert_records(conn: sa.Connection, report_id: str, text_digest: str,
                    frame: gpd.GeoDataFrame) -> dict[int, tuple[dict, list[dict]]]:
    """The report's records written: row id -> (the records row, its sources rows) as written, which
    ``keep_groups`` takes instead of reading them back."""
    dataset = conn.execute(sa.select(datasets.c.id).where(datasets.c.name == OUR_DATASET)).scalar_one()
    written = {}
    for row, own_sources in record_rows(frame):
        row = {"dataset_id": dataset, "report_id": report_id, "report_hash": text_digest, **row}
        key = conn.execute(sa.insert(records).values(**row)).inserted_primary_key[0]
        written[key] = ({"id": key, **row}, own_sources)
        if own_sources:
            conn.execute(sa.insert(sources), [{"record": key, **s} for s in own_sources])
    return written


def stored_report(row: sa.Row) -> Report:
    """The ``Report`` of a ``reports`` row."""
    return Report(id=row.id, text=row.text, title=row.title, outlet=row.outlet, url=row.url,
                  published=dt.date.fromisoformat(row.published) if row.published else None,
                  published_source=row.published_source, path=row.path, meta=json.loads(row.meta))


def reextract(engine: sa.Engine, *, extractor: Callable[[Report], gpd.GeoDataFrame | None] | None = None,
              counts: IngestCounts | None = None) -> IngestCounts:
    """Extract every stored report again and replace its records, one report per transaction.
    Decisions stay (they are keyed by sentence); a report changed by another process meanwhile
    is left to its new version."""
    extractor = extractor or Extractor()
    counts = counts or IngestCounts()
    with engine.connect() as conn:
        ids = conn.execute(sa.select(reports.c.id).order_by(reports.c.id)).scalars().all()
    for report_id in ids:
        with engine.connect() as conn:
            row = conn.execute(sa.select(reports).where(reports.c.id == report_id)).first()
        if row is None:
            continue
        frame = extractor(stored_report(row))
        if frame is None:
            counts.failed += 1
            continue
        if in_transaction(engine, lambda conn: _replace(conn, row, frame)):
            counts.reextracted += 1
            counts.records += len(frame)
    return counts


def _replace(conn: sa.Connection, stored: sa.Row, frame: gpd.GeoDataFrame) -> bool:
    still = conn.execute(sa.select(reports.c.id).where(reports.c.id == stored.id,
                                                       reports.c.content_hash == stored.content_hash)).first()
    if still is None:
        return False
    left = _delete_records(conn, stored.id)
    keep_groups(conn, _insert_records(conn, stored.id, text_hash(stored.text), frame), left)
    return True


def ingest_sample(engine: sa.Engine, *, extractor: Callable[[Report], gpd.GeoDataFrame | None] | None = None,
                  folder: Path = SAMPLE_REPORTS) -> IngestCounts:
    """The built-in sample reports into ``engine``'s store (what a new default store starts with)."""
    loaded = load_reports([folder])
    for problem in loaded.problems:
        log.warning("%s", problem)
    return ingest_reports(engine, loaded.reports, extractor=extractor)
