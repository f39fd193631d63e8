"""What an answer shows beyond its best sentence (shared by Telegram and the console)."""

from __future__ import annotations

from bot.engine.answer import DEFAULT_TUNING
from bot.engine.coherence import QUOTE_PAIRS, QUOTE_PAIRS_DE, quotation_balance
from bot.engine.terms import is_fragment
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
    """The sentence of the answer's paragraph that completes it, shown with it:

    - the end of a quotation the answer opens ("“We are just doing our job… proof of
      that." then "But I am convinced…,” Lavrov said."): a quotation and its attribution
      are one answer;
    - the speaker's next words, a sentence all in quotation marks after an attributed one
      ("“I was sure…,” said Marco Bianchi…" then "“Instead they tell us…”");
    - what a short answer under its question goes on to say ("Yes." then "Running costs
      fell to 8,000 euros a year…")."""
    after = passage.after
    if after is None or after.paragraph != passage.sentence.paragraph:
        return None
    text = passage.sentence.text
    before = passage.before
    if is_fragment(text) and before is not None and before.text.rstrip().endswith("?"):
        return after
    pairs = QUOTE_PAIRS_DE if "„" in text else QUOTE_PAIRS
    balance = quotation_balance(text, pairs)
    if balance <= 0:
        return after if balance == 0 and _quoted(text) and _all_quoted(after.text) else None
    closing = quotation_balance(after.text, pairs)
    return after if closing < 0 or (closing == 1 and '"' in after.text) else None


_OPENING_QUOTES = "\"“„«‘'"
_CLOSING_QUOTES = "\"”“»’'"


def _quoted(text: str) -> bool:
    return any(mark in text for mark in _OPENING_QUOTES)


def _all_quoted(text: str) -> bool:
    """A sentence that is all one quotation: "“Instead they tell us the bread is warm.”"."""
    inner = text.strip()
    return (
        len(inner) > 2
        and inner[0] in _OPENING_QUOTES
        and inner[-1] in _CLOSING_QUOTES
        and not any(mark in inner[1:-1] for mark in '"“”„«»')
    )
