"""Extraction, cues: the small phrases the event and claim rules read, found once per document.

Owns two layers of ``geo.extract.document.Document``:

* ``links`` (``mark_links``, after the mentions): for each place mention a record could be
  drawn at, the attack verb it is the object of ("struck Homs", by lemma) or the prepositions
  that tie it to what the sentence tells (``Link.roles``): ``"link"`` ("around Homs", "the
  outskirts of Kunduz", "as far south as Aden"), ``"from"``, ``"to"`` ("to", "into",
  "towards", "for"), ``"via"`` ("through", "via", "across") and ``"heading"`` (a destination:
  "in the direction of", "heading to", "bound for", "on their way to"), each allowing "the" and up to
  two words between the preposition and the name ("near the besieged town of ...");
* ``cues`` (``mark_cues``, after the actors): phrase spans (``Cue``) by ``kind``:

  ============== ======================================================================
  kind           phrase
  ============== ======================================================================
  figure         a casualty figure: "at least 30 civilians", "12 killed"
  cumulative     a toll of a whole war: "since", "so far", "the war has"
  definite       a definite attack the sentence points back at: "the air strikes"
  anaphora       a place pointed back at: "the airfield", "the town"
  group          a group pointed back at: "the militants", "this extremist group", "the gunmen"
  they           "they", a group pointed back at by a pronoun
  asset          forces or equipment, with the count if given: "four fighter jets"
  distance       a reported distance: "55 kilometers, or about 34 miles"
  measured       what a distance is measured from: "from the airstrikes", "of the border"
  appositive     an aside between commas: ", a staunch ally of Assad,"
  negated        a negated subject right after an actor: " is not", " has no"
  negation       a negating word: "not", "no", "never", "n't"
  modal          a modal or conditional word, ``reach`` ending its scope: "would", "if"
  subject        a word for fighters or forces, ``reach`` ending its scope: "troops"
  ============== ======================================================================

Each cue's ``start`` and ``end`` are offsets into ``Document.text``; ``value`` is what the
rule needs besides the span (the asset noun, a distance's number and unit, what a distance is
measured from); ``reach`` is where a modal or subject word stops bearing on the words after it
(50 characters on for a modal, 20 for a subject word, and never past a ``.`` or ``;``).

The patterns are read once over each sentence, here; the rules in ``events`` and ``claims``
ask the layers by offset range and never search the text themselves.

In: a document with its mentions (for ``links``) and actors (for ``cues``) set. Out: the same
document with the ``links`` and ``cues`` layers set.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .sentence import lemmas

if TYPE_CHECKING:
    from .document import Document

__all__ = ["Cue", "Link", "CUE_KINDS", "ASSET_NOUNS", "mark_links", "mark_cues"]

ASSET_NOUNS = (
    r"fighter jets?|jets?|attack helicopters?|transport helicopters?|helicopters?|warplanes?|bombers?|"
    r"aircraft|planes|drones?|amphibious assault ships?|warships?|ships?|submarines?|tanks?|artillery|"
    r"armou?red vehicles?|missiles?|troops|soldiers|marines|personnel")

# How far before a place a preposition may tie it to the action ("around the besieged Homs"):
# the link patterns look this far back at most, so each place costs the same in a long sentence.
_LOOKBACK = 200
_GAP = r"\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}$"  # "the" and up to two words, then the place
# The area of a place the gazetteers lack that a preposition ties to the sentence: "near Alxanli,
# Fizuli", "in Dodowa (Gangme, Greater Accra)", "at Gana Ropp (Barkin Ladi LGA, Plateau)", "at the
# Jan Meda market grounds (Yeka subcity, Addis Ababa city)", "near War Tho Kho village, Luthaw
# Township, Mutraw (Hpapun) District, Karen State": the event is there, in the areas the text names
# (up to three between, each from a capital to its comma).
_NAME = r"[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|al|el|de|do|ad|ar|as))*"
_NOT_KIND = r"(?!(?:and|or|but|to|the|with|from|by|after|before|as|on|in|at|of|into|where|which|who|while)\b)"
_CONTAINER_LINK = re.compile(r"\b(?:in|near|at|around|outside|inside|(?:north|south|east|west)(?:-?(?:east|west))?\s+of)"
                             r"\s+(?:the\s+)?(?:(?:village|town|area|locality) of\s+)?"
                             # two names of one area: "in Mashru Al Hadba and Tripoli Airport Road (Tripoli)"
                             + _NAME + r"(?:\s+and\s+" + _NAME + r")?"
                             + r"(?:\s+" + _NOT_KIND + r"[a-z][\w-]*){0,2}\s*(?:,|\(|\s+of)\s*"
                             # each area from its capital to its comma, a bracket inside read once (no backtracking)
                             r"(?:[A-Z][^,;.()]{0,40}(?:\([^()]{1,30}\)[^,;.()]{0,20})?,\s*){0,3}$")
# Where someone lives or comes from, right before the place: "who lived in Moscow", "born in Aleppo".
_HOME = re.compile(r"\b(?:lived|lives|resides|resided|residing|grew up|was born|were born|born|"
                   r"hails?|hailed)\s+(?:in|at|near|from)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}$", re.I)
# Where someone or something is going, right before the place: "in the direction of Ouagadougou",
# "heading towards Kidal", "bound for Aden", "on their way to Goma", "en route to Mosul".
_HEADING = re.compile(r"\b(?:(?:in|toward|towards)\s+the\s+direction\s+of|head(?:ing|ed|s)?\s+(?:back\s+)?(?:to|towards?|for)|"
                      r"bound\s+for|on\s+(?:its|their|his|her|the)\s+way\s+(?:back\s+)?to|en\s+route\s+to)"
                      r"\s+(?:the\s+)?(?:(?:[a-z-]+\s+)?(?:city|town|village|capital|area|region|province|border) of\s+(?:the\s+)?)?$")
# "rioters blocked the Halba highway", "shelled the Rashayya road": a road of the place, the action's object
_ROAD_AFTER = re.compile(r"\s+(?:road|highway|motorway|bridge|checkpoint|crossing|junction|roundabout)\b")
_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:the\s+)?(?:(?:villages|towns) of\s+)?$", re.I)
_AND = re.compile(r"\s+and\s+(?:the\s+)?")
_BRACKETS = re.compile(r"\s*\([^()]{1,60}\)")
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("link", re.compile(
        r"\b(?:around|near|in|at|on|to|into|through|over|outside|inside|across|towards?|from|"
        r"as far (?:\w+ )?as|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?(?: parts?)? of|"
        # the people of a place who act there: "youths of Okpanam blocked a highway", "traders of Kano"
        r"(?:connects?|connecting|links?|linking)|"  # "on the road that connects Iguala to Huitzuco"
        r"(?:residents?|villagers?|inhabitants?|natives?|people|youths?|students|traders|vendors|farmers|herders|"
        r"fishermen|workers|women|elders|families|collectives) of|control (?:of|over)|"
        r"(?:city|cities|town|towns|village|villages|port|province|provinces|region|suburbs|outskirts|"
        r"areas?|parts?|neighbou?rhoods?|districts?|countryside|camp|"
        # a site of the place: "the entrance checkpoint of Bulo Mareer", "the central prison of Burco"
        r"entrance|checkpoints?|gates?|markets?|prison|hospital|airport|stadium|square|centre|center|bridge|court|"
        r"courthouse|university|mosque|church) of)"
        + _GAP, re.I)),
    ("from", re.compile(r"\bfrom" + _GAP, re.I)),
    ("to", re.compile(r"\b(?:to|into|towards?|for)" + _GAP, re.I)),
    ("via", re.compile(r"\b(?:through|via|across)" + _GAP, re.I)),
)

# The verb before a place it acts on, with "the" and a kind word between ("shelled the town of").
_OBJECT = re.compile(r"\b(?P<verb>[A-Za-z]+)\s+(?:the\s+)?(?:(?:city|town|village|area|outskirts|port|district|"
                     r"neighbou?rhood|camp|countryside)\s+of\s+(?:the\s+)?)?$")
_OBJECT_REACH = 60
_ATTACK_VERBS = frozenset({"strike", "shell", "bomb", "bombard", "attack", "storm", "capture", "seize", "hit",
                           "target", "raid", "ambush", "besiege", "pound", "overrun", "recapture", "retake",
                           "invade", "liberate"})
# (kind, pattern, reach): the phrases of each sentence; ``reach`` (characters after the match)
# for the words whose bearing ends a little further on, at a "." or ";" at the latest.
_PHRASES: tuple[tuple[str, re.Pattern[str], int | None], ...] = (
    ("figure", re.compile(r"\b(?P<more>more than |at least |about |nearly |over )?(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+"
                          r"(?:[\w-]+\s+){0,2}?(?:deaths|dead|killed|civilians|people|fighters|soldiers)\b", re.I), None),
    ("cumulative", re.compile(r"\b(?:since|so far|to date|in total|overall|(?:the|this) (?:war|conflict|fighting) has)\b",
                              re.I), None),
    ("definite", re.compile(r"\bthe\s+(?:\w+\s+)?(?:air ?strikes|strikes|attacks|bombings?|raids|shelling)\b", re.I), None),
    ("anaphora", re.compile(r"\bthe (?:airfield|air base|airbase|base|city|town|area|port|village|region|province)\b",
                            re.I), None),
    ("group", re.compile(r"\b(?:the|this|that) (?:extremist |militant |jihadist |terrorist |armed )?"
                         r"(?:group|militants|jihadists|insurgents|attackers|assailants|gunmen)\b", re.I), None),
    ("they", re.compile(r"\bthey\b", re.I), None),
    ("distance", re.compile(
        r"(?P<value>\d+(?:[.,]\d+)?)\s*(?:-\s*)?(?P<unit>kilometers|kilometres|km|miles|mi)\b"
        r"(?:,?\s*(?:or|\()\s*(?:about|some|roughly|nearly)?\s*\d+(?:[.,]\d+)?\s*(?:kilometers|kilometres|km|miles|mi)\b\)?)?",
        re.I), None),
    ("measured", re.compile(r"\b(?:from|of)\s+(?:the\s+)?(?P<value>(?:\w+\s+){0,2}?(?:air ?strikes|strikes|attacks?|"
                            r"bombings?|raids?|shelling|front(?: ?line)?|border|city|town|base))\b", re.I), None),
    ("appositive", re.compile(r",\s+(?:a|an|the|who|which|whose|including|among them|such as)\s[^,]{3,80},"), None),
    ("negation", re.compile(r"\b(?:not|no|never|n't)\b", re.I), None),
    # "may" in lower case only: "On 9 May 2020, forces shelled ..." is a date, not a modal.
    ("modal", re.compile(r"\b(?:would|could|should|might|(?-i:may)|will|won['’]t|wouldn['’]t|if|whether|plans? to|"
                         r"aims? to)\b", re.I), 50),
    ("subject", re.compile(r"\b(?:fighters|forces|militants|troops|soldiers|rebels|opponents|group|units)\b", re.I), 20),
)
# An asset phrase: the first asset noun of a sentence, with a count up to four words before it.
# The noun is found first (a quick search); the phrase is then read back from at most
# ``_ASSET_LOOKBACK`` characters before it (``\b`` still sees the character before).
_ASSET_NOUN = re.compile(r"\b(?:" + ASSET_NOUNS + r")\b", re.I)
_ASSET = re.compile(
    r"\b(?:(?P<count>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds|thousands|"
    r"several|some)\s+)?(?:(?:[\w-]+\s+){0,3}?)(?P<value>" + ASSET_NOUNS + r")\b", re.I)
_ASSET_LOOKBACK = 160
_NEGATED = re.compile(r"\s*(?:is|are|was|were)\s+not\b|\s*(?:isn['’]t|aren['’]t|has no|have no)\b", re.I)
_NEGATED_REACH = 15  # how far after an actor's name "is not" is looked for
_STOPS = {"modal": re.compile(r"[.;]"), "subject": re.compile(r"\.")}
_EVERYWHERE = frozenset({"figure", "anaphora", "distance"})  # looked for in every sentence
CUE_KINDS = tuple(kind for kind, _, _ in _PHRASES) + ("asset", "negated")


@dataclass(frozen=True, slots=True)
class Link:
    """The prepositions that tie the place mention at ``start``-``end`` to its sentence's
    action: a subset of ``{"link", "from", "to", "via"}``."""

    start: int
    end: int
    roles: frozenset[str]


@dataclass(frozen=True, slots=True)
class Cue:
    """One phrase of ``CUE_KINDS``; ``value`` as the module says; ``reach`` the offset where a
    modal or subject word stops bearing on what follows (else ``end``)."""

    start: int
    end: int
    kind: str
    text: str
    value: str | None = None
    unit: str | None = None
    reach: int = 0


def mark_links(doc: Document) -> Document:
    """The links layer: for each place mention a record could be drawn at (resolved, not a
    demonym or a metonym) that a preposition ties to its sentence ("link"), that and the
    other prepositions before it, looking back ``_LOOKBACK`` characters at most within its
    sentence (``\\b`` still sees the character before)."""
    links = []
    starts = [start for start, _ in doc.sentences]
    link, *others = _ROLES
    for mention in doc.mentions:
        if not mention.resolved or mention.demonym or mention.metonymic:
            continue  # no record is drawn there: the rules never ask
        index = bisect.bisect_right(starts, mention.start) - 1
        floor = max(doc.sentences[index][0] if index >= 0 else 0, mention.start - _LOOKBACK)
        if (link[1].search(doc.text, floor, mention.start) is None and not _object_of_attack(doc.text, floor, mention.start)
                and _CONTAINER_LINK.search(doc.text, floor, mention.start) is None
                and not (_ROAD_AFTER.match(doc.text, mention.end) and _THE_BEFORE.search(doc.text, floor, mention.start))
                and not _between_places(doc, mention, floor)):
            continue  # "from", "to" and "via" count only for a place the sentence ties to its action
        if _HOME.search(doc.text, max(floor, mention.start - 40), mention.start):
            continue  # "Skripal, who lived in Moscow and was visiting ...": where someone lives, no event's place
        roles = [role for role, pattern in others if pattern.search(doc.text, floor, mention.start) is not None]
        if _HEADING.search(doc.text, max(floor, mention.start - 60), mention.start):
            roles.append("heading")  # a destination: a transit's end, no event's place
        links.append(Link(mention.start, mention.end, frozenset([link[0], *roles])))
    doc.set_layer("links", links)
    return doc


def _between_places(doc: Document, mention, floor: int) -> bool:
    """True for the first of two villages or towns an event lies between ("between Bolsi and
    Bossey Bangou", the first's address in brackets allowed); not for "between the United States and Russian militaries" (countries, actors)."""
    if mention.feature in ("country", "region") or not _BETWEEN_BEFORE.search(doc.text, floor, mention.start):
        return False
    address = _BRACKETS.match(doc.text, mention.end)  # "between Namssiguia (Bourzanga, Bam) and Djibo"
    end = address.end() if address else mention.end
    following = next(iter(doc.between("mentions", end, end + 60)), None)
    return (following is not None and _AND.fullmatch(doc.text, end, following.start) is not None
            and following.resolved and not following.demonym and following.feature not in ("country", "region"))


def _object_of_attack(text: str, floor: int, start: int) -> bool:
    """True when the place is what an attack verb acts on: "struck Homs", "shelled the town of
    Daraa", "bombarded Kafr Nabl" (the verb by its lemma, ``geo.extract.triggers.lemmas``)."""
    before = _OBJECT.search(text, max(floor, start - _OBJECT_REACH), start)
    return before is not None and bool(lemmas(before.group("verb")) & _ATTACK_VERBS)


def _reach(text: str, kind: str, end: int, extra: int, limit: int) -> int:
    """Where a word's bearing stops: ``extra`` characters after it, or the first stop sign."""
    stop = _STOPS[kind].search(text, end, min(end + extra, limit))
    return stop.start() if stop else min(end + extra, limit)


def _could_place(doc: Document, start: int, end: int) -> bool:
    """True when a sentence names a place a record could be drawn at."""
    return any(m.resolved and not m.demonym and not m.metonymic for m in doc.between("mentions", start, end))


def mark_cues(doc: Document) -> Document:
    """The cues layer: in every sentence its figures, places pointed back at and distances
    (``_EVERYWHERE``); the other kinds only in the sentences the rules weigh (those that name
    or point back at a place, give a figure or a distance, say who and when, or follow a
    sentence of their paragraph that names a place), for speed; and "negated" after each actor
    mention ("ISIL is not in Homs")."""
    text, cues = doc.text, []
    for index, (start, end) in enumerate(doc.sentences):
        found = [_cue(match, kind, extra, end) for kind, pattern, extra in _PHRASES if kind in _EVERYWHERE
                 for match in pattern.finditer(text, start, end)]
        after_place = index > 0 and doc.paragraphs[index] == doc.paragraphs[index - 1] and _could_place(
            doc, *doc.sentences[index - 1])  # a scene set before: "... in Baku. He should never have been arrested."
        if (found or _could_place(doc, start, end) or after_place
                or doc.in_sentence("dates", index) and doc.in_sentence("actors", index)):
            found += [_cue(match, kind, extra, end) for kind, pattern, extra in _PHRASES if kind not in _EVERYWHERE
                      for match in pattern.finditer(text, start, end)]
            noun = _ASSET_NOUN.search(text, start, end)
            asset = noun and _ASSET.search(text, max(start, noun.start() - _ASSET_LOOKBACK), end)
            if asset:
                found.append(Cue(asset.start(), asset.end(), "asset", asset.group(0), asset.group("value"),
                                 reach=asset.end()))
        cues += found
    for actor in doc.actors:
        negated = _NEGATED.match(text, actor.end, actor.end + _NEGATED_REACH)
        if negated:
            cues.append(Cue(actor.end, negated.end(), "negated", negated.group(0), reach=negated.end()))
    doc.set_layer("cues", cues)
    return doc


def _cue(match: re.Match[str], kind: str, extra: int | None, sentence_end: int) -> Cue:
    groups = match.groupdict()
    reach = match.end() if extra is None else _reach(match.string, kind, match.end(), extra, sentence_end)
    return Cue(match.start(), match.end(), kind, match.group(0), groups.get("value"), groups.get("unit"), reach)
