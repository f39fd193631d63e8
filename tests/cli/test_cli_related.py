"""`brief ask --json` with a question in words the article lacks: related words find the
sentence, shown not sure; a question about something else is not found."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

RunBrief = Callable[..., subprocess.CompletedProcess[str]]
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "aleppo-article.txt"


def test_ask_in_other_words_json(run_brief: RunBrief) -> None:
    questions = ["How many people died?", "Who won the football match?"]
    result = run_brief("ask", str(SEED), *questions, "--json")
    assert result.returncode == 0, result.stderr
    died, football = (json.loads(line) for line in result.stdout.splitlines())
    assert died["found"] and died["sure"] is False
    assert "two female paramedics dead" in died["sentences"][0]
    assert football["found"] is False
