"""End-to-end speed through the Bot API emulator, and memory with many stored articles.

Each figure is set beside a baseline measured in the same run. Articles are real news
from the eval set (benchmarks/_articles.py: CoQA's CNN stories with their own first
question; for memory also CNN/DailyMail and BBC), and each result names its setup.
Tails are p99 from 200 samples on, p90 below that (benchmarks/_common.tail).
- latency: from an update's arrival in the emulator's queue to the bot's sendMessage
  request (the emulator's own clock), for an article and for the first question about
  it (its answer index cold), one new chat per round;
- throughput: a burst of question updates over many chats, each chat with its own
  story and asking that story's question (the first cold, the rest warm), answers per
  second, against a bare python-telegram-bot echo bot on the same emulator (the ceiling);
- interference: in the real bot process, question tail in one chat (a question every
  50 ms) while another chat's 2,000-sentence documents (twelve, one after another) are
  being read, against the idle tail (200 questions);
- memory (in a child process, so nothing else counts): peak RSS after storing N
  articles over 100 chats and answering questions on a sample, SQLite bytes per
  article, ingest rate.

    python -m benchmarks.speed [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from benchmarks._articles import RealArticle, all_articles, coqa_stories, describe
from benchmarks._common import percentile, print_sections, production_env, tail
from bot.config import Settings
from tests import factories as f
from tests.emulator import BotAPI, BotAPIServer
from tests.support.brief_process import STARTUP, brief_process
from tests.support.harness import PollingBot, fast_rate_limiter

RESULTS = Path(__file__).resolve().parent / "results" / "speed.json"
JSON = dict[str, Any]


def long_document(sentences: int, edition: int = 0) -> str:
    """``sentences`` sentences in paragraphs of five; each edition's text is different."""
    parts = [
        f"Report {i} of edition {edition} says the project near the harbour needs "
        f"{i % 17 + 2} more workers and a budget review by spring."
        for i in range(sentences)
    ]
    return "\n\n".join(" ".join(parts[i : i + 5]) for i in range(0, len(parts), 5))


# A question every 50 ms: faster than people type, and within Telegram's 30 messages a
# second, whose limiter (on in the real process) would otherwise set the pace.
QUESTION_PERIOD = 0.05


async def paced_question(api: BotAPI, chat: JSON, sender: JSON, question: str) -> float:
    started = time.monotonic()
    took = await round_trip(api, chat, sender, question)
    await asyncio.sleep(max(0.0, QUESTION_PERIOD - (time.monotonic() - started)))
    return took


async def round_trip(api: BotAPI, chat: JSON, sender: JSON, text: str) -> float:
    """Seconds from queueing ``text`` to the bot's next sendMessage in that chat."""
    before = len(api.sent_to(chat["id"]))
    queued = time.monotonic()
    api.push_message(f.message(chat, sender, text))
    sent = await api.wait_for_sent(chat["id"], before + 1, within=60.0)
    return sent[before].at - queued


async def latencies(settings: Settings, rounds: int) -> dict[str, float]:
    async with BotAPIServer() as server:
        api = server.api
        async with PollingBot(
            server, replace(settings, api_base_url=server.base_url, token=server.api.token)
        ):
            articles, questions = [], []
            stories = coqa_stories()
            for i in range(rounds):
                user = f.user(f"Reader{i}")
                chat = f.private_chat(user)
                story = stories[i % len(stories)]
                articles.append(await round_trip(api, chat, user, story.text))
                questions.append(await round_trip(api, chat, user, story.question))
    return {
        "rounds": rounds,
        "setup": "one new chat per round: a CoQA CNN story, then its first question (cold)",
        **describe(stories[: min(rounds, len(stories))]),
        "article_p50_ms": 1000 * statistics.median(articles),
        **tail(articles, "article"),
        "question_p50_ms": 1000 * statistics.median(questions),
        **tail(questions, "question"),
    }


async def burst(
    api: BotAPI, chats: list[tuple[JSON, JSON]], per_chat: int, texts: list[str]
) -> float:
    """Answers per second for ``per_chat`` messages pushed at once into every chat."""
    waiting = [(chat["id"], api.sent_count(chat["id"]) + per_chat) for chat, _ in chats]

    def all_answered() -> bool:  # runs after every Bot API call: kept amortised O(1)
        while waiting and api.sent_count(waiting[-1][0]) >= waiting[-1][1]:
            waiting.pop()
        return not waiting

    start = time.monotonic()
    for _ in range(per_chat):
        for (chat, user), text in zip(chats, texts, strict=True):
            api.push_message(f.message(chat, user, text))
    await api.wait_until(all_answered, within=600.0)
    return len(chats) * per_chat / (time.monotonic() - start)


async def throughput(settings: Settings, chat_count: int, per_chat: int) -> dict[str, float]:
    chats = [(f.private_chat(u), u) for u in (f.user(f"Burst{i}") for i in range(chat_count))]
    stories = coqa_stories()
    mine = [stories[i % len(stories)] for i in range(chat_count)]
    questions = [story.question for story in mine]
    async with BotAPIServer() as server:
        api = server.api
        async with PollingBot(
            server, replace(settings, api_base_url=server.base_url, token=server.api.token)
        ):
            for (chat, user), story in zip(chats, mine, strict=True):
                await round_trip(api, chat, user, story.text)
            brief_rate = await burst(api, chats, per_chat, questions)
    async with BotAPIServer() as server:
        echo = await echo_bot(server)
        try:
            echo_rate = await burst(server.api, chats, per_chat, questions)
        finally:
            await stop(echo)
    return {
        "setup": f"{chat_count} chats, each one CoQA CNN story and its question asked "
        f"{per_chat} times at once (first cold, then warm)",
        **describe(mine),
        "questions": chat_count * per_chat,
        "brief_per_s": brief_rate,
        "echo_bot_per_s": echo_rate,
        "brief_vs_echo": brief_rate / echo_rate,
    }


