"""Caches of analysed documents and library indexes, keyed so that a deleted article's
id given to a new article never brings back the old one."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime

from bot.engine import Document
from bot.engine.library import LibraryIndex
from storage import ArticleInfo

DOCUMENT_CACHE_SIZE = 64
LIBRARY_CACHE_SIZE = 16

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


@dataclass
class ChatLibrary:
    index: LibraryIndex = field(default_factory=LibraryIndex)
    versions: dict[int, Version] = field(default_factory=dict)  # what the index holds

    def stale(self, articles: list[ArticleInfo]) -> list[ArticleInfo]:
        """Drop what is gone or changed; returns the articles still to be added."""
        wanted = {info.id: version(info) for info in articles}
        for article_id, held in list(self.versions.items()):
            if wanted.get(article_id) != held:
                self.index.remove(article_id)
                del self.versions[article_id]
        return [info for info in articles if info.id not in self.versions]

    def added(self, info: ArticleInfo) -> None:
        self.versions[info.id] = version(info)


class LibraryCache:
    """Library indexes by chat (questions across all of a chat's articles), LRU."""

    def __init__(self, size: int = LIBRARY_CACHE_SIZE) -> None:
        self._size = size
        self._libraries: OrderedDict[int, ChatLibrary] = OrderedDict()

    def get(self, chat_id: int) -> ChatLibrary:
        library = self._libraries.get(chat_id)
        if library is None:
            library = self._libraries[chat_id] = ChatLibrary()
        self._libraries.move_to_end(chat_id)
        while len(self._libraries) > self._size:
            self._libraries.popitem(last=False)
        return library

    def forget(self, chat_id: int) -> None:
        self._libraries.pop(chat_id, None)

    def clear(self) -> None:
        self._libraries.clear()
