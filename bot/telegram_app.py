"""Brief on Telegram: the python-telegram-bot ``Application`` and how it runs.

``build_application`` wires settings, rate limiting, per-chat ordering and the
handlers; ``run`` starts it with long polling, or as a webhook when
``BRIEF_WEBHOOK_URL`` is set. The database and the service are opened in
``post_init`` and closed in ``post_shutdown``, so SIGTERM (handled by ptb's
``run_*``) lets in-flight updates finish before the database closes.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import logging
import os
import secrets
import sys
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from telegram import LinkPreviewOptions, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    BaseRateLimiter,
    BaseUpdateProcessor,
    ContextTypes,
    Defaults,
)
from telegram.request import BaseRequest

from bot.assembly import FetcherFactory, open_brief
from bot.config import Settings
from bot.service import Brief
from handlers.commands import publish_menu
from handlers.context import BotData, BriefApp, BriefContext
from handlers.registry import register_all

logger = logging.getLogger(__name__)

__all__ = [
    "ALLOWED_UPDATES",
    "BotData",
    "BriefApp",
    "BriefContext",
    "FetcherFactory",
    "PerChatUpdateProcessor",
    "TokenRedactor",
    "build_application",
    "file_url_for",
    "retention_every",
    "run",
]

# ptb 22 warns on every integer duration it hands out (RetryAfter.retry_after, ...)
# unless the process opts into the timedelta values of its next major version.
os.environ.setdefault("PTB_TIMEDELTA", "1")

# What Brief asks Telegram for. Nothing else (reactions, member lists, edits) is
# ever delivered, so it cannot be read or stored by mistake.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
RATE_LIMIT_RETRIES = 3  # RetryAfter: the limiter waits as told, this many times
MAX_CONCURRENT_CHATS = 32  # chats worked on at the same time (engine work is threaded)
MAX_PENDING_UPDATES = 4096  # updates accepted from Telegram and waiting for their chat
RETENTION_INTERVAL = 24 * 3600.0  # seconds between retention runs (and one at start)
# Engine work (analysing a long article) runs on threads beside the event loop. With
# CPython's default 5 ms GIL slices, each hand-back to the loop during such work can
# cost 5 ms, and a reply takes several: 1 ms slices keep other chats' replies quick.
GIL_SWITCH_INTERVAL = 0.001


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Chats are served concurrently; the updates of one chat one at a time, in order.

    A question sent right after an article must see that article, and two taps on
    the same summary's buttons must not edit it in a race: so each chat has a lock,
    taken in arrival order. ``max_concurrent_chats`` bounds the work in progress.
    """

    def __init__(
        self,
        max_concurrent_chats: int = MAX_CONCURRENT_CHATS,
        max_pending: int = MAX_PENDING_UPDATES,
    ) -> None:
        super().__init__(max_pending)
        self._working = asyncio.BoundedSemaphore(max_concurrent_chats)
        self._locks: dict[int, tuple[asyncio.Lock, list[int]]] = {}
        # Replicas (bot/replicas.py): runs each update under the chat's database lock,
        # once per update_id. (update_id, chat key, handlers) -> awaitable.
        self.guard: Callable[[int, int | None, Awaitable[Any]], Awaitable[None]] | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_key(update)
        handlers = coroutine
        if self.guard is not None and isinstance(update, Update):
            coroutine = self.guard(update.update_id, key, handlers)
        if key is None:
            await self._work(coroutine)
            return
        lock, users = self._locks.setdefault(key, (asyncio.Lock(), [0]))
        users[0] += 1
        try:
            async with lock:
                await self._work(coroutine)
        finally:
            users[0] -= 1
            if users[0] == 0:
                del self._locks[key]
            for waiting in (coroutine, handlers):
                if inspect.iscoroutine(waiting) and inspect.getcoroutinestate(waiting) == (
                    inspect.CORO_CREATED
                ):
                    waiting.close()  # cancelled while waiting: never started

    async def _work(self, coroutine: Awaitable[Any]) -> None:
        async with self._working:
            await coroutine

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def _chat_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


