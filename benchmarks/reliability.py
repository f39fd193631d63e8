"""Reliability under load: the issue's full burst, and a soak with memory sampled.

- burst: 200 chats, each one article and ten questions (2,200 updates) queued at once,
  served by the real Application long-polling the Bot API emulator (Telegram's flood
  limits off, as in the tests); beside it the same burst for 20 chats. Every update
  must get exactly one reply, in its own chat, with the right facts.
- soak: the real bot process (``python -m bot run`` with production settings, so
  Telegram's flood limits on) serves a steady stream of chat sessions (an article and
  its ten questions) from 200 chats for five minutes. Its RSS is read from /proc every
  few seconds, replies are checked as in the burst, and latency is taken from an
  update's arrival in the emulator to its reply's sendMessage request. Memory is flat
  when the last minute's median RSS is within 10% of the second minute's (the first
  minute is warm-up: imports and caches filling).

    python -m benchmarks.reliability [--quick] [--soak-seconds N]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks._common import print_sections, production_env, tail
from bot.config import Settings
from tests import factories as f
from tests.emulator import BotAPI, BotAPIServer
from tests.support.brief_process import STARTUP, brief_process
from tests.support.harness import PollingBot
from tests.support.readers import Reader, collect, readers

RESULTS = Path(__file__).resolve().parent / "results" / "reliability.json"
JSON = dict[str, Any]
SOAK_CHATS = 200
SAMPLE_EVERY = 2.0  # seconds between RSS samples
# Reliability checks each reply's facts, so its articles must carry facts no other chat's
# article has: the synthetic town articles do, real news does not (see benchmarks.speed
# for real articles). Named beside every figure.
ARTICLES_SETUP = "synthetic town articles (tests/factories.py: ~12 sentences, ~150 words)"


async def burst(chats: int, tmp: Path) -> JSON:
    async with BotAPIServer(BotAPI()) as server:
        api = server.api
        settings = Settings(
            token=api.token,
            api_base_url=server.base_url,
            db_path=tmp / f"burst{chats}.db",
            ingests_per_minute=0,
        )
        async with PollingBot(server, settings) as bot:
            group = readers(chats)
            started = time.monotonic()
            for reader in group:
                reader.push(api)
            problems = await collect(api, group, within=600)
            took = time.monotonic() - started
            await api.wait_until(lambda: api.polling and api.pending_updates == 0, 30)
            replies = sum(api.sent_count(r.chat_id) for r in group)
            errors = len(bot.errors.raised)
            bot.errors.raised.clear()  # reported below rather than raised
    updates = sum(r.expected_replies for r in group)
    return {
        "setup": ARTICLES_SETUP,
        "chats": chats,
        "updates": updates,
        "replies": replies,
        "problems": len(problems),
        "first_problems": problems[:3],
        "handler_errors": errors,
        "seconds": took,
        "updates_per_s": updates / took,
    }


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


@dataclass
class Soak:
    api: BotAPI
    seconds: float
    sessions_per_s: float
    started_at: float  # time.monotonic() when the soak began: every time below counts from it
    sessions: list[tuple[float, Reader]] = field(default_factory=list)  # (pushed at, who)
    rss: list[tuple[float, float]] = field(default_factory=list)  # (seconds in, MB)

    async def feed(self) -> None:
        """Session n: chat n mod 200 sends town article n and its ten questions."""
        while (elapsed := time.monotonic() - self.started_at) < self.seconds:
            number = len(self.sessions)
            base = Reader.numbered(number % SOAK_CHATS)
            reader = Reader(base.chat, base.sender, f.town_article(number))
            self.sessions.append((elapsed, reader))
            reader.push(self.api)
            next_at = self.started_at + (number + 1) / self.sessions_per_s
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))

    async def sample(self, pid: int) -> None:
        while True:
            self.rss.append((time.monotonic() - self.started_at, rss_mb(pid)))
            await asyncio.sleep(SAMPLE_EVERY)

    def problems(self) -> list[str]:
        """Each chat's replies, cut into its sessions in order, checked like the burst."""
        towns = {reader.article.town for _, reader in self.sessions}
        by_chat: dict[int, list[Reader]] = {}
        for _, reader in self.sessions:
            by_chat.setdefault(reader.chat_id, []).append(reader)
        found = []
        for chat_id, chat_sessions in by_chat.items():
            replies = self.api.sent_to(chat_id)
            if len(replies) != sum(r.expected_replies for r in chat_sessions):
                found.append(f"chat {chat_id}: {len(replies)} replies")
                continue
            for reader in chat_sessions:
                mine, replies = (
                    replies[: reader.expected_replies],
                    replies[reader.expected_replies :],
                )
                found += reader.problems(mine, towns)
        return found

    def reply_seconds(self, first: float, last: float) -> list[float]:
        """Arrival-to-reply times of the sessions pushed between ``first`` and ``last``
        seconds into the soak (updates and replies of a chat pair up in order)."""
        waits = []
        seen: dict[int, int] = {}  # replies of earlier sessions, per chat
        for pushed, reader in self.sessions:
            done = seen.get(reader.chat_id, 0)
            seen[reader.chat_id] = done + reader.expected_replies
            if first <= pushed < last:
                replies = self.api.sent_to(reader.chat_id)[done : done + reader.expected_replies]
                waits += [c.at - self.started_at - pushed for c in replies]
        return waits

    @property
    def updates(self) -> int:
        return sum(reader.expected_replies for _, reader in self.sessions)

    def replies(self) -> int:
        return sum(
            self.api.sent_count(chat_id) for chat_id in {r.chat_id for _, r in self.sessions}
        )


