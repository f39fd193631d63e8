"""What an answer shows beyond its best sentence (shared by Telegram and the console)."""

from __future__ import annotations

from bot.engine.answer import DEFAULT_TUNING
from bot.engine.types import Answer, Passage

MAX_ALSO_RELEVANT = 2


def also_relevant(answer: Answer) -> tuple[Passage, ...]:
    """Other passages worth showing: ones that would answer with confidence on their own,
    and are not the best sentence's neighbours (those add nothing new)."""
    if not answer.passages:
        return ()
    best = answer.passages[0].sentence.index
    return tuple(
        p
        for p in answer.passages[1:]
        if p.score >= DEFAULT_TUNING.threshold and abs(p.sentence.index - best) > 1
    )[:MAX_ALSO_RELEVANT]
