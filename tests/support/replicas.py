"""Replicas of `python -m bot run` (webhook mode, one PostgreSQL) behind a real HAProxy,
and a deliverer that plays Telegram: it POSTs each chat's updates in order and sends an
update again until it gets a 2xx (Telegram's webhook redelivery); the method a 2xx
carries in its body is run by the emulator, as Telegram does (``post_update``).

Used by tests/e2e/test_e2e_replicas.py and benchmarks/replicas.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import sys
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests import factories as f
from tests.emulator import BotAPI, BotAPIServer
from tests.support.readers import Reader

REPO = Path(__file__).resolve().parents[2]
SECRET = "replica-test-secret_1"
HEADERS = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
HOOK_PATH = "/telegram/hook"
STARTUP = 90.0


def updates_of(api: BotAPI, reader: Reader) -> list[dict[str, Any]]:
    """A reader's chat as Telegram would deliver it: the article, then its ten questions
    (queued in the emulator, not delivered: the deliverer POSTs them)."""
    first = api.push_message(reader.article_message(), deliver=False)
    questions = [
        api.push_message(f.message(reader.chat, reader.sender, q), deliver=False)
        for q in reader.article.ten_questions
    ]
    return [first, *questions]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def haproxy_binary() -> str | None:
    return shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy",) if os.path.exists(p)), None
    )


def haproxy_config(port: int, replicas: Sequence[int]) -> str:
    """The balancer: round robin over the replicas that pass /healthz; a request whose
    replica dropped the connection or said 503 (draining) is sent to another one."""
    servers = "\n".join(
        f"    server r{n} 127.0.0.1:{p} check inter 500ms fall 2 rise 2"
        for n, p in enumerate(replicas)
    )
    return f"""global
    maxconn 2000

defaults
    mode http
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout 503

frontend telegram
    bind 127.0.0.1:{port}
    default_backend brief

backend brief
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
{servers}
"""


@dataclass
class Balancer:
    port: int
    process: asyncio.subprocess.Process

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{HOOK_PATH}"


@asynccontextmanager
async def haproxy(replica_ports: Sequence[int], workdir: Path) -> AsyncIterator[Balancer]:
    binary = haproxy_binary()
    assert binary, "haproxy is not installed"
    port = free_port()
    config = workdir / "haproxy.cfg"
    config.write_text(haproxy_config(port, replica_ports))
    log = (workdir / "haproxy.log").open("wb")
    process = await asyncio.create_subprocess_exec(
        binary, "-db", "-f", str(config), stdout=log, stderr=log
    )
    try:
        yield Balancer(port, process)
    finally:
        process.terminate()
        await process.wait()
        log.close()


def replica_env(server: BotAPIServer, database_url: str, port: int, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "PYTHONPATH": str(REPO),
        "TELEGRAM_BOT_TOKEN": server.api.token,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "BRIEF_DATABASE_URL": database_url,
        "BRIEF_WEBHOOK_URL": f"https://brief.example.test{HOOK_PATH}",
        "BRIEF_WEBHOOK_LISTEN": "127.0.0.1",
        "BRIEF_WEBHOOK_PORT": str(port),
        "BRIEF_WEBHOOK_SECRET": SECRET,
        "BRIEF_INGESTS_PER_MINUTE": "0",
        "BRIEF_ANALYSIS_WORKERS": "0",
        "BRIEF_LOG_LEVEL": "INFO",
        # The emulator is not Telegram: no flood limit to keep under, as in the other
        # end-to-end benchmarks; the replicas' own throughput is what is measured.
        "BRIEF_SENDS_PER_SECOND": "0",
        **extra,
    }


@dataclass
class Replica:
    port: int
    process: asyncio.subprocess.Process
    log: Path


@asynccontextmanager
async def replicas(
    server: BotAPIServer, database_url: str, count: int, workdir: Path
) -> AsyncIterator[list[Replica]]:
    started: list[Replica] = []
    sinks = []
    try:
        for n in range(count):
            port = free_port()
            log = workdir / f"replica{n}.log"
            sink = log.open("wb")
            sinks.append(sink)
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                cwd=REPO,
                env=replica_env(server, database_url, port),
                stdout=sink,
                stderr=sink,
            )
            started.append(Replica(port, process, log))
        async with httpx.AsyncClient(timeout=5) as client:
            for replica in started:
                await wait_healthy(client, replica)
        yield started
    finally:
        for replica in started:
            if replica.process.returncode is None:
                replica.process.kill()
                await replica.process.wait()
        for sink in sinks:
            sink.close()


async def wait_healthy(client: httpx.AsyncClient, replica: Replica) -> None:
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if replica.process.returncode is not None:
            raise AssertionError(f"replica exited: {replica.log.read_text()[-2000:]}")
        try:
            response = await client.get(f"http://127.0.0.1:{replica.port}/healthz")
            if response.status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise AssertionError(f"replica never healthy: {replica.log.read_text()[-2000:]}")


@dataclass
class Delivery:
    """What the deliverer saw: attempts beyond the first, and each update's latency."""

    redelivered: int = 0
    latencies: list[float] = field(default_factory=list)


async def post_update(
    client: httpx.AsyncClient, url: str, update: dict[str, Any], api: BotAPI
) -> httpx.Response:
    """POST one update to the webhook as Telegram does: a 2xx that carries a Bot API
    method in its body has the emulator run it."""
    response = await client.post(url, content=json.dumps(update), headers=HEADERS)
    content_type = response.headers.get("content-type", "")
    await api.webhook_answered(response.status_code, content_type, response.content)
    return response


async def deliver(
    api: BotAPI, url: str, chats: Sequence[Sequence[dict[str, Any]]], connections: int = 40
) -> Delivery:
    """POST each chat's updates in order, chats concurrently over at most ``connections``
    connections (Telegram's default for a webhook); again until a 2xx."""
    seen = Delivery()
    slots = asyncio.Semaphore(connections)
    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def one_chat(updates: Sequence[dict[str, Any]]) -> None:
            for update in updates:
                start = time.monotonic()
                for attempt in range(200):
                    async with slots:
                        try:
                            response = await post_update(client, url, update, api)
                            if 200 <= response.status_code < 300:
                                break
                        except httpx.TransportError:
                            pass
                    seen.redelivered += 1
                    await asyncio.sleep(min(0.1 * (attempt + 1), 1.0))
                else:
                    raise AssertionError(f"update {update['update_id']} never accepted")
                seen.latencies.append(time.monotonic() - start)

        await asyncio.gather(*(one_chat(updates) for updates in chats))
    return seen
