"""A follow-up about the conversation's subject gets a "not sure" answer by the last one;
a question about something else is still refused, even when one of its words matches."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from bot.engine.answer import DEFAULT_TUNING, Tuning
from bot.engine.confidence import elliptic, speaks_of_someone
from bot.engine.conversation import Conversation, converse
from bot.engine.core import Engine
from bot.engine.types import Answer, Document

BAKERY = """Maria Lopez runs a small bakery in the old town of Valencia. She opened it in \
2009 with money her grandmother left her. Before that she worked for twelve years as a \
nurse at the city hospital.

Every morning the shop sells about four hundred loaves. Her brother Pablo delivers bread \
to cafés by bicycle. Last year the city gave the bakery an award for its sourdough, and \
the queue now reaches the corner on Saturdays.

Lopez says the secret is patience: the dough rests for two days. She plans to open a \
second shop near the harbour next spring.
"""
FIRST = "Who runs the bakery?"
NEVER = replace(DEFAULT_TUNING, pronoun_foreign_limit=-1.0, elliptic_near_last=False)


@pytest.fixture(scope="module")
def bakery() -> Document:
    return Engine().analyze(BAKERY)


def after_first(doc: Document, question: str, tuning: Tuning = DEFAULT_TUNING) -> Answer:
    first, state = converse(doc, FIRST, Conversation("a", 0.0), 0.0, 3, tuning)
    assert first.found and first.sentences[0].startswith("Maria Lopez runs")
    answer, _ = converse(doc, question, state, 1.0, 3, tuning)
    return answer


@pytest.mark.parametrize(
    ("question", "language", "speaks"),
    [
        ("Where does he live?", "en", True),
        ("What was her job?", "en", True),
        ("Where did this accident occur?", "en", False),  # "this story" is the article
        ("Who was the singer's doctor?", "en", False),
        ("Wo wohnt sie?", "de", True),
        ("¿Qué es la multa?", "es", False),  # Spanish "es" is "is"
        ("¿Dónde vive ella?", "es", True),
        ("Où habite-t-il ?", "fr", True),
        ("Где он живёт?", "ru", True),
    ],
)
def test_a_personal_pronoun_speaks_of_someone(question: str, language: str, speaks: bool) -> None:
    assert speaks_of_someone(question, language) is speaks


@pytest.mark.parametrize(
    ("question", "language", "fragment"),
    [
        ("In what city?", "en", True),
        ("What month?", "en", True),
        ("How fast?", "en", True),
        ("Who had malaria?", "en", False),  # a verb: it can stand alone
        ("What was the score?", "en", False),
        ("In what city did the old tram run?", "en", False),
        ("In welcher Stadt?", "de", True),
        ("Wer war es?", "de", False),
        ("¿En qué ciudad?", "es", True),
        ("Сколько лет?", "ru", True),
        ("Dans quelle ville ?", "fr", True),
    ],
)
def test_a_fragment_has_no_verb_and_one_word_at_most(
    question: str, language: str, fragment: bool
) -> None:
    assert elliptic(question, language) is fragment


@pytest.mark.parametrize(
    "question", ["How did she feel?", "Where does she live?", "In what neighbourhood?"]
)
def test_a_follow_up_in_everyday_words_gets_the_last_answer_not_sure(
    bakery: Document, question: str
) -> None:
    assert not after_first(bakery, question, NEVER).found  # what ranking alone says
    answer = after_first(bakery, question)
    assert answer.found and not answer.sure
    assert answer.passages[0].sentence.index in (0, 1, 2)  # by the last answer


@pytest.mark.parametrize(
    "question",
    [
        "Who won the football match?",
        "What is the capital of Peru?",
        "How old is Jeff?",  # names someone the article never mentions
        "Who scored a triple century for his country?",  # describes whom it asks about
        "What is his snooker ranking?",  # too foreign to the article
        "What contest were they contending for?",  # two rare words of its own
    ],
)
def test_a_question_about_something_else_is_still_refused(bakery: Document, question: str) -> None:
    answer = after_first(bakery, question)
    assert not answer.found, answer.sentences


@pytest.mark.parametrize("question", ["What is her nationality?", "Who is she suing?"])
def test_a_pronoun_and_one_rare_word_get_the_last_answer_not_sure(
    bakery: Document, question: str
) -> None:
    """One word of its own, however rare ("nationality" is far from every word of the
    article), and a pronoun saying whom it asks about: a follow-up, not another story."""
    limited = after_first(bakery, question, replace(DEFAULT_TUNING, pronoun_one_word_limit=2.5))
    assert not limited.found  # what the foreignness limit alone says
    answer = after_first(bakery, question)
    assert answer.found and not answer.sure
    assert answer.passages[0].sentence.index in (0, 1, 2)  # by the last answer


def test_without_a_last_answer_a_pronoun_question_is_not_guessed(bakery: Document) -> None:
    answer, _ = converse(bakery, "How did she feel?", Conversation("a", 0.0), 0.0)
    assert not answer.found


@pytest.mark.parametrize(
    "question", ["Who delivers quinoa by hovercraft?", "Which sourdough contains spirulina?"]
)
def test_a_foreign_question_is_refused_though_one_word_matches(
    bakery: Document, question: str
) -> None:
    """ "delivers" is in the article, but "quinoa" and "hovercraft" say it is about
    something else: a sentence holding a third of the question is no answer to it."""
    anything = after_first(bakery, question, replace(DEFAULT_TUNING, refuse_foreign=math.inf))
    assert anything.found and anything.sure  # what matching alone says
    assert not after_first(bakery, question).found
