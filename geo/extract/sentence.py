"""Extraction, a sentence's words for the trigger rules: every word's lemmas (LemmInflect, PyPI
``lemminflect``, MIT licence), the forms of a lemma, and ``Sentence``, the questions the rules of
``geo.extract.readers`` and ``geo.extract.triggers`` ask of a sentence's words: who did it and
whom it hit (armed men or civilians), whether a protest or a riot is told, what lies before and
after a word.

In: a sentence's text. Out: its words and what they say; nothing here decides a type.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllLemmas, getAllLemmasOOV, getInflection

from . import triggerwords as w, vocabulary as v

__all__ = ["AFTER_KILL", "WORD", "Sentence", "lemmas", "forms", "asset_pattern", "noun_form", "is_named"]

_NOT_COMPOUND = frozenset({"anti", "cease", "non", "pro", "ex", "post", "pre", "self", "semi", "so", "well", "would"})
WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")
AFTER_KILL = 6  # words read for the victims of an attack or killing
_OUT_OF_SERVICE = frozenset({"off-duty", "retired", "former", "ex", "ex-", "demobilised", "demobilized", "unarmed"})
_TO_THE_STREETS = frozenset({"take", "come", "pour", "spill", "flood", "head", "go"})


@lru_cache(maxsize=1 << 16)
def lemmas(word: str) -> frozenset[str]:
    """Every lemma of ``word`` (lower-cased), under any part of speech, and the word itself;
    for a word the lemmatiser's dictionary lacks ("torched", "airstrikes"), its rule-based
    verb and noun lemmas."""
    lower = word.lower()
    found = {lower}
    known = getAllLemmas(lower)
    for each in (known or {**getAllLemmasOOV(lower, "VERB"), **getAllLemmasOOV(lower, "NOUN")}).values():
        found.update(each)
    head, _, tail = lower.rpartition("-")
    if head and tail and head.split("-")[0] not in _NOT_COMPOUND:
        # "street-fight", "gun-battle", "car-bomb", "re-captured": the compound's last word and the
        # compound written as one word ("shoot-out": "shootout"); not "anti-aircraft" or "cease-fire"
        found |= lemmas(tail) | (lemmas(head.replace("-", "") + tail) if "-" not in tail else frozenset())
    return frozenset(found)


@lru_cache(maxsize=256)
def forms(lemma: str, *tags: str) -> frozenset[str]:
    """The forms of ``lemma`` with Penn tags ``tags`` (LemmInflect): ("bomb", "NN", "NNS") ->
    {"bomb", "bombs"}; ("down", "VBD") -> {"downed"}; none for a lemma of one letter or none
    (LemmInflect's rules fail on "")."""
    if len(lemma) < 2:
        return frozenset()
    return frozenset(form for tag in tags for form in getInflection(lemma, tag))


def asset_pattern(asset_type: str) -> re.Pattern[str]:
    """The words that say an asset of ``asset_type`` moved ("deployment": "sent", "deployed",
    "reinforcements" ...), as one pattern of the forms of ``vocabulary.ASSET_LEMMAS``."""
    said = {form for lemma, tags in v.ASSET_LEMMAS[asset_type] for form in forms(lemma, *tags)}
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, said), key=len, reverse=True)) + r")\b", re.I)


def noun_form(word: str, lemma: str) -> bool:
    """True when ``word`` is a form of the noun ``lemma`` ("strikes"), not of the verb ("struck")."""
    return word in forms(lemma, "NN", "NNS")


