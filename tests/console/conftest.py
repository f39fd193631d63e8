from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.brief_process import brief_runner, clean_env

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

    run_brief = brief_runner(tmp_path)

    def run(stdin: str, **env: str) -> subprocess.CompletedProcess[str]:
        return run_brief("chat", stdin=stdin, **env)

    return run
