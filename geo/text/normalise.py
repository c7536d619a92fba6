"""Report text normalised before matching, with a map back to the original offsets.

Names in reports arrive with characters a reader never sees: a no-break space in
"Deir ez-Zor", a soft hyphen inside "Latakia", a right-to-left mark or a zero-width
space from a copy-paste, "São Paulo" with the tilde as a combining character.
``normalise`` makes the text the matchers read:

* no-break and other Unicode spaces (U+00A0, U+1680, U+2000-U+200A, U+202F,
  U+205F, U+3000) become ``" "``, one for one;
* soft hyphens, zero-width characters, bidi marks and controls and the byte order
  mark (U+00AD, U+200B-U+200F, U+202A-U+202E, U+2060-U+2064, U+2066-U+2069,
  U+FEFF) are removed;
* the result is in Unicode normal form NFC (composed accents).

It returns a ``Normalised``: the new text and the edits that made it, so that any
span of the new text maps back to the span of the original that holds the same
characters (``span``, ``quote``). Every offset that leaves the pipeline goes
through it, so offsets always point into ``Report.text``.

Speed: pure-ASCII text is returned as it is, and so is text in which only spaces
change (the common case of curly quotes and no-break spaces); otherwise the work is
a few C-level passes (``str.translate``, ``unicodedata``, numpy over the code points)
and a Python step only for the runs of characters that change, so time is linear in
the text and memory is the new text, one byte per character and 16 bytes per edit.
"""

from __future__ import annotations

import bisect
import unicodedata
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

import numpy as np

__all__ = ["Normalised", "normalise", "SPACES", "INVISIBLE"]

SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
INVISIBLE = ("\u00ad" + "".join(map(chr, range(0x200B, 0x2010))) + "".join(map(chr, range(0x202A, 0x202F)))
             + "".join(map(chr, range(0x2060, 0x2065))) + "".join(map(chr, range(0x2066, 0x206A))) + "\ufeff")

