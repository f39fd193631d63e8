"""A full disk (issue 15): the user hears that storage is full, the log says it once,
and nothing is half stored. Simulated with SQLite's own size limit
(PRAGMA max_page_count), which fails writes with SQLITE_FULL as a full disk does."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

import pytest

import storage.sqlite
from bot.errors import DiskFullError
from bot.service import Brief

CHAT = 3


async def test_a_full_disk_is_said_plainly_and_logged_once(
    open_brief: Callable[..., object],
    article: Callable[[str], str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(storage.sqlite, "_full_disk_logged", False)
    brief: Brief = await open_brief()  # type: ignore[misc, operator]
    await brief.add_text(CHAT, article("harbour.txt"))
    db = brief._storage.db  # type: ignore[attr-defined]
    (pages,) = await (await db.execute("PRAGMA page_count")).fetchone()
    await db.execute(f"PRAGMA max_page_count = {pages}")

    with caplog.at_level(logging.INFO):
        for _ in range(2):
            with pytest.raises(DiskFullError) as caught:
                await brief.add_text(CHAT, article("bees.txt"))
            assert "storage is full" in caught.value.user_message
    assert caplog.text.count("disk is full") == 1

    listed = await brief.list_articles(CHAT)
    assert listed.total == 1  # the failed article left nothing behind
    path = brief._storage.path  # type: ignore[attr-defined]
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
