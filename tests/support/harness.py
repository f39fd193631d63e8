"""Run the real Brief Application against the emulator, two ways.

- ``InProcessBot``: updates are handed to ``Application.process_update`` one at a time
  and answered by ``EmulatorRequest`` (no sockets). Deterministic: each call returns
  exactly the Bot API calls that update caused. For handler-level tests.
- ``PollingBot``: the Application long-polls a ``BotAPIServer`` over loopback, as in
  production (per-chat ordering, concurrency, the rate limiter, real HTTP). For e2e.

Both start and stop the Application the way ``run_polling`` does (initialize,
post_init ... post_shutdown) and register an error handler that records every
exception a handler raised: the test fails on exit when there was any, because the
application's own error handler would otherwise turn them into a polite reply.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from telegram.error import TelegramError
from telegram.ext import AIORateLimiter
from telegram.request import BaseRequest, HTTPXRequest

from bot.config import Settings
from bot.telegram_app import (
    ALLOWED_UPDATES,
    BriefApp,
    BriefContext,
    FetcherFactory,
    build_application,
)
from tests import factories as f
from tests.emulator import BotAPI, BotAPIServer, Call, EmulatorRequest

os.environ.setdefault("PTB_TIMEDELTA", "1")  # as bot.telegram_app does, before any update

JSON = dict[str, Any]


def no_fetcher(settings: Settings) -> None:
    """Links are refused politely: for tests that must not depend on the link reader."""
    del settings


def sent(calls: list[Call]) -> list[Call]:
    """The successful sendMessage calls among ``calls``."""
    return [c for c in calls if c.ok and c.method == "sendMessage"]


def texts(calls: list[Call]) -> list[str]:
    """The visible text of every message sent (HTML parsed away, as the user sees it)."""
    return [c.text for c in sent(calls)]


async def talk(api: BotAPI, name: str, *messages: str) -> list[Call]:
    """``name`` sends ``messages`` to Brief in a private chat, one after the other; Brief's
    replies, one for each."""
    user = f.user(name)
    chat = f.private_chat(user)
    for text in messages:
        api.push_message(f.message(chat, user, text))
    return await api.wait_for_sent(chat["id"], len(messages))


def fast_rate_limiter() -> AIORateLimiter:
    """Telegram's flood limits would make a 200-message test take 10 s: no throttling,
    but RetryAfter is still honoured and retried."""
    return AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)


@dataclass
class _Errors:
    raised: list[BaseException] = field(default_factory=list)

    async def record(self, update: object, context: BriefContext) -> None:
        if context.error is not None:
            self.raised.append(context.error)

    def install(self, app: BriefApp) -> None:
        """Record before Brief's own handler runs (it stops the error handlers after it)."""
        others = dict(app.error_handlers)
        for callback in others:
            app.remove_error_handler(callback)
        app.add_error_handler(self.record)
        for callback, block in others.items():
            app.add_error_handler(callback, block=block)

    def check(self) -> None:
        if self.raised:
            raise AssertionError(f"handlers raised: {self.raised!r}") from self.raised[0]


class InProcessBot:
    def __init__(
        self,
        api: BotAPI,
        settings: Settings,
        *,
        fetcher_factory: FetcherFactory | None = no_fetcher,
    ) -> None:
        self.api = api
        self.app: BriefApp = build_application(
            settings,
            request=EmulatorRequest(api),
            get_updates_request=EmulatorRequest(api),
            rate_limiter=fast_rate_limiter(),
            fetcher_factory=fetcher_factory,
        )
        self.errors = _Errors()
        self.errors.install(self.app)

    async def __aenter__(self) -> InProcessBot:
        await self.app.initialize()
        assert self.app.post_init is not None
        await self.app.post_init(self.app)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.app.shutdown()
        assert self.app.post_shutdown is not None
        await self.app.post_shutdown(self.app)
        if exc is None:
            self.errors.check()

    async def feed(self, update: JSON) -> list[Call]:
        """Process one update to the end; returns the Bot API calls it caused."""
        before = len(self.api.calls)
        await self.app.process_update(f.as_update(update, self.app.bot))
        return self.api.calls[before:]

    async def say(self, chat: JSON, sender: JSON, text: str, **extra: Any) -> list[Call]:
        """``sender`` writes ``text`` in ``chat`` (entities detected as Telegram does)."""
        message = f.message(chat, sender, text, **extra)
        return await self.feed(self.api.push_message(message, deliver=False))

    async def send(self, message: JSON, *, kind: str = "message") -> list[Call]:
        return await self.feed(self.api.push_message(message, kind=kind, deliver=False))

    async def press(self, bot_message: JSON, sender: JSON, data: str) -> list[Call]:
        """``sender`` presses the button with ``data`` under ``bot_message``."""
        update = self.api.push_callback(
            message=bot_message, from_user=sender, data=data, deliver=False
        )
        return await self.feed(update)


class PollingBot:
    """The Application long-polling ``server`` until the block ends."""

    def __init__(
        self,
        server: BotAPIServer,
        settings: Settings,
        *,
        fetcher_factory: FetcherFactory | None = None,
        poll_timeout: int = 10,
        read_timeout: float | None = None,
    ) -> None:
        """``read_timeout`` (seconds) shortens how long a request waits for its answer,
        so that tests can make Telegram "time out" quickly; None keeps ptb's default."""
        self.server = server
        requests: dict[str, BaseRequest] = {}
        if read_timeout is not None:
            requests = {
                "request": HTTPXRequest(connection_pool_size=64, read_timeout=read_timeout),
                "get_updates_request": HTTPXRequest(read_timeout=read_timeout),
            }
        self.app: BriefApp = build_application(
            settings, rate_limiter=fast_rate_limiter(), fetcher_factory=fetcher_factory, **requests
        )
        self.errors = _Errors()
        self.errors.install(self.app)
        self._poll_timeout = poll_timeout

    async def __aenter__(self) -> PollingBot:
        app = self.app
        await app.initialize()
        assert app.post_init is not None
        await app.post_init(app)
        assert app.updater is not None

        def polling_error(error: TelegramError) -> None:
            # As run_polling does: polling errors go to the application's error handlers.
            app.create_task(app.process_error(None, error))

        await app.updater.start_polling(
            poll_interval=0,
            timeout=self._poll_timeout,
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
            error_callback=polling_error,
        )
        await app.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop as run_polling does on SIGTERM: in-flight updates finish first."""
        app = self.app
        assert app.updater is not None
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        assert app.post_shutdown is not None
        await app.post_shutdown(app)
        if exc is None:
            self.errors.check()
