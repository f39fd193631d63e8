from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage import SQLiteStorage


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "brief.db"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[SQLiteStorage]:
    storage = SQLiteStorage(db_path)
    await storage.open()
    yield storage
    await storage.close()
