"""Bullet lists: kept whole by cleaning, and shown as one answer unit."""

from __future__ import annotations

from pathlib import Path

from bot.engine.answer import answer_question
from bot.engine.core import Engine
from bot.engine.lists import list_units
from bot.engine.present import also_relevant
from bot.engine.text import clean
from bot.engine.types import Sentence

DATA = Path(__file__).resolve().parent / "data"


def _sentences(*texts: str) -> list[Sentence]:
    return [Sentence(i, i, t, ()) for i, t in enumerate(texts)]


def test_cleaning_keeps_a_lead_in_and_its_short_items() -> None:
    text = "It takes an afternoon.\n\nYou will need:\n- a spade\n- compost\n- twenty young plants\n"
    assert clean(text).paragraphs == (
        "It takes an afternoon.",
        "You will need:",
        "a spade",
        "compost",
        "twenty young plants",
    )
    # Without a lead-in or a heading, short items are a menu, as before.
    menu = "It takes an afternoon. It is easy.\n\n- Home\n- About us\n"
    assert clean(menu).paragraphs == ("It takes an afternoon. It is easy.",)


def test_list_units() -> None:
    sentences = _sentences("It is easy.", "You will need:", "a spade", "compost", "Dig a trench.")
    assert list_units(sentences, [False] * 5) == {1: (2, 3), 2: (3,)}
    # Paragraphs that are sentences are no list, and one item is not a list.
    prose = _sentences("You will need this:", "A spade is best.", "Dig.")
    assert list_units(prose, [False] * 3) == {}
    assert list_units(_sentences("You need:", "a spade", "Dig a trench."), [False] * 3) == {}


def test_what_do_i_need_is_the_whole_list() -> None:
    doc = Engine().analyze((DATA / "hedge.md").read_text(encoding="utf-8"))
    answer = answer_question(doc, "What do I need?")
    assert answer.found and answer.sentences[0] == "You will need:"
    best = answer.passages[0]
    assert [s.text for s in best.rest] == [
        "a spade",
        "compost",
        "twenty young hawthorn plants",
        "a watering can",
    ]
    assert not {p.sentence.index for p in also_relevant(answer)} & {s.index for s in best.rest}


def test_a_list_under_a_heading_answers_with_all_its_items() -> None:
    doc = Engine().analyze((DATA / "potager.md").read_text(encoding="utf-8"))
    answer = answer_question(doc, "Qu'est-ce qu'elle a planté ?")
    best = answer.passages[0]
    assert best.sentence.text == "des tomates cerises, dans trois grands pots ;"
    assert [s.text for s in best.rest] == [
        "du basilic et de la menthe ;",
        "des radis, qui poussent en moins d'un mois.",
    ]
    # The paragraph after a list is not one of its items.
    garden = Engine().analyze((DATA / "garden-blog.md").read_text(encoding="utf-8"))
    went_in = answer_question(garden, "What went in?").passages[0]
    assert [s.text for s in went_in.rest][-1] == "Leaves from the oak tree"
