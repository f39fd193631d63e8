"""The application layer: one core that Telegram, the console and the CLI call.

- ``brief``: the use cases (``Brief``), one instance per process;
- ``views``: the values they return, and ``ArticleSource``;
- ``intent``: what a message means (``classify``);
- ``workers``: threads and worker processes for engine work;
- ``caches``: analysed documents and library indexes;
- ``library_file``: the /export file format.
"""

from __future__ import annotations

from bot.service.brief import (
    CONSOLE_CHAT_ID,
    MAX_SUMMARY_SENTENCES,
    MIN_SUMMARY_SENTENCES,
    ArticleFetcher,
    Brief,
)
from bot.service.intent import asks_for_summary, looks_like_article
from bot.service.library_file import EXPORT_FORMAT, EXPORT_VERSION
from bot.service.views import (
    AnswerView,
    ArticlePage,
    ArticleSource,
    ImportResult,
    LibraryAnswerView,
    LibraryPassage,
    SummaryView,
    reading_minutes,
)
from bot.service.workers import PROCESS_TEXT_CHARS
from storage import ChatSettings

__all__ = [
    "CONSOLE_CHAT_ID",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "MAX_SUMMARY_SENTENCES",
    "MIN_SUMMARY_SENTENCES",
    "PROCESS_TEXT_CHARS",
    "AnswerView",
    "ArticleFetcher",
    "ArticlePage",
    "ArticleSource",
    "Brief",
    "ChatSettings",
    "ImportResult",
    "LibraryAnswerView",
    "LibraryPassage",
    "SummaryView",
    "asks_for_summary",
    "looks_like_article",
    "reading_minutes",
]
