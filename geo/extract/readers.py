"""Extraction, the readers of a trigger word: what one word says happened, read with the words
around it (``read_word``), one reader after another (an interception, an explosive, a strike,
fire, territory and property, a release or a patrol, a baton charge, an encounter, a body found,
and last the default type of the word's lemma, ``vocabulary.TRIGGER_LEMMAS``), and whether a word
of abduction or arrest only describes people (``describes_people``).

In: a ``geo.extract.sentence.Sentence`` and a word's index. Out: (rank, sub-event type), or None.
"""

from __future__ import annotations

import re

from . import triggerwords as w, vocabulary as v
from .sentence import AFTER_KILL, Sentence, forms, is_named, noun_form

__all__ = ["read_word", "describes_people", "violence"]

_DEVELOPMENTS = frozenset(v.ACLED_TYPES[v.STRATEGIC])
_LAND = frozenset({"land", "farmland", "plot", "orchard", "olive", "property", "dunam", "dunum", "acre", "hectare"})


def _property_only(sentence: Sentence, index: int) -> bool:
    """True when an attack at word ``index`` hit property and no one: a word of property is
    what it acted on ("attacked and damaged the building of", "raided and damaged the home"),
    the sentence says it was destroyed, and it names no victim, dead or wounded."""
    hit = sentence.after(index, 6)
    people = w.CIVILIANS - w.PROPERTY  # "damaged the home of an APC leader": a home is no one hit
    span = range(index + 1, min(len(sentence.words), index + 1 + AFTER_KILL))
    # "raided cattle from civilians": the herd is what was taken, its owners not hit
    livestock = bool(sentence.lemmas[index] & {"raid", "steal", "loot"} and sentence.after(index, 3) & w.LIVESTOCK)
    return (livestock or bool(hit & w.PROPERTY) and bool(hit & w.DESTROY) and sentence._party(span, people) is None
            ) and not sentence.every & (w.TOLL | {"injury", "casualty", "hostage"})


def _police_with_crowd(sentence: Sentence, index: int) -> bool:
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
    return sentence._party(range(link + 1, min(len(sentence.words), link + 1 + AFTER_KILL)), w.CROWD) == "civilians"


def violence(sentence: Sentence, index: int) -> str:
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
    if victims is None and noun_form(sentence.lower[index], "attack") and not sentence.every & w.ARMED and not (
            index and is_named(sentence.words[index - 1][2])):
        return v.ATTACK  # "a nerve agent attack", no armed man or named side in sight: on civilians
    if victims is None:
        victims = _harmed(sentence, index)  # "a civilian was injured after militiamen opened fire on a field"
    return v.ATTACK if victims == "civilians" else v.CLASH


def _harmed(sentence: Sentence, index: int) -> str | None:
    """Who the sentence's other words of harm ("killed", "injured", "wounded") hit, when the
    attack at word ``index`` names no victim: "civilians" when they all hit civilians, else None."""
    hit = {sentence.victims(at) for at, found in enumerate(sentence.lemmas) if at != index and found & _HARM}
    hit.discard(None)
    return "civilians" if hit == {"civilians"} else None


_HARM = frozenset({"kill", "injure", "wound", "shoot"})
# What a reader answers: (rank, sub-event type); False: the word is no trigger; None: ask the next.
_Read = tuple[str, str] | bool | None


def _interception(s: Sentence, i: int, found: frozenset[str]) -> _Read:
    """Shot down, intercepted, defused, weapons seized, recovered or found."""
    if found & {"shoot"} and s.after(i, 1) & {"down"} or s.lower[i] in forms("down", "VBD", "VBN"):  # "shot down a fighter jet"
        return "first", v.DISRUPTED if s.after(i, 6) & w.REMOTE_WEAPONS else v.CLASH
    if found & {"defuse"} or found & {"intercept"} and s.after(i, 6) & (w.REMOTE_WEAPONS | w.PROJECTILES | w.AIRCRAFT):
        return "violence", v.DISRUPTED  # "intercepted two missiles", "defused an IED": no explosion
    if found & {"intercept"}:
        return False  # "gunmen intercepted their car and kidnapped the father": what they did next tells
    if found & {"seize", "confiscate", "recover", "dismantle", "find", "discover"} and s.after(i, 4) & w.ARMS:
        return "violence", v.DISRUPTED  # "seized weapons and grenades", "recovered 153 crude bombs": no attack
    return None


