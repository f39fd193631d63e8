"""The CI quality floor passes for the shipped engine and fails for a broken one."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from benchmarks import floor
from benchmarks._squad import eval_dir
from bot.engine import summarize as summarize_module
from bot.engine.answer import AnswerIndex

pytestmark = pytest.mark.skipif(
    not (eval_dir() / "squad-v1.1-dev-public.json").exists(),
    reason="evaluation data not found (../shared/eval or BRIEF_EVAL_DIR)",
)


def failed(results: list[tuple[floor.Floor, float, bool]]) -> set[str]:
    return {f.name for f, _, ok in results if not ok}


def by_measure(measure: object) -> floor.Floor:
    return next(f for f in floor.FLOORS if f.measure is measure)


def reverse_ranking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ranking best last (``_rank`` is what ``rank`` and the answers use)."""
    rank = AnswerIndex._rank

    def reversed_rank(self: AnswerIndex, *args: object, **kwargs: object) -> tuple[object, ...]:
        ranked, scored = rank(self, *args, **kwargs)  # type: ignore[arg-type]
        return list(reversed(ranked)), scored

    monkeypatch.setattr(AnswerIndex, "_rank", reversed_rank)


def test_the_shipped_engine_is_above_every_floor() -> None:
    assert failed(floor.check()) == set()


def test_ranking_in_reverse_order_breaks_the_answer_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    reverse_ranking(monkeypatch)
    squad = by_measure(floor.squad_top1)
    assert failed(floor.check([squad])) == {squad.name}


def test_ranking_in_reverse_order_breaks_the_conversation_floor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reverse_ranking(monkeypatch)
    coqa = by_measure(floor.coqa_conversation_top1)
    assert failed(floor.check([coqa])) == {coqa.name}


def test_scoring_sentences_upside_down_breaks_the_summary_floor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scores = summarize_module.brief_scores
    monkeypatch.setattr(
        summarize_module, "brief_scores", lambda *args, **kwargs: -scores(*args, **kwargs)
    )
    rouge = by_measure(floor.rouge1_over_lead3)
    assert failed(floor.check([rouge])) == {rouge.name}


def test_dropping_the_coherence_repair_breaks_the_dangling_floor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Without its own rule the summariser picks sentences by score alone, openers and all;
    # leading with the article's end makes such openers likely.
    monkeypatch.setattr(summarize_module, "dangles", lambda text, language: False)
    scores = summarize_module.brief_scores
    monkeypatch.setattr(
        summarize_module, "brief_scores", lambda *args, **kwargs: -scores(*args, **kwargs)
    )
    dangling = by_measure(floor.dangling_pct)
    value = dangling.measure()
    assert not dangling.holds(value), value


def test_adding_a_floor_is_one_entry() -> None:
    extra = floor.Floor("always zero", "nothing", lambda: 0.0, bound=1.0)
    assert failed(floor.check([extra])) == {"always zero"}


def test_answering_every_question_breaks_the_refusal_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every missing word stands in by any word, no limit on foreign questions, no bar.
    anything = replace(
        floor.DEFAULT_TUNING,
        related_cutoff=-1.0,
        foreign_limit=math.inf,
        plausible=0.0,
        follow_up_plausible=0.0,
    )
    monkeypatch.setattr(floor, "DEFAULT_TUNING", anything)
    refused = by_measure(floor.coqa_borrowed_refused)
    assert failed(floor.check([refused])) == {refused.name}
