"""The storage interface. Handlers and the service see only this Protocol.

SQLite is the embedded default; a PostgreSQL backend for several webhook replicas
implements the same Protocol. Every method that takes an article id also takes the
chat id and only ever touches that chat's rows: another chat's id behaves exactly
like an id that does not exist.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from storage.models import AddResult, Article, ArticleInfo, ChatSettings, NewArticle


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
