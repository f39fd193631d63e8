"""Summary quality and speed, Brief beside the classic baselines in the same run.

Sets: CNN/DailyMail (human highlights: the one that matters), the same articles with
their first three sentences moved to the end ("shuffled": Lead-3 can't win by position
there), and BBC News 1,328 (extractive references; Lead-k as the baseline). The summary
knobs are chosen on the CNN/DailyMail stories at even positions (benchmarks/tuning.py),
so the CNN/DailyMail and shuffled figures are on the 50 at odd positions ("held out");
BBC is not used for tuning at all.
Metrics: ROUGE-1/2/Lsum F1 (rouge-score, stemming); the share of summary sentences that
dangle by an independent rule (benchmarks/dangling.py: a pronoun, demonstrative or
connective opening, its preceding sentence not shown), and separately by the
summariser's own rule (which it enforces, so Brief's is 0 by construction);
near-duplicate pairs.
Speed: a ~1,000-word article and a 2,000-sentence document, Brief vs sumy LexRank.

    python -m benchmarks.summaries [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rouge_score import rouge_scorer

from benchmarks._halves import held_out
from benchmarks.dangling import dangling_count
from bot.engine import ALGORITHMS, DEFAULT_ALGORITHM, Document, Engine
from bot.engine.coherence import refers_back
from bot.engine.sentences import split_sentences
from bot.engine.summarize import sumy_pick
from bot.engine.terms import words

EVAL_DIR = Path(
    os.environ.get("BRIEF_EVAL_DIR")
    or Path(__file__).resolve().parents[1].parent / "shared" / "eval"
)
RESULTS = Path(__file__).resolve().parent / "results" / "summaries.json"
RAW_SUMY = ("lexrank", "textrank", "lsa", "luhn")

System = Callable[[Document, int], list[int]]  # document, length → chosen sentence indices

# BBC summaries join their sentences with no space: "...$10.9bn.For the full-year..."
_BBC_SENTENCE = re.compile(r"(?<=[.!?])(?=[A-Z\"'])")
_PTB = [
    (re.compile(r"-lrb-", re.I), "("),
    (re.compile(r"-rrb-", re.I), ")"),
    (re.compile(r"``\s*"), '"'),
    (re.compile(r"\s*''"), '"'),
    (re.compile(r"\s+(n't|'s|'re|'ve|'m|'ll|'d)\b", re.I), r"\1"),
    (re.compile(r"\s+([.,;:!?%)])"), r"\1"),
    (re.compile(r"([($])\s+"), r"\1"),
]


def detokenize(text: str) -> str:
    for pattern, replacement in _PTB:
        text = pattern.sub(replacement, text)
    return text


def one_sentence_a_line(text: str) -> str:
    """ROUGE-Lsum compares sentence by sentence: it needs them on separate lines."""
    return "\n".join(split_sentences(text, "en"))


def load_cnndm(limit: int | None) -> list[tuple[str, str]]:
    lines = (EVAL_DIR / "cnndm_test_realsumm100.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    return [
        (detokenize(r["article"]), one_sentence_a_line(detokenize(r["reference"])))
        for r in rows[:limit]
    ]


def load_bbc(limit: int | None) -> list[tuple[str, str, str]]:
    items = []
    for category in ("business", "politics", "tech"):
        path = EVAL_DIR / f"bbc_news_summary_{category}.jsonl"
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        items += [
            (r["title"], r["article"], "\n".join(_BBC_SENTENCE.split(r["summary"].strip())))
            for r in rows[: limit and limit // 3]
        ]
    return items


def raw_sumy(name: str) -> System:
    """sumy as it comes (no shortlist, no coherence repair) on the same sentences."""

    def run(doc: Document, count: int) -> list[int]:
        return sumy_pick(doc, name, count, range(len(doc.sentences)))

    return run


def brief_system(engine: Engine, algorithm: str) -> System:
    def run(doc: Document, count: int) -> list[int]:
        return [
            s.index for s in engine.summarize(doc, sentences=count, algorithm=algorithm).sentences
        ]

    return run


def lead(doc: Document, count: int) -> list[int]:
    return list(range(min(count, len(doc.sentences))))


def own_rule_dangling(doc: Document, picked: Sequence[int]) -> int:
    """The summariser's own rule (``refers_back``): Brief avoids these by construction."""
    chosen = set(picked)
    return sum(
        1
        for i in picked
        if i > 0 and i - 1 not in chosen and refers_back(doc.sentences[i].text, doc.language)
    )


def near_duplicates(doc: Document, picked: Sequence[int]) -> int:
    bags = [set(words(doc.sentences[i].text)) for i in picked]
    return sum(
        1
        for a in range(len(bags))
        for b in range(a + 1, len(bags))
        if len(bags[a] & bags[b]) / max(1, len(bags[a] | bags[b])) > 0.6
    )


