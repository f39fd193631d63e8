"""Several webhook replicas behind a load balancer, over one PostgreSQL.

- **Nothing lost**: the webhook answers 200 only after the update was handled, so an
  update whose replica died mid-way got no 2xx and comes again (from the balancer's
  retry or Telegram's redelivery), to whichever replica is alive.
- **Once only**: handled updates are recorded by ``update_id`` in the same transaction
  that holds the chat's lock; a redelivered one is acknowledged without a second answer.
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
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any
from urllib.parse import urlsplit

from psycopg import AsyncConnection
from psycopg.rows import TupleRow
from psycopg_pool import AsyncConnectionPool
from telegram import Update
from tornado.httpserver import HTTPServer
from tornado.web import Application as WebApplication
from tornado.web import RequestHandler

logger = logging.getLogger(__name__)

KEEP_PROCESSED_DAYS = 3  # Telegram gives up redelivering after a day
PRUNE_EVERY = 1000  # updates between prunes of the processed-update record
DRAIN_SECONDS = 60.0  # SIGTERM: how long the updates in flight may take to finish
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

Guard = Callable[[int, int | None, Awaitable[Any]], Awaitable[None]]


class UpdateGuard:
    """The chat lock and the processed-update record, on a pool of connections of its
    own: a connection waiting for a chat's lock never starves the storage's pool."""

    def __init__(self, url: str, size: int) -> None:
        self._pool: AsyncConnectionPool[AsyncConnection[TupleRow]] = AsyncConnectionPool(
            url, min_size=1, max_size=size, kwargs={"autocommit": True}, open=False
        )
        self._handled = 0

    async def open(self) -> None:
        await self._pool.open(wait=True, timeout=15)
        await self._prune()

    async def close(self) -> None:
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
                seen = await (
                    await db.execute(
                        "SELECT 1 FROM processed_updates WHERE update_id = %s", (update_id,)
                    )
                ).fetchone()
                if seen:
                    logger.info("update %d was already handled: not answered again", update_id)
                    return
                await work
                await db.execute(
                    "INSERT INTO processed_updates (update_id) VALUES (%s) ON CONFLICT DO NOTHING",
                    (update_id,),
                )
        finally:
            if (
                inspect.iscoroutine(work)
                and inspect.getcoroutinestate(work) == inspect.CORO_CREATED
            ):
                work.close()  # never started (already handled, or cancelled while waiting)
        self._handled += 1
        if self._handled % PRUNE_EVERY == 0:
            await self._prune()

    async def _prune(self) -> None:
        async with self._pool.connection() as db:
            await db.execute(
                "DELETE FROM processed_updates"
                " WHERE processed_at < now() - make_interval(days => %s)",
                (KEEP_PROCESSED_DAYS,),
            )


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
        try:
            app = replica.app
            # Answered after the handlers ran: no 2xx for an update that was not handled.
            await app.update_processor.process_update(update, app.process_update(update))
        finally:
            replica.in_flight -= 1
            if replica.in_flight == 0:
                replica.idle.set()
        self.set_status(200)


class _HealthHandler(RequestHandler):
    def initialize(self, replica: _Replica) -> None:
        self.replica = replica

    async def get(self) -> None:
        ok = not self.replica.draining and await self.replica.guard.healthy()
        self.set_status(200 if ok else 503)
        self.write("ok\n" if ok else ("draining\n" if self.replica.draining else "no database\n"))


async def serve_replica(app: Any, settings: Any, guard_pool_size: int) -> None:
    """Run ``app`` (a built Brief Application) as one replica until SIGTERM/SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    logging.getLogger("tornado.access").setLevel(
        logging.WARNING
    )  # not a line per update  # not a line per update
    guard = UpdateGuard(settings.database_url, guard_pool_size)
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
