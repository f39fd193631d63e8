"""Brief.ask as a conversation: state per chat in the database, reset on another article;
who wrote an article, from its byline."""

from __future__ import annotations

from pathlib import Path

from bot.service import Brief

DATA = Path(__file__).resolve().parents[1] / "engine" / "data"
CHAT = 101
OTHER_CHAT = 202


async def test_follow_up_leans_on_the_chats_last_question(brief: Brief) -> None:
    post = (DATA / "pi-blog.md").read_text(encoding="utf-8")
    await brief.add_text(CHAT, post)
    await brief.add_text(OTHER_CHAT, post)
    await brief.ask(CHAT, "Where did the blog run for six years?")
    followed = await brief.ask(CHAT, "How much did it cost?")
    alone = await brief.ask(OTHER_CHAT, "How much did it cost?")  # no history in that chat
    assert "240 euros" in followed.answer.sentences[0]
    assert "95 euros" in alone.answer.sentences[0]


async def test_another_article_starts_the_conversation_afresh(brief: Brief) -> None:
    post = (DATA / "pi-blog.md").read_text(encoding="utf-8")
    await brief.add_text(CHAT, post)
    await brief.ask(CHAT, "Where did the blog run for six years?")
    await brief.add_text(CHAT, (DATA / "rathaus.txt").read_text(encoding="utf-8"))
    await brief.add_text(CHAT, post)  # the same post again: a new active-article choice
    assert "95 euros" in (await brief.ask(CHAT, "How much did it cost?")).answer.sentences[0]


async def test_who_wrote_it_comes_from_the_byline(brief: Brief) -> None:
    view = await brief.add_text(CHAT, (DATA / "pi-blog.md").read_text(encoding="utf-8"))
    assert (view.article.author, view.article.published) == ("Mira Jansen", "3 March 2025")
    answer = (await brief.ask(CHAT, "Who wrote this post?")).answer
    assert answer.sentences == ("Written by Mira Jansen.",)
    listed = (await brief.list_articles(CHAT)).articles[0]
    assert listed.author == "Mira Jansen"
