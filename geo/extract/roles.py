"""Extraction, roles: who did it (the agent) and to whom (the target), read from the words
around a sentence's trigger.

Owns ``Roles`` and ``read_roles``. It reads a ``geo.extract.document.Document`` by offset, as
``events`` does: the sentence's tokens, the actor mentions it is given, and the ``group`` and
``they`` cues (a group pointed back at). Words are compared by lemma (LemmInflect, through
``geo.extract.triggers.lemmas``; a past participle is told by LemmInflect's inflections), never
by lists of word forms.

Each actor mention of the sentence gets one reading, from the words right before it (up to
``_BACK`` words, never across a comma or a semicolon, or another mention) or, for a mention with
no preposition before it, from the first verb of harm after it (its governing word):

============== ============================================================ ===============
reading        words                                                        role
============== ============================================================ ===============
by             "were killed by X", "an airstrike by X", "claimed by X"      agent
from           "came under fire from X", "under attack from X"              agent
hands          "at the hands of X"                                          agent
claims         "X claimed responsibility"                                   agent
party          "clashes between X and Y", "X and Y fought" (both sides);    agent, target
               "X clashed with Y" (Y: the other side)
subject        "X killed ...", "X forces attacked ..." (active)              agent
patient        "Y were killed ...", "Y suffered casualties", "16 Y killed   target
               in ..." (passive, or a word of loss), "Y repelled an attack
               by X" (a verb of answering, beside an agent after "by")
object         "killed 16 Y", "attack on Y", "offensive against Y"          target
associate      "backed by X", "together with X", "according to X"           none
============== ============================================================ ===============

The agent is the trigger's own explicit agent (by, from, hands, claims: the harm it names the
doer of is the trigger), else the trigger's subject, else the first of two parties, else the
explicit agent or subject of another harm the sentence tells, nearest the trigger first (of
subjects joined by "and", the first). The target is the patient, object or other party nearest
the trigger ("youths clashed with the police": the police, with no agent named), else, beside
an explicit agent, the other subject. A target is never the agent; civilians are never the agent.
A mention in an aside (the ``appositive`` cue) or a negated subject ("ISIL is not in") plays no
role. A mention that names no single actor ("Syrian or Russian warplanes") in the agent's place
leaves the agent empty and marks it uncertain, with its alternatives; a cue pointing back at a
group ("the group", "they") in the agent's place marks ``refers_back``, and the caller may take
the actor told before.

In: a document with its tokens, actors and cues set; a sentence's span; its trigger's span; the
actor mentions to weigh. Out: ``Roles``. Nothing is searched outside the sentence.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from lemminflect import getAllInflections

from .tokens import word_at
from .sentence import lemmas
from .vocabulary import ACTS

if TYPE_CHECKING:
    from .actors import ActorMention
    from .document import Document

__all__ = ["Roles", "read_roles"]

# Verbs whose "by" says who did the harm named right before them: "an IED planted by X", "an attack
# carried out by X", "the attack was claimed by X" (not "a drone operated by X" when it was shot down).
_DOING = frozenset({"claim", "plant", "lay", "launch", "carry", "conduct", "perpetrate", "commit", "stage", "mount",
                    "operate", "orchestrate", "fire", "throw", "hurl"})
# Explosive devices, and what their victims do to set them off ("the vehicle struck an IED").
_DEVICES = frozenset({"ied", "ieds", "bomb", "mine", "landmine", "explosive", "device", "charge"})
_SET_OFF = frozenset({"strike", "hit", "step", "trigger", "tread"})
_RECIPROCAL = frozenset({"clash", "fight", "fighting", "battle", "skirmish", "firefight", "gunfight", "exchange",
                         "trade", "engage", "confront", "confrontation", "hostility", "combat", "shoot-out",
                         "shootout", "gunbattle"})
# Verbs of answering an attack: "X repelled an attack by Y" tells Y's attack on X.
_RESPONSE = frozenset({"repel", "repulse", "foil", "thwart", "counter", "resist", "respond", "fend", "beat"})
# Words of loss: their subject is what was harmed ("Y suffered casualties", "Y lost 5 men").
_LOSS = frozenset({"suffer", "lose", "casualty", "death", "dead", "loss", "die"})
# Verbs a passive is read with when no "be" stands before them ("16 soldiers killed in ...").
_HEADLINE = frozenset({"kill", "wound", "injure", "abduct", "kidnap", "arrest", "detain", "execute", "behead",
                       "massacre", "murder", "shoot"})
_FROM_AGENT = frozenset({"fire", "gunfire", "attack", "shelling", "shell", "bombardment", "strike", "airstrike",
                         "assault", "rocket", "mortar", "missile", "drone"})
_TARGETING = frozenset({"on", "against", "at", "upon", "targeting", "into"})
# A mention after one of these stands in a phrase of its own: it is nobody's subject.
_PREPOSITIONS = frozenset({"in", "near", "at", "on", "into", "to", "for", "from", "with", "by", "between", "against",
                           "towards", "toward", "across", "through", "over", "under", "inside", "outside", "around",
                           "among", "after", "before", "during", "since", "upon", "targeting", "alongside", "like",
                           "than", "about", "within", "behind", "beyond", "along", "via"})
_CLAIM = frozenset({"claim"})
_FINDING = frozenset({"find", "discover", "recover", "retrieve", "unearth"})
_REMAINS = frozenset({"body", "corpse", "remains", "head"})
_WITNESSING = frozenset({"observe", "record", "monitor", "witness", "document", "count"})  # not "spotted": a position
_BE = frozenset({"be", "get"})  # the auxiliaries of a passive ("were killed", "got shot")
_CREDIT = frozenset({"responsibility", "credit"})
_MONTH_VERBS = frozenset({"March", "May", "MARCH", "MAY"})  # months spelled as verbs of ``ACTS`` ("march")
_BACK = 5  # words looked back from a mention for what ties it to the sentence
_BY_REACH = 8  # words looked back from "by" for the harm it names the doer of ("killed at a bar in X by")
_AHEAD = 12  # words looked ahead from a subject for its verb
_BREAK = (",", ";", ":", "—", "–")


@dataclass(frozen=True, slots=True)
class Roles:
    """The actors of one event: ``agent`` (who did it) and ``target`` (to whom, or the other party
    of a clash), actor names or None; ``uncertain`` when the text names alternatives for the agent
    (``alternatives``, their names), ``refers_back`` the kind of cue when it points back at a
    group ("group": "the group", "the militants"; "they") instead of naming one, ``parties``
    when both are sides of a clash."""

    agent: str | None = None
    target: str | None = None
    uncertain: bool = False
    alternatives: tuple[str, ...] = ()
    refers_back: str = ""  # the kind of cue that points back: "group" ("the group"), "they"
    parties: bool = False


@dataclass(slots=True)
class _Slot:
    """One actor mention (or a cue pointing back at a group: ``mention`` None) and its reading."""

    start: int
    end: int
    first: int  # index of its first word in the sentence's words
    last: int  # index of the word after it
    mention: ActorMention | None
    cue: str = ""  # for a group pointed back at: the cue's kind
    reading: str = ""
    verb: int | None = None  # the word of harm its reading ties it to, if known
    joined: _Slot | None = None  # the slot it follows after "and"


@lru_cache(maxsize=1 << 14)
def _participle(word: str) -> bool:
    """True when ``word`` is the past participle (or past form) of a verb (LemmInflect)."""
    lower = word.lower()
    for lemma in lemmas(lower):
        forms = getAllInflections(lemma, upos="VERB")
        if lower in forms.get("VBN", ()) or lower in forms.get("VBD", ()):
            return True
    return False


def _lemma_in(word: str, vocabulary: frozenset[str]) -> bool:
    return bool(lemmas(word) & vocabulary)


class _Sentence:
    """A sentence's words (tokens), with the questions the readings ask of them."""

    def __init__(self, doc: Document, start: int, end: int):
        tokens = doc.tokens
        first, last = word_at(tokens, start), word_at(tokens, end)
        self.text = doc.text
        self.words = [tokens[i] for i in range(first, last)]
        self.starts = [w.start for w in self.words]
        self.lower = [w.text.lower() for w in self.words]

    def index(self, offset: int) -> int:
        """The index of the first word starting at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def broken(self, left: int, right: int) -> bool:
        """True when a comma, a semicolon or a dash stands between word ``left`` and word ``right``."""
        gap = self.text[self.words[left].end:self.words[right].start]
        return any(mark in gap for mark in _BREAK)

    def act(self, i: int) -> bool:
        return _lemma_in(self.words[i].text, ACTS)

    def passive(self, i: int) -> bool:
        """True when word ``i`` is a verb of harm read as a passive: a participle after a form of
        "be" or "get" (adverbs between), a participle followed by "by", or a headline's "killed in"."""
        word = self.words[i].text
        if not _participle(word):
            return False
        for j in range(i - 1, max(-1, i - 4), -1):
            if _lemma_in(self.lower[j], _BE):
                return True
            if not self.lower[j].endswith("ly") and self.lower[j] not in ("also", "not", "later", "reportedly"):
                break
        after = self.lower[i + 1] if i + 1 < len(self.words) else ""
        if after == "by":
            return True
        if after == "at" and i + 2 < len(self.words) and self.lower[i + 2] in ("least", "most"):
            return False  # "gunmen killed at least 30 people": a figure, not "killed at the market"
        return _lemma_in(word, _HEADLINE) and (not after or after in _PREPOSITIONS or after in ("as", "when"))


