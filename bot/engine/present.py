"""What an answer shows beyond its best sentence (shared by Telegram and the console)."""

from __future__ import annotations

from bot.engine.answer import DEFAULT_TUNING, is_fragment
from bot.engine.types import Answer, Passage, Sentence

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


# Quotation marks as pairs: German opens with „ and closes with “, which opens elsewhere.
_PAIRS_DE = (("„", "“"), ("»", "«"))
_PAIRS = (("“", "”"), ("«", "»"))


def _balance(text: str, pairs: tuple[tuple[str, str], ...]) -> int:
    """Quotations opened minus closed in ``text`` (straight quotes: 1 when odd)."""
    curly = sum(text.count(a) - text.count(b) for a, b in pairs)
    return curly or text.count('"') % 2


def continuation(passage: Passage) -> Sentence | None:
    """The sentence that closes a quotation the answer opens ("“We are just doing our
    job… proof of that." then "But I am convinced…,” Lavrov said."): a quotation and
    its attribution are one answer, so it is shown with it."""
    after = passage.after
    if after is None or after.paragraph != passage.sentence.paragraph:
        return None
    pairs = _PAIRS_DE if "„" in passage.sentence.text else _PAIRS
    if _balance(passage.sentence.text, pairs) <= 0:
        return None
    closing = _balance(after.text, pairs)
    return after if closing < 0 or (closing == 1 and '"' in after.text) else None
