"""What an answer shows beyond its best sentence (shared by Telegram and the console)."""

from __future__ import annotations

from bot.engine.answer import DEFAULT_TUNING, is_fragment
from bot.engine.types import Answer, Passage

MAX_ALSO_RELEVANT = 2


def also_relevant(answer: Answer) -> tuple[Passage, ...]:
    """Other passages worth showing: ones that would answer with confidence on their own,
    are not the best sentence's neighbours (those add nothing new) nor the answer the
    conversation just showed, and are more than a fragment (a short answer means
    something only under its heading)."""
    if not answer.passages:
        return ()
    best = answer.passages[0].sentence.index
    return tuple(
        p
        for p in answer.passages[1:]
        if p.score >= DEFAULT_TUNING.threshold
        and abs(p.sentence.index - best) > 1
        and not is_fragment(p.sentence.text)
        and p.sentence.index not in answer.seen
    )[:MAX_ALSO_RELEVANT]