def _agentive_by(sentence: _Sentence, by: int) -> int | None:
    """The word of harm whose doer the "by" at word ``by`` introduces ("killed in an airstrike
    by", "an attack by", "an IED planted by"), None when it introduces none: a verb or noun of
    harm stands before it, with no other participle first ("backed by", "led by": an ally)."""
    for j in range(by - 1, max(-1, by - 1 - _BY_REACH), -1):
        if sentence.broken(j, j + 1):
            return None
        word = sentence.words[j].text
        if _lemma_in(word, ACTS):
            return j
        if _lemma_in(word, _DOING):  # "an attack carried out by", "a roadside explosive planted by"
            return next((k for k in range(j - 1, max(-1, j - 3), -1)
                         if sentence.act(k) or _lemma_in(sentence.words[k].text, _DEVICES)), None)
        if _participle(word):
            return None
    return None


def _agentive_from(sentence: _Sentence, at: int) -> bool:
    """True when the "from" at word ``at`` says where fire came from ("came under fire from",
    "an attack from")."""
    if at and _lemma_in(sentence.lower[at - 1], _FROM_AGENT):
        return True
    return "under" in sentence.lower[max(0, at - 4):at]


def _read_back(sentence: _Sentence, slot: _Slot, slots: list[_Slot]) -> str:
    """The reading the words before a mention give it, or "" when they give none."""
    ends = {s.last - 1: s for s in slots}
    for j in range(slot.first - 1, max(-1, slot.first - 1 - _BACK), -1):
        if sentence.broken(j, j + 1):
            return ""
        if j in ends:
            return ""
        word = sentence.lower[j]
        if word == "and" and (j - 1) in ends:
            slot.joined = ends[j - 1]
            return "and"
        if word == "by":
            slot.verb = _agentive_by(sentence, j)
            return "by" if slot.verb is not None else "associate"
        if word == "from":
            return "from" if _agentive_from(sentence, j) else "phrase"
        if word == "of" and j and sentence.lower[j - 1] == "hands":
            return "hands"
        if word == "to" and j and sentence.lower[j - 1] == "according":
            return "associate"
        if word == "between" and any(sentence.act(k) for k in range(max(0, j - 3), j)):
            return "party"
        if word == "with":
            near = range(max(0, j - 3), j)
            return "party" if any(_lemma_in(sentence.lower[k], _RECIPROCAL | {"fire"}) for k in near) else "associate"
        if word in _TARGETING and any(sentence.act(k) for k in range(max(0, j - 3), j + (word == "targeting"))):
            return "object"
        if word == "alongside":
            return "associate"
        if word in _PREPOSITIONS:
            return "phrase"
        if sentence.words[j].text in _MONTH_VERBS:
            return ""  # "On March 18 gunmen abducted ...": a month, not a march
        if sentence.act(j):
            return "object" if not sentence.passive(j) else ""
    return ""


