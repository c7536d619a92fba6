"""Extraction, triggers by lemma: the words that say what happened, in any of their forms, and
the ACLED sub-event type they say.

Word forms come from an established English lemmatiser, LemmInflect (PyPI ``lemminflect``, MIT
licence): "struck", "shelled", "kidnapped", "rioters", "torched" are found by their lemmas, never
by lists of forms. The lemma of each trigger word, and the sub-event type it says by default, are
``geo.extract.vocabulary.TRIGGER_LEMMAS``; the rules here read the words around it:

* **In the air**: a strike, hit, attack, raid or bombing in a sentence that names aircraft
  ("jets", "warplanes", "drones", "helicopters", "the air force") is an air/drone strike; so are
  "air/drone strikes", "carried out / launched / conducted strikes" and a barrel bomb.
* **Missiles and guns**: shelling, mortars, rockets, artillery, "missile strikes" with no aircraft
  named: shelling/artillery/missile attack.
* **On the ground**: a bomb the sentence calls a car, roadside, truck or improvised bomb, a
  church or mosque bombing, a bomb that exploded, a landmine, an IED, an explosion or blast:
  remote explosive/landmine/IED; "suicide" with a bomb, bomber, attack or vest, or "blew
  himself up": suicide bomb; a grenade (not a rocket-propelled one): grenade.
* **Who was hit**: an attack, an opened fire or a killing whose victims are civilians
  ("villagers", "worshippers", "a judge", "five people", "a market") is violence against
  civilians (attack); against armed men, or when the text does not say, an armed clash.
  Deaths told with no other word ("three soldiers were killed") are read the same way, at a
  lower rank ("toll"): an attack or strike in the sentence says more.
* **Territory**: captured, seized, overran, took control of a place: a non-state actor overtakes
  territory; recaptured, retook, regained, liberated: the government regains it (``events``
  corrects either by the kind of the actor that did it).
* **Protests and riots**: a sentence about protesters, a demonstration, a rally, a march (not
  the month), a sit-in or a general strike is a protest: a violent demonstration when the
  protesters riot (clashed, threw stones, torched), excessive force when they are shot or
  killed, a protest with intervention when dispersed, tear-gassed or arrested, else peaceful.
  A riot or rioters (not "riot police"): violent demonstration; a mob or lynching: mob violence.
  Only explosions outrank them ("a suicide bomber struck a rally").
* **Strategic developments** (the lowest rank, after deployments): arrests and detentions;
  looting and burned or destroyed houses, shops or crops (torched ones too, unless rioters or a
  mob did it); an agreement or a ceasefire; a base or headquarters set up; a withdrawal or a
  handover; a meeting or talks (other).
* **Shot down**: "shot down", "downed": an armed clash, outranking all (a fight between armed
  forces, the aircraft one of them).

In: a sentence's text (the one component that reads it is ``events.mark_triggers``). Out: per
rank, the first trigger of the best sub-event type, in the sentence's offsets.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllLemmas, getAllLemmasOOV, getInflection

from . import triggerwords as w, vocabulary as v

__all__ = ["RANKS", "lemmas", "lemma_triggers", "lemma_trigger", "asset_pattern"]

# The ranks a trigger may have, best first; ``events`` puts asset and position patterns between.
RANKS = ("first", "violence", "toll", "development")

_NOT_COMPOUND = frozenset({"anti", "cease", "non", "pro", "ex", "post", "pre", "self", "semi", "so", "well", "would"})
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")
_AFTER_KILL = 6  # words read for the victims of an attack or killing
_VOCABULARY = (frozenset(v.TRIGGER_LEMMAS) | w.AIR_VERBS
               | {"fire", "strike", "control", "down", "take", "hand", "blow", "explosive", "exchange", "set", "charge",
                  "confiscate", "baton-charge", "lathi-charge", "release", "free", "swap", "patrol"}
               | w.DESTROY | w.FOUND | {"find", "discover", "recover", "dump", "dumped", "encounter"})
# Every lemma a reader, a protest or a riot is told by: a sentence with none of them has no trigger.
_RELEVANT = (_VOCABULARY | w.PROTEST_NOUNS | w.PROTEST_WORDS | w.GATHER
             | {"walkout", "walk-out", "block", "strike", "turn", "mob", "lynch", "pelt", "hurl", "throw", "riot", "rioter",
                "street", "road", "disperse", "respond", "retaliate", "reply"})  # "took to the streets", "to disperse the crowd"
_EXPLOSIVE = frozenset({v.AIR, v.SHELLING, v.IED, v.SUICIDE, v.GRENADE})
# Within a rank, the sub-event type that wins when a sentence says several.
_ORDER = (v.REGAINS, v.OVERTAKES, v.DISRUPTED, v.SUICIDE, v.AIR, v.SHELLING, v.IED, v.GRENADE, v.ABDUCTION, v.ATTACK,
          v.CLASH, v.VIOLENT_DEMONSTRATION, v.MOB, v.EXCESSIVE, v.INTERVENTION, v.PEACEFUL, v.ARRESTS, v.LOOTING, v.BASE,
          v.AGREEMENT, v.TRANSFER, v.OTHER)
_RANK_OF = {sub: number for number, sub in enumerate(_ORDER)}
_DEVELOPMENTS = frozenset(v.ACLED_TYPES[v.STRATEGIC])


@lru_cache(maxsize=1 << 16)
def lemmas(word: str) -> frozenset[str]:
    """Every lemma of ``word`` (lower-cased), under any part of speech, and the word itself;
    for a word the lemmatiser's dictionary lacks ("torched", "airstrikes"), its rule-based
    verb and noun lemmas."""
    lower = word.lower()
    found = {lower}
    known = getAllLemmas(lower)
    for forms in (known or {**getAllLemmasOOV(lower, "VERB"), **getAllLemmasOOV(lower, "NOUN")}).values():
        found.update(forms)
    head, _, tail = lower.rpartition("-")
    if head and tail and head.split("-")[0] not in _NOT_COMPOUND:
        # "street-fight", "gun-battle", "car-bomb", "re-captured": the compound's last word and the
        # compound written as one word ("shoot-out": "shootout"); not "anti-aircraft" or "cease-fire"
        found |= lemmas(tail) | (lemmas(head.replace("-", "") + tail) if "-" not in tail else frozenset())
    return frozenset(found)


@lru_cache(maxsize=256)
def _forms(lemma: str, *tags: str) -> frozenset[str]:
    """The forms of ``lemma`` with Penn tags ``tags`` (LemmInflect): ("bomb", "NN", "NNS") ->
    {"bomb", "bombs"}; ("down", "VBD") -> {"downed"}; none for a lemma of one letter or none
    (LemmInflect's rules fail on "")."""
    if len(lemma) < 2:
        return frozenset()
    return frozenset(form for tag in tags for form in getInflection(lemma, tag))


def asset_pattern(asset_type: str) -> re.Pattern[str]:
    """The words that say an asset of ``asset_type`` moved ("deployment": "sent", "deployed",
    "reinforcements" ...), as one pattern of the forms of ``vocabulary.ASSET_LEMMAS``."""
    forms = {form for lemma, tags in v.ASSET_LEMMAS[asset_type] for form in _forms(lemma, *tags)}
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) + r")\b", re.I)


