"""Persistence behind one small Protocol; SQLite (aiosqlite) is the embedded default."""

from storage.base import Storage
from storage.models import (
    AddResult,
    Article,
    ArticleInfo,
    ChatSettings,
    NewArticle,
    StoredSentence,
)
from storage.sqlite import SQLiteStorage

__all__ = [
    "AddResult",
    "Article",
    "ArticleInfo",
    "ChatSettings",
    "NewArticle",
    "SQLiteStorage",
    "Storage",
    "StoredSentence",
]