async def soak(seconds: float, sessions_per_s: float, tmp: Path) -> JSON:
    async with BotAPIServer(BotAPI()) as server:
        api = server.api
        env = production_env(server, tmp, "soak.db")
        log = tmp / "soak.log"
        async with brief_process(env, log) as process:
            await api.wait_until(lambda: api.polling, within=STARTUP)
            run = Soak(api, seconds, sessions_per_s, time.monotonic())
            sampler = asyncio.create_task(run.sample(process.pid))
            await run.feed()
            with contextlib.suppress(TimeoutError):
                await api.wait_until(lambda: run.replies() >= run.updates, 120)
            sampler.cancel()
            process.terminate()
            exit_code = await asyncio.wait_for(process.wait(), 60)
        problems = run.problems()
        output = log.read_text(errors="replace")
    minutes = _median_by_minute(run.rss)
    early = run.reply_seconds(0, 60)
    late = run.reply_seconds(seconds - 60, seconds)
    return {
        "seconds": seconds,
        "sessions": len(run.sessions),
        "updates": run.updates,
        "replies": run.replies(),
        "problems": len(problems),
        "first_problems": problems[:3],
        "exit_code_after_sigterm": exit_code,
        "tracebacks_in_log": output.count("Traceback"),
        "rss_mb_median_by_minute": minutes,
        "rss_mb_peak": max(mb for _, mb in run.rss),
        "rss_last_vs_second_minute": minutes[-1] / minutes[1] if len(minutes) > 2 else None,
        "reply_p50_ms_first_minute": 1000 * statistics.median(early) if early else None,
        "reply_p50_ms_last_minute": 1000 * statistics.median(late) if late else None,
        **{f"{k}_last_minute": v for k, v in tail(late, "reply").items()},
        "setup": ARTICLES_SETUP,
    }


def _median_by_minute(samples: list[tuple[float, float]]) -> list[float]:
    minutes: dict[int, list[float]] = {}
    for at, mb in samples:
        minutes.setdefault(int(at // 60), []).append(mb)
    return [round(statistics.median(v), 1) for _, v in sorted(minutes.items())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small numbers: a smoke run")
    parser.add_argument("--soak-seconds", type=float, help="default 300 (10 with --quick)")
    parser.add_argument("--sessions-per-s", type=float, default=2.0, help="soak pace")
    args = parser.parse_args(argv)
    soak_seconds = args.soak_seconds or (10.0 if args.quick else 300.0)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        results: JSON = {"quick": args.quick}
        results["burst_baseline"] = asyncio.run(burst(20, tmp))
        if not args.quick:
            results["burst"] = asyncio.run(burst(200, tmp))
        results["soak"] = asyncio.run(soak(soak_seconds, args.sessions_per_s, tmp))
    print_sections(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(f"\nwritten: {RESULTS}")
    failed = [
        section
        for section, values in results.items()
        if isinstance(values, dict) and (values["problems"] or values.get("handler_errors"))
    ]
    if failed:
        print(f"replies went wrong in: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