def _read_ahead(sentence: _Sentence, slot: _Slot, trigger: int) -> str:
    """The reading of a mention with nothing before it, from its verb: "subject" of an active
    harm, "patient" of a passive one or of a word of loss, "claims" before "claimed
    responsibility", "party" of a clash; "" when no verb of harm follows."""
    for j in range(slot.last, min(len(sentence.words), slot.last + _AHEAD)):
        gap = sentence.text[sentence.words[j - 1].end:sentence.words[j].start]
        if ";" in gap or (j == slot.last and "," in gap and sentence.lower[j].endswith("ing")):
            return ""  # "..., Northern Iraq, killing 2": the clause's subject is named before
        word = sentence.words[j].text
        slot.verb = j
        if _lemma_in(word, _CLAIM) and j + 1 < len(sentence.words) and sentence.lower[j + 1] in _CREDIT:
            return "claims"
        if _lemma_in(word, _LOSS):
            return "patient"
        if sentence.lower[j] in ("came", "come", "comes", "coming") and j + 1 < len(sentence.words) and (
                sentence.lower[j + 1] == "under"):
            return "patient"  # "US forces came under rocket fire": they were fired at
        if _lemma_in(word, _SET_OFF) and any(_lemma_in(sentence.words[k].text, _DEVICES)
                                              for k in range(j + 1, min(len(sentence.words), j + 4))):
            return "patient"  # "an army vehicle struck an IED", "a patrol stepped on a landmine": the one hit
        if sentence.act(j) or j == trigger:
            if sentence.act(j) and sentence.passive(j):
                return "patient"
            return "party" if _lemma_in(word, _RECIPROCAL) and not _transitive(sentence, j) else "subject"
    return ""


