"""GeoNames rows read from files: the official 19-column dump, our compact copy of it in
``data/places/``, and GeoNames' first-level division names.

This module owns the two row formats (reading both, and ``compact_line``, the one place
the compact format is written) and the rules that make a dump compact: which alternate
names are kept (``latin_alternates``) and how coordinates are rounded. It also owns the
mapping from a GeoNames feature class and code to our precision classes (``precision``).
It reads files only; ``scripts/build_places.py`` writes them, and the gazetteer build
decides what to do with the rows.

Formats read:

* the official dump (``allCountries.txt``, ``XX.txt``, ``cities500.txt``, those inside a
  ``.zip``, and the ``XX.tsv.gz`` files of the same 19 columns): no header, tab-separated;
* the compact file: a header line (``COMPACT_COLUMNS``), then one place a line;
* ``admin1CodesASCII.txt`` (``SY.09``, name, ASCII name, geonameid), with or without
  our header line.

Every reader decodes UTF-8 with bad bytes read as U+FFFD, skips lines it cannot parse,
and logs one warning per file with the count. A file that is missing, a folder, not a
zip or gzip when named so, or cut short raises ``UnreadableFileError``.
"""

from __future__ import annotations

import gzip
import io
import logging
import math
import os
import re
import stat
import unicodedata
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from ..errors import InputError, UnreadableFileError
from ..fileio import file_kind

__all__ = ["GeoNamesRow", "Admin1Name", "read_dump", "read_compact", "read_admin1", "precision",
           "latin_alternates", "is_latin", "compact_line", "COMPACT_COLUMNS", "ADMIN1_COLUMNS",
           "DUMP_COLUMNS", "COORDINATE_DECIMALS"]

log = logging.getLogger(__name__)

DUMP_COLUMNS = 19
COMPACT_COLUMNS = ("geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
                   "feature", "country", "admin1", "population")
ADMIN1_COLUMNS = ("code", "name", "asciiname", "geonameid")
COORDINATE_DECIMALS = 5  # 1.1 m at the equator: finer than any GeoNames point is placed
_FEATURE_CLASSES = frozenset("ADHLPRSTUV")
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class GeoNamesRow:
    """One GeoNames place. ``admin1`` is the bare code ("09"), as in the dump;
    ``feature_code`` may be empty (some rebuilt rows have a class only)."""

    geonameid: int
    name: str
    asciiname: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country: str
    admin1: str
    population: int


@dataclass(frozen=True, slots=True)
class Admin1Name:
    """A first-level division's names; ``code`` is "country.admin1" ("SY.09")."""

    code: str
    name: str
    asciiname: str
    geonameid: int


# --- precision ---------------------------------------------------------------------------

# Terrain features that are points a few hundred metres across, not areas.
_POINT_TERRAIN = frozenset({"HLL", "MT", "PK", "PASS", "CAPE"})
_BY_CLASS = {"P": "town", "H": "water", "U": "water", "S": "site", "R": "site", "L": "region",
             "T": "region", "V": "region"}


def precision(feature_class: str, feature_code: str) -> str | None:
    """Our precision class (one of ``geo.gazetteer.index.FEATURES``) for a GeoNames
    feature, or None for a class GeoNames does not define (or an empty one).

    P (populated places) are towns; A.ADM1 a province, A.ADM2-ADM5 a district, A.PCL*
    a country, other A a region; H and U (water, undersea) water; S (spots, buildings)
    and R (roads) sites; L, V and T areas are regions, except hills, mountains, peaks,
    passes and capes, which are sites.
    """
    if feature_class == "A":
        if feature_code.startswith("ADM1"):
            return "province"
        if feature_code.startswith(("ADM2", "ADM3", "ADM4", "ADM5", "ADMD")):
            return "district"
        return "country" if feature_code.startswith("PCL") else "region"
    if feature_class == "T" and feature_code in _POINT_TERRAIN:
        return "site"
    return _BY_CLASS.get(feature_class)


# --- alternate names ---------------------------------------------------------------------

