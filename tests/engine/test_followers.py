"""The sentences listed after the answer, weighed again by their paragraph: the one that
answers from the passage the question is about is listed, the answer itself never moves."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.engine.answer import DEFAULT_TUNING, AnswerIndex
from bot.engine.core import Engine
from bot.engine.followers import by_paragraph
from bot.engine.types import Document

WITHOUT = replace(DEFAULT_TUNING, follower_paragraph=0.0)


@pytest.fixture(scope="module")
def harbour() -> Document:
    return Engine().analyze(
        "Harbour town\n\n"
        "The old harbour wall was built in 1850 by local fishermen. Fishing boats still moor "
        "by the wall every morning. A festival for the fishermen is held every summer by the "
        "harbour.\n\n"
        "The town council met on Monday after the storm. The council agreed to repair the "
        "harbour wall before winter. The storm had cracked it in two places. Engineers expect "
        "the job to take three months. The bill will be paid by the region.\n\n"
        "Tourists visit the town for its beaches. The repair of the beach huts took two weeks "
        "last year. The council also repaired the old church.\n"
    )


def test_the_answer_from_the_question_s_passage_is_listed(harbour: Document) -> None:
    """The best sentence names the repair but not who pays; the paragraph about the
    repair says it two sentences on, in none of the question's words but "paid". Ranked
    on the question's words alone, the 1850 wall of another paragraph comes third."""
    index = AnswerIndex.for_document(harbour)
    question = "Who pays for the council's repair of the harbour wall?"
    answer = index.answer(question)
    without = index.answer(question, 3, WITHOUT)
    assert answer.sentences[0].startswith("The council agreed to repair")
    assert "The bill will be paid by the region." in answer.sentences
    assert "The bill will be paid by the region." not in without.sentences


def test_only_what_follows_the_answer_moves(harbour: Document) -> None:
    index = AnswerIndex.for_document(harbour)
    for question in (
        "Who pays for the council's repair of the harbour wall?",
        "Where was the harbour wall cracked by the storm?",
        "How long will the repair of the harbour wall take?",
    ):
        answer, without = index.answer(question), index.answer(question, 3, WITHOUT)
        assert answer.passages[0] == without.passages[0]
        assert (answer.found, answer.sure, answer.score) == (
            without.found,
            without.sure,
            without.score,
        )
        assert len(answer.sentences) == len(without.sentences)


def test_place_counts_on_a_log_scale() -> None:
    """The second listed needs little help to pass the first (log 2 against log 3), a
    sentence far down much more; a weight of 0 keeps the order."""
    share = {"a": 0.0, "b": 0.5, "c": 0.0, "d": 0.0, "e": 0.0, "f": 0.0, "g": 1.0}
    listed = list("abcdefg")
    assert by_paragraph(listed, share.__getitem__, 0.0, 2) == listed
    assert by_paragraph(listed, share.__getitem__, 1.0, 1)[:1] == ["b"]
    # "g" is 7th: log 8 - 1.0 = 1.08 passes "c" (log 4 = 1.39) but not "a" (log 2).
    assert by_paragraph(listed, share.__getitem__, 1.0, 2)[:3] == ["b", "a", "g"]


def test_only_the_sentences_that_can_be_shown_are_weighed() -> None:
    """With two shown and weight 1, a sentence past the 7th (log 9 > log 3 + 1) cannot
    reach the second place: it and those after keep their order, unweighed."""
    listed = [f"s{n}" for n in range(1, 13)]
    asked: list[str] = []

    def share(item: str) -> float:
        asked.append(item)
        return 1.0 if item in ("s7", "s8", "s12") else 0.0

    ordered = by_paragraph(listed, share, 1.0, 2)
    assert asked == listed[:7]
    assert ordered[:2] == ["s1", "s7"]
    assert ordered[-5:] == ["s8", "s9", "s10", "s11", "s12"]
    everything = by_paragraph(listed, lambda s: share(s), 1.0, len(listed))
    assert everything[:2] == ordered[:2]


def test_ties_keep_their_order() -> None:
    listed = ["x", "y", "z"]
    assert by_paragraph(listed, lambda _: 0.3, 1.0, 2) == listed
    assert by_paragraph(["only"], lambda _: 1.0, 1.0, 2) == ["only"]
