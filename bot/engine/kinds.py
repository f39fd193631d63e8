"""The kind of answer a question asks for, and whether a sentence holds one.

"How old was he?" and "How long is the movie?" ask for a number as "How many?" does;
"When did they get the call?" is answered by "just prior to 5 a.m." or "on Friday" as
often as by a year. These are the closed classes of each language (question words,
weekdays, months, clock times), not lists of synonyms.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from bot.engine.caseless import CaselessPattern
from bot.engine.terms import word_set

# Two-word questions that ask for an amount: an age, a duration, a distance.
_AMOUNT_PAIRS = frozenset(
    {
        "how old",
        "how long",
        "how far",
        "how tall",
        "how big",
        "how often",
        "wie alt",
        "wie lange",
        "wie lang",
        "wie weit",
        "wie oft",
        "quel âge",
        "quelle âge",
        "qué edad",
        "cuántos años",
        "cuánto tiempo",
    }
)

# "What day?", "Which month?", "Um welche Uhrzeit?": a date or a time.
_WHICH = word_set("what which welche welcher welchem welchen quel quelle qué cuál какой какого")
_PERIODS = word_set(
    "day days month time hour week tag monat uhrzeit woche jour mois heure semaine "
    "día mes hora semana день месяц время час неделе"
)

_MONTHS = (
    "january february march april june july august september october november december "
    "januar februar märz juni juli oktober dezember "
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
)
_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag "
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "lunes martes miércoles jueves viernes sábado domingo"
)
_TIME_WORDS = "century centuries jahrhundert jahrhunderts siècle siècles siglo siglos"
_RUSSIAN_STEMS = (
    "январ феврал март апрел мая июн июл август сентябр октябр ноябр декабр "
    "понедельник вторник сред четверг пятниц суббот воскресень век"
)


def _alternatives(text: str) -> str:
    return "|".join(sorted(set(text.split()), key=len, reverse=True))


# Whole words, but Russian by stem (its months and weekdays decline: "в среду", "мая").
# "May" is a month and a verb: only with a day number beside it.
_DATE_WORD = CaselessPattern(
    rf"(?<![\w-])(?:(?:{_alternatives(_MONTHS + ' ' + _WEEKDAYS + ' ' + _TIME_WORDS)})(?![\w-])"
    rf"|(?:{_alternatives(_RUSSIAN_STEMS)})\w*)|\bmay\s+\d{{1,2}}\b|\b\d{{1,2}}\s+may\b"
)
_YEAR = re.compile(r"\b(?:1[0-9]{3}|20[0-9]{2})s?\b")
# "5 a.m.", "9 p.m.", "10:30", "14 Uhr", "20 h"
_CLOCK = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.m\.|[ap]m\b|uhr\b|h\b|o'clock)|\b\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)


# "How long did the move take?": a duration, which "The move took a weekend" gives in a
# unit of time without a number.
_DURATION_PAIRS = frozenset(
    {"how long", "wie lange", "de temps", "cuánto tiempo", "сколько времени"}  # "combien de temps"
)
_TIME_UNITS = re.compile(
    r"(?<![\w-])(?:seconds?|minutes?|hours?|days?|weeks?|weekends?|fortnights?|months?|years?"
    r"|decades?|sekunden?|minuten?|stunden?|tage?n?|wochen?|wochenenden?|monate?n?|jahre?n?"
    r"|jahrzehnte?n?|secondes?|heures?|jours?|semaines?|week-ends?|mois|ans|années?"
    r"|décennies?|segundos?|minutos?|horas?|días?|semanas?|mes(?:es)?|años?|décadas?)(?![\w-])"
    r"|(?<![\w-])(?:секунд|минут|час|дн[яеи]|день|недел|месяц|год|лет)\w*",
    re.IGNORECASE,
)


def _pairs(phrases: frozenset[str]) -> frozenset[tuple[str, ...]]:
    """Two-word phrases as word pairs, to compare with a question's adjacent words."""
    return frozenset(tuple(p.split()) for p in phrases)


_AMOUNT_WORDS = _pairs(_AMOUNT_PAIRS)
_DURATION_WORDS = _pairs(_DURATION_PAIRS)


def asks_duration(qwords: Sequence[str]) -> bool:
    """Whether the question asks how long something takes or lasts ("How long…?")."""
    return not _DURATION_WORDS.isdisjoint(itertools.pairwise(qwords))


def durations(text: str) -> frozenset[str]:
    """The units of time a sentence names (lower-cased): "weekend", "Jahre", "mois"."""
    found = _TIME_UNITS.findall(text)
    return frozenset(f.lower() for f in found) if found else frozenset()


def asks_amount(qwords: Sequence[str]) -> bool:
    """Whether the question asks for an age, a duration or a distance ("How old…?")."""
    return not _AMOUNT_WORDS.isdisjoint(itertools.pairwise(qwords))


def asks_date(qwords: Sequence[str]) -> bool:
    """Whether the question asks which day, month or time ("On what day?")."""
    return any(a in _WHICH and b in _PERIODS for a, b in itertools.pairwise(qwords))


def dates(text: str) -> frozenset[str]:
    """The dates and times a sentence mentions (lower-cased): years, months, weekdays,
    centuries and clock times."""
    found = [f.lower() for f in _YEAR.findall(text) + _CLOCK.findall(text)]
    found += _DATE_WORD.findall(text)  # lower-cased already
    return frozenset(found) if found else frozenset()


# "Who is Lavrov?": asked who someone named is. News introduces a person where it first
# names them ("Russian Foreign Minister Sergey Lavrov has announced…"); later sentences
# name them bare, beside other people the who-cue would otherwise favour.
_WHO_IS = frozenset(
    [
        ("who", "is"), ("who", "was"), ("who", "are"), ("who", "were"),
        ("qui", "est"), ("qui", "était"), ("quién", "es"), ("quién", "era"),
        ("quiénes", "son"), ("кто", "такой"), ("кто", "такая"), ("кто", "такие"),
    ]
)  # fmt: skip


def opens_who_is(qwords: Sequence[str]) -> bool:
    """Whether the question's words open with "who is" and go on: the cheap half of
    ``asks_who_is``, before the question's names are looked for."""
    return len(qwords) > 2 and tuple(qwords[:2]) in _WHO_IS


def asks_who_is(qwords: Sequence[str], names: frozenset[str]) -> bool:
    """Whether the question's words (``words(question)``) ask who the people it names
    (``names``: its capitalised words) are, and nothing more."""
    return opens_who_is(qwords) and set(qwords[2:]) <= names


__all__ = [
    "asks_amount",
    "asks_date",
    "asks_duration",
    "asks_who_is",
    "dates",
    "durations",
    "opens_who_is",
]
