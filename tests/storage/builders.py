"""Builders for storage tests."""

from __future__ import annotations

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
