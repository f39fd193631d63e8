"""Stems and stop words: PyStemmer where it agrees with NLTK, NLTK elsewhere, and the
same stop-word lists as sumy's, read without importing sumy's NLTK."""

from __future__ import annotations

from importlib import resources

import pytest
from stop_words import get_stop_words
from sumy.nlp.stemmers import Stemmer as NltkStemmer
from sumy.utils import get_stop_words as sumy_stop_words

from bot.engine import terms
from bot.engine.terms import LANGUAGE_NAMES, asked_terms, stem, stop_words, words


def punkt_vocabulary(name: str) -> list[str]:
    """Every word in Punkt's model for ``name``: tens of thousands of real word forms
    from that language's newspaper corpus."""
    text = resources.files("punkt").joinpath(f"data/{name}.py").read_text(encoding="utf-8")
    return sorted(set(words(text)))


@pytest.mark.parametrize("language", ["en", "de"])
def test_pystemmer_stems_every_corpus_word_as_nltk_does(language: str) -> None:
    """Snowball 3 (PyStemmer 3) stems "added" → "add" and "abgeleitet" → "abgeleit";
    NLTK, which Brief's ranking was tuned on, does not. This fails on such an upgrade."""
    name = LANGUAGE_NAMES[language]
    vocabulary = punkt_vocabulary(name)
    assert len(vocabulary) > 5000
    nltk = NltkStemmer(name)
    differ = [(w, stem(w, language), nltk(w)) for w in vocabulary if stem(w, language) != nltk(w)]
    assert differ == []


@pytest.mark.parametrize("language", ["fr", "es", "ru"])
def test_languages_where_snowball_differs_keep_nltk(language: str) -> None:
    nltk = NltkStemmer(LANGUAGE_NAMES[language])
    word = {"fr": "archaïque", "es": "eliminacion", "ru": "nработы"}[language]
    assert stem(word, language) == nltk(word)


def test_stems_lower_case_like_nltk() -> None:
    assert stem("Meetings", "en") == stem("meetings", "en") == "meet"
    assert stem("Häuser", "de") == NltkStemmer("german")("Häuser")


@pytest.mark.parametrize("language", LANGUAGE_NAMES)
def test_stop_words_are_sumys_list_plus_stop_words_as_before(language: str) -> None:
    expected: set[str] = set(get_stop_words(language)) if language != "en" else set()
    if language != "ru":
        expected.update(sumy_stop_words(LANGUAGE_NAMES[language]))
    assert stop_words(language) == frozenset(w.lower() for w in expected)


def test_russian_has_no_sumy_list_but_stop_words() -> None:
    assert terms._sumy_stop_words("russian") == frozenset()
    assert "и" in stop_words("ru")


@pytest.mark.parametrize(
    ("question", "language", "expected"),
    [
        ("Gibt es Busse?", "de", ("buss",)),  # "there are", not "gives"
        ("Wo gab es Parkplätze?", "de", ("parkplatz",)),
        ("Wer gibt das Geld?", "de", ("gibt", "geld")),  # here it gives
        ("Y a-t-il un parking ?", "fr", ("parking",)),
    ],
)
def test_there_is_is_no_term(question: str, language: str, expected: tuple[str, ...]) -> None:
    assert asked_terms(question, language) == expected


@pytest.mark.parametrize("language", ["en", "de", "fr", "es", "ru"])
def test_a_word_alone_is_its_stem(language: str) -> None:
    """The related words' tables stem each word alone (bot/engine/related.py): its terms
    must be just its stem, whatever the word ("es" and "il" point at nothing alone)."""
    stops = stop_words(language)
    vocabulary = [w for w in punkt_vocabulary(LANGUAGE_NAMES[language]) if w not in stops]
    differ = [w for w in vocabulary if terms.terms(w, language) != (stem(w, language),)]
    assert differ == []
