"""Extraction, the document: one report's text, its sentences and words, and the layers of
spans the stages annotate once and later stages read.

Owns ``Document`` (in the manner of spaCy's ``Doc``) and the sentence splitter
(``split_sentences``). ``geo.extract.annotate`` builds a report's document through a short
pipeline of ``Document -> Document`` components, each in the module of the stage that owns
its layer; this module imports none of them:

* ``mentions``: place mentions (``places.Mention``), set by ``places.mark_mentions`` from the
  document's own tokens;
* ``offsets``: places given relative to a mention ("12 km south-east of Dabiq", "the road
  between Aleppo and Raqqa": ``relative.Offset``), set by ``relative.mark_offsets`` from the
  mentions;
* ``dates``: date expressions (``geo.text.dates.DateRef``), set by ``mark_dates`` here;
* ``actors``: actor mentions (``actors.ActorMention``), set by ``actors.mark_actors``;
* ``links``: the prepositions that tie each place mention to its sentence (``cues.Link``),
  set by ``cues.mark_links``;
* ``cues``: the phrases the event and claim rules read (``cues.Cue``: casualty figures,
  assets, distances, modal and negating words, asides ...), set by ``cues.mark_cues``;
* ``triggers``: what each sentence says happened (``events.Trigger``), set by
  ``events.mark_triggers`` after the mentions and cues (it searches only sentences that could
  place a record).

Every span has ``start`` and ``end``, character offsets into ``Document.text`` (the
normalised text, ``geo.text.normalise``); a layer is kept sorted by ``start`` and set once.
``between(layer, start, end)`` and ``in_sentence(layer, i)`` find what starts in a range by
bisection, so a stage never scans the raw text again to learn what a sentence holds.
Events and claims read the document's layers and never search its text; merging reads
records.

Sentences are ``(start, end)`` character spans and tokens are ``geo.extract.tokens``'
``Token`` (character offsets too), so either could come from spaCy later
(``spacy.blank("en")`` with its ``sentencizer``: ``(s.start_char, s.end_char)`` for each of
``doc.sents``; ``(t.idx, t.idx + len(t))`` for each token) without changing the layers or
their readers. Switching would change the results, not just the code, so it waits for a
measurement of which sentences and words differ: spaCy's sentencizer ends a sentence after a
``.`` ``!`` ``?`` token and leaves abbreviations to its tokenizer's exceptions ("Gen.",
"U.S."), not to our list, and does not break at a line break alone, where
``split_sentences`` does; its tokenizer splits "al-Assad" at the hyphens and "Syria's" into
two tokens, where ours keeps one word (remembering the possessive), which the place rules
read; the layers' offsets would stay character offsets. Measured on the 793 benchmark
texts: the blank English pipeline with a sentencizer reads 700 texts per CPU-second and
takes 332 MB of packages; ours needs none.

In: a ``Report`` whose text is already normalised. Out: a ``Document`` whose layers its
stages set; no records.
"""

from __future__ import annotations

import bisect
import re
from typing import Sequence

from ..io.reports import Report
from ..text.dates import find_dates
from .tokens import Words, tokenise

__all__ = ["Document", "LAYERS", "split_sentences", "mark_dates"]

