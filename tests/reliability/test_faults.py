"""Faults from Telegram while a stream of chats is served over real long polling.

The emulator answers some requests with errors, slow answers or dropped connections.
Brief must keep polling, retry or fall back, answer every update exactly once, and
never crash.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable

import pytest
from telegram.error import TelegramError

from bot.config import Settings
from tests.emulator import BotAPI, BotAPIServer, Fault
from tests.support.harness import PollingBot
from tests.support.readers import Reader, collect, readers

READ_TIMEOUT = 1.0  # seconds the bot waits for an answer: a "timeout" costs little
LATE = READ_TIMEOUT + 1.5  # an answer later than that is a timeout


@pytest.fixture
async def bot(server: BotAPIServer, settings: Settings) -> AsyncIterator[PollingBot]:
    async with PollingBot(server, settings, poll_timeout=1, read_timeout=READ_TIMEOUT) as running:
        yield running


async def serve_in_waves(api: BotAPI, faults: list[Fault], group: list[Reader]) -> list[str]:
    """One fault, then one reader's updates, and so on: every fault meets live traffic
    (a fault between successes costs ptb's polling one second of back-off, not more)."""
    problems = []
    for fault, reader in zip(faults, group, strict=False):
        api.inject(fault)
        reader.push(api)
        problems += await collect(api, [reader], within=60)
    rest = group[len(faults) :]
    for reader in rest:
        reader.push(api)
    return problems + await collect(api, rest, within=60)


def only_telegram_errors(bot: PollingBot) -> None:
    """The injected faults reach the error handler as TelegramErrors (and are logged
    there); anything else is a bug. Clears them so the harness does not fail the test."""
    unexpected = [e for e in bot.errors.raised if not isinstance(e, TelegramError)]
    assert unexpected == []
    bot.errors.raised.clear()


async def test_polling_survives_get_updates_failures_and_handles_each_update_once(
    bot: PollingBot, api: BotAPI
) -> None:
    faults = [
        Fault("getUpdates", code=500, description="Internal Server Error"),
        Fault("getUpdates", code=502, description="Bad Gateway"),
        Fault("getUpdates", disconnect=True),
        Fault(
            "getUpdates", code=429, description="Too Many Requests: retry after 1", retry_after=1
        ),
        Fault("getUpdates", delay=LATE, disconnect=True),  # a timeout
        # The updates were handed out but the answer never arrived: Telegram hands them
        # out again, and each must still be handled once.
        Fault("getUpdates", answer_lost=True),
        Fault("getUpdates", answer_lost=True),
    ]
    group = readers(10, first=600)
    assert await serve_in_waves(api, faults, group) == []
    await api.wait_until(lambda: api.polling and api.pending_updates == 0, within=10)
    assert all(api.sent_count(r.chat_id) == r.expected_replies for r in group)
    assert not api.faults  # every fault was met
    assert len([c for c in api.calls_to("getUpdates") if c.error == "answer lost"]) == 2
    only_telegram_errors(bot)


async def test_failed_sends_are_retried_or_sent_plain_and_each_update_answered_once(
    bot: PollingBot, api: BotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    faults = [
        Fault(
            "sendMessage", code=429, description="Too Many Requests: retry after 1", retry_after=1
        ),
        Fault("sendMessage", code=400, description="Bad Request: can't parse entities: x"),
        Fault("sendMessage", code=500, description="Internal Server Error"),
        Fault("sendMessage", code=502, description="Bad Gateway", times=2),
        Fault("sendMessage", disconnect=True),
        Fault("sendMessage", delay=LATE, disconnect=True),  # a timeout, nothing delivered
        Fault("sendMessage", code=400, description="Bad Request: can't parse entities: y"),
    ]
    group = readers(10, first=620)
    with caplog.at_level(logging.WARNING):
        assert await serve_in_waves(api, faults, group) == []
    await api.wait_until(lambda: api.polling and api.pending_updates == 0, within=10)
    assert all(api.sent_count(r.chat_id) == r.expected_replies for r in group)
    assert not api.faults  # every fault was met
    plain = [c for c in api.calls_to("sendMessage") if c.ok and "parse_mode" not in c.params]
    assert len(plain) == 2  # the refused HTML came again as plain text
    assert "sending it as plain text" in caplog.text
    only_telegram_errors(bot)


async def test_a_chat_that_blocked_the_bot_does_not_hold_up_the_others(
    bot: PollingBot, api: BotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    blocked, *others = readers(5, first=640)
    api.inject(
        Fault(
            "sendMessage",
            code=403,
            description="Forbidden: bot was blocked by the user",
            chat_id=blocked.chat_id,
            times=blocked.expected_replies,
        )
    )
    with caplog.at_level(logging.WARNING):
        for reader in [blocked, *others]:
            reader.push(api)
        assert await collect(api, others, within=60) == []
        await api.wait_until(lambda: api.polling and api.pending_updates == 0, within=10)
    attempts = api.calls_to("sendMessage", chat_id=blocked.chat_id)
    assert len(attempts) == blocked.expected_replies  # one try each, no retry, no apology
    assert api.sent_count(blocked.chat_id) == 0
    assert caplog.text.count("does not accept messages") == blocked.expected_replies
    only_telegram_errors(bot)


async def test_a_send_whose_answer_is_lost_is_sent_again(bot: PollingBot, api: BotAPI) -> None:
    """Telegram delivered it, but Brief cannot know: it retries, and the reader gets
    the reply twice rather than never (the Bot API has no idempotency key)."""
    (reader,) = readers(1, first=660)
    api.inject(Fault("sendMessage", answer_lost=True))
    reader.push(api)
    await api.wait_until(lambda: api.sent_count(reader.chat_id) >= 12, within=30)
    texts = [c.text for c in api.sent_to(reader.chat_id)]
    assert texts[0] == texts[1]  # the summary, twice
    assert reader.problems(api.sent_to(reader.chat_id)[1:], set()) == []
    only_telegram_errors(bot)


async def test_many_faults_at_once_lose_nothing(bot: PollingBot, api: BotAPI) -> None:
    """A burst of 20 chats while every kind of send fault is injected several times."""
    kinds: list[Callable[[], Fault]] = [
        lambda: Fault("sendMessage", code=500, description="Internal Server Error"),
        lambda: Fault("sendMessage", disconnect=True),
        lambda: Fault("sendMessage", code=429, description="Too Many Requests", retry_after=1),
        lambda: Fault("sendMessage", code=400, description="Bad Request: can't parse entities"),
        lambda: Fault("getUpdates", code=502, description="Bad Gateway"),
    ]
    for make in kinds * 3:
        api.inject(make())
    group = readers(20, first=680)
    for reader in group:
        reader.push(api)
    assert await collect(api, group, within=120) == []
    await api.wait_until(lambda: api.polling and api.pending_updates == 0, within=10)
    assert not api.faults
    assert all(api.sent_count(r.chat_id) == r.expected_replies for r in group)
    only_telegram_errors(bot)
