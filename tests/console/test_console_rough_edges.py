"""Rough edges in `brief chat` (issue 15): odd digits and out-of-range lengths."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

RunChat = Callable[..., subprocess.CompletedProcess[str]]


def test_superscript_digits_and_lengths_get_one_usage_each(run_chat: RunChat, data: Path) -> None:
    text = (data / "harbour.txt").read_text()
    commands = "/use ²\n/delete ²\n/summary ²\n/list ²\n/summary 0\n/summary -1\n/algo\n"
    result = run_chat(text + "\n\n" + commands)
    assert result.returncode == 0
    out = result.stdout
    assert "unexpected" not in out.lower() and "went wrong" not in out
    assert out.count("Usage: /use ID") == 1 and out.count("Usage: /delete ID") == 1
    assert out.count("Usage: /list [PAGE]") == 1
    assert out.count("Usage: /summary [N], with N from 1 to 20.") == 3
    assert "  lexrank — the sentences most similar to the rest" in out  # /algo explains
