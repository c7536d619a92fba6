"""Transliteration variants of place names: one key for the usual spellings of one name.

Owns ``variant_key`` (the strong key: spellings that differ only by the usual transliteration
habits give the same key), ``variant_keys`` (that key plus weaker readings worth indexing) and a
bounded edit distance on keys (``edit_distance``, ``similar``) for the last step of matching,
among candidates that context already allows. Built on ``keys.name_key``; ``keys`` is unchanged.

The rules, in the order they run (each word is folded on its own; see the tests for pairs):

1. Marks: ayn, hamza and apostrophes (' ` ‘ ’ ʿ ʾ ʻ ʼ ´ ′ ...) vanish, but an apostrophe before a
   word-final "a" marks a long final vowel ("Sana'a", "Dar'a" -> "...aa"). Zero-width and other
   format characters vanish; other punctuation separates words. Letters NFKD does not fold are
   mapped (ı ł đ ø ß ð þ ə and the Hausa hooked letters ɓ ɗ ƙ ƴ). Then ``keys.name_key``.
2. Particles: Arabic articles with or without sun-letter assimilation (al el il ul, ad ar as at
   az an ash adh ath, ed er es et ez en esh, ud) and the Persian ezafe (e i ye yi, between words)
   are dropped wherever they stand before another word, and so is any word that folds like one
   ("ol" as "ul"; "ur", "us", "un" are not articles, so "Urr al Haymah" keeps "Urr"): "Deir ez-Zor" and
   "Dayr az Zawr", "Maarat al-Numan" and "Ma`arrat an Nu`man", "Mazar-e Sharif" and
   "Mazar-i-Sharif". A glued article ("Alhasakah", "Ezzor") is *not* split in the strong key
   ("Aleppo", "Allahabad", "Albania", "Addis" must survive); ``variant_keys`` adds the split
   reading when the rest is long enough and starts as a glued article would.
3. Generic words keep their place but get one spelling: Kafr/Kfar/Kfr, Tell/Tel/Tal/Tall,
   Jabal/Jebel/Djebel/Jbel, Deir/Dayr/Dair, Abu/Abou/Bou/Bu, Bin/Ben/Ibn, Bani/Beni, Umm/Um/Oum,
   Wadi/Oued/Ouadi, Sheikh/Shaykh/Shaikh/Cheikh, Qasr/Ksar/Gasr, Beit/Bet, Ain/Ayn/Ein,
   Bir/Beer. "Tell Abyad" never
   equals "Abyad": no word is ever dropped but particles. "Wad" (Sudan: "son of") is not Wadi.
4. Endings: -ah/-eh/-a/-e -> a (Raqqah/Raqqa, Hasakeh/Hasakah, Qatraneh/Qatranah); -iyah/-iyeh/
   -iyya/-ieh -> iya; a non-final -at/-et after three letters or more (construct state,
   "Maarat", "Khirbet"; not "Shatt") -> a. A final "aa" is a long vowel and stays, so "Sanaa" is
   not "Sana" (an edit apart: ``similar`` finds it).
5. Consonants: tch -> ch, dj -> j, q -> k (Qamishli/Kamishli). Kept apart, on purpose: kh/h
   (Khan is not Han), gh/g (Ghazni), ch/sh (Chad is not Shad; French "Cheikh" is a generic word),
   dh/z/th, Somali x and c (x is h in Somali but kh in Kurdish), g/q (Libyan Gasr is a word rule).
6. Vowels: ee -> i, oo/ou -> u; diphthongs ay/ai/ei/ey -> ay and aw/au/ow -> u before a
   consonant or the end (Deir/Dayr, Beit/Bait, Shaikh/Shaykh, Zawr/Zour/Zor; "Hais" and "Hays"
   are one Yemeni town, so they share a key too); then
   e -> i, o -> u, so three vowels a, i, u remain (Idleb/Idlib, Mosul/Musul; "Mosul" and "Mosel"
   differ). Doubled letters collapse (Kismaayo/Kismayo, Raqqa/Raqa), u before a vowel becomes w
   (Ouaddai/Wadai), i before a or u takes a y (Aulia/Awliya, Ziarat/Ziyarat) and a y between a
   consonant and a vowel an i (Kupyansk/Kupiansk, Izyum/Izium, Dyala/Diyala), a final y after a
   consonant becomes i. Folding can make a spelling another rule reads, so a word is folded
   again until it stays the same (a few passes at most): keys are stable under keying.
   An "e" that stands for "a" (Jebel, Deraa, Hadjer) is a weaker reading in ``variant_keys``.

Limits: the key unifies spellings, not names: exonyms and different words ("Latakia" and
"Al Ladhiqiyah", "Homs" and "Hims") need alternate names or ``similar``; two places whose
names differ only by what the rules fold (vowel quality beyond a/i/u, doubling, articles)
share a key, and context must part them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein

from .keys import name_key

__all__ = ["variant_key", "variant_keys", "edit_distance", "similar", "ARTICLE_WORDS", "GENERIC_WORDS"]

ARTICLE_WORDS = frozenset("al el il ul ad ar as at az an ash adh ath ed er es et ez en esh ud".split())
_EZAFE = frozenset({"e", "i", "ye", "yi"})

# Spellings of generic leading words -> one spelling (folded afterwards like any word).
GENERIC_WORDS: dict[str, str] = {
    **dict.fromkeys(("kafr", "kfar", "kfr", "kefr", "kfer", "kufr", "kafar"), "kafr"),
    **dict.fromkeys(("tell", "tel", "tal", "tall", "tilal"), "tal"),
    **dict.fromkeys(("jabal", "jebel", "jabel", "jebal", "djebel", "jbel", "jbal", "gebel"), "jabal"),
    **dict.fromkeys(("deir", "dayr", "dair", "deyr", "dier"), "dayr"),
    **dict.fromkeys(("abu", "abou", "abo", "bou", "bu"), "abu"),
    **dict.fromkeys(("bin", "ben", "ibn", "ebn"), "bin"),
    **dict.fromkeys(("bani", "beni", "bene", "bni"), "bani"),
    **dict.fromkeys(("umm", "um", "oum", "om"), "umm"),
    **dict.fromkeys(("wadi", "oued", "ouadi", "uadi", "wady", "waadi"), "wadi"),
    **dict.fromkeys(("sheikh", "shaykh", "shaikh", "cheikh", "sheik", "shekh", "sheykh", "shiekh",
                     "cheik", "chaikh"), "shaykh"),
    **dict.fromkeys(("qasr", "ksar", "kasr", "gasr", "qsar"), "qasr"),
    **dict.fromkeys(("beit", "bayt", "bait", "beyt", "bet"), "bayt"),
    **dict.fromkeys(("ain", "ayn", "ein", "ayin", "aine"), "ayn"),
    **dict.fromkeys(("bir", "beer", "bier"), "bir"),
}

_APOSTROPHES = "'`´‘’‛′ʹʻʼʽʾʿˈˊˋ＇ꞌʔʕ"
_LONG_FINAL_A = re.compile(rf"[{_APOSTROPHES}]a[{_APOSTROPHES}]?(?![a-z])")
_MARKS = re.compile(rf"[{_APOSTROPHES}]")
_LETTERS = str.maketrans({"ı": "i", "ł": "l", "đ": "d", "ø": "o", "ß": "ss", "ð": "dh", "þ": "th",
                          "ə": "e", "ɛ": "e", "ɔ": "o", "ɓ": "b", "ɗ": "d", "ƙ": "k", "ƴ": "y",
                          "ħ": "h", "æ": "ae", "œ": "oe", "ʃ": "sh", "ɣ": "gh"})
_VOWEL = "aeiou"
_MAX_PASSES = 6

_END_LONG = re.compile(r"a{2,}$")
_END_IYA = re.compile(r"(?:iyyah|iyyeh|iyah|iyeh|iyya|iye|ieh)$")
_END_A = re.compile(r"(?:ah|eh|a|e)$")
_END_CONSTRUCT = re.compile(r"(?:at|it)$")
_RAW_DIGRAPHS = (("tch", "ch"), ("dj", "j"), ("q", "k"), ("ee", "i"), ("oo", "u"), ("ou", "u"))
_DIPHTHONG_AY = re.compile(rf"(?:ay|ai|ei|ey)(?![{_VOWEL}])")
_DIPHTHONG_AW = re.compile(rf"(?:aw|au|ow|ao)(?![{_VOWEL}])")
_REPEATS = re.compile(r"(.)\1+")
_U_GLIDE = re.compile(r"u(?=[aiu])")
_I_GLIDE = re.compile(r"i(?=[au])")
_Y_GLIDE = re.compile(rf"(?<=[^{_VOWEL}y])y(?=[{_VOWEL}])")
_FINAL_Y = re.compile(rf"(?<=[^{_VOWEL}])y$")
_GLUED_AL = re.compile(rf"^[ae]l(?=[^{_VOWEL}l])")
_GLUED_SUN = re.compile(r"^[ae](?=([tdrzsn])\1)")


def _prepare(text: str) -> str:
    """The text with marks removed, long final vowels marked and odd letters mapped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS).lower())
    plain = "".join(ch for ch in decomposed
                    if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf")
    plain = _MARKS.sub("", _LONG_FINAL_A.sub("aa", plain.translate(_LETTERS)))
    return "".join(ch if ch.isalnum() else " " for ch in plain)


def _words(text: str) -> list[str]:
    """The words of ``name_key(text)`` without articles and ezafe before another word.

    A word is an article when it *folds* like one ("ol" as "ul"), so that a key never holds a
    word that keying it again would drop."""
    words = name_key(_prepare(text)).split()
    folded = [_fold_word(w, last=False) for w in words]
    return [w for i, (w, f) in enumerate(zip(words, folded))
            if i == len(words) - 1 or not (f in _FOLDED_ARTICLES or (i > 0 and f in _FOLDED_EZAFE))]


def _collapse(word: str) -> str:
    """Doubled letters as one, but a final long "aa" kept."""
    long_end = _END_LONG.search(word)
    if long_end:
        return _REPEATS.sub(r"\1", word[:long_end.start()]) + "aa"
    return _REPEATS.sub(r"\1", word)


def _ending(word: str) -> str:
    """The raw word with its vowel ending in one spelling (rule 4)."""
    if _END_LONG.search(word):
        return word
    for pattern, repl in ((_END_IYA, "iya"), (_END_A, "a")):
        found = pattern.search(word)
        if found and found.start() >= 2:
            return word[:found.start()] + repl
    return word


def _construct(word: str) -> str:
    """A folded word that is not last without its construct-state -at ("marat" -> "mara")."""
    found = _END_CONSTRUCT.search(word)
    return word[:found.start()] + "a" if found and found.start() >= 3 else word


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str, *, last: bool, e_as: str = "i") -> str:
    """One word folded by rules 3 to 6 until nothing changes; ``e_as`` is the vowel a plain
    "e" stands for. Folding can make a spelling that a rule reads ("kaffar" -> "kafar", a
    spelling of "kafr"), so the rules run again, a few times at most, as a rewrite system does.
    Remembered: gazetteers and reports repeat the same few thousand words."""
    if not word.isascii() or not word.isalpha():
        return word
    for _ in range(_MAX_PASSES):
        folded = _fold_once(word, last=last, e_as=e_as)
        if folded == word:
            break
        word = folded
    return word


