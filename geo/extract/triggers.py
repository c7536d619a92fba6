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

What one word says is read by ``geo.extract.readers``, with the sentence's words and lemmas of
``geo.extract.sentence``; this module weighs the words of a sentence against each other (the
best type per rank, a fight that outranks its shells, a protest told by the whole sentence).

In: a sentence's text (the one component that reads it is ``events.mark_triggers``). Out: per
rank, the first trigger of the best sub-event type, in the sentence's offsets.
"""

from __future__ import annotations

from . import triggerwords as w, vocabulary as v
from .readers import describes_people, read_word
from .sentence import WORD, Sentence, lemmas, noun_form

__all__ = ["RANKS", "lemma_triggers", "lemma_trigger"]

# The ranks a trigger may have, best first; ``events`` puts asset and position patterns between.
RANKS = ("first", "violence", "toll", "development")

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
def _crowd(sentence: Sentence) -> tuple[str, int] | None:
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


def _support(sentence: Sentence, start: int) -> bool:
    """True when the word starting at offset ``start`` is the support of a fight, not the event:
    "backed by coalition air strikes", "with the support of artillery", "under air cover"."""
    index = next((i for i, (s, _, _) in enumerate(sentence.words) if s == start), None)
    # eight words back: "supported by heavy artillery fire and air strikes"
    return index is not None and bool(set(sentence.lower[max(0, index - 8):index]) & w.SUPPORT)


def _two_sided(sentence: Sentence) -> bool:
    """True when the sentence says the fire went both ways: "in both directions", "in an
    exchange of artillery fire", "the two sides traded shelling" (ACLED's armed clash)."""
    lower = sentence.lower
    return any(word == "both" and lower[i + 1:i + 2] in (["directions"], ["sides"]) for i, word in enumerate(lower)) or any(
        found & {"exchange", "trade"} and sentence.after(i, 3) & _FIRE_WORDS for i, found in enumerate(sentence.lemmas))


def _in_clause_after(sentence: Sentence, index: int) -> bool:
    """True when the verb at ``index`` lies in a clause of what came before, opened by "after",
    "following" or "since" in the three words before it and after the event the sentence
    already told ("looted shops the day after they attacked the town", "killed five villagers
    after storming the village"); not a noun ("freed the hostages after a raid": the raid freed them)."""
    word = sentence.lower[index]
    heads = sentence.lemmas[index] - {word} or {word}  # the word itself is one of its lemmas
    return bool(set(sentence.lower[max(0, index - 3):index]) & {"after", "following", "since"}) and not any(
        noun_form(word, lemma) for lemma in heads)


def _told_before(sentence: Sentence, index: int) -> bool:
    """True when the battle word at ``index`` tells what came before the event, after
    "after", "following", "since" or "days of" ("killed a man after days of clashes")."""
    return bool(set(sentence.lower[max(0, index - 4):index]) & (w.CAUSE | {"days", "weeks", "months", "previous", "earlier"}))


_DIRECT_FIRE = frozenset({"rifle", "kalashnikov", "ak-47", "gunfire", "sniper"})


def _small_arms_too(sentence: Sentence) -> bool:
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
    if not any(lemmas(match.group(0)) & _RELEVANT for match in WORD.finditer(sentence)):
        return {}  # most sentences: no word any reader asks about (a quick look before reading them whole)
    words = Sentence(sentence, masked, people)
    best: dict[str, tuple[int, int, int]] = {}  # rank -> (type order, start, end)
    battle = None  # the first explicit battle word ("clashes", "fighting"): (start, end)
    battle_at = 0  # its word index
    for index in range(len(words.words)):
        if words.masked[index] or not words.lemmas[index] & _VOCABULARY:
            continue  # most words: no trigger, whatever their neighbours
        if describes_people(words, index):
            continue  # "searched for abducted residents", "the kidnapped girls were freed"
        read = read_word(words, index)
        if read is None:
            continue
        rank, sub = read
        if best and _in_clause_after(words, index):
            continue  # "looted shops in Ndele the day after they attacked the town": what came before
        if sub == v.CLASH and words.lemmas[index] & w.BATTLE and noun_form(words.lower[index], "clash") and _told_before(
                words, index):
            continue  # "shot a man after days of clashes with gangs": the clashes came before
        key = (_RANK_OF[sub], *words.words[index][:2])
        if rank not in best or key < best[rank]:
            best[rank] = key
        if battle is None and sub == v.CLASH and words.lemmas[index] & w.BATTLE:
            battle, battle_at = words.words[index][:2], index
    if battle is not None and best.get("violence", (None,))[0] == _RANK_OF[v.SHELLING] and battle[0] < best["violence"][1]:
        # "a clash ... involving an exchange of shelling"; not "shelling killed 12, as fighting intensified"
        best["violence"] = (_RANK_OF[v.CLASH], *battle)
    if (battle is not None and best.get("violence", (None,))[0] == _RANK_OF[v.ATTACK]
            and not _told_before(words, battle_at)):
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