async def echo_bot(server: BotAPIServer) -> Application[Any, Any, Any, Any, Any, Any]:
    """The ceiling: python-telegram-bot replying with the text, nothing else."""

    async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        await update.message.reply_text(update.message.text)

    app = (
        Application.builder()
        .token(server.api.token)
        .base_url(server.base_url)
        .rate_limiter(fast_rate_limiter())
        .concurrent_updates(32)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    await app.initialize()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=10)
    await app.start()
    return app


async def stop(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    assert app.updater is not None
    await app.updater.stop()
    await app.stop()
    await app.shutdown()


async def interference(
    questions: int, sentences: int, documents: int, tmp: Path
) -> dict[str, float]:
    """The real bot process, as deployed (``python -m bot run``, production settings:
    its analysis worker, Telegram's flood limits), so that the emulator's own work is not
    on the bot's event loop. One chat asks a question every QUESTION_PERIOD, idle, then
    while another chat sends ``documents`` long documents one after another."""
    async with BotAPIServer() as server:
        api = server.api
        env = production_env(server, tmp, "interference.db")
        async with brief_process(env, tmp / "interference.log") as process:
            await api.wait_until(lambda: api.polling, within=STARTUP)
            asker = f.user("Asker")
            chat = f.private_chat(asker)
            story = coqa_stories()[0]
            await round_trip(api, chat, asker, story.text)
            idle = [
                await paced_question(api, chat, asker, story.question) for _ in range(questions)
            ]
            loader = f.user("Loader")
            load_chat = f.private_chat(loader)
            busy: list[float] = []
            for edition in range(documents):
                text = long_document(sentences, edition)
                stored = api.add_file(text.encode(), suffix=".txt")
                api.push_message(f.stored_document(load_chat, loader, stored, "long.txt"))
                while len(api.sent_to(load_chat["id"])) <= edition:
                    busy.append(await paced_question(api, chat, asker, story.question))
            process.terminate()
            await asyncio.wait_for(process.wait(), 60)
    # Both tails at the share the smaller sample supports, so the ratio compares like with like.
    share = 0.99 if min(len(idle), len(busy) or 0) >= 200 else 0.90
    label = f"p{round(share * 100)}"
    return {
        "setup": f"asker: one CoQA CNN story ({story.words} words), its first question "
        "(warm) every 50 ms; loader: synthetic documents",
        "document_sentences": sentences,
        "documents": documents,
        "idle_questions": len(idle),
        "questions_during_load": len(busy),
        f"idle_{label}_ms": 1000 * percentile(idle, share),
        f"busy_{label}_ms": 1000 * percentile(busy, share) if busy else float("nan"),
        f"busy_vs_idle_{label}": percentile(busy, share) / percentile(idle, share)
        if busy
        else float("nan"),
    }


def directory_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.iterdir())


def memory_child(count: int) -> None:
    """Runs in a child process: store ``count`` articles, ask on a sample, print JSON."""
    from bot.engine import Engine
    from bot.service import Brief
    from storage import SQLiteStorage

    async def run() -> JSON:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(db_path=Path(tmp) / "brief.db", ingests_per_minute=0)
            storage = SQLiteStorage(settings.db_path)
            await storage.open()
            brief = Brief(storage, Engine(), settings)
            pool = all_articles()
            used: list[RealArticle] = []
            start = time.monotonic()
            for i in range(count):
                # Article i mod 1,528 in chat i mod 100: no chat gets the same one twice
                # before 38,200 articles.
                article = pool[i % len(pool)]
                used.append(article)
                await brief.add_text(1 + i % 100, article.text)
            ingest_s = time.monotonic() - start
            for i in range(0, count, max(1, count // 200)):
                await brief.ask(1 + i % 100, pool[i % len(pool)].question)
            await brief.close()
            size = directory_bytes(Path(tmp))
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return {
            "setup": "cold process, 100 chats, real articles cycled, then questions on a sample",
            **describe(used[: len(pool)]),
            "articles": count,
            "peak_rss_mb": peak_kb / 1024,
            "db_bytes_per_article": size / count,
            "ingest_per_s": count / ingest_s,
        }

    print(json.dumps(asyncio.run(run())))


def memory(count: int) -> JSON:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.speed", "--memory-child", str(count)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: JSON = json.loads(out.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small numbers: a smoke run")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        memory_child(args.memory_child)
        return 0
    quick = args.quick
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(token="1:x", db_path=Path(tmp) / "brief.db", ingests_per_minute=0)
        results: JSON = {"quick": quick}
        results["latency"] = asyncio.run(latencies(settings, 5 if quick else 200))
        results["throughput"] = asyncio.run(
            throughput(
                replace(settings, db_path=Path(tmp) / "t.db"),
                10 if quick else 100,
                3 if quick else 10,
            )
        )
        results["interference"] = asyncio.run(
            interference(
                10 if quick else 200,
                300 if quick else 2000,
                1 if quick else 12,
                Path(tmp),
            )
        )
    results["memory"] = memory(300 if quick else 10_000)
    print_sections(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(f"\nwritten: {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
