"""Extraction, triggers by lemma: the words that say what happened, in any of their forms.

Owns the lemma lexicon of event words (``LEMMAS``) and the phrases made of several words
(``air raid``, ``opened fire``, ``came under fire``, ``carried out strikes``), and
``lemma_trigger``, which finds the first of them in a sentence. Word forms come from an
established English lemmatiser, LemmInflect (PyPI ``lemminflect``, MIT licence): "struck",
"shelled", "bombarded", "detonated", "clashes" are found by their lemmas, never by lists of
forms.

A few rules read the words around a trigger:

* **In the air**: a strike, hit, attack, bombardment or bombing in a sentence that names aircraft ("jets",
  "warplanes", "drones", "helicopters", "the air force") is an air strike.
* **On the ground**: a bomb the sentence calls a car, roadside, suicide, truck or improvised
  bomb, a church or mosque bombing, is an attack, not an air strike.
* **Light verbs**: "carried out / launched / conducted strikes" is an air strike; "opened fire",
  "came under fire / attack / shelling", "fired (mortars, rockets) at / on" an attack.

In: a sentence's text (the one component that reads it is ``events.mark_triggers``). Out: (event
type, kind, start, end) of the first trigger by type priority, in the sentence's offsets.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllLemmas

__all__ = ["LEMMAS", "lemmas", "lemma_trigger"]

# lemma -> event type (all of kind "event"); the lemmatiser gives the lemma of each form.
LEMMAS: dict[str, str] = {
    **dict.fromkeys(("airstrike", "sortie"), "air strike"),
    **dict.fromkeys(("attack", "bombard", "bombardment", "shell", "shelling", "clash", "offensive", "assault", "storm", "ambush",
                     "detonate", "explode", "explosion", "blast", "assassinate", "skirmish", "firefight",
                     "gunfight", "mortar", "ied", "grenade"), "attack/shelling"),
    **dict.fromkeys(("kill", "wound", "injure", "casualty", "death", "dead"), "casualty report"),
}
_BOMB = frozenset({"bomb", "bombing"})
_AIR_VERBS = frozenset({"strike", "hit", "target", "attack", "bomb", "bombing", "bombard", "bombardment", "pound",
                        "raid"})
_AIRCRAFT = re.compile(r"\b(?:jets?|warplanes?|aircraft|planes|drones?|helicopters?|gunships?|bombers?|"
                       r"air force|air forces|aviation)\b", re.I)
_GROUND_BOMB = frozenset({"car", "roadside", "suicide", "truck", "improvised", "church", "mosque", "vehicle",
                          "parcel", "motorcycle", "pipe", "nail", "barrel"})
_LIGHT = frozenset({"carry", "launch", "conduct", "stage", "mount"})
_WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")
_VOCABULARY = frozenset(LEMMAS) | _BOMB | {"strike", "raid", "fire", "attack", "shelling", "bombardment"}
# The order in which types win when a sentence has several (``events.TRIGGERS``' order).
_PRIORITY = ("air strike", "attack/shelling", "casualty report")


@lru_cache(maxsize=1 << 16)
def lemmas(word: str) -> frozenset[str]:
    """Every lemma of ``word`` (lower-cased), under any part of speech, and the word itself."""
    lower = word.lower()
    found = {lower}
    for forms in getAllLemmas(lower).values():
        found.update(forms)
    return frozenset(found)


def _type_of(words: list[tuple[int, int, str]], index: int, aircraft: bool) -> str | None:
    """The event type word ``index`` says, read with its neighbours; None when it says none."""
    word = words[index][2].lower()
    found = lemmas(word)
    before = [w[2].lower() for w in words[max(0, index - 3):index]]
    after = words[index + 1][2].lower() if index + 1 < len(words) else ""
    if found & _BOMB:
        return "attack/shelling" if _GROUND_BOMB & set(before[-2:]) else "air strike"
    if "strike" in found or "raid" in found:
        if word.startswith("air") or (before and before[-1] in ("air", "drone", "missile")):
            return "air strike"
        if any(lemmas(w) & _LIGHT for w in before) or aircraft:
            return "air strike"  # "carried out strikes", "Russian jets struck"
        return None  # "labour strikes", "a raid on the archives": left to the patterns
    if "fire" in found:  # "opened fire", "came under fire", "fired mortars at"
        if before and (lemmas(before[-1]) & {"open", "under"}) or after in ("at", "on", "upon", "into"):
            return "attack/shelling"
        return None
    kind = next((LEMMAS[lemma] for lemma in found if lemma in LEMMAS), None)
    if kind in ("attack/shelling",) and aircraft and found & _AIR_VERBS:
        return "air strike"  # "drones attacked"
    if kind is None and "under" in before[-1:] and lemmas(word) & {"attack", "shelling", "bombardment"}:
        return "attack/shelling"
    return kind


def lemma_trigger(sentence: str, masked: str) -> tuple[str, int, int] | None:
    """The first event trigger of a sentence by lemma: (event type, start, end) in the
    sentence's offsets, types in ``_PRIORITY`` order and, within a type, the first word.
    ``masked`` is the sentence with asset nouns blanked ("attack helicopters" is no attack)."""
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(masked)]
    aircraft = bool(_AIRCRAFT.search(sentence))
    best: dict[str, tuple[int, int]] = {}
    for index in range(len(words)):
        if not lemmas(words[index][2]) & _VOCABULARY:
            continue  # most words: no trigger, whatever their neighbours
        kind = _type_of(words, index, aircraft)
        if kind is not None and kind not in best:
            best[kind] = words[index][:2]
    for kind in _PRIORITY:
        if kind in best:
            return (kind, *best[kind])
    return None
