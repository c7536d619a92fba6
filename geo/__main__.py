"""Command line: ``python -m geo events|mentions ...`` (see ``--help``).

Problems with single inputs are logged to stderr, one line each, and the
rest is processed; the exit status is 2 only when nothing could be read.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Iterator, TextIO

from .errors import GeoError, InputError, ReportError
from .export import plain, to_geojson_bytes
from .gazetteer import default_cache_dir, load_gazetteer
from .geocode import SERVICES, OnlineGeocoder
from .pipeline import run
from .places import find_mentions, mention_to_dict
from .positions import load_positions
from .reports import load_reports

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
                    '"country", ...}]}. Offsets are Python string offsets; lat/lon are null when a '
                    "mention is not resolved.")
    mentions.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="report file or folder")
    mentions.add_argument("--jsonl", type=Path, metavar="IN.jsonl",
                          help='read lines {"id": ..., "text": ...} instead of report files')
    mentions.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    return parser


def _jsonl_inputs(path: Path) -> Iterator[tuple[object, str]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                yield item["id"], item["text"]
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                log.error("%s:%d: expected a JSON object with 'id' and 'text', got %s", path, number,
                          type(err).__name__)


def _write(output: Path | None, data: bytes) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        output.write_bytes(data)


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
    return load_positions(args.positions, actor=args.positions_actor)


def _events(args: argparse.Namespace) -> int:
    result = run(args.paths, online=_online(args), positions=_positions(args))
    for problem in result.problems:
        log.warning("%s", problem)
    if not result.reports:
        log.error("no report could be read from %s", ", ".join(map(str, args.paths)))
        return 2
    _write(args.output, to_geojson_bytes(result.frame) + b"\n")
    counts = result.frame["kind"].value_counts().to_dict()
    log.info("%d reports -> %d records (%s)", len(result.reports), len(result.frame),
             ", ".join(f"{n} {kind}s" for kind, n in sorted(counts.items())))
    return 0


def _mentions(args: argparse.Namespace, out: TextIO) -> int:
    if args.jsonl is None and not args.paths:
        log.error("expected report paths or --jsonl IN.jsonl, got neither")
        return 2
    gazetteer = load_gazetteer()
    online = _online(args)
    written = 0
    if args.jsonl is not None:
        inputs = _jsonl_inputs(args.jsonl)
    else:
        loaded = load_reports(args.paths)
        for problem in loaded.problems:
            log.warning("%s", problem)
        inputs = ((report.id, report.text) for report in loaded.reports)
    for item_id, text in inputs:
        mentions = [mention_to_dict(m) for m in find_mentions(text, gazetteer, online=online)]
        out.write(json.dumps({"id": item_id, "mentions": mentions}, ensure_ascii=False) + "\n")
        written += 1
    for problem in online.problems if online else []:
        log.warning("%s", problem)
    if written == 0:
        log.error("nothing could be read")
        return 2
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.INFO,
                        format="geo: %(levelname)s: %(message)s", stream=sys.stderr)
    try:
        if args.command == "events":
            return _events(args)
        if args.command == "claims":
            return _claims(args)
        if args.output is not None:
            with args.output.open("w", encoding="utf-8") as out:
                return _mentions(args, out)
        return _mentions(args, sys.stdout)
    except (GeoError, ReportError, OSError) as err:
        log.error("%s", err)
        return 2


if __name__ == "__main__":
    sys.exit(main())
