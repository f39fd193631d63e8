"""Every tuned parameter of Brief, chosen here by code on one fixed half of the data.

    .venv/bin/python -m benchmarks.tuning            # full search (several minutes)
    .venv/bin/python -m benchmarks.tuning --quick    # a few candidates: a smoke run

The split is fixed and by document, so no article is on both sides: SQuAD articles and
CNN/DailyMail stories at even positions of their files choose ("tune"), those at odd
positions are reported on ("held out"). The README's quality figures are the held-out
ones, measured by ``benchmarks.answers`` and ``benchmarks.summaries`` with the shipped
defaults; this module prints, per parameter, the shipped value, the value the search
picks on the tuning half, and both on the held-out half. The shipped defaults are only
changed when the held-out figure says so.

The search calls the engine's real knobs (``Tuning``, ``LibraryTuning``,
``summarize(weights=..., redundancy_limit=...)``); nothing of the engine is copied.
Answer figures count what the user is shown: "not found" is a miss.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from benchmarks._halves import held_out, tuning_half
from benchmarks._squad import Article, Question, contains_answer, load, shown_figures
from benchmarks._stored_library import StoredLibrary  # the product's search: FTS5, reranked
from bot.engine.answer import DEFAULT_TUNING, AnswerIndex, Tuning
from bot.engine.library import DEFAULT_LIBRARY_TUNING, LibraryTuning
from bot.engine.summarize import REDUNDANCY_LIMIT, WEIGHTS, ScoreWeights, summarize
from bot.engine.types import Answer, Document

RESULTS = Path(__file__).resolve().parent / "results"
_T = TypeVar("_T")
KEEP_ANSWERED = 85.0  # the threshold rule: answer at least this share of answerable questions
MIN_GAIN = 0.3  # points a candidate must gain on the tuning half to replace the current value


# -- answers as the user sees them -------------------------------------------------------------

# The engine's public answering call with a tuning passed in. Written against
# ``AnswerIndex.answer`` and ``Tuning.threshold`` only, so it can be re-run unchanged when
# the answering changes (a "not sure" tier counts as not found unless it shows a sentence).
AnswerFn = Callable[[Document, str, Tuning], Answer]


def engine_answer(doc: Document, question: str, tuning: Tuning) -> Answer:
    return AnswerIndex.for_document(doc).answer(question, 3, tuning)


@dataclass(frozen=True)
class Asked:
    doc: Document
    question: Question


def asked(articles: Sequence[Article], level: str, build: Callable[..., Document]) -> list[Asked]:
    """Each question against its whole article (``article``) or its paragraph."""
    out: list[Asked] = []
    for article in articles:
        if level == "article":
            doc = build([p.context for p in article.paragraphs], article.title)
            out += [Asked(doc, q) for q in article.questions]
        else:
            for para in article.paragraphs:
                doc = build([para.context], article.title)
                out += [Asked(doc, q) for q in para.questions]
    return out


def shown(answer: Answer) -> str | None:
    """The first sentence the user is shown, or None for "not found"."""
    return answer.passages[0].sentence.text if answer.found and answer.passages else None


def user_figures(
    items: Sequence[Asked], tuning: Tuning = DEFAULT_TUNING, answer: AnswerFn = engine_answer
) -> dict[str, float]:
    """top-1: the first sentence shown holds a gold answer ("not found" is a miss); top-3:
    any of the shown sentences does; answered / refused: of answerable / unanswerable."""
    replies = ((item.question, answer(item.doc, item.question.text, tuning)) for item in items)
    return shown_figures(
        (question, [p.sentence.text for p in reply.passages] if reply.found else [])
        for question, reply in replies
    )


# -- searches -----------------------------------------------------------------------------------


def coordinate_search(
    start: dict[str, float],
    steps: dict[str, Sequence[float]],
    score: Callable[[dict[str, float]], float],
    log: Callable[[str], None],
) -> tuple[dict[str, float], float]:
    """One pass over the knobs, each tried at its candidate values with the others held;
    a value replaces the current one only when it gains at least MIN_GAIN points."""
    best, best_score = dict(start), score(start)
    log(f"  start {best_score:.2f}")
    for name, values in steps.items():
        for value in values:
            if value == best[name]:
                continue
            trial = {**best, name: value}
            got = score(trial)
            log(f"  {name}={value:g}: {got:.2f}")
            if got >= best_score + MIN_GAIN:
                best, best_score = trial, got
    return best, best_score


def multiples(value: float, factors: Iterable[float]) -> list[float]:
    return [round(value * f, 4) for f in factors]


def tune_ranking(items: Sequence[Asked], quick: bool, log: Callable[[str], None]) -> Tuning:
    """Ranking weights: top-1 as the user sees it, whole article as the document."""
    weights = dict(DEFAULT_TUNING.weights)
    factors = (0.0, 1.5) if quick else (0.0, 0.5, 1.5, 2.0)
    names = list(weights)[:2] if quick else list(weights)

    def score(trial: dict[str, float]) -> float:
        return user_figures(items, replace(DEFAULT_TUNING, weights=trial))["top1"]

    chosen, _ = coordinate_search(
        weights, {n: multiples(weights[n], factors) for n in names}, score, log
    )
    return replace(DEFAULT_TUNING, weights=chosen)


def threshold_curve(
    items: Sequence[Asked], thresholds: Sequence[float], answer: AnswerFn = engine_answer
) -> list[dict[str, float]]:
    return [
        {"threshold": t, **user_figures(items, replace(DEFAULT_TUNING, threshold=t), answer)}
        for t in thresholds
    ]


def pick_threshold(curves: Sequence[Sequence[dict[str, float]]]) -> float:
    """The threshold that refuses most unanswerable questions while still answering at
    least KEEP_ANSWERED% of the answerable ones in every setting."""

    def worst(i: int, key: str) -> float:
        return min(curve[i][key] for curve in curves)

    ok = [i for i in range(len(curves[0])) if worst(i, "answered") >= KEEP_ANSWERED]
    if not ok:
        return curves[0][0]["threshold"]
    return curves[0][max(ok, key=lambda i: (worst(i, "refused"), -i))]["threshold"]


def library_figures(articles: Sequence[Article], docs: Sequence[Document], tuning: LibraryTuning):
    """Pooled: every article in one library; a hit is the right article and a sentence
    holding a gold answer, as shown ("not found" is a miss)."""

    library = StoredLibrary(tuning)
    for i, doc in enumerate(docs):
        library.add(i, doc)
    top1 = answered = n = 0
    for i, article in enumerate(articles):
        for q in article.questions:
            reply = library.answer(q.text)
            n += 1
            answered += reply.found
            if reply.found and reply.article_ids:
                top1 += reply.article_ids[0] == i and contains_answer(reply.sentences[0], q.answers)
    library.close()
    return {"top1": 100.0 * top1 / max(n, 1), "answered": 100.0 * answered / max(n, 1)}


def tune_library(
    articles: Sequence[Article], docs: Sequence[Document], quick: bool, log: Callable[[str], None]
) -> LibraryTuning:
    start = {
        "candidates": float(DEFAULT_LIBRARY_TUNING.candidates),
        "article_weight": DEFAULT_LIBRARY_TUNING.article_weight,
    }
    steps: dict[str, Sequence[float]] = (
        {"article_weight": (2.0,)}
        if quick
        else {
            "candidates": (3.0, 4.0, 8.0, 12.0),
            "article_weight": (1.0, 2.0, 6.0, 8.0),
        }
    )

    def as_tuning(values: dict[str, float]) -> LibraryTuning:
        return replace(
            DEFAULT_LIBRARY_TUNING,
            candidates=int(values["candidates"]),
            article_weight=values["article_weight"],
        )

    chosen, _ = coordinate_search(
        start, steps, lambda v: library_figures(articles, docs, as_tuning(v))["top1"], log
    )
    return as_tuning(chosen)


# -- summaries ----------------------------------------------------------------------------------


def summary_figures(
    sets: dict[str, Sequence[tuple[Document, str]]],
    weights: ScoreWeights,
    limit: float,
) -> dict[str, float]:
    """ROUGE-1 of Brief's 3-sentence summary minus Lead-3's, per set (the engine's own
    ``summarize`` with these knobs)."""
    from benchmarks.summaries import evaluate, lead

    def brief(doc: Document, count: int) -> list[int]:
        return [s.index for s in summarize(doc, count, "brief", weights, limit)]

    out = {}
    for name, docs in sets.items():
        mine = evaluate("brief", brief, docs, lambda _: 3)["rouge1"]
        out[name] = mine - evaluate("lead", lead, docs, lambda _: 3)["rouge1"]
        out[f"{name}_rouge1"] = mine
    return out


def summary_objective(figures: dict[str, float]) -> float:
    """Best ROUGE-1 on CNN/DailyMail while staying above Lead-3 on the shuffled twin."""
    return figures["cnndm"] if figures["shuffled"] > 0 else figures["cnndm"] - 100.0


def tune_summaries(
    sets: dict[str, Sequence[tuple[Document, str]]], quick: bool, log: Callable[[str], None]
) -> tuple[ScoreWeights, float]:
    start = {**asdict(WEIGHTS), "redundancy_limit": REDUNDANCY_LIMIT}
    steps: dict[str, Sequence[float]] = (
        {"position": (0.5,)}
        if quick
        else {
            "centrality": (0.1, 0.5, 0.8),
            "position": (0.5, 1.3, 2.0),
            "position_decay": (1.0, 2.0),
            "title": (0.0, 0.2),
            "redundancy_limit": (0.3, 0.5, 0.6, 0.7),
        }
    )

    def score(values: dict[str, float]) -> float:
        knobs = {k: v for k, v in values.items() if k != "redundancy_limit"}
        return summary_objective(
            summary_figures(sets, ScoreWeights(**knobs), values["redundancy_limit"])
        )

    chosen, _ = coordinate_search(start, steps, score, log)
    limit = chosen.pop("redundancy_limit")
    return ScoreWeights(**chosen), limit


def summary_sets(records: Sequence[tuple[str, str]]) -> dict[str, list[tuple[Document, str]]]:
    """CNN/DailyMail stories and their shuffled twins (first three sentences moved last)."""
    from bot.engine import Engine

    engine = Engine()
    plain, shuffled = [], []
    for article, reference in records:
        doc = engine.analyze(article)
        plain.append((doc, reference))
        texts = [s.text for s in doc.sentences]
        shuffled.append((engine.analyze(" ".join(texts[3:] + texts[:3])), reference))
    return {"cnndm": plain, "shuffled": shuffled}


# -- report -------------------------------------------------------------------------------------


def run(quick: bool) -> dict[str, Any]:
    from benchmarks.answers import build_document
    from benchmarks.summaries import load_cnndm

    def log(line: str) -> None:
        print(line, flush=True)

    v1 = load("squad-v1.1-dev-public.json")
    v2 = load("squad-v2.0-dev-public.json")
    if quick:
        v1, v2 = v1[:4], v2[:4]
    report: dict[str, Any] = {"quick": quick, "split": "even positions tune, odd held out"}

    log("ranking weights (SQuAD v1.1, whole article, top-1 as shown)")
    tune_items = asked(tuning_half(v1), "article", build_document)
    held_items = asked(held_out(v1), "article", build_document)
    ranking = tune_ranking(tune_items, quick, log)
    report["ranking_weights"] = {
        "shipped": dict(DEFAULT_TUNING.weights),
        "chosen": dict(ranking.weights),
        "tune_half": {
            "shipped": user_figures(tune_items),
            "chosen": user_figures(tune_items, ranking),
        },
        "held_out": {
            "shipped": user_figures(held_items),
            "chosen": user_figures(held_items, ranking),
        },
    }

    log("threshold (SQuAD v2.0, paragraph and whole article)")
    thresholds = [round(0.05 * i, 2) for i in range(0, 13, 3 if quick else 1)]
    if DEFAULT_TUNING.threshold not in thresholds:
        thresholds = sorted({*thresholds, DEFAULT_TUNING.threshold})
    curves = {
        half: {
            level: threshold_curve(asked(pick(v2), level, build_document), thresholds)
            for level in ("paragraph", "article")
        }
        for half, pick in (("tune_half", tuning_half), ("held_out", held_out))
    }
    chosen_threshold = pick_threshold(list(curves["tune_half"].values()))
    report["threshold"] = {
        "rule": f"most refusals while answering >= {KEEP_ANSWERED:g}% of answerable, both levels",
        "shipped": DEFAULT_TUNING.threshold,
        "chosen": chosen_threshold,
        "chosen_on_held_out_would_be": pick_threshold(list(curves["held_out"].values())),
        "curves": curves,
    }

    log("library defaults (SQuAD v1.1 articles pooled in one library per half)")
    tune_docs = [
        build_document([p.context for p in a.paragraphs], a.title) for a in tuning_half(v1)
    ]
    held_docs = [build_document([p.context for p in a.paragraphs], a.title) for a in held_out(v1)]
    library = tune_library(tuning_half(v1), tune_docs, quick, log)
    report["library"] = {
        "shipped": _library_knobs(DEFAULT_LIBRARY_TUNING),
        "chosen": _library_knobs(library),
        "tune_half": {
            "shipped": library_figures(tuning_half(v1), tune_docs, DEFAULT_LIBRARY_TUNING),
            "chosen": library_figures(tuning_half(v1), tune_docs, library),
        },
        "held_out": {
            "shipped": library_figures(held_out(v1), held_docs, DEFAULT_LIBRARY_TUNING),
            "chosen": library_figures(held_out(v1), held_docs, library),
        },
    }

    log("summary weights and redundancy limit (CNN/DailyMail 100 and its shuffled twin)")
    records = load_cnndm(20 if quick else None)
    tune_sets = summary_sets(tuning_half(records))
    held_sets = summary_sets(held_out(records))
    weights, limit = tune_summaries(tune_sets, quick, log)
    report["summaries"] = {
        "shipped": {**asdict(WEIGHTS), "redundancy_limit": REDUNDANCY_LIMIT},
        "chosen": {**asdict(weights), "redundancy_limit": limit},
        "tune_half": {
            "shipped": summary_figures(tune_sets, WEIGHTS, REDUNDANCY_LIMIT),
            "chosen": summary_figures(tune_sets, weights, limit),
        },
        "held_out": {
            "shipped": summary_figures(held_sets, WEIGHTS, REDUNDANCY_LIMIT),
            "chosen": summary_figures(held_sets, weights, limit),
        },
    }
    return report


def _library_knobs(tuning: LibraryTuning) -> dict[str, float]:
    return {
        "candidates": tuning.candidates,
        "article_weight": tuning.article_weight,
    }


def print_report(report: dict[str, Any]) -> None:
    print("\nparameter            shipped -> chosen on the tuning half; held-out figure")
    for name, key in (
        ("ranking weights", "top1"),
        ("library defaults", "top1"),
        ("summary knobs", "cnndm"),
    ):
        section = report[
            {"ranking weights": "ranking_weights", "library defaults": "library"}.get(
                name, "summaries"
            )
        ]
        changed = {
            k: (section["shipped"][k], v)
            for k, v in section["chosen"].items()
            if section["shipped"].get(k) != v
        }
        held = section["held_out"]
        print(
            f"{name:<20} changed {changed or 'nothing'}; held out {key}: shipped "
            f"{held['shipped'][key]:.2f}, chosen {held['chosen'][key]:.2f}"
        )
    t = report["threshold"]
    print(
        f"{'threshold':<20} shipped {t['shipped']:.2f}, chosen {t['chosen']:.2f} "
        f"(the held-out half alone would choose {t['chosen_on_held_out_would_be']:.2f})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tuning", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few candidates, small data")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    report = run(args.quick)
    report["seconds"] = time.perf_counter() - started
    print_report(report)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / ("tuning-quick.json" if args.quick else "tuning.json")
    out.write_text(json.dumps(report, indent=2, default=float), encoding="utf-8")
    print(f"results: {out} ({report['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
