"""kill -9 of the real bot process (`python -m bot run`) while it ingests articles.

Each round starts the bot, queues articles from many chats, and kills it at a random
moment once summaries are flowing. After every kill the database must pass
``PRAGMA integrity_check`` and hold no half article; at the end every article whose
summary was sent must be there, and none twice (updates the killed process had not
confirmed come back after the restart).
"""

from __future__ import annotations

import asyncio
import random
import signal
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.emulator import BotAPI, BotAPIServer
from tests.support.brief_process import STARTUP, bot_env, brief_process, integrity
from tests.support.readers import Reader, readers

ROUNDS = 5
PER_ROUND = 12


async def until_polling(api: BotAPI, starts_before: int) -> None:
    """Until the new process has started (published its menu) and long-polls. The
    killed one's last poll may still look alive to the emulator: only a poll that
    arrived after the menu counts."""
    await api.wait_until(lambda: len(api.calls_to("setMyCommands")) > starts_before, STARTUP)
    started = api.calls_to("setMyCommands")[-1].at
    await api.wait_until(
        lambda: any(c.method == "getUpdates" and c.at > started for c in api.in_progress),
        STARTUP,
    )


def summarised(api: BotAPI, reader: Reader) -> bool:
    return any(c.text.startswith(reader.article.town) for c in api.sent_to(reader.chat_id))


def any_summarised(api: BotAPI, batch: list[Reader]) -> Callable[[], bool]:
    return lambda: any(summarised(api, r) for r in batch)


def stored_titles(db: Path) -> dict[int, list[str]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT chat_id, title FROM articles ORDER BY id").fetchall()
    titles: dict[int, list[str]] = {}
    for chat_id, title in rows:
        titles.setdefault(chat_id, []).append(title)
    return titles


def read_logs(folder: Path) -> str:
    return "".join(log.read_text(errors="replace") for log in sorted(folder.glob("*.log")))


def half_stored(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        row = connection.execute(
            "SELECT count(*) FROM articles a WHERE sentence_count !="
            " (SELECT count(*) FROM sentences s WHERE s.article_id = a.id)"
        ).fetchone()
    return int(row[0])


@pytest.mark.slow
async def test_kill_9_at_random_moments_loses_no_acknowledged_article(tmp_path: Path) -> None:
    rng = random.Random(20261129)
    db = tmp_path / "brief.db"
    group = readers(ROUNDS * PER_ROUND, first=700)
    acknowledged: set[int] = set()
    async with BotAPIServer(BotAPI()) as server:
        api = server.api
        env = bot_env(server, tmp_path, BRIEF_LOG_LEVEL="INFO")
        for round_ in range(ROUNDS):
            batch = group[round_ * PER_ROUND : (round_ + 1) * PER_ROUND]
            log = tmp_path / f"round{round_}.log"
            async with brief_process(env, log) as process:
                await until_polling(api, round_)
                for reader in batch:
                    api.push_message(reader.article_message())
                first_summary = any_summarised(api, batch)
                await api.wait_until(first_summary, 60)
                await asyncio.sleep(rng.uniform(0.0, 0.3))
                process.send_signal(signal.SIGKILL)
                assert await process.wait() == -signal.SIGKILL
            acknowledged |= {r.chat_id for r in group if summarised(api, r)}
            assert integrity(db) == "ok"
            assert half_stored(db) == 0
        assert len(acknowledged) < len(group), "no kill landed mid-ingest: tune the timing"

        # A last, peaceful run works off what the killed ones left unconfirmed.
        async with brief_process(env, tmp_path / "last.log") as process:
            await until_polling(api, ROUNDS)
            await api.wait_until(lambda: api.polling and api.pending_updates == 0, 60)
            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), 60) == 0

    assert integrity(db) == "ok"
    assert half_stored(db) == 0
    titles = stored_titles(db)
    for reader in group:
        # At most once, whatever was fetched again after a restart.
        assert len(titles.get(reader.chat_id, [])) <= 1, reader.article.town
    assert acknowledged <= set(titles)
    # The logs at INFO (the default) hold neither the token nor anyone's article.
    logs = read_logs(tmp_path)
    assert "Application started" in logs
    assert api.token not in logs
    assert not [r.article.town for r in group if r.article.mayor in logs]
