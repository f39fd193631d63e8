"""Groups the way people use them: /tldr as a reply, and nothing else read or stored.

The emulator delivers every group message (as Telegram does when the bot is an
admin); Brief must act only on what is addressed to it.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from bot.config import Settings
from tests import factories as f
from tests.emulator import BotAPI
from tests.support.harness import PollingBot

JSON = dict[str, Any]
SHARED, LINKED, CHATTER = f.town_article(11), f.town_article(12), f.town_article(13)


def stored_titles(settings: Settings, chat_id: int) -> list[str]:
    with sqlite3.connect(settings.db_path) as db:
        rows = db.execute("SELECT title FROM articles WHERE chat_id = ? ORDER BY id", (chat_id,))
        return [str(title) for (title,) in rows]


async def test_tldr_as_a_reply_summarises_that_message_and_nothing_else_is_read(
    bot: PollingBot, api: BotAPI, settings: Settings
) -> None:
    group = f.group_chat("Harbour readers")
    bob, cleo, dana = f.user("Bob"), f.user("Cleo"), f.user("Dana")
    pasted = api.push_message(f.message(group, bob, SHARED.text))["message"]
    api.push_message(f.message(group, cleo, CHATTER.text))  # an article nobody asked about
    api.push_message(f.message(group, cleo, "Who is the mayor there?"))  # not addressed
    api.push_message(f.command(group, dana, "/tldr", reply_to=pasted))
    (summary,) = await api.wait_for_sent(group["id"], 1)
    assert SHARED.town in str(summary.params["text"])
    assert summary.params.get("reply_parameters") or summary.params.get("reply_to_message_id")

    # A reply to Brief's summary asks about that article.
    summary_message = api.messages[(group["id"], summary.result["message_id"])]
    api.push_message(f.message(group, cleo, "Who is the mayor?", reply_to=summary_message))
    _, answer = await api.wait_for_sent(group["id"], 2)
    assert SHARED.mayor in str(answer.params["text"])

    # "/tldr@<bot>" and a bare mention work the same way.
    second = api.push_message(f.message(group, bob, LINKED.text))["message"]
    api.push_message(f.command(group, dana, f"/tldr@{api.username}", reply_to=second))
    third = api.push_message(f.message(group, cleo, CHATTER.text + " Again."))["message"]
    api.push_message(f.mention(group, dana, api.username, "", reply_to=third))
    sent = await api.wait_for_sent(group["id"], 4)
    assert LINKED.town in str(sent[2].params["text"])
    assert CHATTER.town in str(sent[3].params["text"])
    # Asking what it is about, under someone's post, summarises that post.
    api.push_message(f.mention(group, dana, api.username, "what is this about?", reply_to=pasted))
    sent = await api.wait_for_sent(group["id"], 5)
    assert SHARED.town in str(sent[4].params["text"])
    await api.wait_until(lambda: api.pending_updates == 0)

    assert stored_titles(settings, group["id"]) == [
        SHARED.headline,
        LINKED.headline,
        CHATTER.headline,
    ]
    assert len(api.sent_to(group["id"])) == 5  # the chatter got no reply


async def test_tldr_without_a_reply_or_without_an_article_says_what_to_do(
    bot: PollingBot, api: BotAPI, settings: Settings
) -> None:
    group = f.group_chat("Quiet group")
    eve = f.user("Eve")
    api.push_message(f.command(group, eve, "/tldr"))
    (hint,) = await api.wait_for_sent(group["id"], 1)
    assert "Reply /tldr to a message" in str(hint.params["text"])
    short = api.push_message(f.message(group, eve, "see you at eight"))["message"]
    api.push_message(f.command(group, eve, "/tldr", reply_to=short))
    _, refusal = await api.wait_for_sent(group["id"], 2)
    assert "no link, article or document" in str(refusal.params["text"])
    assert stored_titles(settings, group["id"]) == []
