from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.config import Settings
from bot.engine import Engine
from bot.service import Brief
from storage import SQLiteStorage

DATA = Path(__file__).resolve().parents[1] / "console" / "data"

OpenBrief = Callable[..., Awaitable[Brief]]


@pytest.fixture
def article() -> Callable[[str], str]:
    """The text of one of the test articles in tests/console/data."""

    def read(name: str) -> str:
        return (DATA / name).read_text(encoding="utf-8")

    return read


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db_path=tmp_path / "brief.db")


@pytest.fixture
async def open_brief(settings: Settings) -> AsyncIterator[OpenBrief]:
    """Opens Brief services on the test database (closed at the end of the test)."""
    opened: list[Brief] = []

    async def open_(custom: Settings | None = None, engine: Engine | None = None) -> Brief:
        chosen = custom or settings
        storage = SQLiteStorage(chosen.db_path)
        await storage.open()
        service = Brief(storage, engine or Engine(), chosen)
        opened.append(service)
        return service

    yield open_
    for service in opened:
        await service.close()


@pytest.fixture
async def brief(open_brief: OpenBrief) -> Brief:
    return await open_brief()
