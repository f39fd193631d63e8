from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage import SQLiteStorage
from tests.storage.builders import new_article

TABLES = ("articles", "sentences", "chat_settings", "message_links")


def row_counts(path: Path, chat_id: int) -> dict[str, int]:
    """Rows of one chat in every table, counted with raw SQL."""
    with sqlite3.connect(path) as db:
        return {
            "articles": db.execute(
                "SELECT count(*) FROM articles WHERE chat_id = ?", (chat_id,)
            ).fetchone()[0],
            "sentences": db.execute(
                "SELECT count(*) FROM sentences s JOIN articles a ON a.id = s.article_id"
                " WHERE a.chat_id = ?",
                (chat_id,),
            ).fetchone()[0],
            "orphan_sentences": db.execute(
                "SELECT count(*) FROM sentences WHERE article_id NOT IN (SELECT id FROM articles)"
            ).fetchone()[0],
            "chat_settings": db.execute(
                "SELECT count(*) FROM chat_settings WHERE chat_id = ?", (chat_id,)
            ).fetchone()[0],
            "message_links": db.execute(
                "SELECT count(*) FROM message_links WHERE chat_id = ?", (chat_id,)
            ).fetchone()[0],
        }


async def test_add_and_read_back(store: SQLiteStorage) -> None:
    result = await store.add_article(new_article(title="Hello"))
    assert result.created
    info = result.article
    assert (info.chat_id, info.title, info.sentence_count, info.word_count) == (1, "Hello", 2, 6)
    assert info.created_at.tzinfo is not None
    article = await store.get_article(1, info.id)
    assert article is not None
    assert article.text == "Alpha beta gamma. Delta epsilon zeta."
    assert [s.text for s in article.sentences] == ["Alpha beta gamma.", "Delta epsilon zeta."]
    assert article.sentences[0].terms == ("alpha", "beta", "gamma")
    assert (await store.get_settings(1)).active_article_id == info.id


async def test_list_is_newest_first_and_paged(store: SQLiteStorage) -> None:
    ids = [
        (await store.add_article(new_article(text=f"Article number {i}. It has words."))).article.id
        for i in range(5)
    ]
    assert [a.id for a in await store.list_articles(1, 0, 2)] == ids[::-1][:2]
    assert [a.id for a in await store.list_articles(1, 2, 2)] == ids[::-1][2:4]
    assert await store.count_articles(1) == 5
    assert await store.count_articles(2) == 0


async def test_another_chat_cannot_see_use_or_delete(store: SQLiteStorage) -> None:
    mine = (await store.add_article(new_article(chat_id=1))).article
    assert await store.get_article(2, mine.id) is None
    assert await store.get_info(2, mine.id) is None
    assert not await store.delete_article(2, mine.id)
    settings = await store.set_active_article(2, mine.id)
    assert settings.active_article_id is None
    await store.link_message(2, 10, mine.id)
    assert await store.article_for_message(2, 10) is None
    assert await store.get_article(1, mine.id) is not None


async def test_same_text_or_url_is_recognised(store: SQLiteStorage) -> None:
    first = await store.add_article(new_article(text="Same words here. And more."))
    again = await store.add_article(new_article(text="same   words here.\nAnd more."))
    assert (again.created, again.article.id) == (False, first.article.id)
    other_chat = await store.add_article(new_article(chat_id=2, text="Same words here. And more."))
    assert other_chat.created
    by_url = await store.add_article(new_article(text="One. Two.", url="https://x.test/a"))
    changed_text = await store.add_article(new_article(text="Three. Four.", url="https://x.test/a"))
    assert by_url.created and not changed_text.created
    assert changed_text.article.id == by_url.article.id
    assert await store.count_articles(1) == 2


async def test_concurrent_duplicates_are_stored_once(store: SQLiteStorage) -> None:
    results = await asyncio.gather(
        *(store.add_article(new_article(text="Raced text. Twice.")) for _ in range(8))
    )
    assert sum(r.created for r in results) == 1
    assert len({r.article.id for r in results}) == 1
    assert await store.count_articles(1) == 1


async def test_delete_removes_every_row(store: SQLiteStorage, db_path: Path) -> None:
    info = (await store.add_article(new_article())).article
    await store.link_message(1, 7, info.id)
    assert await store.delete_article(1, info.id)
    assert await store.get_article(1, info.id) is None
    assert await store.article_for_message(1, 7) is None
    assert (await store.get_settings(1)).active_article_id is None
    counts = row_counts(db_path, 1)
    assert counts["sentences"] == counts["orphan_sentences"] == counts["message_links"] == 0


