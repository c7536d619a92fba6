"""Stage 3: events, assets and positions from the sentences of a report.

Owns ``Trigger`` and the document's triggers layer (``mark_triggers``, the one component here
that reads the text). ``extract_records`` reads a ``geo.extract.document.Document``: its
sentences and paragraphs, and the place mentions, offsets, dates, actors, links, cues and
triggers each sentence holds, found by offset range; it never searches the text (the
prepositions, figures, modal words and asides it weighs are ``geo.extract.cues``' layers).

Each sentence is read on its own. A trigger phrase from ``TRIGGERS`` gives
the record's kind and type; the actor is the first actor named before the
trigger (else after it, else the actor of the previous record when the
sentence says "the group", "the extremist group" ...); the place is the
place mention tied to the trigger by a preposition ("around Homs", "through
the Bosphorus"), never a demonym or a metonym ("the Pentagon said"); a mention
the sentence measures a distance and bearing from ("14 km north of Manbij", the offsets
layer of ``geo.extract.relative``) counts as tied, and the record is drawn at that point,
never at the mention itself; the date is the date expression of the sentence, resolved
against the publication date. Every record keeps the sentence it comes from as its quote.

A casualty figure in a sentence that ties no place to it ("The activist claimed
32 civilian deaths") is a source of the latest strike or attack when no other
event has been told since that strike, and the sentence either points back at it
("The air strikes killed ...", however far on) or goes on with its account in
the strike's paragraph or the next. A toll of the whole war ("killed since the
war began") belongs to no strike.

Event types (aligned with ACLED's where they overlap):

================== ======== ==================================================
type               kind     meaning
================== ======== ==================================================
air strike         event    bombing or missile strikes from the air
attack/shelling    event    ground attacks, shelling, clashes
shoot-down         event    an aircraft shot down
casualty report    event    deaths or injuries reported at a place
deployment         asset    forces or equipment moved to or present at a place
transit            asset    forces or equipment passing through a place
meeting/talks      event    meetings, talks, calls held at a place
position           position where an actor is said to be
================== ======== ==================================================
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Sequence

from .actors import ActorLexicon, ActorMention
from .cues import ASSET_NOUNS, Cue
from ..frame import Record, Source
from .triggers import lemma_trigger
from ..text.dates import DateRef, carry, event_date
from .places import Mention
from .relative import anchored, as_mention

if TYPE_CHECKING:
    from .document import Document

__all__ = ["Source", "Record", "Trigger", "TRIGGERS", "mark_triggers", "extract_records"]

# (event_type, kind, pattern) — the first pattern that matches a sentence wins.
TRIGGERS: list[tuple[str, str, re.Pattern[str]]] = [
    ("shoot-down", "event", re.compile(r"\b(?:shot|shoots|shoot|shooting) down\b|\bdowned\b", re.I)),
    ("transit", "asset", re.compile(r"\b(?:crossed|cross|crossing|passed|passing|sailed|sailing|transited|transiting)\s+(?:through|into)?\b", re.I)),
    ("air strike", "event", re.compile(
        r"\bair ?strikes?\b|\bair operations?\b|\bair raids?\b|\bsorties\b|\bmissile strikes?\b"
        r"|\bstrikes?\b(?=[^.]{0,60}\b(?:hit|hitting|target|around|near|on)\b)|\bstriking\b", re.I)),
    ("attack/shelling", "event", re.compile(
        r"\b(?:attack(?:ed|s|ing)?|shell(?:ed|ing|s)|clash(?:ed|es)|fighting|offensive|assault(?:ed)?|struck|stormed|captured|seized)\b", re.I)),
    ("position", "position", re.compile(
        r"\b(?:is|are|was|were|remain|remains)\s+(?:mostly\s+|largely\s+|heavily\s+)?"
        r"(?:concentrated|based|entrenched|present|positioned|located|dug in|holed up)\s+(?:in|around|near|at)\b"
        r"|\b(?:are|is)\s+in\b", re.I)),
    ("casualty report", "event", re.compile(r"\b(?:killed|deaths?|dead|casualties|wounded|injured)\b", re.I)),
    ("deployment", "asset", re.compile(
        r"\b(?:moved|sent|deployed|deploying|deployments?|arrived|arriving|stationed|build-?up|reinforce(?:d|ments)?|"
        r"flown|shipped|delivered)\b", re.I)),
    ("meeting/talks", "event", re.compile(r"\b(?:met|meeting|talks|summit|conference|forum|phone call)\b", re.I)),
]

# "attack helicopters" is no attack: the asset nouns are masked before looking for triggers.
_ASSET_WORDS = re.compile(r"\b(?:" + ASSET_NOUNS + r")\b", re.I)
_HELD = re.compile(r"\b(?P<holder>[\w.]+)-(?:held|controlled)\s+(?:areas?|parts?|territor(?:y|ies)|towns?|neighbou?rhoods?)\b", re.I)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_GEO_RANK = {"site": 0, "water": 0, "town": 1, "district": 1, "province": 2, "region": 3, "country": 4}


def _cues(doc: Document, kind: str, start: int, end: int) -> list[Cue]:
    """The cues of ``kind`` that start in [start, end)."""
    return [cue for cue in doc.between("cues", start, end) if cue.kind == kind]


def _roles(doc: Document, mention: Mention) -> frozenset[str]:
    """The prepositions that tie a place mention to its sentence (the links layer)."""
    link = doc.between("links", mention.start, mention.start + 1)
    return link[0].roles if link else frozenset()


def _place_for(doc: Document, trigger_end: int, mentions: Sequence[Mention]) -> list[Mention]:
    """The places a sentence ties to its trigger (ending at document offset ``trigger_end``),
    best first.

    Only places introduced by a preposition or a distance and bearing count: "U.S.
    officials" names no place, "to Syria" and "14 km north of Manbij" do. Demonyms and
    metonyms never count.
    """
    usable = [m for m in mentions if _placeable(m) and ("link" in _roles(doc, m) or anchored(doc, m) is not None)]

    def rank(mention: Mention) -> tuple[int, int]:
        after_trigger = 0 if mention.start >= trigger_end else 1
        return (_GEO_RANK.get(mention.feature or "", 5), after_trigger)

    return sorted(usable, key=rank)


def _route(doc: Document, places: list[Mention]) -> tuple[Mention | None, Mention | None, Mention | None]:
    """A transit's (origin, passage, destination): the places after "from", after
    "through" and after "to" in its sentence, each None when not named."""
    def after(role: str) -> Mention | None:
        return next((m for m in places if role in _roles(doc, m)), None)

    return after("from"), after("via"), after("to")


def _drawn_at(doc: Document, mention: Mention) -> Mention:
    """Where a record at ``mention`` is drawn: at the point a distance and bearing from it
    gives ("14 km north of Manbij", the offsets layer), never at the anchor itself; else
    at the mention."""
    offset = anchored(doc, mention)
    return mention if offset is None else as_mention(offset, mention)


def _end(mention: Mention | None) -> dict | None:
    return {"name": mention.name, "lat": mention.lat, "lon": mention.lon} if mention is not None else None


@dataclass(frozen=True, slots=True)
class Trigger:
    """Where a sentence says what happened: a match of ``TRIGGERS`` (the first one of the
    sentence, ``holder`` None), or an "X-held areas" phrase whose X is an actor
    (``holder`` that actor's name). Offsets are the document's."""

    start: int
    end: int
    event_type: str
    kind: str
    holder: str | None = None


def _trigger(sentence: str) -> tuple[str, str, int, int] | None:
    """The trigger of a sentence: (event type, kind, start, end) in its offsets. Types are
    tried in ``TRIGGERS``' order; a type is found by its pattern or, for events, by the
    lemma of a word (``geo.extract.triggers``: "bombarded", "detonated", "car bomb"), the
    first in the sentence winning within the type."""
    masked = _ASSET_WORDS.sub(lambda m: " " * len(m.group(0)), sentence)  # "attack helicopters" is no attack
    by_lemma = lemma_trigger(sentence, masked)
    for event_type, kind, pattern in TRIGGERS:
        match = pattern.search(sentence if kind == "asset" else masked)
        spans = [(match.start(), match.end())] if match else []
        if by_lemma is not None and by_lemma[0] == event_type:
            spans.append(by_lemma[1:])
        if spans:
            start, end = min(spans)
            return event_type, kind, start, end
    return None


def _placeable(mention: Mention) -> bool:
    """True when an event could be drawn at the mention: a resolved place named as a place."""
    return mention.resolved and not mention.demonym and not mention.metonymic


def mark_triggers(doc: Document, actors: ActorLexicon) -> Document:
    """The triggers layer of a document: in each sentence, its "X-held" phrases whose X is
    an actor of ``actors``, and the first match of ``TRIGGERS`` when the sentence could
    place a record (it names a place of the mentions layer, set before, or points back at
    one: "the airfield"); the other sentences are not searched, for speed."""
    found: list[Trigger] = []
    for index, (start, end) in enumerate(doc.sentences):
        sentence = doc.text[start:end]
        for match in _HELD.finditer(sentence):
            holders = actors.find(match.group("holder"))
            if holders:
                found.append(Trigger(start + match.start(), start + match.end(), "position", "position",
                                     holders[0].actor.name))
        if not any(map(_placeable, doc.in_sentence("mentions", index))) and not _cues(doc, "anaphora", start, end):
            continue
        trigger = _trigger(sentence)
        if trigger is not None:
            event_type, kind, at, stop = trigger
            found.append(Trigger(start + at, start + stop, event_type, kind))
    doc.set_layer("triggers", found)
    return doc


def _when(date: DateRef | None) -> dict:
    """A record's date fields from a date expression, or none."""
    return dict(event_date=date.date.isoformat() if date else None, date_precision=date.precision if date else "unknown")


def _count(phrase: str) -> int | None:
    """The number of items an asset phrase states ("at least four fighter jets": 4)."""
    for word in phrase.lower().split():
        if word.isdigit():
            return int(word)
        if word in _NUMBERS:
            return _NUMBERS[word]
    return None


def _actors_in(doc: Document, start: int, end: int) -> list[ActorMention]:
    """The actors named in [start, end) that can act: no civilians, and no mention the
    document leaves ambiguous ("Syrian or Russian warplanes", a bare "the coalition")."""
    return [a for a in doc.between("actors", start, end) if a.actor.kind != "civilians" and not a.ambiguous]


def _subject(doc: Document, trigger_start: int, named: list[ActorMention], sentence_start: int) -> str | None:
    """The actor named last before the trigger, skipping appositives ("Russia, a staunch
    ally of Syria's Assad, has sent") and negated subjects ("ISIL is not in Homs")."""
    asides = [(c.start, c.end) for c in _cues(doc, "appositive", sentence_start, trigger_start)
              if c.end <= trigger_start]  # sorted, disjoint
    aside_starts = [s for s, _ in asides]
    for mention in reversed([a for a in named if a.start < trigger_start]):
        index = bisect.bisect_right(aside_starts, mention.start) - 1
        if index >= 0 and mention.start < asides[index][1]:
            continue
        if _cues(doc, "negated", mention.end, mention.end + 1):
            continue
        return mention.actor.name
    return None


def _bears_on(doc: Document, kind: str, sentence_start: int, at: int) -> bool:
    """True when a modal or subject cue of the sentence, before document offset ``at``, still
    bears on it ("would strike", "the fighters are in")."""
    return any(cue.end <= at <= cue.reach for cue in _cues(doc, kind, sentence_start, at))


def _record(kind: str, event_type: str, place: Mention | Record, source: Source, **extra) -> Record:
    """A record at a place mention, or at the place of an earlier record."""
    if isinstance(place, Record):
        where = dict(place=place.place, place_id=place.place_id, geo_precision=place.geo_precision,
                     country=place.country, lat=place.lat, lon=place.lon,
                     place_confidence=place.place_confidence, admin1=place.admin1)
    elif place.facility is not None:  # "the airfield near Latakia": the base itself
        site = place.facility
        where = dict(place=site.name, place_id=site.id, geo_precision="site", country=site.country,
                     lat=site.lat, lon=site.lon, place_confidence=place.confidence, admin1=place.admin1)
    else:
        where = dict(place=place.name, place_id=place.place_id, geo_precision=place.feature,
                     country=place.country, lat=place.lat, lon=place.lon,
                     place_confidence=place.confidence, admin1=place.admin1)
    if isinstance(place, Mention) and source.start <= place.start < place.end <= source.end:
        source = replace(source, place_start=place.start, place_end=place.end)
    defaults = dict(actor=None, actor2=None, event_date=None, date_precision="unknown")
    return Record(kind=kind, event_type=event_type, sources=[source], **(defaults | where | extra))


def _held_positions(doc: Document, end: int, held: list[Trigger], source: Source, when: dict) -> list[Record]:
    """Positions from "opposition-held areas of Homs", "Russia-controlled parts of Ukraine":
    the places of the sentence (ending at ``end``) within 60 characters after each phrase."""
    records = []
    for trigger in held:
        for place in doc.between("mentions", trigger.end, min(trigger.end + 60, end)):
            if place.resolved and not place.demonym and not place.metonymic:
                records.append(_record("position", "position", _drawn_at(doc, place), source, actor=trigger.holder,
                                       **when))
    return records


def extract_records(doc: Document) -> list[Record]:
    """Events, assets and positions of one report, one per sentence and place, from the
    document's sentences and its mentions, dates, actors, links, cues and triggers layers."""
    report, text = doc.report, doc.text
    published = report.published.isoformat() if report.published else None
    records: list[Record] = []
    last_group: str | None = None
    last_attack: tuple[Record, int] | None = None  # the latest strike or attack, and its paragraph number
    carried: DateRef | None = None  # the date the paragraph has told last ("On 9 May ...")
    for index, ((start, end), paragraph) in enumerate(zip(doc.sentences, doc.paragraphs)):
        in_sentence = doc.in_sentence("mentions", index)
        named = _actors_in(doc, start, end)
        triggers = doc.in_sentence("triggers", index)
        source = Source(report.id, report.title, report.outlet, report.url, published, text[start:end], start, end)
        if index and paragraph != doc.paragraphs[index - 1]:
            carried = None  # a date is carried within its paragraph only: a new one may tell another day
        dates = doc.in_sentence("dates", index)
        trigger_at = next((t.start for t in triggers if t.holder is None), start)
        date = event_date(dates, trigger_at, carried)  # the date nearest the trigger, else the paragraph's
        own = event_date(dates, trigger_at, None)  # a position is a state: only its own sentence dates it
        carried = carry(carried, dates, published=report.published)
        when = _when(date)
        previous = records[-1] if records else None
        records.extend(_held_positions(doc, end, [t for t in triggers if t.holder is not None], source, _when(own)))
        for candidate in named:
            if candidate.actor.kind in ("armed group", "rebels"):
                last_group = candidate.actor.name
        fatal = next(iter(_cues(doc, "figure", start, end)), None)
        if fatal and last_attack and not _place_for(doc, start, in_sentence) and _figure_follows(
                doc, start, end, paragraph, last_attack, records):
            last_attack[0].sources.append(replace(source, fatalities=fatal.text))
            continue
        points_back = previous is not None and bool(_cues(doc, "anaphora", start, end))
        if not any(map(_placeable, in_sentence)) and not points_back:
            continue  # no place a record could have: no need to look for a trigger
        trigger = next((t for t in triggers if t.holder is None), None)
        if trigger is None:
            continue
        event_type, kind, at, after = trigger.event_type, trigger.kind, trigger.start, trigger.end
        if kind in ("position", "event") and any(c.end <= after for c in _cues(doc, "negation", max(start, at - 12), after)):
            continue  # "did not strike", "no casualties", "ISIL is not in Homs": not something that happened
        if kind == "event" and _bears_on(doc, "modal", start, at):
            continue  # "would strike", "won't rule out": not something that happened
        if kind == "position" and not (_bears_on(doc, "subject", start, at) or _actors_in(doc, start, at)):
            continue
        places: list[Mention | Record] = list(_place_for(doc, after, in_sentence))
        if event_type == "meeting/talks":  # the place must follow the meeting word closely
            places = [m for m in places if 0 <= m.start - after <= 40]
        if not places and points_back:
            places = [previous]  # "to the airfield": the place of the record before
        if not places:
            continue
        actor_name = _subject(doc, at, named, start)
        if last_group and any(c.end <= at for c in _cues(doc, "group", start, at)):
            actor_name = last_group
        # "Syrian or Russian warplanes struck": the report does not say who; no one is assumed.
        unsaid = any(a.ambiguous for a in doc.between("actors", start, at))
        if actor_name is None and previous is not None and not unsaid:
            actor_name = previous.actor
        if actor_name is None and named and not unsaid:
            actor_name = named[0].actor.name
        second = next((a.actor.name for a in named if a.start >= after and a.actor.name != actor_name), None)
        extra = dict(actor=actor_name, actor2=second, **(_when(own) if kind == "position" else when))
        if kind == "asset":
            asset = next(iter(_cues(doc, "asset", start, end)), None)
            extra |= dict(asset=asset.value.lower(), count=_count(asset.text)) if asset else {}
        if event_type in ("air strike", "attack/shelling", "casualty report") and fatal:
            source = replace(source, fatalities=fatal.text)
        if event_type == "transit" and places and isinstance(places[0], Mention):
            origin, passage, destination = _route(doc, [p for p in places if isinstance(p, Mention)])
            # Drawn on the passage ("through the Bosphorus"), else on the destination.
            places = [passage or destination or origin or places[0]]
            extra |= dict(origin=_end(origin if origin is not places[0] else None),
                          destination=_end(destination if destination is not places[0] else None))
        if kind == "position":  # every place listed after "is concentrated in"
            targets = [m for m in in_sentence if m.start >= at and _placeable(m)] or places[:1]
        else:
            targets = places[:1]
        records.extend(_record(kind, event_type, _drawn_at(doc, place) if isinstance(place, Mention) else place,
                               source, **extra) for place in targets)
        if event_type in ("air strike", "attack/shelling"):
            last_attack = (records[-1], paragraph)
    return _unique(records)


def _figure_follows(doc: Document, start: int, end: int, paragraph: int, last_attack: tuple[Record, int],
                    records: list[Record]) -> bool:
    """True when a casualty figure that names no place of its own belongs to the latest
    strike or attack: no other event has been told since it (a meeting, a shoot-down, a
    toll at another place start a new account), and either the sentence points back at it
    ("The Russian airstrikes killed ...", any distance later in the report) or it goes on
    with its account, in the strike's paragraph or the one right after ("The activist
    claimed 32 civilian deaths")."""
    strike, strike_paragraph = last_attack
    if _cues(doc, "cumulative", start, end):  # "more than 500,000 people have been killed since 2011"
        return False
    latest_event = next((r for r in reversed(records) if r.kind == "event"), None)
    if latest_event is not strike:
        return False
    return bool(_cues(doc, "definite", start, end)) or paragraph - strike_paragraph <= 1


def _unique(records: list[Record]) -> list[Record]:
    """Drop repeats of the same kind, actor and place from the same sentence."""
    seen, kept = set(), []
    for record in records:
        key = (record.kind, record.actor, record.place_id, record.sources[0].start)
        if key not in seen:
            seen.add(key)
            kept.append(record)
    return kept
