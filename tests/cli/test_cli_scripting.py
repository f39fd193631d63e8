"""`brief summarize` and `brief ask` through the real entry point (`python -m bot`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

RunBrief = Callable[..., subprocess.CompletedProcess[str]]


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("brief: ")
    return lines[0]


def test_summarize_json(run_brief: RunBrief, data: Path, tmp_path: Path) -> None:
    text = (data / "harbour.txt").read_text()
    result = run_brief("summarize", str(data / "harbour.txt"), "--json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    summary = json.loads(lines[0])
    assert list(summary) == ["title", "language", "sentences", "keywords"]
    assert summary["language"] == "en"
    assert summary["title"] is None or isinstance(summary["title"], str)
    assert len(summary["sentences"]) == 5
    positions = [text.index(sentence) for sentence in summary["sentences"]]  # verbatim
    assert positions == sorted(positions)  # in article order
    assert summary["keywords"] and all(isinstance(k, str) for k in summary["keywords"])
    assert not (tmp_path / "brief.db").exists()  # scripting never touches the library


def test_summarize_options_and_stdin(run_brief: RunBrief, data: Path) -> None:
    text = (data / "bees.txt").read_text()
    from_file = run_brief("summarize", str(data / "bees.txt"), "-n", "2", "--json")
    from_stdin = run_brief("summarize", "-", "--sentences", "2", "--json", stdin=text)
    assert from_file.returncode == from_stdin.returncode == 0, from_stdin.stderr
    assert json.loads(from_file.stdout)["sentences"] == json.loads(from_stdin.stdout)["sentences"]
    assert len(json.loads(from_file.stdout)["sentences"]) == 2

    lexrank = run_brief(
        "summarize", str(data / "bees.txt"), "--sentences", "3", "--algorithm", "lexrank", "--json"
    )
    sentences = json.loads(lexrank.stdout)["sentences"]
    assert len(sentences) == 3 and all(s in text for s in sentences)

    readable = run_brief("summarize", str(data / "bees.txt"), "-n", "3")
    assert readable.returncode == 0
    assert "1. " in readable.stdout and "3. " in readable.stdout
    assert "Key terms: " in readable.stdout


def test_summarize_html_file(run_brief: RunBrief, data: Path) -> None:
    result = run_brief("summarize", str(data / "garden.html"), "-n", "2", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["title"] == "The allotment that feeds a school"
    joined = " ".join(summary["sentences"])
    assert "Subscribe" not in joined and "Home |" not in joined


def test_ask_json(run_brief: RunBrief, data: Path) -> None:
    text = (data / "harbour.txt").read_text()
    questions = [
        "How much did the project cost?",
        "Who cut the ribbon?",
        "What is the capital of Peru?",
    ]
    result = run_brief("ask", str(data / "harbour.txt"), *questions, "--json")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in records] == questions
    for record in records:
        assert list(record) == ["question", "found", "sentences", "score", "sure"]
        assert isinstance(record["score"], float)
        assert all(sentence in text for sentence in record["sentences"])
    cost, ribbon, peru = records
    assert cost["found"] and "212 million euros" in cost["sentences"][0]
    assert ribbon["found"] and "Helen Okonjo cut the ribbon" in ribbon["sentences"][0]
    assert peru["found"] is False and peru["sentences"] == []


def test_ask_readable(run_brief: RunBrief, data: Path) -> None:
    result = run_brief(
        "ask", str(data / "harbour.txt"), "Who cut the ribbon?", "What is the capital of Peru?"
    )
    assert result.returncode == 0
    assert "Q: Who cut the ribbon?" in result.stdout
    assert "» Mayor Helen Okonjo cut the ribbon" in result.stdout
    assert "I couldn't find that in «Kestrel Bay opens its new harbour bridge" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("summarize", "no-such-file.txt"), 1, "no such file"),
        (("summarize", "."), 1, "directory"),
        (("ask", "no-such-file.txt", "Why?"), 1, "no such file"),
        (("summarize", "-"), 1, ""),  # empty stdin: nothing to summarise
    ],
)
def test_input_errors_are_one_line(
    run_brief: RunBrief, args: tuple[str, ...], code: int, fragment: str
) -> None:
    result = run_brief(*args)
    assert result.returncode == code
    assert fragment in one_line_error(result)


def test_unreadable_file_is_one_line(run_brief: RunBrief, tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 64)
    result = run_brief("summarize", str(junk), "--json")
    assert result.returncode == 1
    one_line_error(result)
    big = tmp_path / "big.txt"
    big.write_text("The harbour bridge opened on Saturday. " * 140_000)
    result = run_brief("ask", str(big), "When?")
    assert result.returncode == 1
    assert "MB" in one_line_error(result)


@pytest.mark.parametrize(
    "args",
    [
        ("summarize",),
        ("summarize", "x.txt", "--algorithm", "gpt"),
        ("summarize", "x.txt", "--sentences", "0"),
        ("summarize", "x.txt", "--sentences", "many"),
        ("ask", "x.txt"),
        ("frobnicate",),
    ],
)
def test_usage_errors_exit_2(run_brief: RunBrief, args: tuple[str, ...]) -> None:
    result = run_brief(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "usage: brief" in result.stderr


def test_bad_configuration_is_one_line(run_brief: RunBrief, data: Path) -> None:
    result = run_brief("summarize", str(data / "bees.txt"), BRIEF_LOG_LEVEL="LOUD")
    assert result.returncode == 2
    assert "BRIEF_LOG_LEVEL" in one_line_error(result)
    result = run_brief("chat", BRIEF_MAX_ARTICLES_PER_CHAT="lots")
    assert result.returncode == 2
    assert "BRIEF_MAX_ARTICLES_PER_CHAT" in one_line_error(result)


def test_run_needs_a_token(run_brief: RunBrief) -> None:
    result = run_brief("run")
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in one_line_error(result)


def test_no_command_without_token_opens_the_console(run_brief: RunBrief, data: Path) -> None:
    result = run_brief(stdin=f"{data / 'bees.txt'}\nWho led the study?\n")
    assert result.returncode == 0, result.stderr
    assert "#1 · file bees.txt" in result.stdout
    assert "» The study was led by the ecologist Dr. Amara Silveira" in result.stdout


def test_links_as_source(run_brief: RunBrief, article_server: str) -> None:
    url = f"{article_server}/harbour"
    result = run_brief("summarize", url, "--json", BRIEF_ALLOW_PRIVATE_URLS="1")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["sentences"]) == 5

    result = run_brief(
        "ask", f"{article_server}/garden", "Who started the garden?", "--json",
        BRIEF_ALLOW_PRIVATE_URLS="1",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["found"] and "Rosa Delgado" in record["sentences"][0]

    refused = run_brief("summarize", url, "--json")  # private address: refused by default
    assert refused.returncode == 1
    one_line_error(refused)
    missing = run_brief("summarize", f"{article_server}/nothing-here", BRIEF_ALLOW_PRIVATE_URLS="1")
    assert missing.returncode == 1
    one_line_error(missing)


def test_links_in_the_console(run_brief: RunBrief, article_server: str) -> None:
    result = run_brief(
        "chat",
        stdin=f"{article_server}/garden\nWho started the garden?\n",
        BRIEF_ALLOW_PRIVATE_URLS="1",
    )
    assert result.returncode == 0, result.stderr
    assert f"· {article_server}/garden ·" in result.stdout
    assert "Rosa Delgado" in result.stdout
    refused = run_brief("chat", stdin=f"{article_server}/garden\n/list\n")  # no private URLs
    assert "I can't open that link" in refused.stdout
    assert "Your articles (1)" in refused.stdout  # only the first run's copy


def test_no_command_with_a_token_starts_the_telegram_bot(tmp_path: Path) -> None:
    # A Bot API address where nothing listens: the bot fails to start, visibly and safely.
    token = "123456:SECRET-token-value"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEF_", "TELEGRAM_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot",
        BRIEF_DB=str(tmp_path / "brief.db"),
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        input="/help\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""  # not the console
    assert (
        result.stderr.strip().splitlines()[-1].startswith("brief: unexpected error: NetworkError")
    )
    assert "SECRET-token-value" not in result.stderr


def test_ask_conversation_json(run_brief: RunBrief) -> None:
    post = Path(__file__).resolve().parents[1] / "engine" / "data" / "pi-blog.md"
    questions = ["Where did the blog run for six years?", "How much did it cost?"]
    together = run_brief("ask", str(post), *questions, "--json", "--conversation")
    alone = run_brief("ask", str(post), *questions, "--json")
    assert together.returncode == 0 and alone.returncode == 0, together.stderr
    follow_up = json.loads(together.stdout.splitlines()[1])
    on_its_own = json.loads(alone.stdout.splitlines()[1])
    assert follow_up["found"] and "240 euros" in follow_up["sentences"][0]
    assert on_its_own["found"] and "95 euros" in on_its_own["sentences"][0]
    assert isinstance(follow_up["sure"], bool)


def test_ask_answers_who_wrote_it_and_follow_ups_as_the_chat_does(run_brief: RunBrief) -> None:
    """The byline answers "Who wrote this post?" (as in the console and on Telegram); a
    heading that asks gives the text under it; "Who said that?" names the speaker."""
    data = Path(__file__).resolve().parents[1] / "engine" / "data"
    post = run_brief(
        "ask",
        str(data / "sourdough.md"),
        "Who wrote this post?",
        "What did she try first?",
        "--json",
        "--conversation",
    )
    assert post.returncode == 0, post.stderr
    author, tried = (json.loads(line) for line in post.stdout.splitlines())
    assert author["sentences"] == ["Written by Helen Carter."] and author["sure"]
    assert tried["sentences"][0] == "A dry yeast loaf from a supermarket packet."
    town = run_brief(
        "ask",
        str(data / "rathaus.txt"),
        "Warum wurde es teurer?",
        "Wer hat das gesagt?",
        "--conversation",
    )
    assert town.returncode == 0, town.stderr
    said = town.stdout.split("Q: Wer hat das gesagt?\n", 1)[1]
    assert said.startswith("» Das teilte die Bürgermeisterin Anna Becker"), town.stdout


@pytest.mark.parametrize("question", ["Worum geht es?", "Was ist passiert?"])
def test_ask_answers_what_the_article_is_about_with_its_summary(
    run_brief: RunBrief, question: str
) -> None:
    """As the chat does for "What is this about?": the summary, not "not found"."""
    data = Path(__file__).resolve().parents[1] / "engine" / "data"
    summary = run_brief("summarize", str(data / "strassenbahn.txt"), "--json")
    assert summary.returncode == 0, summary.stderr
    expected = json.loads(summary.stdout)["sentences"]
    asked = run_brief("ask", str(data / "strassenbahn.txt"), question, "--json")
    assert asked.returncode == 0, asked.stderr
    gist = json.loads(asked.stdout)
    assert gist["found"] and gist["sure"] and gist["sentences"] == expected


def test_ask_readable_gist_lists_the_summary_as_the_chat_card_does(run_brief: RunBrief) -> None:
    """The text output of a gist request lists every summary sentence in order (a
    quotation split over two sentences included), not the first one with the rest as
    "Also relevant"."""
    data = Path(__file__).resolve().parents[1] / "engine" / "data"
    summary = run_brief("summarize", str(data / "bridge.txt"), "--json")
    assert summary.returncode == 0, summary.stderr
    expected = json.loads(summary.stdout)["sentences"]
    asked = run_brief("ask", str(data / "bridge.txt"), "What is this about?")
    assert asked.returncode == 0, asked.stderr
    assert "Also relevant" not in asked.stdout
    assert asked.stdout.splitlines()[1:] == [f"• {s}" for s in expected]


def test_ask_readable_shows_a_list_whole(run_brief: RunBrief) -> None:
    """A question whose answer is a bullet list shows its lead-in and every item."""
    data = Path(__file__).resolve().parents[1] / "engine" / "data"
    asked = run_brief("ask", str(data / "hedge.md"), "What do I need?")
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.splitlines()[1:6] == [
        "» You will need:",
        "  - a spade",
        "  - compost",
        "  - twenty young hawthorn plants",
        "  - a watering can",
    ], asked.stdout
