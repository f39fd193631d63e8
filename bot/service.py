"""The conversation, independent of transport (contract; the service helper implements it).

Console chat, scripting CLI and Telegram handlers all call this one class, so they
behave the same. It owns no SQL (that is ``storage``) and no NLP (that is
``bot.engine``): it decides what happens, in which order, and what may be stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine import Answer, Summary
from storage import ArticleInfo, ChatSettings

CONSOLE_CHAT_ID = 0  # the console's chat in BRIEF_DB; Telegram never uses chat id 0


@dataclass(frozen=True)
class SummaryView:
    article: ArticleInfo
    summary: Summary
    reading_minutes: int
    created: bool  # False when the article was already in this chat


@dataclass(frozen=True)
class AnswerView:
    article: ArticleInfo
    answer: Answer


@dataclass(frozen=True)
class ArticlePage:
    articles: tuple[ArticleInfo, ...]
    page: int
    pages: int
    total: int
    active_article_id: int | None


__all__ = ["CONSOLE_CHAT_ID", "AnswerView", "ArticlePage", "ChatSettings", "SummaryView"]


class Brief:
    """One instance per process, shared by every chat. All methods are chat-scoped:
    an id from another chat behaves exactly like an unknown id.

    Errors a user can cause are raised as ``bot.errors.BriefError`` subclasses with a
    ``user_message``; callers render that message and nothing else.
    """

    # Contract (signatures). The service helper implements the bodies.
    #
    # def __init__(self, storage: Storage, engine: Engine, settings: Settings,
    #              fetcher: Fetcher | None = None) -> None
    # async def add_text(self, chat_id: int, text: str, *, source: str = "text",
    #                    title: str | None = None) -> SummaryView
    # async def add_url(self, chat_id: int, url: str) -> SummaryView
    # async def add_file(self, chat_id: int, filename: str, data: bytes) -> SummaryView
    # async def summary(self, chat_id: int, article_id: int | None = None,
    #                   sentences: int | None = None) -> SummaryView
    # async def ask(self, chat_id: int, question: str,
    #               article_id: int | None = None) -> AnswerView
    # async def keywords(self, chat_id: int, article_id: int | None = None)
    #                   -> tuple[ArticleInfo, tuple[str, ...]]
    # async def list_articles(self, chat_id: int, page: int = 0,
    #                         per_page: int = 10) -> ArticlePage
    # async def use(self, chat_id: int, article_id: int) -> ArticleInfo
    # async def delete(self, chat_id: int, article_id: int) -> ArticleInfo
    # async def forget(self, chat_id: int) -> int
    # async def set_algorithm(self, chat_id: int, name: str) -> ChatSettings
    # async def set_length(self, chat_id: int, sentences: int) -> ChatSettings
    # async def settings(self, chat_id: int) -> ChatSettings
    # async def link_message(self, chat_id: int, message_id: int, article_id: int) -> None
    # async def article_for_message(self, chat_id: int, message_id: int) -> int | None
    # def looks_like_article(self, text: str) -> bool   # pasted article vs. question
    # async def close(self) -> None
