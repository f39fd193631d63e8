"""Forms of one word that the stemmer leaves apart: a question asked with the verb finds
the article's other form of it (bot/engine/inflection.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answer import answer_question
from bot.engine.core import Engine
from bot.engine.inflection import Forms, _restemmed, _spanish_forms, _spanish_root
from bot.engine.terms import stem, words

DATA = Path(__file__).resolve().parent / "data"


def _forms(word: str, article_words: str, language: str) -> list[str]:
    vocabulary = [stem(w, language) for w in article_words.split()]
    return Forms(vocabulary, language).of(stem(word, language))


@pytest.mark.parametrize(
    ("word", "article_words", "language", "expected"),
    [
        ("coûtent", "coûtera travaux", "fr", ["coût"]),  # Snowball keeps "-ent"
        ("coût", "coûtent piscine", "fr", ["coûtent"]),
        ("kostet", "kosten Bühne", "de", ["kost"]),
        ("fährt", "fahren Bühne", "de", ["fahr"]),
        ("Kosten", "kostet Bühne", "de", ["kostet"]),
        ("pèsent", "pèse vélo", "fr", ["pes"]),  # the accent goes with the ending
        ("откроется", "открыть станцию", "ru", ["откр"]),
        ("следующая", "следующую станцию", "ru", ["след"]),
        ("regar", "riega mañana", "es", ["rieg"]),  # a stem vowel that changes
        ("costar", "cuesta saco", "es", ["cuest"]),
        ("echan", "echamos cines", "es", ["echam"]),  # another person of the verb
    ],
)
def test_a_word_finds_its_other_form(
    word: str, article_words: str, language: str, expected: list[str]
) -> None:
    assert _forms(word, article_words, language) == expected


@pytest.mark.parametrize(
    ("word", "article_words", "language"),
    [
        ("compra", "compacta vivero", "es"),  # begins alike, another word
        ("parkt", "Parkhaus Bahnhof", "de"),  # a compound: not told apart by form
        ("moved", "movement", "en"),  # English: Porter's stems meet already
        ("gestern", "gestiegene Preise", "de"),  # "gest" + "ieg" is no ending
        ("строили", "стройка", "ru"),  # a derivation: not told apart by form
    ],
)
def test_words_that_only_begin_alike_are_not_forms(
    word: str, article_words: str, language: str
) -> None:
    assert _forms(word, article_words, language) == []


@pytest.mark.parametrize(
    ("source", "question", "expected"),
    [
        ("piscine.txt", "Combien coûtent les travaux ?", "coûtera 9 millions"),
        ("huerto.txt", "¿Cuándo hay que regar?", "Riega por la mañana"),
        ("metro-novosti.txt", "Когда откроется следующая станция?", "Следующую станцию"),
        # Under the heading "Lo que más echamos de menos" ("What we miss most").
        ("mudanza.md", "¿Qué echan de menos?", "Lo más difícil ha sido el invierno"),
    ],
)
def test_a_question_in_another_form_of_the_word_is_answered(
    source: str, question: str, expected: str
) -> None:
    doc = Engine().analyze((DATA / source).read_text(encoding="utf-8"))
    answer = answer_question(doc, question)
    assert answer.found and expected in answer.sentences[0], answer.sentences


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Gibt es einen Flohmarkt?", "Kinderflohmarkt"),  # a compound's head is its end
        ("Gibt es eine Kapelle?", "Stadtkapelle"),
    ],
)
def test_a_german_word_finds_the_compounds_it_ends(question: str, expected: str) -> None:
    doc = Engine().analyze((DATA / "stadtfest.md").read_text(encoding="utf-8"))
    answer = answer_question(doc, question)
    assert answer.found and expected in answer.sentences[0], answer.sentences


@pytest.mark.parametrize(
    ("language", "sources"),
    [
        ("fr", ["piscine.txt", "convoi-goma.txt", "pompe-a-chaleur.md", "velo-lyon.md"]),
        ("de", ["rathaus.txt", "strassenbahn.txt", "stadtfest.md"]),
        ("es", ["huerto.txt", "orquesta.txt"]),
        ("ru", ["metro-ru.txt", "rynok-obstrel.txt", "dacha-zimoy.md"]),
    ],
)
def test_the_article_s_forms_are_those_a_scan_of_its_vocabulary_finds(
    language: str, sources: list[str]
) -> None:
    """Forms files the vocabulary once; for every word of the articles (and each with
    an ending the stemmer leaves on) it finds what comparing with every term finds."""
    text = " ".join((DATA / s).read_text(encoding="utf-8") for s in sources)
    vocabulary = sorted({stem(w, language) for w in words(text)})
    forms = Forms(vocabulary, language)
    asked = {stem(w + ending, language) for w in words(text) for ending in ("", "ent", "t")}
    for term in sorted(asked - set(vocabulary))[:400]:
        same = set(_spanish_forms(term)) if language == "es" else set()
        restemmed = _restemmed(term, language)
        if restemmed is not None:
            same.add(restemmed)
        root = _spanish_root(term) if language == "es" else None
        scan = [
            t
            for t in vocabulary
            if t in same
            or _restemmed(t, language) == term
            or (root is not None and t != term and _spanish_root(t) == root != t)
        ]
        assert forms.of(term) == sorted(scan)[:3], term
