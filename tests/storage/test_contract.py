"""The Storage contract, run against every backend: SQLite and a real PostgreSQL.

Each test gets an empty database. ``backend.open()`` opens another storage object on the
same database, as a second process or replica would: that is how the concurrency tests
get two writers.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from storage import NewArticle, SQLiteStorage, Storage, search_term
from storage.postgres import PostgresStorage
from tests.storage.builders import new_article, paragraphed_article


@dataclass
class Backend:
    name: str
    make: Callable[[], Storage]
    rows_of_chat: Callable[[int], dict[str, int]]
    opened: list[Storage] = field(default_factory=list)

    async def open(self) -> Storage:
        store = self.make()
        await store.open()
        self.opened.append(store)
        return store


def _sqlite_rows(path: Path) -> Callable[[int], dict[str, int]]:
    def rows(chat_id: int) -> dict[str, int]:
        with sqlite3.connect(path) as db:
            return _count(lambda q, p: db.execute(q, p).fetchone()[0], "?", chat_id)

    return rows


def _postgres_rows(url: str) -> Callable[[int], dict[str, int]]:
    def rows(chat_id: int) -> dict[str, int]:
        with psycopg.connect(url) as db:

            def one(query: str, params: tuple[int, ...]) -> int:
                row = db.execute(query, params).fetchone()
                assert row is not None
                return int(row[0])

            return _count(one, "%s", chat_id)

    return rows


def _count(one: Callable[[str, tuple[int, ...]], int], mark: str, chat_id: int) -> dict[str, int]:
    """Rows of the chat in each table, and sentences whose article is gone."""
    return {
        "articles": one(f"SELECT count(*) FROM articles WHERE chat_id = {mark}", (chat_id,)),
        "sentences": one(
            "SELECT count(*) FROM sentences s JOIN articles a ON a.id = s.article_id"
            f" WHERE a.chat_id = {mark}",
            (chat_id,),
        ),
        "orphan_sentences": one(
            "SELECT count(*) FROM sentences WHERE article_id NOT IN (SELECT id FROM articles)",
            (),
        ),
        "chat_settings": one(
            f"SELECT count(*) FROM chat_settings WHERE chat_id = {mark}", (chat_id,)
        ),
        "message_links": one(
            f"SELECT count(*) FROM message_links WHERE chat_id = {mark}", (chat_id,)
        ),
    }


@pytest.fixture(params=["sqlite", "postgres"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    if request.param == "sqlite":
        path = tmp_path / "brief.db"
        chosen = Backend("sqlite", lambda: SQLiteStorage(path), _sqlite_rows(path))
    else:
        url: str = request.getfixturevalue("postgres_url")
        chosen = Backend("postgres", lambda: PostgresStorage(url), _postgres_rows(url))
    yield chosen
    for store in chosen.opened:
        await store.close()


@pytest.fixture
async def store(backend: Backend) -> Storage:
    return await backend.open()


def article(chat_id: int = 1, n: int = 0, url: str | None = None) -> NewArticle:
    return new_article(chat_id=chat_id, text=f"Story {n} begins here. It ends {n} there.", url=url)


# -- round trip ------------------------------------------------------------------------


async def test_add_and_read_back(store: Storage) -> None:
    added = await store.add_article(new_article(url="https://a.test/x", title="Tïtle"))
    assert added.created
    info = added.article
    assert (info.chat_id, info.title, info.canonical_url) == (1, "Tïtle", "https://a.test/x")
    assert (info.sentence_count, info.word_count, info.language_detected) == (2, 6, True)
    assert info.created_at.tzinfo is not None
    assert abs(info.created_at - datetime.now(UTC)) < timedelta(minutes=1)
    got = await store.get_article(1, info.id)
    assert got is not None and got.info == info
    assert got.text == "Alpha beta gamma. Delta epsilon zeta."
    assert [s.terms for s in got.sentences] == [
        ("alpha", "beta", "gamma"),
        ("delta", "epsilon", "zeta"),
    ]
    assert await store.get_active_info(1) == info
    assert (await store.get_settings(1)).active_article_id == info.id


async def test_list_is_newest_first_and_paged(store: Storage) -> None:
    ids = [(await store.add_article(article(n=i))).article.id for i in range(5)]
    assert [a.id for a in await store.list_articles(1)] == ids[::-1]
    assert [a.id for a in await store.list_articles(1, offset=1, limit=2)] == ids[3:1:-1]
    assert await store.count_articles(1) == 5


async def test_an_import_keeps_the_saved_date(store: Storage) -> None:
    saved = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    info = (await store.add_article(replace(new_article(), created_at=saved))).article
    assert info.created_at == saved
    assert (await store.list_articles(1))[0].created_at == saved


async def test_settings_round_trip(store: Storage) -> None:
    assert await store.get_settings(5) == (await store.get_settings(5))
    assert (await store.set_summary_sentences(5, 7)).summary_sentences == 7
    assert (await store.set_algorithm(5, "lsa")).algorithm == "lsa"
    settings = await store.get_settings(5)
    assert (settings.summary_sentences, settings.algorithm) == (7, "lsa")
    assert (await store.set_algorithm(5, None)).algorithm is None
    assert (await store.set_summary_sentences(5, None)).summary_sentences is None


async def test_ids_are_never_reused_after_a_delete(store: Storage) -> None:
    first = (await store.add_article(article(n=1))).article
    assert await store.delete_article(1, first.id)
    second = (await store.add_article(article(n=2))).article
    assert second.id > first.id


# -- isolation -------------------------------------------------------------------------


async def test_another_chat_cannot_see_use_link_or_delete(store: Storage) -> None:
    mine = (await store.add_article(article(chat_id=1))).article
    assert await store.get_info(2, mine.id) is None
    assert await store.get_article(2, mine.id) is None
    assert (await store.set_active_article(2, mine.id)).active_article_id is None
    assert await store.get_active_info(2) is None
    await store.link_message(2, 5, mine.id)
    assert await store.article_for_message(2, 5) is None
    assert not await store.delete_article(2, mine.id)
    assert await store.list_articles(2) == []
    assert await store.count_articles(2) == 0
    assert await store.forget_chat(2) == 0
    assert await store.get_info(1, mine.id) == mine


# -- duplicates ------------------------------------------------------------------------


async def test_same_text_or_url_is_recognised(store: Storage) -> None:
    first = await store.add_article(new_article(text="Same words here. And more."))
    again = await store.add_article(new_article(text="same  WORDS here.\nAnd more."))
    assert first.created and not again.created
    assert again.article.id == first.article.id
    assert (
        await store.add_article(new_article(chat_id=2, text="Same words here. And more."))
    ).created
    by_url = await store.add_article(new_article(text="One. Two.", url="https://x.test/a"))
    changed = await store.add_article(new_article(text="Three. Four.", url="https://x.test/a"))
    assert by_url.created and not changed.created
    assert changed.article.id == by_url.article.id
    assert await store.count_articles(1) == 2


async def test_a_duplicate_becomes_the_active_article_again(store: Storage) -> None:
    first = (await store.add_article(article(n=1))).article
    await store.add_article(article(n=2))
    again = await store.add_article(article(n=1))
    assert not again.created
    assert (await store.get_settings(1)).active_article_id == first.id


# -- retention -------------------------------------------------------------------------


async def test_delete_older_than(store: Storage) -> None:
    now = datetime.now(UTC)
    old = replace(article(n=1), created_at=now - timedelta(days=10))
    other_chat_old = replace(article(chat_id=2, n=2), created_at=now - timedelta(days=10))
    old_id = (await store.add_article(old)).article.id
    await store.add_article(other_chat_old)
    new_id = (await store.add_article(article(n=3))).article.id
    assert await store.delete_older_than(now - timedelta(days=5)) == 2
    assert await store.get_info(1, old_id) is None
    assert await store.get_info(1, new_id) is not None
    assert await store.count_articles(2) == 0


async def test_prune_oldest_keeps_the_newest(store: Storage) -> None:
    ids = [(await store.add_article(article(n=i))).article.id for i in range(5)]
    await store.add_article(article(chat_id=2, n=9))
    pruned = await store.prune_oldest(1, keep=3)
    assert [a.id for a in pruned] == ids[1::-1]
    assert [a.id for a in await store.list_articles(1)] == ids[:1:-1]
    assert await store.count_articles(2) == 1


# -- forget and delete -----------------------------------------------------------------


async def test_delete_removes_every_row(backend: Backend, store: Storage) -> None:
    info = (await store.add_article(article())).article
    await store.link_message(1, 7, info.id)
    assert await store.delete_article(1, info.id)
    assert not await store.delete_article(1, info.id)
    assert await store.get_article(1, info.id) is None
    assert await store.article_for_message(1, 7) is None
    assert (await store.get_settings(1)).active_article_id is None
    counts = backend.rows_of_chat(1)
    assert counts["sentences"] == counts["orphan_sentences"] == counts["message_links"] == 0


async def test_forget_removes_every_row_of_that_chat_only(backend: Backend, store: Storage) -> None:
    for chat in (1, 2):
        for i in range(3):
            info = (await store.add_article(article(chat_id=chat, n=i))).article
            await store.link_message(chat, 100 + i, info.id)
        await store.set_algorithm(chat, "lexrank")
    assert await store.forget_chat(1) == 3
    assert backend.rows_of_chat(1) == dict.fromkeys(
        ["articles", "sentences", "orphan_sentences", "chat_settings", "message_links"], 0
    )
    kept = backend.rows_of_chat(2)
    assert (kept["articles"], kept["sentences"], kept["message_links"]) == (3, 6, 3)
    assert kept["chat_settings"] == 1
    assert (await store.get_settings(2)).algorithm == "lexrank"


# -- message links ---------------------------------------------------------------------


async def test_message_links(store: Storage) -> None:
    a = (await store.add_article(article(n=1))).article
    b = (await store.add_article(article(n=2))).article
    await store.link_message(1, 11, a.id)
    await store.link_message(1, 12, b.id)
    assert await store.article_for_message(1, 11) == a.id
    assert await store.article_for_message(1, 12) == b.id
    assert await store.article_for_message(1, 13) is None
    await store.link_message(1, 11, b.id)  # an edited message now speaks of b
    assert await store.article_for_message(1, 11) == b.id
    await store.link_message(1, 14, 10_000)  # no such article: ignored
    assert await store.article_for_message(1, 14) is None
    assert await store.delete_article(1, b.id)
    assert await store.article_for_message(1, 11) is None
    assert await store.article_for_message(1, 12) is None


# -- concurrency: two writers on one database ----------------------------------------------


async def test_two_writers_store_a_raced_duplicate_once(backend: Backend, store: Storage) -> None:
    other = await backend.open()
    raced = new_article(text="Raced text here. Twice over.", url="https://race.test/")
    results = await asyncio.gather(*(s.add_article(raced) for s in [store, other] * 4))
    assert sum(r.created for r in results) == 1
    assert len({r.article.id for r in results}) == 1
    assert await store.count_articles(1) == 1
    stored = await other.get_article(1, results[0].article.id)
    assert stored is not None and len(stored.sentences) == 2


async def test_two_writers_keep_every_article(backend: Backend, store: Storage) -> None:
    other = await backend.open()
    results = await asyncio.gather(
        *((store if n % 2 else other).add_article(article(chat_id=n % 3, n=n)) for n in range(20))
    )
    ids = [r.article.id for r in results]
    assert len(set(ids)) == 20
    assert sum([await store.count_articles(chat) for chat in range(3)]) == 20
    for chat in range(3):
        listed = await other.list_articles(chat, limit=100)
        assert all(a.chat_id == chat for a in listed)
        assert all(a.sentence_count == 2 for a in listed)


async def test_a_forget_racing_an_add_leaves_no_half_article(
    backend: Backend, store: Storage
) -> None:
    other = await backend.open()
    for n in range(5):
        await store.add_article(article(n=n))
    await asyncio.gather(store.forget_chat(1), other.add_article(article(n=99)))
    counts = backend.rows_of_chat(1)
    assert counts["orphan_sentences"] == 0
    assert counts["sentences"] == 2 * counts["articles"]
    assert counts["articles"] in (0, 1)


# -- search ----------------------------------------------------------------------------


def en(*words: str) -> list[str]:
    """Search terms as the engine gives them: qualified by the article's language."""
    return [search_term("en", word) for word in words]


