"""/privacy says what is kept and for how long; retention runs while the bot runs."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.engine import Engine
from bot.service import Brief
from bot.telegram_app import retention_every
from storage import SQLiteStorage
from tests import factories as f
from tests.emulator import BotAPI
from tests.support.harness import InProcessBot, texts

JSON = dict[str, Any]


async def test_privacy_explains_storage_and_retention(api: BotAPI, settings: Settings) -> None:
    ada = f.user("Ada")
    for retention, expected in ((None, "kept until you delete them"), (30, "deleted 30 days")):
        async with InProcessBot(api, replace(settings, retention_days=retention)) as bot:
            (reply,) = texts(await bot.say(f.private_chat(ada), ada, "/privacy"))
            assert expected in reply
            assert "/forget" in reply and "/delete" in reply
    assert ("privacy", "What Brief stores, for how long, how to delete it") in [
        (c["command"], c["description"]) for c in api.commands
    ]


async def test_retention_runs_again_at_every_interval(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "brief.db", retention_days=7)
    storage = SQLiteStorage(settings.db_path)
    await storage.open()
    brief = Brief(storage, Engine(), settings)
    try:
        old = (await brief.add_text(1, f.town_article(1).text)).article
        new = (await brief.add_text(1, f.town_article(2).text)).article
        with sqlite3.connect(settings.db_path) as db:
            stale = (datetime.now(UTC) - timedelta(days=8)).isoformat()
            db.execute("UPDATE articles SET created_at = ? WHERE id = ?", (stale, old.id))
        job = asyncio.create_task(retention_every(brief, 0.01))
        for _ in range(500):  # bounded: at most about five seconds
            if (await brief.list_articles(1)).total == 1:
                break
            await asyncio.sleep(0.01)
        job.cancel()
        remaining = (await brief.list_articles(1)).articles
        assert [a.id for a in remaining] == [new.id]
    finally:
        await brief.close()
