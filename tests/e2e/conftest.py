"""End-to-end fixtures: the Bot API emulator on loopback and the real Application polling it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# ptb 22 warns on every int duration (RetryAfter.retry_after...) unless the bot opts into
# timedelta values, as bot.telegram_app does; warnings are errors in this suite.
os.environ.setdefault("PTB_TIMEDELTA", "1")

# `tests/` is not a package on sys.path when pytest runs as `.venv/bin/pytest`; the
# shared test support (tests/emulator, tests/factories.py) is imported as `tests.*`.
_REPO = str(Path(__file__).resolve().parents[2])
if _REPO not in sys.path:
    sys.path.insert(0, _REPO)

from collections.abc import AsyncIterator  # noqa: E402

import pytest  # noqa: E402

from bot.config import Settings  # noqa: E402
from tests.emulator import BotAPI, BotAPIServer  # noqa: E402
from tests.support.harness import PollingBot  # noqa: E402


@pytest.fixture
async def server() -> AsyncIterator[BotAPIServer]:
    async with BotAPIServer(BotAPI()) as running:
        yield running


@pytest.fixture
def api(server: BotAPIServer) -> BotAPI:
    return server.api


@pytest.fixture
def settings(tmp_path: Path, server: BotAPIServer) -> Settings:
    return Settings(
        token=server.api.token,
        api_base_url=server.base_url,  # as TELEGRAM_API_BASE_URL would give it
        db_path=tmp_path / "brief.db",
        allow_private_urls=True,  # link tests fetch from 127.0.0.1
        analysis_workers=0,  # no worker process per bot; tests/service covers the worker
    )


@pytest.fixture
async def bot(server: BotAPIServer, settings: Settings) -> AsyncIterator[PollingBot]:
    async with PollingBot(server, settings) as running:
        yield running
