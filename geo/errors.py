"""The few errors this package raises.

Each message says what was expected and what arrived. The CLI turns them into
a one-line message and exit status 2; the app into ``st.error``.
"""

from __future__ import annotations

__all__ = [
    "GeoError",
    "ReportError",
    "EmptyReportError",
    "UnreadableReportError",
    "MetadataError",
    "InputError",
    "AssetsMissingError",
    "OutputError",
    "UnreadableFileError",
    "StoreError",
]


class GeoError(Exception):
    """Base class of every error raised on purpose by ``geo``."""


class ReportError(GeoError):
    """A report file could not be turned into a report record."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class EmptyReportError(ReportError):
    """The file holds no text."""


class UnreadableReportError(ReportError):
    """The file is binary or not UTF-8."""


class MetadataError(ReportError):
    """The front-matter block is malformed."""


class InputError(GeoError):
    """A user-supplied file or value is not what a stage expects."""


class AssetsMissingError(GeoError):
    """The vendored web assets (Leaflet, ...) have not been built."""


class OutputError(GeoError):
    """An output file could not be written, or would overwrite an input."""


class UnreadableFileError(InputError):
    """An input file is missing, not a regular file, too large or cannot be read."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class StoreError(GeoError):
    """The store cannot be opened or written, or a value given to it is not what it takes."""