LAYERS = ("mentions", "offsets", "dates", "actors", "links", "cues", "triggers")
_ABBREVIATION_CHARS = 8  # "Sept." and the character before it
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|St|Sen|Rep|Gov|No|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.)$")
_LINE = re.compile(r"[^\n]+")
_STOP = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_PARAGRAPH_BREAK = re.compile(r"\n\s*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: breaks at line ends and at . ! ? before a capital or a quote."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for stop in _STOP.finditer(line.group(0)):
            end = line.start() + stop.end()
            dot = line.start() + stop.start() + 1  # the abbreviation, if any, ends here
            if _ABBREVIATION.search(text, max(start, dot - _ABBREVIATION_CHARS), dot):
                continue
            spans.append((start, end))
            start = end
        if line.end() > start:
            spans.append((start, line.end()))
    return [(s, e) for s, e in ((s, e - (len(text[s:e]) - len(text[s:e].rstrip()))) for s, e in spans) if e > s]


def _paragraph_numbers(text: str, spans: Sequence[tuple[int, int]]) -> list[int]:
    """The paragraph of each sentence: how many line breaks (a run of blank lines counts
    once) come before it."""
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
    return [bisect.bisect_left(breaks, start) for start, _ in spans]


class Document:
    """One report's text, its sentences and tokens, and its layers of spans.

    ``sentences`` and ``tokens`` are made when the document is made (from our splitter and
    tokeniser unless given); each layer is set once, by ``set_layer``, by the stage that owns
    it, and read as ``doc.mentions``, ``doc.dates``, ``doc.actors``, ``doc.links``, ``doc.cues``, ``doc.triggers`` (a tuple
    sorted by ``start``) or through ``between`` and ``in_sentence``."""

    __slots__ = ("report", "text", "sentences", "paragraphs", "tokens", "_layers", "_starts")

    def __init__(self, report: Report, *, sentences: Sequence[tuple[int, int]] | None = None,
                 tokens: Words | None = None):
        self.report = report
        self.text = report.text
        self.sentences: tuple[tuple[int, int], ...] = tuple(
            split_sentences(self.text) if sentences is None else sentences)
        self.paragraphs: tuple[int, ...] = tuple(_paragraph_numbers(self.text, self.sentences))
        self.tokens: Words = tokenise(self.text) if tokens is None else tokens
        self._layers: dict[str, tuple] = {}
        self._starts: dict[str, list[int]] = {}

    def __repr__(self) -> str:
        layers = ", ".join(f"{name}={len(spans)}" for name, spans in self._layers.items())
        return f"Document({self.report.id!r}, {len(self.sentences)} sentences, {len(self.tokens)} tokens, {layers})"

    def set_layer(self, name: str, spans) -> None:
        """Set layer ``name`` to ``spans`` (kept in order of ``start``, ties as given); once."""
        if name not in LAYERS:
            raise ValueError(f"Expected a layer among {LAYERS}, instead got: {name!r}.")
        if name in self._layers:
            raise ValueError(f"The layer {name!r} of document {self.report.id!r} is already set.")
        ordered = tuple(sorted(spans, key=lambda span: span.start))
        self._layers[name] = ordered
        self._starts[name] = [span.start for span in ordered]

    def layer(self, name: str) -> tuple:
        """The spans of layer ``name``; an error naming the layer when no stage has set it."""
        try:
            return self._layers[name]
        except KeyError:
            raise ValueError(f"The layer {name!r} of document {self.report.id!r} is not set yet "
                             f"(set: {sorted(self._layers)}).") from None

    @property
    def mentions(self) -> tuple:
        return self.layer("mentions")

    @property
    def dates(self) -> tuple:
        return self.layer("dates")

    @property
    def actors(self) -> tuple:
        return self.layer("actors")

    @property
    def links(self) -> tuple:
        return self.layer("links")

    @property
    def cues(self) -> tuple:
        return self.layer("cues")

    @property
    def triggers(self) -> tuple:
        return self.layer("triggers")

    def between(self, name: str, start: int, end: int) -> tuple:
        """The spans of layer ``name`` that start in [start, end), by bisection."""
        spans, starts = self.layer(name), self._starts[name]
        return spans[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]

    def in_sentence(self, name: str, index: int) -> tuple:
        """The spans of layer ``name`` that start in sentence ``index``."""
        return self.between(name, *self.sentences[index])


def mark_dates(doc: Document) -> Document:
    """The dates layer: every date expression, resolved against the publication date."""
    doc.set_layer("dates", find_dates(doc.text, doc.report.published))
    return doc
