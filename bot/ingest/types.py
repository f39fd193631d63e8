from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractedArticle:
    text: str  # the article body as plain text, paragraphs separated by blank lines
    title: str | None
    source: str  # what to show as the source: the URL as given, or "file:<name>"
    canonical_url: str | None = None  # after redirects, tracking parameters removed
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
