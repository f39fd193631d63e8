"""Questions across a chat's whole library of articles: the reranking of candidates.

No index of the whole library is held in memory. A question is answered in two stages:

1. the storage engine finds a few candidate articles for the question's terms (SQLite:
   FTS5 ``bm25()`` over passages of 8 sentences, an article ranked by its best one;
   see ``storage.base.Storage.search_articles``),
   with ``question_terms`` giving the terms to look for in each language;
2. ``rerank`` ranks each candidate's sentences with the single-article answerer
   (``AnswerIndex``) and merges them, with the article's own relevance added so that a
   sentence of the article that is about the question wins.

Confidence and "not found" follow the single-article rule. ``IndexCache`` keeps the
candidates' indexes between questions, bounded, so a warm question reads nothing.
Pure Python over Documents: no storage, no Telegram.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace

from bot.engine.answer import DEFAULT_TUNING, AnswerIndex, Ranked, Tuning
from bot.engine.terms import LANGUAGE_NAMES, asked_terms
from bot.engine.types import Passage


@dataclass(frozen=True)
class LibraryHit:
    """One answer sentence (with its neighbours) and the article it comes from."""

    article_id: int
    passage: Passage


@dataclass(frozen=True)
class LibraryAnswer:
    question: str
    found: bool  # False: not found in any article of the library
    hits: tuple[LibraryHit, ...]  # best first; empty when not found
    score: float  # confidence of the best hit, 0..1

    @property
    def sentences(self) -> tuple[str, ...]:
        return tuple(h.passage.sentence.text for h in self.hits)

    @property
    def article_ids(self) -> tuple[int, ...]:
        """Parallel to ``sentences``: the article of each sentence."""
        return tuple(h.article_id for h in self.hits)


@dataclass(frozen=True)
class LibraryTuning:
    """Knobs of the library search. Defaults measured on pooled SQuAD (benchmarks/library.py)."""

    candidates: int = 12  # articles the storage engine hands over for reranking
    article_weight: float = 4.0  # weight of the article's relevance (0..1) in the merge
    # Without related words (bot/engine/related.py): they were measured on one article's
    # questions only, and across a library each candidate would build its word vectors.
    answer: Tuning = field(default_factory=lambda: replace(DEFAULT_TUNING, related_cutoff=1.0))


DEFAULT_LIBRARY_TUNING = LibraryTuning()


@dataclass(frozen=True)
class Candidate:
    """An article the storage engine found, ready to be reranked."""

    article_id: int
    index: AnswerIndex
    relevance: float  # the engine's score: only its ratio to the best candidate's counts


def question_terms(question: str) -> dict[str, tuple[str, ...]]:
    """The question's terms in every language Brief processes, as articles in that
    language were indexed: a library may hold articles in several languages."""
    return {
        language: tuple(dict.fromkeys(asked_terms(question, language)))
        for language in LANGUAGE_NAMES
    }


def rerank(
    question: str,
    candidates: Sequence[Candidate],
    top_k: int = 3,
    tuning: LibraryTuning = DEFAULT_LIBRARY_TUNING,
) -> LibraryAnswer:
    """The best sentences of the candidates (given best first), or not found."""
    top = max((c.relevance for c in candidates), default=0.0)
    merged: list[tuple[float, int, Ranked, Candidate]] = []
    for order, candidate in enumerate(candidates):
        relevance = candidate.relevance / top if top > 0 else 0.0
        index = candidate.index  # headings and lone fragments are never hits
        for ranked in index.answerable(index.rank(question, tuning.answer)):
            if ranked.confidence > 0:
                pooled = ranked.score + tuning.article_weight * relevance
                merged.append((pooled, order, ranked, candidate))
    merged.sort(key=lambda m: (-m[0], m[1], m[2].index))
    best = next((m for m in merged if m[2].confidence >= tuning.answer.threshold), None)
    if best is None:
        return LibraryAnswer(question, False, (), 0.0)
    chosen = [best, *[m for m in merged if m is not best][: max(top_k, 1) - 1]]
    hits = tuple(LibraryHit(c.article_id, c.index.passage(ranked)) for _, _, ranked, c in chosen)
    return LibraryAnswer(question, True, hits, hits[0].passage.score)


class IndexCache:
    """Candidates' answer indexes by article version, least recently used out first;
    bounded by articles and by sentences (memory). Thread-safe."""

    def __init__(self, max_articles: int = 64, max_sentences: int = 20_000) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, AnswerIndex] = OrderedDict()
        self._sentences = 0
        self._max_articles = max_articles
        self._max_sentences = max_sentences

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> AnswerIndex | None:
        with self._lock:
            index = self._entries.get(key)
            if index is not None:
                self._entries.move_to_end(key)
            return index

    def put(self, key: Hashable, index: AnswerIndex) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            self._sentences += index.size - (old.size if old is not None else 0)
            self._entries[key] = index
            while len(self._entries) > 1 and (
                len(self._entries) > self._max_articles or self._sentences > self._max_sentences
            ):
                _, evicted = self._entries.popitem(last=False)
                self._sentences -= evicted.size

    def discard(self, doomed: Callable[[Hashable], bool]) -> None:
        """Drop the entries whose key ``doomed`` accepts (deleted articles)."""
        with self._lock:
            for key in [k for k in self._entries if doomed(k)]:
                self._sentences -= self._entries.pop(key).size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._sentences = 0


__all__ = [
    "DEFAULT_LIBRARY_TUNING",
    "Candidate",
    "IndexCache",
    "LibraryAnswer",
    "LibraryHit",
    "LibraryTuning",
    "question_terms",
    "rerank",
]
