"""Byline answers are turns: a bare follow-up after one asks for the rest of the byline."""

from __future__ import annotations

from bot.engine.byline_turns import bare_kind, byline_turn
from bot.engine.conversation import Conversation, Turn
from bot.engine.metadata import Byline

BYLINE = Byline("Claire Dubois", "3 avril 2026", "Le Blog")


def _ask(conversation: Conversation, *questions: str) -> list[str | None]:
    said: list[str | None] = []
    for question in questions:
        turn = byline_turn(question, BYLINE, conversation, 1.0)
        if turn is None:
            said.append(None)
            conversation = Conversation(
                conversation.article, 1.0, (*conversation.turns, Turn(question, question, 3))
            )
            continue
        answer, conversation = turn
        said.append(answer.sentences[0] if answer.found else "")
    return said


def test_when_after_who_wrote_it_is_the_date_in_each_language() -> None:
    for who, when in [
        ("Who wrote this?", "When?"),
        ("Qui a écrit cet article ?", "Quand ?"),
        ("Wer hat den Artikel geschrieben?", "Und wann war das?"),
        ("¿Quién lo escribió?", "¿Y cuándo?"),
        ("Кто написал?", "А когда?"),
    ]:
        assert _ask(Conversation("a", 0.0), who, when) == [
            "Written by Claire Dubois.",
            "Published 3 avril 2026.",
        ], (who, when)


def test_where_after_the_date_is_the_site_and_chains_on() -> None:
    said = _ask(Conversation("a", 0.0), "Who wrote this?", "When?", "And where?")
    assert said[2] == "From Le Blog."


def test_a_bare_question_after_an_article_answer_is_not_about_the_byline() -> None:
    # "When?" after a question the article answered asks about that answer.
    assert _ask(Conversation("a", 0.0), "What did she plant?", "When?") == [None, None]
    # and a longer question after a byline answer is the article's.
    said = _ask(Conversation("a", 0.0), "Who wrote this?", "When did she plant the tomatoes?")
    assert said[1] is None


def test_the_date_unknown_leaves_when_to_the_article() -> None:
    conversation = Conversation("a", 0.0)
    answer, conversation = byline_turn("Who wrote this?", Byline("Ann"), conversation, 1.0) or (
        None,
        conversation,
    )
    assert answer is not None and answer.sentences == ("Written by Ann.",)
    assert byline_turn("When?", Byline("Ann"), conversation, 2.0) is None


def test_bare_kind() -> None:
    assert bare_kind("When?") == "published"
    assert bare_kind("Où ça ?") == "site_name"
    assert bare_kind("When did it open?") is None
    assert bare_kind("Why?") is None
