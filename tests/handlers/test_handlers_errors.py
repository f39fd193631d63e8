"""The global error handler: a polite reply, nothing internal shown, ids (not text) logged."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.telegram_app import BriefContext
from handlers.errors import SORRY
from tests.support.harness import InProcessBot, texts

JSON = dict[str, Any]
INTERNALS = "database at /srv/brief/secret.db is locked"


async def explode(update: Update, context: BriefContext) -> None:
    raise RuntimeError(INTERNALS)


async def test_an_unexpected_error_gets_a_polite_reply_and_a_log_with_ids(
    harness: InProcessBot, ada: JSON, ada_chat: JSON, caplog: pytest.LogCaptureFixture
) -> None:
    # A one-off fault: a handler that fails before Brief's own (group -2 runs first).
    harness.app.add_handler(MessageHandler(filters.Regex("^boom"), explode), group=-2)
    harness.app.add_handler(CallbackQueryHandler(explode, pattern="^boom$"), group=-2)
    secret_text = "boom: my private diary entry"
    with caplog.at_level(logging.INFO):
        calls = await harness.say(ada_chat, ada, secret_text)
    assert texts(calls) == [SORRY]
    assert INTERNALS not in str([c.params for c in calls])
    failure = next(r for r in caplog.records if r.name == "handlers.errors")
    assert f"in chat {ada_chat['id']} failed" in failure.getMessage()
    assert secret_text not in caplog.text

    message = harness.api.bot_messages(ada_chat["id"])[-1]
    calls = await harness.press(message, ada, "boom")
    (answer,) = [c for c in calls if c.method == "answerCallbackQuery"]
    assert answer.params["text"] == SORRY

    assert [str(e) for e in harness.errors.raised] == [INTERNALS, INTERNALS]
    harness.errors.raised.clear()  # expected here; any other error still fails the test


async def test_a_user_blocking_the_bot_is_logged_not_retried(
    harness: InProcessBot, ada: JSON, ada_chat: JSON, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.emulator import Fault

    harness.api.inject(
        Fault(
            "sendMessage", code=403, description="Forbidden: bot was blocked by the user", times=5
        )
    )
    with caplog.at_level(logging.WARNING):
        calls = await harness.say(ada_chat, ada, "/help")
    assert [c.method for c in calls] == ["sendMessage"]  # one try, no apology into the void
    assert "does not accept messages" in caplog.text
    assert len(harness.errors.raised) == 1
    harness.errors.raised.clear()