class Sentence:
    """A sentence's words, their lemmas, and what the whole sentence says (aircraft, a protest)."""

    def __init__(self, sentence: str, masked: str, people: frozenset[int] = frozenset()):
        self.text = sentence
        self.words = [(m.start(), m.end(), m.group(0)) for m in WORD.finditer(sentence)]
        self.masked = [masked[start] != sentence[start] for start, _, _ in self.words]  # asset nouns
        self.people = [start in people for start, _, _ in self.words]  # "a Palestinian": a person
        self.lower = [w[2].lower() for w in self.words]
        self.lemmas = [lemmas(w[2]) for w in self.words]
        every = frozenset().union(*self.lemmas) if self.lemmas else frozenset()
        self.every = every
        self.aircraft = any(found & w.AIRCRAFT and not (found & {"bomber"} and self.before(i, 1) & {"suicide"})
                            for i, found in enumerate(self.lemmas)) or "air force" in " ".join(self.lower)
        self.protest = next((i for i in range(len(self.words)) if self.protest_word(i)), None)
        self.riot = next((i for i in range(len(self.words)) if self._riot_word(i)), None)

    def before(self, index: int, count: int) -> frozenset[str]:
        return frozenset().union(*self.lemmas[max(0, index - count):index]) if index else frozenset()

    def after(self, index: int, count: int) -> frozenset[str]:
        return frozenset().union(*self.lemmas[index + 1:index + 1 + count])

    def protest_word(self, index: int) -> bool:
        found, word = self.lemmas[index], self.words[index][2]
        if found & w.PROTEST_NOUNS or found & {"walkout", "walk-out"}:
            return True
        if found & {"block"} and self.after(index, 3) & w.ROADS:
            return self.agents(index) != "armed"  # "taxi drivers blocked the roads", not "troops blocked"
        if "strike" in found:  # "a general strike"
            return bool(self.before(index, 1) & {"general", "hunger", "labour", "labor"})
        if "disperse" in found and self._party(range(index + 1, min(len(self.words), index + 1 + AFTER_KILL)),
                                               w.CROWD) == "civilians":
            return True  # "fired tear gas to disperse hundreds of students": a gathering broken up
        if found & _TO_THE_STREETS and self._to_the_streets(index) and self.agents(index) != "armed":
            return True  # "residents took to the streets", "labourers came out on the roads, demanding"
        turned_out = found & {"turn"} and self.after(index, 1) & {"out"}  # "thousands turned out to support him"
        if (found & w.GATHER or turned_out) and self.agents(index) == "civilians" and (
                self.before(index, 3) & {"crowd", "supporter"} or self.every & w.DEMANDS):
            return True  # "a crowd gathered", "hundreds of supporters gathered ... calling for his release"
        if not found & w.PROTEST_WORDS or word[0] == "M":  # "March" is the month
            return False
        after = self.lower[index + 1] if index + 1 < len(self.words) else ""
        before = self.lower[index - 1] if index else ""
        if "protest" in found and word.lower().endswith(("ed", "ing")) and after not in ("that", "his", "her", "their"):
            return True  # "employees protested with pots and pans": the verb, not "protested his innocence"
        if "demonstrate" in found and after.endswith("ing"):
            return True  # "prisoners demonstrated setting fire to mattresses", "demonstrated chanting slogans"
        return after in w.PROTEST_AFTER or before in w.PROTEST_BEFORE or not after

    def _to_the_streets(self, index: int) -> bool:
        """True when the words after a verb of going at ``index`` take a crowd to the streets:
        "took to the streets", "came out on the roads", "poured into the streets of"."""
        lower = self.lower[index + 1:index + 5]
        if lower[:1] == ["out"]:
            lower = lower[1:]  # "came out on the roads"
        return (len(lower) >= 3 and lower[0] in ("to", "on", "onto", "into") and lower[1] == "the"
                and lower[2] in ("streets", "roads"))

    def lethal(self) -> bool:
        """True when a death or wound is part of what happened, not the protest's cause ("a crowd
        gathered after a man was killed by police", "protests over the killing of")."""
        for at, found in enumerate(self.lemmas):
            if found & w.LETHAL and not set(self.lower[max(0, at - 6):at]) & w.CAUSE:
                return True
        return False

    def shooting(self) -> bool:
        """True when a word of shooting is in the sentence: "fired live rounds", "shot at the
        crowd"; not a fire set ("set fire to tyres", "set on fire")."""
        return any(found & w.LETHAL_IF and not (found & {"fire"} and self.before(at, 2) & {"set", "on", "catch"})
                   for at, found in enumerate(self.lemmas))

    def rioting(self) -> bool:
        """True when a word of rioting says what the crowd did; burning a flag, an effigy or a
        portrait is a protest's symbol, not violence ("protesters burned flags outside the embassy")."""
        def set_fire(at: int, found: frozenset[str]) -> bool:  # "set fire to mattresses", "set cars ablaze"
            return bool(found & {"set"} and self.after(at, 3) & {"fire", "alight", "ablaze"})

        return any((found & w.RIOTING or set_fire(at, found))
                   and not (found & {"burn", "torch", "set"} and self.after(at, 5) & w.SYMBOLS)
                   and not self.charged(at) for at, found in enumerate(self.lemmas))

    def charged(self, index: int) -> bool:
        """True when word ``index`` is what someone was held for: "detained 10 days ago for hurling
        a Molotov cocktail" tells the charge, not what happened."""
        return any(self.lower[j] == "for" and self.lower[j + 1].endswith("ing") and bool(self.before(j, 4) & w.PUNISHED)
                   for j in range(max(1, index - 3), index))

    def says(self, lemmas_: frozenset[str]) -> bool:
        """True when a word of ``lemmas_`` says what happened, not what was protested ("against
        the arrest of", "over unjust detentions")."""
        return any(found & lemmas_ and not (at and self.lower[at - 1] in w.GRIEVANCE) and at != self.protest
                   for at, found in enumerate(self.lemmas))  # the protest itself ("blocked the roads") aside

    def _riot_word(self, index: int) -> bool:
        found = self.lemmas[index]
        if self.charged(index):
            return False  # "detained for hurling a Molotov cocktail": the charge
        if found & {"mob", "lynch"}:
            return True
        if found & {"pelt", "hurl", "throw"} and self.after(index, 3) & {"stone", "rock", "brick", "molotov"}:
            return True  # "pelted stones at police"
        if found & {"respond", "retaliate", "reply"} and self.after(index, 3) & {"stone", "rock", "brick", "molotov", "stick"}:
            return True  # "the students responded with rocks and sticks"
        return bool(found & {"riot", "rioter"}) and not self.after(index, 1) & w.RIOT_NOT

    def territory_follows(self, index: int) -> bool:
        """True when the words after ``index`` name a place or a piece of territory ("seized
        the town of", "captured Kafr Nabl", "took control of"), not a thing ("seized weapons")."""
        for at in range(index + 1, min(len(self.words), index + 5)):
            if self.lower[at] in w.FILLERS:
                continue
            return is_named(self.words[at][2]) or bool(self.lemmas[at] & w.TERRITORY)
        return False

    def struck_at_place(self, index: int) -> bool:
        """True when the word after a strike verb ("at" and "the" skipped) names a place or
        targets ("struck at Aleppo", "striking Homs", "struck targets"), not armed men."""
        for at in range(index + 1, min(len(self.words), index + 4)):
            if self.lower[at] in ("at", "the"):
                continue
            return is_named(self.words[at][2]) or bool(self.lemmas[at] & w.TARGETS)
        return False

    def _party(self, span: range, civilians: frozenset[str] = w.CIVILIANS) -> str | None:
        """"armed" or "civilians": the nearest word of either kind in ``span``, up to a "by"."""
        for at in span:
            if self.lower[at] == "by":
                break
            found = self.lemmas[at]
            of = at + 1 < len(self.words) and self.lower[at + 1] == "of"
            if found & {"member", "group"} and (of or self.words[at][2][:1].isupper()):
                continue  # "members of the militia", "a group of fighters": who they are tells; "Kara Ethnic Group" a name
            if "member" in found or self.people[at]:  # "a party member", "shot a Palestinian"
                found = found | {"civilian"}
            if found & w.ARMED:
                # "an off-duty soldier", "a retired police officer": ACLED counts them among civilians
                return "civilians" if at and self.lower[at - 1] in _OUT_OF_SERVICE and civilians is w.CIVILIANS else "armed"
            if found & civilians and civilians is w.CROWD and at and self.lower[at - 1] in w.UNKNOWN:
                return None  # "unknown people burnt ...": perpetrators no one names, not a crowd
            if found & civilians:
                # "military trucks", "armed groups", "local militia", "village guards": a word of the armed
                # beside it makes it armed
                beside = (self.lemmas[at - 1] if at > 0 else frozenset()) | (
                    self.lemmas[at + 1] if at + 1 < len(self.words) else frozenset())
                return "armed" if beside & w.ARMED else "civilians"
        return None

    def _passive(self, index: int) -> bool:
        """"were killed", "was physically assaulted": an auxiliary in the two words before (in
        lower case or capitalised: "IS shot and killed" is Islamic State, not "is shot")."""
        at, read = index - 1, 0
        while at >= 0 and read < 6:
            word = self.lower[at]
            if word in w.PASSIVE and not self.words[at][2].isupper():
                return True
            # "was tied up and brutally beaten", "were shot and killed": adverbs, particles and a participle before
            if not (word.endswith("ly") or word in ("and", "up", "then", "also", "later") or at >= index - 2
                    or any(word in forms(lemma, "VBN") for lemma in self.lemmas[at])):
                return False
            at, read = at - 1, read + 1
        return False

    def victims(self, index: int) -> str | None:
        """Who an attack or killing at word ``index`` hit: "civilians", "armed", or None when
        the nearest words do not say. A passive ("were killed") has its victims before it; a
        noun of death ("dead", "bodies", "gunshot") on either side, before first."""
        before = range(index - 1, max(-1, index - 1 - AFTER_KILL), -1)
        after = range(index + 1, min(len(self.words), index + 1 + AFTER_KILL))
        if any(noun_form(self.lower[index], lemma) for lemma in self.lemmas[index] & {"raid", "operation", "attack", "assault"}):
            # "during an arrest raid in Jericho, Israeli forces shot ...": the clause after the comma
            # tells who raided, not whom the raid hit
            after = range(index + 1, next((at for at in after if "," in self.text[self.words[at - 1][1]:self.words[at][0]]),
                                          after.stop))
        if self.lemmas[index] & w.BOTH_SIDES:
            return self._party(before) or self._party(after)
        return self._party(before if self._passive(index) else after)

    def blocked_by_force(self) -> bool:
        """True when armed men or the police block (the march, the protesters); not when the
        protesters block the roads themselves."""
        return any(found & {"block"} and at != self.protest and self.agents(at) == "armed"
                   for at, found in enumerate(self.lemmas))

    def agents(self, index: int) -> str | None:
        """Who did what word ``index`` says: "armed", "civilians" (a crowd: residents, youths,
        students, supporters) or None: the nearest word before it, or after "by" in a passive."""
        if self._passive(index):
            stop = min(len(self.words), index + 1 + AFTER_KILL)
            by = next((at for at in range(index + 1, stop) if self.lower[at] == "by"), None)
            return None if by is None else self._party(range(by + 1, stop), w.CROWD)
        before = range(index - 1, max(-1, index - 1 - AFTER_KILL), -1)
        return self._party([at for at in before if not self._after_preposition(at)], w.CROWD)

    def _after_preposition(self, at: int) -> bool:
        """True when word ``at`` is in a phrase of a preposition ("searched for abducted
        residents", "fought alongside the police"): no subject of the verb after it."""
        return any(self.lower[j] in w.PREPOSITIONS and not (  # "hundreds of supporters" are the subject
            self.lower[j] == "of" and j and self.lower[j - 1] in w.QUANTITIES) for j in range(max(0, at - 2), at))




def is_named(word: str) -> bool:
    """A word that could start a place's name: capitalised, no digits ("Kafr", not "US4")."""
    return word[:1].isupper() and not any(c.isdigit() for c in word)
