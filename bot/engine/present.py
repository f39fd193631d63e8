"""What an answer shows beyond its best sentence (shared by Telegram and the console)."""

from __future__ import annotations

from bot.engine.answer import DEFAULT_TUNING, is_fragment
from bot.engine.coherence import QUOTE_PAIRS, QUOTE_PAIRS_DE, quotation_balance
from bot.engine.types import Answer, Passage, Sentence

MAX_ALSO_RELEVANT = 2


def also_relevant(answer: Answer) -> tuple[Passage, ...]:
    """Other passages worth showing: ones that would answer with confidence on their own,
    are not the best sentence's neighbours (those add nothing new), the answer the
    conversation just showed or items of the list it shows, and are more than a fragment
    (a short answer means something only under its heading)."""
    if not answer.passages:
        return ()
    best = answer.passages[0].sentence.index
    shown = {s.index for s in answer.passages[0].rest}  # the list it opens (lists.py)
    return tuple(
        p
        for p in answer.passages[1:]
        if p.score >= DEFAULT_TUNING.threshold
        and abs(p.sentence.index - best) > 1
        and p.sentence.index not in shown
        and not is_fragment(p.sentence.text)
        and p.sentence.index not in answer.seen
    )[:MAX_ALSO_RELEVANT]


def continuation(passage: Passage) -> Sentence | None:
    """The sentence that closes a quotation the answer opens ("“We are just doing our
    job… proof of that." then "But I am convinced…,” Lavrov said."): a quotation and
    its attribution are one answer, so it is shown with it."""
    after = passage.after
    if after is None or after.paragraph != passage.sentence.paragraph:
        return None
    pairs = QUOTE_PAIRS_DE if "„" in passage.sentence.text else QUOTE_PAIRS
    if quotation_balance(passage.sentence.text, pairs) <= 0:
        return None
    closing = quotation_balance(after.text, pairs)
    return after if closing < 0 or (closing == 1 and '"' in after.text) else None
