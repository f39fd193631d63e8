"""Questions across a chat's whole library of articles.

``LibraryIndex`` keeps one inverted index over every sentence of every article it holds,
in compact arrays that only grow by appending: adding an article costs the same however
large the library is (its terms are appended to their posting lists; statistics are
counters read at question time). A question is answered in two stages:

1. BM25 over all sentences and over whole articles (numpy over the posting lists of
   the question's terms only) picks a few candidate articles;
2. each candidate is ranked by the single-article answerer (``AnswerIndex``, cached),
   and the candidates' sentences are merged, with the article's own relevance added so
   that a sentence of the article that is about the question wins.

Confidence and "not found" follow the single-article rule. Pure Python over Documents:
storage decides what to persist and rebuilds Documents (their terms) without re-analysis.
"""

from __future__ import annotations

import logging
import math
import threading
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.engine.answer import DEFAULT_TUNING, AnswerIndex, Ranked, Tuning
from bot.engine.terms import terms
from bot.engine.types import Document, Passage

log = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]

_SEPARATOR = "\x1f"  # between language and term in a posting key


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
    """Knobs of the library search. Defaults measured on pooled SQuAD (benchmarks/answers.py)."""

    candidates: int = 6  # articles ranked in depth, by whole-article BM25
    sentence_candidates: int = 10  # plus the articles of the best sentences by plain BM25
    article_weight: float = 4.0  # weight of the article's relevance (0..1) in the merge
    answer: Tuning = DEFAULT_TUNING


DEFAULT_LIBRARY_TUNING = LibraryTuning()


class _Postings:
    """key → (unit ids, counts) as growable int arrays; numpy reads them without copying."""

    __slots__ = ("counts", "df", "ids")

    def __init__(self) -> None:
        self.ids: dict[str, array[int]] = {}
        self.counts: dict[str, array[int]] = {}
        self.df: Counter[str] = Counter()  # live units holding the key

    def add(self, unit: int, keys: Iterable[str]) -> None:
        for key, count in Counter(keys).items():
            ids = self.ids.get(key)
            if ids is None:
                ids = self.ids[key] = array("i")
                self.counts[key] = array("i")
            ids.append(unit)
            self.counts[key].append(count)
            self.df[key] += 1

    def forget(self, keys: Iterable[str]) -> None:
        for key in set(keys):
            self.df[key] -= 1
            if self.df[key] <= 0:
                del self.df[key]

    def get(self, key: str) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]] | None:
        ids = self.ids.get(key)
        if ids is None:
            return None
        return (
            np.frombuffer(ids, dtype=np.int32),
            np.frombuffer(self.counts[key], dtype=np.int32),
        )


