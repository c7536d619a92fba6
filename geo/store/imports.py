"""Other datasets beside ours: an ACLED CSV export or a GDELT 2.0 events file, as a named dataset.

``import_file(engine, "acled"|"gdelt", path, name=...)`` reads the file (bounded: ``MAX_BYTES``;
a GDELT ``.export.CSV.zip`` as downloaded is read inside its zip), turns each row into a record of
our schema (kind "event", ``geo.frame.Record``) and writes them all in one transaction. A file
already imported (same SHA-256 of its bytes) adds nothing. A row already in the dataset (same
ACLED ``event_id_cnty`` / GDELT ``GlobalEventID``, from another file) is replaced. A malformed row
is named (line number and reason) in ``ImportResult.skipped`` and left out; a file that is empty,
binary, too large, not text or not of the format, or has no good row, raises ``InputError`` and
the store is not touched. The pure converters ``acled_records`` and ``gdelt_records`` take the
file's text.

An imported record's source is ``{dataset}:{event id}`` (its ``report``); its decisions are tied to
that (the hash of it, offsets 0), so they survive a later import of the same event.

The readers of the two formats are ``geo.store.acled`` and ``geo.store.gdelt``, what they share
``geo.store.importrows``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import sqlalchemy as sa

from ..errors import InputError
from ..fileio import read_limited
from ..frame import Record, to_frame
from .acled import acled_records
from .aggregates import keep_for_page
from .engine import in_transaction
from .gdelt import gdelt_records
from .importrows import Skipped
from .ingest import text_hash
from .rows import record_rows
from .schema import datasets, imports, records, sources

__all__ = ["SOURCES", "MAX_BYTES", "ImportResult", "read_text", "ReadFile", "read_file", "store_file",
           "import_file"]

log = logging.getLogger(__name__)

SOURCES = ("acled", "gdelt")
MAX_BYTES = 512 * 2**20  # a year of ACLED for a large country, or a day of GDELT, is well below

_BATCH = 500  # rows per statement
_SHOWN = 10  # skipped rows named in the summary
_LABELS = {"acled": "an ACLED CSV export", "gdelt": "a GDELT 2.0 events file"}


@dataclass
class ImportResult:
    dataset: str
    source: str
    added: int = 0
    replaced: int = 0  # rows already in the dataset from another file, replaced
    already: str | None = None  # when the file was imported before: into which dataset
    skipped: list[Skipped] = field(default_factory=list)

    def __str__(self) -> str:
        if self.already is not None:
            return f"{self.source} file already imported into dataset {self.already!r}: nothing added"
        text = (f"dataset {self.dataset!r} ({self.source}): {self.added} records imported, {self.replaced} replaced, "
                f"{len(self.skipped)} rows skipped")
        shown = "".join(f"\n  skipped {s}" for s in self.skipped[:_SHOWN])
        more = len(self.skipped) - _SHOWN
        return text + shown + (f"\n  ... and {more} more rows skipped (each is in the log)" if more > 0 else "")


def read_text(path: Path, source: str, *, limit: int = MAX_BYTES) -> tuple[str, str]:
    """(the file's text, the SHA-256 of its bytes). Raises ``InputError`` for a file that is missing,
    too large, empty, binary or not text (UTF-8, else Windows-1252 as a spreadsheet saves it)."""
    label = _LABELS.get(source, "a file")
    data = read_limited(path, limit=limit, what=label)
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"PK\x03\x04"):  # GDELT's files come zipped
        data = _unzipped(data, path, limit)
    if not data.strip():
        raise InputError(f"{path}: expected {label}, instead got an empty file")
    if b"\x00" in data[:65536]:
        raise InputError(f"{path}: expected {label} (text: CSV or tab-separated), instead got a binary file")
    try:
        return data.decode("utf-8-sig"), digest
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as err:
            raise InputError(f"{path}: expected UTF-8 text, instead got bytes that are not text "
                             f"(at byte {err.start})") from err
        log.warning("%s: not UTF-8; read as Windows-1252", path)
        return text, digest


def _unzipped(data: bytes, path: Path, limit: int) -> bytes:
    """The one file inside the zip ``data``, of at most ``limit`` bytes (whatever its header says)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1:
                raise InputError(f"{path}: expected a zip holding one file, instead got {len(members)} files")
            with archive.open(members[0]) as member:
                inner = member.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, RuntimeError, NotImplementedError) as err:
        raise InputError(f"{path}: expected a readable zip file, instead got one that cannot be read ({err})") from err
    if len(inner) > limit:
        raise InputError(f"{path}: expected a zipped file of at most {limit:,} bytes, instead got a larger one")
    return inner



