"""The one place Brief is put together from settings.

Telegram, the console and the CLI all open Brief here, so they read the same limits
and the same storage. A second storage backend (PostgreSQL) is one more branch in
``open_storage``; nothing else needs to know which one is in use.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from bot.config import Settings

if TYPE_CHECKING:
    from bot.engine import Engine
    from bot.service import ArticleFetcher, Brief
    from storage import Storage

logger = logging.getLogger(__name__)

FetcherFactory = Callable[[Settings], "ArticleFetcher | None"]


async def open_storage(settings: Settings) -> Storage:
    """The storage backend ``settings`` names, opened: PostgreSQL when
    ``BRIEF_DATABASE_URL`` is set, else SQLite, the embedded default."""
    from storage import create_storage

    storage = create_storage(settings)
    await storage.open()
    return storage


def make_engine(settings: Settings) -> Engine:
    """The engine, with the input limit of ``settings``."""
    from bot.engine import Engine

    return Engine(max_bytes=settings.max_input_bytes)


def default_fetcher(settings: Settings) -> ArticleFetcher | None:
    """``bot.ingest``'s link reader, or None while it is not available."""
    try:
        from bot.ingest.fetch import Fetcher
    except ImportError:
        logger.warning("link reading is not available: links will be refused politely")
        return None
    fetcher: ArticleFetcher = Fetcher(
        allow_private=settings.allow_private_urls, max_bytes=settings.max_input_bytes
    )
    return fetcher


@contextlib.asynccontextmanager
async def open_brief(
    settings: Settings, *, fetcher_factory: FetcherFactory | None = None
) -> AsyncIterator[Brief]:
    """Brief over the storage, engine and link reader that ``settings`` call for;
    everything is closed on the way out, whatever happens inside."""
    from bot.service import Brief

    storage = await open_storage(settings)
    try:
        fetcher = (fetcher_factory or default_fetcher)(settings)
        brief = Brief(storage, make_engine(settings), settings, fetcher)
    except BaseException:
        await storage.close()
        raise
    try:
        yield brief
    finally:
        await brief.close()
