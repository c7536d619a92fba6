"""``python -m geo events|claims|mentions``: reports read and extracted, no store opened."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Iterable

from ..errors import InputError
from ..extract.annotate import place_mentions
from ..extract.places import mention_to_dict
from ..gazetteer import default_cache_dir, load_gazetteer
from ..gazetteer.geocode import SERVICES, OnlineGeocoder
from ..io.export import plain, to_geojson_bytes
from ..io.jsonl import iter_jsonl
from ..io.positions import load_positions
from ..io.reports import load_reports
from ..pipeline import run
from .output import write

__all__ = ["add_parsers", "COMMANDS"]

log = logging.getLogger("geo")


def add_parsers(commands: argparse._SubParsersAction) -> None:
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


def _run(args: argparse.Namespace):
    """The pipeline's result for ``args.paths``; raises ``InputError`` when no report could be read."""
    result = run(args.paths, online=_online(args), positions=_positions(args))
    for problem in result.problems:
        log.warning("%s", problem)
    if not result.reports:
        raise InputError(f"no report could be read from {', '.join(map(str, args.paths))}")
    return result


def _events(args: argparse.Namespace) -> int:
    result = _run(args)
    write(args.output, [to_geojson_bytes(result.frame) + b"\n"])
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
        write(args.output, lines())
    finally:
        for problem in [*problems, *(online.problems if online else [])]:
            log.warning("%s", problem)
    return 0


def _claims(args: argparse.Namespace) -> int:
    result = _run(args)
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




COMMANDS = {"events": _events, "claims": _claims, "mentions": _mentions}
