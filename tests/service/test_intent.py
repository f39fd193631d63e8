"""``classify``: what a message means, for Telegram and the console alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.service.intent import Kind, all_questions, classify, is_typed_query

COMMANDS = frozenset({"summary", "help"})


def probe_of(files: set[str], directories: set[str]) -> Callable[[str], str | None]:
    def probe(path: str) -> str | None:
        return "file" if path in files else "directory" if path in directories else None

    return probe


PROBE = probe_of({"notes.txt", "/home/a/story.md"}, {"/home/a", "./docs", "docs"})


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("  ", Kind.EMPTY, ""),
        ("/summary 3", Kind.COMMAND, "/summary 3"),
        ("/nope", Kind.UNKNOWN_COMMAND, "/nope"),
        ("https://example.com/a", Kind.LINK, "https://example.com/a"),
        ("notes.txt", Kind.FILE, "notes.txt"),
        ("'/home/a/story.md'", Kind.FILE, "/home/a/story.md"),
        ("/home/a", Kind.DIRECTORY, "/home/a"),
        ("./docs", Kind.DIRECTORY, "./docs"),
        ("docs", Kind.TEXT, "docs"),  # one word naming a folder here: not a path
        ("missing.pdf", Kind.MISSING_FILE, "missing.pdf"),
        ("What is it about?", Kind.GIST, "What is it about?"),
        ("tl;dr", Kind.GIST, "tl;dr"),
        ("Who cut the ribbon?", Kind.QUESTION, "Who cut the ribbon?"),
        ("who cut the ribbon", Kind.TEXT, "who cut the ribbon"),
        # A Markdown heading that asks something is a line of a pasted post.
        ("## Would I do it again?", Kind.TEXT, "## Would I do it again?"),
        ("#hashtag question?", Kind.QUESTION, "#hashtag question?"),
    ],
)
def test_console_lines(text: str, kind: Kind, value: str) -> None:
    meaning = classify(text, commands=COMMANDS, probe=PROBE)
    assert (meaning.kind, meaning.value) == (kind, value)


def test_telegram_gives_its_links_and_has_no_paths_or_commands() -> None:
    assert classify("read this example.com/x", links=["http://example.com/x"]).kind is Kind.LINK
    # Without an entity Telegram found, a link-shaped text is not a link there.
    assert classify("ftp://example.com/x", links=[]).kind is Kind.TEXT
    assert classify("/summary", links=[]).kind is Kind.TEXT  # commands never reach it
    assert classify("notes.txt", links=[]).kind is Kind.TEXT


def test_an_article_wins_over_its_links(article: Callable[[str], str]) -> None:
    text = article("harbour.txt")
    meaning = classify(text, links=["https://example.com/a"])
    assert meaning.kind is Kind.ARTICLE


def test_many_questions_are_not_an_article() -> None:
    questions = "\n".join(
        [
            "How much did the project cost",
            "Who cut the ribbon at the opening",
            "How long is the new bridge",
            "Who paid two thirds of the bill",
            "What did the engineers find beneath the eastern pier",
            "Which company paid a fine for the sensors?",
        ]
    )
    assert all_questions(questions)
    assert classify(questions).kind is not Kind.ARTICLE
    mixed = questions + "\nThe bridge opened on Saturday after four years of work and delays."
    assert not all_questions(mixed)


def test_the_seed_is_an_article() -> None:
    seed = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "aleppo-article.txt"
    assert classify(seed.read_text(encoding="utf-8")).kind is Kind.ARTICLE


@pytest.mark.parametrize(
    ("line", "typed"),
    [
        ("- a digital scale that weighs in grams", False),
        ("2) wash clothes at 30 degrees", False),
        ("## What you need", False),
        ("where did they meet", True),
        ("and the new one", True),
    ],
)
def test_list_items_and_headings_after_an_article_are_not_typed_questions(
    line: str, typed: bool
) -> None:
    assert is_typed_query(line) is typed
