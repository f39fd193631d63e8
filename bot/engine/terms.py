"""Words → ranking terms: lower-cased, stop words removed, stemmed.

Sentences (at analysis) and questions (at ask time) go through the same function, so
their terms are comparable. Everything is cached per language.
"""

from __future__ import annotations

import contextlib
import pkgutil
import re
from collections.abc import Callable
from functools import cache, lru_cache

from nltk.stem import snowball
from stop_words import get_stop_words
from sumy.utils import parse_stop_words

# ISO 639-1 code → the language name sumy, Snowball and Punkt use.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
}
FALLBACK_LANGUAGE = "en"

# Letters and digits, keeping inner apostrophes/hyphens out (they split words).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@cache
def stop_words(language: str) -> frozenset[str]:
    name = LANGUAGE_NAMES.get(language, LANGUAGE_NAMES[FALLBACK_LANGUAGE])
    # English: sumy's list alone; the larger stop-words list also drops content words
    # ("year", "million", "first") that answers need (measured on SQuAD). sumy's other
    # lists are short (German: 129 words, no "viel"), so they get the larger list too;
    # sumy has no Russian list at all.
    words = set(get_stop_words(language)) if language != "en" else set()
    # sumy's list, read directly: its get_stop_words first looks the name up in pycountry.
    with contextlib.suppress(OSError):  # the same read as sumy's get_stop_words
        data = pkgutil.get_data("sumy", f"data/stopwords/{name}.txt")
        words.update(parse_stop_words(data) if data else ())
    return frozenset(w.lower() for w in words)


@cache
def _stemmer(language: str) -> Callable[[str], str]:
    # NLTK's Snowball stemmer, as sumy's Stemmer picks it for these five languages, made
    # directly: sumy first looks the name up in pycountry (a database load of 100+ ms).
    name = LANGUAGE_NAMES.get(language, LANGUAGE_NAMES[FALLBACK_LANGUAGE])
    stemmer: Callable[[str], str] = getattr(snowball, f"{name.capitalize()}Stemmer")().stem
    return stemmer


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (letters and digits, any script)."""
    return _WORD.findall(text.lower())


def stem(word: str, language: str) -> str:
    return _stem_cached(word, language)


@lru_cache(maxsize=200_000)
def _stem_cached(word: str, language: str) -> str:
    return str(_stemmer(language)(word))


def terms(text: str, language: str) -> tuple[str, ...]:
    """Ranking terms of ``text`` in order: stop words dropped, the rest stemmed."""
    stops = stop_words(language)
    return tuple(_stem_cached(w, language) for w in words(text) if w not in stops)
