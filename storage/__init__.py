"""Persistence behind one small Protocol; SQLite (aiosqlite) is the embedded default."""

from storage.base import Storage
from storage.models import (
    AddResult,
    Article,
    ArticleHit,
    ArticleInfo,
    ChatSettings,
    NewArticle,
    StoredSentence,
    search_term,
)
from storage.sqlite import SQLiteStorage

__all__ = [
    "AddResult",
    "Article",
    "ArticleHit",
    "ArticleInfo",
    "ChatSettings",
    "NewArticle",
    "SQLiteStorage",
    "Storage",
    "StoredSentence",
    "search_term",
]
