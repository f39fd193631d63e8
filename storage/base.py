"""The storage interface. Handlers and the service see only this Protocol.

SQLite is the embedded default; a PostgreSQL backend for several webhook replicas
implements the same Protocol. Every method that takes an article id also takes the
chat id and only ever touches that chat's rows: another chat's id behaves exactly
like an id that does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from storage.models import (
    AddResult,
    Article,
    ArticleHit,
    ArticleInfo,
    ChatSettings,
    NewArticle,
)


class StorageUnavailableError(Exception):
    """The database cannot be opened (read-only, not a database, no such directory...).
    The message names the path and the reason, in one line."""


class StorageFullError(Exception):
    """A write failed because the disk (or the database's size limit) is full; nothing
    of that write was stored."""


class Storage(Protocol):
    async def open(self) -> None:
        """Connect and run pending migrations."""

    async def close(self) -> None: ...

    async def add_article(self, new: NewArticle) -> AddResult:
        """Store an article and its sentences in one transaction and make it the chat's
        active article. The same text (by content hash) or the same canonical URL in
        the same chat returns the existing article with ``created=False``."""

    async def get_article(self, chat_id: int, article_id: int) -> Article | None: ...

    async def get_info(self, chat_id: int, article_id: int) -> ArticleInfo | None: ...

    async def get_active_info(self, chat_id: int) -> ArticleInfo | None:
        """The chat's active article, in one read."""
        ...

    async def list_articles(
        self, chat_id: int, offset: int = 0, limit: int = 20
    ) -> list[ArticleInfo]:
        """Newest first."""

    async def count_articles(self, chat_id: int) -> int: ...

    async def search_articles(
        self, chat_id: int, terms: Sequence[str], limit: int
    ) -> list[ArticleHit]:
        """The chat's articles that hold any of ``terms``, most relevant first, at most
        ``limit`` of them: candidates for a question across the library.

        The index covers every stored article and is kept in the same transaction as
        the article and its sentences: ``add_article`` indexes it, every delete
        (``delete_article``, ``forget_chat``, ``prune_oldest``, ``delete_older_than``)
        unindexes it. An article's indexed terms are its sentences' ``terms`` (the
        engine's: lower-cased, stop words dropped, stemmed in the article's language),
        each written ``search_term(article.language, term)``, e.g. ``"en_bridg"``.
        ``terms`` are given in that same form; they are OR-ed, each an exact token
        (no prefixes, no query syntax). An article is ranked by its best passage of
        8 consecutive sentences (``idx // 8``), so that a long article is not drowned
        by its length, with the engine's own full-text relevance (SQLite: FTS5
        ``bm25()``, k1=1.2, b=0.75, one row per passage; PostgreSQL: ``ts_rank`` of
        each sentence's GIN-indexed ``tsvector``, summed per passage), reported as
        ``ArticleHit.score``, higher is better. Ties: lower id first.
        Only ``chat_id``'s articles are returned."""
        ...

    async def delete_article(self, chat_id: int, article_id: int) -> bool:
        """True when something was deleted. Clears the active article if it was this one."""

    async def forget_chat(self, chat_id: int) -> int:
        """Delete every row of the chat (articles, sentences, settings, message links).
        Returns the number of articles deleted."""

    async def get_settings(self, chat_id: int) -> ChatSettings: ...

    async def set_summary_sentences(self, chat_id: int, n: int | None) -> ChatSettings: ...

    async def set_algorithm(self, chat_id: int, algorithm: str | None) -> ChatSettings: ...

    async def set_active_article(self, chat_id: int, article_id: int | None) -> ChatSettings:
        """Raises nothing; an article id of another chat is treated as unknown (returns
        the unchanged settings). Callers check ownership with get_info first."""

    async def link_message(self, chat_id: int, message_id: int, article_id: int) -> None:
        """Remember that bot message ``message_id`` in ``chat_id`` is about ``article_id``."""

    async def article_for_message(self, chat_id: int, message_id: int) -> int | None: ...

    async def get_conversation(self, chat_id: int) -> str | None:
        """The chat's conversation state (an opaque JSON text), or None."""

    async def set_conversation(self, chat_id: int, state: str | None) -> None:
        """Store the chat's conversation state; None clears it."""

    async def prune_oldest(self, chat_id: int, keep: int) -> list[ArticleInfo]:
        """Delete the chat's oldest articles beyond ``keep``; returns what was deleted."""

    async def delete_older_than(self, cutoff: datetime) -> int:
        """Retention: delete every article created before ``cutoff``; returns the count."""
