"""SQuAD loading and the hit test shared by the answer benchmarks.

The data stays in the shared eval directory; nothing is copied into the project.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


def eval_dir() -> Path:
    """``../shared/eval`` next to the project, or ``$BRIEF_EVAL_DIR``."""
    override = os.environ.get("BRIEF_EVAL_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[1].parent / "shared" / "eval"


@dataclass(frozen=True)
class Question:
    qid: str
    text: str
    answers: tuple[str, ...]  # empty for SQuAD 2.0's unanswerable questions
    impossible: bool


@dataclass(frozen=True)
class Paragraph:
    context: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Article:
    title: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def text(self) -> str:
        # Blank lines keep paragraphs apart for the analyser.
        return "\n\n".join(p.context for p in self.paragraphs)

    @property
    def questions(self) -> list[Question]:
        return [q for p in self.paragraphs for q in p.questions]


def load(name: str) -> list[Article]:
    """Articles of one SQuAD file in the eval directory (``squad-v1.1-dev-public.json``...)."""
    raw = json.loads((eval_dir() / name).read_text(encoding="utf-8"))
    articles = []
    for entry in raw["data"]:
        paragraphs = []
        for para in entry["paragraphs"]:
            questions = tuple(
                Question(
                    qa["id"],
                    qa["question"],
                    tuple(dict.fromkeys(a["text"] for a in qa["answers"])),
                    bool(qa.get("is_impossible", False)),
                )
                for qa in para["qas"]
            )
            paragraphs.append(Paragraph(para["context"], questions))
        articles.append(Article(entry["title"].replace("_", " "), tuple(paragraphs)))
    return articles


_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Case- and width-insensitive form, so cleaning (NFKC, whitespace) cannot fake a miss."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).casefold().strip()


def contains_answer(sentence: str, answers: tuple[str, ...]) -> bool:
    """The hit test: the sentence holds one of the gold answer texts (case-insensitive)."""
    haystack = normalise(sentence)
    return any(normalise(a) in haystack for a in answers if a.strip())


def shown_figures(shown: Iterable[tuple[Question, Sequence[str]]]) -> dict[str, float]:
    """What the user is shown, for each question the sentences shown (none: "not found"):
    top-1 (the first holds a gold answer; "not found" is a miss) and top-3 and answered
    over the answerable questions, refused over the unanswerable ones."""
    top1 = top3 = answered = answerable = refused = unanswerable = 0
    for question, texts in shown:
        if question.impossible:
            unanswerable += 1
            refused += not texts
            continue
        answerable += 1
        answered += bool(texts)
        top1 += bool(texts) and contains_answer(texts[0], question.answers)
        top3 += any(contains_answer(t, question.answers) for t in texts)
    n = max(answerable, 1)
    figures = {
        "top1": 100.0 * top1 / n,
        "top3": 100.0 * top3 / n,
        "answered": 100.0 * answered / n,
        "questions": float(answerable),
    }
    if unanswerable:
        figures["refused"] = 100.0 * refused / unanswerable
        figures["unanswerable"] = float(unanswerable)
    return figures
