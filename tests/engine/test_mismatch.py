"""A question about another number or degree than its best sentence speaks of."""

from __future__ import annotations

import pytest

from bot.engine.mismatch import asks_another


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        (
            "What type of committees exist in the fifth Session?",
            "The current Subject Committees in the fourth Session are: Economy; Justice.",
        ),
        (
            "What is concentrated in the coldest months of the year?",
            "Rainfall is concentrated in the warmest months of the year.",
        ),
        ("Who designed it with 8 arches?", "She designed it with seven arches."),
        ("What happened in the 1990s decade?", "Much changed in the 1980s decade."),
        ("Which port is the third largest seaport?", "Florida's second largest seaport is busy."),
    ],
)
def test_another_number_or_degree_in_the_same_place(question: str, sentence: str) -> None:
    assert asks_another(question, sentence, "en")


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        # the same number or degree
        (
            "What type of committees exist in the fourth Session?",
            "The current Subject Committees in the fourth Session are: Economy.",
        ),
        ("Who designed it with seven arches?", "She designed it with seven arches."),
        ("Who was held for 2 years?", "He was held for more than two years by pirates."),
        # another number, but not beside a word both share
        ("How many arches did it have in 1911?", "She designed it with seven arches."),
        # "one" is a word like "the" beside "second"
        ("And the second one?", "The first one was built in 1783."),
        # the plain form of the degree asked is not another degree
        ("Where is the oldest forest?", "The old forest lies in the north."),
        # no number or degree asked
        ("Who designed the arches?", "She designed it with seven arches."),
    ],
)
def test_no_mismatch(question: str, sentence: str) -> None:
    assert not asks_another(question, sentence, "en")


def test_digits_count_in_every_language() -> None:
    assert asks_another("Wer baute 1785 die Brücke?", "Hollins baute 1783 die Brücke.", "de")
    assert not asks_another("Wer baute die dritte Brücke?", "Hollins baute die erste Brücke.", "de")
