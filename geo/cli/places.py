"""``python -m geo places add|list|remove``: the store of added places (``geo.gazetteer.userplaces``)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from ..gazetteer import userplaces

__all__ = ["add_parsers", "COMMANDS"]

log = logging.getLogger("geo")


def add_parsers(commands: argparse._SubParsersAction) -> None:
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



COMMANDS = {"places": _places}
