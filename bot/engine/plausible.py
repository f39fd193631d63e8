"""How sure a "not sure" answer must be, by the length of the question.

A long question describes what it asks in words of its own ("How long is the path for
bikes that replaced the tracks once used by trains heading for the sea?"), so even the
sentence that answers it holds a small share of them, and the confidence, a share,
stays low. The bar for a "not sure" answer therefore falls with each word past a length:
smoothly, so that a question one word longer is not judged by another rule. Counted in
words, not terms: the small words say as much about how a question is put (SQuAD v1.1's
answerable questions are longer in words than SQuAD 2.0's unanswerable ones where their
shares of matched terms are alike; benchmarks/answers.py --sweep-decision).
"""

from __future__ import annotations

import math

from bot.engine.terms import question_tokens


def plausible_bar(question: str, plausible: float, long_words: int, decay: float) -> float:
    """The confidence a "not sure" answer to ``question`` needs: ``plausible`` up to
    ``long_words`` words (0: always), then lower by the factor ``exp(-decay)`` for each
    word more."""
    beyond = len(question_tokens(question)) - long_words
    if long_words <= 0 or beyond <= 0:
        return plausible
    return plausible * math.exp(-decay * beyond)


__all__ = ["plausible_bar"]
