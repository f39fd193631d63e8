"""`python -m bot run` as a real process: polling, SIGTERM mid-update, webhook mode."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import time
from pathlib import Path

import httpx

from tests import factories as f
from tests.emulator import BotAPI, BotAPIServer, Fault
from tests.support.brief_process import STARTUP, bot_env, brief_process, integrity

REPO = Path(__file__).resolve().parents[2]
TOWN = f.town_article(11)


async def test_sigterm_lets_the_update_in_flight_finish_and_closes_the_database(
    tmp_path: Path,
) -> None:
    async with BotAPIServer(BotAPI()) as server:
        api = server.api
        log = tmp_path / "bot.log"
        ada = f.user("Ada")
        chat = f.private_chat(ada)
        async with brief_process(bot_env(server, tmp_path), log) as process:
            await api.wait_until(lambda: api.polling, within=STARTUP)
            assert api.calls_to("setMyCommands")
            # The reply will take two seconds to be accepted: SIGTERM arrives meanwhile.
            api.inject(Fault("sendMessage", delay=2.0, then_answer=True))
            api.push_message(f.message(chat, ada, TOWN.text))
            await api.wait_until(
                lambda: any(c.method == "sendMessage" for c in api.in_progress), within=30
            )
            process.send_signal(signal.SIGTERM)
            terminated_at = time.monotonic()
            assert await asyncio.wait_for(process.wait(), 60) == 0

        (summary,) = api.sent_to(chat["id"])
        assert summary.text.startswith(TOWN.town)
        # The reply was still on its way (two seconds at the emulator) when SIGTERM came.
        assert summary.at + 2.0 > terminated_at
        assert integrity(tmp_path / "brief.db") == "ok"
        output = log.read_text(errors="replace")
        assert api.token not in output
        # The update was confirmed before exit: a restart does not answer it twice. (Had it
        # not been, the restarted bot would fetch it, and its next poll would confirm it.)
        async with brief_process(bot_env(server, tmp_path), tmp_path / "again.log") as again:
            # Polling with nothing pending: anything fetched before was confirmed by now.
            await api.wait_until(lambda: api.polling and api.pending_updates == 0, STARTUP)
            again.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(again.wait(), 60) == 0
        assert len(api.sent_to(chat["id"])) == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_mode_checks_the_secret(tmp_path: Path) -> None:
    async with BotAPIServer(BotAPI()) as server:
        api = server.api
        port = free_port()
        env = bot_env(
            server,
            tmp_path,
            BRIEF_WEBHOOK_URL="https://brief.example.test/hooks/brief",
            BRIEF_WEBHOOK_LISTEN="127.0.0.1",
            BRIEF_WEBHOOK_PORT=str(port),
            BRIEF_WEBHOOK_SECRET="s3cret_Token-1",
            BRIEF_LOG_LEVEL="INFO",  # the default: no article text may be logged
        )
        ada = f.user("Ada")
        chat = f.private_chat(ada)
        async with brief_process(env, tmp_path / "bot.log") as process:
            await api.wait_for_calls("setWebhook", within=STARTUP)
            (registered,) = api.calls_to("setWebhook")
            assert registered.params["url"] == "https://brief.example.test/hooks/brief"
            assert registered.params["secret_token"] == "s3cret_Token-1"
            hook = f"http://127.0.0.1:{port}/hooks/brief"
            async with httpx.AsyncClient(timeout=10) as client:
                forged = api.push_message(f.message(chat, ada, "forged"), deliver=False)
                response = await post_when_listening(client, hook, forged, "wrong")
                assert response.status_code == 403
                update = api.push_message(f.message(chat, ada, TOWN.text), deliver=False)
                response = await client.post(
                    hook,
                    content=json.dumps(update),
                    headers={
                        "Content-Type": "application/json",
                        "X-Telegram-Bot-Api-Secret-Token": "s3cret_Token-1",
                    },
                )
                assert response.status_code == 200
            (summary,) = await api.wait_for_sent(chat["id"], 1, within=30)
            assert summary.text.startswith(TOWN.town)
            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), 60) == 0
        assert len(api.sent_to(chat["id"])) == 1  # the forged update was never processed
        output = (tmp_path / "bot.log").read_text(errors="replace")
        assert "Application started" in output  # the log was written
        assert api.token not in output
        assert TOWN.mayor not in output and TOWN.headline not in output


async def post_when_listening(
    client: httpx.AsyncClient, url: str, update: dict[str, object], secret: str
) -> httpx.Response:
    """The webhook server starts right after setWebhook: retry the first connection briefly."""
    for _ in range(100):
        try:
            return await client.post(
                url,
                content=json.dumps(update),
                headers={
                    "Content-Type": "application/json",
                    "X-Telegram-Bot-Api-Secret-Token": secret,
                },
            )
        except httpx.ConnectError:
            await asyncio.sleep(0.1)
    raise AssertionError("the webhook server never listened")