async def test_search_finds_the_chats_articles_best_first(store: Storage) -> None:
    harbour = await store.add_article(
        new_article(text="The harbour fleet sailed. The harbour closed at night. Fish sold.")
    )
    garden = await store.add_article(new_article(text="The garden grew roses. Bees visit."))
    both = await store.add_article(new_article(text="A harbour garden opened. Boats moored."))
    await store.add_article(new_article(chat_id=2, text="The harbour of another chat. Harbour."))
    hits = await store.search_articles(1, en("harbour"), 10)
    assert [h.article_id for h in hits] == [harbour.article.id, both.article.id]
    assert hits[0].score > hits[1].score
    either = await store.search_articles(1, en("garden", "roses", "nothing"), 10)
    assert [h.article_id for h in either] == [garden.article.id, both.article.id]
    assert {h.article_id for h in await store.search_articles(1, en("harbour", "bees"), 10)} == {
        harbour.article.id,
        garden.article.id,
        both.article.id,
    }
    assert len(await store.search_articles(1, en("harbour", "garden"), 2)) == 2


async def test_search_ranks_a_long_article_by_its_best_passage(store: Storage) -> None:
    """A long article holding the question's words together in one passage comes before
    a short one sharing a single word: its length does not drown that passage (a whole
    article's bm25 put the short one first)."""
    filler = [
        " ".join(f"Routine {kind} report number {n} was filed." for n in range(4))
        for kind in ("tax", "road", "school", "water", "park", "fire", "budget", "staff")
    ]
    long = paragraphed_article(
        1, [*filler[:4], "The stone bridge has arches. Its arches are stone.", *filler[4:]]
    )
    found = (await store.add_article(long)).article
    short = (await store.add_article(new_article(text="A bridge opened today."))).article
    for n in range(20):  # short news: the long article is many times their length
        await store.add_article(new_article(text=f"News item {n} today."))
    hits = await store.search_articles(1, en("stone", "bridge", "arches"), 5)
    assert [h.article_id for h in hits] == [found.id, short.id]


