"""Questions across a chat's library, for the service: /search, the fallback from the
active article, and `brief ask --all`.

The storage engine finds the candidate articles (``Storage.search_articles``, an index
kept with the articles); the engine reranks only those (``bot.engine.library``). Nothing
of the whole library is loaded: a question reads the few candidates' sentences, and
not even those when their indexes are still in the bounded cache.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from bot.engine.answer import AnswerIndex
from bot.engine.library import (
    DEFAULT_LIBRARY_TUNING,
    Candidate,
    IndexCache,
    LibraryAnswer,
    LibraryTuning,
    question_terms,
    rerank,
)
from bot.engine.types import Document
from storage import ArticleInfo, Storage, search_term

_T = TypeVar("_T")


class Runner(Protocol):
    """Runs CPU-heavy engine work off the event loop (the service's thread pool)."""

    def __call__(self, func: Callable[..., _T], *args: object) -> Awaitable[_T]: ...


@dataclass(frozen=True)
class LibraryResult:
    answer: LibraryAnswer
    articles: dict[int, ArticleInfo]  # the articles of the hits (and the other candidates)


def _cache_key(info: ArticleInfo) -> Hashable:
    """An article version: ids are never reused, and this also tells a restored backup."""
    return (info.chat_id, info.id, info.created_at, info.sentence_count)


class LibrarySearch:
    def __init__(
        self,
        storage: Storage,
        load: Callable[[ArticleInfo], Awaitable[Document]],
        run: Runner,
        tuning: LibraryTuning = DEFAULT_LIBRARY_TUNING,
    ) -> None:
        self._storage = storage
        self._load = load  # an article's Document, from its stored sentences
        self._run = run
        self.tuning = tuning
        self.cache = IndexCache()

    async def answer(
        self, chat_id: int, question: str, top_k: int = 3, exclude: int | None = None
    ) -> LibraryResult:
        """The best passages of the chat's articles (but ``exclude``), or not found."""
        wanted = [
            search_term(language, term)
            for language, found in question_terms(question).items()
            for term in found
        ]
        limit = self.tuning.candidates + (exclude is not None)
        hits = await self._storage.search_articles(chat_id, wanted, limit)
        articles: dict[int, ArticleInfo] = {}
        ready: dict[int, AnswerIndex] = {}
        pending: dict[int, Document] = {}
        for hit in hits:
            if hit.article_id == exclude or len(articles) == self.tuning.candidates:
                continue  # the article already asked
            info = await self._storage.get_info(chat_id, hit.article_id)
            if info is None:  # deleted since the search
                continue
            articles[info.id] = info
            cached = self.cache.get(_cache_key(info))
            if cached is not None:
                ready[info.id] = cached
            else:
                pending[info.id] = await self._load(info)
        scores = {hit.article_id: hit.score for hit in hits}
        answer = await self._run(self._rerank, question, top_k, articles, ready, pending, scores)
        return LibraryResult(answer, articles)

    def _rerank(
        self,
        question: str,
        top_k: int,
        articles: dict[int, ArticleInfo],
        ready: dict[int, AnswerIndex],
        pending: dict[int, Document],
        scores: dict[int, float],
    ) -> LibraryAnswer:
        """On a worker thread: index what the cache lacked, then rerank."""
        for article_id, doc in pending.items():
            ready[article_id] = AnswerIndex.for_document(doc)
            self.cache.put(_cache_key(articles[article_id]), ready[article_id])
        candidates = [Candidate(i, ready[i], scores[i]) for i in articles]
        return rerank(question, candidates, top_k, self.tuning)

    def forget(self, chat_id: int, article_ids: Sequence[int] | None = None) -> None:
        """Drop deleted articles' indexes now rather than when they age out."""

        def doomed(key: Hashable) -> bool:
            assert isinstance(key, tuple)
            return bool(key[0] == chat_id and (article_ids is None or key[1] in article_ids))

        self.cache.discard(doomed)