_TO_SPACE = str.maketrans(dict.fromkeys(SPACES, " "))
_CLEAN = str.maketrans(dict.fromkeys(SPACES, " ") | dict.fromkeys(INVISIBLE))
# The last code point with a canonical decomposition or a combining class (CJK
# compatibility ideographs end at U+2FA1D); nothing after it changes under NFC.
_LAST_COMPOSING = 0x2FA1F
_SPLIT_MAX = 64
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Normalised:
    """The normalised ``text`` of ``original`` and the edits between them.

    Each edit replaced ``original[orig_start[k]:orig_end[k]]`` by
    ``text[norm_start[k]:norm_end[k]]`` (empty for a removal); between edits the two
    texts are the same character for character.
    """

    text: str
    original: str
    _orig_start: array = field(default_factory=lambda: array("i"), repr=False)
    _orig_end: array = field(default_factory=lambda: array("i"), repr=False)
    _norm_start: array = field(default_factory=lambda: array("i"), repr=False)
    _norm_end: array = field(default_factory=lambda: array("i"), repr=False)

    @property
    def identity(self) -> bool:
        """True when every offset of ``text`` is the same offset of ``original``."""
        return not self._orig_start

    def _char(self, index: int) -> tuple[int, int]:
        """The original span of the character at ``index`` of ``text`` (an empty span at
        the original's end for ``index == len(text)``)."""
        k = bisect.bisect_right(self._norm_end, index)  # edits wholly before the character
        if k < len(self._norm_start) and self._norm_start[k] <= index:
            return self._orig_start[k], self._orig_end[k]  # made by an edit: the edit's whole span
        start = index if k == 0 else self._orig_end[k - 1] + index - self._norm_end[k - 1]
        return start, start + (index < len(self.text))

    def start(self, index: int) -> int:
        """The original offset where the character at ``index`` begins."""
        return index if self.identity else self._char(index)[0]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span holding the characters of ``text[start:end]``; invisible
        characters inside it are inside the result, those around it are left out."""
        if self.identity:
            return start, end
        first = self._char(start)[0]
        return (first, first) if end <= start else (first, self._char(end - 1)[1])

    def quote(self, start: int, end: int) -> str:
        """``original`` over the span of ``text[start:end]``."""
        a, b = self.span(start, end)
        return self.original[a:b]


@lru_cache(maxsize=2)
def _table(composed: bool) -> np.ndarray:
    """Code point -> True for the characters a run of edits is made of: the invisible
    ones, and unless the text is already composed, those NFC may change (they combine,
    recompose, or compose with the character before them). Built on first use (a pass
    over the code points up to U+2FA1F); the last entry, False, stands for every
    code point after it."""
    table = np.zeros(_LAST_COMPOSING + 1, dtype=bool)
    table[[ord(c) for c in INVISIBLE]] = True
    if composed:
        return table
    table[0x1161:0x1176] = table[0x11A8:0x11C3] = True  # Hangul vowels and final consonants
    for cp in range(_LAST_COMPOSING):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        char = chr(cp)
        if unicodedata.combining(char) or unicodedata.normalize("NFC", char) != char:
            table[cp] = True
        parts = unicodedata.decomposition(char).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            table[int(parts[1], 16)] = True  # may compose with the character before it
    return table


def _runs(text: str, table: np.ndarray) -> Iterator[tuple[int, int]]:
    """(start, end) of the runs of ``text`` whose characters the table marks, found
    with numpy a chunk at a time (memory: one byte per character, plus the chunk)."""
    flags = np.zeros(len(text) + 2, dtype=bool)  # one False on each side
    for at in range(0, len(text), _CHUNK):
        codes = np.frombuffer(text[at:at + _CHUNK].encode("utf-32-le"), dtype=np.uint32)
        flags[at + 1:at + 1 + len(codes)] = table[np.minimum(codes, _LAST_COMPOSING)]
    edges = np.flatnonzero(flags[1:] != flags[:-1])
    return zip(edges[0::2].tolist(), edges[1::2].tolist())


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_CLEAN))


def _pieces(run: str, whole: str) -> list[tuple[int, int, str]]:
    """(offset, length, normalised piece) of a run NFC changes, cut wherever cutting
    does not change the result (between two accented letters, before a lone
    precomposed letter), so that each new character maps back to the few original
    characters it was made of. Runs longer than ``_SPLIT_MAX`` stay whole."""
    if len(whole) <= 1 or len(run) > _SPLIT_MAX:  # one new character ("a" + U+0303): nothing to cut
        return [(0, len(run), whole)]
    pieces, start, rest = [], 0, whole
    for cut in range(1, len(run)):
        head, tail = _clean(run[start:cut]), _clean(run[cut:])
        if head + tail == rest:
            pieces.append((start, cut - start, head))
            start, rest = cut, tail
    pieces.append((start, len(run) - start, rest))
    return pieces


def normalise(text: str) -> Normalised:
    """``text`` normalised for matching (see the module's docstring), with its offset map."""
    if text.isascii():
        return Normalised(text, text)
    cleaned = text.translate(_CLEAN)
    composed = unicodedata.is_normalized("NFC", cleaned)
    if composed and len(cleaned) == len(text):
        return Normalised(cleaned, text)  # spaces changed one for one: offsets stay
    edits = [array("i") for _ in range(4)]
    shift = 0  # len(new text) - len(original) so far
    spaced = text.translate(_TO_SPACE)
    parts, done = [], 0
    for start, end in _runs(spaced, _table(composed)):
        if not composed and start > 0:
            start -= 1  # the character before a run may compose with it ("a" + U+0303)
        old = spaced[start:end]
        new = _clean(old)
        if new == old:
            continue
        for offset, length, piece in _pieces(old, new):
            if piece == old[offset:offset + length]:
                continue
            at = start + offset
            for column, value in zip(edits, (at, at + length, at + shift, at + shift + len(piece))):
                column.append(value)
            shift += len(piece) - length
        parts += (spaced[done:start], new)
        done = end
    parts.append(spaced[done:])
    return Normalised("".join(parts), text, *edits)
