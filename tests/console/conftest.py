from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.brief_process import clean_env

DATA = Path(__file__).resolve().parent / "data"

RunChat = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def chat_env(tmp_path: Path) -> dict[str, str]:
    """The environment `brief chat` runs in during these tests."""
    return clean_env(tmp_path)


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture
def run_chat(tmp_path: Path) -> RunChat:
    """Runs `python -m bot chat` with ``stdin`` piped in; returns the finished process."""

    def run(stdin: str, **env: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "bot", "chat"],
            input=stdin,
            capture_output=True,
            text=True,
            env=clean_env(tmp_path, **env),
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result

    return run
