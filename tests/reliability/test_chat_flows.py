"""Property-based chat flows: random sequences of what people send, through the real
Application (InProcessBot, answered by the emulator, which refuses what Telegram
refuses: bad HTML, too long, bad entities, oversized button data).

For every step: no handler raises, every Bot API call Brief makes is accepted, every
message in a private chat gets an answer, and nothing of another chat's article ever
reaches this chat.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot.config import Settings
from tests import factories as f
from tests.emulator import BotAPI, Call
from tests.support.database import rows_of_chat
from tests.support.harness import InProcessBot

JSON = dict[str, Any]
VICTIM = f.town_article(990)  # another chat's article: none of it may leak

TRICKY = st.sampled_from(
    [
        "<b>bold</b> & <i>",
        "*not markdown* _x_ `y` [z](https://e.test)",
        "'; DROP TABLE articles; --",
        "\u202ereversed\u202c \u200f\u200d\ufeff",
        "👩‍👩‍👧‍👦" * 50,
        "\x00\x07\x1b[31m",
        "x" * 100_000,
        "A b. " * 2_000,
        "https://127.0.0.1:1/nothing-listens-here",
        "",
        " \n\t ",
    ]
)
TEXT = st.one_of(st.text(max_size=300), TRICKY)
IDS = st.integers(-2, 40)  # the victim's id is among them (asserted in the fixture)
COMMANDS = st.one_of(
    st.sampled_from(
        [
            *("/start", "/help", "/summary", "/list", "/keywords", "/settings", "/privacy"),
            *("/export", "/forget", "/tldr", "/search", "/algo", "/length", "/use", "/delete"),
        ]
    ),
    st.tuples(
        st.sampled_from(["/summary", "/use", "/delete", "/length", "/list"]),
        st.one_of(IDS.map(str), TEXT),
    ).map(" ".join),
    st.tuples(st.sampled_from(["/search", "/algo", "/tldr"]), TEXT).map(" ".join),
    TEXT.map(lambda t: "/" + t),
)
CALLBACK_DATA = st.one_of(
    st.tuples(st.sampled_from(["sum", "key", "del", "dely", "list", "use", "fgt"]), IDS, IDS).map(
        lambda t: f"{t[0]}:{t[1]}:{t[2]}"
    ),
    st.text(min_size=1, max_size=64),
)
FILE_NAMES = st.sampled_from(["a.txt", "b.md", "c.html", "d.pdf", "brief-library.json", "e.exe"])
STEPS = st.one_of(
    st.tuples(st.just("text"), TEXT),
    st.tuples(st.just("article"), st.integers(0, 30)),
    st.tuples(st.just("command"), COMMANDS),
    st.tuples(st.just("press"), CALLBACK_DATA),
    st.tuples(st.just("forward"), TEXT),
    st.tuples(st.just("caption"), st.one_of(st.none(), TEXT)),
    st.tuples(st.just("document"), st.tuples(FILE_NAMES, st.binary(max_size=3_000))),
    st.tuples(st.just("reply"), TEXT),
    st.tuples(st.just("sticker"), st.none()),
)


class Flow:
    """One person's chat with a running InProcessBot, step by step (a private chat
    unless ``chat`` is given)."""

    def __init__(self, bot: InProcessBot, number: int, chat: JSON | None = None) -> None:
        self.bot, self.api = bot, bot.api
        self.sender = f.user(f"Prober{number}")
        self.chat = chat or f.private_chat(self.sender)

    def message_for(self, kind: str, value: Any) -> JSON | None:
        chat, sender = self.chat, self.sender
        if kind == "text":
            return f.message(chat, sender, value) if value else None
        if kind == "article":
            return f.message(chat, sender, f.town_article(value).text)
        if kind == "command":
            return f.command(chat, sender, value)
        if kind == "forward":
            channel = f.channel_chat("Wire", username="wire")
            return f.forwarded_channel_post(chat, sender, channel, value) if value else None
        if kind == "caption":
            return f.photo_message(chat, sender, value)
        if kind == "document":
            name, data = value
            stored = self.api.add_file(data, suffix=Path(name).suffix)
            return f.stored_document(chat, sender, stored, name)
        if kind == "reply":
            mine = self.api.bot_messages(self.chat["id"])
            return f.message(chat, sender, value or "?", reply_to=mine[-1] if mine else None)
        if kind == "sticker":
            return f.sticker_message(chat, sender)
        raise AssertionError(kind)

    async def step(self, kind: str, value: Any, *, answered: bool = True) -> list[Call]:
        if kind == "press":
            mine = self.api.bot_messages(self.chat["id"])
            if not mine:
                return []
            return await self.bot.press(mine[-1], self.sender, value)
        message = self.message_for(kind, value)
        if message is None:
            return []
        calls = await self.bot.send(message)
        if answered:
            assert any(c.method in ("sendMessage", "sendDocument") for c in calls), (kind, value)
        return calls

    def check(self, calls: list[Call]) -> None:
        # "Not modified" is the one refusal Brief expects: a second tap on a button
        # asks for what the message already shows, and Brief takes that as done.
        failed = [(c.method, c.error) for c in calls if not c.ok]
        assert [f for f in failed if "message is not modified" not in str(f[1])] == []
        for call in calls:
            if call.chat_id is not None:
                assert call.chat_id == self.chat["id"]
            shown = str(call.params.get("text") or call.params.get("caption") or "")
            shown += str((call.files.get("document") or ("", b""))[1], "utf-8", "replace")
            assert VICTIM.town not in shown and VICTIM.mayor not in shown
        assert self.bot.errors.raised == []


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[asyncio.AbstractEventLoop, InProcessBot]]:
    """A bot that lives across hypothesis examples (each example is a new chat), on a
    loop of its own: hypothesis calls the test synchronously."""
    api = BotAPI()
    loop = asyncio.new_event_loop()
    settings = Settings(token=api.token, db_path=tmp_path / "brief.db", analysis_workers=0)
    bot = InProcessBot(api, settings)
    loop.run_until_complete(bot.__aenter__())
    victim = f.user("Victim")
    loop.run_until_complete(bot.say(f.private_chat(victim), victim, VICTIM.text))
    library = loop.run_until_complete(bot.app.bot_data.brief.list_articles(victim["id"]))
    assert library.articles[0].id in range(-2, 41)  # IDS can name it
    try:
        yield loop, bot
    finally:
        loop.run_until_complete(bot.__aexit__(None, None, None))
        loop.close()


NUMBERS = itertools.count()


def examples(count: int) -> settings:
    """Examples are whole chat flows on one bot that lives across them (``running``)."""
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


@examples(60)
@given(steps=st.lists(STEPS, min_size=1, max_size=8))
def test_any_chat_flow_gets_valid_replies_and_never_another_chats_data(
    running: tuple[asyncio.AbstractEventLoop, InProcessBot], steps: list[tuple[str, Any]]
) -> None:
    loop, bot = running
    flow = Flow(bot, next(NUMBERS))
    for kind, value in steps:
        calls = loop.run_until_complete(flow.step(kind, value))
        event(f"{kind}: {'answered' if calls else 'nothing to do'}")
        flow.check(calls)


def not_addressed(text: str) -> bool:
    """Group chatter: no command, no mention of the bot."""
    return not text.lstrip().startswith("/") and "@" not in text


CHATTER_TEXT = st.one_of(st.text(max_size=300), TRICKY).filter(not_addressed)
CHATTER = st.one_of(
    st.tuples(st.just("text"), CHATTER_TEXT),
    st.tuples(st.just("article"), st.integers(0, 30)),
    st.tuples(st.just("forward"), CHATTER_TEXT),
    st.tuples(st.just("caption"), st.one_of(st.none(), CHATTER_TEXT)),
    st.tuples(st.just("document"), st.tuples(FILE_NAMES, st.binary(max_size=3_000))),
    st.tuples(st.just("sticker"), st.none()),
)


@examples(30)
@given(steps=st.lists(CHATTER, min_size=1, max_size=6))
def test_group_chatter_is_neither_answered_nor_stored(
    running: tuple[asyncio.AbstractEventLoop, InProcessBot],
    steps: list[tuple[str, Any]],
    tmp_path: Path,
) -> None:
    """As when the bot is a group admin and receives every message."""
    loop, bot = running
    group = f.group_chat()
    flow = Flow(bot, next(NUMBERS), chat=group)
    for kind, value in steps:
        calls = loop.run_until_complete(flow.step(kind, value, answered=False))
        assert [c.method for c in calls] == [], (kind, str(value)[:80])
    assert rows_of_chat(tmp_path / "brief.db", group["id"]) == 0
