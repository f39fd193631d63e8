"""Run every benchmark suite in turn, each in its own process (clean memory figures)."""

from __future__ import annotations

import argparse
import subprocess
import sys

SUITES = ("summaries", "answers", "conversation", "speed", "reliability")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="seconds-long smoke run")
    parser.add_argument("suites", nargs="*", metavar="SUITE", help=f"any of {SUITES}; default: all")
    args = parser.parse_args(argv)
    unknown = set(args.suites) - set(SUITES)
    if unknown:
        parser.error(f"unknown suite(s): {', '.join(sorted(unknown))}")
    failed = []
    for suite in args.suites or SUITES:
        print(f"\n===== benchmarks.{suite} =====", flush=True)
        command = [sys.executable, "-m", f"benchmarks.{suite}"]
        if args.quick:
            command.append("--quick")
        if subprocess.run(command, check=False).returncode != 0:
            failed.append(suite)
    if failed:
        print(f"failed suites: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
