"""The Bot API's behaviour, without any transport.

``BotAPI`` holds the state a bot can observe (updates waiting to be fetched, the
messages of every chat, uploaded files, answered callback queries) and answers Bot
API methods with the JSON Telegram would send. The HTTP server in ``server.py`` and
the socket-free ``EmulatorRequest`` in ``request.py`` both call ``BotAPI.call``.

Every call is recorded (``calls``), so tests assert on what the bot sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from tests.emulator.telegram_html import ParseError, parse_html, utf16_len

JSON = dict[str, Any]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile refuses bigger files, like the cloud Bot API

# Sent as strings by every client: never JSON-decoded, even when they look like JSON.
_STRING_FIELDS = {
    "text",
    "caption",
    "parse_mode",
    "callback_query_id",
    "file_id",
    "url",
    "secret_token",
    "action",
    "inline_message_id",
    "language_code",
    "description",
    "short_description",
    "name",
    "business_connection_id",
}
# Updates Telegram does not deliver unless they are asked for by name.
_OPT_IN_UPDATES = {"chat_member", "message_reaction", "message_reaction_count"}


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass
class Call:
    """One Bot API request as the emulator received it."""

    method: str
    params: JSON
    files: dict[str, tuple[str | None, bytes]]
    at: float
    ok: bool = True
    result: Any = None
    error: str | None = None
    in_webhook_answer: bool = False  # the bot put it in its answer to a webhook update

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return value if isinstance(value, int) else None

    @property
    def text(self) -> str:
        """The text of the message the call sent or edited."""
        return str(self.result["text"])


@dataclass
class Fault:
    """A failure to answer instead of the real result (see ``BotAPI.inject``)."""

    method: str
    code: int = 500
    description: str = "Internal Server Error"
    retry_after: int | None = None
    chat_id: int | None = None
    times: int = 1
    disconnect: bool = False  # drop the connection without an answer
    delay: float = 0.0  # seconds before the fault (or the real answer) is given
    then_answer: bool = False  # only delay: the method then runs and answers normally
    answer_lost: bool = False  # the method runs (a send is delivered), then the line drops


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes


@dataclass
class _Poll:
    """The getUpdates request currently waiting; a newer one ends it with 409."""

    superseded: bool = False


class Disconnect(Exception):
    """Raised by a fault: the transport should drop the connection."""


_SENDS = frozenset({"sendMessage", "sendDocument"})


@dataclass
class BotAPI:
    token: str = "123456789:TEST-token-for-the-emulator"
    username: str = "brief_test_bot"
    first_name: str = "Brief"
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.bot_id = int(self.token.split(":", 1)[0])
        self._updates: list[JSON] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self.messages: dict[tuple[int, int], JSON] = {}
        self.chats: dict[int, JSON] = {}
        self.files: dict[str, StoredFile] = {}
        self._file_ids = itertools.count(1)
        self.callback_queries: dict[str, JSON] = {}
        self.answered_callbacks: dict[str, JSON] = {}
        self._callback_ids = itertools.count(1)
        self.commands: list[JSON] = []
        self.webhook: JSON = {}
        self.faults: list[Fault] = []
        self._waiters: list[asyncio.Future[None]] = []
        self._active_poll: _Poll | None = None
        self._closing = False
        # The successful sends per chat, kept as they happen: tests and benchmarks poll
        # ``sent_to`` after every call, and a scan of all calls would dominate a burst.
        self._sent: dict[int, list[Call]] = {}
        self.in_progress: list[Call] = []  # received, not answered yet (e.g. a delayed fault)

    # --- the bot's own user ------------------------------------------------------------

    @property
    def bot_user(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    # --- what tests push ---------------------------------------------------------------

    def next_message_id(self, chat_id: int) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    def remember_chat(self, chat: JSON) -> None:
        self.chats[int(chat["id"])] = chat

    def push_update(self, update: JSON, *, deliver: bool = True) -> JSON:
        """Give ``update`` the next update_id and queue it for getUpdates. Returns it.

        With ``deliver=False`` it is only numbered (a test hands it to the bot itself).
        """
        update = {"update_id": next(self._update_ids), **update}
        for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
            if key in update:
                self.remember_chat(update[key]["chat"])
        if deliver:
            self._updates.append(update)
            self._notify()
        return update

    def push_message(self, message: JSON, *, kind: str = "message", deliver: bool = True) -> JSON:
        """A user's message as an update (queued unless ``deliver=False``).

        Fills in message_id and date, and keeps the message so replies can quote it.
        """
        chat_id = int(message["chat"]["id"])
        self.remember_chat(message["chat"])
        message = {
            "message_id": message.get("message_id") or self.next_message_id(chat_id),
            "date": message.get("date") or int(time.time()),
            **{k: v for k, v in message.items() if k not in ("message_id", "date")},
        }
        if kind == "message":
            self.messages[(chat_id, message["message_id"])] = message
        return self.push_update({kind: message}, deliver=deliver)

    def push_callback(
        self, *, message: JSON, from_user: JSON, data: str, deliver: bool = True
    ) -> JSON:
        """A button press on one of the bot's messages as an update (queued unless
        ``deliver=False``); the query id is ``update["callback_query"]["id"]``."""
        query_id = str(next(self._callback_ids) + 9_000_000_000)
        query = {
            "id": query_id,
            "from": from_user,
            "message": message,
            "chat_instance": f"instance-{message['chat']['id']}",
            "data": data,
        }
        self.callback_queries[query_id] = query
        return self.push_update({"callback_query": query}, deliver=deliver)

    def add_file(self, data: bytes, *, suffix: str = "") -> StoredFile:
        number = next(self._file_ids)
        stored = StoredFile(
            file_id=f"FILE{number:06d}-{'x' * 20}",
            file_unique_id=f"U{number:06d}",
            file_path=f"documents/file_{number}{suffix}",
            data=data,
        )
        self.files[stored.file_id] = stored
        return stored

    def inject(self, fault: Fault) -> None:
        self.faults.append(fault)

    @property
    def pending_updates(self) -> int:
        """Updates not yet confirmed by the bot (a later getUpdates offset confirms them)."""
        return len(self._updates)

    @property
    def polling(self) -> bool:
        """A getUpdates request is waiting right now (the bot is idle and listening)."""
        return self._active_poll is not None

    # --- what tests read ---------------------------------------------------------------

    def calls_to(self, method: str, chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == method and (chat_id is None or c.chat_id == chat_id)
        ]

    def bot_messages(self, chat_id: int) -> list[JSON]:
        """The bot's messages in ``chat_id`` as they are now (edits applied), oldest first."""
        found = [
            m
            for (chat, _), m in self.messages.items()
            if chat == chat_id and m.get("from", {}).get("id") == self.bot_id
        ]
        return sorted(found, key=lambda m: int(m["message_id"]))

    def sent_to(self, chat_id: int) -> list[Call]:
        """Successful sendMessage/sendDocument calls to ``chat_id``, in order."""
        return list(self._sent.get(chat_id, ()))

    def sent_count(self, chat_id: int) -> int:
        """``len(sent_to(chat_id))`` without the copy."""
        return len(self._sent.get(chat_id, ()))

    async def wait_until(self, predicate: Callable[[], bool], within: float = 10.0) -> None:
        """Wait until ``predicate()`` holds (checked after every call and push).

        Raises ``TimeoutError`` when it still does not hold after ``within`` seconds.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError
            changed: asyncio.Future[None] = loop.create_future()
            self._waiters.append(changed)
            # On timeout the loop checks the predicate once more, then gives up.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed, remaining)

    async def wait_for_sent(self, chat_id: int, count: int, within: float = 10.0) -> list[Call]:
        try:
            await self.wait_until(lambda: len(self.sent_to(chat_id)) >= count, within)
        except TimeoutError:
            texts = [c.params.get("text") for c in self.sent_to(chat_id)]
            raise AssertionError(
                f"chat {chat_id}: expected {count} messages from the bot, got {texts!r}"
            ) from None
        return self.sent_to(chat_id)

    async def wait_for_calls(self, method: str, count: int = 1, within: float = 10.0) -> None:
        try:
            await self.wait_until(lambda: len(self.calls_to(method)) >= count, within)
        except TimeoutError:
            raise AssertionError(f"expected {count} {method} call(s)") from None

    async def close(self) -> None:
        """Release every waiting long poll (they answer with no updates)."""
        self._closing = True
        self._notify()

    # --- dispatch ----------------------------------------------------------------------

    async def call(
        self,
        method: str,
        raw_params: dict[str, Any],
        files: dict[str, tuple[str | None, bytes]] | None = None,
        *,
        in_webhook_answer: bool = False,
    ) -> tuple[int, JSON]:
        """Answer one Bot API method: (HTTP status, JSON body). May raise ``Disconnect``.

        The call is recorded when it is answered, so ``calls`` never shows a request
        whose outcome is still unknown.
        """
        params = {key: _decode(key, value) for key, value in raw_params.items()}
        record = Call(
            method, params, files or {}, time.monotonic(), in_webhook_answer=in_webhook_answer
        )
        self.in_progress.append(record)
        self._notify()
        try:
            return await self._answer(record)
        finally:
            self.in_progress.remove(record)
            self.calls.append(record)
            if record.ok and method in _SENDS and record.chat_id is not None:
                self._sent.setdefault(record.chat_id, []).append(record)
            self._notify()

    async def _answer(self, record: Call) -> tuple[int, JSON]:
        method, params, files = record.method, record.params, record.files
        try:
            fault = self._take_fault(method, params)
            if fault is not None:
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                if fault.then_answer:
                    fault = None
            if fault is not None and fault.answer_lost:
                handler = getattr(self, f"_m_{method.lower()}")
                record.result = await handler(params, files)
                record.error = "answer lost"  # still ok: the method took effect
                raise Disconnect()
            if fault is not None:
                if fault.disconnect:
                    record.ok, record.error = False, "disconnected"
                    raise Disconnect()
                parameters = {"retry_after": fault.retry_after} if fault.retry_after else None
                raise ApiError(fault.code, fault.description, parameters)
            handler = getattr(self, f"_m_{method.lower()}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            result = await handler(params, files)
        except ApiError as error:
            record.ok, record.error = False, error.description
            return error.code, error.payload()
        record.result = result
        return 200, {"ok": True, "result": result}

    async def webhook_answered(
        self, status: int, content_type: str, body: bytes
    ) -> tuple[int, JSON] | None:
        """The bot's answer to a webhook update, as Telegram takes it: a 2xx whose body
        holds a Bot API method ("method" beside its parameters, as JSON or a form) runs
        that method as if the bot had called it; the bot is told nothing of how it went.
        Returns the method's outcome, or None when nothing was run."""
        if not 200 <= status < 300 or not body:
            return None
        if content_type.startswith("application/json"):
            try:
                decoded = json.loads(body)
            except ValueError:
                return None
            params: JSON = decoded if isinstance(decoded, dict) else {}
        elif content_type.startswith("application/x-www-form-urlencoded"):
            params = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        else:
            return None
        method = params.pop("method", None)
        if not isinstance(method, str):
            return None
        try:
            return await self.call(method, params, in_webhook_answer=True)
        except Disconnect:
            return None  # an injected fault: the method was lost as Telegram ran it

    def _take_fault(self, method: str, params: JSON) -> Fault | None:
        for fault in self.faults:
            if fault.method.lower() != method.lower():
                continue
            if fault.chat_id is not None and params.get("chat_id") != fault.chat_id:
                continue
            fault.times -= 1
            if fault.times <= 0:
                self.faults.remove(fault)
            return fault
        return None

    def _notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    # --- methods -----------------------------------------------------------------------

    async def _m_getme(self, params: JSON, files: Any) -> JSON:
        return self.bot_user

    async def _m_logout(self, params: JSON, files: Any) -> bool:
        return True

    async def _m_close(self, params: JSON, files: Any) -> bool:
        return True

    async def _m_deletewebhook(self, params: JSON, files: Any) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = {}
        return True

    async def _m_setwebhook(self, params: JSON, files: Any) -> bool:
        url = params.get("url", "")
        if url and not str(url).startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = dict(params)
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _m_getwebhookinfo(self, params: JSON, files: Any) -> JSON:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _m_getupdates(self, params: JSON, files: Any) -> list[JSON]:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = float(params.get("timeout") or 0)
        allowed = params.get("allowed_updates") or []
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

        if self._active_poll is not None:
            self._active_poll.superseded = True
            self._notify()
        poll = self._active_poll = _Poll()
        self._notify()  # someone may wait for the bot to be polling

        def ready() -> bool:
            return bool(self._updates) or poll.superseded or self._closing

        try:
            if timeout > 0:
                with contextlib.suppress(TimeoutError):  # nothing came: an empty answer
                    await self.wait_until(ready, timeout)
        finally:
            if self._active_poll is poll:
                self._active_poll = None
        if poll.superseded:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; make sure that only one "
                "bot instance is running",
            )
        delivered: list[JSON] = []
        for update in list(self._updates):
            kind = next(k for k in update if k != "update_id")
            wanted = kind in allowed if allowed else kind not in _OPT_IN_UPDATES
            if not wanted:
                self._updates.remove(update)  # Telegram drops what was not asked for
                continue
            delivered.append(update)
            if len(delivered) >= limit:
                break
        return delivered

    async def _m_setmycommands(self, params: JSON, files: Any) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("commands must be a list of at most 100 BotCommand")
        for command in commands:
            name, description = command.get("command", ""), command.get("description", "")
            if not (1 <= len(name) <= 32) or not all(
                c.islower() or c.isdigit() or c == "_" for c in name
            ):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise bad_request("command description is empty or too long")
        self.commands = commands
        return True

    async def _m_getmycommands(self, params: JSON, files: Any) -> list[JSON]:
        return self.commands

    async def _m_sendchataction(self, params: JSON, files: Any) -> bool:
        self._chat(params)
        if params.get("action") not in {
            "typing",
            "upload_photo",
            "record_video",
            "upload_video",
            "record_voice",
            "upload_voice",
            "upload_document",
            "choose_sticker",
            "find_location",
            "record_video_note",
            "upload_video_note",
        }:
            raise bad_request("wrong parameter action in request")
        return True

    async def _m_sendmessage(self, params: JSON, files: Any) -> JSON:
        chat = self._chat(params)
        text, entities = _formatted(params, "text", MAX_TEXT, "message is too long")
        if not text.strip():
            raise bad_request("message text is empty")
        message = self._new_bot_message(chat, params)
        message["text"] = text
        if entities:
            message["entities"] = entities
        return message

    async def _m_senddocument(
        self, params: JSON, files: dict[str, tuple[str | None, bytes]]
    ) -> JSON:
        chat = self._chat(params)
        document = params.get("document")
        upload = files.get("document")  # an upload is a multipart part named after the field
        if upload is not None:
            filename, data = upload
            stored = self.add_file(data)
            file_name = filename or "document"
        elif isinstance(document, str) and document in self.files:
            stored = self.files[document]
            file_name = stored.file_path.rsplit("/", 1)[-1]
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        message = self._new_bot_message(chat, params)
        message["document"] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "file_size": len(stored.data),
        }
        caption, entities = _formatted(
            params, "caption", MAX_CAPTION, "message caption is too long"
        )
        if caption:
            message["caption"] = caption
            if entities:
                message["caption_entities"] = entities
        return message

    async def _m_editmessagetext(self, params: JSON, files: Any) -> JSON:
        message = self._bot_message(params, "message to edit not found")
        text, entities = _formatted(params, "text", MAX_TEXT, "MESSAGE_TOO_LONG")
        if not text.strip():
            raise bad_request("message text is empty")
        markup = params.get("reply_markup")
        _check_markup(markup)
        if (
            message.get("text") == text
            and message.get("entities", []) == entities
            and message.get("reply_markup") == markup
        ):
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        message["text"] = text
        message["entities"] = entities
        if not entities:
            message.pop("entities")
        _set_markup(message, markup)
        message["edit_date"] = int(time.time())
        return message

    async def _m_editmessagereplymarkup(self, params: JSON, files: Any) -> JSON:
        message = self._bot_message(params, "message to edit not found")
        markup = params.get("reply_markup")
        _check_markup(markup)
        if message.get("reply_markup") == markup:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        _set_markup(message, markup)
        message["edit_date"] = int(time.time())
        return message

    async def _m_deletemessage(self, params: JSON, files: Any) -> bool:
        chat = self._chat(params)
        key = (int(chat["id"]), int(params.get("message_id") or 0))
        if key not in self.messages:
            raise bad_request("message to delete not found")
        del self.messages[key]
        return True

    async def _m_answercallbackquery(self, params: JSON, files: Any) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self.callback_queries or query_id in self.answered_callbacks:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = params.get("text")
        if isinstance(text, str) and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self.answered_callbacks[query_id] = params
        return True

    async def _m_getfile(self, params: JSON, files: Any) -> JSON:
        stored = self.files.get(str(params.get("file_id", "")))
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }

    def download(self, file_path: str) -> bytes | None:
        for stored in self.files.values():
            if stored.file_path == file_path:
                return stored.data
        return None

    # --- helpers -----------------------------------------------------------------------

    def _chat(self, params: JSON) -> JSON:
        chat_id = params.get("chat_id")
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        if not isinstance(chat_id, int) or chat_id not in self.chats:
            raise bad_request("chat not found")
        params["chat_id"] = chat_id
        return self.chats[chat_id]

    def _bot_message(self, params: JSON, missing: str) -> JSON:
        if params.get("inline_message_id"):
            raise bad_request("inline messages are not emulated")
        chat = self._chat(params)
        message = self.messages.get((int(chat["id"]), int(params.get("message_id") or 0)))
        if message is None:
            raise bad_request(missing)
        if message.get("from", {}).get("id") != self.bot_id:
            raise bad_request("message can't be edited")
        return message

    def _new_bot_message(self, chat: JSON, params: JSON) -> JSON:
        chat_id = int(chat["id"])
        message: JSON = {
            "message_id": self.next_message_id(chat_id),
            "from": self.bot_user,
            "chat": chat,
            "date": int(time.time()),
        }
        thread = params.get("message_thread_id")
        if isinstance(thread, int):
            message["message_thread_id"] = thread
        reply = params.get("reply_parameters")
        if isinstance(reply, dict):
            replied = self.messages.get((chat_id, int(reply.get("message_id") or 0)))
            if replied is not None:
                message["reply_to_message"] = {
                    k: v for k, v in replied.items() if k != "reply_to_message"
                }
            elif not reply.get("allow_sending_without_reply"):
                raise bad_request("message to be replied not found")
        markup = params.get("reply_markup")
        _check_markup(markup)
        _set_markup(message, markup)
        self.messages[(chat_id, message["message_id"])] = message
        return message


def _decode(key: str, value: Any) -> Any:
    """Form parameters arrive as strings, with non-string values JSON-encoded."""
    if not isinstance(value, str) or key in _STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _formatted(params: JSON, key: str, limit: int, too_long: str) -> tuple[str, list[JSON]]:
    raw = params.get(key)
    if raw is None:
        return "", []
    if not isinstance(raw, str):
        raw = str(raw)
    mode = str(params.get("parse_mode") or "").lower()
    if mode == "html":
        try:
            parsed = parse_html(raw)
        except ParseError as error:
            raise ApiError(400, str(error)) from None
        text, entities = parsed.text, parsed.entities
    else:
        entity_key = "entities" if key == "text" else f"{key}_entities"
        text, entities = raw, list(params.get(entity_key) or [])
    # Telegram strips surrounding whitespace before it measures.
    stripped = text.strip()
    if utf16_len(stripped) > limit:
        raise bad_request(too_long)
    return text, entities


def _check_markup(markup: Any) -> None:
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise bad_request("BUTTON_TEXT_INVALID")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise bad_request("BUTTON_DATA_INVALID")


def _set_markup(message: JSON, markup: Any) -> None:
    if isinstance(markup, dict) and markup.get("inline_keyboard"):
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)
