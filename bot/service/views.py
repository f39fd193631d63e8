"""What the use cases return: frozen values that the three doors render."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine import Answer, Passage, Summary
from storage import ArticleInfo

WORDS_PER_MINUTE = 230


@dataclass(frozen=True)
class ArticleSource:
    """Where an article came from, read from (and written as) its stored ``source``.

    Stored forms: ``text`` (pasted), ``file:NAME``, ``forward:ORIGIN``, an http(s) link;
    anything else (an imported file's) is kept as it is, as kind "other".
    """

    kind: str  # "text", "file", "forward", "link" or "other"
    detail: str = ""  # the file name, the forward's origin, the link; "" for pasted text

    @classmethod
    def parse(cls, source: str) -> ArticleSource:
        if source == "text":
            return cls("text")
        for kind in ("file", "forward"):
            if source.startswith(f"{kind}:"):
                return cls(kind, source[len(kind) + 1 :])
        if source.startswith(("http://", "https://")):
            return cls("link", source)
        return cls("other", source)

    @classmethod
    def forwarded(cls, origin: str) -> ArticleSource:
        return cls("forward", origin)

    def __str__(self) -> str:
        """The stored form."""
        if self.kind == "text":
            return "text"
        return f"{self.kind}:{self.detail}" if self.kind in ("file", "forward") else self.detail

    @property
    def label(self) -> str:
        """As a reader would say it: "pasted text", "file notes.txt", ..."""
        if self.kind == "text":
            return "pasted text"
        if self.kind == "file":
            return f"file {self.detail}"
        if self.kind == "forward":
            return f"forwarded from {self.detail}"
        return self.detail


def reading_minutes(word_count: int) -> int:
    """Reading time at about 230 words a minute, never less than one minute."""
    return max(1, round(word_count / WORDS_PER_MINUTE))


@dataclass(frozen=True)
class SummaryView:
    article: ArticleInfo
    summary: Summary
    reading_minutes: int
    created: bool  # False when the article was already in this chat
    # Articles deleted to stay under BRIEF_MAX_ARTICLES_PER_CHAT by this add; tell the user.
    pruned: tuple[ArticleInfo, ...] = ()


@dataclass(frozen=True)
class AnswerView:
    article: ArticleInfo  # the article the answer comes from
    answer: Answer
    # ask(..., library=True) only: the article that was asked about, when the answer
    # comes from another article of the chat (then say where it was found).
    asked: ArticleInfo | None = None
    # ask(..., library=True) only: the chat's other articles were searched as well.
    searched_library: bool = False


@dataclass(frozen=True)
class ArticlePage:
    articles: tuple[ArticleInfo, ...]
    page: int
    pages: int
    total: int
    active_article_id: int | None


@dataclass(frozen=True)
class LibraryPassage:
    article: ArticleInfo
    passage: Passage


@dataclass(frozen=True)
class LibraryAnswerView:
    """An answer from the whole library of a chat: passages of any of its articles."""

    question: str
    found: bool
    passages: tuple[LibraryPassage, ...]  # best first; empty when not found
    score: float


@dataclass(frozen=True)
class ImportResult:
    added: tuple[ArticleInfo, ...]
    already_there: tuple[ArticleInfo, ...]
