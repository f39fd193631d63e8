"""Questions across a chat's library, and export/import of it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.config import Settings
from bot.errors import InputError, NoArticleError
from bot.service import Brief
from tests.storage.builders import assert_search_index_consistent

OpenBrief = Callable[..., Awaitable[Brief]]
CHAT, OTHER_CHAT, THIRD_CHAT = 11, 22, 33


async def test_ask_all_names_the_article_and_never_leaks(
    brief: Brief, article: Callable[[str], str]
) -> None:
    harbour = (await brief.add_text(CHAT, article("harbour.txt"))).article
    bees = (await brief.add_text(CHAT, article("bees.txt"))).article
    await brief.add_text(THIRD_CHAT, article("wald.txt"))

    cost = await brief.ask_all(CHAT, "How much did the project cost?")
    assert cost.found and cost.passages[0].article.id == harbour.id
    assert "212 million euros" in cost.passages[0].passage.sentence.text
    species = await brief.ask_all(CHAT, "How many wild bee species live on the roofs?")
    assert species.found and species.passages[0].article.id == bees.id

    # The third chat's forest article answers this, but it is not this chat's.
    forest = await brief.ask_all(CHAT, "Wie viel investiert die Stadt in den Umbau des Waldes?")
    assert all(p.article.chat_id == CHAT for p in forest.passages)
    assert not forest.found
    assert (
        await brief.ask_all(THIRD_CHAT, "Wie viel investiert die Stadt in den Umbau des Waldes?")
    ).found

    with pytest.raises(NoArticleError):
        await brief.ask_all(OTHER_CHAT, "How much did the project cost?")
    with pytest.raises(InputError):
        await brief.ask_all(CHAT, " ")


async def test_library_follows_additions_and_deletions(
    brief: Brief, article: Callable[[str], str]
) -> None:
    harbour = (await brief.add_text(CHAT, article("harbour.txt"))).article
    assert (await brief.ask_all(CHAT, "How much did the project cost?")).found
    await brief.delete(CHAT, harbour.id)
    await brief.add_text(CHAT, article("bees.txt"))
    gone = await brief.ask_all(CHAT, "How much did the project cost?")
    assert all(p.article.id != harbour.id for p in gone.passages)
    assert (await brief.ask_all(CHAT, "Who led the study of the bees?")).found


async def test_ask_falls_back_to_the_other_articles(
    brief: Brief, article: Callable[[str], str]
) -> None:
    harbour = (await brief.add_text(CHAT, article("harbour.txt"))).article
    bees = (await brief.add_text(CHAT, article("bees.txt"))).article

    plain = await brief.ask(CHAT, "How much did the project cost?")
    assert plain.article.id == bees.id and not plain.answer.found  # no fallback unless asked
    assert not plain.searched_library

    view = await brief.ask(CHAT, "How much did the project cost?", library=True)
    assert view.answer.found and view.searched_library
    assert view.article.id == harbour.id and view.asked is not None and view.asked.id == bees.id
    assert "212 million euros" in view.answer.sentences[0]
    assert (await brief.settings(CHAT)).active_article_id == bees.id  # unchanged

    direct = await brief.ask(CHAT, "Who led the study?", library=True)
    assert direct.article.id == bees.id and direct.asked is None and not direct.searched_library

    nowhere = await brief.ask(CHAT, "What is the capital of Peru?", library=True)
    assert not nowhere.answer.found and nowhere.searched_library
    assert nowhere.article.id == bees.id and nowhere.asked is None


async def test_export_import_round_trip(
    open_brief: OpenBrief, settings: Settings, article: Callable[[str], str]
) -> None:
    source = await open_brief()
    await source.add_text(CHAT, article("harbour.txt"))
    await source.add_text(CHAT, article("wald.txt"), source="file:wald.txt")
    await source.add_text(OTHER_CHAT, article("bees.txt"))
    exported = json.loads(json.dumps(await source.export_library(CHAT)))  # JSON-clean
    assert [a["source"] for a in exported["articles"]] == ["text", "file:wald.txt"]

    target = await open_brief(replace(settings, db_path=settings.db_path.with_name("other.db")))
    await target.add_text(CHAT, article("bees.txt"))
    first = await target.import_library(CHAT, exported)
    assert len(first.added) == 2 and first.already_there == ()
    again = await target.import_library(CHAT, exported)
    assert again.added == () and len(again.already_there) == 2
    titles = {a.title for a in (await target.list_articles(CHAT)).articles}
    assert titles == {
        "City rooftops turn out to be a refuge for wild bees",
        "Kestrel Bay opens its new harbour bridge after four years of work",
        "Der Stadtwald von Freiburg wird zum Klimalabor",
    }
    round_trip = await target.export_library(CHAT)
    texts = {a["text"] for a in round_trip["articles"]}  # type: ignore[union-attr]
    assert {a["text"] for a in exported["articles"]} <= texts


async def test_an_export_keeps_who_wrote_each_article(
    brief: Brief, article: Callable[[str], str]
) -> None:
    byline = {"author": "Ana Ruiz", "published": "2026-03-02", "site_name": "Harbour News"}
    entry = {"title": None, "source": "text", "text": article("harbour.txt"), **byline}
    export = {"format": "brief-library", "version": 1, "articles": [entry]}
    await brief.import_library(CHAT, export)
    (info,) = (await brief.list_articles(CHAT)).articles
    assert (info.author, info.published, info.site_name) == tuple(byline.values())
    exported: Any = await brief.export_library(CHAT)
    assert {key: exported["articles"][0][key] for key in byline} == byline
    await brief.add_text(CHAT, article("bees.txt"))  # no byline: no empty keys
    exported = await brief.export_library(CHAT)
    assert "author" not in exported["articles"][1]


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"format": "brief-library", "version": 1, "articles": [{"text": "t", "author": 7}]},
        [],
        {"format": "something-else", "version": 1, "articles": []},
        {"format": "brief-library", "version": 99, "articles": []},
        {"format": "brief-library", "version": 1, "articles": [{"title": "no text"}]},
        {"format": "brief-library", "version": 1, "articles": "many"},
    ],
)
async def test_import_refuses_other_data(brief: Brief, data: object) -> None:
    with pytest.raises(InputError):
        await brief.import_library(CHAT, data)
    assert (await brief.list_articles(CHAT)).total == 0


async def test_import_keeps_the_saved_dates(brief: Brief, article: Callable[[str], str]) -> None:
    def entry(name: str, saved: object) -> dict[str, object]:
        return {"title": None, "source": "text", "text": article(name), "saved": saved}

    export = {
        "format": "brief-library",
        "version": 1,
        "articles": [
            entry("harbour.txt", "2025-03-01T08:30:00+00:00"),
            entry("wald.txt", "not a date"),  # read as "now", not refused
            entry("bees.txt", "2999-01-01T00:00:00+00:00"),  # the future: now
        ],
    }
    before = datetime.now(UTC)
    result = await brief.import_library(CHAT, export)
    harbour, wald, bees = result.added
    assert harbour.created_at == datetime(2025, 3, 1, 8, 30, tzinfo=UTC)
    assert wald.created_at >= before and bees.created_at >= before
    assert bees.created_at <= datetime.now(UTC)


async def test_a_new_process_answers_from_the_stored_index(
    open_brief: OpenBrief, settings: Settings, article: Callable[[str], str]
) -> None:
    """The library search lives in the database: a second service (a new process, as
    `brief ask --all` is) answers without indexing anything itself."""
    first = await open_brief()
    harbour = (await first.add_text(CHAT, article("harbour.txt"))).article
    await first.add_text(CHAT, article("bees.txt"))
    wald = (await first.add_text(CHAT, article("wald.txt"))).article
    await first.close()

    later = await open_brief()
    cost = await later.ask_all(CHAT, "How much did the project cost?")
    assert cost.found and cost.passages[0].article.id == harbour.id
    # Each article in its own language, in one library.
    forest = await later.ask_all(CHAT, "Wie viel investiert die Stadt in den Umbau des Waldes?")
    assert forest.found and forest.passages[0].article.id == wald.id


async def test_retention_and_forget_leave_nothing_to_find(
    open_brief: OpenBrief, settings: Settings, article: Callable[[str], str]
) -> None:
    brief = await open_brief(replace(settings, retention_days=1))
    await brief.add_text(CHAT, article("harbour.txt"))
    await brief.add_text(OTHER_CHAT, article("harbour.txt"))
    assert (await brief.ask_all(CHAT, "How much did the project cost?")).found
    await brief.forget(CHAT)
    with pytest.raises(NoArticleError):
        await brief.ask_all(CHAT, "How much did the project cost?")
    assert (await brief.ask_all(OTHER_CHAT, "How much did the project cost?")).found

    assert await brief.apply_retention(datetime.now(UTC).replace(year=2999)) == 1
    with pytest.raises(NoArticleError):
        await brief.ask_all(OTHER_CHAT, "How much did the project cost?")
    with sqlite3.connect(settings.db_path) as db:
        assert_search_index_consistent(db)
        assert db.execute("SELECT count(*) FROM article_search_docsize").fetchone()[0] == 0
