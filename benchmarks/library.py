"""The library at scale (issue 18): one chat with many real-length articles.

    .venv/bin/python -m benchmarks.library                  # 10,000 articles (minutes)
    .venv/bin/python -m benchmarks.library --quick          # 200 articles (seconds)
    .venv/bin/python -m benchmarks.library --baseline /tmp/base36   # also the old code

The library: the eval set's news (BBC, CNN/DailyMail, CoQA's CNN stories), cut into
article-sized texts (250 to 900 words of consecutive paragraphs; the texts run short of
10,000 articles, so paragraphs recur in several articles), with the 16 SQuAD v1.1
articles whole in the middle (not SQuAD v2.0: its dev articles are v1.1's, and a
distractor would hold the very paragraph a question is about). It is added once through
``Brief.add_text`` (analysis and storage, as `brief add` does) into the console's chat of
a database cached under /tmp, and reused by later runs. Every run measures, side by side:

- the first library question after a start and warm ones: `brief ask --all`'s code path
  (``bot.cli.with_library``) in a fresh process, and the bot (`python -m bot run`)
  answering `/search` through the Bot API emulator, timed from the update's arrival to
  the reply; peak RSS of each process;
- the whole `brief ask --all` command, against an FTS5 ``bm25()`` script over the same
  sentences (benchmarks/_fts5_script.py), whole command too;
- add cost: the same 100 texts into an empty library and into the full one;
- database bytes per article, and the share of the search index;
- quality: all SQuAD v1.1 articles in one library, and the same among the 10,000
  (hit: the right article and a sentence holding a gold answer; "not found" a miss).

With ``--baseline PATH`` (a checkout of the code before this change, e.g.
`git worktree add /tmp/base36 36f15d0`), the old code's quality, whole command and
peak RSS are measured in the same run on the same data (its own code, in subprocesses).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
CACHE = Path(os.environ.get("BRIEF_BENCH_CACHE", tempfile.gettempdir()))
BUILD_VERSION = 3  # bump when the library's recipe changes: a new cached database
JSON = dict[str, Any]


# -- the library's texts ---------------------------------------------------------------


def _paragraphs() -> list[str]:
    """Paragraphs of the eval set's news, in file order."""
    from benchmarks._squad import eval_dir

    pool: list[str] = []
    for name, field in (
        ("bbc_news_summary_business.jsonl", "article"),
        ("bbc_news_summary_politics.jsonl", "article"),
        ("bbc_news_summary_tech.jsonl", "article"),
        ("cnndm_test_realsumm100.jsonl", "article"),
        ("coqa-dev-cnn.jsonl", "story"),
    ):
        for line in (eval_dir() / name).read_text(encoding="utf-8").splitlines():
            text = json.loads(line)[field]
            pool.extend(p.strip() for p in text.split("\n") if len(p.split()) >= 8)
    # No SQuAD v2.0 paragraphs: its dev set here holds the same Wikipedia articles as
    # v1.1's, so a distractor would hold the very paragraph a v1.1 question is about.
    return pool


