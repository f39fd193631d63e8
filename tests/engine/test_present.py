"""What an answer shows beyond its sentence: a quotation's end, other answers."""

from __future__ import annotations

import pytest

from bot.console_render import render_answer_text
from bot.engine.present import continuation
from bot.engine.types import Answer, Passage, Sentence


def passage(first: str, then: str, same_paragraph: bool = True) -> Passage:
    one = Sentence(4, 2, first, ())
    two = Sentence(5, 2 if same_paragraph else 3, then, ())
    return Passage(one, None, two, 0.9)


@pytest.mark.parametrize(
    ("first", "then", "continues"),
    [
        ("“We are doing our job. ", "But I am convinced,” Lavrov said.", True),
        ("„Wir sind bereit.", "Es geht los“, sagte Becker.", True),
        ("« Nous sommes prêts.", "On commence », a dit Marie.", True),
        ('"We are ready.', 'It starts now," said Edith.', True),
        ("“We are ready,” Edith said.", "The crowd cheered.", False),
        ("The talks failed.", "“Nothing moved,” he said.", False),
        # The speaker goes on in a sentence all in quotation marks.
        ("“I was sure,” said Marco.", "“Instead they tell us it is warm.”", True),
        ('"I was sure," said Marco.', '"Instead they tell us it is warm."', True),
        ("“I was sure,” said Marco.", "The crowd “cheered” loudly.", False),
        ("The talks failed.", '"Nothing moved."', False),
    ],
)
def test_an_open_quotation_is_shown_to_its_end(first: str, then: str, continues: bool) -> None:
    assert (continuation(passage(first, then)) is not None) is continues


def test_a_short_answer_under_its_question_goes_on_with_the_next_sentence() -> None:
    heading = Sentence(3, 2, "Would we do it again?", ())
    yes = Sentence(4, 3, "Yes.", ())
    why = Sentence(5, 3, "Running costs fell to 8,000 euros a year.", ())
    assert continuation(Passage(yes, heading, why, 1.0)) == why
    assert continuation(Passage(yes, None, why, 1.0)) is None


def test_a_quotation_does_not_run_into_the_next_paragraph() -> None:
    assert continuation(passage("“We are ready.", "Go on,” she said.", False)) is None


def test_the_console_shows_the_rest_of_the_quotation_under_the_answer() -> None:
    best = passage("“We are doing our job.", "But I am convinced,” Lavrov said.")
    shown = render_answer_text(Answer("q", True, (best,), 0.9), None)
    assert shown.splitlines() == ["» “We are doing our job.", "  But I am convinced,” Lavrov said."]
