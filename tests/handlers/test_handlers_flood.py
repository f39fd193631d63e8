"""A chat that floods Brief with articles is told to slow down; other chats are not."""

from __future__ import annotations

from dataclasses import replace

from bot.config import Settings
from tests import factories as f
from tests.emulator import BotAPI
from tests.support.harness import InProcessBot, texts


async def test_flooding_chat_is_refused_politely_and_others_are_unaffected(
    api: BotAPI, settings: Settings
) -> None:
    limited = replace(settings, ingests_per_minute=3)
    flooder, neighbour = f.user("Flo"), f.user("Nel")
    flood_chat, other_chat = f.private_chat(flooder), f.private_chat(neighbour)
    async with InProcessBot(api, limited) as bot:
        replies = [
            texts(await bot.say(flood_chat, flooder, f.town_article(200 + i).text))
            for i in range(5)
        ]
        assert all("Slow down" not in r[0] for r in replies[:3])
        assert all(r == [replies[3][0]] and "Slow down" in r[0] for r in replies[3:])
        (neighbours,) = texts(await bot.say(other_chat, neighbour, f.town_article(300).text))
        assert "Slow down" not in neighbours
        listing = texts(await bot.say(flood_chat, flooder, "/list"))[0]
        assert "Your articles (3)" in listing  # the refused ones were not stored
