"""Stage 1, JSON lines: read ``{"id": ..., "text": ...}`` per line into (id, text) pairs.

Owns the JSON lines input of ``python -m geo mentions --jsonl IN.jsonl``: the checks on one
line (``parse_jsonl_line``) and the reading of a whole file line by line (``iter_jsonl``).
In: the bytes of one line, or the path of a JSON lines file (a regular file or a FIFO such
as ``/dev/stdin``). Out: ``(id, text)`` pairs, ``id`` a string or an integer and ``text`` a
string of at most ``MAX_REPORT_BYTES`` in UTF-8; turning them into reports is
``geo.io.reports.report_from_text``'s.

Bad lines never stop a file: each is added to the caller's ``problems`` as a
``geo.io.reports.Problem`` named ``"<path>:<line>"`` and skipped. A line is never read
past ``MAX_JSONL_LINE_BYTES + 1`` bytes, so one endless line is a problem, not a hang.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Iterator

from ..errors import ReportError, UnreadableReportError
from ..fileio import file_kind
from .reports import MAX_REPORT_BYTES, Problem

__all__ = ["MAX_JSONL_LINE_BYTES", "parse_jsonl_line", "iter_jsonl"]

# A JSONL line holds one report as JSON text: escapes ("\u00e9") may take six bytes a character.
MAX_JSONL_LINE_BYTES = 6 * MAX_REPORT_BYTES


def parse_jsonl_line(line: bytes, *, name: str) -> tuple[str | int, str]:
    """The (id, text) of one JSON line ``{"id": ..., "text": ...}``.

    ``id`` is a string or an integer, ``text`` a string of at most
    ``MAX_REPORT_BYTES`` in UTF-8. Raises ``ReportError`` named ``name`` otherwise.
    """
    if len(line) > MAX_JSONL_LINE_BYTES:
        raise UnreadableReportError(name, f"expected a line of at most {MAX_JSONL_LINE_BYTES:,} bytes, "
                                          f"got {len(line):,}")
    try:
        item = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise UnreadableReportError(name, f"expected UTF-8 text, got an invalid byte at offset {err.start}") from err
    except json.JSONDecodeError as err:
        raise ReportError(name, f"expected a JSON object, got invalid JSON ({err.msg} at column {err.colno})") from err
    except (ValueError, RecursionError) as err:  # numbers of over 4,300 digits; nesting too deep
        raise ReportError(name, f"expected a JSON object, got JSON Python cannot hold ({type(err).__name__})") from err
    if not isinstance(item, dict):
        raise ReportError(name, f"expected a JSON object with 'id' and 'text', got {_json_kind(item)}")
    report_id, text = item.get("id"), item.get("text")
    if isinstance(report_id, bool) or not isinstance(report_id, (str, int)):
        raise ReportError(name, f"expected 'id' as a string or an integer, got {_json_kind(report_id)}")
    if not isinstance(text, str):
        raise ReportError(name, f"expected 'text' as a string, got {_json_kind(text)}")
    if isinstance(report_id, str):
        _utf8(report_id, "id", name)
    size = len(_utf8(text, "text", name))
    if size > MAX_REPORT_BYTES:
        raise UnreadableReportError(name, f"expected a report of at most {MAX_REPORT_BYTES:,} bytes, got {size:,}")
    return report_id, text


def _utf8(value: str, label: str, name: str) -> bytes:
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as err:  # "\ud800" in JSON: a lone surrogate, not a character
        raise UnreadableReportError(name, f"expected '{label}' as Unicode text, got a lone surrogate "
                                          f"at character {err.start}") from err


def _json_kind(value: object) -> str:
    if value is None:
        return "null (or nothing)"
    kinds = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "an object"}
    return kinds.get(type(value), type(value).__name__)


def iter_jsonl(path: str | Path, problems: list[Problem]) -> Iterator[tuple[str | int, str]]:
    """The (id, text) of every good line of a JSON lines file, read line by line in binary.

    Every bad line (not UTF-8, not JSON, not an object, no string ``text``, too
    long) is added to ``problems`` as ``"<path>:<line>"`` and skipped; blank
    lines are skipped silently. Raises ``UnreadableReportError`` when the file
    cannot be opened or is a folder or device.
    """
    name = str(path)
    try:
        mode = os.stat(path).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):  # a FIFO: `--jsonl /dev/stdin` from a pipe
            raise UnreadableReportError(name, f"expected a JSON lines file, got {file_kind(mode)}")
        handle = open(path, "rb")
    except OSError as err:
        raise UnreadableReportError(name, f"cannot read the file: {err.strerror or type(err).__name__}") from err
    with handle:
        for number, line in enumerate(_lines(handle), start=1):
            if not line.strip():
                continue
            try:
                yield parse_jsonl_line(line, name=f"{name}:{number}")
            except ReportError as err:
                problems.append(Problem(err.path, err.reason))


def _lines(handle) -> Iterator[bytes]:
    """Lines of a binary file; a line longer than ``MAX_JSONL_LINE_BYTES`` is read no further
    and comes out as its first ``MAX_JSONL_LINE_BYTES + 1`` bytes (too long to parse)."""
    while line := handle.readline(MAX_JSONL_LINE_BYTES + 1):
        if len(line) > MAX_JSONL_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the line, a megabyte at a time
        yield line
