"""A database that cannot be opened: one line naming the path, every connection closed
(issue 15). Tests run as root, which ignores permission bits, so the unusable places
are ones that fail for root too: a path under a regular file, a file that is not a
database, and sysfs (/sys), where nobody may create files."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from storage import SQLiteStorage, StorageUnavailableError
from tests.storage.builders import UNUSABLE_KINDS, unusable_database


def connection_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if "connection_worker" in t.name}


@pytest.mark.parametrize("kind", UNUSABLE_KINDS)
async def test_an_unusable_database_is_one_clear_error(tmp_path: Path, kind: str) -> None:
    path = unusable_database(tmp_path, kind)
    threads = connection_threads()
    storage = SQLiteStorage(path)
    with pytest.raises(StorageUnavailableError) as caught:
        await storage.open()
    message = str(caught.value)
    assert message.startswith(f"cannot open the database {path}: ")
    assert "\n" not in message
    # No connection thread left running (one kept the process from ever exiting).
    for _ in range(40):
        if connection_threads() == threads:
            break
        await asyncio.sleep(0.05)
    assert connection_threads() == threads
