"""Start-up stays light: what `brief --version`, `--help` and `ask FILE` import."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support.brief_process import REPO

SEED = REPO.parent / "shared" / "seed" / "aleppo-article.txt"
HEAVY = ("telegram", "httpx", "bot.ingest.fetch", "trafilatura", "aiosqlite", "storage.sqlite")


def imported_after(*args: str) -> set[str]:
    """The top-level names of modules loaded by `brief ARGS` (run in a fresh process)."""
    script = (
        "import json, sys\n"
        "from bot.cli import main\n"
        "try:\n"
        f"    main({list(args)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stdout.flush()\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_import_no_engine_telegram_or_fetching(flag: str) -> None:
    loaded = imported_after(flag)
    for name in (*HEAVY, "bot.engine", "bot.service", "numpy", "asyncio"):
        assert name not in loaded, name


def test_ask_on_a_file_imports_neither_telegram_nor_fetching() -> None:
    loaded = imported_after("ask", str(SEED), "Who did Lavrov meet?")
    assert "bot.engine" in loaded  # it did answer
    for name in HEAVY:
        assert name not in loaded, name


def test_the_cli_names_what_it_does_not_import() -> None:
    from bot import cli, engine, service

    assert cli.ALGORITHMS == engine.ALGORITHMS
    assert cli.CONSOLE_CHAT_ID == service.CONSOLE_CHAT_ID


@pytest.mark.parametrize("command", ["ask", "summarize"])
def test_english_ask_and_summarize_import_neither_nltk_nor_requests(command: str) -> None:
    args = [command, str(SEED)] + (["Who did Lavrov meet?"] if command == "ask" else [])
    loaded = imported_after(*args)
    assert "bot.engine" in loaded
    for name in ("nltk", "sumy.summarizers", "sumy.nlp.stemmers", "requests", "urllib3"):
        assert name not in loaded, name
