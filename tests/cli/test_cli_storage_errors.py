"""Every command on a database it cannot open ends at once, with one line naming the
path (issue 15: they hung forever, or ended with "Event loop is closed")."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.emulator import BotAPI, BotAPIServer
from tests.storage.builders import UNUSABLE_KINDS, unusable_database
from tests.support.brief_process import clean_env


def run(
    tmp_path: Path, db: Path, *args: str, **env: str
) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input="",
        capture_output=True,
        text=True,
        env=clean_env(tmp_path, BRIEF_DB=str(db), **env),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    return time.monotonic() - started, result


@pytest.mark.parametrize("kind", UNUSABLE_KINDS)
@pytest.mark.parametrize("command", [["list"], ["chat"], ["add", "-"]])
def test_library_commands_end_with_one_line(tmp_path: Path, kind: str, command: list[str]) -> None:
    db = unusable_database(tmp_path, kind)
    elapsed, result = run(tmp_path, db, *command)
    assert result.returncode != 0
    assert result.stderr.splitlines() == [result.stderr.strip()] and result.stderr.startswith(
        f"brief: cannot open the database {db}: "
    )
    assert "Traceback" not in result.stderr
    assert elapsed < 30  # it hung forever (the 5 s target is measured by hand)


async def test_the_bot_ends_with_one_line_too(tmp_path: Path) -> None:
    db = unusable_database(tmp_path, "not a database")
    async with BotAPIServer(BotAPI()) as server:
        env = {"TELEGRAM_BOT_TOKEN": server.api.token, "TELEGRAM_API_BASE_URL": server.base_url}
        started = time.monotonic()
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run",
            env=clean_env(tmp_path, BRIEF_DB=str(db), **env),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            out, err = await asyncio.wait_for(process.communicate(), 60)
        finally:
            if process.returncode is None:
                process.kill()
    elapsed = time.monotonic() - started
    assert process.returncode not in (0, None)
    errors = err.decode()
    assert f"brief: cannot open the database {db}: file is not a database" in errors
    assert "Traceback" not in errors + out.decode()
    assert elapsed < 30, elapsed  # it hung forever (the 5 s target is measured by hand)
