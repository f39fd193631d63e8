"""Questions about the article as a whole are answered with its summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.conversation import Conversation
from bot.engine.core import Engine
from bot.engine.gist import asks_gist

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "aleppo-article.txt"
DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What is this article about?", True),
        ("What's it about?", True),
        ("Summarize it", True),
        ("Worum geht es im Artikel?", True),
        ("De quoi parle cet article ?", True),
        ("¿De qué trata?", True),
        ("О чём эта статья?", True),
        # About something in the article, not the article itself.
        ("What is the dispute about?", False),
        ("Worum geht es bei der Finanzierung?", False),
        ("What did the article say about Kerry?", False),
        ("¿De qué trata la ley?", False),
    ],
)
def test_what_asks_about_the_whole_article(question: str, asks: bool) -> None:
    assert asks_gist(question) is asks


def test_the_gist_is_the_summary_alone_and_in_a_conversation() -> None:
    engine = Engine()
    doc = engine.analyze(SEED.read_text(encoding="utf-8"))
    summary = engine.summarize(doc, sentences=3).sentences
    alone = engine.answer(doc, "What is this article about?")
    assert alone.found and alone.sure
    assert alone.sentences == tuple(s.text for s in summary)
    state = Conversation("a", 0.0)
    gist, state = engine.converse(doc, "What is it about?", state, 1.0)
    assert gist.sentences == alone.sentences
    # The next question goes on from there as a conversation does.
    who, _ = engine.converse(doc, "Who did Lavrov meet?", state, 2.0)
    assert "John Kerry" in who.sentences[0]


def test_the_gist_of_a_german_text() -> None:
    engine = Engine()
    doc = engine.analyze((DATA / "strassenbahn.txt").read_text(encoding="utf-8"))
    answer = engine.answer(doc, "Worum geht es?")
    assert answer.found and "Straßenbahnlinie" in answer.sentences[0]
