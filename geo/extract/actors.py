"""Actor names: the documented dictionary in ``data/actors.csv`` and a matcher.

An alias with a dot ("U.S.") or with a word in capitals only of at most five letters ("IS",
"IS fighters", "ISIS-K") matches in that exact case, so "is" and "us" never become actors;
every other alias matches in any case. Longer aliases win over shorter ones they contain
("U.S.-led coalition" over "U.S."). ``mark_actors`` sets a document's actors layer
(``geo.extract.document``).

Two kinds of mention name no single actor, and both carry the actor kind ``"ambiguous"``
(``ActorMention.ambiguous``); a later stage should leave the actor of such a mention empty
and may read ``ActorMention.alternatives``, the actors it could name:

* an alternation of two actors, "Syrian or Russian warplanes", "the Houthis or the
  coalition": one mention over the whole phrase, ``alternatives`` the two actors;
* an alias of an ``ambiguous`` dictionary row ("the coalition", "government forces",
  "SNA") that the document's places do not settle. ``resolve_ambiguous(mention, countries)``
  settles it from the countries the document names: the one reading of the row (an actor
  with its ``countries``) named most there. ``mark_actors`` applies it with the countries of
  the place mentions layer, so "the coalition" is the Saudi-led coalition in a text about
  Yemen, the US-led coalition in one about Iraq or Syria, and stays ambiguous elsewhere. A
  row of one reading ("RSF", "PDF", "KIA") is an abbreviation that names its actor only where
  the actor fights: ``find`` alone takes that reading, ``mark_actors`` drops the mention when
  the document names none of the actor's countries ("a PDF of the report"); a common noun of
  such a row ("rebels", "the opposition": Syria's rebels in a text about Syria) is kept there
  as an actor the dictionary lacks, named by its words ("rebels").
"""

from __future__ import annotations

import bisect
import csv
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .unlisted import find_unlisted

if TYPE_CHECKING:
    from .document import Document

__all__ = ["Actor", "ActorMention", "ActorLexicon", "load_actors", "mark_actors", "resolve_ambiguous",
           "document_countries", "unlisted_actors", "AMBIGUOUS", "DEFAULT_ACTORS"]

DEFAULT_ACTORS = Path(__file__).resolve().parents[2] / "data" / "actors.csv"
AMBIGUOUS = "ambiguous"  # the kind of a mention, or dictionary row, that names no single actor


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str
    parent: str
    countries: tuple[str, ...] = field(default=(), compare=False)  # ISO 3166-1 alpha-2, where it fights
    readings: tuple[Actor, ...] = field(default=(), compare=False)  # of an ambiguous row: what it may name
    source: str = field(default="", compare=False)
    areas: tuple[str, ...] = field(default=(), compare=False)  # first-level codes of a region-bound actor


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor: Actor
    alternatives: tuple[Actor, ...] = ()  # the actors an ambiguous mention may name
    via: Actor | None = None  # the ambiguous dictionary row of the alias, if it is one
    listed: bool = True  # False for an actor the dictionary lacks, read from the text ("Fulani militia")

    @property
    def ambiguous(self) -> bool:
        """True when the mention names no single actor (its actor's kind is ``AMBIGUOUS``)."""
        return self.actor.kind == AMBIGUOUS


def _exact_case(alias: str) -> bool:
    words = re.split(r"[\s/-]+", alias)
    return "." in alias or any(w.isupper() and len(re.sub(r"\W", "", w)) <= 5 for w in words)


# "Syrian or Russian warplanes": the word before " or " stands for "Syrian forces".
_ELIDED = re.compile(r"(?<![\w.-])(?:either\s+|whether\s+)?(?P<word>[A-Z][\w'-]*)\s+or\s+$")
_ELIDED_AFTER = re.compile(r"\s+or\s+(?P<word>[A-Z][\w'-]*)(?![\w-])")  # "Russian or Syrian warplanes"
_OR = re.compile(r"\s+or\s+(?:the\s+)?", re.I)


