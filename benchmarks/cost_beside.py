"""What a question costs here beside other versions of the code, in one process.

    git archive 36f15d0 bot | tar -x -C /tmp/filing
    .venv/bin/python -m benchmarks.cost_beside /tmp/filing /tmp/main --rounds 3

Each directory holds a ``bot`` package (a checkout, or ``git archive COMMIT bot``). It
is copied as ``bot_1``, ``bot_2``... with its own imports renamed, and imported beside
this tree's ``bot``. CoQA CNN's stories are then taken one at a time, every version and
setup answering the story in turn (the order rotating from story to story and round to
round), so that a busy machine slows them alike: separate runs on a shared machine vary
by half, these ratios by a few hundredths.

Setups, CPU time per question (the median of each round): **alone**, each question on
its own (``answer_question``); **turn**, the questions in order as one conversation
(``converse``, where the version has it). Each version's index cache is emptied before
each story, so a story's first question builds its index and word vectors, as when the
64-article cache cycles through CoQA's 100 stories in ``benchmarks.conversation``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks._squad import eval_dir

_IMPORT = re.compile(r"\b(from|import)\s+bot\b|([\"'])bot\.")


def renamed(source: str, package: str) -> str:
    """``source`` with its imports of ``bot`` (and dotted names in strings) made imports
    of ``package``."""

    def rename(found: re.Match[str]) -> str:
        if found.group(1):
            return f"{found.group(1)} {package}"
        return f"{found.group(2)}{package}."

    return _IMPORT.sub(rename, source)


def copy_as(tree: Path, package: str, into: Path) -> None:
    """Copy ``tree/bot`` into ``into/package``, its imports renamed."""
    shutil.copytree(tree / "bot", into / package)
    for path in (into / package).rglob("*.py"):
        path.write_text(renamed(path.read_text(encoding="utf-8"), package), encoding="utf-8")


class Version:
    """One version's engine: its documents, and its answerer and conversation."""

    def __init__(self, package: str, name: str, texts: list[str]) -> None:
        self.name = name
        self.answer: Any = importlib.import_module(f"{package}.engine.answer")  # any version
        try:
            self.conversation: ModuleType | None = importlib.import_module(
                f"{package}.engine.conversation"
            )
        except ImportError:
            self.conversation = None
        engine = importlib.import_module(f"{package}.engine.core").Engine()
        self.docs = [engine.analyze(text) for text in texts]

    def time_story(self, k: int, questions: list[str], together: bool, out: list[float]) -> None:
        self.answer._CACHE = self.answer._IndexCache()  # the story's index built anew
        doc, clock = self.docs[k], time.process_time
        if not together:
            for question in questions:
                started = clock()
                self.answer.answer_question(doc, question)
                out.append(clock() - started)
            return
        assert self.conversation is not None
        state = self.conversation.Conversation(str(k), 0.0)
        for n, question in enumerate(questions):
            started = clock()
            _, state = self.conversation.converse(doc, question, state, float(n))
            out.append(clock() - started)


def load_coqa() -> tuple[list[str], list[list[str]]]:
    """CoQA CNN's stories and each one's questions in order."""
    lines = (eval_dir() / "coqa-dev-cnn.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    return [r["story"] for r in records], [[t["question"] for t in r["turns"]] for r in records]


def compare(
    versions: list[Version], questions: list[list[str]], rounds: int, report: Callable[[str], None]
) -> None:
    setups = [(v, together) for v in versions for together in (False, True)]
    setups = [(v, t) for v, t in setups if not t or v.conversation is not None]
    name = {id(s): f"{s[0].name} {'turn' if s[1] else 'alone'}" for s in setups}
    medians: dict[int, list[float]] = {id(s): [] for s in setups}
    for r in range(rounds + 1):  # the first round warms up (tables, word lists)
        times: dict[int, list[float]] = {id(s): [] for s in setups}
        for k in range(len(questions)):
            shift = (k + r) % len(setups)
            for setup in setups[shift:] + setups[:shift]:
                setup[0].time_story(k, questions[k], setup[1], times[id(setup)])
        if r:
            for setup in setups:
                medians[id(setup)].append(1000 * statistics.median(times[id(setup)]))
            first = medians[id(setups[0])][-1]
            report(
                f"round {r}: "
                + "; ".join(_cell(name[id(s)], medians[id(s)][-1], first) for s in setups)
            )
    first = statistics.median(medians[id(setups[0])])
    cells = [_cell(name[id(s)], statistics.median(medians[id(s)]), first) for s in setups]
    report("median of rounds: " + "; ".join(cells))


def _cell(name: str, ms: float, first: float) -> str:
    return f"{name} {ms:.3f} ms ({ms / first:.2f}x)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cost_beside", description=__doc__)
    parser.add_argument("trees", nargs="*", type=Path, help="directories holding a bot package")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (after a warm-up)")
    args = parser.parse_args(argv)
    texts, questions = load_coqa()
    with tempfile.TemporaryDirectory(prefix="cost-beside-") as work:
        sys.path.insert(0, work)
        versions = []
        for n, tree in enumerate(args.trees, start=1):
            copy_as(tree, f"bot_{n}", Path(work))
            versions.append(Version(f"bot_{n}", tree.resolve().name, texts))
        versions.append(Version("bot", "this tree", texts))
        compare(versions, questions, args.rounds, lambda line: print(line, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
