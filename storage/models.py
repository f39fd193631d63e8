"""What storage hands out: frozen dataclasses, never rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


class SentenceRow(Protocol):
    """What storing a sentence needs. The engine's sentences have it, so a long article's
    thousands of sentences are stored as they are, without a copy."""

    @property
    def index(self) -> int: ...
    @property
    def paragraph(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def terms(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class StoredSentence:
    index: int
    paragraph: int
    text: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class NewArticle:
    """An analysed article about to be stored for one chat."""

    chat_id: int
    title: str | None
    source: str  # "text", "file:<name>", "forward:<origin>" or the URL as given
    canonical_url: str | None  # for links: after redirects, tracking parameters removed
    language: str
    language_detected: bool
    text: str  # the cleaned article text
    sentences: Sequence[SentenceRow]
    created_at: datetime | None = None  # None: now; an import keeps the original date
    author: str | None = None  # from the page's metadata or a pasted text's byline
    published: str | None = None  # the date as the page or byline gives it
    site_name: str | None = None


@dataclass(frozen=True)
class ArticleInfo:
    """An article without its text: what lists and replies need."""

    id: int
    chat_id: int
    title: str | None
    source: str
    canonical_url: str | None
    language: str
    language_detected: bool
    sentence_count: int
    word_count: int
    created_at: datetime  # timezone-aware, UTC
    author: str | None = None
    published: str | None = None
    site_name: str | None = None


def info_from_row(row: Sequence[Any], created_at: datetime) -> ArticleInfo:
    """An article's info from a row of the columns id, chat_id, title, source,
    canonical_url, language, language_detected, sentence_count, word_count, created_at,
    author, published, site_name (both backends select these); ``created_at`` as the
    backend converted it (SQLite stores text, PostgreSQL a timestamptz)."""
    (id_, chat_id, title, source, url, language, detected, sentences, words, _, *meta) = row
    author, published, site_name = meta
    return ArticleInfo(
        id=id_,
        chat_id=chat_id,
        title=title,
        source=source,
        canonical_url=url,
        language=language,
        language_detected=bool(detected),
        sentence_count=sentences,
        word_count=words,
        created_at=created_at,
        author=author,
        published=published,
        site_name=site_name,
    )


@dataclass(frozen=True)
class Article:
    info: ArticleInfo
    text: str
    sentences: tuple[StoredSentence, ...]


@dataclass(frozen=True)
class ChatSettings:
    chat_id: int
    summary_sentences: int | None  # None: the deployment default
    algorithm: str | None  # None: the engine default
    active_article_id: int | None


def search_term(language: str, term: str) -> str:
    """How the library search names an engine term: qualified by the language it was
    stemmed in ("en_bridg"), so a question matches each article in that article's own
    language. Terms are letters and digits only, so the "_" can never be part of one."""
    return f"{language}_{term}"


@dataclass(frozen=True)
class ArticleHit:
    """One article found by the library search; higher ``score`` is more relevant."""

    article_id: int
    score: float


@dataclass(frozen=True)
class AddResult:
    article: ArticleInfo
    created: bool  # False: the same text or URL was already stored in this chat