async def test_forget_chat_removes_every_row_of_that_chat_only(
    store: SQLiteStorage, db_path: Path
) -> None:
    for chat in (1, 2):
        for i in range(3):
            info = (
                await store.add_article(new_article(chat_id=chat, text=f"T {i}. U {i}."))
            ).article
            await store.link_message(chat, 100 + i, info.id)
        await store.set_algorithm(chat, "lexrank")
    assert await store.forget_chat(1) == 3
    assert row_counts(db_path, 1) == {
        "articles": 0,
        "sentences": 0,
        "orphan_sentences": 0,
        "chat_settings": 0,
        "message_links": 0,
    }
    kept = row_counts(db_path, 2)
    assert (kept["articles"], kept["sentences"], kept["message_links"]) == (3, 6, 3)
    assert kept["chat_settings"] == 1


async def test_settings_round_trip(store: SQLiteStorage) -> None:
    assert (await store.get_settings(5)).summary_sentences is None
    assert (await store.set_summary_sentences(5, 7)).summary_sentences == 7
    assert (await store.set_algorithm(5, "lsa")).algorithm == "lsa"
    settings = await store.get_settings(5)
    assert (settings.summary_sentences, settings.algorithm) == (7, "lsa")
    assert (await store.set_algorithm(5, None)).algorithm is None


async def test_message_links(store: SQLiteStorage) -> None:
    a = (await store.add_article(new_article(text="First one. Yes."))).article
    b = (await store.add_article(new_article(text="Second one. Yes."))).article
    await store.link_message(1, 11, a.id)
    await store.link_message(1, 12, b.id)
    assert await store.article_for_message(1, 11) == a.id
    assert await store.article_for_message(1, 12) == b.id
    assert await store.article_for_message(1, 13) is None


async def test_prune_oldest_keeps_the_newest(store: SQLiteStorage) -> None:
    ids = [
        (await store.add_article(new_article(text=f"Pruned {i}. Text."))).article.id
        for i in range(5)
    ]
    pruned = await store.prune_oldest(1, keep=3)
    assert sorted(a.id for a in pruned) == ids[:2]
    assert [a.id for a in await store.list_articles(1)] == ids[:1:-1]


async def test_delete_older_than(store: SQLiteStorage, db_path: Path) -> None:
    old = (await store.add_article(new_article(text="Old one. Text."))).article
    new = (await store.add_article(new_article(text="New one. Text."))).article
    with sqlite3.connect(db_path) as db:
        ten_days_ago = (datetime.now(UTC) - timedelta(days=10)).isoformat()
        db.execute("UPDATE articles SET created_at = ? WHERE id = ?", (ten_days_ago, old.id))
    deleted = await store.delete_older_than(datetime.now(UTC) - timedelta(days=5))
    assert deleted == 1
    assert await store.get_info(1, old.id) is None
    assert await store.get_info(1, new.id) is not None


async def test_reopen_keeps_data_and_uses_wal(db_path: Path) -> None:
    store = SQLiteStorage(db_path)
    await store.open()
    info = (await store.add_article(new_article())).article
    await store.close()
    store = SQLiteStorage(db_path)
    await store.open()
    assert await store.get_article(1, info.id) is not None
    await store.close()
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_ids_are_never_reused_after_a_delete(store: SQLiteStorage) -> None:
    first = (await store.add_article(new_article(text="One here. Two here."))).article
    assert await store.delete_article(1, first.id)
    second = (await store.add_article(new_article(text="Three here. Four here."))).article
    assert second.id > first.id


async def test_an_import_keeps_the_saved_date(store: SQLiteStorage) -> None:
    saved = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    article = replace(new_article(), created_at=saved)
    info = (await store.add_article(article)).article
    assert info.created_at == saved


async def test_reads_see_only_committed_data_and_do_not_wait_for_a_writer(
    store: SQLiteStorage,
) -> None:
    stored = (await store.add_article(new_article(chat_id=7))).article
    async with store._transaction() as db:  # another chat's write, still open
        await db.execute("INSERT INTO chat_settings (chat_id, summary_sentences) VALUES (8, 3)")
        await db.execute("DELETE FROM articles WHERE id = ?", (stored.id,))
        # Read meanwhile, as a question in another chat would: nothing uncommitted shows,
        # and the read is answered while the transaction is open.
        assert (await store.get_settings(8)).summary_sentences is None
        assert await store.get_info(7, stored.id) == stored
    assert (await store.get_settings(8)).summary_sentences == 3
    assert await store.get_info(7, stored.id) is None


async def test_the_active_article_is_the_chats_own(store: SQLiteStorage) -> None:
    assert await store.get_active_info(1) is None
    first = (await store.add_article(new_article(chat_id=1, text="One two. Three four."))).article
    second = (await store.add_article(new_article(chat_id=1, text="Five six. Seven."))).article
    assert await store.get_active_info(1) == second
    await store.set_active_article(1, first.id)
    assert await store.get_active_info(1) == first
    # Another chat's id never becomes this chat's active article.
    other = (await store.add_article(new_article(chat_id=2, text="Eight nine."))).article
    await store.set_active_article(1, other.id)
    assert await store.get_active_info(1) == first
    await store.delete_article(1, first.id)
    assert await store.get_active_info(1) is None