def _noun(word: str, lemma: str) -> bool:
    """True when ``word`` is a form of the noun ``lemma`` ("strikes"), not of the verb ("struck")."""
    return word in _forms(lemma, "NN", "NNS")


class _Sentence:
    """A sentence's words, their lemmas, and what the whole sentence says (aircraft, a protest)."""

    def __init__(self, sentence: str, masked: str, people: frozenset[int] = frozenset()):
        self.text = sentence
        self.words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(sentence)]
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
        if "disperse" in found and self._party(range(index + 1, min(len(self.words), index + 1 + _AFTER_KILL)),
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
                   for at, found in enumerate(self.lemmas))

    def says(self, lemmas_: frozenset[str]) -> bool:
        """True when a word of ``lemmas_`` says what happened, not what was protested ("against
        the arrest of", "over unjust detentions")."""
        return any(found & lemmas_ and not (at and self.lower[at - 1] in w.GRIEVANCE) and at != self.protest
                   for at, found in enumerate(self.lemmas))  # the protest itself ("blocked the roads") aside

    def _riot_word(self, index: int) -> bool:
        found = self.lemmas[index]
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
            return _named(self.words[at][2]) or bool(self.lemmas[at] & w.TERRITORY)
        return False

    def struck_at_place(self, index: int) -> bool:
        """True when the word after a strike verb ("at" and "the" skipped) names a place or
        targets ("struck at Aleppo", "striking Homs", "struck targets"), not armed men."""
        for at in range(index + 1, min(len(self.words), index + 4)):
            if self.lower[at] in ("at", "the"):
                continue
            return _named(self.words[at][2]) or bool(self.lemmas[at] & w.TARGETS)
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
                    or any(word in _forms(lemma, "VBN") for lemma in self.lemmas[at])):
                return False
            at, read = at - 1, read + 1
        return False

    def victims(self, index: int) -> str | None:
        """Who an attack or killing at word ``index`` hit: "civilians", "armed", or None when
        the nearest words do not say. A passive ("were killed") has its victims before it; a
        noun of death ("dead", "bodies", "gunshot") on either side, before first."""
        before = range(index - 1, max(-1, index - 1 - _AFTER_KILL), -1)
        after = range(index + 1, min(len(self.words), index + 1 + _AFTER_KILL))
        if any(_noun(self.lower[index], lemma) for lemma in self.lemmas[index] & {"raid", "operation", "attack", "assault"}):
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
            stop = min(len(self.words), index + 1 + _AFTER_KILL)
            by = next((at for at in range(index + 1, stop) if self.lower[at] == "by"), None)
            return None if by is None else self._party(range(by + 1, stop), w.CROWD)
        before = range(index - 1, max(-1, index - 1 - _AFTER_KILL), -1)
        return self._party([at for at in before if not self._after_preposition(at)], w.CROWD)

    def _after_preposition(self, at: int) -> bool:
        """True when word ``at`` is in a phrase of a preposition ("searched for abducted
        residents", "fought alongside the police"): no subject of the verb after it."""
        return any(self.lower[j] in w.PREPOSITIONS and not (  # "hundreds of supporters" are the subject
            self.lower[j] == "of" and j and self.lower[j - 1] in w.QUANTITIES) for j in range(max(0, at - 2), at))




