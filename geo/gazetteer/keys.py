"""Lookup keys for place names: how spellings are folded before matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["name_key", "loose_key", "strip_articles", "ARTICLES"]

ARTICLES = re.compile(r"\b(?:al|el|ad|ar|as|az|ez|ed|es|an|at|ash|adh|ath|ud|ul|er|et)[\s-]+")
_APOSTROPHES = re.compile(r"[’'`ʿʾ‘ʼ]")
_SEPARATORS = re.compile(r"[\s\-‐–—_/]+")
_VOWELS = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 17)  # the same names are keyed again and again (a report, the index, the tier)
def name_key(text: str) -> str:
    """The lookup key of a name: case, accents, dots, apostrophes and hyphens folded.

    >>> name_key("Deir al-Zour") == name_key("deir al zour")
    True
    """
    folded = _APOSTROPHES.sub("", _ascii_fold(text).lower())
    folded = _SEPARATORS.sub(" ", folded.replace(".", ""))
    if folded.startswith("the "):
        folded = folded[4:]
    return folded.strip()


def strip_articles(key: str) -> str:
    """A folded key without Arabic articles ("al ladhiqiyah" -> "ladhiqiyah")."""
    return ARTICLES.sub("", key + " ").strip()


def loose_key(text: str) -> str:
    """A transliteration-tolerant key: articles, inner vowels and doubled letters
    dropped ("Ruqqa" and "Raqqa" both give "rq")."""
    words = [_REPEATS.sub(r"\1", word[0] + _VOWELS.sub("", word[1:]))
             for word in strip_articles(name_key(text)).split()]
    return " ".join(w for w in words if w)
