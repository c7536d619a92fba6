"""Where the commands write: an output checked before anything is read, then written atomically.

``check_output(args)`` refuses an output that is one of the inputs, would be read as a report the
next time, or has no folder; ``write(output, chunks)`` writes it (``geo.fileio``) or standard
output, and raises ``InputError`` when there is nothing to write.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import BinaryIO, Iterable

from ..errors import InputError, OutputError
from ..fileio import atomic_writer
from ..io.reports import REPORT_SUFFIXES, iter_report_paths

__all__ = ["check_output", "write"]


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return path.absolute()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output(args: argparse.Namespace) -> None:
    """Refuse an output that is one of the inputs, or would be read as a report next time,
    and one whose folder does not exist: before anything is read or written."""
    output = getattr(args, "output", None)
    if output is None:
        return
    if not output.parent.is_dir():
        raise OutputError(f"{output}: cannot write the file: the folder {str(output.parent)!r} does not exist")
    if output.is_dir():
        raise OutputError(f"{output}: expected a file to write, instead got a folder")
    target = _resolved(output)
    paths = list(getattr(args, "paths", None) or [])
    given = [p for p in (getattr(args, "jsonl", None), getattr(args, "positions", None), *paths) if p is not None]
    for path in [*given, *iter_report_paths(p for p in paths if p.is_dir())]:
        if _resolved(path) == target or _same_file(path, output):
            raise OutputError(f"{output}: refusing to write an output over an input ({path})")
    if output.suffix.lower() in REPORT_SUFFIXES:
        for folder in (p for p in paths if p.is_dir()):
            if target.is_relative_to(_resolved(folder)):
                raise OutputError(f"{output}: refusing to write an output inside the input folder {folder}, "
                                  "where it would be read as a report")


def write(output: Path | None, chunks: Iterable[bytes]) -> int:
    """Write ``chunks`` to ``output`` (atomically) or standard output; the number written.

    An output that exists and is no regular file (``/dev/stdout``, a FIFO) is
    written in place: a device cannot be replaced. Raises ``InputError`` when
    there is no chunk at all: a run that read nothing writes nothing, and an
    existing output stays as it was.
    """
    if output is None:
        return _stream(sys.stdout.buffer, chunks, "nothing could be read")
    if output.exists() and not output.is_file():
        with output.open("wb") as handle:
            return _stream(handle, chunks, "nothing could be read")
    with atomic_writer(output) as handle:
        return _stream(handle, chunks, f"nothing could be read; {output} was not written")


def _stream(handle: BinaryIO, chunks: Iterable[bytes], nothing: str) -> int:
    written = 0
    for chunk in chunks:
        handle.write(chunk)
        written += 1
    handle.flush()
    if written == 0:
        raise InputError(nothing)
    return written
