"""Stage 3: events, assets and positions from the sentences of a report.

Owns ``Trigger`` and the document's triggers layer (``mark_triggers``, the one component here
that reads the text). ``extract_records`` reads a ``geo.extract.document.Document``: its
sentences and paragraphs, and the place mentions, offsets, dates, actors, links, cues and
triggers each sentence holds, found by offset range; it never searches the text (the
prepositions, figures, modal words and asides it weighs are ``geo.extract.cues``' layers).

Each sentence is read on its own. A trigger phrase from ``TRIGGERS`` gives
the record's kind and type; the actor (who did it) and actor2 (the target, or
the other side of a clash) are read by voice and prepositions around the
trigger (``geo.extract.roles``: "X killed Y", "Y were killed by X", "clashes
between X and Y"), the actor told before only when the sentence points back
("the group", "they"), and no one when it names alternatives ("Syrian or
Russian warplanes"); the place is the
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

Types. Events take ACLED's ``event_type`` and ``sub_event_type`` (``geo.extract.vocabulary``);
the words that say each are found by lemma (``geo.extract.triggers``). Assets and positions
keep their own types, with no sub-event type:

========================== ========================================= ==========================================
event_type                 sub_event_type                            said by (any form of the words)
========================== ========================================= ==========================================
Battles                    Armed clash                               clashes, fighting, an ambush, attacked or
                                                                     opened fire on armed men; deaths of soldiers
                                                                     or of unnamed victims; shot down an aircraft
Battles                    Government regains territory              recaptured, retook, liberated a place; captured
                                                                     by a state's forces
Battles                    Non-state actor overtakes territory       captured, seized, overran, took control of a
                                                                     place (not by a state's forces)
Explosions/Remote violence Air/drone strike                          air strikes, raids or bombs with aircraft named
Explosions/Remote violence Shelling/artillery/missile attack         shelling, mortars, rockets, artillery, missiles
Explosions/Remote violence Remote explosive/landmine/IED             a roadside or car bomb, an IED, a landmine, an
                                                                     explosion or blast
Explosions/Remote violence Suicide bomb                              a suicide bomber, attack or vest
Explosions/Remote violence Grenade                                   a grenade
Violence against civilians Attack                                    killed, shot, attacked, assassinated civilians
                                                                     (villagers, worshippers, a judge, five people)
Violence against civilians Abduction/forced disappearance            abducted, kidnapped, taken hostage
Protests                   Peaceful / with intervention /            protesters, a demonstration, a rally, a march;
                           Excessive force against protesters        dispersed or tear gas; shot or killed
Riots                      Violent demonstration / Mob violence      rioters, protesters who clash or burn; a mob,
                                                                     a lynching
Strategic developments     Arrests / Agreement / Disrupted weapons   arrested, detained; agreed, a ceasefire; a
                           use / Headquarters or base established /  drone shot down, a bomb defused, weapons
                           Looting/property destruction /            seized; a base set up; looted, burned
                           Non-violent transfer of territory / Other houses, stolen cattle; withdrew from,
                                                                     handed over; met, talks
deployment (asset)         —                                         forces or equipment moved to or present at a place
transit (asset)            —                                         forces or equipment passing through a place
position (position)        —                                         where an actor is said to be
========================== ========================================= ==========================================

A death toll with no other word for what happened ("three soldiers were killed in Kidal",
the old "casualty report") is an armed clash, or an attack on civilians when its victims are
civilians: ACLED codes killings by unnamed armed men of civilians as violence against civilians
and of state forces as battles. A manned aircraft shot down is a battle between two armed
forces; a drone or missile shot down or intercepted, disrupted weapons use. A torched house is
looting/property destruction unless rioters, a mob or a crowd did it (riots).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

from ..analysis.distances import geodesic_m
from .attribution import UNNAMED, claimant, told_dates
from .actors import ActorLexicon, ActorMention
from .cues import ASSET_NOUNS, Cue
from ..frame import Record, Source
from .sentence import WORD, asset_pattern, lemmas
from .triggers import lemma_triggers
from . import triggerwords as w, vocabulary as v
from ..text.dates import DateRef, carry, event_date
from .places import Mention
from .relative import anchored, as_mention
from .roles import read_roles

if TYPE_CHECKING:
    from ..gazetteer.sources import Place
    from .document import Document

__all__ = ["Source", "Record", "Trigger", "TRIGGERS", "mark_triggers", "extract_records"]

# (type, kind, pattern) of assets and positions; events are found by lemma (``geo.extract.triggers``).
# A sentence's trigger is the first of: a shoot-down, an act of violence, a protest or riot, a
# transit, a position, a death toll, a deployment, a strategic development.
TRIGGERS: list[tuple[str, str, re.Pattern[str]]] = [
    ("transit", "asset", asset_pattern("transit")),
    ("position", "position", re.compile(
        r"\b(?:is|are|was|were|remain|remains)\s+(?:mostly\s+|largely\s+|heavily\s+)?"
        r"(?:concentrated|based|entrenched|present|positioned|located|dug in|holed up)\s+(?:in|around|near|at)\b"
        # the verb in lower case or capitalised, never "IS" (Islamic State: "joining IS in Raqqa")
        r"|\b(?-i:are|is|Are|Is)\s+in\b"
        # "militants were spotted 30 miles south of Baidoa", "troops are massing near the border"
        r"|\b(?-i:is|are|was|were|Is|Are|Was|Were)\s+(?:reportedly\s+|now\s+)?(?:spotted|seen|sighted|massing|amassing|gathering)\b",
        re.I)),
    ("deployment", "asset", asset_pattern("deployment")),
]
# The order in which a sentence's triggers win: the ranks of ``geo.extract.triggers`` and the patterns.
_PATTERNS = {name: (kind, pattern) for name, kind, pattern in TRIGGERS}
_STEPS = ("first", "violence", "toll", "transit", "position", "deployment", "development")

# "attack helicopters" is no attack: the asset nouns are masked before looking for triggers.
_ASSET_WORDS = re.compile(r"\b(?:" + ASSET_NOUNS + r")\b", re.I)
_HELD = re.compile(r"\b(?P<holder>[\w.]+)-(?:held|controlled)\s+(?:areas?|parts?|territor(?:y|ies)|towns?|neighbou?rhoods?)\b", re.I)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_FAR_OFF_KM = 1000.0
# Words of meeting and agreeing, whose place follows them closely ("met in Geneva"); a patrol or a
# release may name its places further on ("a joint patrol ... from Turnabah to Nayrab").
_MEETING = re.compile(r"meet|met\b|talk|summit|conference|negotiat|agree|ceasefire|truce|accord|treat", re.I)
_GEO_RANK = {"site": 0, "water": 0, "town": 1, "district": 2, "province": 3, "region": 4, "country": 5}
# After a town's name, a word that makes the mention a district: "in Biu LGA", "Sangin district"
_HELD_KM = 50.0  # a place this near a district the text names lies in it
_DISTRICT_AFTER = re.compile(r"\s+(?:LGA|district|sub-?district|county|township|tehsil|taluka|municipality|woreda|cercle|"
                             r"commune|locality|raion|rayon|subcounty|sub-county)\b", re.I)


def _cues(doc: Document, kind: str, start: int, end: int) -> list[Cue]:
    """The cues of ``kind`` that start in [start, end)."""
    return [cue for cue in doc.between("cues", start, end) if cue.kind == kind]


def _roles(doc: Document, mention: Mention) -> frozenset[str]:
    """The prepositions that tie a place mention to its sentence (the links layer)."""
    link = doc.between("links", mention.start, mention.start + 1)
    return link[0].roles if link else frozenset()


def _place_for(doc: Document, trigger_end: int, mentions: Sequence[Mention], far: frozenset[int], *,
               going: bool = True) -> list[Mention]:
    """The places a sentence ties to its trigger (ending at document offset ``trigger_end``),
    best first.

    Only places introduced by a preposition or a distance and bearing count: "U.S.
    officials" names no place, "to Syria" and "14 km north of Manbij" do. Demonyms and
    metonyms never count, nor the mentions of ``far`` (``_far_off``: unresolved rather than
    on another continent); with ``going`` false, nor where someone is going ("forced the
    truck to return in the direction of Ouagadougou": the event is not there).
    """
    usable = [m for m in mentions if _placeable(m) and id(m) not in far
              and ("link" in _roles(doc, m) or anchored(doc, m) is not None)
              and (going or "heading" not in _roles(doc, m))]

    def rank(mention: Mention) -> tuple[int, bool, int]:
        after_trigger = 0 if mention.start >= trigger_end else 1
        feature = mention.feature or ""
        if feature == "town" and id(mention) in holding:
            feature = "district"  # "around Alagarno Forest, in Biu LGA (Borno)": the forest before the LGA
        # a place the text puts in an area ("Aqi Bai village of Imam Sahib district") before one it does not
        return (_GEO_RANK.get(feature, 6), mention.context is None, after_trigger)

    holding = _holding_districts(doc.text, usable)

    return sorted(usable, key=rank)


def _holding_districts(text: str, places: Sequence[Mention]) -> frozenset[int]:
    """The ids of the town mentions the text calls a district ("Biu LGA", "Sangin district")
    that another town or site of ``places`` lies within 50 km of: the finer place is the
    event's, the district only holds it. A district with no such place nearby stays a town
    ("in Nawabad village of Imam Sahib district" with Nawabad read 190 km away)."""
    held = set()
    for mention in places:
        if mention.feature != "town" or not _DISTRICT_AFTER.match(text, mention.end):
            continue
        finer = [m for m in places if m is not mention and m.feature in ("town", "site") and m.place_id != mention.place_id]
        if finer and min(float(geodesic_m(mention.lon, mention.lat, m.lon, m.lat)) for m in finer) <= _HELD_KM * 1000:
            held.add(id(mention))
    return frozenset(held)


def _far_off(doc: Document) -> frozenset[int]:
    """The ids of the report's mentions more than ``_FAR_OFF_KM`` from every other place of the
    report below country level (at least two others), in a country the report names nowhere
    else: a reading that landed alone on another continent ("the Aley town of", read as Aléy in
    Niger, beside villages of Lebanon) is no place for an event. Read once per report."""
    placeable = [m for m in doc.mentions if _placeable(m)]
    others = [m for m in placeable if m.feature not in ("country", "region", "water")]
    ids = {m.place_id for m in others}
    if len(ids) < 3:
        return frozenset()  # a candidate needs two other places: one says too little ("near Mosul ... Washington")
    named = Counter(m.country for m in placeable if m.country)
    lon = np.array([m.lon for m in others], dtype=float)
    lat = np.array([m.lat for m in others], dtype=float)
    place_ids = np.array([m.place_id for m in others], dtype=object)
    far = set()
    for mention in others:  # a sea's or a country's point is the middle of a large area ("to the Mediterranean")
        if named[mention.country] > 1 or len(ids - {mention.place_id}) < 2:
            continue  # the report names its country otherwise ("Latakia" in a report on Syria told from Washington)
        apart = geodesic_m(mention.lon, mention.lat, lon, lat)[place_ids != mention.place_id]
        if apart.min() > _FAR_OFF_KM * 1000:
            far.add(id(mention))
    return frozenset(far)


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
    """Where a sentence says what happened: its first trigger by ``_STEPS`` (``holder``
    None), or an "X-held areas" phrase whose X is an actor (``holder`` that actor's name).
    Offsets are the document's. ``rank`` is the step that found it ("violence", "toll" ...)."""

    start: int
    end: int
    event_type: str
    kind: str
    holder: str | None = None
    sub_event_type: str | None = None
    rank: str = ""


def _trigger(sentence: str, people: frozenset[int] = frozenset()) -> tuple[str, str | None, str, int, int, str] | None:
    """The trigger of a sentence: (event type, sub-event type, kind, start, end, step) in its
    offsets. Steps are tried in ``_STEPS``' order: an event by the lemma of a word and the words
    around it (``geo.extract.triggers``: "bombarded", "detonated", "car bomb", "kidnapped"), an
    asset or position by its pattern. ``people``: ``_nationals``."""
    masked = _ASSET_WORDS.sub(lambda m: " " * len(m.group(0)), sentence)  # "attack helicopters" is no attack
    by_lemma = lemma_triggers(sentence, masked, people)
    for step in _STEPS:
        if step in by_lemma:
            sub, start, end = by_lemma[step]
            return v.event_type_of(sub), sub, "event", start, end, step
        pattern = _PATTERNS.get(step)
        if pattern is not None:
            kind, regex = pattern
            match = regex.search(sentence if kind == "asset" else masked)
            if match:
                return step, None, kind, match.start(), match.end(), step
    return None


# How far a crowd event has gone: a protest told, then broken up, then met with deadly force, or
# turned violent by the crowd itself (ACLED: the protest that turns violent is a riot).
_CROWD_STEPS = {v.PEACEFUL: 0, v.INTERVENTION: 1, v.VIOLENT_DEMONSTRATION: 2, v.EXCESSIVE: 2}


# The acts that carry a protest on in the next sentence: stones thrown, the crowd broken up,
# shots fired at it. Not "stop" ("the quarantine implemented to stop the spread") nor the noun
# "riots" of a sentence on what came before ("after the intense protests and riots").
_ESCALATING = frozenset({"throw", "pelt", "hurl", "respond", "retaliate", "torch", "vandalize", "vandalise", "smash",
                         "disperse", "teargas", "tear-gas", "gas", "cannon", "baton", "shoot", "fire"})


def _sentence_lemmas(sentence: str) -> frozenset[str]:
    return frozenset().union(*(lemmas(m.group(0)) for m in WORD.finditer(sentence)))


def _escalated(told: Trigger, following: tuple | None) -> Trigger:
    """The crowd event ``told`` as the next sentence of its story carries it on: "Protesters
    marched through Valparaiso. Later, demonstrators threw stones at the police" is one violent
    demonstration, not a peaceful protest and another event; ``following`` is that sentence's
    own trigger (``_trigger``), which makes no record of its own."""
    if following is None or following[2] != "event" or following[1] not in _CROWD_STEPS:
        return told
    if _CROWD_STEPS[following[1]] <= _CROWD_STEPS[told.sub_event_type]:
        return told
    return replace(told, event_type=following[0], sub_event_type=following[1])


def _placeable(mention: Mention) -> bool:
    """True when an event could be drawn at the mention: a resolved place named as a place."""
    return mention.resolved and not mention.demonym and not mention.metonymic


def mark_triggers(doc: Document, actors: ActorLexicon) -> Document:
    """The triggers layer of a document: in each sentence, its "X-held" phrases whose X is
    an actor of ``actors``, and the first match of ``TRIGGERS`` when the sentence could
    place a record (it names a place of the mentions layer, set before, or points back at
    one: "the airfield", or it says who and when: ``report_area``); the other sentences are
    not searched, for speed."""
    found: list[Trigger] = []
    told = False  # whether the sentence before told an event of its own: then it sets no scene (``_setting``)
    for index, (start, end) in enumerate(doc.sentences):
        sentence = doc.text[start:end]
        for match in _HELD.finditer(sentence):
            holders = actors.find(match.group("holder"))
            if holders:
                found.append(Trigger(start + match.start(), start + match.end(), "position", "position",
                                     holders[0].actor.name))
        if (not any(map(_placeable, doc.in_sentence("mentions", index))) and not _cues(doc, "anaphora", start, end)
                and not (doc.in_sentence("dates", index) and doc.in_sentence("actors", index))
                and (told or not _after_setting(doc, index))):
            if told and found and found[-1].sub_event_type in _CROWD_STEPS and _ESCALATING & _sentence_lemmas(sentence):
                found[-1] = _escalated(found[-1], _trigger(sentence, _nationals(doc, index)))
            told = False
            continue  # no place, no pointing back, not who and when (an event put at the report's area), no scene before
        trigger = _trigger(sentence, _nationals(doc, index))
        told = trigger is not None
        if trigger is not None:
            event_type, sub, kind, at, stop, step = trigger
            found.append(Trigger(start + at, start + stop, event_type, kind, sub_event_type=sub, rank=step))
    doc.set_layer("triggers", found)
    return doc


# After a demonym that names a person: the end of a phrase, not a noun ("a Palestinian man" is read by "man")
_PERSON_ENDS = re.compile(r"\s*(?:[,.;:)]|$|(?:in|at|near|on|and|who|from|was|were|had|has|as|while|after|when)\b)")
_PERSON_BEFORE = re.compile(r"\b(?:a|an|the|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+$", re.I)


def _nationals(doc: Document, index: int) -> frozenset[int]:
    """The offsets, in sentence ``index``, of the demonyms that name a person ("Israeli forces
    shot a Palestinian near Jenin", "two Afghans were killed"): after an article or a number,
    before the end of the phrase."""
    start, end = doc.sentences[index]
    return frozenset(m.start - start for m in doc.in_sentence("mentions", index)
                     if m.demonym and _PERSON_BEFORE.search(doc.text, max(start, m.start - 8), m.start)
                     and _PERSON_ENDS.match(doc.text, m.end, end))


def _after_setting(doc: Document, index: int) -> bool:
    """True when the sentence before ``index``, in its paragraph, names a place a record could be
    drawn at: it may set the scene the sentence's event happened in (``_setting``)."""
    return (index > 0 and doc.paragraphs[index] == doc.paragraphs[index - 1]
            and any(map(_placeable, doc.in_sentence("mentions", index - 1))))


def _setting(doc: Document, index: int, records: Sequence[Record], far: frozenset[int]) -> Mention | None:
    """The place the sentence before ``index`` sets the scene at, for an event its own sentence
    places nowhere: "On 2 May, in Sao Goncalo, police carried out an operation in the Guaxa
    community. A shoot-out broke out ..."; "Gunmen stormed a village in Zamfara state on
    Sunday. Eleven people were abducted." The sentence before must be of the same paragraph,
    tie a place to its action, and have told no record of its own (else its record is the
    event the next sentence goes on about)."""
    if not _after_setting(doc, index):
        return None
    start, end = doc.sentences[index - 1]
    if any(source.start == start for record in records for source in record.sources):
        return None
    places = _place_for(doc, end, doc.in_sentence("mentions", index - 1), far, going=False)
    return places[0] if places else None


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


def extract_records(doc: Document, *, country_place: Callable[[str], Place | None] | None = None) -> list[Record]:
    """Events, assets and positions of one report, one per sentence and place, from the
    document's sentences and its mentions, dates, actors, links, cues and triggers layers.
    An event whose sentence names no place ("Turkey shot down a Russian fighter jet") is put at
    the report's area (``report_area``: where its other events happened), read once they all are;
    ``country_place`` gives a country's place by its code when the report does not name it."""
    unplaced: list[int] = []
    far = _far_off(doc)
    records = _records(doc, None, unplaced, far)
    if unplaced:
        records = _records(doc, report_area(doc, records, country_place), [], far)
    return _coarse_repeats(_turned_violent(doc, records))


_COARSE = frozenset({"country", "region", "report"})


def _coarse_repeats(records: list[Record]) -> list[Record]:
    """Events a report tells twice, once coarsely and once at a place: the coarse one ("Turkey
    has shelled a city in northeastern Syria", at Syria; a headline "Soldier killed in Syria")
    becomes a source of the finer one ("Turkey fired on Qamishli", at Qamishli) when the two
    are of the same event type, in the same country, on compatible dates (a day apart at most,
    or one undated) and by the same actor (or the coarse one's unnamed: a record that names
    its actor is never lent to another). The finer record keeps its place, actor and date,
    and takes the coarse one's date when it has none."""
    fine = [r for r in records if r.kind == "event" and r.geo_precision not in _COARSE]
    merged: dict[int, Record] = {}  # id of a finer record -> it with the coarse ones' sources
    dropped: set[int] = set()
    for record in records:
        if record.kind != "event" or record.geo_precision not in _COARSE:
            continue
        match = next((r for r in fine if r.event_type == record.event_type and r.country == record.country
                      and _days_apart(r.event_date, record.event_date) <= 1
                      and record.actor in (None, r.actor)), None)
        if match is None:
            continue
        done = merged.get(id(match), match)
        merged[id(match)] = replace(done, event_date=done.event_date or record.event_date,
                                    date_precision=done.date_precision if done.event_date else record.date_precision,
                                    sources=[*done.sources, *record.sources])
        dropped.add(id(record))
    return [merged.get(id(r), r) for r in records if id(r) not in dropped]


def _days_apart(first: str | None, second: str | None) -> int:
    """Days between two ISO dates; 0 when either is missing."""
    if not first or not second:
        return 0
    return abs((date.fromisoformat(first[:10]) - date.fromisoformat(second[:10])).days)


_WORD = re.compile(r"[A-Za-z][\w'’-]*")
# a sentence about another time ("after the riots in the prisons in the previous week")
_BEFORE_THEN = re.compile(r"\b(?:previous|earlier|last (?:week|month|year)|since|before|ago|history)\b", re.I)


def _turned_violent(doc: Document, records: list[Record]) -> list[Record]:
    """A protest the next sentence of its paragraph goes on to tell violence of, with no
    record of its own ("Prisoners demonstrated over a search of their cells. Chairs were
    burnt and property destroyed."; "... Rioters pelted stones"): a violent demonstration; not
    when that sentence tells another time ("after the riots of the previous week")."""
    told = {r.sources[0].start for r in records}
    starts = [start for start, _ in doc.sentences]
    turned = []
    for record in records:
        if record.kind == "event" and record.sub_event_type in (v.PEACEFUL, v.INTERVENTION):
            index = starts.index(record.sources[0].start) if record.sources[0].start in starts else -1
            following = index + 1 if 0 <= index < len(starts) - 1 else None
            if (following is not None and doc.paragraphs[following] == doc.paragraphs[index]
                    and starts[following] not in told):
                start, end = doc.sentences[following]
                words = frozenset().union(*(lemmas(word) for word in _WORD.findall(doc.text[start:end])))
                if words & w.TURNED_VIOLENT and not _BEFORE_THEN.search(doc.text, start, end):
                    record = replace(record, event_type=v.RIOTS, sub_event_type=v.VIOLENT_DEMONSTRATION)
        turned.append(record)
    return turned


def _records(doc: Document, area: Mention | None, unplaced: list[int], far: frozenset[int]) -> list[Record]:
    """``extract_records`` with the report's area given (``area``), or None; the sentences
    that would have been put there are added to ``unplaced``; ``far``: ``_far_off``."""
    report, text = doc.report, doc.text
    published = report.published.isoformat() if report.published else None
    records: list[Record] = []
    last_group: str | None = None
    last_attack: tuple[Record, int] | None = None  # the latest strike or attack, and its paragraph number
    last_violent: tuple[Record, int] | None = None  # the latest violent event, a toll too
    carried: DateRef | None = None  # the date the paragraph has told last ("On 9 May ...")
    for index, ((start, end), paragraph) in enumerate(zip(doc.sentences, doc.paragraphs)):
        in_sentence = doc.in_sentence("mentions", index)
        named = _actors_in(doc, start, end)
        triggers = doc.in_sentence("triggers", index)
        source = Source(report.id, report.title, report.outlet, report.url, published, text[start:end], start, end)
        if index and paragraph != doc.paragraphs[index - 1]:
            carried = None  # a date is carried within its paragraph only: a new one may tell another day
        trigger_at = next((t.start for t in triggers if t.holder is None), start)
        dates, said_on = told_dates(doc, index)
        # the date nearest the trigger, else a statement's, else the paragraph's; a position is a
        # state: only its own sentence dates it
        own = event_date(dates, trigger_at, None) or said_on
        date = own or carried
        carried = carry(carried, doc.in_sentence("dates", index), published=report.published)
        when = _when(date)
        previous = records[-1] if records else None
        records.extend(_held_positions(doc, end, [t for t in triggers if t.holder is not None], source, _when(own)))
        for candidate in named:
            if candidate.actor.kind in ("armed group", "rebels"):
                last_group = candidate.actor.name
        fatal = next(iter(_cues(doc, "figure", start, end)), None)
        if fatal and last_attack and not _place_for(doc, start, in_sentence, far) and _figure_follows(
                doc, start, end, paragraph, last_attack, records):
            last_attack[0].sources.append(replace(source, fatalities=fatal.text))
            continue
        claimer = claimant(doc, start, end, named)
        if (claimer and last_violent and paragraph - last_violent[1] <= 1
                and not _place_for(doc, start, in_sentence, far)):
            # "Al-Shabaab claimed responsibility for the attack": the doer of the attack told before
            # when it was left unnamed ("a suicide bomber", "gunmen")
            done = last_violent[0]
            if done.actor is None or UNNAMED.fullmatch(done.actor):
                claimed = replace(done, actor=claimer, actor2=done.actor2 if done.actor2 != claimer else None)
                records[records.index(done)] = claimed
                if last_attack and last_attack[0] is done:
                    last_attack = (claimed, last_attack[1])
                last_violent = (claimed, last_violent[1])
            continue
        points_back = previous is not None and bool(_cues(doc, "anaphora", start, end))
        if (not any(map(_placeable, in_sentence)) and not points_back and not (named and triggers)
                and not (triggers and _after_setting(doc, index))):
            continue  # no place a record could have, no actor, no scene set before: no need to look for a trigger
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
        places: list[Mention | Record] = list(_place_for(doc, after, in_sentence, far, going=kind != "event"))
        if trigger.sub_event_type in (v.OTHER, v.AGREEMENT) and _MEETING.match(text, at):
            places = [m for m in places if 0 <= m.start - after <= 40]  # the place must follow the meeting word closely
        if not places and points_back:
            places = [previous]  # "to the airfield": the place of the record before
        scene_actor = None  # who the scene's sentence names: "Police went to a hideout. A gunfight broke out"
        if not places and kind == "event":
            scene = _setting(doc, index, records, far)  # "... in the Guaxa community. A shoot-out broke out"
            places = [scene] if scene is not None else []
            if scene is not None:
                scene_actor = next((a.actor.name for a in _actors_in(doc, *doc.sentences[index - 1])), None)
        if (not places and kind == "event" and trigger.rank in ("first", "violence") and named and own is not None
                and read_roles(doc, (start, end), (at, after), doc.in_sentence("actors", index)).agent):
            # "Turkey shot down a Russian fighter jet on Tuesday": no place said, but who did it and when;
            # the report's area, marked so ("the fight against IS", "after news of the strikes broke,
            # Carter spoke on Wednesday": no incident of its own)
            unplaced.append(index)
            places = [area] if area is not None else []
        if not places:
            continue
        # Who did it and to whom (geo.extract.roles); "Syrian or Russian warplanes" leaves it unsaid,
        # and an actor told before is taken only when the sentence points back ("the group", "they").
        roles = read_roles(doc, (start, end), (at, after), doc.in_sentence("actors", index))
        actor_name, second = roles.agent, roles.target
        if roles.refers_back:
            told = next((r.actor for r in reversed(records) if r.actor), None)  # the actor named last
            actor_name = (last_group or told) if roles.refers_back == "group" else (told or last_group)
            second = second if second != actor_name else None
        if actor_name is None and scene_actor is not None and not roles.refers_back:
            actor_name, second = scene_actor, (second if second != scene_actor else None)
        extra = dict(actor=actor_name, actor2=second, **(_when(own) if kind == "position" else when))
        if kind == "event":
            where = places[0].country if places and isinstance(places[0], Mention) else None
            sub = _by_whom(_territory(trigger.sub_event_type, actor_name, named, where), actor_name, named)
            extra |= dict(sub_event_type=sub)
            event_type = v.event_type_of(sub) if sub else event_type
        if kind == "asset":
            asset = next(iter(_cues(doc, "asset", start, end)), None)
            extra |= dict(asset=asset.value.lower(), count=_count(asset.text)) if asset else {}
        if kind == "event" and event_type != v.STRATEGIC and fatal:
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
        if trigger.rank == "violence" and event_type in v.VIOLENT_TYPES and records[-1].geo_precision != "report":
            last_attack = (records[-1], paragraph)  # a strike or an attack, not a toll, and placed
        if kind == "event" and event_type in v.VIOLENT_TYPES and records and records[-1].kind == "event":
            last_violent = (records[-1], paragraph)  # a toll too ("gunmen killed nine"), for a claim after it
    return _unique(records)


def report_area(doc: Document, records: Sequence[Record] = (),
                country_place: Callable[[str], Place | None] | None = None) -> Mention | None:
    """Where a report is, for an event whose sentence names no place: the country most of the
    events told before (``records``) happened in; else the province most of its places lie in
    (at least half of them) when the report names that province; else the country most of its
    towns and provinces lie in (of its countries named after "in" when it names no town); at
    that country's mention, else its most named province; as a place of precision ``report``
    (id ``report:<the area's id>``), so that the record says it is located to the report only.
    None when the report names neither."""
    usable = [m for m in doc.mentions if _placeable(m)]
    local = [m for m in usable if m.feature != "country"]  # a country named is as often an actor's ("Russia said")
    divisions = Counter(m.admin1 for m in local if m.admin1)
    provinces = {m.admin1: m for m in local if m.feature == "province" and m.admin1}
    chosen = None
    if divisions:
        code, count = divisions.most_common(1)[0]
        if count * 2 >= sum(divisions.values()) and code in provinces:
            chosen = provinces[code]
    placed = Counter(r.country for r in records if r.kind == "event" and r.country and r.geo_precision != "report"
                     and r.event_type != v.STRATEGIC)  # where the fighting is, not where the talks were
    countries = placed or Counter(m.country for m in local if m.country) or Counter(
        m.country for m in usable if m.country and "link" in _roles(doc, m))  # "in Syria"
    if placed:
        chosen = None  # where the report's other events happened says more than the places it names
    for code, _ in countries.most_common() if chosen is None else ():
        chosen = next((m for m in usable if m.feature == "country" and m.country == code), None) or next(
            (m for m in sorted(provinces.values(), key=lambda p: -divisions[p.admin1]) if m.country == code), None)
        country = country_place(code) if chosen is None and country_place is not None else None
        if country is not None:  # a country the report does not name: its place from the gazetteer
            chosen = Mention(0, 0, "", name=country.name, lat=country.lat, lon=country.lon, feature="country",
                             country=code, place_id=country.id, confidence=0.2)
        if chosen is not None or not placed:
            break
    if chosen is None:
        return None
    return replace(chosen, feature="report", place_id=f"report:{chosen.place_id}", confidence=min(chosen.confidence, 0.2),
                   facility=None)


def _territory(sub: str | None, actor: str | None, named: list[ActorMention], country: str | None = None) -> str | None:
    """A change of territory by who made it: a state's (or a coalition's) forces regain it at
    home, anyone else overtakes it, a foreign state too (as ACLED codes it: "Russian forces
    captured the village of X" in Ukraine; ``country``, the place's); the trigger's reading
    ("recaptured", "seized") when the actor is not named in the sentence."""
    if sub not in (v.REGAINS, v.OVERTAKES) or actor is None:
        return sub
    found = next((a.actor for a in named if a.actor.name == actor), None)
    if found is None:
        return sub
    if found.kind == "state" and country and found.countries and country != found.countries[0]:
        return v.OVERTAKES  # a state abroad (a state's row lists its own country first)
    return v.REGAINS if found.kind in ("state", "coalition") else v.OVERTAKES


def _by_whom(sub: str | None, actor: str | None, named: list[ActorMention]) -> str | None:
    """Arrests by an armed group, rebels or a militia are abductions (ACLED codes detentions by
    non-state actors as violence against civilians: "the SDF arrested four people"); a state's,
    or an unnamed arrester's, stay arrests."""
    if sub != v.ARRESTS or actor is None:
        return sub
    kind = next((a.actor.kind for a in named if a.actor.name == actor), None)
    return v.ABDUCTION if kind in ("armed group", "rebels", "communal militia") else sub


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