_READERS = {"acled": acled_records, "gdelt": gdelt_records}


@dataclass
class ReadFile:
    """A file read and converted, not yet stored."""

    source: str
    path: Path
    name: str  # the dataset's
    digest: str  # SHA-256 of the file's bytes
    records: list[Record]
    skipped: list[Skipped]


def read_file(source: str, path: Path, *, name: str | None = None) -> ReadFile:
    """``path`` (an ACLED or GDELT file, ``source``) read as records of the dataset ``name`` (default:
    ``source``). Raises ``InputError`` for a file that cannot be read as ``source`` or has no good row."""
    if source not in _READERS:
        raise InputError(f"Expected one of {', '.join(SOURCES)}, instead got {source!r}.")
    name = (name or source).strip()
    if not name:
        raise InputError("Expected a dataset name, instead got an empty one.")
    text, digest = read_text(path, source)
    found, skipped = _READERS[source](text, name=name, where=str(path))
    for s in skipped:
        log.warning("%s: %s", path, s)
    if not found:
        raise InputError(f"{path}: no row could be read as {_LABELS[source]}"
                         + (f" ({len(skipped)} skipped; first: {skipped[0]})" if skipped else ""))
    return ReadFile(source, path, name, digest, found, skipped)


def store_file(engine: sa.Engine, read: ReadFile, *, cache: Path | None = None) -> ImportResult:
    """Write ``read``'s records in one transaction (see the module's docstring); what was done. Then
    what the app reads first of a store of many imported records is made and kept in ``cache``
    (``geo.store.aggregates.keep_for_page``). Raises ``InputError``, writing nothing, when its dataset
    name holds another kind of records."""
    result = ImportResult(dataset=read.name, source=read.source, skipped=read.skipped)
    in_transaction(engine, lambda conn: _write(conn, result, read))
    keep_for_page(engine, cache)
    return result


def import_file(engine: sa.Engine, source: str, path: Path, *, name: str | None = None,
                cache: Path | None = None) -> ImportResult:
    """``read_file`` then ``store_file``."""
    return store_file(engine, read_file(source, path, name=name), cache=cache)


def _write(conn: sa.Connection, result: ImportResult, read: ReadFile) -> None:
    found, digest = read.records, read.digest
    result.added = result.replaced = 0  # a retried transaction starts again
    result.already = None
    earlier = conn.execute(sa.select(datasets.c.name).select_from(imports.join(datasets))
                           .where(imports.c.content_hash == digest)).scalar()
    if earlier is not None:
        result.already = earlier
        return
    dataset = _dataset(conn, result.dataset, result.source)
    stored = dict(conn.execute(sa.select(records.c.report_hash, records.c.id)
                               .where(records.c.dataset_id == dataset)).all())
    rows, own = [], []
    for (row, own_sources), record in zip(record_rows(to_frame(found)), found):
        rows.append(row | {"dataset_id": dataset, "report_id": None,
                           "report_hash": text_hash(record.sources[0].report)})
        own.append(own_sources)
    old = [stored[row["report_hash"]] for row in rows if row["report_hash"] in stored]
    for start in range(0, len(rows), _BATCH):  # many rows per statement, their ids in order
        batch = sa.insert(records).returning(records.c.id, sort_by_parameter_order=True)
        keys = conn.execute(batch, rows[start:start + _BATCH]).scalars().all()
        conn.execute(sa.insert(sources), [{"record": key, **s} for key, part in zip(keys, own[start:start + _BATCH])
                                          for s in part])
    for chunk in _chunks(old, _BATCH):
        conn.execute(sa.delete(sources).where(sources.c.record.in_(chunk)))
        conn.execute(sa.delete(records).where(records.c.id.in_(chunk)))
    result.replaced, result.added = len(old), len(found) - len(old)
    conn.execute(sa.insert(imports).values(dataset_id=dataset, source=result.source, content_hash=digest,
                                           path=str(read.path), imported_at=_now(), rows=len(found),
                                           skipped=len(result.skipped)))


def _dataset(conn: sa.Connection, name: str, source: str) -> int:
    """The id of the dataset ``name``, created for ``source`` records when new."""
    row = conn.execute(sa.select(datasets.c.id, datasets.c.kind).where(datasets.c.name == name)).first()
    if row is None:
        created = conn.execute(sa.insert(datasets).values(name=name, kind=source, created_at=_now()))
        return created.inserted_primary_key[0]
    if row.kind != source:
        raise InputError(f"--name {name}: expected a dataset of {source} records or a new name, instead got the "
                         f"dataset {name!r} of {row.kind} records")
    return row.id


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()
