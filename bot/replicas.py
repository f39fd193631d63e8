"""Several webhook replicas behind a load balancer, over one PostgreSQL.

- **Nothing lost**: the webhook answers 200 only after the update was handled, so an
  update whose replica died mid-way got no 2xx and comes again (from the balancer's
  retry or Telegram's redelivery), to whichever replica is alive.
- **Once only**: handled updates are recorded by ``update_id`` in the same transaction
  that holds the chat's lock; a redelivered one is acknowledged without a second answer.
- **Replies once only**: an update answered by one message (a summary, an answer, a
  hint: ``bot.webhook_reply.one_message_reply``) gets that reply held, not sent: it goes
  in the body of the webhook's 2xx as a Bot API method, which Telegram runs when it
  gets that 2xx, the same event that stops the redelivery. A replica killed before the
  2xx sent nothing; the update comes again and is answered then. The held reply is
  stored with the handled-update record, so an update handled whose 2xx never reached
  Telegram gets the same reply again when it comes again. The handler gets a stand-in
  answer without a message id (``NOT_SENT_YET``); nor does it see Telegram's errors:
  the HTML-to-plain-text and too-long fallbacks of handlers/replies.py cannot run for it.
- **Other replies** (a reply in parts, a second reply, a file, edits, callback
  answers) go through the API. Each one Telegram accepts is recorded on its own as soon
  as Telegram answers (``JournaledRequest``), and the update, handled again, replays it
  instead of sending it again. What remains for them is the moment between Telegram's
  answer and that record: a kill there repeats that one reply. (An edit or a callback
  answer repeated changes nothing the user sees.) A held reply followed by another one
  is sent first, through the API, so the order holds.
- **In order**: one chat's updates take a transaction-scoped advisory lock keyed by the
  chat id, so across replicas they run one at a time, in the order they arrived. A
  replica that dies mid-update loses its connection, which ends its transaction and
  frees the lock: nothing to clean up.
- **Draining**: on SIGTERM the health endpoint turns 503 (the balancer stops sending),
  new updates get 503 (the balancer retries them elsewhere), and the updates in flight
  finish before the database closes.
"""

from __future__ import annotations

import asyncio
import hmac
import inspect
import json
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from psycopg import AsyncConnection
from psycopg.rows import TupleRow
from psycopg_pool import AsyncConnectionPool
from telegram import Update
from telegram.request import HTTPXRequest, RequestData
from tornado.httpserver import HTTPServer
from tornado.web import Application as WebApplication
from tornado.web import RequestHandler

from bot.webhook_reply import NOT_SENT_YET, is_one_message_reply

logger = logging.getLogger(__name__)

KEEP_PROCESSED_DAYS = 3  # Telegram gives up redelivering after a day
PRUNE_EVERY = 1000  # updates between prunes of the processed-update record
DRAIN_SECONDS = 60.0  # SIGTERM: how long the updates in flight may take to finish
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
JOURNAL_CONNECTIONS = 4  # connections kept open to record accepted replies

Guard = Callable[[int, int | None, Awaitable[Any]], Awaitable[None]]
# Bot API calls whose effect the user sees, by method-name prefix; a chat action is not
# one (sending "typing…" twice harms nothing).
REPLY_METHODS = ("send", "edit", "answer", "delete", "copy", "forward")
NOT_REPLIES = frozenset({"sendChatAction"})


@dataclass
class WebhookAnswer:
    """The body of a webhook's 2xx: a Bot API method as JSON for Telegram to run, or
    None (an empty 200)."""

    body: bytes | None = None


@dataclass(frozen=True)
class _HeldReply:
    """A reply not sent yet: the call as the handler made it, and as a webhook answer."""

    bot_method: str
    call: tuple[Any, ...]  # do_request's arguments, to send it through the API after all
    body: bytes


