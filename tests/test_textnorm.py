import re
import time
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from geo.text.normalise import INVISIBLE, SPACES, normalise


@pytest.mark.parametrize("text, clean, name", [
    ("Shelling in Deir\u00a0ez-Zor overnight", "Shelling in Deir ez-Zor overnight", "Deir\u00a0ez-Zor"),
    ("Jets took off from Lata\u00adkia", "Jets took off from Latakia", "Lata\u00adkia"),
    ("Strikes near Ho\u200bdeidah port", "Strikes near Hodeidah port", "Ho\u200bdeidah"),
    ("Clashes in \u200fEl Fasher\u200e again", "Clashes in El Fasher again", "El Fasher"),
    ("Protest in Sa\u0303o Paulo", "Protest in S\u00e3o Paulo", "Sa\u0303o Paulo"),
    ("\ufeffDrones over Khar\u2060kiv", "Drones over Kharkiv", "Khar\u2060kiv"),
])
def test_invisible_characters_go_and_offsets_point_into_the_original(text, clean, name):
    norm = normalise(text)
    assert norm.text == clean
    target = unicodedata.normalize("NFC", name.translate({ord(c): None for c in INVISIBLE}).replace("\u00a0", " "))
    start = norm.text.index(target)
    a, b = norm.span(start, start + len(target))
    assert text[a:b] == name == norm.quote(start, start + len(target))


def test_ascii_and_space_only_changes_keep_every_offset():
    for text in ("Russian jets struck Homs.", "\u201cWe fled\u201d, she said in\u00a0Aleppo \u2019s east"):
        norm = normalise(text)
        assert norm.identity and norm.span(3, 9) == (3, 9) and len(norm.text) == len(text)


_ALPHABET = st.sampled_from(list("aeoAS zZ-.\n") + list(SPACES + INVISIBLE)
                            + ["\u0301", "\u0303", "\u0308", "\u0327", "\u064e", "\u1100", "\u1161", "\u11a8",
                               "\uac00", "\u212b", "\u2000", "\u00e9", "\u0344", "\U0001d15e", "\u0f73"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join) | st.text(max_size=40))
def test_normal_form_and_a_monotone_map_for_any_text(text):
    norm = normalise(text)
    cleaned = text.translate(str.maketrans(dict.fromkeys(SPACES, " ") | dict.fromkeys(INVISIBLE)))
    assert norm.text == unicodedata.normalize("NFC", cleaned)
    assert not set(norm.text) & set(SPACES + INVISIBLE)
    spans = [norm.span(i, i + 1) for i in range(len(norm.text))]
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(x[0] <= y[0] and x[1] <= y[1] for x, y in zip(spans, spans[1:]))
    for word in re.finditer(r"\w+", norm.text):  # a word of the new text is the same word of the original,
        again = normalise(norm.quote(*word.span())).text  # with at most marks composed into its last letter
        assert again == word.group(0) or re.match(r"\w+", again).group(0) == word.group(0)


@pytest.mark.parametrize("piece", ["Aleppo and Homs, ", "Aleppo\u00a0and\u00a0Homs, ", "Alep\u00adpo and Ho\u200bms, ",
                                   "Sa\u0303o Paulo, "])
def test_time_is_linear_in_the_size_of_the_text(piece):
    def seconds(repeat):
        text = piece * repeat
        began = time.perf_counter()
        normalise(text)
        return time.perf_counter() - began

    seconds(10)  # builds the NFC tables once
    small, big = seconds(20_000), seconds(200_000)
    assert big < 10 * small * 2 + 0.05
