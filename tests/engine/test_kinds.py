"""The kind of answer a question asks for, and the dates a sentence holds."""

from __future__ import annotations

import numpy as np
import pytest

from bot.engine.answer import AnswerIndex
from bot.engine.core import Engine
from bot.engine.kinds import asks_amount, asks_date, dates, durations
from bot.engine.terms import words


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("How old is he?", True),
        ("How long is the movie?", True),
        ("Wie alt ist sie?", True),
        ("Wie lange dauert der Bau?", True),
        ("Quel âge a-t-il ?", True),
        ("¿Qué edad tiene?", True),
        ("¿Cuánto tiempo duró?", True),
        ("What did the old server cost?", False),
        ("How did he plead?", False),
    ],
)
def test_an_age_or_a_duration_asks_for_an_amount(question: str, asks: bool) -> None:
    assert asks_amount(words(question)) is asks


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("On what day?", True),
        ("What time did the call come?", True),
        ("Um welche Uhrzeit?", True),
        ("Quel jour ?", True),
        ("¿Qué día empieza?", True),
        ("В какой день?", True),
        ("What did he do that day?", False),
        ("What is the time limit?", False),
    ],
)
def test_which_day_or_time_asks_for_a_date(question: str, asks: bool) -> None:
    assert asks_date(words(question)) is asks


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("The call came just prior to 5 a.m. on Friday.", {"5 a.m.", "friday"}),
        ("It was passed in 2005.", {"2005"}),
        ("Die Eröffnung ist am Dienstag um 14 Uhr.", {"dienstag", "14 uhr"}),
        ("Le vote aura lieu le 3 mars.", {"mars"}),
        ("La reunión será el jueves.", {"jueves"}),
        ("Станцию откроют в среду, 12 мая.", {"среду", "мая"}),
        ("The talks begin on May 5.", {"may 5"}),
        ("He may go, the mayor of Marseille said.", set()),
        ("They marched to the main square.", set()),
    ],
)
def test_dates_and_times_in_five_languages(sentence: str, found: set[str]) -> None:
    assert dates(sentence) == found


def test_when_prefers_the_sentence_with_a_weekday_or_a_time() -> None:
    doc = Engine().analyze(
        "Police were called to the racetrack after workers found a body in the barn. "
        "The police received the call just prior to 5 a.m., a spokesman said. "
        "The police received many calls from reporters about the body later."
    )
    index = AnswerIndex.for_document(doc)
    every = np.arange(index.size, dtype=np.int64)
    cue = index.cue(words("When did the police receive the call?"), every)
    assert cue.tolist() == [0.0, 1.0, 0.0]


def test_how_old_asks_for_a_number() -> None:
    doc = Engine().analyze(
        "The preacher was arrested on a Saturday. The 74-year-old preacher was taken to jail."
    )
    index = AnswerIndex.for_document(doc)
    every = np.arange(index.size, dtype=np.int64)
    assert index.cue(words("How old is the preacher?"), every).tolist() == [0.0, 1.0]


def test_how_long_is_answered_by_a_unit_of_time_without_a_number() -> None:
    """ "The move took a weekend" gives a duration with no digit; the Pi 5 is no answer."""
    doc = Engine().analyze(
        "Last winter I moved everything to a Raspberry Pi 5 on a shelf. The move took a "
        "weekend. Copying the posts was easy."
    )
    index = AnswerIndex.for_document(doc)
    every = np.arange(index.size, dtype=np.int64)
    assert index.cue(words("How long did the move take?"), every).tolist() == [1.0, 1.0, 0.0]
    assert index.answer("How long did the move take?").sentences[0] == "The move took a weekend."


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Les radis ont été prêts en vingt-cinq jours.", {"jours"}),
        ("Die Arbeiten dauern zwei Jahre.", {"jahre"}),
        ("Работы затянулись на два месяца.", {"месяца"}),
        ("He spent a fortnight there.", {"fortnight"}),
        ("The years-long dispute and the dayroom.", set()),
    ],
)
def test_units_of_time_in_five_languages(sentence: str, found: set[str]) -> None:
    assert durations(sentence) == found


@pytest.mark.parametrize(
    ("text", "who"),
    [
        (
            "(CNN) -- Two Norwegian climbers were rescued on Monday near the summit. "
            "Their guides, Anna Berg and Lars Holm, reached them at dawn after a long climb. "
            "The storm had lasted two days and closed the road to the valley.",
            "Who?",
        ),
        (
            "(AFP) -- Deux Norvégiens ont été secourus lundi près du sommet. "
            "Leurs guides, Anna Berg et Lars Holm, les ont rejoints à l'aube après la montée. "
            "La tempête avait duré deux jours et fermé la route de la vallée.",
            "Par qui ?",
        ),
        (
            "(EFE) -- Los Mossos rescataron el lunes a dos noruegos cerca de la cumbre. "
            "Sus guías, Anna Berg y Lars Holm, llegaron al amanecer tras una larga subida. "
            "La tormenta duró dos días y cerró la carretera del valle.",
            "¿Quién?",
        ),
    ],
)
def test_who_is_not_answered_by_a_capitalised_opening_word(text: str, who: str) -> None:
    """ "Two Norwegian" after a dateline is capitalised by where it stands: the
    sentence that names people is the one with "Anna Berg and Lars Holm"."""
    index = AnswerIndex.for_document(Engine().analyze(text))
    every = np.arange(index.size, dtype=np.int64)
    assert index.cue(words(who), every).tolist() == [0.0, 1.0, 0.0]
