"""Brief (bot/service.py) on a real SQLite file and the real engine: the conversation."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from bot.engine import ALGORITHMS, Engine
from bot.errors import ArticleNotFoundError, InputError, NoArticleError
from bot.service import Brief, reading_minutes

OpenBrief = Callable[..., Awaitable[Brief]]

CHAT = 101
OTHER_CHAT = 202


async def test_add_text_stores_summarises_and_activates(
    brief: Brief, article: Callable[[str], str], settings: Settings
) -> None:
    text = article("harbour.txt")
    view = await brief.add_text(CHAT, text)

    assert view.created
    assert view.pruned == ()
    assert view.article.chat_id == CHAT
    assert view.article.source == "text"
    assert view.article.language == "en" and view.article.language_detected
    assert len(view.summary.sentences) == settings.summary_sentences
    for sentence in view.summary.sentences:
        assert sentence.text in text  # verbatim
    indexes = [s.index for s in view.summary.sentences]
    assert indexes == sorted(indexes)  # article order
    assert view.summary.keywords
    assert view.reading_minutes == reading_minutes(view.article.word_count) >= 1

    chat = await brief.settings(CHAT)
    assert chat.active_article_id == view.article.id
    page = await brief.list_articles(CHAT)
    assert [a.id for a in page.articles] == [view.article.id]
    assert page.active_article_id == view.article.id


async def test_same_text_twice_is_recognised(brief: Brief, article: Callable[[str], str]) -> None:
    first = await brief.add_text(CHAT, article("harbour.txt"))
    await brief.add_text(CHAT, article("bees.txt"))
    again = await brief.add_text(CHAT, article("harbour.txt"))

    assert not again.created
    assert again.article.id == first.article.id
    assert [s.text for s in again.summary.sentences] == [s.text for s in first.summary.sentences]
    assert (await brief.list_articles(CHAT)).total == 2
    # Sending it again makes it the one questions are about.
    assert (await brief.settings(CHAT)).active_article_id == first.article.id


async def test_ask_answers_from_the_active_article(
    brief: Brief, article: Callable[[str], str]
) -> None:
    await brief.add_text(CHAT, article("harbour.txt"))

    view = await brief.ask(CHAT, "How much did the project cost?")
    assert view.answer.found
    assert "212 million euros" in view.answer.sentences[0]

    view = await brief.ask(CHAT, "Why was construction halted?")
    assert view.answer.found
    assert "crane collapsed" in view.answer.sentences[0]

    missing = await brief.ask(CHAT, "What is the capital of Peru?")
    assert not missing.answer.found
    assert missing.answer.passages == ()
    assert missing.article.title is not None


async def test_questions_go_to_the_article_asked_about(
    brief: Brief, article: Callable[[str], str]
) -> None:
    harbour = await brief.add_text(CHAT, article("harbour.txt"))
    bees = await brief.add_text(CHAT, article("bees.txt"))
    assert (await brief.settings(CHAT)).active_article_id == bees.article.id

    # A reply to the harbour summary asks about the harbour, although bees is active.
    await brief.link_messages(CHAT, [5001], harbour.article.id)
    article_id = await brief.article_for_message(CHAT, 5001)
    assert article_id == harbour.article.id
    view = await brief.ask(CHAT, "Who cut the ribbon?", article_id=article_id)
    assert view.article.id == harbour.article.id
    assert "Helen Okonjo" in view.answer.sentences[0]

    assert await brief.article_for_message(CHAT, 5002) is None
    assert await brief.article_for_message(OTHER_CHAT, 5001) is None

    used = await brief.use(CHAT, harbour.article.id)
    assert used.id == harbour.article.id
    view = await brief.ask(CHAT, "Who cut the ribbon?")
    assert view.article.id == harbour.article.id


async def test_another_chats_article_is_invisible(
    brief: Brief, article: Callable[[str], str]
) -> None:
    mine = await brief.add_text(CHAT, article("harbour.txt"))
    await brief.add_text(OTHER_CHAT, article("bees.txt"))

    for call in (
        brief.ask(OTHER_CHAT, "Who cut the ribbon?", article_id=mine.article.id),
        brief.summary(OTHER_CHAT, article_id=mine.article.id),
        brief.keywords(OTHER_CHAT, article_id=mine.article.id),
        brief.use(OTHER_CHAT, mine.article.id),
        brief.delete(OTHER_CHAT, mine.article.id),
        brief.use(OTHER_CHAT, 999_999),
        brief.delete(OTHER_CHAT, 999_999),
    ):
        with pytest.raises(ArticleNotFoundError) as caught:
            await call
        assert caught.value.user_message

    # Nothing changed for either chat.
    assert (await brief.list_articles(CHAT)).total == 1
    assert (await brief.list_articles(OTHER_CHAT)).total == 1
    assert (await brief.settings(CHAT)).active_article_id == mine.article.id
    other_page = await brief.list_articles(OTHER_CHAT)
    assert mine.article.id not in [a.id for a in other_page.articles]


async def test_question_before_any_article(brief: Brief) -> None:
    with pytest.raises(NoArticleError) as caught:
        await brief.ask(CHAT, "Who did Lavrov meet?")
    assert "no article" in caught.value.user_message.lower()
    with pytest.raises(NoArticleError):
        await brief.summary(CHAT)
    with pytest.raises(NoArticleError):
        await brief.keywords(CHAT)
    with pytest.raises(InputError):
        await brief.ask(CHAT, "   ")
    assert (await brief.list_articles(CHAT)).total == 0


async def test_a_short_text_before_any_article_is_told_it_is_short(
    brief: Brief, article: Callable[[str], str]
) -> None:
    short = "Mara Lind started the festival in 2009. It drew 400 visitors that summer."
    with pytest.raises(NoArticleError) as caught:
        await brief.ask(CHAT, short)
    assert "short for an article" in caught.value.user_message
    with pytest.raises(NoArticleError) as asked:
        await brief.ask(CHAT, "Who started the festival. And when")  # no "?", one sentence
    assert "short" not in asked.value.user_message
    await brief.add_text(CHAT, article("harbour.txt"))
    assert (await brief.ask(CHAT, short)).article  # with an article: asked about it


async def test_summary_length_and_algorithm(
    brief: Brief, article: Callable[[str], str], settings: Settings
) -> None:
    view = await brief.add_text(CHAT, article("harbour.txt"))

    assert len((await brief.summary(CHAT, sentences=2)).summary.sentences) == 2
    chat = await brief.set_length(CHAT, 3)
    assert chat.summary_sentences == 3
    assert len((await brief.summary(CHAT)).summary.sentences) == 3
    assert len((await brief.summary(CHAT, article_id=view.article.id)).summary.sentences) == 3
    for bad in (0, 21, -1):
        with pytest.raises(InputError):
            await brief.set_length(CHAT, bad)
        with pytest.raises(InputError):
            await brief.summary(CHAT, sentences=bad)
    assert (await brief.settings(CHAT)).summary_sentences == 3

    chat = await brief.set_algorithm(CHAT, "LexRank")
    assert chat.algorithm == "lexrank"
    summary = (await brief.summary(CHAT)).summary
    assert summary.algorithm == "lexrank"
    with pytest.raises(InputError) as caught:
        await brief.set_algorithm(CHAT, "gpt")
    for name in ALGORITHMS:
        assert name in caught.value.user_message
    assert (await brief.settings(CHAT)).algorithm == "lexrank"
    assert (await brief.set_algorithm(CHAT, "default")).algorithm is None

    _, keywords = await brief.keywords(CHAT)
    assert keywords and all(isinstance(k, str) and k for k in keywords)


async def test_delete_and_forget(brief: Brief, article: Callable[[str], str]) -> None:
    harbour = await brief.add_text(CHAT, article("harbour.txt"))
    bees = await brief.add_text(CHAT, article("bees.txt"))
    other = await brief.add_text(OTHER_CHAT, article("harbour.txt"))

    deleted = await brief.delete(CHAT, bees.article.id)
    assert deleted.id == bees.article.id
    # The active article was deleted: the newest remaining one takes over.
    assert (await brief.settings(CHAT)).active_article_id == harbour.article.id
    with pytest.raises(ArticleNotFoundError):
        await brief.ask(CHAT, "How many bee species?", article_id=bees.article.id)
    with pytest.raises(ArticleNotFoundError):
        await brief.delete(CHAT, bees.article.id)

    await brief.set_length(CHAT, 4)
    assert await brief.forget(CHAT) == 1
    assert (await brief.list_articles(CHAT)).total == 0
    chat = await brief.settings(CHAT)
    assert chat.active_article_id is None and chat.summary_sentences is None
    with pytest.raises(NoArticleError):
        await brief.ask(CHAT, "Who cut the ribbon?")
    # The other chat keeps its copy of the same text.
    assert (await brief.ask(OTHER_CHAT, "Who cut the ribbon?")).article.id == other.article.id


async def test_articles_beyond_the_cap_are_pruned_and_reported(
    open_brief: OpenBrief, settings: Settings, article: Callable[[str], str]
) -> None:
    brief = await open_brief(replace(settings, max_articles_per_chat=2))
    first = await brief.add_text(CHAT, article("harbour.txt"))
    await brief.add_text(CHAT, article("bees.txt"))
    third = await brief.add_text(CHAT, article("wald.txt"))

    assert [p.id for p in third.pruned] == [first.article.id]
    page = await brief.list_articles(CHAT)
    assert page.total == 2
    assert first.article.id not in [a.id for a in page.articles]
    with pytest.raises(ArticleNotFoundError):
        await brief.summary(CHAT, article_id=first.article.id)


async def test_list_is_paged(brief: Brief, article: Callable[[str], str]) -> None:
    ids = [
        (await brief.add_text(CHAT, article(name))).article.id
        for name in ("harbour.txt", "bees.txt", "wald.txt")
    ]
    first = await brief.list_articles(CHAT, page=0, per_page=2)
    second = await brief.list_articles(CHAT, page=1, per_page=2)
    assert (first.total, first.pages, second.page) == (3, 2, 1)
    assert [a.id for a in first.articles + second.articles] == ids[::-1]  # newest first
    beyond = await brief.list_articles(CHAT, page=7, per_page=2)
    assert beyond.page == 1  # clamped to the last page
    empty = await brief.list_articles(OTHER_CHAT)
    assert (empty.total, empty.pages, empty.articles) == (0, 1, ())


async def test_questions_never_reanalyse_the_article(
    open_brief: OpenBrief, article: Callable[[str], str]
) -> None:
    class CountingEngine(Engine):
        analysed = 0

        def analyze(self, text: str, title: str | None = None):  # type: ignore[no-untyped-def]
            CountingEngine.analysed += 1
            return super().analyze(text, title)

    writer = await open_brief(engine=CountingEngine())
    await writer.add_text(CHAT, article("harbour.txt"))
    assert CountingEngine.analysed == 1
    await writer.ask(CHAT, "Who cut the ribbon?")

    # A fresh service (cold cache, as after a restart) rebuilds from stored sentences.
    reader = await open_brief(engine=CountingEngine())
    view = await reader.ask(CHAT, "Who cut the ribbon?")
    assert "Helen Okonjo" in view.answer.sentences[0]
    await reader.summary(CHAT)
    await reader.keywords(CHAT)
    assert CountingEngine.analysed == 1


async def test_engine_work_runs_off_the_event_loop(
    open_brief: OpenBrief, article: Callable[[str], str]
) -> None:
    """Analysis and summaries run on the engine's threads; answering an article of
    ordinary length (about a millisecond) runs on the loop, saving two hand-offs."""
    threads: set[str] = set()
    answered_on: list[str] = []

    class ThreadRecordingEngine(Engine):
        def analyze(self, text: str, title: str | None = None):  # type: ignore[no-untyped-def]
            threads.add(threading.current_thread().name)
            return super().analyze(text, title)

        def summarize(self, doc, sentences=None, ratio=None, algorithm=None, **length):  # type: ignore[no-untyped-def]
            threads.add(threading.current_thread().name)
            return super().summarize(doc, sentences, ratio, algorithm, **length)

        def converse(self, doc, question, conversation, now):  # type: ignore[no-untyped-def]
            answered_on.append(threading.current_thread().name)
            return super().converse(doc, question, conversation, now)

    brief = await open_brief(engine=ThreadRecordingEngine())
    await brief.add_text(CHAT, article("harbour.txt"))
    await brief.ask(CHAT, "Who cut the ribbon?")
    assert threads
    assert threading.main_thread().name not in threads
    assert all(name.startswith("brief-engine") for name in threads)
    assert answered_on == [threading.current_thread().name]


async def test_a_failing_summary_stores_nothing(
    open_brief: OpenBrief, article: Callable[[str], str]
) -> None:
    class BrokenEngine(Engine):
        def summarize(self, doc, sentences=None, ratio=None, algorithm=None, **length):  # type: ignore[no-untyped-def]
            raise RuntimeError("summariser crashed")

    brief = await open_brief(engine=BrokenEngine())
    with pytest.raises(RuntimeError):
        await brief.add_text(CHAT, article("harbour.txt"))
    assert (await brief.list_articles(CHAT)).total == 0
    assert (await brief.settings(CHAT)).active_article_id is None


async def test_retention_deletes_old_articles(
    open_brief: OpenBrief, settings: Settings, article: Callable[[str], str]
) -> None:
    keep_forever = await open_brief()
    await keep_forever.add_text(CHAT, article("harbour.txt"))
    assert await keep_forever.apply_retention(datetime.now(UTC) + timedelta(days=3650)) == 0

    brief = await open_brief(replace(settings, retention_days=30))
    assert await brief.apply_retention(datetime.now(UTC) + timedelta(days=29)) == 0
    assert (await brief.list_articles(CHAT)).total == 1
    assert await brief.apply_retention(datetime.now(UTC) + timedelta(days=31)) == 1
    assert (await brief.list_articles(CHAT)).total == 0
