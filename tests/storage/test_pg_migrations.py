"""PostgreSQL's migrations: every earlier version upgrades with its data intact, replicas
starting together migrate once, and a newer schema is refused."""

from __future__ import annotations

import asyncio

import psycopg
import pytest

from storage import search_term
from storage.pg_migrations import PG_MIGRATIONS, PG_SCHEMA_VERSION
from storage.postgres import PostgresStorage
from tests.storage.builders import new_article


def build_at_version(url: str, version: int) -> None:
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE TABLE brief_schema (version INTEGER NOT NULL)")
        for number, step in enumerate(PG_MIGRATIONS[:version], start=1):
            db.execute(step.encode())
            db.execute("INSERT INTO brief_schema VALUES (%s)", (number,))
        if version >= 1:
            db.execute(
                "INSERT INTO articles (chat_id, title, source, language, language_detected,"
                " text, content_hash, word_count, sentence_count, created_at) VALUES (42,"
                " 'Old', 'text', 'en', true, 'Old text here. More old text.', 'h', 6, 2,"
                " '2026-01-01T00:00:00+00:00')"
            )
            db.execute(
                "INSERT INTO sentences (article_id, idx, chat_id, paragraph, text, terms)"
                " VALUES (1, 0, 42, 0, 'Old text here.', 'old text'),"
                " (1, 1, 42, 0, 'More old text.', 'old text')"
            )
            db.execute("INSERT INTO chat_settings (chat_id, algorithm) VALUES (42, 'lsa')")
            db.execute("INSERT INTO message_links VALUES (42, 9, 1)")


def schema_version(url: str) -> int:
    with psycopg.connect(url) as db:
        row = db.execute("SELECT max(version) FROM brief_schema").fetchone()
        assert row is not None
        return int(row[0])


@pytest.mark.parametrize("version", range(PG_SCHEMA_VERSION))
async def test_upgrade_from_every_earlier_version(postgres_url: str, version: int) -> None:
    build_at_version(postgres_url, version)
    store = PostgresStorage(postgres_url)
    await store.open()
    try:
        assert schema_version(postgres_url) == PG_SCHEMA_VERSION
        if version >= 1:
            article = await store.get_article(42, 1)
            assert article is not None
            assert [s.text for s in article.sentences] == ["Old text here.", "More old text."]
            assert (article.info.sentence_count, article.info.word_count) == (2, 6)
            assert (await store.get_settings(42)).algorithm == "lsa"
            assert await store.article_for_message(42, 9) == 1
            assert [
                h.article_id for h in await store.search_articles(42, [search_term("en", "old")], 5)
            ] == [1]
        added = await store.add_article(new_article(chat_id=42, url="https://a.test/"))
        assert added.created
        assert added.article.id == (2 if version >= 1 else 1)
    finally:
        await store.close()


async def test_replicas_starting_together_migrate_once(postgres_url: str) -> None:
    stores = [PostgresStorage(postgres_url) for _ in range(4)]
    await asyncio.gather(*(s.open() for s in stores))
    try:
        with psycopg.connect(postgres_url) as db:
            versions = [v for (v,) in db.execute("SELECT version FROM brief_schema ORDER BY 1")]
        assert versions == list(range(1, PG_SCHEMA_VERSION + 1))
    finally:
        await asyncio.gather(*(s.close() for s in stores))


async def test_a_newer_database_is_refused(postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("CREATE TABLE brief_schema (version INTEGER NOT NULL)")
        db.execute("INSERT INTO brief_schema VALUES (%s)", (PG_SCHEMA_VERSION + 1,))
    store = PostgresStorage(postgres_url.replace("brief@", "brief:secret@"))
    with pytest.raises(RuntimeError, match="newer") as raised:
        await store.open()
    assert "secret" not in str(raised.value)
    await store.close()
