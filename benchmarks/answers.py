"""Answer quality, abstention and latency, beside the baselines, in one run.

    .venv/bin/python -m benchmarks.answers            # full run (a few minutes)
    .venv/bin/python -m benchmarks.answers --quick    # seconds-long smoke run

Reads SQuAD from the shared eval directory (``$BRIEF_EVAL_DIR`` overrides). Documents
come from the product's engine (``Engine.analyze``); answers from ``Engine.answer``.
Prints tables and writes ``benchmarks/results/answers.json``.

A hit is a chosen sentence that contains a gold answer text (case-insensitive, NFKC).
Every figure is what the user is shown: "not found" is a miss, and the answered share
(and, from SQuAD 2.0, the refused share of unanswerable questions) stands beside it.
Figures that ignore "not found" (the ablations) say "ranking only". Quality is measured
on the held-out halves (SQuAD articles at odd positions; benchmarks/tuning.py tunes on
the others); the threshold's trade-off curve is in benchmarks/tuning.py.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import psutil  # type: ignore[import-untyped]
import punkt
from rapidfuzz import fuzz, process

from benchmarks._halves import held_out, tuning_half
from benchmarks._squad import Article, Question, contains_answer, eval_dir, load, shown_figures
from benchmarks._stored_library import StoredLibrary
from bot.engine.answer import DEFAULT_TUNING, AnswerIndex, Tuning
from bot.engine.core import Engine
from bot.engine.library import (
    DEFAULT_LIBRARY_TUNING,
    LibraryAnswer,
    LibraryHit,
    LibraryTuning,
)
from bot.engine.terms import terms
from bot.engine.types import Answer, Document, Passage, Sentence
from bot.errors import InputError

RESULTS = Path(__file__).resolve().parent / "results"
ENGINE = Engine()

# How the Documents were built (the product's analyser, or the fallback while it is missing).
BUILD_PATHS: dict[str, int] = {}


# -- documents ------------------------------------------------------------------------------


def fallback_document(paragraphs: Sequence[str], title: str | None) -> Document:
    """Punkt sentences + the product's terms, through Engine.restore (analysis missing)."""
    sentences: list[Sentence] = []
    for p, text in enumerate(paragraphs):
        for sentence in punkt.sent_tokenize(text, "english"):
            sentences.append(Sentence(len(sentences), p, sentence, terms(sentence, "en")))
    return ENGINE.restore(title, "en", True, sentences)


def build_document(paragraphs: Sequence[str], title: str | None) -> Document:
    try:
        doc = ENGINE.analyze("\n\n".join(paragraphs), title)
    except NotImplementedError:
        BUILD_PATHS["fallback: analyze not implemented"] = (
            BUILD_PATHS.get("fallback: analyze not implemented", 0) + 1
        )
        return fallback_document(paragraphs, title)
    except InputError:
        # Engine refuses some SQuAD paragraphs (a single sentence); keep them measurable.
        BUILD_PATHS["fallback: analyze refused (InputError)"] = (
            BUILD_PATHS.get("fallback: analyze refused (InputError)", 0) + 1
        )
        return fallback_document(paragraphs, title)
    BUILD_PATHS["Engine.analyze"] = BUILD_PATHS.get("Engine.analyze", 0) + 1
    return doc


ANSWER_PATHS: dict[str, int] = {}


def product_answer(doc: Document, question: str) -> Answer:
    """Brief's answer through the engine facade (answer_question while it is missing)."""
    try:
        answer = ENGINE.answer(doc, question, 3)
    except NotImplementedError:
        ANSWER_PATHS["answer_question (Engine.answer not implemented)"] = (
            ANSWER_PATHS.get("answer_question (Engine.answer not implemented)", 0) + 1
        )
        return AnswerIndex.for_document(doc).answer(question, 3)
    ANSWER_PATHS["Engine.answer"] = ANSWER_PATHS.get("Engine.answer", 0) + 1
    return answer


@dataclass(frozen=True)
class Case:
    """One question asked of one document."""

    doc: Document
    question: Question
    unit: str  # article title (for pooled and per-article figures)


def cases(articles: Sequence[Article], level: str) -> list[Case]:
    out: list[Case] = []
    for article in articles:
        if level == "article":
            doc = build_document([p.context for p in article.paragraphs], article.title)
            out.extend(Case(doc, q, article.title) for q in article.questions)
        else:
            for para in article.paragraphs:
                doc = build_document([para.context], article.title)
                out.extend(Case(doc, q, article.title) for q in para.questions)
    return out


