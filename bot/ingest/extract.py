"""Main-text extraction from HTML with trafilatura (no network, ever)."""

from __future__ import annotations

import logging
import re
from typing import Any

import trafilatura

from bot.errors import FetchError
from bot.ingest.types import ExtractedArticle

logger = logging.getLogger(__name__)

NO_ARTICLE_MESSAGE = "This page has no readable article; it may need JavaScript or a login."

# trafilatura and its helpers log every page they find hard at WARNING/ERROR level;
# those lines are noise for a chat bot and could echo page content into our logs.
for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_SPACES = re.compile(r"[ \t\u00a0]+")
# Fewer characters than this is a cookie banner or a "please enable JavaScript" notice.
MIN_ARTICLE_CHARS = 80


def _field(doc: Any, name: str) -> str | None:
    value = getattr(doc, name, None)
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _paragraphs(text: str) -> str:
    """trafilatura puts one block per line; the contract wants blank lines between them."""
    blocks = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n\n".join(block for block in blocks if block)


def extract_html(html: str, *, source: str, url: str | None = None) -> ExtractedArticle:
    """The article in ``html``: body text plus title, author, date and site name.

    Raises ``FetchError`` when there is no article to speak of (a JavaScript shell,
    a login wall, an empty page).
    """
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            favor_precision=True,
        )
    except Exception:  # trafilatura raises assorted parser errors on broken markup
        logger.info("trafilatura failed on %s", source, exc_info=True)
        doc = None
    body = _paragraphs(_field_raw(doc, "text"))
    if len(body) < MIN_ARTICLE_CHARS:
        # Precision mode can drop short pages entirely; ask once more for recall.
        try:
            doc = trafilatura.bare_extraction(
                html,
                url=url,
                with_metadata=True,
                include_comments=False,
                favor_recall=True,
            )
        except Exception:
            doc = None
        body = _paragraphs(_field_raw(doc, "text"))
    if len(body) < MIN_ARTICLE_CHARS:
        logger.info("no article found in %s", source)
        raise FetchError(NO_ARTICLE_MESSAGE)
    title = _field(doc, "title")
    return ExtractedArticle(
        text=_without_leading_title(body, title),
        title=title,
        source=source,
        author=_field(doc, "author"),
        published=_field(doc, "date"),
        site_name=_field(doc, "sitename"),
    )


def _without_leading_title(body: str, title: str | None) -> str:
    """Drop the headline from the body when it merely repeats the title."""
    first, _, rest = body.partition("\n\n")
    if title and rest and first.strip().casefold() == title.casefold():
        return rest
    return body


def _field_raw(doc: Any, name: str) -> str:
    value = getattr(doc, name, None)
    return value if isinstance(value, str) else ""
