"""Extraction, attribution: what a sentence says someone said or claimed.

* **Statements' dates.** "the group said on Tuesday", "told reporters on Monday", "in a statement
  on Sunday" date the saying, and a dateline ("ADEN, Feb 16 -") the filing, not what is told:
  another date of the sentence dates its event first (``told_dates``).
* **Claims of responsibility.** "Al-Shabaab claimed responsibility for the attack", "JNIM
  claimed the attack": the claimant (``claimant``) is the doer of an attack told just before,
  when the text left that doer unnamed (``UNNAMED``: "gunmen", "suspected militants").

In: a document with its dates and actors layers. Out: plain values for ``geo.extract.events``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from ..text.dates import DateRef

if TYPE_CHECKING:
    from .actors import ActorMention
    from .document import Document

__all__ = ["UNNAMED", "claimant", "told_dates"]

# The date of a statement, not of what it tells: "the group said on Tuesday", "told reporters on
# Monday", "in a statement on Sunday"; not "as reported on 2 May", a note's own date.
_SAID_ON = re.compile(r"(?<!\bas )(?<!\bAs )\b(?:said|says|told\s+(?:[\w.]+\s+){1,2}?|announced|reported|confirmed|"
                      r"claimed|stated|added|warned|tweeted|wrote|posted|"
                      r"in\s+a\s+(?:statement|post|video|communiqu[ée])|"
                      r"at\s+a\s+(?:press|news)\s+conference)\s+(?:(?:late|early)\s+)?(?:on\s+)?$", re.I)
# A dateline's date, when the report was filed: "ADEN, Feb 16 (Example) - ...", "KANO, Nigeria, March 18 -".
_DATELINE_BEFORE = re.compile(r"\s*[A-Z][\w .'’-]{1,40},(?:\s*[A-Z][\w .'’-]{1,40},)?\s*")
_DATELINE_AFTER = re.compile(r"\s*(?:\([^)]{1,40}\)\s*)?[-–—]")
_CLAIMED = re.compile(r"\b(?:claimed|claims|claiming)\s+(?:(?:the\s+)?responsibility|credit|the\s+(?:attack|bombing|"
                      r"blast|killing|assault|ambush|strike))\b", re.I)
# An actor named only by what its men were: an attack's doer that a later claim may name.
UNNAMED = re.compile(r"(?:(?:unknown|unidentified|suspected|masked|armed|two|three|four|several)\s+)*"
                     r"(?:gunm[ae]n|m[ae]n|assailants|attackers|militants|bombers?|fighters)", re.I)


def claimant(doc: Document, start: int, end: int, named: Sequence[ActorMention]) -> str | None:
    """The actor a sentence says claimed an attack ("Al-Shabaab claimed responsibility for the
    attack", "IS claimed the bombing"): the last actor named before the claim, or None."""
    claim = _CLAIMED.search(doc.text, start, end)
    if claim is None:
        return None
    before = [a for a in named if a.end <= claim.start()]
    return before[-1].actor.name if before else None


def told_dates(doc: Document, index: int) -> tuple[list[DateRef], DateRef | None]:
    """The date expressions of sentence ``index`` that may date its event, statements' dates
    left out ("police said on Tuesday that gunmen killed ... on Sunday": Sunday), and the
    first statement's date, the event's when nothing else dates it ("killed 20 people, the
    group said on Tuesday": news tells what happened by then, mostly that day)."""
    told, said = [], []
    start = doc.sentences[index][0]
    for ref in doc.in_sentence("dates", index):
        dateline = _DATELINE_BEFORE.fullmatch(doc.text, start, ref.start) and _DATELINE_AFTER.match(doc.text, ref.end)
        (said if dateline or _SAID_ON.search(doc.text, max(0, ref.start - 40), ref.start) else told).append(ref)
    return told, next((ref for ref in said if ref.date is not None), None)