_URL = re.compile(r"://|^www\.|\.(?:com|org|net|html?)\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _latin_char(ch: str) -> bool:
    """Whether a character may stand in a Latin-script name: a Latin letter, a modifier
    letter of transliteration (ʿ ʾ ʻ), an ASCII digit, a mark, a space or punctuation.
    U+FFFD (a byte that was not UTF-8) is none of these."""
    category = unicodedata.category(ch)
    if category[0] == "L":
        return 0x02B0 <= ord(ch) <= 0x02FF or unicodedata.name(ch, "").startswith("LATIN")
    if category == "Nd":
        return ch.isascii()
    return category[0] in "MPZ" or category == "Sk"


def is_latin(text: str) -> bool:
    """Whether ``text`` is written in Latin script: every letter Latin, at least one letter."""
    if text.isascii():
        return any(ch.isalpha() for ch in text)
    return all(_latin_char(ch) for ch in text) and any(ch.isalpha() for ch in text)


def _is_code(text: str) -> bool:
    """A code, number or link rather than a name: "DAM", "OSDI", "1024", "http://...",
    "en.wikipedia.org/...". Names written all in capitals and longer than four letters stay."""
    if _URL.search(text) or not any(ch.isalpha() for ch in text):
        return True
    if " " in text or any(ch.islower() for ch in text):
        return False
    return len(text) <= 4 or any(ch.isdigit() for ch in text)


def latin_alternates(name: str, asciiname: str, alternates: tuple[str, ...], *,
                     max_length: int = 60) -> tuple[str, ...]:
    """The alternate names worth keeping, in their first order: Latin-script only, no
    codes, numbers or links, none longer than ``max_length``, none equal (after case
    folding) to ``name``, ``asciiname`` or an earlier one kept."""
    seen = {name.casefold(), asciiname.casefold()}
    kept = []
    for alternate in alternates:
        alternate = " ".join(alternate.split())
        folded = alternate.casefold()
        if (folded in seen or len(alternate) > max_length or not is_latin(alternate)
                or _is_code(alternate)):
            continue
        seen.add(folded)
        kept.append(alternate)
    return tuple(kept)


# --- the compact format ------------------------------------------------------------------

def _coordinate(value: float) -> str:
    text = f"{value:.{COORDINATE_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def compact_line(row: GeoNamesRow) -> str:
    """``row`` as one line of the compact file (no newline), coordinates rounded to
    ``COORDINATE_DECIMALS`` places; the feature as "P.PPL" (or "P" without a code)."""
    feature = f"{row.feature_class}.{row.feature_code}" if row.feature_code else row.feature_class
    return "\t".join((str(row.geonameid), row.name, row.asciiname, ",".join(row.alternates),
                      _coordinate(row.lat), _coordinate(row.lon), feature, row.country, row.admin1,
                      str(row.population)))


# --- parsing one line --------------------------------------------------------------------

def _split_names(field: str) -> tuple[str, ...]:
    return tuple(name for name in (part.strip() for part in field.split(",")) if name)


def _place(geonameid: str, name: str, asciiname: str, alternates: str, lat: str, lon: str,
           feature_class: str, feature_code: str, country: str, admin1: str,
           population: str) -> GeoNamesRow | None:
    """A row from its text fields, or None when a field is not what the format says."""
    try:
        row = GeoNamesRow(int(geonameid), name.strip(), asciiname.strip(), _split_names(alternates),
                          float(lat), float(lon), feature_class.strip(), feature_code.strip(),
                          country.strip(), admin1.strip(), int(population or 0))
    except ValueError:
        return None
    valid = (row.geonameid > 0 and row.name and math.isfinite(row.lat) and math.isfinite(row.lon)
             and -90 <= row.lat <= 90 and -180 <= row.lon <= 180 and row.population >= 0
             and (not row.feature_class or row.feature_class in _FEATURE_CLASSES)
             and len(row.country) <= 3)
    return row if valid else None


def _dump_row(fields: list[str]) -> GeoNamesRow | None:
    if len(fields) != DUMP_COLUMNS:
        return None
    return _place(*fields[0:9], fields[10], fields[14])


def _compact_row(fields: list[str]) -> GeoNamesRow | None:
    if len(fields) != len(COMPACT_COLUMNS):
        return None
    feature_class, _, feature_code = fields[6].partition(".")
    return _place(*fields[0:6], feature_class, feature_code, fields[7], fields[8], fields[9])


def _admin1_row(fields: list[str]) -> Admin1Name | None:
    if len(fields) != len(ADMIN1_COLUMNS) or "." not in fields[0]:
        return None
    try:
        return Admin1Name(fields[0].strip(), fields[1].strip(), fields[2].strip(), int(fields[3]))
    except ValueError:
        return None


# --- reading files -----------------------------------------------------------------------

def _check_file(path: Path) -> None:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError as err:
        raise UnreadableFileError(str(path), "cannot read the file: not found") from err
    except OSError as err:
        raise UnreadableFileError(str(path), f"cannot read the file: {err.strerror}") from err
    if not stat.S_ISREG(mode):
        raise UnreadableFileError(str(path), f"expected a regular file, got {file_kind(mode)}")


def _zip_member(archive: zipfile.ZipFile, path: Path) -> str:
    """The GeoNames table inside a download: the one .txt that is not a readme."""
    tables = [n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
    if len(tables) != 1:
        raise UnreadableFileError(str(path), f"expected one GeoNames .txt file in the zip, got {tables or 'none'}")
    return tables[0]


@contextmanager
def _binary(path: Path) -> Iterator[io.BufferedIOBase]:
    """The file's bytes, unpacked from a .zip or .gz by its name."""
    _check_file(path)
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as err:
            raise UnreadableFileError(str(path), f"expected a zip archive: {err}") from err
        with archive, archive.open(_zip_member(archive, path)) as member:
            yield member
    elif path.suffix.lower() == ".gz":
        with gzip.open(path, "rb") as unpacked:
            yield unpacked
    else:
        with open(path, "rb") as plain:
            yield plain


def _lines(path: Path) -> Iterator[str]:
    """The file's lines without their ends; raises ``UnreadableFileError`` when the file
    cannot be read or is cut short (a truncated download must not pass as a small one)."""
    try:
        with _binary(path) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="\n")
            for line in text:
                yield line.rstrip("\r\n")
    except (EOFError, zlib.error, gzip.BadGzipFile, zipfile.BadZipFile) as err:
        raise UnreadableFileError(str(path), f"the file is damaged or cut short: {err}") from err
    except OSError as err:
        raise UnreadableFileError(str(path), f"cannot read the file: {err.strerror or err}") from err


def _rows(path: str | Path, parse: Callable[[list[str]], _T | None], *,
          header: tuple[str, ...] | None = None, header_required: bool = False) -> Iterator[_T]:
    """Parsed rows of a tab-separated file, skipping (and counting) the lines ``parse``
    refuses; a first line equal to ``header`` is skipped, and must be there when required."""
    path = Path(path)
    skipped = replaced = 0
    first_bad = ""
    for number, line in enumerate(_lines(path), start=1):
        if number == 1 and header is not None:
            if tuple(line.split("\t")) == header:
                continue
            if header_required:
                raise InputError(f"{path}: expected the header line {chr(9).join(header)!r}, got {line[:80]!r}")
        if not line.strip():
            continue
        replaced += "\ufffd" in line
        row = parse(line.split("\t"))
        if row is None:
            skipped += 1
            first_bad = first_bad or f"line {number}: {line[:60]!r}"
            continue
        yield row
    if skipped:
        log.warning("%s: skipped %d malformed line(s), the first at %s", path, skipped, first_bad)
    if replaced:
        log.warning("%s: %d line(s) were not valid UTF-8; their bad bytes read as U+FFFD", path, replaced)


def read_dump(path: str | Path) -> Iterator[GeoNamesRow]:
    """The places of an official 19-column GeoNames dump: ``.txt``, a ``.zip`` holding
    one (``XX.txt``, ``allCountries.txt``, ``cities500.txt``), or a ``.tsv.gz``.
    Alternate names are as in the file (see ``latin_alternates``)."""
    return _rows(path, _dump_row)


def read_compact(path: str | Path) -> Iterator[GeoNamesRow]:
    """The places of a compact file written by ``scripts/build_places.py``; raises
    ``InputError`` when its first line is not the expected header."""
    return _rows(path, _compact_row, header=COMPACT_COLUMNS, header_required=True)


def read_admin1(path: str | Path) -> dict[str, Admin1Name]:
    """``admin1CodesASCII.txt`` (or our ``admin1.tsv``) as code ("SY.09") -> names."""
    return {row.code: row for row in _rows(path, _admin1_row, header=ADMIN1_COLUMNS)}
