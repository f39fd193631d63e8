"""Running Brief's real entry point (`python -m bot ...`) as a fresh user would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

RunBrief = Callable[..., subprocess.CompletedProcess[str]]


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh user: no token, no Brief settings, a private home."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BRIEF_", "TELEGRAM_")) and k != "PYTHONPATH"
    }
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "home" / ".local" / "share"),
        BRIEF_DB=str(tmp_path / "brief.db"),
        PYTHONPATH=str(REPO),
    )
    env.update(extra)
    return env


def brief_runner(tmp_path: Path) -> RunBrief:
    """``run(*args, stdin="", **env)``: the finished process; a traceback fails the test."""

    def run(*args: str, stdin: str = "", **extra_env: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=clean_env(tmp_path, **extra_env),
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result

    return run
