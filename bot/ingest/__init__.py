"""Reading links and files into plain article text.

``Fetcher.fetch(url)`` and ``extract_file(name, data)`` both return an
``ExtractedArticle`` or raise a ``bot.errors.BriefError`` subclass (``FetchError``,
``BlockedURLError``, ``UnsupportedTypeError``, ``TooLargeError``) whose
``user_message`` says what went wrong in words a user can act on.

Public API (imported lazily, so ``import bot.ingest`` stays cheap):

- ``Fetcher`` (bot.ingest.fetch): safe async link reader.
- ``extract_file`` (bot.ingest.files): .txt/.md/.html/.pdf bytes to an article.
- ``extract_html`` (bot.ingest.extract): HTML text to an article.
- ``find_urls``, ``canonical_url``, ``parse_web_url`` (bot.ingest.urls).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from bot.ingest.types import ExtractedArticle

if TYPE_CHECKING:
    from bot.ingest.extract import extract_html
    from bot.ingest.fetch import Fetcher
    from bot.ingest.files import extract_file
    from bot.ingest.urls import canonical_url, find_urls, parse_web_url

__all__ = [
    "ExtractedArticle",
    "Fetcher",
    "canonical_url",
    "extract_file",
    "extract_html",
    "find_urls",
    "parse_web_url",
]

_LAZY = {
    "Fetcher": "bot.ingest.fetch",
    "extract_file": "bot.ingest.files",
    "extract_html": "bot.ingest.extract",
    "canonical_url": "bot.ingest.urls",
    "find_urls": "bot.ingest.urls",
    "parse_web_url": "bot.ingest.urls",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bot.ingest' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
