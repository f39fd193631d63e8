"""Which other sentences a follow-up's answer lists after its best one.

A follow-up's answer is found in three places, and the sentences listed after the best
one (``brief ask --json``, "Also relevant" when one could answer alone) should cover
them rather than repeat the best one's neighbours in score: the sentence just after the
last answer (a conversation moves on through the article), the article's lead (a news
article's first sentence says who, what, where and when, and people come back to it),
and then the rest by score. Measured on CoQA CNN as conversations (tuning half top-3
74.1 -> 74.3, held-out half 72.2 -> 74.1 with the lead among a follow-up's candidates).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar


class _Candidate(Protocol):
    @property
    def index(self) -> int: ...


_C = TypeVar("_C", bound=_Candidate)

# The sentences after the last answer where the conversation most often goes on.
AFTER_LAST = (1, 2)


def places_first(others: Sequence[_C], best: int, near: int, lead: Iterable[int]) -> list[_C]:
    """``others`` (ranked, best first, without the best one) reordered: the first of them
    just after the last answer ``near``, then the first of them in the ``lead``, then the
    rest in their order. Only candidates already ranked are moved; none is added."""
    by_index = {c.index: c for c in others}
    taken = {best}
    front: list[_C] = []
    for place in ([near + step for step in AFTER_LAST], list(lead)):
        found = next((i for i in place if i in by_index and i not in taken), None)
        if found is not None:
            front.append(by_index[found])
            taken.add(found)
    return [*front, *(c for c in others if c.index not in taken)]


__all__ = ["AFTER_LAST", "places_first"]
