"""Actor names: the documented dictionary in ``data/actors.csv`` and a matcher.

An alias written with capitals only or with dots ("IS", "U.S.") matches in
that exact case, so "is" and "us" never become actors; every other alias
matches in any case. Longer aliases win over shorter ones they contain
("U.S.-led coalition" over "U.S."). ``mark_actors`` sets a document's actors layer
(``geo.extract.document``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document

__all__ = ["Actor", "ActorMention", "ActorLexicon", "load_actors", "mark_actors", "DEFAULT_ACTORS"]

DEFAULT_ACTORS = Path(__file__).resolve().parents[2] / "data" / "actors.csv"


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str
    parent: str


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor: Actor


def _exact_case(alias: str) -> bool:
    letters = alias.replace(".", "").replace("-", "")
    return "." in alias or (letters.isupper() and len(letters) <= 5)


class ActorLexicon:
    """Finds actor aliases in text."""

    def __init__(self, actors: dict[str, Actor], aliases: dict[str, str]):
        self.actors = actors
        self.aliases = aliases
        ordered = sorted(aliases, key=len, reverse=True)
        exact = [a for a in ordered if _exact_case(a)]
        folded = [a for a in ordered if not _exact_case(a)]
        boundary = r"(?<![\w.-]){}(?![\w-])"
        self._exact = re.compile(boundary.format("(?:" + "|".join(map(re.escape, exact)) + ")")) if exact else None
        self._folded = re.compile(boundary.format("(?:" + "|".join(map(re.escape, folded)) + ")"), re.I) if folded else None
        self._lookup = {a.lower(): name for a, name in aliases.items() if not _exact_case(a)}
        self._lookup_exact = {a: name for a, name in aliases.items() if _exact_case(a)}

    def find(self, text: str) -> list[ActorMention]:
        """Actor mentions in ``text``, left to right, longest first, no overlaps."""
        found: list[ActorMention] = []
        for pattern, table, fold in ((self._exact, self._lookup_exact, False), (self._folded, self._lookup, True)):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                key = match.group(0).lower() if fold else match.group(0)
                found.append(ActorMention(match.start(), match.end(), match.group(0), self.actors[table[key]]))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[ActorMention] = []
        for mention in found:
            if kept and mention.start < kept[-1].end:
                if mention.end - mention.start > kept[-1].end - kept[-1].start:
                    kept[-1] = mention
                continue
            kept.append(mention)
        return kept

    def get(self, name: str) -> Actor | None:
        return self.actors.get(name)


def mark_actors(doc: Document, actors: ActorLexicon) -> Document:
    """The actors layer of a document: every actor mention in its text, found once."""
    doc.set_layer("actors", actors.find(doc.text))
    return doc


@lru_cache(maxsize=4)
def load_actors(path: Path = DEFAULT_ACTORS) -> ActorLexicon:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    actors: dict[str, Actor] = {}
    aliases: dict[str, str] = {}
    for row in csv.DictReader(lines, delimiter="|"):
        actor = Actor(row["actor"], row["kind"], row["parent"] or "")
        actors[actor.name] = actor
        for alias in [row["actor"], *row["aliases"].split(";")]:
            alias = alias.strip()
            if alias:
                aliases.setdefault(alias, actor.name)
    return ActorLexicon(actors, aliases)