@dataclass
class _UpdateReplies:
    """The replies of the update being handled: those an earlier delivery of it got
    accepted by Telegram (sequence number -> method, Telegram's answer), and the next
    sequence number. Handlers send one after another, so the numbering repeats. ``held``
    is the reply waiting for the 2xx; ``answer`` is where it goes (None: no webhook
    request to answer, nothing is held)."""

    update_id: int
    recorded: dict[int, tuple[str, bytes]] = field(default_factory=dict)
    next_seq: int = 0
    answer: WebhookAnswer | None = None
    held: _HeldReply | None = None


_handling: ContextVar[_UpdateReplies | None] = ContextVar("brief_update_replies", default=None)
_answering: ContextVar[WebhookAnswer | None] = ContextVar("brief_webhook_answer", default=None)


class UpdateGuard:
    """The chat lock and the processed-update record, on a pool of connections of its
    own: a connection waiting for a chat's lock never starves the storage's pool."""

    def __init__(self, url: str, size: int) -> None:
        self._pool: AsyncConnectionPool[AsyncConnection[TupleRow]] = AsyncConnectionPool(
            url, min_size=1, max_size=size, kwargs={"autocommit": True}, open=False
        )
        # Replies are recorded on connections of their own, opened at start: between
        # Telegram's answer and this record a kill duplicates a reply, so the record
        # never waits for a connection to be opened or freed.
        self._journal: AsyncConnectionPool[AsyncConnection[TupleRow]] = AsyncConnectionPool(
            url,
            min_size=JOURNAL_CONNECTIONS,
            max_size=JOURNAL_CONNECTIONS,
            kwargs={"autocommit": True},
            open=False,
        )
        self._handled = 0

    async def open(self) -> None:
        await self._pool.open(wait=True, timeout=15)
        await self._journal.open(wait=True, timeout=15)
        await self._prune()

    async def close(self) -> None:
        await self._journal.close()
        await self._pool.close()

    async def healthy(self) -> bool:
        try:
            async with self._pool.connection(timeout=2) as db:
                await db.execute("SELECT 1")
        except Exception:
            return False
        return True

    async def run(self, update_id: int, chat_key: int | None, work: Awaitable[Any]) -> None:
        """Run ``work`` (the handlers of one update) unless that update was handled."""
        try:
            async with self._pool.connection() as db, db.transaction():
                if chat_key is not None:
                    await db.execute("SELECT pg_advisory_xact_lock(%s)", (chat_key,))
                answer = _answering.get()
                seen = await (
                    await db.execute(
                        "SELECT response FROM processed_updates WHERE update_id = %s",
                        (update_id,),
                    )
                ).fetchone()
                if seen:
                    # Its 2xx did not reach Telegram, or Telegram would not send it again:
                    # the reply it carried was not sent, and goes in this one.
                    logger.info("update %d was already handled: not answered again", update_id)
                    if answer is not None and seen[0] is not None:
                        answer.body = bytes(seen[0])
                    return
                replies = _UpdateReplies(
                    update_id, await self._recorded(db, update_id), answer=answer
                )
                handling = _handling.set(replies)
                try:
                    await work
                finally:
                    _handling.reset(handling)
                held = replies.held.body if replies.held is not None else None
                await db.execute(
                    "INSERT INTO processed_updates (update_id, chat_id, response)"
                    " VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                    (update_id, chat_key, held),
                )
                if answer is not None:
                    answer.body = held
        finally:
            if (
                inspect.iscoroutine(work)
                and inspect.getcoroutinestate(work) == inspect.CORO_CREATED
            ):
                work.close()  # never started (already handled, or cancelled while waiting)
        self._handled += 1
        if self._handled % PRUNE_EVERY == 0:
            await self._prune()

    @staticmethod
    async def _recorded(
        db: AsyncConnection[TupleRow], update_id: int
    ) -> dict[int, tuple[str, bytes]]:
        rows = await (
            await db.execute(
                "SELECT seq, method, response FROM sent_replies WHERE update_id = %s",
                (update_id,),
            )
        ).fetchall()
        if rows:
            logger.info("update %d comes again: %d reply(ies) already sent", update_id, len(rows))
        return {seq: (method, bytes(response)) for seq, method, response in rows}

    async def record_reply(self, update_id: int, seq: int, method: str, response: bytes) -> None:
        """Record at once (not in the update's transaction, which a kill would undo)."""
        async with self._journal.connection() as db:
            await db.execute(
                "INSERT INTO sent_replies (update_id, seq, method, response)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                (update_id, seq, method, response),
            )

    async def _prune(self) -> None:
        async with self._pool.connection() as db:
            await db.execute(
                "DELETE FROM processed_updates"
                " WHERE processed_at < now() - make_interval(days => %s)",
                (KEEP_PROCESSED_DAYS,),
            )
            await db.execute(
                "DELETE FROM sent_replies WHERE sent_at < now() - make_interval(days => %s)",
                (KEEP_PROCESSED_DAYS,),
            )


