"""Run every benchmark suite in turn, each in its own process (clean memory figures).

    python -m benchmarks                 # every suite once: what the README reports
    python -m benchmarks --repeat 5      # each suite five times, then the spread
    python -m benchmarks --quick         # the CI run: the quality floor, then smoke runs

With ``--repeat N`` every run's JSON is kept as ``results/runs/SUITE-K.json`` and
``results/SUITE-spread.json`` gives, for each figure that varied, its median and range.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
# The quality floor first: it is the CI gate and takes seconds.
SUITES = (
    "floor",
    "tuning",
    "summaries",
    "answers",
    "library",
    "conversation",
    "speed",
    "reliability",
    "startup",
    "replicas",
)
# Left out of --quick: the tuning search takes minutes even when small.
NOT_QUICK = frozenset({"tuning"})


def figures(data: Any, prefix: str = "") -> Iterator[tuple[str, float]]:
    """Every number in a results JSON, keyed by its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from figures(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            name = value.get("system", i) if isinstance(value, dict) else i
            yield from figures(value, f"{prefix}[{name}]")
    elif isinstance(data, int | float) and not isinstance(data, bool):
        yield prefix, float(data)


def spread(runs: list[Path]) -> dict[str, dict[str, float]]:
    """Median and range over the runs of each figure that was not the same every time."""
    values: dict[str, list[float]] = {}
    for path in runs:
        for key, value in figures(json.loads(path.read_text(encoding="utf-8"))):
            values.setdefault(key, []).append(value)
    return {
        key: {"median": statistics.median(v), "min": min(v), "max": max(v), "runs": len(v)}
        for key, v in values.items()
        if len(v) == len(runs) and min(v) != max(v)
    }


def run_suite(suite: str, quick: bool, repeat: int) -> bool:
    command = [sys.executable, "-m", f"benchmarks.{suite}"]
    if quick and suite != "floor":
        command.append("--quick")
    kept: list[Path] = []
    ok = True
    for k in range(1, repeat + 1):
        print(f"\n===== benchmarks.{suite} (run {k} of {repeat}) =====", flush=True)
        ok = subprocess.run(command, check=False).returncode == 0 and ok
        result = RESULTS / f"{suite}.json"
        if repeat > 1 and result.exists():
            (RESULTS / "runs").mkdir(parents=True, exist_ok=True)
            kept.append(Path(shutil.copy(result, RESULTS / "runs" / f"{suite}-{k}.json")))
    if kept:
        varied = spread(kept)
        out = RESULTS / f"{suite}-spread.json"
        out.write_text(json.dumps(varied, indent=2), encoding="utf-8")
        print(f"\n{suite}: {len(varied)} figures varied over {len(kept)} runs; spread in {out}")
        for key, s in list(varied.items())[:40]:
            print(f"  {key:<70} median {s['median']:.3g} ({s['min']:.3g}-{s['max']:.3g})")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the CI run: floor and smoke runs")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each suite (spreads)")
    parser.add_argument("suites", nargs="*", metavar="SUITE", help=f"any of {SUITES}; default: all")
    args = parser.parse_args(argv)
    unknown = set(args.suites) - set(SUITES)
    if unknown:
        parser.error(f"unknown suite(s): {', '.join(sorted(unknown))}")
    if args.repeat < 1:
        parser.error("--repeat needs a positive number")
    chosen = args.suites or [s for s in SUITES if not (args.quick and s in NOT_QUICK)]
    failed = [s for s in chosen if not run_suite(s, args.quick, args.repeat)]
    if failed:
        print(f"failed suites: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
