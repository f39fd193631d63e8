"""Persistence behind one small Protocol; SQLite (aiosqlite) is the embedded default."""

from typing import TYPE_CHECKING

from storage.base import Storage, StorageFullError, StorageUnavailableError
from storage.models import (
    AddResult,
    Article,
    ArticleInfo,
    ChatSettings,
    NewArticle,
    StoredSentence,
)

if TYPE_CHECKING:
    from storage.sqlite import SQLiteStorage


def __getattr__(name: str) -> object:
    # The backend (and aiosqlite) loads on first use: `brief ask FILE` never needs it.
    if name == "SQLiteStorage":
        from storage.sqlite import SQLiteStorage

        return SQLiteStorage
    raise AttributeError(f"module 'storage' has no attribute {name!r}")


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
