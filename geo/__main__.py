"""Command line: ``python -m geo events|mentions|claims|places|ingest|records|review|import ...`` (see ``--help``).

Problems with single inputs (a file, a JSON line) are logged to stderr, one
line each, and the rest is processed; the exit status is 2 only when nothing
could be read. Outputs are written atomically (``geo.fileio``): a run that
fails, or reads nothing, leaves an existing output as it was, and an output
that is also an input is refused before anything is read.

``places add`` is the exception to "the rest is processed": it adds all its
files to the store of added places (``geo.gazetteer.userplaces``) or none.

``ingest``, ``records``, ``review`` and ``import`` work on the analyst's workspace (``geo.store``, a
SQLAlchemy URL given with ``--store``, else ``data/workspace.sqlite``); ``events`` and the
others never open it.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import BinaryIO, Iterable

from .errors import GeoError, InputError, OutputError
from .io.export import plain, to_geojson_bytes
from .fileio import atomic_writer
from .gazetteer import default_cache_dir, load_gazetteer
from .gazetteer.geocode import SERVICES, OnlineGeocoder
from .gazetteer import userplaces
from .pipeline import run
from .extract.annotate import place_mentions
from .extract.places import mention_to_dict
from .io.positions import load_positions
from .io.jsonl import iter_jsonl
from .io.reports import REPORT_SUFFIXES, iter_report_paths, load_reports
from . import store
from .store import imports as store_imports
from .store.agreement import MATCH_DAYS, MATCH_KM, agreement
from .store.ingest import Extractor, ingest_sample
from .store.review import PRECISIONS, find_place
from .store.view import light_records

log = logging.getLogger("geo")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="News reports to a trustworthy map.")
    parser.add_argument("-q", "--quiet", action="store_true", help="log only errors")
    commands = parser.add_subparsers(dest="command", required=True)
    online = argparse.ArgumentParser(add_help=False)
    group = online.add_argument_group("online fallback (off by default)")
    group.add_argument("--online", choices=sorted(SERVICES),
                       help="look up names the offline gazetteer lacks on this kind of service")
    group.add_argument("--online-url", metavar="URL", help="the service's address, e.g. https://nominatim.example.org")

    events = commands.add_parser("events", parents=[online], help="extract events, assets and positions as GeoJSON",
                                 description="Read report files or folders and write their records as "
                                             "RFC 7946 GeoJSON.")
    events.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="report file or folder")
    events.add_argument("-o", "--output", type=Path, help="GeoJSON file to write (default: standard output)")
    for command in (events, claims := commands.add_parser(
            "claims", parents=[online], help="reported distances, checked against the data",
            description="Print the distance claims of reports ('55 kilometers away from the airstrikes') with "
                        "the distance our data gives and a verdict, as a table or as JSON.")):
        command.add_argument("--positions", type=Path, metavar="FILE",
                             help="positions or control areas (GeoJSON, GeoPackage, or CSV with lat/lon)")
        command.add_argument("--positions-actor", metavar="NAME",
                             help="the actor of every feature in FILE (else its 'actor' column)")
    claims.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="report file or folder")
    claims.add_argument("--json", action="store_true", help="print JSON instead of a table")

    mentions = commands.add_parser(
        "mentions", parents=[online], help="place mentions as JSON lines",
        description="Print the place mentions of each input, one JSON line per input: "
                    '{"id", "mentions": [{"start", "end", "text", "name", "lat", "lon", "feature", '
                    '"country", "context", ...}]}. Offsets are Python string offsets; lat/lon are null '
                    'when a mention is not resolved; feature "offset" is a point at a distance and bearing '
                    'from a place ("14 km north of Manbij"); context names the place a mention was '
                    "found in (or measured from).")
    mentions.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="report file or folder")
    mentions.add_argument("--jsonl", type=Path, metavar="IN.jsonl",
                          help='read lines {"id": ..., "text": ...} instead of report files')
    mentions.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    _places_parser(commands)
    _store_parser(commands)
    return parser


def _store_parser(commands: argparse._SubParsersAction) -> None:
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--store", metavar="URL",
                       help="the workspace, a SQLAlchemy URL such as sqlite:///path/ws.sqlite "
                            f"(default: {store.DEFAULT_PATH.relative_to(Path(__file__).resolve().parents[1])})")
    ingest = commands.add_parser(
        "ingest", parents=[where], help="reports into the workspace (run again: adds only what is new)",
        description="Store report files or folders and their records. A report already stored adds nothing; a "
                    "changed one replaces its own records; each report is one transaction. Prints the counts.")
    ingest.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="report file or folder")
    ingest.add_argument("--reextract", action="store_true",
                        help="then extract every stored report again, keeping every analyst decision")
    out = commands.add_parser(
        "records", parents=[where], help="the workspace's records, decisions applied",
        description="Write the current records as GeoJSON, CSV or GeoPackage (by the file's suffix), with "
                    "review_status, reviewed_by, reviewed_at and dataset; rejected records only with --all.")
    out.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                     help="file to write: .geojson, .csv or .gpkg")
    out.add_argument("--all", action="store_true", help="include rejected records")
    review = commands.add_parser(
        "review", parents=[where], help="confirm, reject or correct one record",
        description="Record one decision about a record; every change goes to the audit trail.")
    review.add_argument("record_id", metavar="RECORD_ID")
    review.add_argument("--by", required=True, metavar="NAME", help="who decides")
    review.add_argument("--status", choices=("confirmed", "rejected"))
    review.add_argument("--lat", type=float, metavar="LAT")
    review.add_argument("--lon", type=float, metavar="LON")
    review.add_argument("--place", metavar="NAME", help="a place name, looked up in the gazetteer")
    review.add_argument("--precision", choices=PRECISIONS, help="the place's precision")
    review.add_argument("--actor", metavar="A")
    review.add_argument("--actor2", metavar="B")
    review.add_argument("--type", dest="event_type", metavar="T", help="ACLED event or sub-event type")
    review.add_argument("--date", metavar="YYYY-MM-DD")
    review.add_argument("--note", default="", metavar="TEXT")
    imported = commands.add_parser(
        "import", parents=[where], help="an ACLED CSV export or a GDELT 2.0 events file as a dataset",
        description="Import an ACLED CSV export or a GDELT 2.0 events file (*.export.CSV, tab-separated, or its "
                    ".zip) as a named dataset of records, in one transaction. The same file again adds nothing; "
                    "malformed rows are named and skipped. Prints the counts.")
    imported.add_argument("source", choices=store_imports.SOURCES, help="the file's format")
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.add_argument("--name", metavar="NAME", help="the dataset's name (default: acled or gdelt)")


def _places_parser(commands: argparse._SubParsersAction) -> None:
    store = argparse.ArgumentParser(add_help=False)
    store.add_argument("--store-dir", type=Path, metavar="DIR",
                       help=f"the store of added places (default: ${userplaces.ENV_STORE_DIR} or data/places/user)")
    places = commands.add_parser(
        "places", help="add GeoNames dumps or your own place lists to the gazetteer",
        description="Keep places to add to the offline gazetteer: official GeoNames downloads (allCountries.txt, "
                    "XX.zip, cities500.txt, admin1CodesASCII.txt) and place lists (CSV or GeoJSON with name, "
                    "alternate_names, lat, lon, kind, country). The index is rebuilt on its next load.")
    actions = places.add_subparsers(dest="places_command", required=True)
    add = actions.add_parser("add", parents=[store], help="add files (all or none)")
    add.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="GeoNames dump, admin1 table or place list")
    actions.add_parser("list", parents=[store], help="list what was added")
    remove = actions.add_parser("remove", parents=[store], help="remove an added file by its digest")
    remove.add_argument("digest", metavar="DIGEST", help="the digest 'places list' shows (8 hex digits or more)")


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


def _check_output(args: argparse.Namespace) -> None:
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


def _write(output: Path | None, chunks: Iterable[bytes]) -> int:
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


def _online(args: argparse.Namespace) -> OnlineGeocoder | None:
    if args.online is None:
        if args.online_url:
            raise InputError("Expected --online nominatim|photon with --online-url, instead got only the URL.")
        return None
    if not args.online_url:
        raise InputError(f"Expected --online-url with --online {args.online}, instead got no URL.")
    return OnlineGeocoder.from_service(args.online, url=args.online_url, cache_dir=default_cache_dir())


def _positions(args: argparse.Namespace):
    if args.positions is None:
        return None
    loaded = load_positions(args.positions, actor=args.positions_actor)
    for warning in loaded.warnings:
        log.warning("%s", warning)
    return loaded.frame


def _events(args: argparse.Namespace) -> int:
    result = run(args.paths, online=_online(args), positions=_positions(args))
    for problem in result.problems:
        log.warning("%s", problem)
    if not result.reports:
        log.error("no report could be read from %s", ", ".join(map(str, args.paths)))
        return 2
    _write(args.output, [to_geojson_bytes(result.frame) + b"\n"])
    counts = result.frame["kind"].value_counts().to_dict()
    log.info("%d reports -> %d records (%s)", len(result.reports), len(result.frame),
             ", ".join(f"{n} {kind}s" for kind, n in sorted(counts.items())))
    return 0


def _mentions(args: argparse.Namespace) -> int:
    if args.jsonl is None and not args.paths:
        log.error("expected report paths or --jsonl IN.jsonl, got neither")
        return 2
    gazetteer = load_gazetteer()
    online = _online(args)
    problems: list = []
    if args.jsonl is not None:
        inputs = iter_jsonl(args.jsonl, problems)
    else:
        loaded = load_reports(args.paths)
        problems = loaded.problems
        inputs = ((report.id, report.text) for report in loaded.reports)

    def lines() -> Iterable[bytes]:
        for item_id, text in inputs:
            mentions = [mention_to_dict(m) for m in place_mentions(text, gazetteer, online=online)]
            yield (json.dumps({"id": item_id, "mentions": mentions}, ensure_ascii=False) + "\n").encode("utf-8")

    try:
        _write(args.output, lines())
    finally:
        for problem in [*problems, *(online.problems if online else [])]:
            log.warning("%s", problem)
    return 0


def _claims(args: argparse.Namespace) -> int:
    result = run(args.paths, online=_online(args), positions=_positions(args))
    for problem in result.problems:
        log.warning("%s", problem)
    if not result.reports:
        log.error("no report could be read from %s", ", ".join(map(str, args.paths)))
        return 2
    rows = result.frame[result.frame["kind"] == "claim"]
    fields = ["claim_text", "claim_km", "claim_to", "place", "computed_km", "tolerance_km", "verdict",
              "nearest_place", "explanation"]
    if args.json:
        out = [{k: plain(row[k]) for k in fields} | {"report": row["sources"][0]["report"],
                                                        "quote": row["sources"][0]["quote"]}
               for _, row in rows.iterrows()]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    elif rows.empty:
        sys.stdout.write("no distance claims found\n")
    else:
        table = rows[["claim_km", "claim_to", "place", "computed_km", "tolerance_km", "verdict", "nearest_place"]]
        sys.stdout.write(table.rename(columns={"claim_km": "reported_km", "claim_to": "to_actor",
                                                "place": "from_place"}).to_string(index=False) + "\n\n")
        for _, row in rows.iterrows():
            sys.stdout.write(f"- {row['explanation']}\n")
    return 0


def _places(args: argparse.Namespace) -> int:
    if args.places_command == "list":
        for entry in userplaces.list_added(args.store_dir):
            sys.stdout.write(f"{entry.digest}  {entry.kind:<15}  {entry.rows:>9,}  {entry.added}  {entry.name}\n")
        return 0
    if args.places_command == "remove":
        entry = userplaces.remove_added(args.digest, args.store_dir)
        log.info("removed %s (%s, %d rows); the index is rebuilt on its next load", entry.name, entry.digest, entry.rows)
        return 0
    result = userplaces.add_places(*args.paths, store_dir=args.store_dir)
    for warning in result.warnings:
        log.warning("%s", warning)
    for entry in result.already:
        log.info("already added: %s (%s)", entry.name, entry.digest)
    for entry in result.added:
        log.info("added %s: %d rows (%s, %s)", entry.name, entry.rows, entry.kind, entry.digest)
    if result.added:
        log.info("the index is rebuilt on its next load")
    return 0


def _ingest(args: argparse.Namespace) -> int:
    if not args.paths and not args.reextract:
        log.error("expected report paths to ingest (or --reextract), got neither")
        return 2
    loaded = load_reports(args.paths)
    for problem in loaded.problems:
        log.warning("%s", problem)
    if args.paths and not loaded.reports:
        log.error("no report could be read from %s", ", ".join(map(str, args.paths)))
        return 2
    extractor = Extractor()
    engine = _open_store(args, extractor)
    counts = store.ingest_reports(engine, loaded.reports, extractor=extractor)
    if args.reextract:
        store.reextract(engine, extractor=extractor, counts=counts)
    sys.stdout.write(f"{counts}\n")
    return 0


def _open_store(args: argparse.Namespace, extractor: Extractor | None = None):
    """The store of ``--store``; else the default one, which starts with the sample when it is new."""
    if args.store is not None:
        return store.open_store(args.store)

    def seed(engine) -> None:
        log.info("created %s with the sample: %s", store.DEFAULT_PATH, ingest_sample(engine, extractor=extractor))

    return store.open_store(None, on_create=seed)


def _records(args: argparse.Namespace) -> int:
    engine = _open_store(args)
    frame = store.write_records(engine, args.output, include_rejected=args.all)
    log.info("%d records -> %s", len(frame), args.output)
    return 0


def _review(args: argparse.Namespace) -> int:
    engine = _open_store(args)
    place = find_place(load_gazetteer(), args.place) if args.place else None
    changes = store.review_record(engine, args.record_id, by=args.by, status=args.status, lat=args.lat,
                                  lon=args.lon, place=place, actor=args.actor, actor2=args.actor2,
                                  event_type=args.event_type, date=args.date, precision=args.precision,
                                  note=args.note)
    for change in changes:
        log.info("%s: %s: %r -> %r", args.record_id, change.field, change.old, change.new)
    if not changes:
        log.info("%s: nothing changed", args.record_id)
    return 0


def _import(args: argparse.Namespace) -> int:
    read = store_imports.read_file(args.source, args.file, name=args.name)  # a bad file: before the store opens
    engine = _open_store(args)
    result = store_imports.store_file(engine, read)
    sys.stdout.write(f"{result}\n")
    if result.already is None:
        table = agreement(light_records(engine))  # the quotes of a million imported rows are not read
        for row in table[table["dataset"] == result.dataset].itertuples(index=False):
            sys.stdout.write(f"agreement with our events (same day +-{MATCH_DAYS}, within {MATCH_KM:g} km, compatible "
                             f"type): {row.both} both, {row.ours_only} ours only, {row.theirs_only} theirs only\n")
    return 0


_STORE_COMMANDS = {"ingest": _ingest, "records": _records, "review": _review, "import": _import}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.INFO,
                        format="geo: %(levelname)s: %(message)s", stream=sys.stderr)
    try:
        _check_output(args)
        if args.command == "events":
            return _events(args)
        if args.command == "claims":
            return _claims(args)
        if args.command == "places":
            return _places(args)
        if args.command in _STORE_COMMANDS:
            return _STORE_COMMANDS[args.command](args)
        return _mentions(args)
    except (GeoError, OSError) as err:
        log.error("%s", err)
        return 2


if __name__ == "__main__":
    sys.exit(main())