def _fold_once(word: str, *, last: bool, e_as: str) -> str:
    word = _ending(GENERIC_WORDS.get(word, word))
    for old, new in _RAW_DIGRAPHS:
        word = word.replace(old, new)
    word = _DIPHTHONG_AW.sub("u", _DIPHTHONG_AY.sub("ay", word))
    word = word.replace("e", e_as).replace("o", "u")
    word = _DIPHTHONG_AW.sub("u", _DIPHTHONG_AY.sub("ay", word))
    word = _FINAL_Y.sub("i", _collapse(_Y_GLIDE.sub("iy", _I_GLIDE.sub("iy", _U_GLIDE.sub("w", _collapse(word))))))
    return word if last else _construct(word)


_FOLDED_ARTICLES = frozenset(_fold_word(w, last=False) for w in ARTICLE_WORDS)
_FOLDED_EZAFE = frozenset(_fold_word(w, last=False) for w in _EZAFE)


def _fold(words: list[str], *, e_as: str = "i") -> str:
    last = len(words) - 1
    return " ".join(_fold_word(w, last=i == last, e_as=e_as) for i, w in enumerate(words))


def _unglue(word: str) -> str | None:
    """The word without a glued article ("alhasakah" -> "hasakah"), or None when it has none."""
    for pattern, rest in ((_GLUED_AL, 5), (_GLUED_SUN, 4)):
        found = pattern.match(word)
        if found and len(word) - found.end() >= rest:
            return word[found.end():]
    return None


