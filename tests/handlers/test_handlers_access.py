"""Groups (only what is addressed to Brief) and the allowlist (strangers: one refusal, no rows)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from bot.config import Settings
from tests import factories as f
from tests.emulator import BotAPI
from tests.support.database import rows_of_chat
from tests.support.harness import InProcessBot, sent, texts

JSON = dict[str, Any]
TOWN = f.town_article(5)


@pytest.fixture
def group() -> JSON:
    return f.group_chat("Reading club")


async def test_group_chatter_is_never_read(
    harness: InProcessBot, settings: Settings, group: JSON
) -> None:
    bob = f.user("Bob")
    assert await harness.say(group, bob, TOWN.text) == []
    assert await harness.say(group, bob, "Who is the mayor?") == []
    assert await harness.say(group, bob, "see https://news.example/story") == []
    stored = await harness.app.bot_data.brief.list_articles(group["id"])
    assert stored.total == 0
    assert rows_of_chat(settings.db_path, group["id"]) == 0


async def test_group_acts_on_mentions_replies_and_commands(
    harness: InProcessBot, api: BotAPI, group: JSON
) -> None:
    bob, cleo = f.user("Bob"), f.user("Cleo")
    calls = await harness.send(f.mention(group, bob, api.username, TOWN.text))
    (summary,) = texts(calls)
    assert summary.startswith(TOWN.town)
    # The reply quotes the message that asked for it.
    assert sent(calls)[0].params["reply_parameters"]["message_id"] > 0
    summary_message = api.bot_messages(group["id"])[-1]

    (answer,) = texts(await harness.send(f.mention(group, cleo, api.username, "Who is the mayor?")))
    assert TOWN.mayor.split()[-1] in answer
    (answer,) = texts(
        await harness.say(group, cleo, "When was it founded?", reply_to=summary_message)
    )
    assert str(TOWN.founded) in answer
    (listing,) = texts(await harness.say(group, bob, "/list"))
    assert "Your articles (1)" in listing
    (listing,) = texts(await harness.say(group, bob, f"/list@{api.username}"))
    assert "Your articles (1)" in listing

    # Not for Brief: another bot's command, an unknown bare command, a reply to a person.
    assert await harness.say(group, bob, "/list@some_other_bot") == []
    assert await harness.say(group, bob, "/frobnicate") == []
    person = api.push_message(f.message(group, bob, "hi"), deliver=False)["message"]
    assert await harness.say(group, cleo, "Who is the mayor?", reply_to=person) == []
    (hint,) = texts(await harness.say(group, bob, f"/frobnicate@{api.username}"))
    assert "I don't know /frobnicate" in hint
    (hint,) = texts(await harness.send(f.mention(group, bob, api.username, "")))
    assert "I read articles" in hint


async def test_only_who_asked_can_confirm_forget_in_a_group(
    harness: InProcessBot, api: BotAPI, group: JSON
) -> None:
    bob, cleo = f.user("Bob"), f.user("Cleo")
    await harness.send(f.mention(group, bob, api.username, TOWN.text))
    calls = await harness.say(group, bob, "/forget")
    prompt = api.messages[(group["id"], sent(calls)[0].result["message_id"])]
    confirm = next(
        b["callback_data"]
        for row in prompt["reply_markup"]["inline_keyboard"]
        for b in row
        if b["callback_data"].startswith("fgt:y")
    )
    calls = await harness.press(prompt, cleo, confirm)
    (answer,) = [c for c in calls if c.method == "answerCallbackQuery"]
    assert "Only the person who sent /forget" in answer.params["text"]
    assert (await harness.app.bot_data.brief.list_articles(group["id"])).total == 1
    await harness.press(prompt, bob, confirm)
    assert (await harness.app.bot_data.brief.list_articles(group["id"])).total == 0


async def test_allowlist_refuses_strangers_once_and_stores_nothing(
    api: BotAPI, settings: Settings, group: JSON
) -> None:
    ada, mallory = f.user("Ada"), f.user("Mallory")
    ada_chat, mallory_chat = f.private_chat(ada), f.private_chat(mallory)
    allowed = dataclasses.replace(settings, allowed_users=frozenset({ada["id"]}))
    async with InProcessBot(api, allowed) as bot:
        calls = await bot.say(mallory_chat, mallory, TOWN.text)
        (refusal,) = texts(calls)
        assert "only works for the people its owner allowed" in refusal
        assert [c.method for c in calls] == ["sendMessage"]  # no typing, no work
        (refusal,) = texts(await bot.say(mallory_chat, mallory, "/start"))
        assert "only works for" in refusal
        # In a group: chatter is ignored, an addressed message is refused.
        assert await bot.say(group, mallory, TOWN.text) == []
        (refusal,) = texts(await bot.send(f.mention(group, mallory, api.username, TOWN.text)))
        assert "only works for" in refusal

        (summary,) = texts(await bot.say(ada_chat, ada, TOWN.text))
        assert summary.startswith(TOWN.town)
        summary_message = api.bot_messages(ada_chat["id"])[-1]
        calls = await bot.press(summary_message, mallory, "dely:1")
        (answer,) = [c for c in calls if c.method == "answerCallbackQuery"]
        assert "only works for" in answer.params["text"]
        assert (await bot.app.bot_data.brief.list_articles(ada_chat["id"])).total == 1

        assert (await bot.app.bot_data.brief.list_articles(mallory_chat["id"])).total == 0
    assert rows_of_chat(settings.db_path, mallory_chat["id"]) == 0
    assert rows_of_chat(settings.db_path, group["id"]) == 0


async def test_a_failing_refusal_still_keeps_the_stranger_out(
    api: BotAPI, settings: Settings
) -> None:
    from tests.emulator import Fault

    ada, mallory = f.user("Ada"), f.user("Mallory")
    mallory_chat = f.private_chat(mallory)
    allowed = dataclasses.replace(settings, allowed_users=frozenset({ada["id"]}))
    async with InProcessBot(api, allowed) as bot:
        api.inject(Fault("sendMessage", code=500, description="Internal Server Error", times=9))
        calls = await bot.say(mallory_chat, mallory, TOWN.text)
        assert not [c for c in calls if c.ok]  # every send failed...
        assert (await bot.app.bot_data.brief.list_articles(mallory_chat["id"])).total == 0
        assert len(bot.errors.raised) == 1  # ...and the update stopped at the failed gate
        bot.errors.raised.clear()
    assert rows_of_chat(settings.db_path, mallory_chat["id"]) == 0
