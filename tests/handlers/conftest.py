"""Handler-level fixtures: the real Application answered by the emulator without sockets."""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings

# ptb 22 warns on every int duration (RetryAfter.retry_after...) unless the bot opts into
# timedelta values, as bot.telegram_app does; warnings are errors in this suite.
os.environ.setdefault("PTB_TIMEDELTA", "1")

# `tests/` is not a package on sys.path when pytest runs as `.venv/bin/pytest`; the
# shared test support (tests/emulator, tests/factories.py) is imported as `tests.*`.
_REPO = str(Path(__file__).resolve().parents[2])
if _REPO not in sys.path:
    sys.path.insert(0, _REPO)

from tests import factories as f  # noqa: E402
from tests.emulator import BotAPI  # noqa: E402
from tests.support.harness import InProcessBot  # noqa: E402

JSON = dict[str, Any]


@pytest.fixture
def api() -> BotAPI:
    return BotAPI()


@pytest.fixture
def settings(tmp_path: Path, api: BotAPI) -> Settings:
    return Settings(
        token=api.token,
        api_base_url="http://emulator.invalid/bot",  # never resolved: no sockets
        db_path=tmp_path / "brief.db",
        ingests_per_minute=0,  # tests add many articles at once; the flood limit has its own
        analysis_workers=0,  # no worker process per bot; tests/service covers the worker
    )


@pytest.fixture
async def harness(api: BotAPI, settings: Settings) -> AsyncIterator[InProcessBot]:
    async with InProcessBot(api, settings) as bot:
        yield bot


@pytest.fixture
def ada() -> JSON:
    return f.user("Ada", username="ada_reads")


@pytest.fixture
def ada_chat(ada: JSON) -> JSON:
    return f.private_chat(ada)