def _named(word: str) -> bool:
    """A word that could start a place's name: capitalised, no digits ("Kafr", not "US4")."""
    return word[:1].isupper() and not any(c.isdigit() for c in word)


def _property_only(sentence: _Sentence, index: int) -> bool:
    """True when an attack at word ``index`` hit property and no one: a word of property is
    what it acted on ("attacked and damaged the building of", "raided and damaged the home"),
    the sentence says it was destroyed, and it names no victim, dead or wounded."""
    hit = sentence.after(index, 6)
    people = w.CIVILIANS - w.PROPERTY  # "damaged the home of an APC leader": a home is no one hit
    span = range(index + 1, min(len(sentence.words), index + 1 + _AFTER_KILL))
    # "raided cattle from civilians": the herd is what was taken, its owners not hit
    livestock = bool(sentence.lemmas[index] & {"raid", "steal", "loot"} and sentence.after(index, 3) & w.LIVESTOCK)
    return (livestock or bool(hit & w.PROPERTY) and bool(hit & w.DESTROY) and sentence._party(span, people) is None
            ) and not sentence.every & (w.TOLL | {"injury", "casualty", "hostage"})


def _police_with_crowd(sentence: _Sentence, index: int) -> bool:
    """True when the police fight a crowd at word ``index``: a police word just before it and
    a crowd "with" or "between" after it ("police officers fought with market vendors",
    "police clashed with residents"); soldiers or militants on either side make it a battle."""
    before = range(index - 1, max(-1, index - 4), -1)
    if not any(sentence.lemmas[at] & w.POLICE for at in before) or any(
            sentence.lemmas[at] & (w.ARMED - w.POLICE - {"force", "officer", "unit", "station"}) for at in before):
        return False
    link = next((at for at in range(index + 1, min(len(sentence.words), index + 3))
                 if sentence.lower[at] in ("with", "between")), None)
    if link is None:
        return False
    return sentence._party(range(link + 1, min(len(sentence.words), link + 1 + _AFTER_KILL)), w.CROWD) == "civilians"


def _violence(sentence: _Sentence, index: int) -> str:
    """An attack at word ``index``: by a crowd (mob violence; a violent demonstration when it
    demonstrates or clashes with the police), on civilians (attack), else a clash."""
    found = sentence.lemmas[index]
    if found & w.CROWD_ACTS and sentence.agents(index) == "civilians":
        # a crowd clashing with the police or demonstrating makes a violent demonstration; groups,
        # families, villagers clashing with each other a mob
        protesting = sentence.protest is not None or bool(sentence.every & ({"protester", "demonstrator", "rioter"} | w.ARMED))
        return v.VIOLENT_DEMONSTRATION if found & {"clash"} and protesting else v.MOB
    if found & w.CROWD_ACTS and _police_with_crowd(sentence, index):
        return v.VIOLENT_DEMONSTRATION if sentence.protest is not None else v.MOB
    victims = sentence.victims(index)
    if victims is None and _noun(sentence.lower[index], "attack") and not sentence.every & w.ARMED and not (
            index and _named(sentence.words[index - 1][2])):
        return v.ATTACK  # "a nerve agent attack", no armed man or named side in sight: on civilians
    if victims is None:
        victims = _harmed(sentence, index)  # "a civilian was injured after militiamen opened fire on a field"
    return v.ATTACK if victims == "civilians" else v.CLASH


def _harmed(sentence: _Sentence, index: int) -> str | None:
    """Who the sentence's other words of harm ("killed", "injured", "wounded") hit, when the
    attack at word ``index`` names no victim: "civilians" when they all hit civilians, else None."""
    hit = {sentence.victims(at) for at, found in enumerate(sentence.lemmas) if at != index and found & _HARM}
    hit.discard(None)
    return "civilians" if hit == {"civilians"} else None


_OUT_OF_SERVICE = frozenset({"off-duty", "retired", "former", "ex", "ex-", "demobilised", "demobilized", "unarmed"})
_HARM = frozenset({"kill", "injure", "wound", "shoot"})
# What a reader answers: (rank, sub-event type); False: the word is no trigger; None: ask the next.
_Read = tuple[str, str] | bool | None


def _interception(s: _Sentence, i: int, found: frozenset[str]) -> _Read:
    """Shot down, intercepted, defused, weapons seized, recovered or found."""
    if found & {"shoot"} and s.after(i, 1) & {"down"} or s.lower[i] in _forms("down", "VBD", "VBN"):  # "shot down a fighter jet"
        return "first", v.DISRUPTED if s.after(i, 6) & w.REMOTE_WEAPONS else v.CLASH
    if found & {"defuse"} or found & {"intercept"} and s.after(i, 6) & (w.REMOTE_WEAPONS | w.PROJECTILES | w.AIRCRAFT):
        return "violence", v.DISRUPTED  # "intercepted two missiles", "defused an IED": no explosion
    if found & {"intercept"}:
        return False  # "gunmen intercepted their car and kidnapped the father": what they did next tells
    if found & {"seize", "confiscate", "recover", "dismantle", "find", "discover"} and s.after(i, 4) & w.ARMS:
        return "violence", v.DISRUPTED  # "seized weapons and grenades", "recovered 153 crude bombs": no attack
    return None


