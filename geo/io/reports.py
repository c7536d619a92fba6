"""Stage 1: read report files (UTF-8 text with optional metadata) into records.

A report file is plain text. It may start with a front-matter block of
``key: value`` lines between two ``---`` lines::

    ---
    title: Russian, U.S. Defense Chiefs Talk By Telephone About Fighting IS
    outlet: RFE/RL
    url: https://example.org/story
    published: 2015-09-18
    ---
    The defense chiefs of Russia and the United States spoke ...

Known keys are ``title``, ``outlet``, ``url`` and ``published`` (ISO date);
any other key is kept in ``Report.meta``. Character offsets used by every
later stage are offsets into ``Report.text``, the body after the block.

Bad files never stop a batch: ``load_reports`` returns the reports it could
read and a list of problems naming each file it skipped and why. A malformed
metadata block is not a reason to drop a report: the whole file is then read
as text, with a warning.

Only regular files are read, and never more than ``MAX_REPORT_BYTES + 1``
bytes of them: a link to ``/dev/zero``, a FIFO or a device is a problem, not a
hang. Folders are walked without recursion and symlinked folders inside them
are not followed, so deep or looping trees end.

JSON lines (``{"id": ..., "text": ...}`` a line) are read by ``geo.io.jsonl``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ..text.dates import find_publication_date
from ..errors import (
    EmptyReportError,
    MetadataError,
    ReportError,
    UnreadableFileError,
    UnreadableReportError,
)
from ..fileio import read_limited

__all__ = [
    "Report",
    "Problem",
    "LoadResult",
    "MAX_REPORT_BYTES",
    "MAX_PASTE_BYTES",
    "parse_report",
    "report_from_text",
    "load_reports",
    "iter_report_paths",
    "read_report_bytes",
    "unique_id",
]

MAX_REPORT_BYTES = 5_000_000
MAX_PASTE_BYTES = 1_000_000  # pasted text, enforced by the app
REPORT_SUFFIXES = (".txt", ".md", ".text")
_KNOWN_KEYS = ("title", "outlet", "url", "published")
_FRONT_MATTER = "---"
_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_TITLE_CHARS = 120


@dataclass(frozen=True)
class Report:
    """One news report: its text and where it comes from."""

    id: str
    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: dt.date | None = None
    published_source: str = "unknown"  # "metadata", "text" or "unknown"
    path: str = ""
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input; ``skipped`` tells if it was dropped."""

    path: str
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        action = "skipped" if self.skipped else "read with a warning"
        return f"{self.path}: {self.message} ({action})"


@dataclass(frozen=True)
class LoadResult:
    reports: list[Report]
    problems: list[Problem]


