"""A why-answer that only restates the question gives way to the sentence after it."""

from __future__ import annotations

from pathlib import Path

from bot.engine.answer import answer_question
from bot.engine.core import Engine
from bot.engine.restated import restates

DATA = Path(__file__).resolve().parent / "data"


def test_restates() -> None:
    asked = ("shop", "owner", "worri")
    assert restates(asked, ("shop", "owner", "hallam", "street", "worri"))
    assert not restates(asked, ("shop", "owner", "worri", "price", "rise", "rent"))  # says more
    assert not restates(asked, ("shop", "owner", "street"))  # lacks one
    assert not restates((), ("shop",))


def test_why_worried_is_the_quotation_after_the_restating_sentence() -> None:
    doc = Engine().analyze((DATA / "bridge.txt").read_text(encoding="utf-8"))
    answer = answer_question(doc, "Why are shop owners worried?")
    assert answer.found
    assert answer.sentences[0].startswith('"Half of my customers come over that bridge,"')
    # Not a why-question: the sentence that says it stays the answer.
    said = answer_question(doc, "Who is worried?")
    assert said.found and said.sentences[0] == "Shop owners on Hallam Street are worried."
