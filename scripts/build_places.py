"""Build the compact GeoNames place files the app ships, from GeoNames dumps.

Reads any of: the 19-column GeoNames dump (``allCountries.txt``/``.zip``, ``XX.txt``/``.zip``,
``cities500.txt``/``cities*.zip``, or ``XX.tsv.gz`` files of the same columns) and
``admin1CodesASCII.txt``; a folder stands for the files in it with those names. Writes to
``--out`` (default ``data/places``):

* ``geonames.tsv.gz``: a header line, then one place a line, sorted by geonameid, with the
  columns of ``geo.gazetteer.geonames.COMPACT_COLUMNS``: only Latin-script alternate names,
  coordinates rounded to 5 decimals (the rules live in ``geo.gazetteer.geonames``);
* ``admin1.tsv``: the first-level divisions of the countries present;
* ``SOURCES.md``: origin, licence, attribution, the command, row counts and file sizes.

The output is byte-identical from run to run on the same input (sorted rows, gzip with
mtime 0 and no file name). When a geonameid occurs in more than one input, the first
(in the order given; a folder's files in name order) is kept.

    python scripts/build_places.py [--out DIR] [--origin wof|geonames] SOURCE...

Exit status 2 with a one-line message when an input cannot be read or nothing is found.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import hashlib
import logging
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.errors import GeoError  # noqa: E402
from geo.fileio import atomic_writer, write_atomic  # noqa: E402
from geo.gazetteer.geonames import (ADMIN1_COLUMNS, COMPACT_COLUMNS, GeoNamesRow, compact_line,  # noqa: E402
                                    latin_alternates, read_admin1, read_dump)

__all__ = ["Places", "collect", "classify", "write_places", "main"]

log = logging.getLogger("build_places")

PLACES_NAME = "geonames.tsv.gz"
ADMIN1_NAME = "admin1.tsv"
SOURCES_NAME = "SOURCES.md"
_DUMP_NAMES = re.compile(r"^(?:[A-Z]{2}\.(?:tsv\.gz|txt|zip)|allCountries\.(?:txt|zip)|cities\d+\.(?:txt|zip))$")
_ADMIN1_NAMES = re.compile(r"^admin1Codes(?:ASCII)?\.txt$")


@dataclass
class Places:
    """What the inputs hold, made compact: geonameid -> compact line, and the counts."""

    lines: dict[int, str] = field(default_factory=dict)
    countries: collections.Counter = field(default_factory=collections.Counter)
    classes: dict[str, collections.Counter] = field(default_factory=dict)
    duplicates: int = 0
    inputs: list[Path] = field(default_factory=list)

    def add(self, row: GeoNamesRow) -> None:
        if row.geonameid in self.lines:
            self.duplicates += 1
            return
        compact = GeoNamesRow(row.geonameid, row.name, row.asciiname,
                              latin_alternates(row.name, row.asciiname, row.alternates),
                              row.lat, row.lon, row.feature_class, row.feature_code, row.country,
                              row.admin1, row.population)
        self.lines[row.geonameid] = compact_line(compact)
        self.countries[row.country] += 1
        self.classes.setdefault(row.country, collections.Counter())[row.feature_class or "?"] += 1


def classify(sources: list[Path]) -> tuple[list[Path], list[Path]]:
    """The dumps and the admin1 files among ``sources``; a folder gives its files that have
    GeoNames' names (in name order), a file is taken as a dump unless named admin1Codes*."""
    dumps: list[Path] = []
    admin1: list[Path] = []
    for source in sources:
        files = sorted(p for p in source.iterdir() if p.is_file()) if source.is_dir() else [source]
        for path in files:
            if _ADMIN1_NAMES.match(path.name):
                admin1.append(path)
            elif not source.is_dir() or _DUMP_NAMES.match(path.name):
                dumps.append(path)
    return dumps, admin1