class JournaledRequest(HTTPXRequest):
    """A replica's HTTP layer to Telegram, while an update is handled.

    A sendMessage marked as a reply of one message is held for the webhook's answer
    (the module's docstring says why), as long as no other reply follows it: one that
    does sends the held one first. Held replies are decided call by call, as the
    handlers make them, rather than by holding all of an update's replies and counting
    at the end: a reply in several parts then keeps every message id its handler links.

    Any other reply that Telegram accepts is recorded with the update's id and its
    sequence number. When the same update is handled again (its replica died before it
    was recorded as handled), a reply already recorded is not sent: Telegram's recorded
    answer is returned instead, so the handlers go on as if they had sent it (the
    message id they link to the article included)."""

    def __init__(self, guard: UpdateGuard) -> None:
        super().__init__(connection_pool_size=256)  # python-telegram-bot's own default
        self._guard = guard

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        call: tuple[Any, ...] = (url, method, request_data, read_timeout, write_timeout)
        call += (connect_timeout, pool_timeout)
        replies = _handling.get()
        bot_method = url.rsplit("/", 1)[-1]
        if replies is None or bot_method in NOT_REPLIES or not bot_method.startswith(REPLY_METHODS):
            return await super().do_request(*call)
        if replies.held is not None:  # another reply follows the held one: it goes first
            held, replies.held = replies.held, None
            status, _ = await self._journaled(replies, held.bot_method, held.call)
            if not 200 <= status < 300:
                logger.error("a reply held for the webhook's answer was refused (%d)", status)
        if (
            replies.answer is not None
            and bot_method == "sendMessage"
            and is_one_message_reply()
            and request_data is not None
            and not request_data.contains_files
        ):
            replies.held = _HeldReply(bot_method, call, _as_method(bot_method, request_data))
            return 200, _stand_in(request_data)
        return await self._journaled(replies, bot_method, call)

    async def _journaled(
        self, replies: _UpdateReplies, bot_method: str, call: tuple[Any, ...]
    ) -> tuple[int, bytes]:
        """Send a reply through the API, or replay it if an earlier delivery of the
        update got it accepted; record it once accepted."""
        seq = replies.next_seq
        recorded = replies.recorded.get(seq)
        if recorded is not None and recorded[0] == bot_method:
            replies.next_seq += 1
            return 200, recorded[1]
        status, body = await super().do_request(*call)
        if 200 <= status < 300:  # a refused or retried call keeps its number for the retry
            replies.next_seq += 1
            await self._guard.record_reply(replies.update_id, seq, bot_method, _without_text(body))
        return status, body


def _as_method(bot_method: str, request_data: RequestData) -> bytes:
    """The call as a webhook answer: the method's name beside its parameters."""
    return json.dumps({"method": bot_method, **request_data.parameters}).encode()


def _stand_in(request_data: RequestData) -> bytes:
    """What the handler gets for a held sendMessage: a message with no id yet."""
    chat_id = request_data.parameters.get("chat_id")
    message = {
        "message_id": NOT_SENT_YET,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private"},  # the handlers read only the id
    }
    return json.dumps({"ok": True, "result": message}).encode()


