"""Language detection for the languages Brief processes natively.

Counts function words of each supported language (sumy's and stop-words' lists) and
looks at the script. Instant, deterministic and needs no model; articles are long
enough for function words to decide. Anything else falls back to English processing
and says so (``detected=False``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from stop_words import get_stop_words

from bot.engine.terms import FALLBACK_LANGUAGE, LANGUAGE_NAMES, stop_words, words

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Letters of the other Cyrillic alphabets that Russian lacks (Ukrainian, Belarusian,
# Serbian, Macedonian): without them, Cyrillic is Russian, the one Brief processes.
_NOT_RUSSIAN = re.compile(r"[іїєґўђјљњћџѓќѕ]")
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
_MIN_SHARE = 0.12  # share of an article's words that are function words of its language
_SAMPLE_WORDS = 5_000  # enough to decide; keeps detection flat on huge inputs
# Unsupported languages close to supported ones: recognising them keeps Italian from
# passing for French or Ukrainian for Russian.
_DECOYS = ("it", "pt", "nl", "sv", "pl", "tr", "uk", "ro", "ca")


# How people call the languages Brief processes natively (for replies and lists).
LANGUAGE_DISPLAY_NAMES: dict[str, str] = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "ru": "Russian",
}


def language_name(code: str) -> str:
    return LANGUAGE_DISPLAY_NAMES.get(code, code)


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # the language processing uses
    detected: bool  # False: unsupported or unclear, fell back to FALLBACK_LANGUAGE


@cache
def _all_stop_words(code: str) -> frozenset[str]:
    lists = stop_words(code) if code in LANGUAGE_NAMES else frozenset()
    return lists | frozenset(w.lower() for w in get_stop_words(code))


@cache
def _function_words(code: str) -> frozenset[str]:
    # Words that are function words in several languages ("de", "a", "en") say
    # nothing about which one it is.
    others = set().union(*(_all_stop_words(c) for c in (*LANGUAGE_NAMES, *_DECOYS) if c != code))
    return frozenset(w for w in _all_stop_words(code) if w not in others and len(w) > 1)


def detect_language(text: str) -> LanguageGuess:
    sample = words(text[: _SAMPLE_WORDS * 12])[:_SAMPLE_WORDS]
    if not sample:
        return LanguageGuess(FALLBACK_LANGUAGE, False)
    letters = "".join(sample)
    cyrillic = len(_CYRILLIC.findall(letters))
    latin = len(_LATIN.findall(letters))
    cyrillic_languages = ("ru", "uk")
    candidates = [
        c for c in (*LANGUAGE_NAMES, *_DECOYS) if (c in cyrillic_languages) == (cyrillic > latin)
    ]
    shares = {c: sum(w in _function_words(c) for w in sample) / len(sample) for c in candidates}
    best = max(candidates, key=lambda c: (shares[c], c == FALLBACK_LANGUAGE))
    # Distinctive function words are about a third of all function words in a text.
    if best not in LANGUAGE_NAMES or shares[best] * 3 < _MIN_SHARE:
        # A short post may have none ("Проезд по-прежнему стоит 45 рублей."), or a terse
        # news story too few to count: its script still says Russian, which English
        # stemming and stop words would not read.
        russian_script = cyrillic > latin and not _NOT_RUSSIAN.search(letters)
        if russian_script and (best == "ru" or shares[best] == 0):
            return LanguageGuess("ru", True)
        return LanguageGuess(FALLBACK_LANGUAGE, False)
    return LanguageGuess(best, True)
