"""SQuAD loading and the hit test shared by the answer benchmarks.

The data stays in the shared eval directory; nothing is copied into the project.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
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
