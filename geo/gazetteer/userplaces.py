"""The store of places a user adds to the gazetteer: official GeoNames downloads
(``allCountries.txt``, ``XX.zip``, ``cities500.txt``, ``admin1CodesASCII.txt``) and
analysts' place lists (CSV or GeoJSON, read by ``geo.gazetteer.placelist``).

This module owns the store folder, by default ``data/places/user/`` (or the folder the
environment variable ``GEO_PLACES_DIR`` names). Each import is kept as:

* ``<digest>.tsv.gz``: its places in the compact format of ``geo.gazetteer.geonames``
  (header line, ``compact_line`` rows, gzip with mtime 0), read with ``read_compact``;
  for an ``admin1CodesASCII.txt``, ``<digest>.admin1.tsv``, read with ``read_admin1``;
* ``<digest>.json``: its manifest (the original file name, as text only; kind
  "geonames-dump", "place-list" or "geonames-admin1"; row count; date added, UTC).

``digest`` is the SHA-256 of the bytes added: a file is named by its content, never by
the client's file name, and adding the same bytes again adds nothing. Every file is
written atomically and the manifest last: a data file without a manifest is ignored.
``add_places`` adds all its sources or none. The index build reads ``added_files()``
(and ``added_admin1_files()``); it is rebuilt when they change.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator, Union

from ..errors import InputError, UnreadableFileError
from ..fileio import atomic_writer, file_kind, write_atomic
from .geonames import ADMIN1_COLUMNS, COMPACT_COLUMNS, GeoNamesRow, compact_line, latin_alternates, \
    read_admin1, read_dump
from .placelist import LoadedPlaces, clean_text, is_user_id, load_place_list, \
    place_id, read_place_list

__all__ = ["Upload", "Entry", "AddResult", "add_places", "list_added", "remove_added", "added_files",
           "added_admin1_files", "default_store_dir", "KINDS", "PLACE_LIST", "GEONAMES_DUMP",
           "GEONAMES_ADMIN1", "ENV_STORE_DIR",
           # re-exported from geo.gazetteer.placelist
           "LoadedPlaces", "read_place_list", "load_place_list", "place_id", "is_user_id"]

log = logging.getLogger(__name__)

PLACE_LIST, GEONAMES_DUMP, GEONAMES_ADMIN1 = "place-list", "geonames-dump", "geonames-admin1"
KINDS = (PLACE_LIST, GEONAMES_DUMP, GEONAMES_ADMIN1)
ENV_STORE_DIR = "GEO_PLACES_DIR"
_DEFAULT_STORE = Path(__file__).resolve().parents[2] / "data" / "places" / "user"
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
_SUFFIX = {PLACE_LIST: ".tsv.gz", GEONAMES_DUMP: ".tsv.gz", GEONAMES_ADMIN1: ".admin1.tsv"}
_LIST_SUFFIXES = (".csv", ".geojson", ".json")
_ADMIN1_NAME = re.compile(r"^admin1codes(?:ascii)?\.txt$", re.IGNORECASE)


@dataclass(frozen=True)
class Upload:
    """Bytes to add, with the name the client gave them: text that picks the format by
    its suffix and labels messages and the manifest, never a path."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Entry:
    """One import in the store; ``file`` is its data file (what the index build reads)."""

    digest: str
    name: str
    kind: str
    rows: int
    added: str
    file: Path


