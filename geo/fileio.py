"""Reading input files with a size limit, and writing outputs so that a failure never
leaves half a file behind.

``read_limited`` reads only regular files (a link to ``/dev/zero``, a FIFO or a
device is refused, not read) and checks the size before reading.

``write_atomic`` and ``atomic_writer`` write to a temporary file in the
target's folder, then ``os.replace`` it over the target: readers see the old
file or the new one, never a mix. On any failure the temporary file is
removed and the old output stays as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from .errors import OutputError, UnreadableFileError

__all__ = ["read_limited", "write_atomic", "atomic_writer", "file_kind"]


def read_limited(path: str | Path, *, limit: int, what: str = "a file", name: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, of at most ``limit`` bytes.

    The size is checked with ``stat`` before reading and at most ``limit + 1``
    bytes are read (a file growing meanwhile is caught too). Raises
    ``UnreadableFileError`` named ``name`` (else the path as given) when the
    path is missing, not a regular file, larger than ``limit`` or unreadable.
    """
    name = str(path) if name is None else name
    try:
        if not stat.S_ISREG((before := os.stat(path)).st_mode):
            raise UnreadableFileError(name, f"expected a regular file, got {file_kind(before.st_mode)}")
        _check_size(before.st_size, limit, what, name)
        # O_NONBLOCK: should the path have become a FIFO since the check, opening it does not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG((opened := os.fstat(handle.fileno())).st_mode):
                raise UnreadableFileError(name, f"expected a regular file, got {file_kind(opened.st_mode)}")
            data = handle.read(limit + 1)
    except FileNotFoundError as err:
        raise UnreadableFileError(name, "cannot read the file: not found") from err
    except OSError as err:
        raise UnreadableFileError(name, f"cannot read the file: {err.strerror or type(err).__name__}") from err
    _check_size(len(data), limit, what, name)
    return data


def _check_size(size: int, limit: int, what: str, name: str) -> None:
    if size > limit:
        raise UnreadableFileError(name, f"expected {what} of at most {limit:,} bytes, got {size:,}")


def file_kind(mode: int) -> str:
    """What a ``stat`` mode is, in words: "a folder", "a FIFO (named pipe)", "a device" ..."""
    kinds = ((stat.S_ISREG, "a regular file"), (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
             (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
    return next((label for test, label in kinds if test(mode)), "a special file")


@contextmanager
def atomic_writer(path: str | Path) -> Iterator[BinaryIO]:
    """A binary file to write; it replaces ``path`` only if the ``with`` block ends normally.

    Raises ``OutputError`` naming ``path`` (never the temporary file) when the
    folder cannot be written or the data cannot be stored.
    """
    path = Path(path)
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    except OSError as err:
        raise OutputError(f"{path}: cannot write the file: {err.strerror or type(err).__name__}") from err
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _keep_mode(path, temporary)
        os.replace(temporary, path)
    except OSError as err:
        _remove(temporary)
        raise OutputError(f"{path}: cannot write the file: {err.strerror or type(err).__name__}") from err
    except BaseException:
        _remove(temporary)
        raise


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see ``atomic_writer``)."""
    with atomic_writer(path) as handle:
        handle.write(data)


def _keep_mode(path: Path, temporary: str) -> None:
    """The new file gets the old one's permissions, else the usual ones for a new file
    (mkstemp makes it readable by its owner only)."""
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    os.chmod(temporary, mode)


def _umask() -> int:
    """The process umask, read without setting it (os.umask would change it for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _remove(temporary: str) -> None:
    try:
        os.unlink(temporary)
    except FileNotFoundError:
        pass
