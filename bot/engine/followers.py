"""The sentences listed after the answer, weighed again by the paragraph that holds them.

The answer is the best-ranked sentence; the ones listed after it matter when it is
wrong, and then what put it first (the question's words in one sentence) is the weaker
guide. The paragraph that holds most of the question's words is a second opinion: a
question is most often asked about one passage, and its answer may sit in a sentence of
that passage that repeats few of its words ("…the former is enforced by the European
Court of Justice" beside the sentence naming the Charter). So the listed sentences keep
their order, on a log scale, plus the paragraph's share of the question (its BM25 over
the best paragraph's, as ranking weighs it). Only what follows the answer moves: the
answer, "found" and "sure" are untouched. Measured on SQuAD v1.1 and CoQA CNN (see
``Tuning.follower_paragraph``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TypeVar

_C = TypeVar("_C")


def by_paragraph(
    listed: Sequence[_C], paragraph: Callable[[_C], float], weight: float, shown: int
) -> list[_C]:
    """``listed`` (the sentences after the answer, best first) ordered by their place on
    a log scale (the n-th loses log(1 + n)) plus ``weight`` times ``paragraph`` of each
    (0..1: its paragraph's share of the question's weight); ties keep their order. Only
    the first ``shown`` are settled: a sentence whose place loses more than ``weight``
    against the ``shown``-th cannot pass it, so it and those after it keep their order
    and ``paragraph`` is not asked of them."""
    if weight <= 0.0 or shown < 1 or len(listed) < 2:
        return list(listed)
    reach = math.log1p(shown) + weight
    head = len(listed)
    keyed = []
    for n, item in enumerate(listed, start=1):
        if math.log1p(n) >= reach:
            head = n - 1
            break
        keyed.append((math.log1p(n) - weight * paragraph(item), n))
    keyed.sort()
    return [listed[n - 1] for _, n in keyed] + list(listed[head:])


__all__ = ["by_paragraph"]