def _explosive(s: _Sentence, i: int, found: frozenset[str]) -> _Read:
    """Suicide bombs, blowing up, bombs in the air or on the ground, mines, grenades."""
    word, before1, after1 = s.lower[i], s.before(i, 1), s.after(i, 1)
    if found & {"suicide"}:
        return ("violence", v.SUICIDE) if s.after(i, 2) & w.SUICIDE_WITH else False
    if found & {"blow"} and s.after(i, 2) & {"himself", "herself", "themselves"}:
        return "violence", v.SUICIDE  # "blew himself up"
    if found & {"blow"} and after1 & {"up"}:
        return "violence", v.IED  # "blew up a railway track"
    if found & {"bomb", "bombing", "bomber"}:
        if before1 & w.GAS:
            return False  # "threw tear gas bombs", "stun bombs": a crowd dispersed, no explosive attack
        if before1 & w.FIRE_BOMB:  # "a petrol bomb was hurled into the house": no remote explosive
            return False if s.protest is not None or s.riot is not None else ("violence", _violence(s, i))
        if before1 & {"mortar", "artillery", "rocket"}:
            return "violence", v.SHELLING  # "mortar bombs"
        if before1 & {"barrel"} or s.aircraft:
            return "violence", v.AIR
        determined = _noun(word, "bomb") and i and s.lower[i - 1] in w.DETERMINERS  # "a bomb": a noun
        if s.before(i, 3) & w.GROUND_BOMB or determined or after1 & {"explode", "detonate", "go", "blast"}:
            return "violence", v.IED
        return ("violence", v.AIR) if "bomber" not in found else False
    if found & {"shell", "canister"} and before1 & w.GAS:
        return False  # "tear gas shells": no shelling
    if found & {"explosive"} and after1 & {"device", "attack", "charge"} or found & {"attack"} and before1 & {
            "explosive", "bomb", "ied"}:
        return "violence", v.IED  # "an explosive device", "remote explosive attacks"
    if found & {"mine"} and (before1 & {"land", "anti-tank", "antitank", "anti-personnel"}
                             or after1 & {"explode", "explosion", "blast", "detonate"}):
        return "violence", v.IED
    if found & {"grenade"}:  # a rocket-propelled grenade or a grenade launcher is a weapon of a clash
        launched = before1 & {"rocket-propelled", "propelled"} or after1 & {"launcher"}
        return "violence", v.CLASH if launched else v.GRENADE
    return None


def _strike(s: _Sentence, i: int, found: frozenset[str]) -> _Read:
    """Strikes and raids: from the air, by missiles, or a raid on the ground; never a labour strike."""
    if not found & {"strike", "raid", "airstrike"}:
        return None
    word, before1 = s.lower[i], s.before(i, 1)
    if s.protest is not None or s.protest_word(i) or before1 & {"general", "hunger", "labour", "labor", "on"}:
        return False
    if word.startswith("air") or before1 & {"air", "drone", "aerial"} or "airstrike" in found:
        return "violence", v.AIR
    if before1 & {"missile", "rocket", "artillery"}:
        return "violence", v.AIR if s.aircraft else v.SHELLING
    hits = _noun(word, "strike") and s.after(i, 3) & w.STRIKE_ON  # "Israeli strikes hit"
    if s.before(i, 3) & w.LIGHT or s.aircraft or hits:
        return "violence", v.AIR  # "carried out strikes", "Russian jets struck"
    if "strike" in found and not s.every & w.ON_THE_GROUND and (s.struck_at_place(i) or s.after(i, 1) & {"by"}):
        return "violence", v.AIR  # "struck at Aleppo", "striking Homs", "the area struck by": from afar
    if "raid" in found and "strike" not in found:
        if _property_only(s, i):
            return "development", v.LOOTING  # "raided and damaged the home of", "raided cattle": no one hurt
        return "violence", _violence(s, i)  # "gunmen raided a village"
    return False  # "a raid on the archives" is left with no type


def _fire(s: _Sentence, i: int, found: frozenset[str]) -> _Read:
    """"opened fire", "came under fire", "fired (mortars, with small arms) at / on", "artillery
    fire", "fired machine guns", "exchanged fire / artillery with"."""
    if found & {"exchange"}:
        exchanged = s.after(i, 3) & {"fire", "gunfire", "artillery", "shot", "shelling", "mortar", "rocket"}
        return ("violence", v.CLASH) if exchanged else None  # a fight of two sides
    if not found & {"fire"}:
        return None
    noun = _noun(s.lower[i], "fire")
    if noun and s.before(i, 2) & w.HEAVY_WEAPONS:
        return "violence", v.SHELLING  # "heavy artillery fire"
    if noun and s.before(i, 2) & w.SMALL_ARMS:
        return "violence", _violence(s, i)  # "machine-gun fire": a clash, unless it hit civilians
    if not noun and _remote_arms(s, i):
        return "violence", v.SHELLING  # "fired grenade launchers at the positions", "fired 14.5mm machine guns"
    reach = 1 if noun else 6  # the noun: "Fire broke out at" is no attack
    aimed = set(s.lower[i + 1:i + 1 + reach]) & {"at", "on", "upon", "into"}
    if not noun and not s.before(i, 1) & {"open", "exchange"} and _at_a_town(s, i):
        return "violence", v.SHELLING  # "Turkey fired on Qamishli and other towns": a town shelled from afar
    # "fired caliber 14.5mm and 12.7mm machine guns": the weapons may come after a few numbers
    if s.before(i, 1) & {"open", "under", "exchange"} or aimed or not noun and s.after(i, 10) & (w.SMALL_ARMS | w.HEAVY_WEAPONS):
        return "violence", _violence(s, i)
    return False


