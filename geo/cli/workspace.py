"""``python -m geo ingest|records|review|import|positions``: the analyst's workspace (``geo.store``), at
``--store URL`` or the default store, which starts with the sample when it is new."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .. import store
from ..gazetteer import load_gazetteer
from ..errors import InputError, OutputError
from ..io.reports import load_reports
from ..store import imports as store_imports
from ..store.agreement import MATCH_DAYS, MATCH_KM, agreement
from ..store.ingest import Extractor, ingest_sample
from ..store.positions import dataset_name, position_datasets, positions_geojson, remove_positions
from ..store.review import PRECISIONS, find_place
from ..store.view import light_records
from .output import write

__all__ = ["add_parsers", "COMMANDS"]

log = logging.getLogger("geo")


def add_parsers(commands: argparse._SubParsersAction) -> None:
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--store", metavar="URL",
                       help="the workspace, a SQLAlchemy URL such as sqlite:///path/ws.sqlite "
                            f"(default: {store.DEFAULT_PATH.relative_to(Path(__file__).resolve().parents[2])})")
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
    kept = commands.add_parser(
        "positions", parents=[where], help="the workspace's positions and control areas: export, or remove an upload",
        description="Write every stored position and control area as RFC 7946 GeoJSON (actor, kind, place, "
                    "valid_from, valid_to, dataset, file, when added), or remove one upload's positions and "
                    "nothing else (the same file may be uploaded again).")
    action = kept.add_mutually_exclusive_group(required=True)
    action.add_argument("-o", "--output", type=Path, metavar="FILE.geojson", help="GeoJSON file to write")
    action.add_argument("--remove", metavar="NAME",
                        help="the upload to remove: its file name, or its dataset 'positions: FILE'")


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


def _positions(args: argparse.Namespace) -> int:
    if args.remove is not None:
        engine = _open_store(args)
        dataset = _upload(engine, args.remove)
        log.info("removed %d positions of %r", remove_positions(engine, dataset), dataset)
        return 0
    if args.output.suffix.lower() not in (".geojson", ".json"):  # before the store opens
        got = f"a {args.output.suffix} file" if args.output.suffix else "a name without a suffix"
        raise OutputError(f"{args.output}: expected a .geojson file to write, instead got {got}")
    engine = _open_store(args)
    write(args.output, [positions_geojson(engine) + b"\n"])
    log.info("%d positions -> %s", sum(position_datasets(engine).values()), args.output)
    return 0


def _upload(engine, name: str) -> str:
    """The dataset of the upload ``name`` (a file name, or the dataset itself); ``InputError`` when none."""
    stored = position_datasets(engine)
    for dataset in (name, dataset_name(name)):
        if dataset in stored:
            return dataset
    known = ", ".join(repr(dataset) for dataset in stored) or "none: no positions are stored"
    raise InputError(f"--remove {name}: expected the file name or dataset of a stored upload ({known}), "
                     f"instead got {name!r}")


COMMANDS = {"ingest": _ingest, "records": _records, "review": _review, "import": _import, "positions": _positions}
