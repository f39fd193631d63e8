"""Byline answers as turns of the conversation: "Who wrote this?" then "When?".

A question about the article's metadata ("Who wrote this?", "Qui a écrit cet article ?")
is answered from the byline (bot/engine/metadata.py), not from the sentences; but it is
still a turn of the conversation. A bare follow-up right after it ("When?", "Quand ?",
"And where?", "Wann war das?") asks for the other parts of the same byline: when → the
date, where → the site, who → the author. Such a turn carries no words into the next
question (its topic is empty) and points at no sentence, so a later follow-up still
leans on the last answer the article gave.
"""

from __future__ import annotations

from bot.engine.conversation import Conversation, Turn
from bot.engine.metadata import Byline, asked_about, metadata_answer
from bot.engine.terms import word_set, words
from bot.engine.types import Answer

# The question word of a bare follow-up, per piece of the byline.
_CUES = {
    "published": word_set("when wann quand cuándo cuando когда"),
    "site_name": word_set("where wo woher où dónde donde где откуда"),
    "author": word_set("who wer qui quién quien кто"),
}
# Words a bare follow-up may hold besides its question word: "And when?", "When was
# that?", "Et quand ?", "Und wann war das?", "¿Y dónde?", "А когда?".
_FILLERS = word_set(
    "and so then also was is it that this und dann war ist das es et alors c ce ça était "
    "y entonces fue eso и а это было"
)
_MAX_WORDS = 4  # "And when was that?": a longer question names what it asks about


def bare_kind(question: str) -> str | None:
    """Which piece of a byline a bare follow-up asks for ("When?" → "published")."""
    said = words(question)
    asked = [w for w in said if w not in _FILLERS]
    if len(said) > _MAX_WORDS or len(asked) != 1:
        return None
    return next((kind for kind, cues in _CUES.items() if asked[0] in cues), None)


def may_be_about_byline(question: str) -> bool:
    """Whether ``question`` could be answered from the byline: worth reading the
    conversation for (most questions are not)."""
    return asked_about(question) is not None or bare_kind(question) is not None


def after_byline(conversation: Conversation) -> bool:
    """Whether the last turn was answered from the byline (the only turns that carry no
    words: another turn's topic holds at least its question)."""
    return bool(conversation.turns) and not conversation.turns[-1].topic


def byline_turn(
    question: str, byline: Byline, conversation: Conversation, now: float
) -> tuple[Answer, Conversation] | None:
    """The answer from the byline and the conversation with it as its last turn, or None
    when the question is not about the byline (or the byline lacks what it asks)."""
    kind = asked_about(question)
    if kind is None and after_byline(conversation):
        kind = bare_kind(question)
        if kind is not None and not getattr(byline, kind):
            return None  # "When?" with no date known: the article's sentences may say
    if kind is None:
        return None
    answer = metadata_answer(question, byline, kind)
    if answer is None:
        return None
    turn = Turn(question, "", None)
    return answer, Conversation(conversation.article, now, (*conversation.turns[-2:], turn))


__all__ = ["bare_kind", "byline_turn", "may_be_about_byline"]