def library_texts(count: int) -> list[tuple[str, str | None]]:
    """``count`` distinct article texts (text, title): runs of consecutive paragraphs
    from starts spread over the pool, 250 to 900 words each, then the SQuAD v1.1
    articles whole in the middle (their questions are the quality test)."""
    from benchmarks._squad import load

    pool = _paragraphs()
    squad = [(a.text, a.title) for a in load("squad-v1.1-dev-public.json")]
    squad = squad[: max(2, min(len(squad), count // 50))]
    texts: list[tuple[str, str | None]] = []
    step = 7919  # a prime: starts do not repeat before the pool is used up
    k = 0
    while len(texts) < count - len(squad):
        start = (k * step) % len(pool)
        target = 250 + (k * 37) % 650
        chosen: list[str] = []
        while sum(len(p.split()) for p in chosen) < target:
            chosen.append(pool[(start + len(chosen)) % len(pool)])
        texts.append(("\n\n".join(chosen), None))
        k += 1
    half = len(texts) // 2
    return texts[:half] + squad + texts[half:]


# -- building the cached library (once) -------------------------------------------------


def database_path(count: int) -> Path:
    return CACHE / f"brief-library-{count}-v{BUILD_VERSION}.db"


def build(count: int) -> JSON:
    """The cached library database and what building it measured (a JSON sidecar)."""
    path = database_path(count)
    sidecar = path.with_suffix(".json")
    if path.exists() and sidecar.exists():
        built: JSON = json.loads(sidecar.read_text(encoding="utf-8"))
        return built
    print(f"building the {count}-article library in {path} (once; later runs reuse it)")
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    timings, titles = asyncio.run(_add_all(path, library_texts(count)))
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    sentences_db = path.with_name(path.stem + "-sentences-fts5.db")
    build_sentence_fts5(path, sentences_db)
    built = {
        "articles": stored,
        "add_ms_first_100": statistics.median(timings[:100]),
        "add_ms_last_100": statistics.median(timings[-100:]),
        "build_s": sum(timings) / 1000,
        "squad_ids": titles,
        **sizes(path, sentences_db, stored),
    }
    sidecar.write_text(json.dumps(built, indent=2), encoding="utf-8")
    return built


def _settings(path: Path) -> Any:
    from bot.config import Settings

    return Settings(
        db_path=path, ingests_per_minute=0, max_articles_per_chat=10**6, analysis_workers=0
    )


async def _add_all(path: Path, texts: list[tuple[str, str | None]]) -> tuple[list[float], JSON]:
    """Add every text through Brief.add_text; per-article milliseconds, SQuAD ids."""
    from bot.engine import Engine
    from bot.service import CONSOLE_CHAT_ID, Brief
    from storage import SQLiteStorage

    storage = SQLiteStorage(path)
    await storage.open()
    brief = Brief(storage, Engine(), _settings(path))
    timings: list[float] = []
    titles: JSON = {}
    try:
        for n, (text, title) in enumerate(texts):
            started = time.perf_counter()
            view = await brief.add_text(CONSOLE_CHAT_ID, text, title=title)
            timings.append((time.perf_counter() - started) * 1000)
            if title is not None:
                titles[title] = view.article.id
            if n % 1000 == 999:
                print(f"  {n + 1} articles", flush=True)
    finally:
        await brief.close()
    return timings, titles


def build_sentence_fts5(library: Path, target: Path) -> None:
    """The baseline's database: one FTS5 row per sentence of the same library."""
    target.unlink(missing_ok=True)
    with sqlite3.connect(target) as db:
        db.execute(
            "CREATE VIRTUAL TABLE s USING fts5("
            "terms, article UNINDEXED, text UNINDEXED, tokenize = 'ascii')"
        )
        db.execute("ATTACH DATABASE ? AS library", (str(library),))
        db.execute(
            "INSERT INTO s (terms, article, text) SELECT terms, article_id, text"
            " FROM library.sentences ORDER BY article_id, idx"
        )
        db.commit()
        db.execute("DETACH DATABASE library")
        db.execute("VACUUM")


def sizes(path: Path, sentences_db: Path, articles: int) -> JSON:
    """Bytes per article: the whole database, the same without the search index, and
    the baseline's sentence-level FTS5 database (which holds the sentence texts too)."""
    with tempfile.TemporaryDirectory() as tmp:
        whole, bare = Path(tmp) / "whole.db", Path(tmp) / "bare.db"
        for copy in (whole, bare):
            with sqlite3.connect(path) as source, sqlite3.connect(copy) as target:
                source.backup(target)
        db = sqlite3.connect(bare, isolation_level=None)
        db.execute("DROP TRIGGER article_search_unindex")
        db.execute("DROP TABLE article_search")
        db.execute("DROP VIEW article_search_text")
        db.close()
        for copy in (whole, bare):
            db = sqlite3.connect(copy, isolation_level=None)
            db.execute("PRAGMA journal_mode = DELETE")
            db.execute("VACUUM")
            db.close()
        with_index, without_index = whole.stat().st_size, bare.stat().st_size
    return {
        "db_bytes_per_article": with_index / articles,
        "db_bytes_per_article_without_search_index": without_index / articles,
        "fts5_baseline_db_bytes_per_article": sentences_db.stat().st_size / articles,
    }


# -- questions ---------------------------------------------------------------------------


def squad_questions(built: JSON, every: int) -> list[tuple[int, str, tuple[str, ...]]]:
    """(article id in the library, question, gold answers) for every ``every``-th question."""
    from benchmarks._squad import load

    asked = []
    for article in load("squad-v1.1-dev-public.json"):
        article_id = built["squad_ids"].get(article.title)
        if article_id is not None:
            asked.extend((article_id, q.text, q.answers) for q in article.questions)
    return asked[::every]


def score(asked: Sequence[tuple[int, str, tuple[str, ...]]], answers: Sequence[JSON]) -> JSON:
    """Hit: the right article and a sentence holding a gold answer. Not found: a miss."""
    from benchmarks._squad import contains_answer

    top1 = top3 = answered = 0
    for (article_id, _, gold), answer in zip(asked, answers, strict=True):
        hits = [
            a == article_id and contains_answer(s, gold)
            for a, s in zip(answer["article_ids"], answer["sentences"], strict=True)
        ]
        answered += bool(answer["found"])
        top1 += bool(hits) and hits[0]
        top3 += any(hits[:3])
    n = max(len(asked), 1)
    return {"top1": 100 * top1 / n, "top3": 100 * top3 / n, "answered": 100 * answered / n}


# -- fresh processes ---------------------------------------------------------------------


@dataclass(frozen=True)
class Finished:
    seconds: float
    peak_rss_mb: float
    stdout: str


# Starts the measured command and reports its peak RSS. A child's ru_maxrss counts the
# memory of the process it was forked from (Linux folds it in at exec), so the measured
# command is forked from this small launcher, never from the benchmark's own process.
_LAUNCHER = """
import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
sys.stderr.write(f"\\nLAUNCHER {time.perf_counter() - started} {usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_process(
    command: list[str], env: dict[str, str], cwd: Path = REPO, stdin: str = ""
) -> Finished:
    """A whole command: its wall time and peak RSS, as measured by the launcher."""
    launched = [sys.executable, "-I", "-S", "-c", _LAUNCHER, *command]
    done = subprocess.run(
        launched, env=env, cwd=cwd, input=stdin, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{command[:5]} failed: {done.stderr[-3000:]}")
    last = done.stderr.strip().splitlines()[-1].split()
    return Finished(float(last[1]), int(last[2]) / 1024, done.stdout)


def _env(db: Path, pythonpath: Path = REPO) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BRIEF_", "TELEGRAM_")) or k in ("BRIEF_EVAL_DIR", "BRIEF_BENCH_CACHE")
    }
    env.update(
        BRIEF_DB=str(db),
        BRIEF_MAX_ARTICLES_PER_CHAT=str(10**6),
        BRIEF_LOG_LEVEL="WARNING",
        PYTHONPATH=str(pythonpath),
    )
    return env


def child_questions(db: Path, questions: list[str]) -> JSON:
    """In a fresh process: `brief ask --all`'s own path (bot.cli.with_library), the
    first question after the start and the rest warm, with the answers."""
    out = run_process(
        [sys.executable, "-m", "benchmarks.library", "--child-ask", str(db)],
        _env(db),
        stdin=json.dumps(questions),
    )
    result: JSON = json.loads(out.stdout.strip().splitlines()[-1])
    result["peak_rss_mb"] = out.peak_rss_mb
    return result


def ask_child(db: str) -> None:
    """--child-ask: runs in the fresh process."""
    questions: list[str] = json.loads(sys.stdin.read())
    from bot.cli import with_library
    from bot.service import CONSOLE_CHAT_ID, Brief

    async def ask(brief: Brief) -> JSON:
        times: list[float] = []
        answers: list[JSON] = []
        for question in questions:
            started = time.perf_counter()
            view = await brief.ask_all(CONSOLE_CHAT_ID, question)
            times.append((time.perf_counter() - started) * 1000)
            answers.append(
                {
                    "found": view.found,
                    "sentences": [p.passage.sentence.text for p in view.passages],
                    "article_ids": [p.article.id for p in view.passages],
                }
            )
        return {"ms": times, "answers": answers}

    print(json.dumps(with_library(_settings(Path(db)), ask)))


def whole_commands(
    db: Path, sentences_db: Path, questions: list[str], baseline: Path | None
) -> JSON:
    """`brief ask --all Q --json` and the FTS5 script, alternately, one question each."""
    python = sys.executable
    brief, fts5, old = [], [], []
    for question in questions:
        brief.append(
            run_process([python, "-m", "bot", "ask", "--all", question, "--json"], _env(db))
        )
        fts5.append(
            run_process(
                [python, str(REPO / "benchmarks" / "_fts5_script.py"), str(sentences_db), question],
                _env(db),
            )
        )
    if baseline is not None:
        old_db = old_database(db)
        for question in questions[:3]:
            old.append(
                run_process(
                    [python, "-m", "bot", "ask", "--all", question, "--json"],
                    _env(old_db, baseline),
                    cwd=baseline,
                )
            )
    result: JSON = {
        "runs": len(questions),
        "brief_s_median": statistics.median(r.seconds for r in brief),
        "fts5_script_s_median": statistics.median(r.seconds for r in fts5),
        "brief_peak_rss_mb_max": max(r.peak_rss_mb for r in brief),
        "fts5_peak_rss_mb_max": max(r.peak_rss_mb for r in fts5),
    }
    result["ratio"] = result["brief_s_median"] / result["fts5_script_s_median"]
    if old:
        result["old_code_s_median"] = statistics.median(r.seconds for r in old)
        result["old_code_peak_rss_mb_max"] = max(r.peak_rss_mb for r in old)
    return result


def old_database(db: Path) -> Path:
    """A copy the old code accepts: schema version 4 (it ignores the search index)."""
    copy = db.with_name(db.stem + "-as-v4.db")
    if not copy.exists():
        with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        with sqlite3.connect(copy) as target:
            target.execute("PRAGMA user_version = 4")
    return copy


# -- the bot through the emulator ---------------------------------------------------------


async def bot_search(db: Path, questions: list[str]) -> JSON:
    """`python -m bot run` on a copy of the library (moved into a Telegram chat), the
    first `/search` after the start and the rest, timed by the emulator's clock."""
    from benchmarks._common import production_env
    from tests import factories as f
    from tests.emulator import BotAPIServer
    from tests.support.brief_process import STARTUP, brief_process

    user = f.user("Librarian")
    chat = f.private_chat(user)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "library.db"
        with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        with sqlite3.connect(copy) as target:
            target.execute("UPDATE articles SET chat_id = ?", (chat["id"],))
        async with BotAPIServer() as server:
            api = server.api
            env = production_env(server, Path(tmp), "library.db")
            env["BRIEF_MAX_ARTICLES_PER_CHAT"] = str(10**6)
            env["BRIEF_ANALYSIS_WORKERS"] = "0"
            async with brief_process(env, Path(tmp) / "bot.log") as process:
                await api.wait_until(lambda: api.polling, STARTUP)

                async def round_trip(text: str) -> float:
                    before = len(api.sent_to(chat["id"]))
                    queued = time.monotonic()
                    api.push_message(f.message(chat, user, text))
                    sent = await api.wait_for_sent(chat["id"], before + 1, within=120.0)
                    return (sent[before].at - queued) * 1000

                # The first update of all pays for the bot's own warm-up (handlers,
                # first HTTP connections): /help takes it, so that the first /search
                # measures the library.
                first_update = await round_trip("/help")
                times = [await round_trip(f"/search {question}") for question in questions]
                peak = peak_rss_mb(process.pid)
    return {
        "first_update_help_ms": first_update,
        "first_search_ms": times[0],
        "warm_ms_median": statistics.median(times[1:]) if len(times) > 1 else float("nan"),
        "peak_rss_mb": peak,
    }


def peak_rss_mb(pid: int) -> float:
    """A running process's peak resident set (VmHWM), from /proc."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    return next(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmHWM")) / 1024


# -- add cost -----------------------------------------------------------------------------


def add_cost(db: Path, count: int, n: int = 100) -> JSON:
    """`brief add`'s cost (Brief.add_text: analysis and storage), medians, in one run:
    the library's first ``n`` texts into an empty database; its last ``n`` into a copy of
    the full one without them; and the first ``n`` again (marked, so they are new) into
    the full one, where a difference from the empty database is the library's size."""
    texts = library_texts(count)
    first, last = texts[:n], texts[-n:]
    again = [(f"{text}\n\nCopy for the add-cost run.", title) for text, title in first]
    with tempfile.TemporaryDirectory() as tmp:
        empty, full = Path(tmp) / "empty.db", Path(tmp) / "full.db"
        with sqlite3.connect(db) as source, sqlite3.connect(full) as target:
            source.backup(target)
        with sqlite3.connect(full) as target:  # the trigger unindexes them too
            target.execute(
                "DELETE FROM articles WHERE id IN (SELECT id FROM articles ORDER BY id DESC"
                " LIMIT ?)",
                (len(last),),
            )
        into_empty, _ = asyncio.run(_add_all(empty, first))
        last_ms, _ = asyncio.run(_add_all(full, last))
        again_ms, _ = asyncio.run(_add_all(full, again))
    result = {
        "texts_each": n,
        "first_100_into_empty_ms": statistics.median(into_empty),
        "last_100_into_full_ms": statistics.median(last_ms),
        "first_100_again_into_full_ms": statistics.median(again_ms),
    }
    result["last_over_first"] = result["last_100_into_full_ms"] / result["first_100_into_empty_ms"]
    result["same_texts_full_over_empty"] = (
        result["first_100_again_into_full_ms"] / result["first_100_into_empty_ms"]
    )
    return result


# -- pooled quality ------------------------------------------------------------------------


def quality_child(kind: str, quick: bool) -> None:
    """--child-quality new|old: pooled SQuAD quality with this process's code (``old``
    runs with PYTHONPATH at the baseline checkout: its own LibraryIndex)."""
    from benchmarks._squad import load
    from benchmarks.answers import build_document, news_documents, pooled_accuracy, windows
    from bot.engine.answer import DEFAULT_TUNING
    from bot.engine.library import DEFAULT_LIBRARY_TUNING, LibraryTuning

    v1 = load("squad-v1.1-dev-public.json")[: 2 if quick else None]
    docs = [build_document([p.context for p in a.paragraphs], a.title) for a in v1]
    asked = [(i, q) for i, article in enumerate(v1) for q in article.questions]
    ranking_only = LibraryTuning(answer=replace(DEFAULT_TUNING, threshold=0.0))

    def library(tuning: Any, ordered: Sequence[Any]) -> Any:
        if kind == "old":
            from bot.engine.library import LibraryIndex  # type: ignore[attr-defined]

            made = LibraryIndex(tuning)
        else:
            from benchmarks._stored_library import StoredLibrary

            made = StoredLibrary(tuning)
        for i, doc in enumerate(ordered):
            made.add(i, doc)
        return made

    def measure(tuning: Any, ordered: Sequence[Any], sample: Any) -> JSON:
        made = library(tuning, ordered)
        measured: JSON = pooled_accuracy(made, sample)
        if hasattr(made, "close"):
            made.close()
        return measured

    results: JSON = {}
    for name, tuning in (("ranking", ranking_only), ("answer", DEFAULT_LIBRARY_TUNING)):
        results[f"pooled_{name}"] = measure(tuning, docs, asked)
    if quick:  # analysing the news for distractors takes a minute
        print(json.dumps(results))
        return
    total = 1000
    distractors = windows(news_documents(), total - len(docs), 100)
    half = len(distractors) // 2
    ordered = distractors[:half] + docs + distractors[half:]
    sample = [(half + i, q) for i, q in asked][::10]
    results[f"among_{total}_ranking"] = measure(ranking_only, ordered, sample)
    results[f"among_{total}_answer"] = measure(DEFAULT_LIBRARY_TUNING, ordered, sample)
    print(json.dumps(results))


def quality(quick: bool, baseline: Path | None) -> JSON:
    python = sys.executable
    script = str(REPO / "benchmarks" / "library.py")
    flags = ["--quick"] if quick else []
    out: JSON = {}
    runs = [("brief", REPO)] + ([("old_code", baseline)] if baseline else [])
    for name, path in runs:
        kind = "new" if path == REPO else "old"
        done = run_process(
            [python, script, "--child-quality", kind, *flags], _env(REPO, path), cwd=path
        )
        out[name] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


# -- the whole run ---------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.library",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="200 articles: a smoke run")
    parser.add_argument("--articles", type=int, help="library size (default 10,000)")
    parser.add_argument("--baseline", type=Path, help="a checkout of the old code")
    parser.add_argument(
        "--skip-pooled", action="store_true", help="leave out the pooled SQuAD quality (slow)"
    )
    parser.add_argument("--child-ask", help=argparse.SUPPRESS)
    parser.add_argument("--child-quality", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_ask:
        ask_child(args.child_ask)
        return 0
    if args.child_quality:
        quality_child(args.child_quality, args.quick)
        return 0
    count = args.articles or (200 if args.quick else 10_000)
    started = time.perf_counter()
    built = build(count)
    db = database_path(count)
    sentences_db = db.with_name(db.stem + "-sentences-fts5.db")
    asked = squad_questions(built, 50 if args.quick else 10)
    questions = [q for _, q, _ in asked]
    results: JSON = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        # Build timings are left out: the cached database may predate the code measured.
        "library": {k: v for k, v in built.items() if not k.startswith(("squad_ids", "add_"))},
    }
    cli = child_questions(db, questions)
    results["cli_in_process"] = {
        "first_question_ms": cli["ms"][0],
        "warm_question_ms_median": statistics.median(cli["ms"][1:] or cli["ms"]),
        "peak_rss_mb": cli["peak_rss_mb"],
        "questions": len(questions),
    }
    results["quality_at_scale"] = {"brief": score(asked, cli["answers"])}
    results["whole_command"] = whole_commands(
        db, sentences_db, questions[: 1 if args.quick else 7], args.baseline
    )
    fts5 = run_process(
        [
            sys.executable,
            str(REPO / "benchmarks" / "_fts5_script.py"),
            str(sentences_db),
            *questions,
        ],
        _env(db),
    )
    fts5_answers = [json.loads(line) for line in fts5.stdout.splitlines()]
    results["quality_at_scale"]["fts5_script"] = score(asked, fts5_answers)
    results["bot"] = asyncio.run(bot_search(db, questions[: 2 if args.quick else 6]))
    results["add_cost"] = add_cost(db, count, 20 if args.quick else 100)
    if not (args.skip_pooled or args.quick):  # pooled quality analyses SQuAD: a minute
        results["quality_pooled"] = quality(args.quick, args.baseline)
    results["seconds"] = time.perf_counter() - started
    report(results, count)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / ("library-quick.json" if args.quick else "library.json")
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"results: {out} ({results['seconds']:.0f} s)")
    return 0


def report(results: JSON, count: int) -> None:
    from benchmarks._common import print_sections

    print(f"\nLibrary of {results['library']['articles']} articles in one chat ({count} asked for)")
    print_sections(results)


if __name__ == "__main__":
    sys.exit(main())
