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


def connection_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if "connection_worker" in t.name}


def sysfs_path() -> Path:
    path = Path("/sys/brief-test.db")
    try:
        path.touch()
    except OSError:
        return path
    path.unlink()
    pytest.skip("/sys accepts new files here")


def unusable(tmp_path: Path, kind: str) -> Path:
    if kind == "under a file":
        (tmp_path / "afile").write_text("x")
        return tmp_path / "afile" / "brief.db"
    if kind == "not a database":
        path = tmp_path / "garbage.db"
        path.write_bytes(bytes(range(256)) * 20)
        return path
    return sysfs_path()


@pytest.mark.parametrize("kind", ["under a file", "not a database", "read-only sysfs"])
async def test_an_unusable_database_is_one_clear_error(tmp_path: Path, kind: str) -> None:
    path = unusable(tmp_path, kind)
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
