"""Builders for storage tests."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from storage import NewArticle, StoredSentence


def new_article(
    chat_id: int = 1,
    text: str = "Alpha beta gamma. Delta epsilon zeta.",
    url: str | None = None,
    title: str | None = "A title",
) -> NewArticle:
    parts = [p.strip() + "." for p in text.split(".") if p.strip()]
    sentences = tuple(
        StoredSentence(i, 0, s, tuple(w.lower() for w in s.rstrip(".").split()))
        for i, s in enumerate(parts)
    )
    return NewArticle(
        chat_id=chat_id,
        title=title,
        source=url or "text",
        canonical_url=url,
        language="en",
        language_detected=True,
        text=text,
        sentences=sentences,
    )


def paragraphed_article(chat_id: int, paragraphs: list[str]) -> NewArticle:
    """An article of several paragraphs (``new_article`` puts every sentence in one)."""
    parts = [
        (number, part.strip() + ".")
        for number, paragraph in enumerate(paragraphs)
        for part in paragraph.split(".")
        if part.strip()
    ]
    sentences = tuple(
        StoredSentence(i, number, s, tuple(w.lower() for w in s.rstrip(".").split()))
        for i, (number, s) in enumerate(parts)
    )
    text = "\n\n".join(paragraphs)
    return replace(new_article(chat_id, text), sentences=sentences)


def assert_search_index_consistent(db: sqlite3.Connection) -> None:
    """The library search index matches the stored articles exactly.

    FTS5's plain ``integrity-check`` only checks the index against itself for a table
    whose content lives elsewhere (here: a view over the sentences); with ``rank`` 1 it
    also re-reads that content and compares it token by token, so an article left
    indexed after its delete, or stored without being indexed, fails it.
    """
    db.execute("INSERT INTO article_search (article_search, rank) VALUES ('integrity-check', 1)")
    indexed = {row[0] for row in db.execute("SELECT id FROM article_search_docsize")}
    with_terms = {row[0] for row in db.execute("SELECT id FROM article_search_text")}
    assert indexed == with_terms


UNUSABLE_KINDS = ("under a file", "not a database", "read-only sysfs")


def unusable_database(tmp_path: Path, kind: str) -> Path:
    """A database path that fails for root too (tests run as root, which ignores
    permission bits): under a regular file, a file that is not a database (it opens,
    then its first PRAGMA fails), or sysfs, where nobody may create a file."""
    if kind == "under a file":
        (tmp_path / "afile").write_text("x")
        return tmp_path / "afile" / "brief.db"
    if kind == "not a database":
        path = tmp_path / "garbage.db"
        path.write_bytes(bytes(range(256)) * 20)
        return path
    path = Path("/sys/brief-test.db")
    try:
        path.touch()
    except OSError:
        return path
    path.unlink()
    pytest.skip("/sys accepts new files here")
