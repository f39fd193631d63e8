"""Hostile documents over the emulator (issue 15): a PDF bomb sent by two chats gets a
reply within seconds, and another chat's questions are answered meanwhile."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from tests import factories as f
from tests.emulator import BotAPI, BotAPIServer
from tests.support.bombs import pdf_bomb
from tests.support.harness import PollingBot

TOWN = f.town_article(7)


@pytest.fixture
async def workers_bot(
    server: BotAPIServer, settings: Settings, tmp_path: Path
) -> AsyncIterator[PollingBot]:
    # As deployed: long texts are analysed in the worker process.
    async with PollingBot(server, dataclasses.replace(settings, analysis_workers=1)) as running:
        yield running


async def test_pdf_bombs_are_answered_and_other_chats_keep_talking(
    workers_bot: PollingBot, api: BotAPI
) -> None:
    ada = f.user("Ada")
    ada_chat = f.private_chat(ada)
    api.push_message(f.message(ada_chat, ada, TOWN.text))
    await api.wait_for_sent(ada_chat["id"], 1, within=30)

    # 25,000 pages sharing one content stream (3.7 MB), and the most a PDF may have:
    # 500 such pages, 1.3 MB of text to read and analyse.
    bombs = {"bomb.pdf": pdf_bomb(25_000), "book.pdf": pdf_bomb(500)}
    senders = []
    for name, data in bombs.items():
        user = f.user(name)
        chat = f.private_chat(user)
        api.push_message(f.stored_document(chat, user, api.add_file(data), name))
        senders.append(chat)

    started = time.monotonic()
    latencies = []
    asked = 1
    while len(api.sent_to(senders[0]["id"])) + len(api.sent_to(senders[1]["id"])) < 2:
        assert time.monotonic() - started < 20, "no reply to the PDFs within 20 s"
        sent = time.monotonic()
        api.push_message(f.message(ada_chat, ada, f"Who is the mayor of {TOWN.town}?"))
        asked += 1
        await api.wait_for_sent(ada_chat["id"], asked, within=20)
        latencies.append(time.monotonic() - sent)
        await asyncio.sleep(0.3)

    too_long = api.sent_to(senders[0]["id"])[0].params["text"]
    assert "too long for me (25,000 pages" in too_long
    # The biggest allowed PDF: a summary, or on a busy machine the deadline's refusal.
    book = api.sent_to(senders[1]["id"])[0].params["text"]
    assert "harbour bridge" in book.lower() or "takes too long to read" in book
    assert len(latencies) >= 3
    print(f"latencies of another chat's answers: {[round(x, 2) for x in latencies]}")
    assert max(latencies) <= 1.0, latencies
