"""Extraction, clauses: a sentence that tells two events by two doers is read as two.

"Hezbollah fired dozens of rockets at northern Israel on Tuesday, and Israeli jets struck
targets near Nabatieh" tells two events, each with its own doer, place and type; read as one
sentence, the first trigger, the first doer and the best place would be mixed into one record
(Hezbollah's air strike at Nabatieh). ``split_clauses`` cuts such a sentence where a new clause
with its own subject begins: after "; " or ", and" / ", while" / ", whereas" / ", but", when

* each side has a word of harm or fighting (``vocabulary.ACTS``, by lemma) and at least four words;
* the second side begins with its subject, up to four words before its first word of harm
  ("and Israeli jets struck", "while army drones struck"; not "and then shelled", "and killing");
* the sentence tells no protest or riot (a crowd and the police in two clauses are one event:
  "police fired tear gas, and protesters threw stones").

The spans stay inside their sentence, and later stages treat each as a sentence (its quote, its
date: a clause with none takes the one its sentence told before it, as a next sentence would).

In: a text and its sentence spans (``document.split_sentences``). Out: the spans, some cut.
"""

from __future__ import annotations

import re
from typing import Sequence

from . import triggerwords as w
from .sentence import lemmas
from .vocabulary import ACTS

__all__ = ["split_clauses"]

_JOINT = re.compile(r";\s+|,\s+(?:and|while|whereas|but)\s+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_MIN_WORDS = 4
_SUBJECT_WORDS = 4  # the subject's words before the second clause's word of harm
_NO_SUBJECT = frozenset({"then", "later", "also", "again", "subsequently", "in", "at", "on", "near", "to", "from", "with",
                        "by", "for", "of", "as", "after", "before", "during", "it", "was", "were", "is", "are", "has",
                        "have", "had"})
_CROWD = w.PROTEST_NOUNS | w.PROTEST_WORDS | {"riot", "rioter"}


def _acts(words: Sequence[str]) -> list[int]:
    """The positions of the words of harm or fighting among ``words``."""
    return [i for i, word in enumerate(words) if lemmas(word) & ACTS]


def _opens_clause(words: Sequence[str]) -> bool:
    """True when ``words`` begin with a subject and then a word of harm: "Israeli jets struck",
    "army drones struck", not "killing five", "then shelled" (no subject) nor "Idlib and Hama"."""
    if not words or words[0].lower() in _NO_SUBJECT or words[0].endswith(("ly", "ing")):
        return False  # "and then shelled", "and later killed", "and killing"
    found = _acts(words[:_SUBJECT_WORDS + 1])
    return bool(found) and found[0] > 0


def split_clauses(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``sentences`` with each sentence that tells two doers' events cut into its clauses."""
    spans: list[tuple[int, int]] = []
    for start, end in sentences:
        sentence = text[start:end]
        if '"' in sentence or "“" in sentence or not _JOINT.search(sentence):
            spans.append((start, end))
            continue
        if any(lemmas(word) & _CROWD for word in _WORD.findall(sentence)):
            spans.append((start, end))
            continue
        first = start
        for joint in _JOINT.finditer(text, start, end):
            before = _WORD.findall(text, first, joint.start())
            after = _WORD.findall(text, joint.end(), end)
            if (len(before) >= _MIN_WORDS and len(after) >= _MIN_WORDS and _acts(before)
                    and _opens_clause(after)):
                spans.append((first, joint.start() + 1))  # the comma or semicolon ends the first clause
                first = joint.start() + 1
                while first < end and text[first].isspace():
                    first += 1
        spans.append((first, end))
    return spans
