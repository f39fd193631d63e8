"""The library file format of /export and `brief export`, and reading it back."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.engine import Summary
from bot.errors import InputError
from bot.ingest.types import ExtractedArticle
from storage import ArticleInfo

EXPORT_FORMAT = "brief-library"
EXPORT_VERSION = 1
_BYLINE_KEYS = ("author", "published", "site_name")  # optional in an entry


def export_entry(info: ArticleInfo, text: str, summary: Summary) -> dict[str, object]:
    """One article of an export."""
    return {
        "title": info.title,
        "source": info.source,
        "canonical_url": info.canonical_url,
        "language": info.language,
        "saved": info.created_at.isoformat(),
        "text": text,
        "summary": [s.text for s in summary.sentences],
        # Who wrote it, when and where, when known (left out otherwise).
        **{key: value for key, value in _byline(info).items() if value},
    }


def _byline(info: ArticleInfo) -> dict[str, str | None]:
    return dict(zip(_BYLINE_KEYS, (info.author, info.published, info.site_name), strict=True))


def export_document(entries: list[dict[str, object]]) -> dict[str, object]:
    """The whole export, articles oldest first."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "articles": entries,
    }


def library_json(library: dict[str, object]) -> str:
    """An export as the file `brief export` and the console's /export write."""
    return json.dumps(library, ensure_ascii=False, indent=2) + "\n"


def export_items(data: object) -> list[tuple[ExtractedArticle, datetime | None]]:
    """The articles of an export with their saved dates, checked: a bad file is refused
    before anything is added."""
    bad = InputError("That is not a Brief export (a JSON file made by /export or brief export).")
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise bad
    if data.get("version") != EXPORT_VERSION:
        raise InputError("That export comes from a newer Brief; I can't read it.")
    articles = data.get("articles")
    if not isinstance(articles, list):
        raise bad
    items: list[tuple[ExtractedArticle, datetime | None]] = []
    for entry in articles:
        if not isinstance(entry, dict):
            raise bad
        text, title = entry.get("text"), entry.get("title")
        source, url = entry.get("source"), entry.get("canonical_url")
        if not isinstance(text, str) or not isinstance(source, str | None):
            raise bad
        if not isinstance(title, str | None) or not isinstance(url, str | None):
            raise bad
        author, published, site = (entry.get(key) for key in _BYLINE_KEYS)
        if not all(isinstance(value, str | None) for value in (author, published, site)):
            raise bad
        article = ExtractedArticle(text, title, source or "text", url, author, published, site)
        items.append((article, _saved_date(entry.get("saved"))))
    return items


def _saved_date(value: object) -> datetime | None:
    """An export's "saved" date; None (meaning now) when missing, unreadable or future."""
    if not isinstance(value, str):
        return None
    try:
        saved = datetime.fromisoformat(value)
    except ValueError:
        return None
    if saved.tzinfo is None:
        saved = saved.replace(tzinfo=UTC)
    return saved if saved <= datetime.now(UTC) else None