# -- rankers: each returns up to three sentence indexes, best first --------------------------

Ranker = Callable[[Document, str], list[int]]


def brief_ranker(tuning: Tuning) -> Ranker:
    def rank(doc: Document, question: str) -> list[int]:
        return [r.index for r in AnswerIndex.for_document(doc).rank(question, tuning)[:3]]

    return rank


def brief_product(doc: Document, question: str) -> list[int]:
    answer = product_answer(doc, question)
    return [p.sentence.index for p in answer.passages]


def answered_with(tuning: Tuning) -> Ranker:
    """The sentences shown with a tuning (none for "not found")."""

    def shown(doc: Document, question: str) -> list[int]:
        answer = AnswerIndex.for_document(doc).answer(question, 3, tuning)
        return [p.sentence.index for p in answer.passages] if answer.found else []

    return shown


def wratio_raw(doc: Document, question: str) -> list[int]:
    texts = [s.text for s in doc.sentences]
    return [i for _, _, i in process.extract(question, texts, scorer=fuzz.WRatio, limit=3)]


def token_set_terms(doc: Document, question: str) -> list[int]:
    q = " ".join(terms(question, doc.language))
    if not q:
        return []
    strings = [" ".join(s.terms) for s in doc.sentences]
    return [i for _, _, i in process.extract(q, strings, scorer=fuzz.token_set_ratio, limit=3)]


class PlainBM25:
    """Textbook BM25 (k1 1.2, b 0.75) over Sentence.terms: the baseline."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[list[dict[str, int]], np.ndarray, dict[str, float]]] = {}

    def _index(self, doc: Document) -> tuple[list[dict[str, int]], np.ndarray, dict[str, float]]:
        key = id(doc)
        if key not in self._cache:
            counts = []
            df: dict[str, int] = {}
            for s in doc.sentences:
                c: dict[str, int] = {}
                for t in s.terms:
                    c[t] = c.get(t, 0) + 1
                counts.append(c)
                for t in c:
                    df[t] = df.get(t, 0) + 1
            n = len(doc.sentences)
            lengths = np.array([max(len(s.terms), 1) for s in doc.sentences], dtype=float)
            idf = {t: float(np.log1p((n - d + 0.5) / (d + 0.5))) for t, d in df.items()}
            self._cache[key] = (counts, lengths, idf)
        return self._cache[key]

    def __call__(self, doc: Document, question: str) -> list[int]:
        counts, lengths, idf = self._index(doc)
        qterms = set(terms(question, doc.language))
        norm = 1.2 * (0.25 + 0.75 * lengths / lengths.mean())
        scores = np.zeros(len(counts))
        for i, c in enumerate(counts):
            scores[i] = sum(idf[t] * c[t] * 2.2 / (c[t] + norm[i]) for t in qterms if t in c)
        order = [int(i) for i in np.lexsort((np.arange(len(scores)), -scores)) if scores[i] > 0]
        return order[:3]


def accuracy(ranker: Ranker, items: Sequence[Case], typo: bool = False) -> dict[str, float]:
    """What the user is shown: top-1 / top-3 and answered over the answerable questions
    (an empty choice, "not found", is a miss), refused over the unanswerable ones."""

    def shown(case: Case) -> list[str]:
        question = with_typo(case.question.text) if typo else case.question.text
        return [case.doc.sentences[i].text for i in ranker(case.doc, question)]

    return shown_figures((case.question, shown(case)) for case in items)


def with_typo(question: str) -> str:
    """One deterministic typo: swap two inner letters of the question's longest word."""
    tokens = question.split()
    if not tokens:
        return question
    i = max(range(len(tokens)), key=lambda k: (len(tokens[k].strip("?,.")), -k))
    word = tokens[i]
    if len(word) >= 5:
        mid = len(word) // 2
        word = word[: mid - 1] + word[mid] + word[mid - 1] + word[mid + 1 :]
    tokens[i] = word
    return " ".join(tokens)


# -- latency ----------------------------------------------------------------------------------


