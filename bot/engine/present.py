"""What an answer shows beyond its best sentence (shared by Telegram and the console)."""

from __future__ import annotations

from bot.engine.answer import DEFAULT_TUNING
from bot.engine.types import Answer, Passage

MAX_ALSO_RELEVANT = 2
FRAGMENT_WORDS = 3  # "Absolutely." says nothing in a list of other answers


def also_relevant(answer: Answer) -> tuple[Passage, ...]:
    """Other passages worth showing: ones that would answer with confidence on their own,
    are not the best sentence's neighbours (those add nothing new), and are more than a
    fragment (a short answer means something only under its heading)."""
    if not answer.passages:
        return ()
    best = answer.passages[0].sentence.index
    return tuple(
        p
        for p in answer.passages[1:]
        if p.score >= DEFAULT_TUNING.threshold
        and abs(p.sentence.index - best) > 1
        and len(p.sentence.text.split()) > FRAGMENT_WORDS
    )[:MAX_ALSO_RELEVANT]