def _explosive(s: Sentence, i: int, found: frozenset[str]) -> _Read:
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
            return False if s.protest is not None or s.riot is not None else ("violence", violence(s, i))
        if before1 & {"mortar", "artillery", "rocket"}:
            return "violence", v.SHELLING  # "mortar bombs"
        if before1 & {"barrel"} or s.aircraft:
            return "violence", v.AIR
        determined = noun_form(word, "bomb") and i and s.lower[i - 1] in w.DETERMINERS  # "a bomb": a noun
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


def _strike(s: Sentence, i: int, found: frozenset[str]) -> _Read:
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
    hits = noun_form(word, "strike") and s.after(i, 3) & w.STRIKE_ON  # "Israeli strikes hit"
    if s.before(i, 3) & w.LIGHT or s.aircraft or hits:
        return "violence", v.AIR  # "carried out strikes", "Russian jets struck"
    if "strike" in found and not s.every & w.ON_THE_GROUND and (s.struck_at_place(i) or s.after(i, 1) & {"by"}):
        return "violence", v.AIR  # "struck at Aleppo", "striking Homs", "the area struck by": from afar
    if "raid" in found and "strike" not in found:
        if _property_only(s, i):
            return "development", v.LOOTING  # "raided and damaged the home of", "raided cattle": no one hurt
        return "violence", violence(s, i)  # "gunmen raided a village"
    return False  # "a raid on the archives" is left with no type


def _fire(s: Sentence, i: int, found: frozenset[str]) -> _Read:
    """"opened fire", "came under fire", "fired (mortars, with small arms) at / on", "artillery
    fire", "fired machine guns", "exchanged fire / artillery with"."""
    if found & {"exchange"}:
        exchanged = s.after(i, 3) & {"fire", "gunfire", "artillery", "shot", "shelling", "mortar", "rocket"}
        return ("violence", v.CLASH) if exchanged else None  # a fight of two sides
    if not found & {"fire"}:
        return None
    noun = noun_form(s.lower[i], "fire")
    if noun and s.before(i, 2) & w.HEAVY_WEAPONS:
        return "violence", v.SHELLING  # "heavy artillery fire"
    if noun and s.before(i, 2) & w.SMALL_ARMS:
        return "violence", violence(s, i)  # "machine-gun fire": a clash, unless it hit civilians
    if not noun and _remote_arms(s, i):
        return "violence", v.SHELLING  # "fired grenade launchers at the positions", "fired 14.5mm machine guns"
    reach = 1 if noun else 6  # the noun: "Fire broke out at" is no attack
    aimed = set(s.lower[i + 1:i + 1 + reach]) & {"at", "on", "upon", "into"}
    if not noun and not s.before(i, 1) & {"open", "exchange"} and _at_a_town(s, i):
        return "violence", v.SHELLING  # "Turkey fired on Qamishli and other towns": a town shelled from afar
    # "fired caliber 14.5mm and 12.7mm machine guns": the weapons may come after a few numbers
    if s.before(i, 1) & {"open", "under", "exchange"} or aimed or not noun and s.after(i, 10) & (w.SMALL_ARMS | w.HEAVY_WEAPONS):
        return "violence", violence(s, i)
    return False


def _at_a_town(s: Sentence, i: int) -> bool:
    """True when "on" or "at" right after word ``i`` is followed by a name that ends its phrase
    ("fired on Qamishli and other towns", "fired at Kramatorsk."), not by a people's name before
    a noun ("fired at Houthi positions", "fired on Russian troops")."""
    at = i + 1
    if at >= len(s.words) or s.lower[at] not in ("on", "at", "upon", "into"):
        return False
    name = at + 1
    while name < len(s.words) and is_named(s.words[name][2]):
        name += 1
    if name == at + 1:
        return False
    end = s.words[name - 1][1]
    following = s.words[name][2] if name < len(s.words) else ""
    return not following or following[:1].islower() and s.lower[name] in w.AFTER_NAME or s.text[end:end + 1] in (",", ".", ";")


_CALIBRE = re.compile(r"^(\d+(?:\.\d+)?)\s?mm$")


def _remote_arms(s: Sentence, i: int) -> bool:
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


def _territory_and_property(s: Sentence, i: int, found: frozenset[str]) -> _Read:
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


def _release_or_patrol(s: Sentence, i: int, found: frozenset[str]) -> _Read:
    """"released 67 Taliban prisoners", "freed the hostages", "a prisoner swap": detainees let go;
    "a joint patrol", "conducted a patrol": forces moving without a fight (strategic
    developments; a fight on the patrol is violence, which ranks first)."""
    if found & {"release", "free", "swap", "exchange"} and (s.after(i, 4) | s.before(i, 2)) & w.DETAINEES:
        return "development", v.OTHER
    if found & {"patrol"} and noun_form(s.lower[i], "patrol") and (s.before(i, 1) & {"joint"} or s.before(i, 3) & w.LIGHT):
        return "development", v.OTHER
    return None