class LibraryIndex:
    """Sentences of many articles, searchable together. Thread-safe.

    ``add``/``remove`` keep it current; ``answer`` finds the best sentences and their
    articles. Article ids are the caller's (storage's) ids.
    """

    def __init__(self, tuning: LibraryTuning = DEFAULT_LIBRARY_TUNING) -> None:
        self.tuning = tuning
        self._lock = threading.Lock()
        self._documents: dict[int, Document] = {}
        self._slot_of: dict[int, int] = {}  # article id → slot
        self._slot_article = array("q")  # slot → article id
        self._slot_alive = bytearray()
        self._slot_length = array("d")
        self._slot_first = array("q")  # slot → its first sentence id (they are contiguous)
        self._sentence_slot = array("i")  # sentence id → article slot
        self._sentence_local = array("i")  # sentence id → index inside its article
        self._sentence_length = array("d")
        self._sentence_alive = bytearray()
        self._sentences = _Postings()
        self._articles = _Postings()
        self._languages: Counter[str] = Counter()
        self._live_sentences = 0
        self._live_length = 0.0
        self._live_article_length = 0.0

    def __len__(self) -> int:
        return len(self._documents)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._documents

    @property
    def article_ids(self) -> tuple[int, ...]:
        return tuple(self._documents)

    @property
    def sentence_count(self) -> int:
        return self._live_sentences

    # -- keeping it current ------------------------------------------------------------

    def add(self, article_id: int, doc: Document) -> None:
        """Index ``doc`` under ``article_id`` (replacing an earlier version of it)."""
        if article_id in self._documents:
            self.remove(article_id)
        keys = [[_key(doc.language, t) for t in s.terms] for s in doc.sentences]
        with self._lock:
            slot = len(self._slot_article)
            self._documents[article_id] = doc
            self._slot_of[article_id] = slot
            self._slot_article.append(article_id)
            self._slot_alive.append(1)
            length = float(sum(max(len(k), 1) for k in keys))
            self._slot_length.append(length)
            self._slot_first.append(len(self._sentence_slot))
            self._articles.add(slot, (k for sentence in keys for k in sentence))
            for local, sentence_keys in enumerate(keys):
                sid = len(self._sentence_slot)
                self._sentence_slot.append(slot)
                self._sentence_local.append(local)
                self._sentence_length.append(float(max(len(sentence_keys), 1)))
                self._sentence_alive.append(1)
                self._sentences.add(sid, sentence_keys)
            self._languages[doc.language] += 1
            self._live_sentences += len(keys)
            self._live_length += length
            self._live_article_length += length

    def remove(self, article_id: int) -> None:
        """Forget an article. Its postings stay as dead entries that searches skip."""
        with self._lock:
            doc = self._documents.pop(article_id, None)
            if doc is None:
                return
            slot = self._slot_of.pop(article_id)
            self._slot_alive[slot] = 0
            keys = [[_key(doc.language, t) for t in s.terms] for s in doc.sentences]
            self._articles.forget(k for sentence in keys for k in sentence)
            first = self._slot_first[slot]
            self._sentence_alive[first : first + len(keys)] = bytes(len(keys))
            for sentence_keys in keys:
                self._sentences.forget(sentence_keys)
            self._languages[doc.language] -= 1
            if self._languages[doc.language] <= 0:
                del self._languages[doc.language]
            length = self._slot_length[slot]
            self._live_sentences -= len(keys)
            self._live_length -= length
            self._live_article_length -= length

    # -- questions ----------------------------------------------------------------------

    def _question_keys(self, question: str) -> list[str]:
        keys: list[str] = []
        for language in sorted(self._languages):
            keys.extend(_key(language, t) for t in dict.fromkeys(terms(question, language)))
        return keys

    def _bm25(
        self, postings: _Postings, keys: list[str], lengths: array[float], live: int, mean: float
    ) -> FloatArray:
        k1, b = self.tuning.answer.k1, self.tuning.answer.b
        length = np.frombuffer(lengths, dtype=np.float64)
        scores = np.zeros(len(length))
        for key in keys:
            found = postings.get(key)
            df = postings.df.get(key, 0)
            if found is None or df == 0:
                continue
            ids, tf = found
            idf = math.log1p((live - df + 0.5) / (df + 0.5))
            norm = k1 * (1.0 - b + b * length[ids] / mean)
            scores[ids] += idf * tf * (k1 + 1.0) / (tf + norm)
        return scores

    def candidates(self, question: str) -> dict[int, float]:
        """Candidate article slots → whole-article relevance (0..1, 1 for the best)."""
        keys = self._question_keys(question)
        # All under the lock: numpy views of the growing arrays must be gone before an
        # ``add`` appends to them (an exported buffer cannot be resized).
        with self._lock:
            if not keys or not self._documents:
                return {}
            live_articles = len(self._documents)
            article = self._bm25(
                self._articles,
                keys,
                self._slot_length,
                live_articles,
                self._live_article_length / live_articles,
            )
            article *= np.frombuffer(self._slot_alive, dtype=np.uint8)
            sentence = self._bm25(
                self._sentences,
                keys,
                self._sentence_length,
                self._live_sentences,
                self._live_length / max(self._live_sentences, 1),
            )
            sentence *= np.frombuffer(self._sentence_alive, dtype=np.uint8)
            top = float(article.max()) if article.size else 0.0
            if top <= 0:
                return {}
            chosen = _top(article, self.tuning.candidates)
            best_sentences = _top(sentence, self.tuning.sentence_candidates)
            chosen.extend(self._sentence_slot[s] for s in best_sentences)
        return {slot: float(article[slot]) / top for slot in dict.fromkeys(chosen)}

    def answer(self, question: str, top_k: int = 3) -> LibraryAnswer:
        """The best sentences across the library, or not found."""
        tuning = self.tuning
        merged: list[tuple[float, int, int, Ranked]] = []
        for slot, relevance in self.candidates(question).items():
            article_id = self._slot_article[slot]
            doc = self._documents.get(article_id)
            if doc is None:
                continue
            index = AnswerIndex.for_document(doc)
            for ranked in index.rank(question, tuning.answer):
                pooled = ranked.score + tuning.article_weight * relevance
                merged.append((pooled, article_id, ranked.index, ranked))
        merged.sort(key=lambda m: (-m[0], self._slot_of.get(m[1], 0), m[2]))
        usable = [m for m in merged if m[3].confidence > 0]
        best = next((m for m in usable if m[3].confidence >= tuning.answer.threshold), None)
        if best is None:
            return LibraryAnswer(question, False, (), 0.0)
        chosen = [best, *[m for m in usable if m is not best][: max(top_k, 1) - 1]]
        hits = tuple(
            LibraryHit(article_id, AnswerIndex.for_document(self._documents[article_id]).passage(r))
            for _, article_id, _, r in chosen
        )
        return LibraryAnswer(question, True, hits, hits[0].passage.score)


def _key(language: str, term: str) -> str:
    return f"{language}{_SEPARATOR}{term}"


def _top(scores: FloatArray, k: int) -> list[int]:
    """Indexes of the ``k`` highest positive scores, best first (ties: lowest index)."""
    if k <= 0 or scores.size == 0:
        return []
    k = min(k, scores.size)
    part = np.argpartition(-scores, k - 1)[:k]
    order = part[np.lexsort((part, -scores[part]))]
    return [int(i) for i in order if scores[i] > 0]


__all__ = [
    "DEFAULT_LIBRARY_TUNING",
    "LibraryAnswer",
    "LibraryHit",
    "LibraryIndex",
    "LibraryTuning",
]
