"""The real Application long-polling the Bot API emulator over loopback.

Updates are realistic Bot API JSON pushed into the emulator; the bot fetches them with
getUpdates like it would from Telegram. Every assertion is on what the bot sent.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import importlib.util
from typing import Any

from bot.config import Settings
from tests import factories as f
from tests.emulator import BotAPI, BotAPIServer
from tests.support.harness import PollingBot
from tests.support.pages import PageServer

JSON = dict[str, Any]
TOWN = f.town_article(7)
OTHER = f.town_article(61)
LINKS_READABLE = importlib.util.find_spec("bot.ingest.fetch") is not None


def keyboard_data(message: JSON) -> list[str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in rows for button in row]


def bullets(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("• ")]


def page_for(article: f.TownArticle) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in article.text.split("\n\n"))
    return (
        f"<!doctype html><html><head><title>{article.town}: a harbour town</title></head>"
        f"<body><nav>Home · News · Sport</nav><article><h1>{article.town}: a harbour town"
        f"</h1>{paragraphs}</article><footer>© Coast News</footer></body></html>"
    ).encode()


async def test_private_chat_article_then_question(bot: PollingBot, api: BotAPI) -> None:
    ada = f.user("Ada")
    chat = f.private_chat(ada)
    api.push_message(f.message(chat, ada, TOWN.text))
    api.push_message(f.message(chat, ada, f"Who is the mayor of {TOWN.town}?"))
    summary, answer = await api.wait_for_sent(chat["id"], 2)
    assert summary.text.startswith(TOWN.town)
    assert summary.params["parse_mode"] == "HTML"
    assert TOWN.mayor.split()[-1] in answer.text
    assert {c["command"] for c in api.commands} >= {"summary", "forget"}


async def test_group_mention_is_answered_and_chatter_ignored(bot: PollingBot, api: BotAPI) -> None:
    group = f.group_chat()
    bob, cleo = f.user("Bob"), f.user("Cleo")
    api.push_message(f.message(group, bob, OTHER.text))  # not addressed: never read
    api.push_message(f.message(group, cleo, "lol"))
    api.push_message(f.mention(group, bob, api.username, TOWN.text))
    api.push_message(f.mention(group, cleo, api.username, "When was it founded?"))
    summary, answer = await api.wait_for_sent(group["id"], 2)
    assert summary.text.startswith(TOWN.town)
    assert str(TOWN.founded) in answer.text
    await api.wait_until(lambda: api.pending_updates == 0)
    assert OTHER.town not in str([c.params for c in api.calls])
    assert len(api.sent_to(group["id"])) == 2


async def test_forwarded_channel_post_with_a_text_link(bot: PollingBot, api: BotAPI) -> None:
    ada = f.user("Ada")
    chat = f.private_chat(ada)
    channel = f.channel_chat("Coast News", username="coastnews")
    async with PageServer({"/towns/story": ("text/html; charset=utf-8", page_for(TOWN))}) as web:
        blurb = "A harbour town votes on its sea wall. Full story"
        post = f.forwarded_channel_post(
            chat,
            ada,
            channel,
            blurb,
            entities=[f.entity(blurb, "Full story", "text_link", url=web.url("/towns/story"))],
        )
        api.push_message(post)
        (reply,) = await api.wait_for_sent(chat["id"], 1, within=20)
        if LINKS_READABLE:
            assert web.requests == ["/towns/story"]
            assert TOWN.town in reply.text
            assert "forwarded from Coast News (@coastnews)" in reply.text
        else:
            assert "link" in reply.text.lower()  # honest: links cannot be read yet


async def test_captioned_photo_with_a_link(bot: PollingBot, api: BotAPI) -> None:
    ada = f.user("Ada")
    chat = f.private_chat(ada)
    async with PageServer({"/a": ("text/html", page_for(OTHER))}) as web:
        api.push_message(f.photo_message(chat, ada, f"Worth reading: {web.url('/a')}"))
        (reply,) = await api.wait_for_sent(chat["id"], 1, within=20)
        if LINKS_READABLE:
            assert OTHER.town in reply.text
        else:
            assert "link" in reply.text.lower()


async def test_document_is_downloaded_and_summarised(bot: PollingBot, api: BotAPI) -> None:
    ada = f.user("Ada")
    chat = f.private_chat(ada)
    stored = api.add_file(TOWN.text.encode(), suffix=".txt")
    api.push_message(f.stored_document(chat, ada, stored, "harbour.txt"))
    (reply,) = await api.wait_for_sent(chat["id"], 1)
    assert reply.text.startswith(TOWN.town)
    assert "File: harbour.txt" in reply.text
    assert [c.ok for c in api.calls_to("getFile")] == [True]


async def test_buttons_and_replies_over_polling(bot: PollingBot, api: BotAPI) -> None:
    ada = f.user("Ada")
    chat = f.private_chat(ada)
    api.push_message(f.message(chat, ada, TOWN.text))
    api.push_message(f.message(chat, ada, OTHER.text))
    first, _ = await api.wait_for_sent(chat["id"], 2)
    first_message = api.messages[(chat["id"], first.result["message_id"])]
    shown = len(bullets(first_message["text"]))

    shorter = next(
        d for d in keyboard_data(first_message)
        if d.startswith("sum:") and int(d.split(":")[2]) < shown
    )  # fmt: skip
    query = api.push_callback(message=first_message, from_user=ada, data=shorter)
    query_id = query["callback_query"]["id"]
    await api.wait_until(lambda: query_id in api.answered_callbacks)
    edited = api.messages[(chat["id"], first_message["message_id"])]
    assert len(bullets(edited["text"])) == shown - 1
    assert len(api.sent_to(chat["id"])) == 2  # edited in place, nothing new sent

    # A reply to the first (no longer active) summary asks about THAT article.
    api.push_message(f.message(chat, ada, "Who is the mayor?", reply_to=edited))
    answer = (await api.wait_for_sent(chat["id"], 3))[-1]
    assert TOWN.mayor.split()[-1] in answer.text

    api.push_message(f.message(chat, ada, "/forget"))
    prompt_call = (await api.wait_for_sent(chat["id"], 4))[-1]
    prompt = api.messages[(chat["id"], prompt_call.result["message_id"])]
    confirm = next(d for d in keyboard_data(prompt) if d.startswith("fgt:y"))
    query_id = api.push_callback(message=prompt, from_user=ada, data=confirm)["callback_query"][
        "id"
    ]
    await api.wait_until(lambda: query_id in api.answered_callbacks)
    assert "deleted 2 articles" in api.messages[(chat["id"], prompt["message_id"])]["text"]
    api.push_message(f.message(chat, ada, "Who is the mayor?"))
    final = (await api.wait_for_sent(chat["id"], 5))[-1]
    assert "no article yet" in final.text.lower()


async def test_allowlist_refusal_over_polling(
    server: BotAPIServer, api: BotAPI, settings: Settings
) -> None:
    ada, mallory = f.user("Ada"), f.user("Mallory")
    allowed = dataclasses.replace(settings, allowed_users=frozenset({ada["id"]}))
    async with PollingBot(server, allowed) as running:
        mallory_chat = f.private_chat(mallory)
        api.push_message(f.message(mallory_chat, mallory, TOWN.text))
        (refusal,) = await api.wait_for_sent(mallory_chat["id"], 1)
        assert "only works for" in refusal.text
        brief = running.app.bot_data.brief
        assert (await brief.list_articles(mallory_chat["id"])).total == 0


async def test_bad_updates_cause_no_unhandled_error(bot: PollingBot, api: BotAPI) -> None:
    ada = f.user("Ada")
    chat = f.private_chat(ada)
    nasty = TOWN.text.replace("bright colours", "<b>bright</b> & <i>colours</i> </a> &amp;")
    api.push_message(f.message(chat, ada))  # empty: no text, no media
    api.push_message(f.sticker_message(chat, ada))
    api.push_message(f.message(chat, ada, "x" * 4096))
    api.push_message(f.message(chat, ada, "edited", edit_date=1), kind="edited_message")
    api.push_message(f.message(f.channel_chat(), None, "post"), kind="channel_post")
    api.push_message(f.message(chat, ada, nasty))
    api.push_message(f.message(chat, ada, "What colour are the houses?"))
    replies = await api.wait_for_sent(chat["id"], 5)
    assert "I read articles" in replies[0].text
    assert "I read articles" in replies[1].text
    assert "no article yet" in replies[2].text.lower()
    assert replies[3].text.startswith(TOWN.town)
    assert all(c.ok for c in api.calls if c.method == "sendMessage")
    await api.wait_until(lambda: api.pending_updates == 0)
    await asyncio.sleep(0.2)
    assert len(api.sent_to(chat["id"])) == 5  # nothing for the edit or the channel post