def _baton_charge(s: Sentence, i: int, found: frozenset[str]) -> _Read:
    """"police baton-charged traders", "lathi-charged the crowd": force used on people (a
    protest's intervention is read from the whole sentence, ``_crowd``)."""
    word = s.lower[i]
    charged = word.startswith(("baton-charg", "lathi-charg", "lathicharg")) or (
        found & {"charge"} and s.before(i, 1) & {"baton", "lathi", "cane"})
    return ("violence", violence(s, i)) if charged else None


def _encounter(s: Sentence, i: int, found: frozenset[str]) -> _Read:
    """"in an encounter with militants", "an encounter broke out between police and rebels":
    South Asia's word for a gunfight, when armed men are its other side and the sentence tells
    it happened (a death, "in an encounter"), not "to avoid any encounter between ... forces"."""
    if "encounter" not in found:
        return None
    armed_side = s.after(i, 5) & w.ARMED and s.after(i, 2) & {"with", "between"}
    told = s.before(i, 3) & {"in", "during"} or s.every & w.TOLL  # "killed in an encounter", not "to avoid an encounter"
    return ("violence", v.CLASH) if armed_side and told else False


def _found_dead(s: Sentence, i: int, found: frozenset[str]) -> _Read:
    """"the body of a man was found with his hands tied", "bodies bearing gunshot wounds were
    recovered": an attack on a civilian; a body found with no sign of violence says nothing."""
    if found & w.FOUND_BODY and _severed_head(s):
        return "violence", v.ATTACK  # "a male head was found inside a plastic bag": a beheading
    if found & w.FOUND_BODY and s.every & w.BODY:
        return ("violence", v.ATTACK) if s.every & w.SIGNS else False
    return None


def _severed_head(s: Sentence) -> bool:
    """True when the sentence names a head on its own, not the head of something: "a male head
    was found", "the severed head of a man"."""
    lower = s.lower
    return "severed" in lower or any(word in ("head", "heads") and lower[at + 1:at + 2] != ["of"] and (
        at == 0 or lower[at - 1] not in ("the", "his", "her", "their", "its")) for at, word in enumerate(lower))


def _by_lemma(s: Sentence, i: int, found: frozenset[str]) -> _Read:
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
        return "toll", violence(s, i)
    if sub == v.CLASH and found & {"assault"} and s.after(i, 1) & {"rifle", "weapon"}:
        return False  # "an assault rifle"
    if sub == v.CLASH and found & {"attack", "raid"} and _property_only(s, i):
        return "development", v.LOOTING  # "gunmen attacked and damaged the radio's offices": property, no one hit
    if sub == v.CLASH and found & {"attack", "assault", "ambush", "raid", "offensive"} and s.before(i, 4) & w.REPEL:
        return "violence", v.CLASH  # "repelled 25 assaults", "thwarted an attack": a fight with attackers
    if sub == v.CLASH and found & {"attack", "assault", "ambush", "raid", "storm", "gunshot", "gunfire"}:
        return "violence", violence(s, i)  # "gunshot wounds" of a man: an attack on a civilian
    if sub == v.CLASH and found & w.CROWD_ACTS and (s.agents(i) == "civilians" or _police_with_crowd(s, i)):
        return "violence", violence(s, i)  # "students clashed with police"; "two families clashed": a mob
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


def read_word(s: Sentence, i: int) -> tuple[str, str] | None:
    """(rank, sub-event type) word ``i`` says, read with its neighbours; None when none."""
    if i >= 2 and s.lower[i - 1] == "to" and s.before(i - 1, 2) & w.INTENT:
        return None  # "threatened to attack", "vowed to retake": an intention
    if any(j >= 1 and s.lower[j] in ("of", "with") and s.lemmas[j - 1] & w.ACCUSED
           and (j == i - 1 or s.lower[j + 1].endswith("ing")) for j in (i - 1, i - 2)):
        # "arrested six men accused of fighting for IS", "on charges of kidnapping", "suspected of
        # planting bombs": an accusation, not what happened
        return None
    if s.lower[i].endswith("ing") and s.charged(i):
        return None  # "activists detained 10 days ago for hurling a Molotov cocktail": the charge, not the event
    found = s.lemmas[i]
    for reader in _READERS:
        answer = reader(s, i, found)
        if answer is not None:
            return answer or None
    return None




def describes_people(sentence: Sentence, index: int) -> bool:
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
