"""Persistence behind one small Protocol; SQLite (aiosqlite) is the embedded default,
PostgreSQL (``BRIEF_DATABASE_URL``) the shared store for several replicas."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from storage.base import Storage, StorageFullError, StorageUnavailableError
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

if TYPE_CHECKING:
    from bot.config import Settings
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
    "ArticleHit",
    "ArticleInfo",
    "ChatSettings",
    "NewArticle",
    "SQLiteStorage",
    "Storage",
    "StorageFullError",
    "StorageUnavailableError",
    "StoredSentence",
    "create_storage",
    "database_label",
    "redact_url",
    "search_term",
]


def create_storage(settings: Settings) -> Storage:
    """The storage the settings name, not yet opened: PostgreSQL when
    ``BRIEF_DATABASE_URL`` is set, else the SQLite file ``BRIEF_DB``."""
    if settings.database_url:
        from storage.postgres import PostgresStorage  # psycopg only when it is used

        return PostgresStorage(settings.database_url)
    from storage.sqlite import SQLiteStorage

    return SQLiteStorage(settings.db_path)


def redact_url(url: str) -> str:
    """The URL without its password, for logs and the console's settings."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def database_label(settings: Settings) -> str:
    """Where the library is, as shown to the person running Brief."""
    return redact_url(settings.database_url) if settings.database_url else str(settings.db_path)
