"""Acceptance on the project's reference article, through the real `brief` entry point."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

RunBrief = Callable[..., subprocess.CompletedProcess[str]]

ARTICLE = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "aleppo-article.txt"

pytestmark = pytest.mark.skipif(not ARTICLE.exists(), reason=f"{ARTICLE} is not present")

# Lines of the page that are not article prose.
NON_PROSE = (
    "RT reports:",
    "Related: A report from Syrian TV",
    "If you enjoy OffG's content",
    "For other ways to donate",
    "The Syrian flag was hoisted over the Aleppo Citadel",  # the photo caption
)
KERRY = "On Thursday, Lavrov also met with his US counterpart John Kerry"
HOSPITAL = "those responsible for the recent attack on a Russian mobile hospital"
PARAMEDICS = "The assault happened earlier this week and left two female paramedics dead"


def flat(text: str) -> str:
    """Compare text as a reader would: Unicode-normalised, whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def test_summary_sentences_are_verbatim_prose(run_brief: RunBrief) -> None:
    result = run_brief("summarize", str(ARTICLE), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["language"] == "en"
    article = flat(ARTICLE.read_text(encoding="utf-8"))
    assert len(summary["sentences"]) == 5
    positions = []
    for sentence in summary["sentences"]:
        assert flat(sentence) in article, sentence
        positions.append(article.index(flat(sentence)))
        for line in NON_PROSE:
            assert flat(line) not in flat(sentence), sentence
        assert "donate" not in sentence.lower() and "fund-raising" not in sentence.lower()
    assert positions == sorted(positions)
    assert summary["keywords"]


def test_questions(run_brief: RunBrief) -> None:
    questions = [
        "Who did Lavrov meet?",
        "What happened to the paramedics?",
        "What is the capital of Peru?",
    ]
    result = run_brief("ask", str(ARTICLE), *questions, "--json")
    assert result.returncode == 0, result.stderr
    lavrov, paramedics, peru = (json.loads(line) for line in result.stdout.splitlines())

    assert lavrov["question"] == questions[0]
    assert lavrov["found"] is True
    assert lavrov["sentences"][0].startswith(KERRY)

    assert paramedics["found"] is True
    best = paramedics["sentences"][0]
    assert HOSPITAL in best or best.startswith(PARAMEDICS), best

    assert peru["found"] is False
    assert peru["sentences"] == []
    assert peru["score"] < lavrov["score"]


def test_console_as_in_the_readme(run_brief: RunBrief) -> None:
    # printf '%s\n\n%s\n' "$(cat article.txt)" "Who did Lavrov meet?" | brief chat
    text = ARTICLE.read_text(encoding="utf-8").rstrip("\n")
    result = run_brief("chat", stdin=f"{text}\n\nWho did Lavrov meet?\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("#1 · pasted text · English") == 1
    assert re.search(r"^» " + re.escape(KERRY), out, flags=re.MULTILINE), out
    for line in NON_PROSE:
        assert not re.search(r"^\d+\. " + re.escape(line), out, flags=re.MULTILINE)
