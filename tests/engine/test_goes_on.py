"""A short follow-up in new words goes on from the last answer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.engine.conversation import Conversation, converse
from bot.engine.core import Engine
from bot.engine.goes_on import MARGIN, goes_on, without_carried_headings

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class _Ranked:
    index: int
    score: float
    confidence: float


def test_the_sentence_after_the_last_answer_leads_when_it_holds_the_words() -> None:
    ranked = [_Ranked(0, 10.0, 0.7), _Ranked(5, 10.0 - MARGIN / 2, 0.1), _Ranked(4, 5.0, 0.3)]
    moved = goes_on(ranked, 4, lambda i: True)
    assert [r.index for r in moved] == [5, 0, 4]
    assert moved[0].confidence == 0.7  # as sure as the leader it replaces
    # Not when it lacks the follow-up's own words, nor when it scores far below.
    assert goes_on(ranked, 4, lambda i: i != 5) == ranked
    far = [ranked[0], _Ranked(5, 10.0 - 2 * MARGIN, 0.1)]
    assert goes_on(far, 4, lambda i: True) == far


def test_and_the_city_after_the_cost_of_the_repairs() -> None:
    shown = _shown("bridge.txt", "How much will the repairs cost?", "And the city?")
    assert shown[0] == "The repairs will cost 38 million pounds."
    assert "the city pays the remaining 6 million" in shown[1]


def test_a_heading_matched_by_carried_words_only_is_no_answer() -> None:
    ranked = [_Ranked(16, 11.0, 0.5), _Ranked(18, 9.0, 0.5)]
    assert without_carried_headings(ranked, lambda i: i == 16, lambda i: i == 18) == ranked[1:]
    assert without_carried_headings(ranked, lambda i: i == 16, lambda i: True) == ranked


def _shown(name: str, *questions: str) -> list[str]:
    doc = Engine().analyze((DATA / name).read_text(encoding="utf-8"))
    state = Conversation("a", 0.0)
    shown = []
    for n, question in enumerate(questions):
        answer, state = converse(doc, question, state, float(n))
        shown.append(answer.sentences[0] if answer.found else "")
    return shown


def test_a_follow_up_under_a_question_heading_finds_something_new() -> None:
    again, adds = _shown(
        "potager.md", "Est-ce qu'elle recommencerait ?", "Qu'est-ce qu'elle ajoute ?"
    )
    assert again == "Oui, sans hésiter."
    assert adds == "Cette année, j'ajoute des fraises."
