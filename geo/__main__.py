"""Command line: ``python -m geo events|mentions|claims|places|ingest|records|review|import|positions ...``
(see ``--help``).

Problems with single inputs (a file, a JSON line) are logged to stderr, one
line each, and the rest is processed; the exit status is 2 only when nothing
could be read. Outputs are written atomically (``geo.fileio``): a run that
fails, or reads nothing, leaves an existing output as it was, and an output
that is also an input is refused before anything is read.

``places add`` is the exception to "the rest is processed": it adds all its
files to the store of added places (``geo.gazetteer.userplaces``) or none.

``ingest``, ``records``, ``review``, ``import`` and ``positions`` work on the analyst's workspace
(``geo.store``, a SQLAlchemy URL given with ``--store``, else ``data/workspace.sqlite``); ``events``
and the others never open it.

The commands live in ``geo.cli``: ``extract`` (events, claims, mentions), ``places``, ``workspace``
(the store's) and ``output`` (where they write).
"""

from __future__ import annotations

import argparse
import logging
import sys

from .cli import extract, places, workspace
from .cli.output import check_output
from .errors import GeoError

log = logging.getLogger("geo")

COMMANDS = extract.COMMANDS | places.COMMANDS | workspace.COMMANDS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="News reports to a trustworthy map.")
    parser.add_argument("-q", "--quiet", action="store_true", help="log only errors")
    commands = parser.add_subparsers(dest="command", required=True)
    for part in (extract, places, workspace):
        part.add_parsers(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.INFO,
                        format="geo: %(levelname)s: %(message)s", stream=sys.stderr)
    try:
        check_output(args)
        return COMMANDS[args.command](args)
    except (GeoError, OSError) as err:
        log.error("%s", err)
        return 2


if __name__ == "__main__":
    sys.exit(main())