def _at_a_town(s: _Sentence, i: int) -> bool:
    """True when "on" or "at" right after word ``i`` is followed by a name that ends its phrase
    ("fired on Qamishli and other towns", "fired at Kramatorsk."), not by a people's name before
    a noun ("fired at Houthi positions", "fired on Russian troops")."""
    at = i + 1
    if at >= len(s.words) or s.lower[at] not in ("on", "at", "upon", "into"):
        return False
    name = at + 1
    while name < len(s.words) and _named(s.words[name][2]):
        name += 1
    if name == at + 1:
        return False
    end = s.words[name - 1][1]
    following = s.words[name][2] if name < len(s.words) else ""
    return not following or following[:1].islower() and s.lower[name] in w.AFTER_NAME or s.text[end:end + 1] in (",", ".", ";")


_CALIBRE = re.compile(r"^(\d+(?:\.\d+)?)\s?mm$")


def _remote_arms(s: _Sentence, i: int) -> bool:
    """True when the weapons fired (the ten words after word ``i``) are fired from afar:
    grenade launchers, anti-aircraft guns, a calibre of 12.7 mm or more ("14.5mm and 12.7mm
    machine guns"), as ACLED codes them (shelling); not when small arms or rifles are fired too
    (a fight)."""
    window = range(i + 1, min(len(s.words), i + 11))
    found = frozenset().union(*(s.lemmas[j] for j in window)) if window else frozenset()
    if found & {"small", "rifle", "pistol", "kalashnikov", "ak-47"}:
        return False  # "grenade launchers, heavy machine guns and small arms": a fight
    if found & {"launcher", "anti-aircraft", "antiaircraft"}:
        return True
    near = frozenset().union(*(s.lemmas[j] for j in range(i + 1, min(len(s.words), i + 4))))
    if near & (w.HEAVY_WEAPONS - {"tank"} | {"shell", "howitzer", "missile"}) and not near & w.NOT_LETHAL:
        return True  # "fired artillery at the camp", "fired 120mm mortars", "fired rockets at"
    # the words split "14.5mm" at its point: "14", "5mm"
    for j in window:
        whole = s.lower[j - 1] + "." + s.lower[j] if s.lower[j - 1].isdigit() and j - 1 > i else s.lower[j]
        calibre = _CALIBRE.match(whole)
        if calibre is not None and float(calibre.group(1)) >= 12.7:
            return True
    return False


def _territory_and_property(s: _Sentence, i: int, found: frozenset[str]) -> _Read:
    """Control taken, property destroyed, a base set up, a handover."""
    after1 = s.after(i, 1)
    if found & {"control"} and s.before(i, 3) & w.CONTROL:
        return "violence", v.REGAINS if s.before(i, 3) & {"retake", "regain"} else v.OVERTAKES
    if found & {"take"} and after1 & {"over"} and s.after(i, 4) & w.TERRITORY:
        return "violence", v.OVERTAKES
    if found & {"attack"} and s.before(i, 1) & {"arson"}:
        return "development", v.LOOTING  # "an arson attack"
    if found & {"seize", "confiscate"} and not s.territory_follows(i):
        # "militants seized the passengers' phones", "police confiscated three tons of cannabis": property
        # taken; "seized weapons and ammunition": a cache found, an attack disrupted
        return "development", v.DISRUPTED if s.after(i, 6) & w.ARMS else v.LOOTING
    set_fire = found & {"set"} and s.after(i, 3) & {"fire", "alight", "ablaze"}  # "set on fire", "set alight"
    # the thing burnt: after the verb, or before it, further back in a passive ("the car of a man
    # who fed the homeless in Sea Point was set alight")
    if (found & w.DESTROY or set_fire) and (s.after(i, 6) | s.before(i, 24 if s._passive(i) else 4)) & w.PROPERTY:
        tyres = found & {"burn", "set"} and s.after(i, 4) & {"tyre", "tire"}  # burning tyres: a crowd's barricade
        if s.agents(i) == "civilians" or tyres and s.agents(i) != "armed":
            return "violence", v.VIOLENT_DEMONSTRATION  # "residents burnt tyres": a crowd destroys
        return "development", v.LOOTING
    if found & w.FOUND and (not found & {"set"} or after1 & {"up"}) and s.after(i, 4) & w.BASE:
        return "development", v.BASE
    if found & {"hand"} and after1 & {"over"}:
        return "development", v.TRANSFER
    return None