def latency(articles: Sequence[Article], sentences: int, questions: int) -> dict[str, float]:
    """One question on a ``sentences``-long article: Brief vs a bare extractOne."""
    paragraphs: list[str] = []
    pool: list[str] = []
    count = 0
    for article in articles:
        for para in article.paragraphs:
            paragraphs.append(para.context)
            pool.extend(q.text for q in para.questions)
            count += len(punkt.sent_tokenize(para.context, "english"))
        if count >= sentences:
            break
    doc = build_document(paragraphs, "latency")
    if len(doc.sentences) > sentences:  # trim to the exact size, keeping paragraphs
        doc = ENGINE.restore(doc.title, doc.language, True, doc.sentences[:sentences])
    texts = [s.text for s in doc.sentences]
    asked = pool[:: max(len(pool) // questions, 1)][:questions]
    started = time.perf_counter()
    product_answer(doc, "warm-up question to build the index")
    build = time.perf_counter() - started
    brief_times, fuzz_times = [], []
    for _ in range(3):
        for q in asked:
            t0 = time.perf_counter()
            process.extractOne(q, texts)
            t1 = time.perf_counter()
            product_answer(doc, q)
            t2 = time.perf_counter()
            fuzz_times.append(t1 - t0)
            brief_times.append(t2 - t1)
    brief = statistics.median(brief_times) * 1000
    bare = statistics.median(fuzz_times) * 1000
    return {
        "sentences": len(doc.sentences),
        "questions": len(asked),
        "index_build_ms": build * 1000,
        "brief_median_ms": brief,
        "brief_p90_ms": float(np.percentile(brief_times, 90) * 1000),
        "extractone_median_ms": bare,
        "ratio": brief / bare,
    }


# -- report -----------------------------------------------------------------------------------


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(h) for h in header]] + [
        [f"{c:.1f}" if isinstance(c, float) else str(c) for c in row] for row in rows
    ]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [title, "  ".join(h.ljust(w) for h, w in zip(cells[0], widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells[1:]]
    return "\n".join(lines)


LATENCY_KEYS = (
    "sentences",
    "index_build_ms",
    "brief_median_ms",
    "brief_p90_ms",
    "extractone_median_ms",
)
SCALE_HEADER = (
    "index",
    "question median ms",
    "p90 ms",
    "add ms (first 100)",
    "add ms (last 100)",
    "add ms (first 100 again, full)",
    "index RSS MB",
    "top-1",
    "top-3",
)


def quality_section(
    v1: Sequence[Article], v2: Sequence[Article], results: dict[str, Any]
) -> dict[str, list[Case]]:
    """Held-out halves only (benchmarks/tuning.py tunes on the other half)."""
    held_v1, held_v2 = held_out(v1), held_out(v2)
    levels = {level: cases(held_v1, level) for level in ("paragraph", "article")}
    levels_v2 = {level: cases(held_v2, level) for level in ("paragraph", "article")}
    bm25 = PlainBM25()
    ranking_only = replace(DEFAULT_TUNING, threshold=0.0)
    rankers: dict[str, Ranker] = {
        "baseline: rapidfuzz WRatio, raw text": wratio_raw,
        "baseline: token_set_ratio on terms": token_set_terms,
        "baseline: BM25 on terms": bm25,
        "Brief as shown (Engine.answer)": brief_product,
    }
    header = ["method", "top-1", "top-3", "answered", "refused (v2.0)"]
    results["split"] = {
        "squad_v1_articles": [a.title for a in held_v1],
        "squad_v2_articles": [a.title for a in held_v2],
    }
    unanswerable = sum(q.impossible for a in held_v2 for q in a.questions)
    for level in ("article", "paragraph"):
        rows = []
        for name, ranker in rankers.items():
            v1_fig = accuracy(ranker, levels[level])
            v2_fig = accuracy(ranker, levels_v2[level])
            results.setdefault("squad_v1", {}).setdefault(name, {})[level] = v1_fig
            results.setdefault("squad_v2", {}).setdefault(name, {})[level] = v2_fig
            rows.append(
                [name, v1_fig["top1"], v1_fig["top3"], v1_fig["answered"], v2_fig["refused"]]
            )
        print(
            table(
                f"\nSQuAD v1.1, held-out half ({len(held_v1)} articles, {len(levels[level])} "
                f"questions), {level} as the document: the first sentence shown holds a gold "
                f"answer (%), 'not found' a miss; refused: SQuAD v2.0 held-out half "
                f"({len(held_v2)} articles, {unanswerable} unanswerable)",
                header,
                rows,
            )
        )
    v2_rows = [
        [name, *(results["squad_v2"][name][level][k] for k in ("top1", "answered", "refused"))]
        for name in rankers
        for level in ("article",)
    ]
    print(
        table(
            "\nSQuAD v2.0 held-out half, whole article: answerable top-1 as shown, answered, "
            "unanswerable refused (%)",
            ["method", "top-1", "answered", "refused"],
            v2_rows,
        )
    )

    # Each idea switched off alone (ranking only), and robustness to a typo.
    ablations: dict[str, Tuning] = {"Brief ranking only (no 'not found')": ranking_only}
    for feature in ("coverage", "lifted", "phrases", "paragraph", "cue", "previous", "term_pairs"):
        ablations[f"- {feature}"] = ranking_only.without(feature)
    ablations["- fuzzy typo matching"] = replace(ranking_only, fuzzy_cutoff=100.0)
    ablations["- rapidfuzz re-rank of the leaders"] = replace(ranking_only, fuzzy_depth=0)
    rows = []
    results["ablations"] = {}
    named: dict[str, Ranker] = {name: brief_ranker(t) for name, t in ablations.items()}
    named["baseline: BM25 on terms"] = bm25
    for name, ranker in named.items():
        art = accuracy(ranker, levels["article"])
        par = accuracy(ranker, levels["paragraph"])
        typo = accuracy(ranker, levels["article"], typo=True)
        results["ablations"][name] = {"article": art, "paragraph": par, "article_typo": typo}
        rows.append([name, par["top1"], art["top1"], art["top3"], typo["top1"], typo["top3"]])
    print(
        table(
            "\nIdeas measured, RANKING ONLY (every question answered: not what users see); "
            "held-out half; typo = one swapped letter in the longest word",
            ["variant", "para top-1", "article top-1", "article top-3", "typo top-1", "typo top-3"],
            rows,
        )
    )
    return levels


def latency_section(v1: Sequence[Article], quick: bool, results: dict[str, Any]) -> None:
    lat = latency(v1, 2000, 20 if quick else 100)
    results["latency"] = lat
    print(
        table(
            "\nLatency: one question on a long article (ms; medians over the questions x3)",
            ["sentences", "index build (once)", "Brief", "Brief p90", "bare extractOne", "ratio"],
            [[*(lat[k] for k in LATENCY_KEYS), f"{lat['ratio']:.2f}x"]],
        )
    )


def news_documents() -> list[Document]:
    """The eval set's news articles (BBC, CNN/DailyMail) as Documents: library distractors."""
    docs = []
    for name in (
        "bbc_news_summary_business.jsonl",
        "bbc_news_summary_politics.jsonl",
        "bbc_news_summary_tech.jsonl",
        "cnndm_test_realsumm100.jsonl",
    ):
        for line in (eval_dir() / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            paragraphs = [p for p in record["article"].split("\n") if p.strip()]
            docs.append(build_document(paragraphs, record.get("title")))
    return docs


def windows(docs: Sequence[Document], count: int, size: int) -> list[Document]:
    """``count`` articles of ``size`` consecutive sentences cut from ``docs`` (overlapping
    when the text runs short): a library of the requested shape from real prose."""
    pool = [s for doc in docs for s in doc.sentences]
    stride = max((len(pool) - size) // max(count, 1), 1)
    out = []
    for k in range(count):
        chunk = pool[k * stride : k * stride + size]
        sentences = [
            Sentence(i, i // 5, s.text, s.terms) for i, s in enumerate(chunk)
        ]  # paragraphs of five sentences
        out.append(ENGINE.restore(None, "en", True, sentences))
    return out


class FTS5Library:
    """The baseline the issue names: SQLite's own FTS5 and its ``bm25()``, one row per
    sentence, in an in-memory database. Rows hold ``Sentence.terms`` joined by spaces, so
    tokenising and stemming are Brief's and only the ranking differs.

    Tokenizer ``ascii``: it splits on ASCII non-alphanumerics only and keeps every other
    character as it is, so a space-joined term list comes back term for term (terms are
    letters and digits, already lower-cased). ``unicode61`` would not: it folds diacritics
    ("café" → "cafe") and, even with ``remove_diacritics 0``, a Greek final sigma; on the
    SQuAD and news sentences here ``ascii`` gives exactly Brief's 19,555 distinct terms.
    """

    def __init__(self) -> None:
        self._db = sqlite3.connect(":memory:", isolation_level=None)  # explicit transactions
        self._db.execute(
            "CREATE VIRTUAL TABLE s USING fts5("
            "terms, article UNINDEXED, sentence UNINDEXED, tokenize = 'ascii')"
        )
        self._documents: dict[int, Document] = {}

    def add(self, article_id: int, doc: Document) -> None:
        """One article, in its own transaction."""
        self._documents[article_id] = doc
        self._db.execute("BEGIN")
        self._db.executemany(
            "INSERT INTO s VALUES (?, ?, ?)",
            ((" ".join(s.terms), article_id, i) for i, s in enumerate(doc.sentences)),
        )
        self._db.execute("COMMIT")

    @property
    def database_mb(self) -> float:
        pages = self._db.execute("PRAGMA page_count").fetchone()[0]
        return float(pages * self._db.execute("PRAGMA page_size").fetchone()[0]) / 1e6

    def answer(self, question: str) -> LibraryAnswer:
        """The three best sentences by ``bm25()`` (lower is better; ties: first inserted),
        any question term OR-ed. Scores are FTS5's, negated, not a 0..1 confidence."""
        query = " OR ".join(
            '"' + t.replace('"', '""') + '"' for t in dict.fromkeys(terms(question, "en"))
        )
        rows = (
            self._db.execute(
                "SELECT article, sentence, bm25(s) FROM s WHERE s MATCH ?"
                " ORDER BY bm25(s), rowid LIMIT 3",
                (query,),
            ).fetchall()
            if query
            else []
        )
        hits = tuple(
            LibraryHit(a, Passage(self._documents[a].sentences[i], None, None, -score))
            for a, i, score in rows
        )
        return LibraryAnswer(question, bool(hits), hits, -rows[0][2] if rows else 0.0)


def pooled_accuracy(
    library: StoredLibrary | FTS5Library, asked: Sequence[tuple[int, Question]]
) -> dict[str, float]:
    """Hit: the right article and a sentence holding a gold answer."""
    top1 = top3 = answered = 0
    for article_id, question in asked:
        answer = library.answer(question.text)
        hits = [
            a == article_id and contains_answer(t, question.answers)
            for a, t in zip(answer.article_ids, answer.sentences, strict=True)
        ]
        answered += answer.found
        top1 += bool(hits) and hits[0]
        top3 += any(hits)
    n = max(len(asked), 1)
    return {"top1": 100 * top1 / n, "top3": 100 * top3 / n, "answered": 100 * answered / n}


def pooled_bm25(
    docs: Sequence[Document], asked: Sequence[tuple[int, Question]]
) -> dict[str, float]:
    """Baseline: plain BM25 over every sentence of every article as one pool."""
    owners: list[int] = []
    sentences: list[Sentence] = []
    for article_id, doc in enumerate(docs):
        for s in doc.sentences:
            owners.append(article_id)
            sentences.append(Sentence(len(sentences), len(owners), s.text, s.terms))
    pooled = ENGINE.restore(None, "en", True, sentences)
    bm25 = PlainBM25()
    top1 = top3 = 0
    for article_id, question in asked:
        chosen = bm25(pooled, question.text)
        hits = [
            owners[i] == article_id and contains_answer(pooled.sentences[i].text, question.answers)
            for i in chosen
        ]
        top1 += bool(hits) and hits[0]
        top3 += any(hits)
    n = max(len(asked), 1)
    return {"top1": 100 * top1 / n, "top3": 100 * top3 / n, "answered": 100.0}


def library_section(v1: Sequence[Article], quick: bool, results: dict[str, Any]) -> None:
    """Issue 9: every SQuAD article in one library; then a 1,000-article library."""
    squad_docs = [build_document([p.context for p in a.paragraphs], a.title) for a in v1]
    asked = [(i, q) for i, article in enumerate(v1) for q in article.questions]
    ranking_only = LibraryTuning(answer=replace(DEFAULT_TUNING, threshold=0.0))
    rows: dict[str, dict[str, float]] = {}
    rows["baseline: BM25 over the pooled sentences"] = pooled_bm25(squad_docs, asked)
    fts5 = FTS5Library()
    for i, doc in enumerate(squad_docs):
        fts5.add(i, doc)
    rows["baseline: SQLite FTS5 bm25() over the pooled sentences"] = pooled_accuracy(fts5, asked)
    for name, tuning in (
        ("Brief library ranking (no abstention)", ranking_only),
        ("Brief library answer (default threshold)", DEFAULT_LIBRARY_TUNING),
    ):
        library = StoredLibrary(tuning)
        for i, doc in enumerate(squad_docs):
            library.add(i, doc)
        rows[name] = pooled_accuracy(library, asked)
        library.close()
    results["library_pooled"] = rows
    print(
        table(
            f"\nLibrary: all {len(v1)} SQuAD v1.1 articles in one library, {len(asked)} questions;"
            " hit = right article and a sentence holding a gold answer (%)",
            ["method", "top-1", "top-3", "answered"],
            [[name, r["top1"], r["top3"], r["answered"]] for name, r in rows.items()],
        )
    )

    # Scale: SQuAD articles among news windows, ~100 sentences each.
    total = 100 if quick else 1000
    distractors = windows(news_documents(), total - len(squad_docs), 100)
    half = len(distractors) // 2
    ordered = distractors[:half] + squad_docs + distractors[half:]
    offset = half  # SQuAD article i sits at id half + i
    sample = [(offset + i, q) for i, q in asked][:: 2 if quick else 10]
    stored = StoredLibrary()
    scale = at_scale(stored, ordered, sample)
    stored.close()
    fts5 = FTS5Library()
    fts5_scale = {**at_scale(fts5, ordered, sample), "database_mb": fts5.database_mb}
    results["library_scale"] = scale
    results["library_scale_fts5"] = fts5_scale
    print(
        table(
            f"\nLibrary at scale: {scale['articles']} articles, {scale['sentences']} sentences "
            "(SQuAD articles among news windows)",
            [*SCALE_HEADER],
            [
                [
                    name,
                    *(
                        r[k]
                        for k in (
                            "question_median_ms",
                            "question_p90_ms",
                            "add_median_ms_first_100",
                            "add_median_ms_last_100",
                            "add_median_ms_first_100_again_when_full",
                            "index_rss_mb",
                        )
                    ),
                    *(r["accuracy_with_distractors"][k] for k in ("top1", "top3")),
                ]
                for name, r in (
                    ("Brief library (FTS5 + rerank)", scale),
                    ("SQLite FTS5 bm25()", fts5_scale),
                )
            ],
        )
    )
    print(
        f"SQLite FTS5: in-memory database of {fts5_scale['database_mb']:.1f} MB (pages); its RSS"
        " growth can read ~0 when SQLite reuses heap the run has already freed"
    )


def at_scale(
    library: StoredLibrary | FTS5Library,
    ordered: Sequence[Document],
    sample: Sequence[tuple[int, Question]],
) -> dict[str, Any]:
    """Fill ``library`` with ``ordered`` (article id = position), then time the questions."""
    rss_before = psutil.Process().memory_info().rss
    add_ms = []
    for article_id, doc in enumerate(ordered):
        started = time.perf_counter()
        library.add(article_id, doc)
        add_ms.append((time.perf_counter() - started) * 1000)
    rss_index = psutil.Process().memory_info().rss - rss_before
    ask_ms = []
    for _, question in sample:
        started = time.perf_counter()
        library.answer(question.text)
        ask_ms.append((time.perf_counter() - started) * 1000)
    accuracy = pooled_accuracy(library, sample)
    # The first 100 articles once more, under new ids: the same content as the first
    # additions, so a difference is the library's size, not what the articles hold.
    again_ms = []
    for article_id, doc in enumerate(ordered[:100], start=len(ordered)):
        started = time.perf_counter()
        library.add(article_id, doc)
        again_ms.append((time.perf_counter() - started) * 1000)
    return {
        "articles": len(ordered),
        "sentences": sum(len(doc.sentences) for doc in ordered),
        "questions": len(sample),
        "question_median_ms": statistics.median(ask_ms),
        "question_p90_ms": float(np.percentile(ask_ms, 90)),
        "add_median_ms_first_100": statistics.median(add_ms[:100]),
        "add_median_ms_last_100": statistics.median(add_ms[-100:]),
        "add_median_ms_first_100_again_when_full": statistics.median(again_ms),
        "index_rss_mb": rss_index / 1e6,
        "accuracy_with_distractors": accuracy,
    }


# The "not sure" decision for questions that stand alone: each row's changes to the
# shipped tuning (long_question_words 0: that rule off).
_OLD = {"long_question_words": 0, "refuse_another": False}  # the decision before both
DECISIONS: tuple[dict[str, Any], ...] = (
    _OLD,
    {"long_question_words": 0},
    {"refuse_another": False},
    *({"long_question_words": words} for words in (7, 9, 10)),
    *({"long_question_decay": decay} for decay in (0.2, 0.5)),
    {"long_question_foreign": float("inf")},
    {"long_question_terms": 0},
    {},
)


def _pooled(halves: Sequence[dict[str, float]]) -> dict[str, float]:
    """Figures of both halves together: each share weighed by its half's questions."""
    pooled: dict[str, float] = {}
    for key, count in (("top1", "questions"), ("top3", "questions"), ("answered", "questions")):
        weights = [h.get(count, 0.0) for h in halves]
        pooled[key] = sum(h.get(key, 0.0) * w for h, w in zip(halves, weights, strict=True))
        pooled[key] /= max(sum(weights), 1.0)
    weights = [h.get("unanswerable", 0.0) for h in halves]
    pooled["refused"] = sum(h.get("refused", 0.0) * w for h, w in zip(halves, weights, strict=True))
    pooled["refused"] /= max(sum(weights), 1.0)
    return pooled


def sweep_decision(v1: Sequence[Article], v2: Sequence[Article]) -> None:
    """SQuAD v1.1 as shown (whole article, "not found" a miss) against SQuAD 2.0's
    unanswerable questions refused, for each setting of the decision: chosen on the
    tuning halves (articles at even positions), the held-out halves printed beside."""
    halves = {"tune": tuning_half, "held out": held_out}
    v1_cases = {h: cases(pick(v1), "article") for h, pick in halves.items()}
    v2_cases = {
        h: [c for c in cases(pick(v2), "article") if c.question.impossible]
        for h, pick in halves.items()
    }
    knobs = (
        "lead_not_sure",
        "long_question_terms",
        "refuse_missing_names",
        "long_question_words",
        "long_question_decay",
        "long_question_foreign",
        "refuse_another",
    )
    rows = []
    for changes in DECISIONS:
        tuning = replace(DEFAULT_TUNING, **changes)
        row: list[Any] = [getattr(tuning, knob) for knob in knobs]
        shown = answered_with(tuning)
        figures = [
            (accuracy(shown, v1_cases[half]), accuracy(shown, v2_cases[half])) for half in halves
        ]
        figures.append((_pooled([v1 for v1, _ in figures]), _pooled([v2 for _, v2 in figures])))
        for v1_fig, v2_fig in figures:
            row.append(
                f"{v1_fig['top1']:.2f} / {v1_fig['top3']:.2f}; {v1_fig['answered']:.1f}; "
                f"{v2_fig['refused']:.2f}"
            )
        rows.append(row)
    print(
        table(
            "\nThe not-sure decision: SQuAD v1.1 whole article top-1 / top-3; answered; "
            "SQuAD 2.0 unanswerable refused (%); the last row is the shipped tuning",
            [*(knob.replace("_", " ") for knob in knobs), *halves, "all"],
            rows,
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.answers", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="seconds-long smoke run")
    parser.add_argument(
        "--sweep-decision", action="store_true", help="the not-sure decision's knobs only"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    v1 = load("squad-v1.1-dev-public.json")
    v2 = load("squad-v2.0-dev-public.json")
    if args.quick:
        v1, v2 = v1[:4], v2[:2]
    if args.sweep_decision:
        sweep_decision(v1, v2)
        return 0
    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {psutil.cpu_count()} cores, "
        f"python {platform.python_version()}",
        "quick": args.quick,
        "tuning": {
            **{k: v for k, v in vars(DEFAULT_TUNING).items() if k != "weights"},
            "weights": dict(DEFAULT_TUNING.weights),
        },
    }

    quality_section(v1, v2, results)
    library_section(v1, args.quick, results)
    latency_section(load("squad-v1.1-dev-public.json"), args.quick, results)

    results["document_build_paths"] = dict(BUILD_PATHS)
    results["answer_paths"] = dict(ANSWER_PATHS)
    results["seconds"] = time.perf_counter() - started
    print(f"\ndocuments built by: {BUILD_PATHS}\nanswers through: {ANSWER_PATHS}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / ("answers-quick.json" if args.quick else "answers.json")
    out.write_text(json.dumps(results, indent=2, default=float), encoding="utf-8")
    print(f"results: {out} ({results['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