@dataclass
class AddResult:
    """What ``add_places`` did: the imports added, those already there, warnings about rows."""

    added: list[Entry] = field(default_factory=list)
    already: list[Entry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


Source = Union[str, Path, Upload]


def default_store_dir() -> Path:
    """``$GEO_PLACES_DIR`` when set, else ``data/places/user`` in the repository."""
    configured = os.environ.get(ENV_STORE_DIR, "").strip()
    return Path(configured) if configured else _DEFAULT_STORE


def _store(store_dir: str | Path | None) -> Path:
    return default_store_dir() if store_dir is None else Path(store_dir)


# --- reading the store -------------------------------------------------------------------

def _entry(path: Path) -> Entry | None:
    """The manifest at ``path``, or None (logged) when it is not one of ours. The data
    file's name is derived from the digest, never taken from the manifest."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        digest, kind = manifest["digest"], manifest["kind"]
        valid = (isinstance(digest, str) and _DIGEST.match(digest) and path.name == f"{digest}.json"
                 and kind in KINDS and isinstance(manifest["rows"], int))
        entry = Entry(digest, clean_text(str(manifest["name"]))[:200], kind, manifest["rows"], str(manifest["added"]),
                      path.parent / f"{digest}{_SUFFIX[kind]}") if valid else None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as err:
        log.warning("%s: skipped: not a manifest of added places (%s)", path, err)
        return None
    if entry is None:
        log.warning("%s: skipped: not a manifest of added places", path)
    elif not entry.file.is_file():
        log.warning("%s: skipped: its data file %s is missing", path, entry.file.name)
        return None
    return entry


def list_added(store_dir: str | Path | None = None) -> list[Entry]:
    """The imports in the store, oldest first (then by digest); none when it does not exist."""
    store = _store(store_dir)
    if not store.is_dir():
        return []
    entries = (_entry(path) for path in sorted(store.glob("*.json")))
    return sorted((e for e in entries if e is not None), key=lambda e: (e.added, e.digest))


def added_files(store_dir: str | Path | None = None) -> list[Path]:
    """The compact place files of the store (read with ``geonames.read_compact``), oldest
    import first. Rows of place lists have ids ``is_user_id`` tells apart (``place_id``)."""
    return [e.file for e in list_added(store_dir) if e.kind != GEONAMES_ADMIN1]


def added_admin1_files(store_dir: str | Path | None = None) -> list[Path]:
    """The admin1 name tables of the store (read with ``geonames.read_admin1``), oldest first."""
    return [e.file for e in list_added(store_dir) if e.kind == GEONAMES_ADMIN1]


def remove_added(digest: str, store_dir: str | Path | None = None) -> Entry:
    """Remove the import whose digest is ``digest`` (or starts with it: at least 8 hex
    digits); the removed entry. ``InputError`` when none or several match."""
    wanted = digest.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{8,64}", wanted):
        raise InputError(f"expected a digest of 8 to 64 hex digits (see 'places list'), got {digest[:80]!r}")
    matches = [e for e in list_added(store_dir) if e.digest.startswith(wanted)]
    if len(matches) != 1:
        found = "none" if not matches else f"{len(matches)} imports; give more digits"
        raise InputError(f"expected one added import with digest {wanted}..., got {found}")
    [entry] = matches
    (entry.file.parent / f"{entry.digest}.json").unlink()  # first: without it the data is ignored
    entry.file.unlink(missing_ok=True)
    return entry


# --- adding ------------------------------------------------------------------------------

def _digest(source: Path | Upload) -> str:
    """The SHA-256 of the source's bytes; a path must be a regular file (checked on the
    opened file, which is opened without blocking: a FIFO is refused, not waited on)."""
    if isinstance(source, Upload):
        return hashlib.sha256(source.data).hexdigest()
    sha = hashlib.sha256()
    try:
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(mode := os.fstat(handle.fileno()).st_mode):
                raise UnreadableFileError(str(source), f"expected a regular file, got {file_kind(mode)}")
            for block in iter(lambda: handle.read(1 << 20), b""):
                sha.update(block)
    except FileNotFoundError as err:
        raise UnreadableFileError(str(source), "cannot read the file: not found") from err
    except OSError as err:
        raise UnreadableFileError(str(source), f"cannot read the file: {err.strerror or err}") from err
    return sha.hexdigest()


def _head(source: Path | Upload) -> bytes:
    if isinstance(source, Upload):
        return source.data[:8192]
    with open(source, "rb") as handle:
        return handle.read(8192)


def _kind(name: str, head: bytes) -> str:
    """What a file is, by its name and, for a .txt, its first line: 19 tab-separated
    columns are a GeoNames dump, 4 starting "XX.code" an admin1 table."""
    lower = name.lower().replace("\\", "/").rsplit("/", 1)[-1]
    if lower.endswith(_LIST_SUFFIXES):
        return PLACE_LIST
    if lower.endswith((".zip", ".gz")):
        return GEONAMES_DUMP
    if _ADMIN1_NAME.match(lower):
        return GEONAMES_ADMIN1
    fields = head.split(b"\n", 1)[0].split(b"\t")
    if len(fields) == 19:
        return GEONAMES_DUMP
    if len(fields) == 4 and (b"." in fields[0] or fields[0] == b"code"):
        return GEONAMES_ADMIN1
    return PLACE_LIST


@contextmanager
def _on_disk(source: Path | Upload, kind: str) -> Iterator[Path]:
    """A path to the source's bytes: the file itself, or a temporary copy of an upload
    under a fixed name with the upload's suffix (the client's name is never a path)."""
    if isinstance(source, Path):
        yield source
        return
    lower = source.name.lower()
    suffix = ".zip" if lower.endswith(".zip") else ".tsv.gz" if lower.endswith(".gz") else ".txt"
    with tempfile.TemporaryDirectory(prefix="geo-upload-") as folder:
        path = Path(folder) / f"{kind}{suffix}"
        path.write_bytes(source.data)
        yield path


def _write_places(target: Path, rows: Iterable[GeoNamesRow]) -> int:
    """Write ``rows`` as a compact file (atomically; gzip with mtime 0 and no name, so the
    same rows give the same bytes); the number written."""
    count = 0
    with atomic_writer(target) as handle:
        with gzip.GzipFile(filename="", mode="wb", fileobj=handle, compresslevel=6, mtime=0) as packed:
            packed.write(("\t".join(COMPACT_COLUMNS) + "\n").encode("utf-8"))
            for row in rows:
                packed.write((compact_line(row) + "\n").encode("utf-8"))
                count += 1
    return count


def _dump_rows(path: Path) -> Iterator[GeoNamesRow]:
    """A dump's rows made compact as ``scripts/build_places.py`` makes them."""
    for row in read_dump(path):
        yield GeoNamesRow(row.geonameid, row.name, row.asciiname,
                          latin_alternates(row.name, row.asciiname, row.alternates), row.lat, row.lon,
                          row.feature_class, row.feature_code, row.country, row.admin1, row.population)