def _release_or_patrol(s: _Sentence, i: int, found: frozenset[str]) -> _Read:
    """"released 67 Taliban prisoners", "freed the hostages", "a prisoner swap": detainees let go;
    "a joint patrol", "conducted a patrol": forces moving without a fight (strategic
    developments; a fight on the patrol is violence, which ranks first)."""
    if found & {"release", "free", "swap", "exchange"} and (s.after(i, 4) | s.before(i, 2)) & w.DETAINEES:
        return "development", v.OTHER
    if found & {"patrol"} and _noun(s.lower[i], "patrol") and (s.before(i, 1) & {"joint"} or s.before(i, 3) & w.LIGHT):
        return "development", v.OTHER
    return None


def _baton_charge(s: _Sentence, i: int, found: frozenset[str]) -> _Read:
    """"police baton-charged traders", "lathi-charged the crowd": force used on people (a
    protest's intervention is read from the whole sentence, ``_crowd``)."""
    word = s.lower[i]
    charged = word.startswith(("baton-charg", "lathi-charg", "lathicharg")) or (
        found & {"charge"} and s.before(i, 1) & {"baton", "lathi", "cane"})
    return ("violence", _violence(s, i)) if charged else None


def _encounter(s: _Sentence, i: int, found: frozenset[str]) -> _Read:
    """"in an encounter with militants", "an encounter broke out between police and rebels":
    South Asia's word for a gunfight, when armed men are its other side and the sentence tells
    it happened (a death, "in an encounter"), not "to avoid any encounter between ... forces"."""
    if "encounter" not in found:
        return None
    armed_side = s.after(i, 5) & w.ARMED and s.after(i, 2) & {"with", "between"}
    told = s.before(i, 3) & {"in", "during"} or s.every & w.TOLL  # "killed in an encounter", not "to avoid an encounter"
    return ("violence", v.CLASH) if armed_side and told else False


def _found_dead(s: _Sentence, i: int, found: frozenset[str]) -> _Read:
    """"the body of a man was found with his hands tied", "bodies bearing gunshot wounds were
    recovered": an attack on a civilian; a body found with no sign of violence says nothing."""
    if found & w.FOUND_BODY and _severed_head(s):
        return "violence", v.ATTACK  # "a male head was found inside a plastic bag": a beheading
    if found & w.FOUND_BODY and s.every & w.BODY:
        return ("violence", v.ATTACK) if s.every & w.SIGNS else False
    return None


def _severed_head(s: _Sentence) -> bool:
    """True when the sentence names a head on its own, not the head of something: "a male head
    was found", "the severed head of a man"."""
    lower = s.lower
    return "severed" in lower or any(word in ("head", "heads") and lower[at + 1:at + 2] != ["of"] and (
        at == 0 or lower[at - 1] not in ("the", "his", "her", "their", "its")) for at, word in enumerate(lower))


def _by_lemma(s: _Sentence, i: int, found: frozenset[str]) -> _Read:
    """The default sub-event type of the word's lemma (``vocabulary.TRIGGER_LEMMAS``), corrected
    by what the sentence says of aircraft, victims, agents and protests."""
    # the longest lemma first: "re-captured" is "recapture" (regains) before "capture"
    sub = next((v.TRIGGER_LEMMAS[lemma] for lemma in sorted(found, key=lambda l: (-len(l), l))
                if lemma in v.TRIGGER_LEMMAS), None)
    if sub in (v.OVERTAKES, v.REGAINS):  # a place or a territory word must follow: not "seized weapons"
        if found & {"seize", "confiscate", "grab"} and s.after(i, 7) & _LAND:
            return "development", v.LOOTING  # "seized a large area of Palestinian-owned land": a land seizure
        return ("violence", sub) if s.territory_follows(i) else False
    if sub is None and found & {"target", "hit", "pound"} and s.aircraft:
        return "violence", v.AIR  # "the air force targeted", "drones hit"
    if sub is None and found & w.LANDED and s.before(i, 4) & w.PROJECTILES and not s.before(i, 4) & w.NOT_LETHAL:
        return "violence", v.SHELLING  # "a Russian missile hit a store", "two mortar shells landed in a camp"
    if sub is None:
        return False
    if sub == v.CLASH and found & w.AIR_VERBS and s.aircraft:
        return "violence", v.AIR  # "drones attacked"
    if sub == v.SHELLING and found & {"missile", "rocket"} and s.aircraft:
        return "violence", v.AIR  # "helicopters fired rockets"
    if sub == v.ABDUCTION and found & {"hostage"} and s.before(i, 4) & {"release", "free", "rescue", "swap", "exchange"}:
        return False  # "freed the hostages": the release is told, not an abduction
    if sub == v.ABDUCTION and s.every & {"kill", "behead", "execute", "stab", "dead"}:
        return "violence", v.ATTACK  # "kidnapped and killed": the killing is the event
    if found & w.TOLL:
        if found & {"shoot"} and not s.after(i, 1) & {"dead"} and not s.victims(i):
            return False
        return "toll", _violence(s, i)
    if sub == v.CLASH and found & {"assault"} and s.after(i, 1) & {"rifle", "weapon"}:
        return False  # "an assault rifle"
    if sub == v.CLASH and found & {"attack", "raid"} and _property_only(s, i):
        return "development", v.LOOTING  # "gunmen attacked and damaged the radio's offices": property, no one hit
    if sub == v.CLASH and found & {"attack", "assault", "ambush", "raid", "offensive"} and s.before(i, 4) & w.REPEL:
        return "violence", v.CLASH  # "repelled 25 assaults", "thwarted an attack": a fight with attackers
    if sub == v.CLASH and found & {"attack", "assault", "ambush", "raid", "storm", "gunshot", "gunfire"}:
        return "violence", _violence(s, i)  # "gunshot wounds" of a man: an attack on a civilian
    if sub == v.CLASH and found & w.CROWD_ACTS and (s.agents(i) == "civilians" or _police_with_crowd(s, i)):
        return "violence", _violence(s, i)  # "students clashed with police"; "two families clashed": a mob
    if sub in (v.PEACEFUL, v.VIOLENT_DEMONSTRATION, v.MOB):
        return False  # protests and riots are read from the whole sentence (``_crowd``)
    if sub == v.TRANSFER and not s.after(i, 1) & {"from"} or sub == v.LOOTING and s.riot is not None:
        return False
    if sub == v.LOOTING and (s.after(i, 6) | s.before(i, 6)) & w.FUNDS:
        return False  # "$4.5 billion was stolen from 1MDB": a fraud, no looting
    return ("development" if sub in _DEVELOPMENTS else "violence"), sub


