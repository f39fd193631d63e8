"""Load: many chats, each one article and ten questions, in one burst over real polling.

The test runs 50 chats (550 updates) in seconds; ``python -m benchmarks.reliability``
runs the issue's full 200 chats and the five-minute soak with the same readers.
"""

from __future__ import annotations

import logging

import pytest

from tests.emulator import BotAPI
from tests.support.harness import PollingBot
from tests.support.readers import collect, readers

CHATS = 50


@pytest.mark.slow
async def test_a_burst_of_chats_gets_every_reply_once_in_its_own_chat(
    bot: PollingBot, api: BotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    group = readers(CHATS)
    with caplog.at_level(logging.WARNING):
        # Everything is queued before the bot fetches any of it.
        for reader in group:
            reader.push(api)
        assert await collect(api, group, within=300) == []
        # Nothing more arrives once the queue is drained (no update answered twice).
        await api.wait_until(lambda: api.polling and api.pending_updates == 0, within=30)
    assert sum(len(api.sent_to(r.chat_id)) for r in group) == CHATS * 11
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
