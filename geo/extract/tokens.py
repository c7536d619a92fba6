"""Extraction, words: the words of a text as character offsets, and what lies around them.

Owns tokenisation for place recognition: the word pattern (abbreviations such as "St." or
"U.S." and hyphenated or apostrophised words are one word; a possessive "'s" is cut off and
remembered), the ``Token`` of one word, the ``Tokens`` sequence that keeps a long text's
words as offsets and makes ``Token`` objects a block at a time, and the small questions
asked of the text around a word: are two words one name (``joined``), does a word open a
sentence (``sentence_start``), which word comes before an offset (``previous_word``).

In: text, already normalised (``geo.text.normalise``). Out: ``Token`` objects whose
``start`` and ``end`` are offsets into that text; no annotation, no gazetteer.
"""

from __future__ import annotations

import bisect
import re
from array import array
from functools import lru_cache
from typing import NamedTuple

__all__ = ["Token", "Tokens", "Words", "EAGER_TOKENS", "tokenise", "word_at", "joined", "sentence_start", "previous_word"]

EAGER_TOKENS = 65_536  # about 300 KB of text: more words than this are kept as offsets
_TOKEN = re.compile(r"(?:St|Ste|Mt|Ft|Pt)\.(?=\s[A-Z])|[A-Z][a-z]?\.(?:[A-Z][a-z]?\.)+|[A-Z](?:\.[A-Z])+"
                    r"|\w+(?:[-'’]\w+)*")
_PARTICLE = re.compile(r"^(?:al|el|ad|ar|as|az|ez|ed|es|an|at|ash|ul|ud|bin|ibn|de|di|da|du)[-’'][A-Z]")
_SENTENCE_END = re.compile(r"[.!?]\s+$|\n\s*$|^\s*$")
_PREVIOUS_WORD = re.compile(r"(\w+)\W*$")


class Token(NamedTuple):  # a tuple: quick to make, and a long report has a million of them
    start: int
    end: int
    text: str
    possessive: bool = False
    capitalised: bool = False  # a capital first (or "al-" and a capital): set by ``Tokens``, asked very often


@lru_cache(maxsize=1 << 16)  # the readers ask it of the same words again and again
def _capitalised(word: str) -> bool:
    return word[:1].isupper() or bool(_PARTICLE.match(word))


class Tokens:
    """The words of a text, as a sequence of ``Token``.

    Kept as offsets (9 bytes a word) and made into ``Token`` objects a block at a time
    when read, the last few blocks kept: the readers go through the words in order and
    look only a few words back or ahead, and a million token objects would take some
    150 MB for a 5 MB report."""

    _BLOCK = 4096
    _KEEP = 4

    def __init__(self, text: str, spans: list[tuple[int, int, bool]] | None = None):
        self._text = text
        spans = _spans(text) if spans is None else spans
        self._starts = array("i", [start for start, _, _ in spans])
        self._ends = array("i", [end for _, end, _ in spans])
        self._possessive = bytearray(possessive for _, _, possessive in spans)
        self._blocks: dict[int, list[Token]] = {}
        self._first, self._block = 0, []

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, index: int | slice) -> Token | list[Token]:
        if isinstance(index, slice):  # "tokens[first + 1:last]": read as a list reads it
            return [self[at] for at in range(*index.indices(len(self._starts)))]
        at = index - self._first
        if 0 <= at < len(self._block):  # the block read last: nearly always
            return self._block[at]
        if not 0 <= index < len(self._starts):
            raise IndexError(index)
        number = index // self._BLOCK
        block = self._blocks.get(number)
        if block is None:
            if len(self._blocks) >= self._KEEP:
                del self._blocks[next(iter(self._blocks))]  # the block made first
            block = self._blocks[number] = self._make(number * self._BLOCK, (number + 1) * self._BLOCK)
        self._first, self._block = number * self._BLOCK, block
        return block[index - self._first]

    def _make(self, first: int, last: int) -> list[Token]:
        starts, ends = self._starts[first:last], self._ends[first:last]
        words = list(map(self._text.__getitem__, map(slice, starts, ends)))
        return list(map(Token._make, zip(starts, ends, words, map(bool, self._possessive[first:last]),
                                         map(_capitalised, words))))


Words = Tokens | list[Token]  # what ``tokenise`` returns: read both the same way, by index


def word_at(words: Words, offset: int) -> int:
    """The index of the first word of ``words`` that starts at or after ``offset``. A
    ``Tokens`` is searched in its offsets, making no word (a search by ``Token`` would make
    the blocks it touches across the whole text, again and again)."""
    if isinstance(words, Tokens):
        return bisect.bisect_left(words._starts, offset)
    return bisect.bisect_left(words, offset, key=lambda t: t.start)


def _spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, possessive) of each word of ``text``: a possessive "'s" and a closing
    apostrophe are cut off the word."""
    spans = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        if text[end - 1] in "sS" and end - start > 2 and text[end - 2] in "'’":
            spans.append((start, end - 2, True))
        elif text[end - 1] in "'’":
            spans.append((start, end - 1, False))
        else:
            spans.append((start, end, False))
    return spans


def tokenise(text: str, *, eager: int = EAGER_TOKENS) -> Words:
    """The words of ``text``: a plain list for a text of at most ``eager`` words (quicker to
    read), a ``Tokens`` of blocks for a longer one (a quarter slower, a tenth the memory)."""
    spans = _spans(text)
    if len(spans) > eager:
        return Tokens(text, spans)
    words = [text[start:end] for start, end, _ in spans]
    return [Token(start, end, word, possessive, _capitalised(word))
            for (start, end, possessive), word in zip(spans, words)]


def joined(text: str, left: Token, right: Token) -> bool:
    """True when two neighbouring tokens may belong to one name (only spaces between)."""
    gap = text[left.end:right.start]
    return not left.possessive and gap in (" ", "-", " - ")


def sentence_start(text: str, token: Token) -> bool:
    """True when ``token`` opens a sentence, a paragraph or a quotation."""
    before = text[max(0, token.start - 3):token.start]
    return token.start == 0 or bool(_SENTENCE_END.search(before)) or before.endswith(("“", '"', "‘"))


def previous_word(text: str, start: int) -> str:
    """The word before offset ``start`` (within 40 characters), lower-cased; "" if none."""
    match = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    return match.group(1).lower() if match else ""