def _decode(raw: bytes, name: str) -> str:
    _check_size(len(raw), name)
    if b"\x00" in raw[:4096]:
        raise UnreadableReportError(name, "expected UTF-8 text, got binary data (NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UnreadableReportError(
            name, f"expected UTF-8 text, got an invalid byte at offset {err.start}"
        ) from err
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(text: str, name: str) -> tuple[dict[str, str], str]:
    """Return (metadata, body). Text without a leading ``---`` line has no metadata."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != _FRONT_MATTER:
        return {}, text
    meta: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == _FRONT_MATTER:
            return meta, "\n".join(lines[number:])
        if not line.strip():
            continue
        match = _KEY_LINE.match(line)
        if match is None:
            raise MetadataError(
                name, f"line {number}: expected 'key: value' in the metadata block, got {line[:60]!r}"
            )
        meta[match.group(1).lower()] = match.group(2).strip()
    raise MetadataError(name, "the metadata block opened with '---' is never closed")


def _parse_published(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as err:
        raise MetadataError(
            name, f"published: expected an ISO date YYYY-MM-DD, got {value!r}"
        ) from err


def _default_title(body: str) -> str:
    for line in body.split("\n"):
        line = line.strip()
        if line:
            return line if len(line) <= _TITLE_CHARS else line[: _TITLE_CHARS - 1] + "…"
    return ""


def report_from_text(
    text: str,
    *,
    report_id: str | None = None,
    title: str = "",
    outlet: str = "",
    url: str = "",
    published: dt.date | None = None,
    path: str = "",
    meta: dict[str, str] | None = None,
) -> Report:
    """Build a report from text already in memory (a paste, a JSONL line).

    Raises ``ReportError`` when ``text`` is not a string and ``EmptyReportError``
    when it holds only whitespace.
    """
    if not isinstance(text, str):
        raise ReportError(path or report_id or "<text>",
                          f"expected report text as a string, got {type(text).__name__}")
    if not text.strip():
        raise EmptyReportError(path or report_id or "<text>", "expected report text, got nothing")
    source = "metadata" if published else "unknown"
    if published is None:
        found = find_publication_date(text)
        if found is not None:
            published, source = found, "text"
    # A NUL inside the text (past the first bytes a file is checked by) is no character any store
    # or page takes: each becomes U+FFFD, so that every other character keeps its offset.
    text, title, outlet, url, path = (_without_nul(v) for v in (text, title, outlet, url, path))
    meta = {_without_nul(k): _without_nul(v) for k, v in (meta or {}).items()}
    if report_id is None:
        report_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    return Report(
        id=report_id,
        text=text,
        title=title or _default_title(text),
        outlet=outlet,
        url=url,
        published=published,
        published_source=source,
        path=path,
        meta=meta,
    )


def _without_nul(value: str) -> str:
    return value.replace("\x00", "\ufffd") if "\x00" in value else value


def parse_report(raw: bytes, *, name: str, report_id: str | None = None) -> tuple[Report, list[Problem]]:
    """Turn the bytes of one report file into a report and its non-fatal problems.

    Raises a ``ReportError`` subclass when the file cannot be used at all.
    """
    if not isinstance(raw, (bytes, bytearray)):
        raise UnreadableReportError(name, f"expected the bytes of a report file, got {type(raw).__name__}")
    text = _decode(bytes(raw), name)
    warnings: list[Problem] = []
    if "\x00" in text:
        warnings.append(Problem(name, "NUL bytes in the text, each read as U+FFFD", skipped=False))
    try:
        meta, body = _split_front_matter(text, name)
    except MetadataError as err:  # keep every character: read it all as text
        warnings.append(Problem(name, f"{err.reason}; read the whole file as text", skipped=False))
        meta, body = {}, text
    if not body.strip():
        raise EmptyReportError(name, "expected report text, got an empty file")
    published = None
    if meta.get("published"):
        try:
            published = _parse_published(meta["published"], name)
        except MetadataError as err:
            warnings.append(Problem(name, err.reason, skipped=False))
    extra = {k: v for k, v in meta.items() if k not in _KNOWN_KEYS}
    report = report_from_text(
        body,
        report_id=report_id or Path(name).stem,
        title=meta.get("title", ""),
        outlet=meta.get("outlet", ""),
        url=meta.get("url", ""),
        published=published,
        path=name,
        meta=extra,
    )
    return report, warnings


def _is_report_name(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in REPORT_SUFFIXES


def _walk(folder: Path, problems: list[Problem]) -> list[Path]:
    """Report files below ``folder``, sorted; a loop, not recursion, so depth costs no stack.

    Symlinked folders are not entered (no loops); every other entry with a report
    suffix is returned, links and special files included, for ``read_report_bytes``
    to accept or refuse by name.
    """
    found: list[Path] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    try:
                        is_folder = entry.is_dir(follow_symlinks=False)
                    except OSError:
                        is_folder = False
                    if is_folder:
                        pending.append(Path(entry.path))
                    elif _is_report_name(entry.name):
                        found.append(Path(entry.path))
        except OSError as err:
            problems.append(Problem(str(current), f"cannot read the folder: {err.strerror or type(err).__name__}"))
    return sorted(found)


def _expand(paths: Iterable[str | Path], problems: list[Problem]) -> Iterator[Path]:
    for path in map(Path, paths):
        if path.is_dir():
            yield from _walk(path, problems)
        else:
            yield path


def iter_report_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand folders into their report files (sorted); files pass through.

    Only regular files (or links to them) are listed from folders, as before;
    ``load_reports`` also names the special files, broken links and folders
    that cannot be listed, which are left out here.
    """
    for path in map(Path, paths):
        if path.is_dir():
            yield from (p for p in _walk(path, []) if _is_regular(p))
        else:
            yield path


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def read_report_bytes(path: str | Path, *, name: str | None = None) -> bytes:
    """The bytes of one report file, checked before reading.

    Raises ``UnreadableReportError`` (named ``name``, else the path as given) when
    the path is not a regular file, cannot be opened, or holds more than
    ``MAX_REPORT_BYTES``; at most ``MAX_REPORT_BYTES + 1`` bytes are ever read.
    """
    name = str(path) if name is None else name
    try:
        return read_limited(path, limit=MAX_REPORT_BYTES, what="a report", name=name)
    except UnreadableFileError as err:
        raise UnreadableReportError(name, err.reason) from err


def _check_size(size: int, name: str) -> None:
    if size > MAX_REPORT_BYTES:
        raise UnreadableReportError(
            name, f"expected a report of at most {MAX_REPORT_BYTES:,} bytes, got {size:,}"
        )


def unique_id(stem: str, taken: set[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3`` ... the first not in ``taken``."""
    candidate, suffix = stem, 2
    while candidate in taken:
        candidate, suffix = f"{stem}-{suffix}", suffix + 1
    return candidate


def load_reports(paths: Iterable[str | Path]) -> LoadResult:
    """Read report files and folders; never stop at a bad file.

    Returns every report that could be read, and a problem for every file
    that was skipped or read with a warning. Report ids are file stems, made
    unique with a numeric suffix when two files share a stem.
    """
    reports: list[Report] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for path in _expand(paths, problems):
        name = str(path)
        report_id = unique_id(path.stem, seen)
        try:
            raw = read_report_bytes(path, name=name)
            report, warnings = parse_report(raw, name=name, report_id=report_id)
        except ReportError as err:
            problems.append(Problem(name, err.reason))
            continue
        seen.add(report_id)
        reports.append(report)
        problems.extend(warnings)
    return LoadResult(reports, problems)
