"""Real news articles for the end-to-end figures (speed, memory), from the eval set.

CoQA's 100 CNN stories come with questions asked about them; CNN/DailyMail 100 and BBC
1,328 add length and number. Nothing is copied into the project: read at run time.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from functools import cache

from benchmarks._squad import eval_dir


@dataclass(frozen=True)
class RealArticle:
    source: str  # "coqa-cnn", "cnndm", "bbc"
    text: str
    question: str  # CoQA: the story's first question; others: a CoQA question, off-topic

    @property
    def words(self) -> int:
        return len(self.text.split())


def _lines(name: str) -> list[dict[str, object]]:
    text = (eval_dir() / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@cache
def coqa_stories() -> tuple[RealArticle, ...]:
    """The 100 CoQA CNN stories, each with its first (self-contained) question."""
    out = []
    for row in _lines("coqa-dev-cnn.jsonl"):
        turns = row["turns"]
        assert isinstance(turns, list)
        out.append(RealArticle("coqa-cnn", str(row["story"]), str(turns[0]["question"])))
    return tuple(out)


@cache
def all_articles() -> tuple[RealArticle, ...]:
    """Every distinct article of the eval set: CoQA 100, CNN/DailyMail 100, BBC 1,328."""
    from benchmarks.summaries import detokenize

    stories = coqa_stories()
    questions = [s.question for s in stories]
    out = list(stories)
    for row in _lines("cnndm_test_realsumm100.jsonl"):
        text = detokenize(str(row["article"]))
        out.append(RealArticle("cnndm", text, questions[len(out) % len(questions)]))
    for category in ("business", "politics", "tech"):
        for row in _lines(f"bbc_news_summary_{category}.jsonl"):
            text = f"{row['title']}\n\n{row['article']}"
            out.append(RealArticle("bbc", text, questions[len(out) % len(questions)]))
    return tuple(out)


def describe(articles: list[RealArticle] | tuple[RealArticle, ...]) -> dict[str, object]:
    """The setup to print beside a figure: how many articles, how long, from where."""
    sources: dict[str, int] = {}
    for a in articles:
        sources[a.source] = sources.get(a.source, 0) + 1
    return {
        "distinct_articles": len(articles),
        "median_words": statistics.median(a.words for a in articles),
        "sources": sources,
    }
