"""Brief's library search as the product runs it, for the pooled quality measures of the
answers, library and tuning benchmarks."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any


class StoredLibrary:
    """Brief's library search as the product runs it (articles in SQLite, candidates
    from its FTS5 index, reranked by ``bot.service.library_search``) behind the add/answer
    interface of the old in-memory index, for the pooled quality measures."""

    def __init__(self, tuning: Any = None) -> None:
        from bot.engine import Engine
        from bot.service.library_search import LibrarySearch
        from storage import SQLiteStorage

        self._tmp = tempfile.TemporaryDirectory()
        self._loop = asyncio.new_event_loop()
        self._storage = SQLiteStorage(Path(self._tmp.name) / "library.db")
        self._loop.run_until_complete(self._storage.open())
        self._engine = Engine()
        self._ids: dict[int, int] = {}  # storage id -> the caller's id
        search = LibrarySearch(self._storage, self._load, _inline)
        if tuning is not None:
            search.tuning = tuning
        self._search = search

    async def _load(self, info: Any) -> Any:
        from bot.engine.types import Sentence

        article = await self._storage.get_article(info.chat_id, info.id)
        assert article is not None
        return self._engine.restore(
            info.title,
            info.language,
            info.language_detected,
            [Sentence(s.index, s.paragraph, s.text, s.terms) for s in article.sentences],
        )

    def add(self, article_id: int, doc: Any) -> None:
        from storage import NewArticle

        new = NewArticle(
            1,
            doc.title,
            "text",
            None,
            doc.language,
            True,
            f"{doc.text}\n{article_id}",
            doc.sentences,
        )
        added = self._loop.run_until_complete(self._storage.add_article(new))
        self._ids[added.article.id] = article_id

    def answer(self, question: str, top_k: int = 3) -> Any:
        from bot.engine.library import LibraryAnswer, LibraryHit

        found = self._loop.run_until_complete(self._search.answer(1, question, top_k)).answer
        hits = tuple(LibraryHit(self._ids[h.article_id], h.passage) for h in found.hits)
        return LibraryAnswer(question, found.found, hits, found.score)

    def close(self) -> None:
        self._loop.run_until_complete(self._storage.close())
        self._loop.close()
        self._tmp.cleanup()


async def _inline(func: Any, *args: object) -> Any:
    return func(*args)
