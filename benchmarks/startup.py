"""Start-up: how long `brief` takes as a whole process, against `python -c "import numpy"`.

Each command runs as a fresh process, in turn with the baseline (A B A B ...), so the
ratios hold while the shared machine's speed drifts; medians are quoted. Targets (#16):
`brief --version` at most 1x the baseline, `brief ask FILE Q` on the seed at most 3x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "aleppo-article.txt"
BASELINE = [sys.executable, "-c", "import numpy"]


def commands() -> dict[str, list[str]]:
    brief = [sys.executable, "-m", "bot"]
    return {
        "brief --version": [*brief, "--version"],
        "brief --help": [*brief, "--help"],
        "brief ask SEED Q": [*brief, "ask", str(SEED), "Who did Lavrov meet?"],
        "brief summarize SEED": [*brief, "summarize", str(SEED)],
    }


def wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def measure(runs: int) -> list[tuple[str, float, float, float]]:
    """(command, median seconds, baseline median seconds, median of the paired ratios)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": tmp,
            "BRIEF_DB": str(Path(tmp) / "brief.db"),
        }
        rows = []
        for name, command in commands().items():
            wall(command, env)  # warm the file cache and the .pyc files
            wall(BASELINE, env)
            pairs = [(wall(command, env), wall(BASELINE, env)) for _ in range(runs)]
            mine, base = zip(*pairs, strict=True)
            ratio = statistics.median(a / b for a, b in pairs)
            rows.append((name, statistics.median(mine), statistics.median(base), ratio))
        return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 15")
    parser.add_argument("--runs", type=int, default=None)
    args = parser.parse_args(argv)
    runs = args.runs or (3 if args.quick else 15)
    print(
        f"start-up, wall seconds, median of {runs} paired runs; baseline: python -c 'import numpy'"
    )
    print(f"{'command':<24}{'median s':>10}{'baseline s':>12}{'ratio':>8}")
    for name, mine, base, ratio in measure(runs):
        print(f"{name:<24}{mine:>10.3f}{base:>12.3f}{ratio:>7.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
