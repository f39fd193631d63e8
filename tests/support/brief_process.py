"""Running Brief's real entry point (`python -m bot ...`) as a fresh user would, and
as the Telegram bot (`python -m bot run`) against the emulator."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from tests.emulator import BotAPIServer

REPO = Path(__file__).resolve().parents[2]
STARTUP = 60.0  # seconds for the bot process to import everything and start polling

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


def bot_env(server: BotAPIServer, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "TELEGRAM_BOT_TOKEN": server.api.token,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "BRIEF_DB": str(tmp_path / "brief.db"),
        "BRIEF_LOG_LEVEL": "DEBUG",  # the most talkative: the token must still not appear
        **extra,
    }


@asynccontextmanager
async def brief_process(
    env: dict[str, str], log: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    with log.open("wb") as sink:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=REPO, env=env, stdout=sink, stderr=sink
        )
        try:
            yield process
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