def _write_admin1(target: Path, path: Path) -> int:
    names = sorted(read_admin1(path).values(), key=lambda r: r.code)
    lines = ["\t".join(ADMIN1_COLUMNS), *("\t".join((r.code, r.name, r.asciiname, str(r.geonameid)))
                                           for r in names)]
    if names:
        write_atomic(target, "".join(f"{line}\n" for line in lines).encode("utf-8"))
    return len(names)


def _place_list(source: Path | Upload) -> LoadedPlaces:
    if isinstance(source, Upload):
        return read_place_list(source.data, name=source.name)
    return load_place_list(source)


def _stage(source: Path | Upload, label: str, digest: str, kind: str, store: Path,
           warnings: list[str]) -> int:
    """Write the source's data file into the store; its row count. ``InputError`` when
    it holds no place."""
    target = store / f"{digest}{_SUFFIX[kind]}"
    if kind == PLACE_LIST:
        loaded = _place_list(source)
        warnings.extend(loaded.warnings)
        return _write_places(target, loaded.rows)
    with _on_disk(source, kind) as path:
        rows = _write_admin1(target, path) if kind == GEONAMES_ADMIN1 else _write_places(target, _dump_rows(path))
    if rows == 0:
        target.unlink(missing_ok=True)
        raise InputError(f"{label}: expected GeoNames rows ({kind}), got none")
    return rows


def _clock() -> datetime:
    return datetime.now(timezone.utc)


def _source(source: Source) -> Path | Upload:
    return source if isinstance(source, Upload) else Path(source)


def _check_ids(digest: str, kind: str, known: Iterable[Entry]) -> None:
    """Two place lists whose digests share 8 hex digits would share row ids (1 in 4e9)."""
    for entry in known:
        if kind == entry.kind == PLACE_LIST and entry.digest[:8] == digest[:8]:
            raise InputError(f"place list {digest[:16]}... would reuse the ids of the added list "
                             f"{entry.digest[:16]}... ({entry.name}); remove that one first")


def add_places(*sources: Source, store_dir: str | Path | None = None,
               clock: Callable[[], datetime] = _clock) -> AddResult:
    """Add GeoNames dumps, admin1 tables and place lists (paths, or ``Upload`` bytes) to
    the store. All are added or none: when one cannot be read, the data files already
    written by this call are removed and the error raised; the store is as it was.
    Sources whose bytes are already in the store are reported in ``already``."""
    store = _store(store_dir)
    store.mkdir(parents=True, exist_ok=True)
    known = {e.digest: e for e in list_added(store)}
    result = AddResult()
    staged: list[Entry] = []
    added = clock().astimezone(timezone.utc).isoformat(timespec="seconds")
    try:
        for item in map(_source, sources):
            label = clean_text(item.name if isinstance(item, Upload) else item.name)[:200] or "(no name)"
            digest = _digest(item)
            if digest in known:
                result.already.append(known[digest])
                continue
            kind = _kind(label, _head(item))
            _check_ids(digest, kind, known.values())
            rows = _stage(item, label, digest, kind, store, result.warnings)
            known[digest] = Entry(digest, label, kind, rows, added, store / f"{digest}{_SUFFIX[kind]}")
            staged.append(known[digest])
    except BaseException:
        for entry in staged:
            entry.file.unlink(missing_ok=True)
        raise
    for entry in staged:
        manifest = {"digest": entry.digest, "name": entry.name, "kind": entry.kind, "rows": entry.rows,
                    "added": entry.added}
        write_atomic(store / f"{entry.digest}.json",
                     (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    result.added = staged
    return result

