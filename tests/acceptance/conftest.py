from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

RunBrief = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_brief(tmp_path: Path) -> RunBrief:
    """Runs `python -m bot ARGS...` as a fresh user would (no token, no Brief settings)."""

    def run(*args: str, stdin: str = "", **extra_env: str) -> subprocess.CompletedProcess[str]:
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
        env.update(extra_env)
        result = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result

    return run