def _without_text(body: bytes) -> bytes:
    """Telegram's answer to a reply, kept to what the handlers use of it (the message's
    id, date and chat): the record holds none of the chat's words."""
    try:
        answer = json.loads(body)
    except ValueError:
        return body
    message = answer.get("result") if isinstance(answer, dict) else None
    if isinstance(message, dict) and "message_id" in message:
        chat = message.get("chat") or {}
        answer["result"] = {
            "message_id": message["message_id"],
            "date": message.get("date", 0),
            "chat": {"id": chat.get("id"), "type": chat.get("type", "private")},
        }
    return json.dumps(answer).encode()


class _Replica:
    """What the request handlers share: the bot application, the secret, the state."""

    def __init__(self, app: Any, secret: str, guard: UpdateGuard) -> None:
        self.app = app
        self.secret = secret
        self.guard = guard
        self.draining = False
        self.in_flight = 0
        self.idle = asyncio.Event()
        self.idle.set()


class _UpdateHandler(RequestHandler):
    def initialize(self, replica: _Replica) -> None:
        self.replica = replica

    async def post(self) -> None:
        replica = self.replica
        if replica.draining:
            self.set_status(503)  # the balancer sends it to another replica
            return
        sent = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(sent.encode(), replica.secret.encode()):
            self.set_status(403)
            return
        try:
            update = Update.de_json(json.loads(self.request.body), replica.app.bot)
        except (ValueError, TypeError, KeyError):
            self.set_status(400)
            return
        replica.in_flight += 1
        replica.idle.clear()
        answer = WebhookAnswer()
        answering = _answering.set(answer)
        try:
            app = replica.app
            # Answered after the handlers ran: no 2xx for an update that was not handled.
            await app.update_processor.process_update(update, app.process_update(update))
        finally:
            _answering.reset(answering)
            replica.in_flight -= 1
            if replica.in_flight == 0:
                replica.idle.set()
        self.set_status(200)
        if answer.body is not None:  # the update's reply, for Telegram to send
            self.set_header("Content-Type", "application/json")
            self.write(answer.body)


class _HealthHandler(RequestHandler):
    def initialize(self, replica: _Replica) -> None:
        self.replica = replica

    async def get(self) -> None:
        ok = not self.replica.draining and await self.replica.guard.healthy()
        self.set_status(200 if ok else 503)
        self.write("ok\n" if ok else ("draining\n" if self.replica.draining else "no database\n"))


async def serve_replica(app: Any, settings: Any, guard: UpdateGuard) -> None:
    """Run ``app`` (a Brief Application built with ``JournaledRequest(guard)``) as one
    replica until SIGTERM/SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    logging.getLogger("tornado.access").setLevel(logging.WARNING)  # not a line per update
    await app.initialize()
    try:
        await app.post_init(app)  # opens the storage, migrates, builds the service
        await guard.open()
        app.update_processor.guard = guard.run
        replica = _Replica(app, settings.webhook_secret, guard)
        path = urlsplit(settings.webhook_url).path or "/"
        server = HTTPServer(
            WebApplication(
                [
                    (path, _UpdateHandler, {"replica": replica}),
                    ("/healthz", _HealthHandler, {"replica": replica}),
                ]
            )
        )
        server.listen(settings.webhook_port, settings.webhook_listen)
        await app.bot.set_webhook(
            url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY],
            drop_pending_updates=False,
        )
        await app.start()
        logger.info("replica listening on %s:%d", settings.webhook_listen, settings.webhook_port)
        await stop.wait()
        logger.info("draining: finishing %d update(s) in flight", replica.in_flight)
        replica.draining = True
        server.stop()
        with suppress(TimeoutError):
            await asyncio.wait_for(replica.idle.wait(), DRAIN_SECONDS)
        await server.close_all_connections()
        await app.stop()
    finally:
        await guard.close()
        await app.post_shutdown(app)
        await app.shutdown()
