"""Two replicas of `python -m bot run` (webhook mode) on one PostgreSQL, behind a real
HAProxy; the test plays Telegram, delivering each update until it gets a 2xx."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
from pathlib import Path

import httpx
import psycopg
import pytest

from tests import factories as f
from tests.emulator import BotAPI, BotAPIServer, Call, Fault
from tests.support.postgres import required
from tests.support.readers import Reader, readers
from tests.support.replicas import (
    HEADERS,
    HOOK_PATH,
    Replica,
    deliver,
    haproxy,
    haproxy_binary,
    post_update,
    replicas,
    updates_of,
)

CHATS = 200


@pytest.fixture
def balancer_installed() -> None:
    if haproxy_binary() is None:
        if required():
            pytest.fail("BRIEF_REQUIRE_POSTGRES=1 but haproxy is not installed")
        pytest.skip("haproxy is not installed (Debian: apt-get install haproxy)")


def forget_handled(postgres_url: str, update_id: int) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as db:
        deleted = db.execute("DELETE FROM processed_updates WHERE update_id = %s", (update_id,))
        assert deleted.rowcount == 1


def recorded_replies(postgres_url: str, update_id: int) -> list[bytes]:
    with psycopg.connect(postgres_url) as db:
        rows = db.execute(
            "SELECT response FROM sent_replies WHERE update_id = %s", (update_id,)
        ).fetchall()
    return [bytes(row[0]) for row in rows]


def links_of(postgres_url: str, chat_id: int) -> int:
    with psycopg.connect(postgres_url) as db:
        row = db.execute(
            "SELECT count(*) FROM message_links WHERE chat_id = %s", (chat_id,)
        ).fetchone()
    assert row is not None
    return int(row[0])


def hook(replica: Replica) -> str:
    return f"http://127.0.0.1:{replica.port}{HOOK_PATH}"


def already_handled(replicas: list[Replica], update_id: int) -> int:
    """How many deliveries of ``update_id`` found it handled already (replicas' logs)."""
    logs = "".join(replica.log.read_text() for replica in replicas)
    return logs.count(f"update {update_id} was already handled")


def long_article() -> str:
    """An article of very long sentences: its summary needs two messages."""
    things = ["harbour", "lighthouse", "festival", "mayor", "boats", "valley", "quay"]
    sentences = [
        f"Chronicle {i} says that "
        + ", and ".join(
            f"the {things[(i + j) % 7]} number {i * 40 + j} stood by the {things[j % 7]}"
            for j in range(36)
        )
        + "."
        for i in range(8)
    ]
    paragraphs = [" ".join(sentences[k : k + 2]) for k in range(0, 8, 2)]
    return "Long harbour chronicle\n\n" + "\n\n".join(paragraphs)


def duplicates_and_order(api: BotAPI, group: list[Reader]) -> tuple[int, list[str]]:
    """Replies beyond the expected 11 per chat, and the problems of each chat's replies
    once those are taken out. A reply that does not answer the chat's next update but
    answers the one before it is that update answered again after a redelivery."""
    towns = {r.article.town for r in group}
    extra, problems = 0, []
    for reader in group:
        wanted = [reader.article.town, *reader.article.ten_questions.values()]
        kept: list[Call] = []
        for reply in api.sent_to(reader.chat_id):
            text = reply.text
            slot = len(kept)
            # A repeat is matched by the fact it answers, not by its wording, which
            # may differ when the other replica answers from its own copy of the article.
            if not _answers(wanted, slot, text) and slot and _answers(wanted, slot - 1, text):
                extra += 1
                continue
            kept.append(reply)
        problems += reader.problems(kept, towns)
    return extra, problems


def _answers(wanted: list[str], slot: int, text: str) -> bool:
    """Whether ``text`` is the reply expected at ``slot``: the summary, then the answers."""
    if slot >= len(wanted):
        return False
    return text.startswith(wanted[0]) if slot == 0 else wanted[slot] in text


@pytest.mark.slow
async def test_a_replica_killed_mid_run_loses_nothing(
    balancer_installed: None, postgres_url: str, tmp_path: Path
) -> None:
    async with BotAPIServer(BotAPI()) as server:
        api = server.api
        async with (
            replicas(server, postgres_url, 2, tmp_path) as (first, second),
            haproxy([first.port, second.port], tmp_path) as balancer,
        ):
            group = readers(CHATS)
            chats = [updates_of(api, reader) for reader in group]
            delivery = asyncio.create_task(deliver(api, balancer.url, chats))
            await api.wait_until(
                lambda: sum(api.sent_count(r.chat_id) for r in group) >= CHATS * 11 // 4,
                within=300,
            )
            async with httpx.AsyncClient() as client:
                healthy = await client.get(f"http://127.0.0.1:{first.port}/healthz")
            assert healthy.status_code == 200  # serving its share until the kill
            first.process.send_signal(signal.SIGKILL)  # mid-run: updates in flight on it
            seen = await asyncio.wait_for(delivery, 600)
            await api.wait_until(
                lambda: all(api.sent_count(r.chat_id) >= r.expected_replies for r in group),
                within=120,
            )
            await asyncio.sleep(2)  # nothing more arrives late
            extra, problems = duplicates_and_order(api, group)
            print(
                f"\nkill test: {CHATS * 11} updates, {seen.redelivered} redeliveries, "
                f"{extra} duplicate replies, problems: {problems[:5]}"
            )
            assert problems == []  # none lost, each chat's replies in order, right facts
            # Every reply here is one message (a summary, an answer), sent in the webhook's
            # 2xx: sent once that 2xx reaches Telegram, never before. Replies in several
            # messages still go through the API and the journal, where a kill between
            # Telegram's answer and the record repeats one (..._goes_through_the_journal).
            assert extra == 0, extra
            assert all(c.in_webhook_answer for r in group for c in api.sent_to(r.chat_id))
            assert second.process.returncode is None


async def test_a_reply_in_the_webhook_answer_is_sent_once_and_still_names_its_article(
    balancer_installed: None, postgres_url: str, tmp_path: Path
) -> None:
    async with BotAPIServer(BotAPI()) as server:
        api = server.api
        async with replicas(server, postgres_url, 2, tmp_path) as (first, second):
            reader, other = readers(2)
            chat_id = reader.chat_id
            article = api.push_message(reader.article_message(), deliver=False)
            async with httpx.AsyncClient(timeout=60) as client:
                # The summary waits in the 2xx: nothing is sent before Telegram gets it.
                lost = await client.post(hook(first), content=json.dumps(article), headers=HEADERS)
                assert lost.status_code == 200 and api.sent_count(chat_id) == 0
                assert json.loads(lost.content)["method"] == "sendMessage"
                # That 2xx never reached Telegram (the line dropped), so the update comes
                # again, to either replica: it is not handled again, and the answer
                # carries the same reply, which Telegram then sends, once.
                for replica in (second, first):
                    again = await post_update(client, hook(replica), article, api)
                    assert again.status_code == 200 and again.content == lost.content
                sent = api.sent_to(chat_id)
                assert [call.in_webhook_answer for call in sent] == [True, True]
                assert sent[0].text == sent[1].text
                assert sent[0].text.startswith(reader.article.town)
                assert recorded_replies(postgres_url, article["update_id"]) == []
                assert already_handled([first, second], article["update_id"]) == 2
                # A second article becomes the active one; a question in reply to the first
                # summary (no message id was known to link) asks that summary's article.
                second_article = api.push_message(
                    f.message(reader.chat, reader.sender, other.article.text), deliver=False
                )
                await post_update(client, hook(second), second_article, api)
                summary = api.bot_messages(chat_id)[0]
                assert links_of(postgres_url, chat_id) == 0
                asked = api.push_message(
                    f.message(reader.chat, reader.sender, "Who is the mayor?", reply_to=summary),
                    deliver=False,
                )
                await post_update(client, hook(first), asked, api)
                answer = api.sent_to(chat_id)[-1].text
                assert reader.article.mayor.split()[-1] in answer, answer
                assert other.article.mayor.split()[-1] not in answer


async def test_a_reply_in_parts_goes_through_the_journal_and_sigterm_drains(
    balancer_installed: None, postgres_url: str, tmp_path: Path
) -> None:
    async with BotAPIServer(BotAPI()) as server:
        api = server.api
        async with replicas(server, postgres_url, 2, tmp_path) as (first, second):
            reader = readers(1)[0]
            chat_id = reader.chat_id
            article = api.push_message(
                f.message(reader.chat, reader.sender, long_article()), deliver=False
            )
            async with httpx.AsyncClient(timeout=60) as client:
                # A summary in two messages: both through the API, in order, none held.
                answer = await post_update(client, hook(first), article, api)
                assert answer.status_code == 200 and answer.content == b""
                sent = api.sent_to(chat_id)
                assert len(sent) == 2 and not any(c.in_webhook_answer for c in sent)
                # A replica that died after Telegram accepted the parts, before the update
                # was recorded as handled: the update comes again, and the parts are not
                # sent again (each was recorded on its own when Telegram accepted it).
                recorded = recorded_replies(postgres_url, article["update_id"])
                assert len(recorded) == 2 and all(b"message_id" in r for r in recorded)
                assert all(b"harbour" not in r for r in recorded)  # none of the words
                forget_handled(postgres_url, article["update_id"])
                answer = await post_update(client, hook(second), article, api)
                assert answer.status_code == 200 and api.sent_count(chat_id) == 2
                wrong = await client.post(hook(first), content=json.dumps(article), headers={})
                assert wrong.status_code == 403
                # SIGTERM while an update is in flight (a part slow to be accepted): it is
                # answered, then the replica says it is draining and exits.
                again = api.push_message(
                    f.message(reader.chat, reader.sender, long_article()), deliver=False
                )
                api.inject(Fault("sendMessage", delay=1.0, then_answer=True, chat_id=chat_id))
                pending = asyncio.create_task(post_update(client, hook(first), again, api))
                await api.wait_until(lambda: bool(api.in_progress) or pending.done(), 30)
                first.process.send_signal(signal.SIGTERM)
                assert (await pending).status_code == 200
                assert await asyncio.wait_for(first.process.wait(), 60) == 0
            assert api.sent_count(chat_id) == 4  # its summary again, in two parts
            async with httpx.AsyncClient() as client:
                health = await client.get(f"http://127.0.0.1:{second.port}/healthz")
            assert health.status_code == 200


def test_the_deployed_balancer_configuration_is_valid(balancer_installed: None) -> None:
    """deploy/haproxy.cfg (docker-compose.yml's balancer), checked by HAProxy itself; the
    replicas' names resolve only inside compose, hence warnings but no error."""
    config = Path(__file__).resolve().parents[2] / "deploy" / "haproxy.cfg"
    binary = haproxy_binary()
    assert binary is not None
    checked = subprocess.run(
        [binary, "-c", "-f", str(config)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
