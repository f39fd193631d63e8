"""Words → ranking terms: lower-cased, stop words removed, stemmed.

Sentences (at analysis) and questions (at ask time) go through the same function, so
their terms are comparable. Everything is cached per language.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources

import Stemmer as snowball
from stop_words import get_stop_words

# ISO 639-1 code → the language name sumy, Snowball and Punkt use.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
}
FALLBACK_LANGUAGE = "en"
# Languages whose PyStemmer (Snowball 2.x, C) stems equal NLTK's Snowball stems, which
# Brief has always used: checked on every word of the eval data and of Punkt's models
# (tests/engine/test_terms.py). NLTK differs for the others (French words with ï or ë,
# Spanish "-acion" without the accent, Russian words mixing scripts), so they keep it;
# importing NLTK costs most of a second, which start-up cannot afford for English.
_PYSTEMMER_LANGUAGES = frozenset({"en", "de"})

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
    words.update(_sumy_stop_words(name))
    return frozenset(w.lower() for w in words)


def _sumy_stop_words(name: str) -> frozenset[str]:
    """The list sumy ships for language ``name`` (none for Russian), read as
    ``sumy.utils.get_stop_words`` reads it but without importing sumy's NLTK and
    requests."""
    try:
        data = resources.files("sumy").joinpath(f"data/stopwords/{name}.txt").read_bytes()
    except FileNotFoundError:
        return frozenset()
    return frozenset(w.rstrip() for w in data.decode("utf-8").splitlines() if w)


@cache
def _stemmer(language: str) -> Callable[[str], object]:
    code = language if language in LANGUAGE_NAMES else FALLBACK_LANGUAGE
    if code in _PYSTEMMER_LANGUAGES:
        stemmer = snowball.Stemmer(LANGUAGE_NAMES[code])
        lock = threading.Lock()  # a Snowball stemmer has state: one caller at a time

        def stem_word(word: str) -> object:
            with lock:  # NLTK lower-cases before stemming; Snowball does not
                return stemmer.stemWord(word.lower())

        return stem_word
    from sumy.nlp.stemmers import Stemmer  # NLTK: slow to import, so only when needed

    return Stemmer(LANGUAGE_NAMES[code])  # type: ignore[no-any-return]


def word_set(text: str) -> frozenset[str]:
    """The words of a list written out with spaces (cue words, pronouns, stop lists)."""
    return frozenset(text.split())


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (letters and digits, any script)."""
    return _WORD.findall(text.lower())


FRAGMENT_WORDS = 3  # "Yes, he did." alone says nothing; under its question it does


def is_fragment(text: str) -> bool:
    """A few words ("Yes, he did.", "Фундамент.", a dateline "Bergheim."): never an answer
    or a summary sentence alone."""
    return len(words(text)) <= FRAGMENT_WORDS


# The last questions' words: answering one reads them several times (see asked_terms).
@lru_cache(maxsize=64)
def question_tokens(question: str) -> tuple[str, ...]:
    """``words`` of a question, kept for its other readers (read-only: a tuple)."""
    return tuple(words(question))


def stem(word: str, language: str) -> str:
    return _stem_cached(word, language)


@lru_cache(maxsize=200_000)
def _stem_cached(word: str, language: str) -> str:
    return str(_stemmer(language)(word))


def terms(text: str, language: str) -> tuple[str, ...]:
    """Ranking terms of ``text`` in order: stop words dropped, the rest stemmed."""
    stops = stop_words(language)
    said = words(text)
    there = impersonal(said, language)
    return tuple(
        _stem_cached(w, language) for i, w in enumerate(said) if w not in stops and i not in there
    )


# "There is" and "it takes" say "it" without pointing at anything: German "es gibt" /
# "gibt es" / "es gab", French "il y a" / "y a-t-il" / "il faut". Their pronoun is no
# follow-up's ("Gibt es Busse?" asks about buses, not about "it"), and German's verb means
# no giving ("Zum ersten Mal gibt es einen Markt" does not answer it). The other stop
# lists hold their "there is" already ("hay", "есть"); German's lacks "gibt", which also
# means "gives".
_IMPERSONAL = {
    "de": (word_set("es"), word_set("gibt gab gäbe")),
    "fr": (word_set("il"), word_set("y faut fallait faudra faudrait")),
}
_NONE: frozenset[int] = frozenset()


def impersonal(said: list[str], language: str) -> frozenset[int]:
    """Positions of the words of ``said`` (``words(text)``) that make up an impersonal
    "there is" / "it takes": the pronoun and its verb."""
    pronouns, verbs = _IMPERSONAL.get(language, (frozenset(), frozenset()))
    if pronouns.isdisjoint(said):
        return _NONE
    found: set[int] = set()
    for i, w in enumerate(said):
        if w in pronouns:
            # "es gibt", "gibt es", "il y a", "il faut"; "y a-t-il" has "t" between.
            near = [j for j in (i - 1, i + 1) if 0 <= j < len(said) and said[j] in verbs]
            if not near and i >= 3 and said[i - 3 : i] == ["y", "a", "t"]:
                near = [i - 3]
            if near:
                found.update((i, *near))
    return frozenset(found)


# Question words the stop lists lack (Spanish ones with their accents, French "combien",
# German "wem", Russian "сколько"): they say what kind of answer is asked for, not what
# it is about, so a question's terms leave them out as English's stop list does "how".
# So are the forms of "say" ("Was sagt die Opposition?" asks for what it said, which a
# quotation gives without the verb), as English's stop list drops "say" and "said".
_ASKING = word_set(
    "combien quoi lequel laquelle lesquels lesquelles "
    "qué quién quiénes cuándo dónde cuál cuáles cuánto cuánta cuántos cuántas cómo "
    "wem wen wessen wieviel wieviele viel viele woher wohin wozu weshalb wieso "
    "кто что когда где почему зачем как какой какая какое какие сколько куда откуда чей чья "
    "чьё чьи "
    "sagt sagte sagten sagen gesagt dit disent dire dice dicen dijo dijeron decir "
    "говорит говорят говорил говорила говорили сказал сказала сказали сказать"
)


# The last questions' terms: answering one asks for them several times (not more: the
# cache is for the question being answered, not for questions asked again).
@lru_cache(maxsize=64)
def asked_words(question: str, language: str) -> tuple[str, ...]:
    """The words a question's terms are stemmed from: no stop words, no question words,
    no impersonal "there is"."""
    stops = stop_words(language)
    said = list(question_tokens(question))  # a list: impersonal compares list slices
    there = impersonal(said, language)
    return tuple(
        w for i, w in enumerate(said) if w not in stops and w not in _ASKING and i not in there
    )


@lru_cache(maxsize=64)
def asked_terms(question: str, language: str) -> tuple[str, ...]:
    """``terms`` of a question, without its question words."""
    return tuple(_stem_cached(w, language) for w in asked_words(question, language))
