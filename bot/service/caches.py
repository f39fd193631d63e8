"""The cache of analysed documents, keyed so that a deleted article's
id given to a new article never brings back the old one."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

from bot.engine import Document
from storage import ArticleInfo

DOCUMENT_CACHE_SIZE = 64

Version = tuple[datetime, int, int, str]


def version(info: ArticleInfo) -> Version:
    """What tells two articles apart when storage gives a deleted article's id to a new one."""
    return (info.created_at, info.sentence_count, info.word_count, info.source)


class DocumentCache:
    """Analysed documents by (chat_id, article_id), least recently used dropped first:
    questions never re-analyse."""

    def __init__(self, size: int = DOCUMENT_CACHE_SIZE) -> None:
        self._size = size
        self._documents: OrderedDict[tuple[int, int], tuple[Version, Document]] = OrderedDict()

    def get(self, info: ArticleInfo, *, touch: bool = True) -> Document | None:
        key = (info.chat_id, info.id)
        cached = self._documents.get(key)
        if cached is None or cached[0] != version(info):
            return None
        if touch:
            self._documents.move_to_end(key)
        return cached[1]

    def put(self, info: ArticleInfo, doc: Document) -> None:
        key = (info.chat_id, info.id)
        self._documents[key] = (version(info), doc)
        self._documents.move_to_end(key)
        while len(self._documents) > self._size:
            self._documents.popitem(last=False)

    def forget(self, chat_id: int, article_ids: list[int] | None = None) -> None:
        """Drop the chat's documents (only ``article_ids`` when given)."""
        for key in list(self._documents):
            if key[0] == chat_id and (article_ids is None or key[1] in article_ids):
                del self._documents[key]

    def clear(self) -> None:
        self._documents.clear()
