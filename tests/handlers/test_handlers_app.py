"""The Application's wiring: URLs, per-chat ordering, token-free logs."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from telegram import Update

from bot.config import Settings
from bot.telegram_app import (
    PerChatUpdateProcessor,
    TokenRedactor,
    build_application,
    file_url_for,
    run,
)
from tests import factories as f

TOKEN = "123456789:SECRET-token-value"


def update_in(chat_id: int, number: int) -> Update:
    person = f.user("P", user_id=abs(chat_id))
    chat = f.private_chat(person) if chat_id > 0 else f.group_chat(chat_id=chat_id)
    message = {**f.message(chat, person, f"m{number}"), "message_id": number, "date": 0}
    update = Update.de_json({"update_id": number, "message": message}, None)
    assert update is not None
    return update


async def test_one_chat_in_order_and_chats_side_by_side() -> None:
    processor = PerChatUpdateProcessor(max_concurrent_chats=8)
    log: list[str] = []
    b_started = asyncio.Event()

    async def work(
        name: str, *, wait_for: asyncio.Event | None = None, signal: asyncio.Event | None = None
    ) -> None:
        log.append(f"start {name}")
        if signal is not None:
            signal.set()
        if wait_for is not None:
            # Only possible if chat B runs while A1 is still working.
            await asyncio.wait_for(wait_for.wait(), 5)
        await asyncio.sleep(0.01)
        log.append(f"end {name}")

    tasks = [
        asyncio.create_task(
            processor.process_update(update_in(1, 1), work("A1", wait_for=b_started))
        ),
        asyncio.create_task(processor.process_update(update_in(1, 2), work("A2"))),
        asyncio.create_task(
            processor.process_update(update_in(-5, 3), work("B1", signal=b_started))
        ),
        asyncio.create_task(processor.process_update(update_in(1, 4), work("A3"))),
    ]
    await asyncio.gather(*tasks)
    chat_a = [entry for entry in log if "A" in entry]
    assert chat_a == ["start A1", "end A1", "start A2", "end A2", "start A3", "end A3"]
    assert log.index("start B1") < log.index("end A1")


async def test_a_cancelled_waiting_update_is_closed_cleanly() -> None:
    processor = PerChatUpdateProcessor()
    release = asyncio.Event()

    async def blocker() -> None:
        await release.wait()

    async def never() -> None:
        raise AssertionError("must not run")

    first = asyncio.create_task(processor.process_update(update_in(1, 1), blocker()))
    second = asyncio.create_task(processor.process_update(update_in(1, 2), never()))
    await asyncio.sleep(0.05)
    second.cancel()
    release.set()
    await first
    with pytest.raises(asyncio.CancelledError):
        await second  # and no "coroutine was never awaited" warning (warnings are errors)


def test_urls_come_from_settings(tmp_path: Any) -> None:
    settings = Settings(
        token=TOKEN, api_base_url="http://127.0.0.1:8081/bot", db_path=tmp_path / "b.db"
    )
    app = build_application(settings)
    assert app.bot.base_url == f"http://127.0.0.1:8081/bot{TOKEN}"
    assert app.bot.base_file_url == f"http://127.0.0.1:8081/file/bot{TOKEN}"
    assert app.bot_data.settings is settings
    default = build_application(Settings(token=TOKEN, db_path=tmp_path / "b.db"))
    assert default.bot.base_url == f"https://api.telegram.org/bot{TOKEN}"
    assert default.bot.base_file_url == f"https://api.telegram.org/file/bot{TOKEN}"
    assert file_url_for("https://api.telegram.org/bot/") == "https://api.telegram.org/file/bot"


def test_no_token_no_bot(tmp_path: Any) -> None:
    with pytest.raises(ValueError, match="TELEGRAM_BOT_TOKEN"):
        run(Settings(token=None, db_path=tmp_path / "b.db"))


def test_the_token_never_reaches_the_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.handler.addFilter(TokenRedactor(TOKEN))
    log = logging.getLogger("httpx")
    with caplog.at_level(logging.DEBUG):
        log.debug("HTTP Request: POST https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise RuntimeError(f"failed https://api.telegram.org/bot{TOKEN}/sendMessage")
        except RuntimeError:
            log.exception("request failed")
    assert caplog.records
    assert TOKEN not in caplog.text
    assert "bot<token>/getMe" in caplog.text
