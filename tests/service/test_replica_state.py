"""State that replicas share through PostgreSQL: two Brief services on one database
behave like one (the flood limit, caches checked against the stored article, retention
run once), as two replicas behind a balancer must."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from bot.config import ConfigError, Settings
from bot.engine import Engine
from bot.errors import ArticleNotFoundError, NoArticleError, RateLimitedError
from bot.ratelimit import SharedIngestLimiter
from bot.service import Brief
from storage.postgres import PostgresStorage
from tests import factories as f

OpenReplica = Callable[..., Awaitable[Brief]]


@pytest.fixture
async def open_replica(postgres_url: str) -> AsyncIterator[OpenReplica]:
    opened: list[Brief] = []

    async def open_(**overrides: object) -> Brief:
        settings = Settings(database_url=postgres_url, **overrides)  # type: ignore[arg-type]
        storage = PostgresStorage(postgres_url)
        await storage.open()
        service = Brief(storage, Engine(), settings)
        opened.append(service)
        return service

    yield open_
    for service in opened:
        await service.close()


async def test_the_flood_limit_is_shared_by_replicas(open_replica: OpenReplica) -> None:
    a, b = await open_replica(ingests_per_minute=3), await open_replica(ingests_per_minute=3)
    texts = [f.town_article(i).text for i in range(5)]
    await a.add_text(7, texts[0])
    await b.add_text(7, texts[1])
    await a.add_text(7, texts[2])
    for replica, text in ((a, texts[3]), (b, texts[4])):
        with pytest.raises(RateLimitedError):
            await replica.add_text(7, text)
    await b.add_text(8, texts[3])  # another chat has its own count


async def test_concurrent_admissions_never_exceed_the_limit(postgres_url: str) -> None:
    stores = [PostgresStorage(postgres_url) for _ in range(2)]
    for store in stores:
        await store.open()
    try:
        limiters = [SharedIngestLimiter(store, 5, 60.0) for store in stores]
        admitted = await asyncio.gather(*(limiters[n % 2].admit(3) for n in range(20)))
        assert sum(admitted) == 5
    finally:
        for store in stores:
            await store.close()


async def test_a_replica_sees_what_another_stored_or_deleted(open_replica: OpenReplica) -> None:
    a, b = await open_replica(), await open_replica()
    town = f.town_article(3)
    view = await a.add_text(11, town.text)
    first = await b.ask(11, f"Who is the mayor of {town.town}?")  # b analyses it now
    assert town.mayor in first.answer.passages[0].sentence.text
    await a.delete(11, view.article.id)
    with pytest.raises((NoArticleError, ArticleNotFoundError)):
        await b.ask(11, f"Who is the mayor of {town.town}?")  # b's cached copy is not used
    other = f.town_article(4)
    await a.add_text(11, other.text)
    answer = await b.ask(11, "Who is the mayor?")
    assert other.mayor in answer.answer.passages[0].sentence.text


async def test_retention_runs_once_across_replicas(open_replica: OpenReplica) -> None:
    a, b = await open_replica(retention_days=1), await open_replica(retention_days=1)
    for i in range(3):
        await a.add_text(20 + i, f.town_article(i).text)
    later = datetime.now(UTC) + timedelta(days=2)
    removed = await asyncio.gather(a.apply_retention(later), b.apply_retention(later))
    assert sum(removed) == 3
    assert sorted(removed) == [0, 3]  # one replica ran it, the other left it alone
    assert not (await b.list_articles(20)).articles


def test_replicas_need_a_shared_webhook_secret() -> None:
    env = {
        "BRIEF_DATABASE_URL": "postgresql://brief@db/brief",
        "BRIEF_WEBHOOK_URL": "https://bot.example.org/hook",
    }
    with pytest.raises(ConfigError, match="BRIEF_WEBHOOK_SECRET"):
        Settings.from_env(env)
    settings = Settings.from_env({**env, "BRIEF_WEBHOOK_SECRET": "s"})
    assert settings.database_url == "postgresql://brief@db/brief"
    assert "brief@db" not in repr(settings)
    assert settings.sends_per_second == 30  # Telegram's limit for one bot
    assert Settings.from_env({"BRIEF_SENDS_PER_SECOND": "15"}).sends_per_second == 15
    with pytest.raises(ConfigError, match="BRIEF_DATABASE_URL"):
        Settings.from_env({"BRIEF_DATABASE_URL": "sqlite:///x.db"})


KEPT_REPLY = b'{"method": "sendMessage", "chat_id": 5, "text": "The mayor is Elena"}'


async def kept_replies_after(
    postgres_url: str, handled: list[tuple[int, int, int]], action: Awaitable[object]
) -> list[tuple[int, bytes | None]]:
    """A replica keeps a reply sent in a webhook's answer with the handled update
    (bot/replicas.py): updates ``handled`` as (update_id, chat_id, days ago), each keeping
    ``KEPT_REPLY``, then ``action``; what each handled update still keeps."""
    async with await psycopg.AsyncConnection.connect(postgres_url, autocommit=True) as db:
        async with db.cursor() as cursor:
            await cursor.executemany(
                "INSERT INTO processed_updates (update_id, chat_id, processed_at, response)"
                " VALUES (%s, %s, now() - make_interval(days => %s), %s)",
                [(*row, KEPT_REPLY) for row in handled],
            )
        await action
        found = await (
            await db.execute("SELECT update_id, response FROM processed_updates ORDER BY 1")
        ).fetchall()
    return [(update_id, response and bytes(response)) for update_id, response in found]


async def test_forget_deletes_the_replies_kept_for_a_redelivery(
    open_replica: OpenReplica, postgres_url: str
) -> None:
    """/forget deletes the chat's kept words; the update stays handled."""
    brief = await open_replica()
    kept = await kept_replies_after(postgres_url, [(1, 5, 0), (2, 6, 0)], brief.forget(5))
    assert kept == [(1, None), (2, KEPT_REPLY)]


async def test_retention_deletes_the_replies_kept_for_a_redelivery(
    open_replica: OpenReplica, postgres_url: str
) -> None:
    """The kept words go when retention removes articles of that age
    (BRIEF_RETENTION_DAYS may be shorter than the 3 days the record is kept)."""
    brief = await open_replica(retention_days=1)
    retention = brief.apply_retention(datetime.now(UTC))
    kept = await kept_replies_after(postgres_url, [(1, 5, 2), (2, 5, 0)], retention)
    assert kept == [(1, None), (2, KEPT_REPLY)]