def collect(dumps: list[Path]) -> Places:
    """Every place of the dumps, first occurrence of a geonameid kept."""
    places = Places(inputs=list(dumps))
    for path in dumps:
        before = len(places.lines)
        for row in read_dump(path):
            places.add(row)
        log.info("%s: %d places", path, len(places.lines) - before)
    return places


def _admin1_lines(paths: list[Path], countries: set[str]) -> list[str]:
    names = {}
    for path in paths:
        names.update(read_admin1(path))
    rows = sorted((v for k, v in names.items() if k.split(".", 1)[0] in countries), key=lambda r: r.code)
    return ["\t".join((r.code, r.name, r.asciiname, str(r.geonameid))) for r in rows]


def _write_gzip(path: Path, text_lines: list[str]) -> None:
    with atomic_writer(path) as handle:
        # mtime=0 and an empty name: the same rows give the same bytes on every run.
        with gzip.GzipFile(filename="", mode="wb", fileobj=handle, compresslevel=9, mtime=0) as packed:
            for line in text_lines:
                packed.write(line.encode("utf-8") + b"\n")


def write_places(places: Places, admin1_paths: list[Path], out: Path, *, command: str,
                 origin: str) -> dict[str, int]:
    """Write the three files into ``out``; returns file name -> size in bytes."""
    out.mkdir(parents=True, exist_ok=True)
    rows = [places.lines[key] for key in sorted(places.lines)]
    _write_gzip(out / PLACES_NAME, ["\t".join(COMPACT_COLUMNS), *rows])
    admin1 = _admin1_lines(admin1_paths, set(places.countries))
    write_atomic(out / ADMIN1_NAME, "".join(f"{line}\n" for line in ["\t".join(ADMIN1_COLUMNS), *admin1])
                 .encode("utf-8"))
    sizes = {name: (out / name).stat().st_size for name in (PLACES_NAME, ADMIN1_NAME)}
    text = _sources_text(places, len(admin1), admin1_paths, sizes, command=command, origin=origin)
    write_atomic(out / SOURCES_NAME, text.encode("utf-8"))
    return sizes


# --- SOURCES.md ------------------------------------------------------------------------------

_ORIGINS = {
    "wof": """\
The rows are GeoNames records as **Who's On First (WOF)** imported them in 2018-2019: WOF kept
the GeoNames fields of each populated place as `gn:*` properties, and the per-country files
(`whosonfirst-data-admin-<cc>` repositories) were turned back into the 19-column GeoNames
format. So:

- the GeoNames fields are a **2018 snapshot** (newest modification date 2018-08-02); places
  GeoNames added later, and any WOF did not import, are missing;
- coverage is almost only **populated places** (feature class P, villages included), plus a few
  first- and second-level divisions (class A); no rivers, mountains or sites to speak of;
- **population is mostly 0**, as it is in GeoNames for villages in these countries, and not
  reliable for towns either;
- some rows were rebuilt from other WOF fields (their name may be a WOF or Quattroshapes label;
  the GeoNames form is usually among the alternate names), and alternate names are WOF's
  `name:*` values, not byte-identical to GeoNames' own field;
- `admin1CodesASCII.txt` is GeoNames' current file, while the admin1 codes in the rows are from
  2018: a few countries (e.g. ML, ET) have changed codes since.

The per-country WOF repositories and commits are listed in the README of the folder the build
read (`shared/data/geonames/README.md` at the time of this build).""",
    "geonames": """\
The rows are from the official GeoNames dump (download.geonames.org/export/dump/), read as
given on the command line.""",
}


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()[:16]


def _count_table(places: Places) -> list[str]:
    table = ["| country | rows | P | A | other classes |", "|---|---:|---:|---:|---:|"]
    for country in sorted(places.countries):
        classes = places.classes[country]
        other = sum(n for c, n in classes.items() if c not in "PA")
        table.append(f"| {country or '(none)'} | {places.countries[country]:,} | {classes['P']:,} | "
                     f"{classes['A']:,} | {other:,} |")
    table.append(f"| **total** | **{sum(places.countries.values()):,}** | | | |")
    return table


