"""Every earlier schema version upgrades to the current one with its data intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage import SQLiteStorage
from storage.migrations import MIGRATIONS, SCHEMA_VERSION
from tests.storage.builders import assert_search_index_consistent


def build_at_version(path: Path, version: int) -> None:
    with sqlite3.connect(path) as db:
        for step in MIGRATIONS[:version]:
            db.executescript(step)
        db.execute(f"PRAGMA user_version = {version}")
        if version >= 1:
            db.execute(
                "INSERT INTO articles (id, chat_id, title, source, language, text,"
                " content_hash, created_at) VALUES (1, 42, 'Old', 'text', 'en',"
                " 'Old text here. More old text.', 'h', '2026-01-01T00:00:00+00:00')"
            )
            db.executemany(
                "INSERT INTO sentences (article_id, idx, paragraph, text, terms)"
                " VALUES (1, ?, 0, ?, ?)",
                [(0, "Old text here.", "old text"), (1, "More old text.", "old text")],
            )
        if version >= 3:  # from version 3 on, the application fills the counts itself
            db.execute("UPDATE articles SET sentence_count = 2, word_count = 6")
        if version >= 4:  # and from version 4 on, it counts the ids it hands out
            db.execute("UPDATE article_ids SET last_id = 1")
        if version >= 5:  # from version 5 on, it indexes each article as it adds it
            db.execute("INSERT INTO article_search (article_search) VALUES ('rebuild')")
        if version >= 2:
            db.execute("INSERT INTO chat_settings (chat_id, algorithm) VALUES (42, 'lsa')")
            db.execute("INSERT INTO message_links VALUES (42, 9, 1)")


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
async def test_upgrade_from_every_earlier_version(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.db"
    build_at_version(path, version)
    store = SQLiteStorage(path)
    await store.open()
    try:
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        if version >= 1:
            article = await store.get_article(42, 1)
            assert article is not None
            assert [s.text for s in article.sentences] == ["Old text here.", "More old text."]
            assert (article.info.sentence_count, article.info.word_count) == (2, 6)
            # The library search finds articles stored before it existed (backfilled).
            hits = await store.search_articles(42, ["en_old", "en_nowhere"], 5)
            assert [hit.article_id for hit in hits] == [1]
            assert await store.search_articles(7, ["en_old"], 5) == []
        if version >= 2:
            assert (await store.get_settings(42)).algorithm == "lsa"
            assert await store.article_for_message(42, 9) == 1
        await store.set_conversation(42, "{}")  # the conversations table exists
        assert await store.get_conversation(42) == "{}"
        # The upgraded database takes new articles like a fresh one.
        from tests.storage.builders import new_article

        added = await store.add_article(new_article(chat_id=42, url="https://a.test/"))
        assert added.created
        assert added.article.id == (2 if version >= 1 else 1)  # ids continue, never reused
        with sqlite3.connect(path) as db:
            assert_search_index_consistent(db)
    finally:
        await store.close()


async def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    store = SQLiteStorage(path)
    with pytest.raises(RuntimeError, match="newer"):
        await store.open()
    await store.close()