def _transitive(sentence: _Sentence, verb: int) -> bool:
    """True when a verb of fighting takes an object ("fought the Taliban"), not "with" a side."""
    after = sentence.lower[verb + 1] if verb + 1 < len(sentence.words) else ""
    if after in _EXCHANGED and _lemma_in(sentence.words[verb].text, {"exchange"}):
        return False  # "X and Y exchanged fire": what both sides did, no one's object
    return after not in ("with", "between", "", "in", "near", "on", "at", "and", "for", "over") and not sentence.broken(
        verb, verb + 1)


_EXCHANGED = frozenset({"fire", "gunfire", "shots", "shelling", "artillery", "rockets", "mortars", "blows", "heavy"})


def _slots(doc: Document, sentence: _Sentence, start: int, end: int, trigger_start: int,
           actors: Sequence[ActorMention]) -> list[_Slot]:
    """One slot a mention (not in an aside, not a negated subject) and a group pointed back at."""
    cues = doc.between("cues", start, end)
    # An aside that holds the trigger is the sentence's own clause ("On 1 May, the army shelled ..., ").
    asides = [(c.start, c.end) for c in cues if c.kind == "appositive" and not c.start <= trigger_start < c.end]
    negated = {c.start for c in cues if c.kind == "negated"}
    spans: list[tuple[int, int, ActorMention | None, str]] = [
        (m.start, m.end, m, "") for m in actors
        if not any(a <= m.start < b for a, b in asides) and m.end not in negated]
    taken = [(a, b) for a, b, _, _ in spans]
    spans += [(c.start, c.end, None, c.kind) for c in cues if c.kind in ("group", "they")
              and not any(a < c.end and c.start < b for a, b in taken)
              and not any(a <= c.start < b for a, b in asides)]
    slots = []
    for a, b, mention, cue in sorted(spans, key=lambda s: s[0]):
        first, last = sentence.index(a), sentence.index(b)
        if first < last:
            slots.append(_Slot(a, b, first, last, mention, cue))
    return slots