# Tried in order; the first that answers (a trigger, or False for none) decides.
_READERS = (_interception, _explosive, _strike, _fire, _territory_and_property, _release_or_patrol, _baton_charge,
            _encounter, _found_dead, _by_lemma)


def _read(s: _Sentence, i: int) -> tuple[str, str] | None:
    """(rank, sub-event type) word ``i`` says, read with its neighbours; None when none."""
    if i >= 2 and s.lower[i - 1] == "to" and s.before(i - 1, 2) & w.INTENT:
        return None  # "threatened to attack", "vowed to retake": an intention
    if any(j >= 1 and s.lower[j] in ("of", "with") and s.lemmas[j - 1] & w.ACCUSED
           and (j == i - 1 or s.lower[j + 1].endswith("ing")) for j in (i - 1, i - 2)):
        # "arrested six men accused of fighting for IS", "on charges of kidnapping", "suspected of
        # planting bombs": an accusation, not what happened
        return None
    found = s.lemmas[i]
    for reader in _READERS:
        answer = reader(s, i, found)
        if answer is not None:
            return answer or None
    return None




def _adjective(sentence: _Sentence, index: int) -> bool:
    """True when an abduction or arrest word at ``index`` is a participle describing people
    ("for abducted residents", "the kidnapped girls", "family members of detained lawyers"): a
    word like "the" or "for" before it and a word in lower case after it, neither "by", a
    preposition nor an auxiliary ("those arrested were"): the event told is another."""
    word = sentence.lower[index]
    if not (word.endswith("ed") and sentence.lemmas[index] & {"abduct", "kidnap", "detain", "arrest", "jail"}) or index == 0:
        return False
    after = sentence.lower[index + 1] if index + 1 < len(sentence.words) else ""
    return (sentence.lower[index - 1] in w.BEFORE_ADJECTIVE and after.isalpha() and sentence.words[index + 1][2][:1].islower()
            and after not in ("by", "in", "at", "on", "from", "and", "near", "after", "during", "last", "this", "was",
                              "were", "is", "are", "had", "have", "has"))


def _crowd(sentence: _Sentence) -> tuple[str, int] | None:
    """A protest or riot the sentence tells: (sub-event type, word index), or None."""
    if sentence.protest is not None:
        every = sentence.every
        if sentence.rioting() or sentence.riot is not None:
            return v.VIOLENT_DEMONSTRATION, sentence.protest
        shots = sentence.shooting()
        if sentence.lethal() or shots and not every & w.NOT_LETHAL:
            return v.EXCESSIVE, sentence.protest
        if sentence.says(w.INTERVENE - {"block"}) or sentence.blocked_by_force() or shots:
            return v.INTERVENTION, sentence.protest
        return v.PEACEFUL, sentence.protest
    if sentence.riot is not None:
        is_mob = sentence.lemmas[sentence.riot] & {"mob", "lynch"}
        return (v.MOB if is_mob else v.VIOLENT_DEMONSTRATION), sentence.riot
    return None


_FIRE_WORDS = frozenset({"fire", "gunfire", "artillery", "shelling", "shell", "mortar", "rocket", "shot"})


def _support(sentence: _Sentence, start: int) -> bool:
    """True when the word starting at offset ``start`` is the support of a fight, not the event:
    "backed by coalition air strikes", "with the support of artillery", "under air cover"."""
    index = next((i for i, (s, _, _) in enumerate(sentence.words) if s == start), None)
    # eight words back: "supported by heavy artillery fire and air strikes"
    return index is not None and bool(set(sentence.lower[max(0, index - 8):index]) & w.SUPPORT)


def _two_sided(sentence: _Sentence) -> bool:
    """True when the sentence says the fire went both ways: "in both directions", "in an
    exchange of artillery fire", "the two sides traded shelling" (ACLED's armed clash)."""
    lower = sentence.lower
    return any(word == "both" and lower[i + 1:i + 2] in (["directions"], ["sides"]) for i, word in enumerate(lower)) or any(
        found & {"exchange", "trade"} and sentence.after(i, 3) & _FIRE_WORDS for i, found in enumerate(sentence.lemmas))


