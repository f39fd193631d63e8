"""Persistence behind one small Protocol; SQLite (aiosqlite) is the embedded default."""

from storage.base import Storage, StorageFullError, StorageUnavailableError
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
    "StorageFullError",
    "StorageUnavailableError",
    "StoredSentence",
]