def read_roles(doc: Document, sentence: tuple[int, int], trigger: tuple[int, int],
               actors: Sequence[ActorMention]) -> Roles:
    """The agent and the target of the event told at ``trigger`` (document offsets) in
    ``sentence``, among ``actors`` (the sentence's actor mentions to weigh)."""
    start, end = sentence
    words = _Sentence(doc, start, end)
    if not words.words:
        return Roles()
    at = min(words.index(trigger[0]), len(words.words) - 1)
    slots = _slots(doc, words, start, end, trigger[0], actors)
    for slot in slots:
        slot.reading = _read_back(words, slot, slots) or _read_ahead(words, slot, at)
    for slot in slots:  # "X and Y": Y reads as X does
        if slot.reading == "and":
            slot.reading = slot.joined.reading if slot.joined is not None else ""
    if any(s.reading == "by" for s in slots):  # "X repelled an attack by Y": X was attacked
        for slot in slots:
            if slot.reading == "subject" and slot.verb is not None and _lemma_in(words.lower[slot.verb], _RESPONSE):
                slot.reading = "patient"
    dead_found = any(_lemma_in(word, _REMAINS) for word in words.lower)
    for slot in slots:  # "police found the body of a man": who finds the dead did not kill them
        if (dead_found and slot.reading == "subject" and slot.verb is not None
                and _lemma_in(words.lower[slot.verb], _FINDING)):
            slot.reading = "associate"  # not "soldiers discovered an arms cache": they seized it
        elif slot.reading == "subject" and slot.last < len(words.words) and _lemma_in(words.lower[slot.last], _WITNESSING):
            slot.reading = "associate"  # "the OSCE SMM observed 29 explosions": who saw the fire did not fire
    last = max(at, min(words.index(trigger[1]) - 1, len(words.words) - 1))
    return _choose(slots, at, last)


def _can_act(slot: _Slot) -> bool:
    return slot.mention is None or slot.mention.actor.kind != "civilians"


def _name(slot: _Slot | None) -> str | None:
    if slot is None or slot.mention is None or slot.mention.ambiguous:
        return None
    return slot.mention.actor.name


def _head(slot: _Slot) -> _Slot:
    """The first of subjects joined by "and" ("Kurdish forces and Iraqi troops attacked")."""
    while slot.joined is not None and slot.joined.reading == slot.reading:
        slot = slot.joined
    return slot


def _choose(slots: list[_Slot], at: int, last: int) -> Roles:
    """The agent and the target from the slots' readings: the trigger's own (words ``at`` to
    ``last``) first, then the nearest the trigger."""
    def nearest(readings: tuple[str, ...], *, own: bool = False) -> _Slot | None:
        found = [s for s in slots if s.reading in readings and _can_act(s)
                 and (not own or s.verb is None or at <= s.verb <= last)]
        return min(found, key=lambda s: (abs(s.first - at), s.first), default=None)

    explicit_readings = ("by", "from", "hands", "claims")
    parties = [s for s in slots if s.reading == "party" and _can_act(s)]
    agent = nearest(explicit_readings, own=True) or nearest(("subject",), own=True)
    if agent is None and len(parties) >= 2:
        agent, target = parties[0], next((s for s in parties[1:] if _name(s) != _name(parties[0])), None)
        return _roles(agent, target, parties=True)
    # Else the nearest doer of another harm of the sentence; a side named after "with" is the
    # other party ("X clashed with Y"), the target even when X is no actor ("youths clashed with police").
    agent = agent or nearest(explicit_readings) or nearest(("subject",))
    explicit = agent is not None and agent.reading in explicit_readings
    target = None
    if agent is not None and agent.reading == "subject":
        agent = _head(agent)
    harmed = ("patient", "object") + (("party",) if agent is None or agent.reading == "subject" else ())
    targets = [s for s in slots if s.reading in harmed and _name(s) and _name(s) != _name(agent)]
    if targets:
        target = min(targets, key=lambda s: (abs(s.first - at), s.first))
    elif explicit:
        target = next((s for s in slots if s is not agent and s.reading in ("subject", "party") and _name(s)
                       and _name(s) != _name(agent)), None)
    return _roles(agent, target, parties=target is not None and target.reading == "party")


def _roles(agent: _Slot | None, target: _Slot | None, *, parties: bool = False) -> Roles:
    uncertain = agent is not None and agent.mention is not None and agent.mention.ambiguous
    alternatives = tuple(a.name for a in agent.mention.alternatives) if uncertain else ()
    return Roles(agent=_name(agent), target=_name(target), uncertain=uncertain, alternatives=alternatives,
                 refers_back=agent.cue if agent is not None else "", parties=parties)
