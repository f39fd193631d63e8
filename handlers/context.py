"""The Telegram context types every handler gets: ``BotData`` and ``BriefContext``.

They live here, below both ``handlers`` and ``bot.telegram_app``, so that imports run
one way: ``bot.telegram_app`` -> ``handlers`` -> ``handlers.context`` -> ``bot.service``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import Settings
from bot.service import ArticleFetcher, Brief

FetcherFactory = Callable[[Settings], ArticleFetcher | None]


@dataclass
class BotData:
    """Everything handlers share, reached as ``context.bot_data`` (typed, not a dict)."""

    settings: Settings = field(default_factory=Settings)
    fetcher_factory: FetcherFactory | None = None
    _brief: Brief | None = None
    _background: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def brief(self) -> Brief:
        if self._brief is None:
            raise RuntimeError("Brief is not open: the application's post_init has not run")
        return self._brief

    def attach(self, brief: Brief) -> None:
        self._brief = brief

    def keep_task(self, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` in the background while the bot runs; cancelled at close."""
        self._background.append(asyncio.create_task(work))

    async def close(self) -> None:
        background, self._background = self._background, []
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        brief, self._brief = self._brief, None
        if brief is not None:
            await brief.close()


class BriefContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]):
    """The context every handler gets; ``context.bot_data`` is the ``BotData``."""


BriefApp: TypeAlias = Application[
    ExtBot[Any], BriefContext, dict[Any, Any], dict[Any, Any], BotData, None
]
