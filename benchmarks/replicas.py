"""One replica against two, behind the same HAProxy, on one PostgreSQL, same burst.

Each run: a fresh database, N chats each sending an article and ten questions, delivered
as Telegram does (each chat's updates in order, at most 40 connections at once, an update
sent again until it gets a 2xx). A replica answers 200 only once the update is handled,
so the time to the 2xx is the update's handling latency as the balancer sees it.
Setups alternate (1, 2, 1, 2, ...) so both see the same machine load; CPU seconds are
sampled per process kind to show where the time goes.

    python -m benchmarks.replicas [--chats 200] [--rounds 3] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from benchmarks._common import percentile
from tests.emulator import BotAPI, BotAPIServer
from tests.support.postgres import PostgresServer, start_server
from tests.support.readers import readers
from tests.support.replicas import deliver, haproxy, haproxy_binary, replicas, updates_of

RESULTS = Path(__file__).resolve().parent / "results"


def cpu_seconds(pids: dict[str, list[int]]) -> dict[str, float]:
    used: dict[str, float] = {}
    for kind, ids in pids.items():
        total = 0.0
        for pid in ids:
            try:
                process = psutil.Process(pid)
                times = process.cpu_times()
                total += times.user + times.system
                for child in process.children(recursive=True):
                    child_times = child.cpu_times()
                    total += child_times.user + child_times.system
            except psutil.Error:
                pass
        used[kind] = total
    return used


def postgres_pids(server: PostgresServer) -> list[int]:
    pid_file = server.data / "postmaster.pid"
    return [int(pid_file.read_text().split()[0])]


async def one_run(pg: PostgresServer, count: int, chats: int, work: Path) -> dict[str, Any]:
    url = pg.new_database()
    try:
        async with BotAPIServer(BotAPI()) as server:
            api = server.api
            async with (
                replicas(server, url, count, work) as started,
                haproxy([r.port for r in started], work) as balancer,
            ):
                await asyncio.sleep(1.5)  # two health checks: every replica is up
                group = readers(chats)
                updates = [updates_of(api, reader) for reader in group]
                pids = {
                    "replicas": [r.process.pid for r in started],
                    "postgres": postgres_pids(pg),
                    "haproxy": [balancer.process.pid],
                }
                before = cpu_seconds(pids)
                own_before = time.process_time()
                start = time.perf_counter()
                seen = await deliver(api, balancer.url, updates)
                elapsed = time.perf_counter() - start
                after = cpu_seconds(pids)
                own = time.process_time() - own_before
                sent = sum(api.sent_count(r.chat_id) for r in group)
    finally:
        pg.drop_database(url)
    cpu = {kind: after[kind] - before[kind] for kind in after}
    cpu["emulator + deliverer"] = own
    latencies = seen.latencies
    return {
        "replicas": count,
        "updates": len(latencies),
        "replies": sent,
        "seconds": elapsed,
        "updates_per_s": len(latencies) / elapsed,
        "p50_ms": 1000 * percentile(latencies, 0.50),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "redelivered": seen.redelivered,
        "cpu_s": cpu,
        "cpu_share_of_2_cores": sum(cpu.values()) / (2 * elapsed),
    }


async def run(chats: int, rounds: int) -> dict[str, Any]:
    if haproxy_binary() is None:
        raise SystemExit("haproxy is not installed (Debian: apt-get install haproxy)")
    pg, why_not = start_server()
    if pg is None:
        raise SystemExit(why_not)
    runs: list[dict[str, Any]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="brief-replicas-") as tmp:
            for n in range(rounds):
                for count in (1, 2):
                    work = Path(tmp) / f"r{n}-{count}"
                    work.mkdir()
                    result = await one_run(pg, count, chats, work)
                    runs.append(result)
                    print(
                        f"round {n + 1}, {count} replica(s): {result['updates_per_s']:.1f}"
                        f" updates/s, p50 {result['p50_ms']:.0f} ms, p99 {result['p99_ms']:.0f}"
                        f" ms, {result['replies']} replies, CPU "
                        + ", ".join(f"{k} {v:.1f} s" for k, v in result["cpu_s"].items()),
                        flush=True,
                    )
    finally:
        pg.stop()
    return summarise(runs, chats)


def summarise(runs: list[dict[str, Any]], chats: int) -> dict[str, Any]:
    def median(count: int, key: str) -> float:
        return statistics.median(r[key] for r in runs if r["replicas"] == count)

    one, two = median(1, "updates_per_s"), median(2, "updates_per_s")
    ratios = [
        b["updates_per_s"] / a["updates_per_s"] for a, b in zip(runs[0::2], runs[1::2], strict=True)
    ]
    summary = {
        "setup": f"{chats} chats x 11 updates, burst, HAProxy round robin, one PostgreSQL",
        "one replica: updates/s (median)": one,
        "two replicas: updates/s (median)": two,
        "ratio two/one per round": [round(r, 2) for r in ratios],
        "one replica: p50 / p99 ms (median)": (median(1, "p50_ms"), median(1, "p99_ms")),
        "two replicas: p50 / p99 ms (median)": (median(2, "p50_ms"), median(2, "p99_ms")),
        "CPU used of 2 cores, one / two": (
            median(1, "cpu_share_of_2_cores"),
            median(2, "cpu_share_of_2_cores"),
        ),
    }
    return {"summary": summary, "runs": runs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.replicas", description=__doc__)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="20 chats, one round")
    args = parser.parse_args(argv)
    chats, rounds = (20, 1) if args.quick else (args.chats, args.rounds)
    results = asyncio.run(run(chats, rounds))
    print()
    for key, value in results["summary"].items():
        print(f"{key:<40}{value}")
    RESULTS.mkdir(exist_ok=True)
    name = "replicas-quick.json" if args.quick else "replicas.json"
    (RESULTS / name).write_text(json.dumps(results, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