def _sources_text(places: Places, admin1_rows: int, admin1_paths: list[Path], sizes: dict[str, int], *,
                  command: str, origin: str) -> str:
    inputs = [f"- `{p.name}`: {p.stat().st_size:,} bytes, sha256 `{_digest(p)}...`"
              for p in [*places.inputs, *admin1_paths]]
    files = [f"- `{name}`: {size:,} bytes" for name, size in sizes.items()]
    parts = [
        "# Places: GeoNames villages, towns and divisions", "",
        "`geonames.tsv.gz` holds one place a line (a header line first, tab-separated, UTF-8, sorted by",
        "geonameid), with the columns:", "", f"    {' '.join(COMPACT_COLUMNS)}", "",
        "Feature is class.code (\"P.PPL\"; \"P\" when the code is empty), admin1 the bare GeoNames",
        "code (\"09\"; with the country it is \"SY.09\").",
        "Only Latin-script alternate names are kept (no codes, numbers or links, none longer than",
        "60 characters, none equal to the name or ASCII name after case folding); coordinates are",
        "rounded to 5 decimals. `admin1.tsv` holds the first-level divisions of the countries present",
        f"(header line, then {', '.join(ADMIN1_COLUMNS)}). `geo.gazetteer.geonames` reads both.", "",
        "## Origin", "", _ORIGINS[origin], "",
        "## Licence and attribution", "",
        "GeoNames data is licensed under **Creative Commons Attribution 4.0 (CC BY 4.0)**",
        "(https://creativecommons.org/licenses/by/4.0/). Credit: **\"GeoNames, geonames.org\"**.",
    ]
    if origin == "wof":
        parts += ["", "The rows came through Who's On First, which asks for credit and a link to its licence:",
                  "**\"Data from Who's On First (whosonfirst.org)\"**, https://whosonfirst.org/docs/licenses/.",
                  "WOF lists GeoNames (`gn`) and Quattroshapes (`qs`) as CC BY sources."]
    parts += ["", "Both files here are adapted (columns dropped, names filtered, coordinates rounded).", "",
              "## How it was built", "", "From the repository root:", "", "```", command, "```", "",
              "Inputs:", "", *inputs, "",
              f"Geonameids found in more than one input, first kept: {places.duplicates:,}.", "",
              "## Rows", "", *_count_table(places), "", f"`admin1.tsv`: {admin1_rows:,} divisions.", "",
              "## Files", "", *files, ""]
    return "\n".join(parts)


# --- command line ----------------------------------------------------------------------------

def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", type=Path, metavar="SOURCE",
                        help="GeoNames dump files, admin1CodesASCII.txt, or folders holding them")
    parser.add_argument("--out", type=Path, default=Path("data/places"), help="output folder (data/places)")
    parser.add_argument("--origin", choices=sorted(_ORIGINS), default="geonames",
                        help="what SOURCES.md says the rows are: the official dump, or WOF's 2018 import")
    return parser.parse_args(argv)


def _command(argv: list[str]) -> str:
    return " ".join(["python scripts/build_places.py", *argv])


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    args = _arguments(argv)
    started = time.monotonic()
    try:
        dumps, admin1 = classify(args.sources)
        if not dumps:
            raise GeoError(f"expected GeoNames dump files among {[str(s) for s in args.sources]}, got none")
        places = collect(dumps)
        if not places.lines:
            raise GeoError(f"expected places in {[str(p) for p in dumps]}, got none")
        sizes = write_places(places, admin1, args.out, command=_command(sys.argv[1:] if argv is None else argv),
                             origin=args.origin)
    except (GeoError, OSError) as err:
        log.error("%s", err)
        return 2
    log.info("%d places from %d countries in %.1f s; %s", len(places.lines), len(places.countries),
             time.monotonic() - started, ", ".join(f"{n} {s:,} bytes" for n, s in sizes.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
