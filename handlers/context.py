"""The Telegram context types every handler gets: ``BotData`` and ``BriefContext``.

They live here, below both ``handlers`` and ``bot.telegram_app``, so that imports run
one way: ``bot.telegram_app`` -> ``handlers`` -> ``handlers.context`` -> ``bot.service``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from telegram.ext import Application, CallbackContext, ExtBot

from bot.assembly import FetcherFactory
from bot.config import Settings
from bot.service import Brief


@dataclass
class BotData:
    """Everything handlers share, reached as ``context.bot_data`` (typed, not a dict)."""

    settings: Settings = field(default_factory=Settings)
    fetcher_factory: FetcherFactory | None = None
    _brief: Brief | None = None
    _background: list[asyncio.Task[None]] = field(default_factory=list)
    _opened: contextlib.AsyncExitStack = field(default_factory=contextlib.AsyncExitStack)

    @property
    def brief(self) -> Brief:
        if self._brief is None:
            raise RuntimeError("Brief is not open: the application's post_init has not run")
        return self._brief

    def attach(self, brief: Brief) -> None:
        self._brief = brief

    @property
    def opened(self) -> contextlib.AsyncExitStack:
        """What was opened for the bot (Brief, from ``open_brief``); ``close`` exits it."""
        return self._opened

    def keep_task(self, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` in the background while the bot runs; cancelled at close."""
        self._background.append(asyncio.create_task(work))

    async def close(self) -> None:
        background, self._background = self._background, []
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        self._brief = None
        await self._opened.aclose()


class BriefContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]):
    """The context every handler gets; ``context.bot_data`` is the ``BotData``."""


BriefApp: TypeAlias = Application[
    ExtBot[Any], BriefContext, dict[Any, Any], dict[Any, Any], BotData, None
]