def _trie(words: list[str]) -> str:
    """One pattern for many literal words, as a tree of their common prefixes: a regular
    expression tries an alternation of hundreds of words at every character, a tree only
    the branches of the letters it has read (about ten times quicker here). Longer
    continuations come first and the word's end last, so at one start the longest word that
    fits its boundaries wins, as with an alternation sorted longest first."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if "" in node:
            branches.append("")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return pattern(tree)


class ActorLexicon:
    """Finds actor aliases in text."""

    def __init__(self, actors: dict[str, Actor], aliases: dict[str, str]):
        self.actors = actors
        self.aliases = aliases
        ordered = sorted(aliases, key=len, reverse=True)
        exact = [a for a in ordered if _exact_case(a)]
        folded = [a for a in ordered if not _exact_case(a)]
        # "Islamic State-linked insurgents", "al-Shabaab-affiliated gunmen": the group's own men;
        # not "Iran-backed militias" (the backer) nor "IS-held areas" (``events`` reads those)
        boundary = r"(?:(?<![\w.-])|(?<=\b[Pp]ro-)){}(?:(?![\w-])|(?=-(?:linked|affiliated|aligned|allied|loyal)\b))"
        self._exact = re.compile(boundary.format(_trie(exact))) if exact else None
        self._folded = re.compile(boundary.format(_trie([a.lower() for a in folded])), re.I) if folded else None
        self._lookup = {a.lower(): name for a, name in aliases.items() if not _exact_case(a)}
        self._lookup_exact = {a: name for a, name in aliases.items() if _exact_case(a)}

    def find(self, text: str) -> list[ActorMention]:
        """Actor mentions in ``text``, left to right, longest first, no overlaps; alternations
        ("Syrian or Russian warplanes") joined into one ambiguous mention. Without a document
        an alias of an ambiguous row of one reading names that reading; of several, it stays
        ambiguous (``mark_actors`` settles both from the document's places)."""
        return _alternations(text, self._matches(text), self)

    def _matches(self, text: str) -> list[ActorMention]:
        found: list[ActorMention] = []
        for pattern, table, fold in ((self._exact, self._lookup_exact, False), (self._folded, self._lookup, True)):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                key = match.group(0).lower() if fold else match.group(0)
                actor = self.actors[table[key]]
                ally = text[max(0, match.start() - 4):match.start()].lower() == "pro-"
                if ally and actor.kind in ("state", AMBIGUOUS):
                    continue  # "pro-Houthi forces" are the Houthis' own; "pro-Russian separatists" not Russia's army
                found.append(_mention(match.start(), match.end(), match.group(0), actor))
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


def _mention(start: int, end: int, text: str, actor: Actor) -> ActorMention:
    """The mention of one alias; the alias of an ambiguous row keeps the row as ``via``."""
    if actor.kind != AMBIGUOUS:
        return ActorMention(start, end, text, actor)
    if len(actor.readings) == 1:
        return ActorMention(start, end, text, actor.readings[0], via=actor)
    return ActorMention(start, end, text, actor, alternatives=actor.readings, via=actor)


def _either(start: int, end: int, text: str, first: ActorMention | Actor, second: ActorMention) -> ActorMention:
    """One ambiguous mention over "A or B" (A itself perhaps an alternation)."""
    firsts = (first.alternatives or (first.actor,)) if isinstance(first, ActorMention) else (first,)
    options = tuple(dict.fromkeys([*firsts, second.actor]))
    name = " or ".join(a.name for a in options)
    return ActorMention(start, end, text, Actor(name, AMBIGUOUS, ""), alternatives=options)


def _alternations(text: str, mentions: list[ActorMention], lexicon: ActorLexicon) -> list[ActorMention]:
    """Joins "A or B" (both actor mentions, two actors) and "X or B", "B or X" where X alone
    is no alias but "X forces" is one ("Syrian or Russian warplanes") into one ambiguous mention.
    An ambiguous row's alias of several readings joins nothing: it is settled later."""
    joined: list[ActorMention] = []
    for index, mention in enumerate(mentions):
        if mention.ambiguous:
            joined.append(mention)
            continue
        previous = joined[-1] if joined else None
        if (previous and (previous.via is None or not previous.ambiguous) and previous.actor != mention.actor
                and _OR.fullmatch(text, previous.end, mention.start)):
            joined[-1] = _either(previous.start, mention.end, text[previous.start:mention.end], previous, mention)
            continue
        elided = _ELIDED.search(text, max(previous.end if previous else 0, mention.start - 40), mention.start)
        other = _forces_of(elided.group("word"), lexicon) if elided else None
        if other is not None and other != mention.actor:
            start = elided.start()
            joined.append(_either(start, mention.end, text[start:mention.end], other, mention))
            continue
        after = _ELIDED_AFTER.match(text, mention.end)
        following = mentions[index + 1].start if index + 1 < len(mentions) else len(text)
        other = _forces_of(after.group("word"), lexicon) if after and after.end() <= following else None
        if other is not None and other != mention.actor:
            joined.append(_either(mention.start, after.end(), text[mention.start:after.end()], mention, _bare(other)))
            continue
        joined.append(mention)
    return joined


def _bare(actor: Actor) -> ActorMention:
    return ActorMention(0, 0, "", actor)


def _forces_of(word: str, lexicon: ActorLexicon) -> Actor | None:
    """The actor whose forces a demonym stands for ("Syrian": "Syrian forces"), or whom
    the word names itself; None when neither is an alias."""
    for phrase in (word, word + " forces"):
        named = lexicon._matches(phrase)
        if len(named) == 1 and named[0].start == 0 and named[0].end >= len(word) and not named[0].ambiguous:
            return named[0].actor
    return None


def resolve_ambiguous(mention: ActorMention, countries: Mapping[str, float] | Iterable[str]) -> Actor | None:
    """The one actor ``mention`` names in a document that names ``countries`` (ISO alpha-2
    codes, or a mapping of them to how often the document names each): a plain mention's
    actor; for the alias of an ambiguous row, the reading whose countries the document names
    most (None on a tie or when it names none of them); None for an alternation."""
    if mention.via is None:
        return None if mention.ambiguous else mention.actor
    weights = countries if isinstance(countries, Mapping) else dict.fromkeys(countries, 1.0)
    scores = [(max((weights.get(c, 0.0) for c in reading.countries), default=0.0), reading)
              for reading in mention.via.readings]
    best = max((score for score, _ in scores), default=0.0)
    chosen = [reading for score, reading in scores if score == best]
    return chosen[0] if best > 0 and len(chosen) == 1 else None


def document_countries(doc: Document) -> Counter[str]:
    """How many place mentions of the document lie in each country (demonyms included);
    empty when the mentions layer is not set."""
    try:
        mentions = doc.mentions
    except ValueError:
        return Counter()
    return Counter(m.country for m in mentions if m.country)


def mark_actors(doc: Document, actors: ActorLexicon) -> Document:
    """The actors layer of a document: every actor mention in its text, found once, with the
    aliases of ambiguous rows settled by the countries of the document's place mentions
    (``resolve_ambiguous``): a reading the document supports replaces the row; a row of
    several readings otherwise stays an ambiguous mention, one of a single reading is dropped.
    Actors the dictionary lacks are then read from the text (``geo.extract.unlisted``)."""
    countries = document_countries(doc)
    found = []
    for mention in actors.find(doc.text):
        if mention.via is not None:
            actor = resolve_ambiguous(mention, countries)
            if actor is not None:
                mention = replace(mention, actor=actor, alternatives=())
            elif len(mention.via.readings) == 1:
                if not _exact_case(mention.text):  # "rebels" outside Syria: rebels, not Syria's
                    found.append(replace(mention, actor=Actor(mention.text.lower(), mention.actor.kind, ""), via=None,
                                         listed=False))
                continue
            else:
                mention = replace(mention, actor=mention.via, alternatives=mention.via.readings)
        found.append(mention)
    doc.set_layer("actors", unlisted_actors(doc, actors, found))
    return doc


# "a Taliban-planted IED", "an IS-laid mine": the actor of a compound the matcher's boundaries skip.
_COMPOUND = re.compile(r"(?<![\w.-])(?P<word>[A-Z][\w'’]*)-(?:planted|laid|placed|made|fired|claimed|triggered)\b")


_NAME_REACH = 200  # no actor's name in the text is longer


def unlisted_actors(doc: Document, actors: ActorLexicon, found: list[ActorMention]) -> list[ActorMention]:
    """The dictionary's mentions ``found`` with the actors it lacks (``geo.extract.unlisted``)
    added as mentions of their own (``listed`` False), and the actors of compounds ("a
    Taliban-planted IED"). A phrase the text builds around a generic alias ("FPRC rebels" over
    "rebels") replaces it; any other overlap leaves the dictionary's mention."""
    listed = list(found)
    for match in _COMPOUND.finditer(doc.text):
        named = actors._matches(match.group("word"))
        if len(named) == 1 and named[0].end == len(match.group("word")) and not named[0].ambiguous:
            listed.append(replace(named[0], start=match.start(), end=match.end("word"), text=match.group("word")))
    listed.sort(key=lambda m: m.start)
    starts = [m.start for m in listed]
    dropped: set[int] = set()  # indexes into ``listed`` an unlisted phrase replaces
    added = []
    for candidate in find_unlisted(doc, known=lambda word: word in actors._lookup_exact):
        # the dictionary's mentions that overlap the candidate: they start before its end, and end
        # after its start (a name is short: looked for from _NAME_REACH characters before it)
        first = bisect.bisect_left(starts, candidate.start - _NAME_REACH)
        inside = [i for i in range(first, bisect.bisect_left(starts, candidate.end))
                  if candidate.start < listed[i].end and i not in dropped]
        if any(listed[i].start < candidate.noun for i in inside):
            continue  # the dictionary names it: "Kurdish forces", "Syrian or Russian warplanes"
        dropped.update(inside)
        actor = Actor(candidate.name, candidate.kind, "")
        added.append(ActorMention(candidate.start, candidate.end, candidate.text, actor, listed=False))
    kept = [m for i, m in enumerate(listed) if i not in dropped] + added
    return sorted(kept, key=lambda m: m.start)


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


@lru_cache(maxsize=4)
def load_actors(path: Path = DEFAULT_ACTORS) -> ActorLexicon:
    """The dictionary at ``path``: ``|``-separated rows of actor, kind, parent, countries,
    readings (of an ambiguous row), aliases, source and areas (of a region-bound actor)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="|"))
    plain = {row["actor"]: Actor(row["actor"], row["kind"], row["parent"] or "", tuple(_split(row.get("countries"))),
                                 source=row.get("source") or "", areas=tuple(_split(row.get("areas"))))
             for row in rows if row["kind"] != AMBIGUOUS}
    actors: dict[str, Actor] = dict(plain)
    aliases: dict[str, str] = {}
    for row in rows:
        if row["kind"] == AMBIGUOUS:
            unknown = [name for name in _split(row.get("readings")) if name not in plain]
            if unknown or not _split(row.get("readings")):
                raise ValueError(f"Expected the readings of ambiguous actor {row['actor']!r} to be actors of "
                                 f"{path.name}, instead got: {row.get('readings')!r}.")
            readings = tuple(plain[name] for name in _split(row.get("readings")))
            actors[row["actor"]] = Actor(row["actor"], AMBIGUOUS, "", readings=readings, source=row.get("source") or "")
        own = [] if row["kind"] == AMBIGUOUS else [row["actor"]]
        for alias in [*own, *_split(row["aliases"])]:
            aliases.setdefault(alias, row["actor"])
    return ActorLexicon(actors, aliases)
