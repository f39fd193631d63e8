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
