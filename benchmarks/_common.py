"""What the end-to-end suites (speed, reliability) share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.emulator import BotAPIServer
from tests.support.brief_process import bot_env


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def production_env(server: BotAPIServer, tmp: Path, database: str) -> dict[str, str]:
    """``python -m bot run`` as deployed, talking to ``server``: quiet logs, and no
    per-chat limit on new articles (one chat of the benchmark sends many)."""
    return bot_env(
        server,
        tmp,
        BRIEF_LOG_LEVEL="WARNING",
        BRIEF_INGESTS_PER_MINUTE="0",
        BRIEF_DB=str(tmp / database),
    )


def print_sections(results: dict[str, Any]) -> None:
    """Each section of a results dict as an indented list of its figures."""
    for section, values in results.items():
        if isinstance(values, dict):
            print(f"\n{section}")
            for key, value in values.items():
                shown = f"{value:.2f}" if isinstance(value, float) else str(value)
                print(f"  {key:<30}{shown}")


MIN_SAMPLES_FOR_P99 = 200


def tail(values: list[float], name: str, scale: float = 1000.0) -> dict[str, float]:
    """The tail a sample can support: p99 from 200 samples on, else p90 (the p99 of 50
    samples is their maximum). Keyed ``{name}_p99_ms`` or ``{name}_p90_ms``."""
    if not values:
        return {}
    share = 0.99 if len(values) >= MIN_SAMPLES_FOR_P99 else 0.90
    return {f"{name}_p{round(share * 100)}_ms": scale * percentile(values, share)}
