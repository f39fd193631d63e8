"""A follow-up in new words goes on from the last answer: "And the city?" after "How much
will the repairs cost?" → "…; the city pays the remaining 6 million." (the sentence after
"The repairs will cost 38 million pounds."), not the lead that names the city and the
repairs together.

A follow-up that carries the last question's words ranks best the sentence that holds
both its own words and the carried ones, which is often one that names everything (a
news lead) rather than the one that answers. When the sentence just after the last
answer holds the follow-up's own words too and scores nearly as well, the conversation
goes on there: it is the answer, as sure as the leader it replaces.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol, TypeVar


class _Candidate(Protocol):
    @property
    def index(self) -> int: ...
    @property
    def score(self) -> float: ...
    @property
    def confidence(self) -> float: ...


_C = TypeVar("_C", bound=_Candidate)

# How far below the leader's score the sentence after the last answer may be, and how
# many terms of its own a follow-up may have ("And the city?"; a longer one says what it
# asks and is ranked by it). Chosen on CoQA CNN's tuning half as conversations: margins
# 1, 2 and 4 tie there (top-1 60.9, top-3 76.3), 8 loses 0.3; three terms or more lost
# "Why does he feel that the other presidents would make false accusations?".
MARGIN = 2.0
GOES_ON_TERMS = 2


def goes_on(ranked: Sequence[_C], near: int, holds_own_words: Callable[[int], bool]) -> list[_C]:
    """``ranked`` with the sentence after the last answer ``near`` first when it holds
    the follow-up's own words as the leader does and scores within ``MARGIN`` of it."""
    if not ranked or ranked[0].index == near + 1:
        return list(ranked)
    leader = ranked[0]
    following = next((r for r in ranked if r.index == near + 1), None)
    if (
        following is None
        or following.score < leader.score - MARGIN
        or not holds_own_words(following.index)
        or not holds_own_words(leader.index)
    ):
        return list(ranked)
    first = replace(following, confidence=max(following.confidence, leader.confidence))  # type: ignore[type-var]
    return [first, *(r for r in ranked if r.index != following.index)]


def without_carried_headings(
    ranked: Sequence[_C], is_heading: Callable[[int], bool], holds_own_words: Callable[[int], bool]
) -> list[_C]:
    """``ranked`` without the headings that lack the follow-up's own words. A heading
    stands for the text under it when it asks what the question asks; a follow-up's
    heading matched by the words it carried is the question before, whose answer was
    just shown ("Qu'est-ce qu'elle ajoute ?" after "Est-ce qu'elle recommencerait ?"
    under "Est-ce que je recommencerais ?": not "Oui, sans hésiter." again)."""
    return [r for r in ranked if not is_heading(r.index) or holds_own_words(r.index)]


__all__ = ["GOES_ON_TERMS", "MARGIN", "goes_on", "without_carried_headings"]
