"""What answering costs, and every answer written out to check that a speed-up changes none.

    .venv/bin/python -m benchmarks.answer_cost                     # the three timings
    .venv/bin/python -m benchmarks.answer_cost --dump answers.jsonl
    .venv/bin/python -m benchmarks.answer_cost --profile turn      # cProfile of one setup

Timings (CoQA CNN, 100 stories, through ``converse`` as the chat asks; the median time
per question of each round, rounds alternating the setups):

* **turn**: every story's questions in order as one conversation, then its borrowed
  question, on an index of its article built just before, untimed, with the article's
  related-word vectors (warm; nothing asked of it yet);
* **alone**: the same questions, each as the first turn of a conversation, warm;
* **turn / alone, benchmark order**: the same without building anything first, as
  ``benchmarks.conversation`` times them: the index cache keeps 64 articles, so each of
  the 100 stories rebuilds its index (and vectors) on its first question;
* **cold**: each story's first question on an article whose index was never built (the
  index, and the article's word vectors if the question has a word the article lacks,
  are built inside the timing), in a process that has loaded everything else (the
  word-vector table, the frequency lists): what a user waits for after sending a link;
  "cold: index" and "cold: vectors" time those two parts alone.

``--dump FILE`` writes one JSON line per answer: CoQA as conversations (each setup of
``benchmarks.conversation``), CoQA each alone, the "borrowed x5" questions, and every
SQuAD v1.1 and v2.0 question alone on its whole article (as ``benchmarks.conversation``
asks them). Two dumps are byte-identical when no answer changed.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Iterator

from benchmarks._squad import load
from benchmarks.answers import cases
from benchmarks.conversation import SETUPS, Story, load_stories
from bot.engine import answer as answer_module
from bot.engine.answer import DEFAULT_TUNING, AnswerIndex, Tuning
from bot.engine.conversation import Conversation, converse
from bot.engine.related import _table
from bot.engine.types import Answer

# What the timings read: wall time by default (as benchmarks.conversation), or with --cpu
# this process's CPU time, which other processes on a busy machine disturb less.
CLOCK: list[Callable[[], float]] = [time.perf_counter]


def _record(setup: str, where: str, question: str, answer: Answer) -> str:
    passages = [
        [
            p.sentence.index,
            None if p.before is None else p.before.index,
            None if p.after is None else p.after.index,
            round(p.score, 6),
        ]
        for p in answer.passages
    ]
    found = [answer.found, answer.sure, round(answer.score, 6), passages, list(answer.seen)]
    return json.dumps([setup, where, question, *found], ensure_ascii=False)


def _story_questions(story: Story) -> list[str]:
    questions = [t.question for t in story.turns]
    return [*questions, story.borrowed] if story.borrowed else questions


def run_story(
    story: Story, together: bool, tuning: Tuning, timed: list[float]
) -> Iterator[tuple[str, Answer]]:
    """A story's questions in order (``together``: one conversation), then its "borrowed
    x5" questions where its own turns ended (not timed), as benchmarks.conversation."""
    key = str(story.position)
    state = ended = Conversation(key, 0.0)
    questions = _story_questions(story)
    for n, question in enumerate(questions):
        now = float(n)
        if not together:
            state = Conversation(key, now)
        started = CLOCK[0]()
        answer, state = converse(story.doc, question, state.current(key, now), now, 3, tuning)
        timed.append(CLOCK[0]() - started)
        if n < len(story.turns):
            ended = state
        yield question, answer
    for question in story.borrowed_more:
        now = float(len(questions))
        start = ended.current(key, now) if together else Conversation(key, now)
        yield question, converse(story.doc, question, start, now, 3, tuning)[0]


def coqa_pass(
    stories: list[Story], together: bool, tuning: Tuning = DEFAULT_TUNING, *, warm: bool = False
) -> list[float]:
    """The time of every question of every story. ``warm``: each story's article gets a
    new index, and its related-word vectors, untimed, just before its questions (the
    index cache holds 64 articles, fewer than CoQA's 100, so in benchmark order each
    story's first question rebuilds its index; a new one also forgets what questions
    asked before left in it)."""
    timed: list[float] = []
    table = _table()
    for story in stories:
        if warm:
            _fresh_cache()
            index = AnswerIndex.for_document(story.doc)
            if table is not None:
                index.related._article_vectors(table)
        for _ in run_story(story, together, tuning, timed):
            pass
    return timed


