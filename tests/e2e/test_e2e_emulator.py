"""The emulator itself, driven by a real ptb ``Bot`` over loopback HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, NetworkError, RetryAfter

from tests import factories as f
from tests.emulator import BotAPI, BotAPIServer, Fault


@pytest.fixture
async def server() -> AsyncIterator[BotAPIServer]:
    async with BotAPIServer(BotAPI()) as running:
        yield running


@pytest.fixture
async def bot(server: BotAPIServer) -> AsyncIterator[Bot]:
    async with Bot(
        server.api.token, base_url=server.base_url, base_file_url=server.base_file_url
    ) as client:
        yield client


def private(api: BotAPI) -> dict[str, Any]:
    person = f.user("Ada")
    chat = f.private_chat(person)
    api.remember_chat(chat)
    return chat


async def test_get_me_is_the_bot_of_the_token(bot: Bot, server: BotAPIServer) -> None:
    assert bot.id == server.api.bot_id
    assert bot.username == server.api.username
    assert server.api.calls_to("getMe")


async def test_get_updates_answers_timeout_zero_at_once_and_honours_offset(
    bot: Bot, server: BotAPIServer
) -> None:
    assert await bot.get_updates(timeout=0) == ()
    chat = private(server.api)
    sender = f.user("Bo")
    for text in ("one", "two", "three"):
        server.api.push_message(f.message(chat, sender, text))
    updates = await bot.get_updates(timeout=0)
    assert [u.message.text for u in updates if u.message] == ["one", "two", "three"]
    again = await bot.get_updates(offset=updates[1].update_id + 1, timeout=0)
    assert [u.message.text for u in again if u.message] == ["three"]
    # Confirmed updates are gone for good.
    assert len(await bot.get_updates(timeout=0)) == 1
    assert await bot.get_updates(offset=again[-1].update_id + 1, timeout=0) == ()


async def test_long_poll_blocks_until_timeout_when_nothing_comes(
    bot: Bot, server: BotAPIServer
) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(timeout=1, read_timeout=5) == ()
    assert loop.time() - started >= 0.9


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    bot: Bot, server: BotAPIServer
) -> None:
    chat = private(server.api)
    poll = asyncio.create_task(bot.get_updates(timeout=30, read_timeout=40))
    await server.api.wait_for_calls("getMe")  # the poll is on its way
    await asyncio.sleep(0.2)
    assert not poll.done()
    server.api.push_message(f.message(chat, f.user("Cy"), "hello"))
    updates = await asyncio.wait_for(poll, 5)
    assert [u.message.text for u in updates if u.message] == ["hello"]


async def test_a_second_long_poll_ends_the_first_with_conflict(
    bot: Bot, server: BotAPIServer
) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=30, read_timeout=40))
    await asyncio.sleep(0.2)
    # A second instance of the bot (one client allows one poll at a time).
    async with Bot(server.api.token, base_url=server.base_url) as other:
        second = asyncio.create_task(other.get_updates(timeout=1, read_timeout=5))
        with pytest.raises(Conflict):
            await asyncio.wait_for(first, 5)
        assert await asyncio.wait_for(second, 5) == ()


async def test_send_message_parses_html_into_entities(bot: Bot, server: BotAPIServer) -> None:
    chat = private(server.api)
    sent = await bot.send_message(
        chat["id"],
        '<b>Bold</b> &amp; <a href="https://e.test/">link</a> 😀 <i>x</i>',
        parse_mode=ParseMode.HTML,
    )
    assert sent.text == "Bold & link 😀 x"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 0, 4),
        ("text_link", 7, 4),
        ("italic", 15, 1),  # the emoji counts two UTF-16 units
    ]
    assert sent.from_user is not None and sent.from_user.id == server.api.bot_id
    assert [m["text"] for m in server.api.bot_messages(chat["id"])] == [sent.text]


@pytest.mark.parametrize(
    "text",
    ["a < b", "Q&A", "<b>open", "<script>x</script>", "<b><i>x</b></i>", "<br>"],
)
async def test_send_message_refuses_what_telegram_refuses(
    bot: Bot, server: BotAPIServer, text: str
) -> None:
    chat = private(server.api)
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(chat["id"], text, parse_mode=ParseMode.HTML)
    assert server.api.sent_to(chat["id"]) == []


async def test_send_message_limits(bot: Bot, server: BotAPIServer) -> None:
    chat = private(server.api)
    await bot.send_message(chat["id"], "x" * 4096)
    with pytest.raises(BadRequest, match=r"(?i)too long"):
        await bot.send_message(chat["id"], "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)too long"):
        await bot.send_message(chat["id"], "😀" * 2049)  # 4,098 UTF-16 units
    with pytest.raises(BadRequest, match=r"(?i)empty"):
        await bot.send_message(chat["id"], "   ")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(424242, "hello")
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(
            chat["id"],
            "buttons",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("too much", callback_data="x" * 65)]]
            ),
        )


async def test_edit_in_place_and_not_modified(bot: Bot, server: BotAPIServer) -> None:
    chat = private(server.api)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="go:1")]])
    sent = await bot.send_message(chat["id"], "first", reply_markup=keyboard)
    edited = await bot.edit_message_text("second", chat["id"], sent.message_id)
    assert not isinstance(edited, bool) and edited.text == "second"
    assert server.api.bot_messages(chat["id"])[0]["text"] == "second"
    assert "reply_markup" not in server.api.bot_messages(chat["id"])[0]
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_text("second", chat["id"], sent.message_id)
    await bot.edit_message_reply_markup(chat["id"], sent.message_id, reply_markup=keyboard)
    assert (
        server.api.bot_messages(chat["id"])[0]["reply_markup"]["inline_keyboard"][0][0][
            "callback_data"
        ]
        == "go:1"
    )
    with pytest.raises(BadRequest, match=r"(?i)not found"):
        await bot.edit_message_text("x", chat["id"], 9999)
    assert await bot.delete_message(chat["id"], sent.message_id)
    assert server.api.bot_messages(chat["id"]) == []


async def test_files_round_trip(bot: Bot, server: BotAPIServer) -> None:
    chat = private(server.api)
    stored = server.api.add_file("Grüße aus Köln.\n".encode(), suffix=".txt")
    telegram_file = await bot.get_file(stored.file_id)
    assert telegram_file.file_size == len(stored.data)
    assert bytes(await telegram_file.download_as_bytearray()) == stored.data
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")
    sent = await bot.send_document(chat["id"], b'{"a": 1}', filename="export.json", caption="x")
    assert sent.document is not None and sent.document.file_name == "export.json"
    call = server.api.calls_to("sendDocument")[0]
    assert call.files["document"] == ("export.json", b'{"a": 1}')
    assert call.params["caption"] == "x"


async def test_callback_queries_are_answered_once(bot: Bot, server: BotAPIServer) -> None:
    chat = private(server.api)
    sent = await bot.send_message(chat["id"], "pick")
    update = server.api.push_callback(
        message=server.api.bot_messages(chat["id"])[0], from_user=f.user("Di"), data="x"
    )
    query_id = update["callback_query"]["id"]
    assert sent.message_id
    assert await bot.answer_callback_query(query_id, text="ok")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)


async def test_faults_are_served_instead_of_results(bot: Bot, server: BotAPIServer) -> None:
    chat = private(server.api)
    server.api.inject(
        Fault(
            "sendMessage", code=429, description="Too Many Requests: retry after 3", retry_after=3
        )
    )
    server.api.inject(Fault("sendMessage", disconnect=True))
    with pytest.raises(RetryAfter):
        await bot.send_message(chat["id"], "one")
    with pytest.raises(NetworkError):
        await bot.send_message(chat["id"], "two")
    await bot.send_message(chat["id"], "three")
    assert [c.params["text"] for c in server.api.sent_to(chat["id"])] == ["three"]


async def test_commands_are_validated(bot: Bot, server: BotAPIServer) -> None:
    assert await bot.set_my_commands([("summary", "Summary of the active article")])
    assert server.api.commands == [
        {"command": "summary", "description": "Summary of the active article"}
    ]
    with pytest.raises(BadRequest):
        await bot.set_my_commands([("Bad-Name", "x")])


def test_factories_compute_utf16_entities() -> None:
    chat = f.private_chat(f.user("Ada"))
    data = f.message(chat, f.user("Ada"), "😀 read https://example.com/a. Thanks /help @brief_bot")
    kinds = [(e["type"], e["offset"], e["length"]) for e in data["entities"]]
    assert kinds == [("url", 8, 21), ("bot_command", 38, 5), ("mention", 44, 10)]


async def test_a_method_in_a_webhook_answer_runs_only_on_a_2xx() -> None:
    api = BotAPI()
    chat = private(api)
    body = b'{"method": "sendMessage", "chat_id": %d, "text": "<b>Hi</b>", "parse_mode": "HTML"}'
    body %= chat["id"]
    for status, content_type in ((503, "application/json"), (200, "text/plain")):
        assert await api.webhook_answered(status, content_type, body) is None
    assert await api.webhook_answered(200, "application/json", b"") is None
    assert api.sent_to(chat["id"]) == []
    ran = await api.webhook_answered(200, "application/json; charset=UTF-8", body)
    assert ran is not None and ran[0] == 200
    (message,) = api.sent_to(chat["id"])
    assert message.in_webhook_answer and message.text == "Hi"
    refused = b'{"method": "sendMessage", "chat_id": %d, "text": " "}' % chat["id"]
    outcome = await api.webhook_answered(200, "application/json", refused)
    assert outcome is not None and outcome[0] == 400  # the bot never hears of it
    assert len(api.sent_to(chat["id"])) == 1
