"""What an analyst adds in the app: report files, pasted text and a folder (``--data``) for the
store, and positions uploads (``geo.store.positions``).

Pure functions of bytes and text (the app reads uploads from memory; a client's file name is
never a path). A report added here gets an id of its own content (``added-<name>-<hash>``):
two analysts adding files of the same name never replace each other's report in the store, and
the same file added twice adds nothing. ``store_added`` writes them (``geo.store.ingest``).
``save_upload_positions`` reads a positions upload and stores its features for every session: the
same bytes with the same actor add nothing again, and a file that cannot be read stores nothing
and removes nothing stored.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

import sqlalchemy as sa

from ..errors import GeoError
from ..io.positions import read_positions
from ..io.reports import (MAX_PASTE_BYTES, Problem, Report, ReportError, iter_report_paths, load_reports, parse_report,
                          report_from_text)
from .ingest import Extractor, IngestCounts, content_hash, ingest_reports
from .positions import store_positions, upload_hash

__all__ = ["store_folder", "folder_signature", "upload_id", "added_report", "read_uploads", "read_paste", "store_added", "Positions", "upload_key",
           "read_upload_positions", "save_upload_positions"]


def upload_id(name: str) -> str:
    """A report id from a client's file name: ``added-`` and its last part's stem, letters, digits,
    '_' and '-' only."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(name.replace("\\", "/")).stem).strip("-")
    return f"added-{stem[:60] or 'file'}"


def added_report(report: Report) -> Report:
    """``report`` with an id of its content: ``<its id>-<12 hex digits of its content hash>``."""
    return dataclasses.replace(report, id=f"{report.id}-{content_hash(report)[:12]}")


def read_uploads(files: Iterable[tuple[str, bytes]], *,
                 reading: Callable[[str, int], None] = lambda name, number: None) -> tuple[list[Report], list[str]]:
    """The reports of uploaded (name, bytes) and the problems met, one per bad file;
    ``reading(name, number)`` is told of each file as it is read."""
    reports, problems = [], []
    for number, (name, data) in enumerate(files, 1):
        reading(name, number)
        try:
            report, warnings = parse_report(data, name=name, report_id=upload_id(name))
        except ReportError as err:
            problems.append(str(Problem(name, err.reason)))
            continue
        reports.append(added_report(report))
        problems.extend(str(w) for w in warnings)
    return reports, problems


def read_paste(text: str, **meta) -> tuple[list[Report], list[str]]:
    """A pasted report and its metadata (``title``, ``outlet``, ``url``, ``published``); the problems met."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if not text.strip():
        return [], ["pasted report: expected report text, got nothing (skipped)"]
    if size > MAX_PASTE_BYTES:
        return [], [f"pasted report: expected at most {MAX_PASTE_BYTES:,} bytes of text, got {size:,}; "
                    "save it as a file and upload it (skipped)"]
    try:
        return [added_report(report_from_text(text, report_id="added-pasted", **meta))], []
    except ReportError as err:
        return [], [str(Problem("pasted report", err.reason))]


def store_added(engine: sa.Engine, reports: list[Report], extractor: Extractor) -> tuple[IngestCounts, list[str]]:
    """``reports`` stored; the counts and the problems (reports whose extraction failed)."""
    counts = ingest_reports(engine, reports, extractor=extractor)
    return counts, [f"{counts.failed} report(s) could not be read (not stored)"] if counts.failed else []


def folder_signature(folder: Path) -> tuple:
    """Changes when a report file in the folder is added, removed or edited."""
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in iter_report_paths([folder]))


def store_folder(engine: sa.Engine, folder: Path, extractor: Extractor) -> list[str]:
    """The folder's reports stored (``--data``: those already stored add nothing); the problems met."""
    loaded = load_reports([folder])
    counts, failed = store_added(engine, loaded.reports, extractor)
    return [str(p) for p in loaded.problems] + failed


class Positions(NamedTuple):
    """A positions upload: its content key, what it gave, and why not if it failed (``added``: the
    features it stored, when saved)."""

    key: tuple[str, str]  # (SHA-256 of the bytes, the actor typed)
    frame: object = None
    warnings: tuple[str, ...] = ()
    error: str | None = None
    added: int = 0


def upload_key(data: bytes, actor: str) -> tuple[str, str]:
    return hashlib.sha256(data).hexdigest(), actor


def read_upload_positions(data: bytes, name: str, actor: str) -> Positions:
    """Positions read from uploaded bytes; a file that cannot be read gives none and says why."""
    key = upload_key(data, actor)
    try:
        loaded = read_positions(data, name=name, actor=actor or None)
    except GeoError as err:
        return Positions(key, error=f"{err} (no positions loaded)")
    return Positions(key, loaded.frame, tuple(loaded.warnings))


def save_upload_positions(engine: sa.Engine, data: bytes, name: str, actor: str) -> Positions:
    """Positions read from uploaded bytes and stored; a file that cannot be read, or a store that
    cannot be written, stores nothing and says why."""
    read = read_upload_positions(data, name, actor)
    if read.error is not None:
        return read
    try:
        added = store_positions(engine, read.frame, upload_hash=upload_hash(data, actor), name=name)
    except GeoError as err:
        return read._replace(frame=None, error=f"{err} (no positions stored)")
    return read._replace(frame=None, added=added)