async def test_search_tells_negative_chat_ids_apart(store: Storage) -> None:
    """Group chats have negative ids: chat -100 and chat 100 see only their own."""
    group = (await store.add_article(new_article(chat_id=-100, text="Volcano news."))).article
    person = (await store.add_article(new_article(chat_id=100, text="Volcano talk."))).article
    assert [h.article_id for h in await store.search_articles(-100, en("volcano"), 5)] == [group.id]
    assert [h.article_id for h in await store.search_articles(100, en("volcano"), 5)] == [person.id]
    assert await store.search_articles(-10, en("volcano"), 5) == []


async def test_search_sees_nothing_of_other_chats_or_deleted_articles(store: Storage) -> None:
    mine = (
        await store.add_article(new_article(chat_id=1, text="Volcano erupted today. Ash."))
    ).article
    await store.add_article(new_article(chat_id=2, text="Volcano in chat two. Lava."))
    assert [h.article_id for h in await store.search_articles(1, en("volcano"), 5)] == [mine.id]
    assert await store.search_articles(3, en("volcano"), 5) == []
    assert await store.search_articles(1, en(), 5) == []
    assert await store.search_articles(1, en("lava"), 5) == []
    await store.delete_article(1, mine.id)
    assert await store.search_articles(1, en("volcano"), 5) == []