def _told_before(sentence: _Sentence, start: int) -> bool:
    """True when the battle word at offset ``start`` tells what came before the event, after
    "after", "following", "since" or "days of" ("killed a man after days of clashes")."""
    index = next((i for i, (s, _, _) in enumerate(sentence.words) if s == start), 0)
    return bool(set(sentence.lower[max(0, index - 4):index]) & (w.CAUSE | {"days", "weeks", "months", "previous", "earlier"}))


_LAND = frozenset({"land", "farmland", "plot", "orchard", "olive", "property", "dunam", "dunum", "acre", "hectare"})
_TO_THE_STREETS = frozenset({"take", "come", "pour", "spill", "flood", "head", "go"})
_DIRECT_FIRE = frozenset({"rifle", "kalashnikov", "ak-47", "gunfire", "sniper"})


def _small_arms_too(sentence: _Sentence) -> bool:
    """True when the sentence names small arms beside the shells ("82mm mortars, grenade
    launchers and small arms", "shots and bursts of fire involving small arms"): ACLED codes
    such a mix of direct and indirect fire as an armed clash."""
    lower = sentence.lower
    return any(word == "small" and lower[i + 1:i + 2] in (["arms"], ["arm"]) for i, word in enumerate(lower)) or any(
        found & _DIRECT_FIRE for found in sentence.lemmas)


def lemma_triggers(sentence: str, masked: str, people: frozenset[int] = frozenset()) -> dict[str, tuple[str, int, int]]:
    """The event triggers of a sentence by lemma, per rank of ``RANKS``: rank -> (sub-event
    type, start, end) in the sentence's offsets, the best type of the rank and, within a type,
    the first word. ``masked`` is the sentence with asset nouns blanked ("attack helicopters"
    is no attack); ``people``, the offsets of words that name a person by nationality ("shot a
    Palestinian", "killed two Afghans")."""
    if not any(lemmas(match.group(0)) & _RELEVANT for match in _WORD.finditer(sentence)):
        return {}  # most sentences: no word any reader asks about (a quick look before reading them whole)
    words = _Sentence(sentence, masked, people)
    best: dict[str, tuple[int, int, int]] = {}  # rank -> (type order, start, end)
    battle = None  # the first explicit battle word ("clashes", "fighting"): (start, end)
    for index in range(len(words.words)):
        if words.masked[index] or not words.lemmas[index] & _VOCABULARY:
            continue  # most words: no trigger, whatever their neighbours
        if _adjective(words, index):
            continue  # "searched for abducted residents", "the kidnapped girls were freed"
        read = _read(words, index)
        if read is None:
            continue
        rank, sub = read
        if sub == v.CLASH and words.lemmas[index] & w.BATTLE and _noun(words.lower[index], "clash") and _told_before(
                words, words.words[index][0]):
            continue  # "shot a man after days of clashes with gangs": the clashes came before
        key = (_RANK_OF[sub], *words.words[index][:2])
        if rank not in best or key < best[rank]:
            best[rank] = key
        if battle is None and sub == v.CLASH and words.lemmas[index] & w.BATTLE:
            battle = words.words[index][:2]
    if battle is not None and best.get("violence", (None,))[0] == _RANK_OF[v.SHELLING] and battle[0] < best["violence"][1]:
        # "a clash ... involving an exchange of shelling"; not "shelling killed 12, as fighting intensified"
        best["violence"] = (_RANK_OF[v.CLASH], *battle)
    if (battle is not None and best.get("violence", (None,))[0] == _RANK_OF[v.ATTACK]
            and not _told_before(words, battle[0])):
        # "four people killed ... in the fighting", "clashes erupted between tribesmen as they opened fire on a
        # truck": those hit in a fight are its casualties (ACLED's battle), not an attack of their own
        best["violence"] = (_RANK_OF[v.CLASH], *battle)
    if best.get("violence", (None,))[0] == _RANK_OF[v.SHELLING] and (_two_sided(words) or _small_arms_too(words)):
        # "shells fired in both directions", "fired mortars, grenade launchers and small arms at": a fight
        best["violence"] = (_RANK_OF[v.CLASH], *best["violence"][1:])
    if battle is not None and best.get("violence", (None,))[0] in (_RANK_OF[v.AIR], _RANK_OF[v.SHELLING]) and _support(
            words, best["violence"][1]):
        best["violence"] = (_RANK_OF[v.CLASH], *battle)  # "forces backed by coalition air strikes repelled attacks"
    crowd = _crowd(words)
    if crowd is not None and not (best.get("violence") and _ORDER[best["violence"][0]] in _EXPLOSIVE):
        sub, index = crowd
        best["violence"] = (_RANK_OF[sub], *words.words[index][:2])
        best.pop("toll", None)
        if best.get("development") and _ORDER[best["development"][0]] in (v.ARRESTS, v.LOOTING):
            best.pop("development")
    return {rank: (_ORDER[order], start, end) for rank, (order, start, end) in best.items()}


def lemma_trigger(sentence: str, masked: str) -> tuple[str, int, int] | None:
    """The first event trigger of a sentence by lemma, the best rank first: (sub-event type,
    start, end) in the sentence's offsets."""
    found = lemma_triggers(sentence, masked)
    return next((found[rank] for rank in RANKS if rank in found), None)
