"""People's words, not the article's: related words stand in for a question word the
article lacks, and how foreign a question's words are tells an off-topic question."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.engine.answer import DEFAULT_TUNING, AnswerIndex, answer_question
from bot.engine.conversation import Conversation, Turn, read_question
from bot.engine.core import Engine
from bot.engine.offtopic import rarity
from bot.engine.related import RelatedWords
from bot.engine.types import Document

DATA = Path(__file__).resolve().parent / "data"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "aleppo-article.txt"
WITHOUT_RELATED = replace(DEFAULT_TUNING, related_cutoff=1.0)


@pytest.fixture(scope="module")
def aleppo() -> Document:
    return Engine().analyze(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rathaus() -> Document:
    return Engine().analyze((DATA / "rathaus.txt").read_text(encoding="utf-8"))


def related(doc: Document) -> RelatedWords:
    return AnswerIndex.for_document(doc).related


def test_a_missing_word_finds_the_article_word_it_means(aleppo: Document) -> None:
    killed = related(aleppo).neighbours("killed", 0.3, 3)
    hurt = related(aleppo).neighbours("hurt", 0.3, 3)
    assert killed[0].term == "dead" and killed[0].similarity > 0.5
    assert hurt[0].term == "injur"


def test_a_word_unlike_any_of_the_article_has_no_stand_in(aleppo: Document) -> None:
    assert related(aleppo).neighbours("football", 0.3, 3) == []
    assert related(aleppo).closeness("football") < 0.3


def test_languages_the_vectors_do_not_represent_are_not_bridged(rathaus: Document) -> None:
    # The tokenizer cuts German words into fragments whose mean says little: no guesses.
    assert not related(rathaus).bridged
    assert related(rathaus).neighbours("teurer", 0.0, 3) == []
    assert related(rathaus).closeness("teurer") == 0.0


def test_died_is_answered_by_the_sentence_that_says_dead(aleppo: Document) -> None:
    question = "How many people died in the attack?"
    answer = answer_question(aleppo, question)
    without = AnswerIndex.for_document(aleppo).answer(question, 3, WITHOUT_RELATED)
    assert "two female paramedics dead" in answer.sentences[0]
    assert not without.found or "paramedics dead" not in without.sentences[0]


def test_an_answer_resting_on_related_words_is_shown_not_sure(aleppo: Document) -> None:
    question = "How many were hurt?"
    answer = answer_question(aleppo, question)
    without = AnswerIndex.for_document(aleppo).answer(question, 3, WITHOUT_RELATED)
    assert answer.found and not answer.sure
    assert "severely injured" in answer.sentences[0]
    assert not without.found


def test_rarity_follows_how_common_a_word_is() -> None:
    assert rarity("the", "en") < rarity("job", "en") < rarity("shootout", "en")
    assert rarity("qzxwvj", "en") == 7.0
    assert rarity("Kosten", "de") < rarity("Fußballspiel", "de")


def test_foreignness_is_zero_for_the_article_s_own_words(aleppo: Document) -> None:
    index = AnswerIndex.for_document(aleppo)
    assert index.foreignness("Who did Lavrov meet in Hamburg?") == 0.0
    assert index.foreignness("Who won the football match?") > DEFAULT_TUNING.foreign_limit
    assert index.foreignness("Where does he live?") < index.foreignness("Is he married?")


@pytest.mark.parametrize(
    "question",
    ["Who won the football match?", "Who is a reformed rider?", "What company makes condoms?"],
)
def test_questions_about_something_else_are_refused(aleppo: Document, question: str) -> None:
    assert not answer_question(aleppo, question).found


def test_a_german_question_about_something_else_is_refused(rathaus: Document) -> None:
    assert not answer_question(rathaus, "Wer gewann das Fußballspiel gestern?").found


def test_a_follow_up_in_everyday_words_carries_the_last_turn(aleppo: Document) -> None:
    index = AnswerIndex.for_document(aleppo)
    conversation = Conversation("a", 0.0, (Turn("Who was injured?", "Who was injured?", 4),))
    everyday, elsewhere = "Where does he live?", "Did she win an Oscar?"
    limit = DEFAULT_TUNING.foreign_follow_up
    assert index.foreignness(everyday) <= limit < index.foreignness(elsewhere)
    assert read_question(everyday, conversation, index) == (f"{everyday} who was injured", 4)
    assert read_question(elsewhere, conversation, index) == (elsewhere, None)


def test_a_sentence_in_other_words_is_listed_after_the_answer() -> None:
    """ "attack" is in the article, and so is "assault": the sentence that says what
    happened in other words is listed after the answer (never chosen as it: the answer is
    ranked on the question's own words)."""
    doc = Engine().analyze(
        "Bus station attack\n\nPolice are investigating an attack on a bus station in the "
        "city centre. The attack was condemned by the mayor at a press conference. The mayor "
        "also promised more police patrols in the evening. The assault on the station left "
        "two guards injured, witnesses said. The station reopened on Tuesday.\n"
    )
    index = AnswerIndex.for_document(doc)
    with_them = replace(DEFAULT_TUNING, alternative_cutoff=0.15)  # off by default (time)
    answer = index.answer("What happened in the attack?", 3, with_them)
    assert answer.found and answer.sentences[0].startswith("The attack was condemned")
    assert any(s.startswith("The assault on the station") for s in answer.sentences[1:])
    plain = index.answer("What happened in the attack?", 3, DEFAULT_TUNING)
    assert plain.sentences[0] == answer.sentences[0]
