"""The library search (issue 18): candidates found by the storage engine, and an index
that stays consistent with the articles through every way they are deleted."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage import SQLiteStorage, StoredSentence, search_term
from tests.storage.builders import (
    assert_search_index_consistent,
    new_article,
    paragraphed_article,
)


def german(chat_id: int, text: str) -> object:
    article = new_article(chat_id=chat_id, text=text)
    return replace(article, language="de")


def consistent(path: Path) -> None:
    with sqlite3.connect(path) as db:
        assert_search_index_consistent(db)


async def ids(store: SQLiteStorage, chat_id: int, *terms: str, limit: int = 10) -> list[int]:
    hits = await store.search_articles(chat_id, [search_term("en", t) for t in terms], limit)
    return [hit.article_id for hit in hits]


async def test_best_first_any_term_this_chat_only(store: SQLiteStorage, db_path: Path) -> None:
    bridge = await store.add_article(new_article(text="Bridge arches. The bridge is old stone."))
    bees = await store.add_article(new_article(text="Bees dance. A colony holds bees."))
    both = await store.add_article(new_article(text="Bees fly under the bridge. Quiet."))
    other = await store.add_article(new_article(chat_id=2, text="Bridge bridge bridge. Bees."))

    hits = await store.search_articles(1, [search_term("en", "bridge")], 10)
    assert [h.article_id for h in hits] == [bridge.article.id, both.article.id]
    assert hits[0].score > hits[1].score > 0
    # OR-ed: an article with either term is a candidate; the limit keeps the best.
    assert set(await ids(store, 1, "bridge", "bees")) == {
        bridge.article.id,
        bees.article.id,
        both.article.id,
    }
    assert len(await ids(store, 1, "bridge", "bees", limit=2)) == 2
    assert await ids(store, 2, "bridge") == [other.article.id]
    assert await ids(store, 3, "bridge") == []
    assert await ids(store, 1, "nothing") == []
    assert await store.search_articles(1, [], 10) == []
    consistent(db_path)


async def test_terms_are_qualified_by_language(store: SQLiteStorage) -> None:
    """A German article's terms are found as German terms only: each article is matched
    in the language it was stemmed in."""
    de = await store.add_article(german(1, "Die Brücke ist alt. Sie hat Bögen."))  # type: ignore[arg-type]
    en = await store.add_article(new_article(text="The bridge is old. It has arches."))
    found = await store.search_articles(1, [search_term("de", "brücke")], 5)
    assert [h.article_id for h in found] == [de.article.id]
    assert await store.search_articles(1, [search_term("en", "brücke")], 5) == []
    assert await ids(store, 1, "old") == [en.article.id]


async def test_query_syntax_in_terms_is_only_text(store: SQLiteStorage) -> None:
    await store.add_article(new_article(text="Alpha beta. Gamma delta."))
    for odd in ('"', "alpha OR", "NEAR(alpha beta)", "*", "en_alpha*", "a:b", "-", "(", ""):
        assert await store.search_articles(1, [odd], 5) == []


async def test_an_article_without_terms_is_stored_and_never_found(
    store: SQLiteStorage, db_path: Path
) -> None:
    empty = replace(new_article(), sentences=(StoredSentence(0, 0, "…", ()),), text="…")
    assert (await store.add_article(empty)).created
    assert await ids(store, 1, "alpha") == []
    consistent(db_path)


async def test_every_delete_keeps_the_index_consistent(store: SQLiteStorage, db_path: Path) -> None:
    old = datetime.now(UTC) - timedelta(days=40)
    added = []
    for i in range(6):
        article = new_article(text=f"Shared words here. Article {i} item{i} only.")
        if i < 2:
            article = replace(article, created_at=old)
        added.append((await store.add_article(article)).article.id)
    others = [
        (
            await store.add_article(new_article(chat_id=2, text=f"Shared words. Other {i}."))
        ).article.id
        for i in range(3)
    ]
    consistent(db_path)

    assert await store.delete_older_than(datetime.now(UTC) - timedelta(days=30)) == 2
    consistent(db_path)
    assert await store.delete_article(1, added[2])
    assert not await store.delete_article(2, added[3])  # another chat's id: nothing
    consistent(db_path)
    assert [a.id for a in await store.prune_oldest(1, keep=2)] == [added[3]]
    consistent(db_path)
    assert sorted(await ids(store, 1, "shared")) == added[4:]
    assert await ids(store, 1, "item3") == []
    assert await store.forget_chat(1) == 2
    consistent(db_path)
    assert await ids(store, 1, "shared") == []
    assert sorted(await ids(store, 2, "shared")) == others

    # A new article after all of that is found like any other.
    new = await store.add_article(new_article(text="Shared words again. Fresh item."))
    assert await ids(store, 1, "shared") == [new.article.id]
    consistent(db_path)


async def test_a_failed_add_leaves_nothing_indexed(store: SQLiteStorage, db_path: Path) -> None:
    """The index is written in the article's own transaction: a failure after it (two
    sentences with one index) rolls the index back with the article."""
    article = new_article(text="Rollback words. More words.")
    broken = replace(article, sentences=(*article.sentences, article.sentences[0]))
    try:
        await store.add_article(broken)
    except sqlite3.IntegrityError:
        pass
    else:  # pragma: no cover - the duplicate key must fail
        raise AssertionError("a duplicate sentence index was stored")
    assert await ids(store, 1, "rollback") == []
    consistent(db_path)


async def test_a_long_article_is_indexed_and_unindexed_passage_by_passage(
    store: SQLiteStorage, db_path: Path
) -> None:
    """An article of 30 sentences is 4 rows of the index (8 sentences each), all of them
    gone with it; its words are found in whichever passage they are."""
    sentences = [f"Sentence {n} says word{n}." for n in range(30)]
    article = paragraphed_article(-100, [" ".join(sentences[:12]), " ".join(sentences[12:])])
    added = (await store.add_article(article)).article
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT id FROM article_search_docsize ORDER BY id").fetchall()
    assert [row[0] >> 20 for row in rows] == [added.id] * 4
    assert await ids(store, -100, "word0") == await ids(store, -100, "word29") == [added.id]
    assert await ids(store, 100, "word0") == []
    consistent(db_path)
    assert await store.delete_article(-100, added.id)
    assert await ids(store, -100, "word29") == []
    consistent(db_path)