async def test_search_takes_any_term_text_safely(store: Storage) -> None:
    info = (await store.add_article(new_article(text="Straße führt weiter. Мир тесен."))).article
    assert [h.article_id for h in await store.search_articles(1, en("straße"), 5)] == [info.id]
    assert [h.article_id for h in await store.search_articles(1, en("мир"), 5)] == [info.id]
    for odd in ["a|b", "x & y", "'; DROP TABLE articles; --", "!", ":*", "(", "\\"]:
        assert await store.search_articles(1, en(odd), 5) == []
    assert await store.count_articles(1) == 1


# -- conversations and bylines ---------------------------------------------------------


async def test_conversation_state_is_per_chat_and_goes_with_forget(store: Storage) -> None:
    await store.set_conversation(1, '{"turns": []}')
    await store.set_conversation(1, '{"turns": [1]}')
    await store.set_conversation(2, '{"turns": [2]}')
    assert await store.get_conversation(1) == '{"turns": [1]}'
    assert await store.get_conversation(3) is None
    await store.forget_chat(1)
    assert await store.get_conversation(1) is None
    assert await store.get_conversation(2) == '{"turns": [2]}'
    await store.set_conversation(2, None)
    assert await store.get_conversation(2) is None


async def test_an_articles_byline_is_kept(store: Storage) -> None:
    new = replace(new_article(), author="Ann Lee", published="2026-11-01", site_name="Example")
    added = (await store.add_article(new)).article
    info = await store.get_info(1, added.id)
    assert info is not None
    assert (info.author, info.published, info.site_name) == ("Ann Lee", "2026-11-01", "Example")
    listed = await store.list_articles(1)
    assert listed[0].author == "Ann Lee"