def dump(stories: list[Story], path: str) -> None:
    """Every answer as a JSON line (see the module's docstring)."""
    with open(path, "w", encoding="utf-8") as out:
        for name, tuning in SETUPS.items():
            for together in (True, False):
                if not together and tuning is not DEFAULT_TUNING:
                    continue
                setup = f"coqa {name} / {'conversation' if together else 'alone'}"
                for story in stories:
                    for n, (q, a) in enumerate(run_story(story, together, tuning, [])):
                        out.write(_record(setup, f"{story.position}.{n}", q, a) + "\n")
        for name, top_k in (("squad-v1.1-dev-public.json", 3), ("squad-v2.0-dev-public.json", 1)):
            for n, case in enumerate(cases(load(name), "article")):
                q = case.question.text
                a = AnswerIndex.for_document(case.doc).answer(q, top_k, DEFAULT_TUNING)
                out.write(_record(name, f"{case.question.qid}.{n}", q, a) + "\n")


def _fresh_cache() -> None:
    """Forget every built index (a new article for the next question)."""
    answer_module._CACHE = answer_module._IndexCache()


def cold_pass(stories: list[Story]) -> dict[str, list[float]]:
    """Each story's first question on an article never indexed, and the parts: the
    index alone, then its related-word vectors alone."""
    out: dict[str, list[float]] = {"first question": [], "index": [], "vectors": []}
    table = _table()
    for story in stories:
        _fresh_cache()
        question = story.turns[0].question
        started = CLOCK[0]()
        converse(story.doc, question, Conversation("cold", 0.0), 0.0)
        out["first question"].append(CLOCK[0]() - started)
        started = CLOCK[0]()
        index = AnswerIndex(story.doc)
        out["index"].append(CLOCK[0]() - started)
        if table is not None:
            started = CLOCK[0]()
            index.related._article_vectors(table)
            out["vectors"].append(CLOCK[0]() - started)
    _fresh_cache()
    return out


PASSES: dict[str, Callable[[list[Story]], list[float]]] = {
    "turn": lambda stories: coqa_pass(stories, True, warm=True),
    "alone": lambda stories: coqa_pass(stories, False, warm=True),
    "turn, benchmark order": lambda stories: coqa_pass(stories, True),
    "alone, benchmark order": lambda stories: coqa_pass(stories, False),
    "cold": lambda stories: cold_pass(stories)["first question"],
    "cold: index": lambda stories: cold_pass(stories)["index"],
    "cold: vectors": lambda stories: cold_pass(stories)["vectors"],
}


def timings(stories: list[Story], repeat: int) -> dict[str, list[float]]:
    """Each setup's median time per question in ms, for each of ``repeat`` rounds that
    run every setup in turn."""
    coqa_pass(stories, True)  # loads the tables and frequency lists
    runs: dict[str, list[float]] = {name: [] for name in PASSES}
    for _ in range(repeat):
        for name, run in PASSES.items():
            runs[name].append(round(1000 * statistics.median(run(stories)), 4))
    return runs


def profile(stories: list[Story], setup: str, lines: int) -> None:
    coqa_pass(stories, True)  # loads the tables and frequency lists
    profiler = cProfile.Profile()
    profiler.runcall(PASSES[setup], stories)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(lines)
    stats.sort_stats("cumulative").print_stats(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.answer_cost", description=__doc__)
    parser.add_argument("--dump", metavar="FILE", help="write every answer as JSON lines")
    parser.add_argument("--profile", choices=list(PASSES), help="cProfile one setup")
    parser.add_argument("--lines", type=int, default=30, help="rows of the profile")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes of each setup")
    parser.add_argument("--quick", action="store_true", help="the first 20 stories")
    parser.add_argument("--cpu", action="store_true", help="time CPU, not wall")
    args = parser.parse_args(argv)
    stories = load_stories(20 if args.quick else None)
    if args.cpu:
        CLOCK[0] = time.process_time
    if args.dump:
        dump(stories, args.dump)
    if args.profile:
        profile(stories, args.profile, args.lines)
        return 0
    if args.repeat:
        got = timings(stories, args.repeat)
        for name, values in got.items():
            print(f"{name:24} {statistics.median(values):.4f} ms (rounds: {values})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