def evaluate(
    name: str, system: System, docs: Sequence[tuple[Document, str]], count: Callable[[str], int]
) -> dict[str, float]:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeLsum": 0.0}
    sentences = dangles = own_rule = duplicates = 0
    for doc, reference in docs:
        picked = system(doc, count(reference))
        summary = "\n".join(doc.sentences[i].text for i in picked)
        scores = scorer.score(reference, summary)
        for key in totals:
            totals[key] += scores[key].fmeasure
        sentences += len(picked)
        dangles += dangling_count([s.text for s in doc.sentences], picked)
        own_rule += own_rule_dangling(doc, picked)
        duplicates += near_duplicates(doc, picked)
    n = max(1, len(docs))
    return {
        "system": name,  # type: ignore[dict-item]
        **{k: round(100 * v / n, 2) for k, v in totals.items()},
        "dangling_pct": round(100 * dangles / max(1, sentences), 2),
        "own_rule_dangling_pct": round(100 * own_rule / max(1, sentences), 2),
        "near_duplicate_pairs": duplicates,
    }


def table(title: str, rows: Sequence[dict[str, float]]) -> None:
    print(f"\n{title}")
    print(
        f"{'system':<18}{'R-1':>7}{'R-2':>7}{'R-Lsum':>8}{'dangling%':>11}"
        f"{'own-rule%':>11}{'near-dups':>11}"
    )
    for r in rows:
        print(
            f"{r['system']!s:<18}{r['rouge1']:>7.2f}{r['rouge2']:>7.2f}{r['rougeLsum']:>8.2f}"
            f"{r['dangling_pct']:>11.2f}{r['own_rule_dangling_pct']:>11.2f}"
            f"{r['near_duplicate_pairs']:>11}"
        )


def median_seconds(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a few articles: a smoke run")
    args = parser.parse_args(argv)
    engine = Engine()
    limit = 20 if args.quick else None
    stories = held_out(load_cnndm(limit))

    cnndm = [(engine.analyze(article), ref) for article, ref in stories]
    shuffled = []
    for article, ref in stories:
        doc = engine.analyze(article)
        texts = [s.text for s in doc.sentences]
        shuffled.append((engine.analyze(" ".join(texts[3:] + texts[:3])), ref))
    bbc = [
        (engine.analyze(body, title=title), ref)
        for title, body, ref in load_bbc(30 if args.quick else None)
    ]

    systems: list[tuple[str, System]] = [("lead", lead)]
    systems += [(f"brief:{a}", brief_system(engine, a)) for a in ALGORITHMS]
    systems += [(f"sumy-raw:{a}", raw_sumy(a)) for a in RAW_SUMY]

    def three(_: str) -> int:
        return 3

    def reference_length(reference: str) -> int:
        return max(1, len(reference.splitlines()))

    results: dict[str, object] = {"quick": args.quick, "default_algorithm": DEFAULT_ALGORITHM}
    for set_name, docs, count in (
        ("cnndm_held_out", cnndm, three),
        ("cnndm_shuffled_held_out", shuffled, three),
        ("bbc", bbc, reference_length),
    ):
        rows = [evaluate(name, system, docs, count) for name, system in systems]
        results[set_name] = rows
        label = "Lead-3" if count is three else "Lead-k"
        for row in rows:
            if row["system"] == "lead":
                row["system"] = label  # type: ignore[assignment]
        table(f"{set_name}: {len(docs)} articles", rows)

    # Speed: medians over repeats, Brief vs raw sumy LexRank on the same documents.
    article = (
        next(d for d, _ in cnndm if 800 <= d.word_count <= 1300) if not args.quick else cnndm[0][0]
    )
    long_text = " ".join(s.text for d, _ in cnndm for s in d.sentences)
    long_doc = engine.analyze(long_text)
    while len(long_doc.sentences) < 2000:
        long_doc = engine.analyze(long_text + " " + long_text)
        long_text = long_text + " " + long_text
    long_doc = engine.restore(None, "en", True, long_doc.sentences[:2000])
    repeats = 1 if args.quick else 5
    speed = {
        "article_words": article.word_count,
        "brief_article_s": median_seconds(lambda: engine.summarize(article, sentences=5), repeats),
        "lexrank_article_s": median_seconds(lambda: raw_sumy("lexrank")(article, 5), repeats),
        "long_sentences": len(long_doc.sentences),
        "brief_long_s": median_seconds(lambda: engine.summarize(long_doc, sentences=5), repeats),
    }
    if not args.quick:  # sumy LexRank takes ~10 s on 2,000 sentences: not for a smoke run
        speed["lexrank_long_s"] = median_seconds(lambda: raw_sumy("lexrank")(long_doc, 5), 3)
        speed["brief_vs_lexrank_long"] = speed["brief_long_s"] / speed["lexrank_long_s"]
    speed["brief_vs_lexrank_article"] = speed["brief_article_s"] / speed["lexrank_article_s"]
    results["speed"] = speed
    print("\nspeed (median wall seconds)")
    for key, value in speed.items():
        print(f"  {key:<26}{value:.4f}" if isinstance(value, float) else f"  {key:<26}{value}")

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(f"\nwritten: {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
