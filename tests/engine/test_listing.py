"""Sentences in other words, listed after the answer: the related words of the question's
own words that the article has order the listed sentences, never the answer itself."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.engine.answer import DEFAULT_TUNING, AnswerIndex
from bot.engine.core import Engine
from bot.engine.listing import alternative_gain, relisted
from bot.engine.postings import TermEvidence
from bot.engine.types import Document

WITHOUT = replace(DEFAULT_TUNING, alternative_cutoff=1.0)


@pytest.fixture(scope="module")
def bus_station() -> Document:
    return Engine().analyze(
        "Bus station attack\n\nPolice are investigating an attack on a bus station in the "
        "city centre. The attack was condemned by the mayor at a press conference. The mayor "
        "also promised more police patrols in the evening. The assault on the station left "
        "two guards injured, witnesses said. The station reopened on Tuesday.\n"
    )


def test_the_sentence_in_other_words_is_listed_after_the_answer(bus_station: Document) -> None:
    """ "attack" is in the article, and so is "assault": the sentence that says what
    happened in other words is listed; without related words it is not."""
    index = AnswerIndex.for_document(bus_station)
    question = "What happened in the attack?"
    answer = index.answer(question)
    without = index.answer(question, 3, WITHOUT)
    assert answer.found and answer.sentences[0] == without.sentences[0]
    assert answer.sentences[0].startswith("The attack was condemned")
    assert any(s.startswith("The assault on the station") for s in answer.sentences[1:])
    assert not any(s.startswith("The assault on the station") for s in without.sentences)


def test_a_sentence_reached_only_in_other_words_is_listed_but_not_shown_as_sure(
    bus_station: Document,
) -> None:
    """Listed (``brief ask --json``) below every bar: the chat's "Also relevant" shows
    only what could answer alone."""
    answer = AnswerIndex.for_document(bus_station).answer("What happened in the attack?")
    assault = next(p for p in answer.passages if p.sentence.text.startswith("The assault"))
    assert 0 < assault.score < DEFAULT_TUNING.plausible


def test_the_answer_is_chosen_as_before(bus_station: Document) -> None:
    index = AnswerIndex.for_document(bus_station)
    for question in (
        "Who condemned the attack?",
        "Where was the attack?",
        "When did the station reopen?",
        "What did the mayor promise?",
    ):
        answer, without = index.answer(question), index.answer(question, 3, WITHOUT)
        assert (answer.found, answer.sure) == (without.found, without.sure)
        assert answer.sentences[:1] == without.sentences[:1]


def _held(*rows: tuple[int, float, float]) -> TermEvidence:
    return TermEvidence([(i, score, idf, 1.0, 0.0) for i, score, idf in rows], [], [])


def test_related_words_add_only_what_the_word_itself_does_not_give() -> None:
    own = _held((0, 2.0, 1.5))
    related = {0: (1.0, 1.0), 3: (1.2, 1.5)}  # sentence 0 holds the word itself, better
    gain = alternative_gain([(own, related)], bm25_weight=1.0, coverage_weight=3.0, total=2.0)
    assert gain == {3: pytest.approx((1.2 + 3.0 * 1.5) / 2.0)}


def test_sentences_that_gain_nothing_keep_their_order() -> None:
    scores = [(4, 5.0), (1, 5.0), (2, 3.0), (7, 1.0), (9, 0.5)]
    assert relisted(scores, {}, best=4) == [1, 2, 7, 9]
    assert relisted(scores, {9: 3.0}, best=4) == [1, 9, 2, 7]