def variant_key(name: str) -> str:
    """The strong variant key of a place name ("" for a name with no letters or digits).

    >>> variant_key("Deir ez-Zor") == variant_key("Dayr az Zawr") == variant_key("Deir al-Zour")
    True
    """
    return _fold(_words(name))


def variant_keys(name: str) -> tuple[str, ...]:
    """The strong key, then weaker readings worth indexing, best first, without duplicates.

    Weaker readings: glued articles split ("Alhasakah"), "e" read as "a" ("Jebel", "Hadjer"),
    and both. No reading drops a word, so "Tell Abyad" never gives the key of "Abyad".
    """
    words = _words(name)
    unglued = [_unglue(w) or w for w in words]
    forms = (_fold(words), _fold(unglued), _fold(words, e_as="a"), _fold(unglued, e_as="a"))
    return tuple(dict.fromkeys(f for f in forms if f))


def edit_distance(a_key: str, b_key: str, *, limit: int = 2) -> int:
    """The Damerau-Levenshtein distance of two keys, or ``limit + 1`` once it passes ``limit``."""
    return int(DamerauLevenshtein.distance(a_key, b_key, score_cutoff=max(limit, 0)))


def similar(a_key: str, b_key: str) -> float:
    """How alike two keys are, 1.0 the same and 0.0 nothing in common (normalised
    Damerau-Levenshtein). Use last, among candidates that context already allows."""
    if not a_key and not b_key:
        return 0.0
    return float(DamerauLevenshtein.normalized_similarity(a_key, b_key))
