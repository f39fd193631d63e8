"""Which other sentences a follow-up's answer lists after its best one."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.places import places_first


@dataclass(frozen=True)
class Candidate:
    index: int


def test_after_the_last_answer_then_the_lead_then_by_score() -> None:
    ranked = [Candidate(i) for i in (9, 12, 0, 7)]
    # The best is 4; the last answer was 6: 7 goes on from it, 0 is the lead.
    assert [c.index for c in places_first(ranked, 4, 6, range(0, 1))] == [7, 0, 9, 12]


def test_only_ranked_candidates_move_and_none_is_repeated() -> None:
    ranked = [Candidate(i) for i in (9, 3)]
    # Nothing ranked after the last answer (5) or in the lead (0): the order is kept.
    assert [c.index for c in places_first(ranked, 4, 5, range(0, 1))] == [9, 3]
    # The best one is never listed again, even when it is the next after the last.
    assert [c.index for c in places_first([Candidate(8)], 6, 5, range(0, 1))] == [8]
