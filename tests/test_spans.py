"""Lookups that keep long reports fast answer exactly as a scan of every span or word would."""

from __future__ import annotations

import bisect
import random

from geo.extract.tokens import tokenise, word_at
from geo.extract.unlisted import _Spans


def test_spans_touch_and_cover_as_a_scan_says():
    rng = random.Random(7)
    for _ in range(200):
        spans = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 200)
            spans.append((start, start + rng.randint(1, 30), rng.random() < 0.3))
        index = _Spans(spans)
        for _ in range(20):
            start = rng.randint(0, 230)
            end = start + rng.randint(1, 25)
            assert index.touches(start, end) == any(a < end and start < b for a, b, _ in spans)
            assert index.covers(start, end) == any(a <= start and end <= b and not d for a, b, d in spans)
            assert index.covers(start, end, demonyms=True) == any(a <= start and end <= b for a, b, _ in spans)
            assert index.demonyms().touches(start, end) == any(a < end and start < b for a, b, d in spans if d)


def test_the_word_at_an_offset_is_found_in_a_long_text_as_in_a_short_one():
    text = " ".join(f"Shelling hit Homs on day {n}." for n in range(3000))
    blocks, words = tokenise(text, eager=100), tokenise(text)
    for offset in (0, 1, 5, 1000, 40_000, len(text) - 3, len(text)):
        assert word_at(blocks, offset) == word_at(words, offset) == bisect.bisect_left([w.start for w in words], offset)
