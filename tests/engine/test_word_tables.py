"""Related words in French and Russian, from whole-word vectors that packages ship."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.engine.answer import DEFAULT_TUNING, AnswerIndex, answer_question
from bot.engine.core import Engine
from bot.engine.related import RelatedWords
from bot.engine.types import Document
from bot.engine.word_tables import spacy_key, table

DATA = Path(__file__).resolve().parent / "data"
WITHOUT_RELATED = replace(DEFAULT_TUNING, related_cutoff=1.0)


def analyze(name: str) -> Document:
    return Engine().analyze((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def convoy() -> Document:
    return analyze("convoi-goma.txt")


@pytest.fixture(scope="module")
def market() -> Document:
    return analyze("rynok-obstrel.txt")


def related(doc: Document) -> RelatedWords:
    return AnswerIndex.for_document(doc).related


def test_french_words_are_found_by_spacy_s_keys() -> None:
    # UTF-8 lengths 8, 5 (with "é"), 12 and 3: whole 8-byte blocks and every kind of tail.
    vectors = table("fr")
    assert vectors is not None
    found = vectors.embed(["patients", "tués", "gouvernement", "été", "qzxwvjk"])
    assert np.linalg.norm(found[:4], axis=1) == pytest.approx([1.0] * 4, abs=1e-5)
    assert not found[4].any()  # a word the table lacks is close to nothing
    assert spacy_key("morts") != spacy_key("mort")


def test_french_and_russian_words_find_the_article_words_they_mean(
    convoy: Document, market: Document
) -> None:
    assert related(convoy).bridged and related(market).bridged
    assert related(convoy).neighbours("rebelles", 0.3, 3)[0].term in {"milicien", "insurg"}
    assert related(market).neighbours("повстанцы", 0.3, 3)[0].term == "боевик"
    assert related(market).neighbours("убито", 0.3, 3)[0].term == "погибл"


def test_words_unlike_the_article_s_have_no_stand_in(convoy: Document, market: Document) -> None:
    assert related(convoy).neighbours("football", 0.3, 3) == []
    assert related(market).neighbours("футбольный", 0.35, 3) == []


@pytest.mark.parametrize(
    ("name", "question", "expected"),
    [
        ("convoi-goma.txt", "Qui sont les rebelles ?", "miliciens"),
        ("convoi-goma.txt", "Y a-t-il eu des victimes ?", "sont morts"),
        ("convoi-goma.txt", "Qu'est-ce qu'ils livraient ?", "médicaments"),
        ("rynok-obstrel.txt", "Где прятались повстанцы?", "боевики"),
        ("rynok-obstrel.txt", "Сколько людей убито?", "погибли"),
    ],
)
def test_a_question_in_people_s_words_finds_the_article_s(
    name: str, question: str, expected: str
) -> None:
    doc = analyze(name)
    answer = answer_question(doc, question)
    without = AnswerIndex.for_document(doc).answer(question, 3, WITHOUT_RELATED)
    assert answer.found and not answer.sure  # it rests on related words: "not sure"
    assert expected in answer.sentences[0]
    assert not without.found or expected not in without.sentences[0]


@pytest.mark.parametrize(
    ("name", "question"),
    [
        ("convoi-goma.txt", "Qui a gagné le match de football ?"),
        ("convoi-goma.txt", "Quelle est la recette de la tarte aux pommes ?"),
        ("pompe-a-chaleur.md", "Qui est le président des États-Unis ?"),
        ("rynok-obstrel.txt", "Кто выиграл футбольный матч?"),
        ("dacha-zimoy.md", "Как приготовить борщ?"),
    ],
)
def test_off_topic_questions_are_still_refused(name: str, question: str) -> None:
    assert not answer_question(analyze(name), question).found