def file_url_for(api_base_url: str) -> str:
    """The Bot API file URL that goes with ``api_base_url``.

    Telegram serves files under ``/file/bot<token>/`` beside ``/bot<token>/``; a
    self-hosted server does the same, so "file/" goes before the last path segment
    (``http://host:8081/bot`` -> ``http://host:8081/file/bot``).
    """
    head, _, last = api_base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{last}"


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    rate_limiter: BaseRateLimiter[Any] | None = None,
    fetcher_factory: FetcherFactory | None = None,
) -> BriefApp:
    """The Application for ``settings``; nothing is opened until it starts.

    ``request``/``get_updates_request`` replace the HTTP layer (tests answer without
    sockets), ``rate_limiter`` the AIORateLimiter, ``fetcher_factory`` the link reader.
    """
    if not settings.token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    builder = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(file_url_for(settings.api_base_url))
        .context_types(ContextTypes(context=BriefContext, bot_data=BotData))
        .rate_limiter(
            rate_limiter
            or AIORateLimiter(
                overall_max_rate=settings.sends_per_second, max_retries=RATE_LIMIT_RETRIES
            )
        )
        .concurrent_updates(PerChatUpdateProcessor())
        .defaults(
            Defaults(
                allow_sending_without_reply=True,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .job_queue(None)
        .post_init(_open)
        .post_shutdown(_close)
    )
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    app: BriefApp = builder.build()
    app.bot_data.settings = settings
    app.bot_data.fetcher_factory = fetcher_factory
    register_all(app)
    return app


async def _open(app: BriefApp) -> None:
    """post_init: open the database, build the service, publish the command menu."""
    data = app.bot_data
    settings = data.settings
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)
    brief = await data.opened.enter_async_context(
        open_brief(settings, fetcher_factory=data.fetcher_factory)
    )
    data.attach(brief)
    if settings.analysis_workers > 0:
        data.keep_task(brief.start_worker())
    removed = await brief.apply_retention()
    if removed:
        logger.info("retention: removed %d old article(s) at start", removed)
    if settings.retention_days is not None:
        data.keep_task(retention_every(brief, RETENTION_INTERVAL))
    await publish_menu(app.bot)
    logger.info("Brief is ready as @%s", app.bot.username)


async def retention_every(brief: Brief, interval: float) -> None:
    """Delete expired articles every ``interval`` seconds, until cancelled."""
    while True:
        await asyncio.sleep(interval)
        try:
            await brief.apply_retention()
        except Exception:
            logger.exception("retention run failed; trying again at the next interval")


async def _close(app: BriefApp) -> None:
    """post_shutdown: runs after in-flight updates finished; closes service and database."""
    await app.bot_data.close()
    logger.info("Brief stopped; the database is closed")


class TokenRedactor(logging.Filter):
    """Replaces the bot token in every log record (URLs of the Bot API contain it)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg, record.args = message.replace(self._token, "<token>"), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self._token in record.exc_text:
            record.exc_text = record.exc_text.replace(self._token, "<token>")
        return True


def redact_token_in_logs(token: str) -> None:
    """Install ``TokenRedactor`` on every handler of the root logger."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, TokenRedactor) for f in handler.filters):
            handler.addFilter(TokenRedactor(token))


def freeze_start_up_heap() -> None:
    """Collect once, then leave every surviving object out of later collections.

    A full collection walks every tracked object in one stretch that holds the GIL:
    about 100 ms for what the imports leave, a stall that every chat would feel. What
    start-up made lives as long as the process, so it need not be walked again.
    """
    gc.collect()
    gc.freeze()


def run(settings: Settings) -> None:
    """Run the bot until SIGINT/SIGTERM: long polling, or a webhook when configured."""
    if not settings.token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    redact_token_in_logs(settings.token)
    if settings.webhook_url and settings.database_url:
        # One of several replicas on PostgreSQL. The guard's pool: a connection for each
        # chat worked on, and a few for the health check and the pruning.
        from bot.replicas import JournaledRequest, UpdateGuard, serve_replica

        guard = UpdateGuard(settings.database_url, MAX_CONCURRENT_CHATS + 2)
        app = build_application(settings, request=JournaledRequest(guard))
        freeze_start_up_heap()
        asyncio.run(serve_replica(app, settings, guard))
        return
    app = build_application(settings)
    freeze_start_up_heap()
    if settings.webhook_url:
        # A secret Telegram sends back with every update; ptb refuses requests without it.
        secret = settings.webhook_secret or secrets.token_urlsafe(32)
        logger.info("starting the webhook on %s:%d", settings.webhook_listen, settings.webhook_port)
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
        )
    else:
        logger.info("starting long polling")
        app.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)
