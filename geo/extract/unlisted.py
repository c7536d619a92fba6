"""Extraction, actors the dictionary lacks: armed groups and forces read from the words that
name them, kept as the text names them ("Fulani militia", "Donbass People's Militia", "PKK").

``find_unlisted`` reads a document's text once (it is part of the actors layer, which
``geo.extract.actors.mark_actors`` sets) and returns ``Unlisted`` spans of four shapes:

* **a name and a word for armed men**: "CODECO militia", "Egyptian military forces", "FPRC
  rebels", "Darfur Joint Protection Forces" (up to four capitalised words, then up to two words
  such as "military", "security", then "forces", "fighters", "militants", "militia", "troops",
  "army", "police" ...): the name is the whole phrase;
* **"fighters of X"**, "militants of the X", "members of X": the name is X;
* **gunmen**: "gunmen", "unknown gunmen", "two armed men", "masked assailants", without "the"
  ("the gunmen" points back at a group told before: the ``group`` cue);
* **an acronym next to a trigger**: two to six capitals with a word of harm or fighting
  (``geo.extract.vocabulary.ACTS``, by lemma) within three words either side ("FPIC clashed with",
  "attacked by ADF"), not a weapon or an outlet ("IED", "APC", "AFP").

What is never a name: a phrase whose capitalised words are all ordinary English words
(LemmInflect knows them, or the stop-list has them: "The", "Security", "Government",
"Special", "Monday"), leading ordinary words being dropped ("The Fulani militia"); a place
(the mentions layer: "Aleppo fighters"), a date, an alias of the dictionary (``known``), a
Roman numeral, a word of an all-capitals headline.

In: a document with its mentions (and, if set, dates) layers. Out: ``Unlisted`` spans, left to
right, possibly overlapping the dictionary's mentions (``mark_actors`` decides).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from lemminflect import getAllLemmas

from .recognise import stoplist
from .vocabulary import ACTS
from .sentence import lemmas

if TYPE_CHECKING:
    from .document import Document

__all__ = ["Unlisted", "find_unlisted"]

_WORD = r"(?:(?:al|el|ad|an|as|ash|at|az)-)?[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*"
_NAME = rf"{_WORD}(?:[ ]{_WORD}){{0,3}}"
_MODIFIERS = (r"(?i:(?:military|security|armed|special|government|defen[cs]e|naval|tribal|ethnic|regular|allied|"
              r"state|federal|national|local|border|republican|presidential|elite)\s+){0,2}")
# Words for armed men, and the kind of actor each makes.
_NOUNS = {
    "communal militia": r"militias?|militiam[ae]n",
    "rebels": r"rebels?|insurgents?",
    "state": r"army|military|police|policem[ae]n|gendarmes?|gendarmerie|troops|soldiers?|commandos?|guards?",
    "armed group": r"forces|force|fighters?|militants?|gunm[ae]n|jihadists?|paramilitar(?:y|ies)|combatants?|"
                   r"brigades?|battalions?",
    "government": r"government|authorities|regime",  # a state's only after its demonym ("the Afghan government")
}
_KINDS = tuple(_NOUNS)
_NOUN = re.compile("|".join(f"(?P<n{i}>{p})" for i, p in enumerate(_NOUNS.values())), re.I)
_OF_NOUNS = re.compile(r"fighters|militants|members|forces|troops|militiamen|gunmen|elements|units|soldiers", re.I)
_GUNMEN_NOUNS = re.compile(r"gunm[ae]n|m[ae]n|assailants|attackers", re.I)
# Each phrase is read around its word for armed men, found first in one pass (a quick search);
# the name before it is read back from at most ``_LOOKBACK`` characters.
_HEAD = re.compile(r"(?<![\w-])(?:" + "|".join(_NOUNS.values()) + r"|members|elements|units|m[ae]n|assailants|attackers"
                   r")(?![\w-])", re.I)
_LOOKBACK = 100
_NAMED = re.compile(rf"(?<![\w.'’-])(?P<name>{_NAME})\s+(?P<mods>{_MODIFIERS})\Z")
_OF = re.compile(rf"\s+of\s+(?:the\s+)?(?P<name>{_NAME})(?![\w-])")
_GUNMEN = re.compile(r"(?<![\w-])(?P<the>(?:the|these|those)\s+)?(?P<mods>(?:(?:unknown|unidentified|suspected|masked|"
                     r"armed|presumed)\s+)*)\Z", re.I)
_ACRONYM = re.compile(r"(?<![\w.'’-])[A-Z]{2,6}(?![\w'’-]|\.\w)")
_ROMAN = re.compile(r"[IVXLCDM]+")
_WORDS = re.compile(r"[\w'’-]+")
# Acronyms that are weapons, vehicles, outlets or units of time, never an actor (and any "...IED":
# RCIED, PBIED).
_NOT_ACTORS = frozenset({
    "IED", "IEDS", "VBIED", "SVBIED", "RPG", "APC", "UAV", "AK", "MRAP", "ATGM", "SAM", "HIMARS", "ATACMS", "MLRS",
    "MANPADS", "BMP", "BTR", "TNT", "ICBM", "GMT", "UTC", "AM", "PM", "TV", "AFP", "AP", "BBC", "CNN", "SANA", "SOHR",
    "HRW", "OCHA", "NGO", "ID", "PCS", "OK", "CEO", "COVID"})
_NEAR = 3  # words either side of an acronym where a trigger word may stand
# A clause's subject of one capitalised word, then a verb: "On 4 May, Imbonerakure attacked ..."
_SUBJECT = re.compile(r"(?:^|(?<=[,;:.]\s)|(?<=\n))(?P<name>[A-Z][a-z][\w'’-]+)\s+(?P<verb>[a-z]+)\b", re.M)


@dataclass(frozen=True, slots=True)
class Unlisted:
    """An actor the dictionary lacks: its span and text, ``name`` as the text gives it, ``kind``
    (a dictionary kind), and where its word for armed men begins (``noun``; ``end`` if none)."""

    start: int
    end: int
    text: str
    name: str
    kind: str
    noun: int


def _ordinary(word: str) -> bool:
    """True for a capitalised word that is an ordinary English word ("The", "Security")."""
    lower = word.lower()
    return lower in _FUNCTION or lower in stoplist() or bool(getAllLemmas(lower))


_FUNCTION = frozenset({"the", "a", "an", "this", "that", "these", "those", "some", "many", "several", "other", "its",
                       "their", "his", "her", "our", "all", "both", "each", "no", "two", "three", "four", "five",
                       "on", "in", "at", "by", "after", "before", "when", "while", "as", "and", "or", "but", "of",
                       "from", "with", "against", "meanwhile", "later", "earlier", "also", "then"})


def _titled(text: str, start: int, head: re.Match[str]) -> bool:
    """True when a name of ordinary words is a name all the same: its word for armed men is
    capitalised too and the text goes on in lower case ("National Police Forces clashed with",
    "National Resistance Forces fired"), not a headline in title case ("Government Forces
    Retake Town"), a sentence's first words ("Security forces") nor one word for a kind of
    unit ("Special Forces")."""
    after = _WORDS.search(text, head.end(), head.end() + 30)
    words = [word for word in _WORDS.findall(text, start, head.start()) if word.lower() not in _FUNCTION]
    return head.group(0)[:1].isupper() and after is not None and after.group(0)[:1].islower() and len(words) >= 2


def _without_function_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a name without its leading function words ("the"); None when nothing is left."""
    for word in _WORDS.finditer(text, start, end):
        if word.group(0).lower() not in _FUNCTION:
            return word.start(), end
    return None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a name without its leading ordinary words; None when nothing else is left."""
    for word in _WORDS.finditer(text, start, end):
        if not _ordinary(word.group(0)):
            return word.start(), end
    return None


class _Spans:
    """The spans of a layer (places or dates) as (start, end, demonym), asked whether one
    touches or covers a stretch of text in logarithmic time: by the running maximum of the
    ends of the spans that start before it (a report of a million characters has thousands)."""

    def __init__(self, spans: list[tuple[int, int, bool]]):
        self.spans = sorted(spans)
        self.starts = [a for a, _, _ in self.spans]
        self._reach = list(accumulate((b for _, b, _ in self.spans), max, initial=-1))
        self._reach_named = list(accumulate((-1 if demonym else b for _, b, demonym in self.spans), max, initial=-1))

    def demonyms(self) -> _Spans:
        return _Spans([span for span in self.spans if span[2]])

    def touches(self, start: int, end: int) -> bool:
        """True when a span overlaps [start, end)."""
        return self._reach[bisect.bisect_left(self.starts, end)] > start

    def covers(self, start: int, end: int, *, demonyms: bool = False) -> bool:
        """True when a span covers [start, end) whole (a demonym's only when ``demonyms``)."""
        reach = self._reach if demonyms else self._reach_named
        return reach[bisect.bisect_right(self.starts, start)] >= end


def _spans(doc: Document, layer: str) -> _Spans:
    try:
        spans = doc.layer(layer)
    except ValueError:
        return _Spans([])
    return _Spans([(s.start, s.end, bool(getattr(s, "demonym", False))) for s in spans])


def _kind(match: re.Match[str]) -> str:
    return next(kind for i, kind in enumerate(_KINDS) if match.group(f"n{i}"))


def _sort(kind: str, text: str, span: tuple[int, int], demonyms: _Spans) -> str | None:
    """The dictionary kind of a name before a word for armed men: a state's when a demonym
    names it ("Nigerien troops"), else a group's; a government only when a demonym alone names
    it ("the Afghan government", "Nigerian authorities"; not "the Obama administration"), else none."""
    demonym = demonyms.touches(*span)
    if kind == "government":
        return "state" if demonym and len(text[span[0]:span[1]].split()) == 1 else None
    return "armed group" if kind == "state" and not demonym else kind


def _near_trigger(text: str, start: int, end: int) -> bool:
    """True when a word of harm or fighting stands within ``_NEAR`` words of [start, end)."""
    before = _WORDS.findall(text, max(0, start - 40), start)[-_NEAR:]
    after = _WORDS.findall(text, end, end + 40)[:_NEAR]
    return any(lemmas(word) & ACTS for word in before + after)


def _headline(text: str, start: int, end: int) -> bool:
    """True when a capitals word stands beside another ("ATTACK ON BASE"): a headline, no acronym."""
    before = _WORDS.findall(text, max(0, start - 20), start)[-1:]
    after = _WORDS.findall(text, end, end + 20)[:1]
    return any(w.isupper() and len(w) > 1 and w not in ("A", "I") for w in before + after)


# After a word in capitals opening a paragraph: a dateline ("KANO, Nigeria, March 18 -", "GAO (AFP) -").
_DATELINE = re.compile(r"\s*(?:,|\(|[-–—]\s)")
_COUNTRY_AFTER = re.compile(r"\s+of\s+(?:the\s+)?")
_AND_COUNTRY = re.compile(r"\s+and\s+(?:the\s+)?")


def _countries(doc: Document) -> dict[int, tuple[int, str]]:
    """The countries the text names by name (not by demonym): start -> (end, the country's name)."""
    try:
        mentions = doc.mentions
    except ValueError:
        return {}
    return {m.start: (m.end, m.name) for m in mentions if m.feature == "country" and not m.demonym and m.name}


def _state_forces(text: str, at: int, end: int, countries: dict[int, tuple[int, str]]) -> list[Unlisted]:
    """The state actors of "(military) forces of Armenia", "troops of India and Pakistan": each
    country named after "of" (and after "and"), a state named by the country's name, the first
    spanning the words for its forces."""
    after = _COUNTRY_AFTER.match(text, end)
    found: list[Unlisted] = []
    while after is not None and after.end() in countries:
        stop, name = countries[after.end()]
        start = at if not found else after.end()
        found.append(Unlisted(start, stop, text[start:stop], name, "state", at if not found else stop))
        after = _AND_COUNTRY.match(text, stop)
    return found


def find_unlisted(doc: Document, *, known: Callable[[str], bool]) -> list[Unlisted]:
    """The actors the dictionary lacks named in ``doc``; ``known(word)`` is True for an alias
    of the dictionary (such an acronym is the dictionary's to read, or to drop)."""
    text = doc.text
    places, dates = _spans(doc, "mentions"), _spans(doc, "dates")
    demonyms = places.demonyms()
    countries = _countries(doc)
    found: list[Unlisted] = []
    for head in _HEAD.finditer(text):
        noun, at = head.group(0), head.start()
        kind = _NOUN.fullmatch(noun)
        named = _NAMED.search(text, max(0, at - _LOOKBACK), at) if kind else None
        span = _trimmed(text, named.start("name"), named.end("name")) if named else None
        if span is None and named is not None and not named.group("mods") and _titled(text, named.start("name"), head):
            span = _without_function_words(text, named.start("name"), named.end("name"))
        sort = _sort(_kind(kind), text, span, demonyms) if span is not None else None
        if sort and not places.covers(*span) and not dates.touches(*span):
            found.append(Unlisted(span[0], head.end(), text[span[0]:head.end()], text[span[0]:head.end()], sort,
                                  named.start("mods")))
        of = _OF.match(text, head.end()) if _OF_NOUNS.fullmatch(noun) else None
        span = _trimmed(text, of.start("name"), of.end("name")) if of else None
        if span is not None and not places.covers(*span) and not dates.touches(*span):
            found.append(Unlisted(at, of.end(), text[at:of.end()], text[span[0]:span[1]], "armed group", of.end()))
        elif of is not None and kind is not None and _kind(kind) in ("state", "armed group"):
            found.extend(_state_forces(text, at, head.end(), countries))
        if _GUNMEN_NOUNS.fullmatch(noun):
            before = _GUNMEN.search(text, max(0, at - 60), at)
            if before is None or before.group("the") or (noun.lower() in ("men", "man") and "armed" not in
                                                           before.group("mods").lower()):
                continue  # "the gunmen": a group told before; "two men": no armed group said
            start = before.start("mods")
            found.append(Unlisted(start, head.end(), text[start:head.end()], text[start:head.end()].lower(),
                                  "armed group", start))
    for match in _SUBJECT.finditer(text):
        word, start, end = match.group("name"), match.start("name"), match.end("name")
        verb = match.group("verb")
        if (_ordinary(word) or known(word) or not any(lemma != verb.lower() for lemma in lemmas(verb) & ACTS)
                or places.touches(start, end) or dates.touches(start, end)):
            continue  # "Imbonerakure attacked": a name of no English word, then a past form of harm
        found.append(Unlisted(start, end, word, word, "armed group", end))
    for match in _ACRONYM.finditer(text):
        word, start, end = match.group(0), match.start(), match.end()
        if (word in _NOT_ACTORS or word.endswith("IED") or _ROMAN.fullmatch(word) or known(word) or lemmas(word) & ACTS
                or places.touches(start, end) or dates.touches(start, end) or _headline(text, start, end)
                or _DATELINE.match(text, end) and not text[max(0, start - 2):start].strip()
                or not _near_trigger(text, start, end)):
            continue
        found.append(Unlisted(start, end, word, word, "armed group", end))
    found.sort(key=lambda u: (u.start, -(u.end - u.start)))
    kept: list[Unlisted] = []
    for candidate in found:
        if kept and candidate.start < kept[-1].end:
            continue
        kept.append(candidate)
    return kept
