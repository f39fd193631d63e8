"""The conversation, independent of transport.

Console chat, scripting CLI and Telegram handlers all call this one class, so they
behave the same. It owns no SQL (that is ``storage``) and no NLP (that is
``bot.engine``): it decides what happens, in which order, and what may be stored.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import os
import re
import signal
import sys
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Protocol, TypeVar

from bot.config import Settings
from bot.engine import ALGORITHMS, Answer, Document, Engine, Passage, Sentence, Summary
from bot.engine.conversation import Conversation
from bot.engine.library import LibraryIndex
from bot.engine.metadata import Byline, find_byline, metadata_answer
from bot.errors import (
    ArticleNotFoundError,
    FetchError,
    InputError,
    NoArticleError,
    RateLimitedError,
    TooLargeError,
)
from bot.ingest.types import ExtractedArticle
from bot.ratelimit import SlidingWindowLimiter
from storage import ArticleInfo, ChatSettings, NewArticle, Storage

logger = logging.getLogger(__name__)

CONSOLE_CHAT_ID = 0  # the console's chat in BRIEF_DB; Telegram never uses chat id 0

MIN_SUMMARY_SENTENCES = 1
MAX_SUMMARY_SENTENCES = 20
WORDS_PER_MINUTE = 230
DOCUMENT_CACHE_SIZE = 64
INLINE_ANSWER_SENTENCES = 2_500  # answered on the event loop up to this size (~1 ms)
# Longer texts (about 20 pages) are analysed in a worker process. Their analysis holds
# the GIL for half a second or more, and on threads alone other chats' questions waited
# behind it (p99 13x the idle p99 while a 2,000-sentence document was read).
PROCESS_TEXT_CHARS = 120_000
LIBRARY_CACHE_SIZE = 16

_T = TypeVar("_T")


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


EXPORT_FORMAT = "brief-library"
EXPORT_VERSION = 1


__all__ = [
    "CONSOLE_CHAT_ID",
    "EXPORT_FORMAT",
    "MAX_SUMMARY_SENTENCES",
    "AnswerView",
    "ArticleFetcher",
    "ArticlePage",
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


class ArticleFetcher(Protocol):
    """What Brief needs from ``bot.ingest``'s Fetcher: read one link into an article."""

    async def fetch(self, url: str) -> ExtractedArticle: ...


# --- pasted article or question? -------------------------------------------------------

# A sentence ends at . ! ? … (optionally closed by a quote or bracket) before space or end.
_SENTENCE_END = re.compile(r"[.!?…。]+[\"'”’»)\]]*(?=\s|$)")
_ENDS_WITH_STOP = re.compile(r"[.!?…。][\"'”’»)\]]*$")

ARTICLE_MIN_WORDS = 60  # with at least two sentences
PARAGRAPHS_MIN_WORDS = 40  # with at least three paragraphs (or lines)
QUESTION_MAX_WORDS = 25  # anything shorter is a question, whatever its shape


def looks_like_article(text: str) -> bool:
    """True when ``text`` reads like a pasted article rather than a question.

    The rule: text of fewer than 25 words is a question (or a remark treated as one).
    Longer text is an article when it has at least two sentences and 60 words, or at
    least three paragraphs (lines separated by line breaks) and 40 words. A single
    sentence, however long, is a question: people ask long questions, and nobody
    pastes a one-sentence article.
    """
    stripped = text.strip()
    word_count = len(stripped.split())
    if word_count < QUESTION_MAX_WORDS:
        return False
    sentences = len(_SENTENCE_END.findall(stripped))
    if not _ENDS_WITH_STOP.search(stripped):
        sentences += 1  # the last sentence need not end with punctuation
    paragraphs = len([line for line in stripped.splitlines() if line.strip()])
    if sentences >= 2 and word_count >= ARTICLE_MIN_WORDS:
        return True
    return paragraphs >= 3 and word_count >= PARAGRAPHS_MIN_WORDS


# Whole messages that ask what the article says rather than something in it: no sentence
# answers "what is this about?", the summary does. Matched on the whole message only, so
# "what is the article about the dam?" stays a question.
_SUMMARY_REQUEST = re.compile(
    r"""(?:please\s+)?(?:
        what(?:'s|\s+is|\s+was)\s+(?:this|it|that|the\s+(?:article|text|post|story|piece))
            (?:\s+(?:article|text|post|story|piece))?\s+about
      | summar(?:y|ise|ize)(?:\s+(?:it|this|that|the\s+(?:article|text)))?
      | sum\s+(?:it|this)\s+up | tl;?\s?dr | (?:the\s+)?(?:main|key)\s+points | (?:the\s+)?gist
      | worum\s+geht(?:\s+es|'s|s)(?:\s+(?:hier|da))? | zusammenfassung
      | de\s+quoi\s+(?:ça|ca|cela|il|elle)\s+parle | résumé | resume
      | de\s+qu[ée]\s+(?:trata|va)(?:\s+(?:esto|el\s+art[íi]culo))? | resumen
      | о\s+ч[её]м\s+(?:это|статья|текст|она|он) | кратко | суть | резюме
    )(?:,?\s+please)?""",
    re.IGNORECASE | re.VERBOSE,
)


def asks_for_summary(text: str) -> bool:
    """True when the whole message asks for the gist ("what is this about?", "tl;dr")."""
    return bool(_SUMMARY_REQUEST.fullmatch(text.strip(" \t\n?!.¿¡")))


def reading_minutes(word_count: int) -> int:
    """Reading time at about 230 words a minute, never less than one minute."""
    return max(1, round(word_count / WORDS_PER_MINUTE))


def _paragraph_text(sentences: tuple[Sentence, ...]) -> str:
    """The cleaned text, sentences joined by spaces and paragraphs by a blank line."""
    paragraphs: list[list[str]] = []
    last: int | None = None
    for sentence in sentences:
        if sentence.paragraph != last:
            paragraphs.append([])
            last = sentence.paragraph
        paragraphs[-1].append(sentence.text)
    return "\n\n".join(" ".join(p) for p in paragraphs)


def _size_label(n_bytes: int) -> str:
    if n_bytes >= 1024 * 1024:
        return f"{n_bytes / (1024 * 1024):.1f} MB"
    return f"{max(1, n_bytes // 1024)} KB"


class Brief:
    """One instance per process, shared by every chat. All methods are chat-scoped:
    an id from another chat behaves exactly like an unknown id.

    Errors a user can cause are raised as ``bot.errors.BriefError`` subclasses with a
    ``user_message``; callers render that message and nothing else.

    Brief owns what it is given: ``close()`` shuts its worker threads, the fetcher
    (when it has ``aclose``) and the storage.
    """

    def __init__(
        self,
        storage: Storage,
        engine: Engine,
        settings: Settings,
        fetcher: ArticleFetcher | None = None,
    ) -> None:
        self._storage = storage
        self._engine = engine
        self._settings = settings
        self._fetcher = fetcher
        self._ingests = SlidingWindowLimiter(settings.ingests_per_minute, window=60.0)
        # Engine work is CPU-bound: it runs on these threads so the event loop keeps
        # serving other chats while one 2,000-sentence article is summarised.
        self._executor = ThreadPoolExecutor(
            max_workers=min(4, os.cpu_count() or 1), thread_name_prefix="brief-engine"
        )
        # Analysed documents by (chat_id, article_id): questions never re-analyse.
        # Storage may reuse the id of a deleted article, so entries carry a version.
        self._documents: OrderedDict[tuple[int, int], tuple[_Version, Document]] = OrderedDict()
        # Library indexes by chat (questions across all of a chat's articles), LRU.
        self._libraries: OrderedDict[int, _ChatLibrary] = OrderedDict()
        self._library_lock = asyncio.Lock()
        # Worker processes for long texts: started by start_worker or the first long text.
        self._processes: ProcessPoolExecutor | None = None
        self._closed = False

    # --- plumbing -------------------------------------------------------------------

    async def _run(self, func: Callable[..., _T], *args: object, **kwargs: object) -> _T:
        """Run a CPU-heavy engine call off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(func, *args, **kwargs))

    async def _analyze(
        self, text: str, title: str | None, length: int, algorithm: str | None
    ) -> tuple[Document, Summary]:
        """Analyse and summarise a new text: on a thread, or a worker process when long."""
        work = partial(analyze_and_summarize, self._engine, text, title, length, algorithm)
        if len(text) > PROCESS_TEXT_CHARS and self._settings.analysis_workers > 0:
            loop = asyncio.get_running_loop()
            try:
                return await loop.run_in_executor(self._process_pool(), work)
            except BrokenProcessPool:
                # The worker died (out of memory, killed): a new one next time; this
                # text is read on a thread.
                logger.warning("the analysis worker process died; using a thread instead")
                self._drop_process_pool()
        return await self._run(work)

    async def start_worker(self) -> None:
        """Start the worker process for long texts now rather than at the first one
        (its start-up, a second or two of imports, would delay that reply)."""
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self._process_pool(), _warm_up, self._engine)
        except (BrokenProcessPool, OSError) as error:
            logger.warning("the analysis worker did not start (%s); long texts use threads", error)
            self._drop_process_pool()

    def _drop_process_pool(self) -> None:
        broken, self._processes = self._processes, None
        if broken is not None:
            broken.shutdown(wait=False, cancel_futures=True)

    def _process_pool(self) -> ProcessPoolExecutor:
        if self._processes is None:
            # spawn: a fresh interpreter, never a fork of this process with its threads
            # (the database's, the engine's) mid-flight; and a direct child, which the
            # kernel can end when Brief ends (see _end_with_parent).
            context = multiprocessing.get_context("spawn")
            workers = max(1, self._settings.analysis_workers)
            self._processes = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=_end_with_parent
            )
        return self._processes

    def _remember(self, info: ArticleInfo, doc: Document) -> None:
        key = (info.chat_id, info.id)
        self._documents[key] = (_version(info), doc)
        self._documents.move_to_end(key)
        while len(self._documents) > DOCUMENT_CACHE_SIZE:
            self._documents.popitem(last=False)

    def _forget_cached(self, chat_id: int, article_ids: list[int] | None = None) -> None:
        for key in list(self._documents):
            if key[0] == chat_id and (article_ids is None or key[1] in article_ids):
                del self._documents[key]

    async def _info(self, chat_id: int, article_id: int | None) -> ArticleInfo:
        """The article ``article_id`` of this chat, or the chat's active article."""
        if article_id is None:
            info = await self._storage.get_active_info(chat_id)
            if info is None:
                if await self._storage.count_articles(chat_id) > 0:
                    raise NoArticleError(
                        "No article is active. Send /list and /use ID, or send me a new article."
                    )
                raise NoArticleError()
            return info
        info = await self._storage.get_info(chat_id, article_id)
        if info is None:
            raise ArticleNotFoundError()
        return info

    async def _document(self, info: ArticleInfo) -> Document:
        key = (info.chat_id, info.id)
        cached = self._documents.get(key)
        if cached is not None and cached[0] == _version(info):
            self._documents.move_to_end(key)
            return cached[1]
        doc = await self._restore(info)
        self._remember(info, doc)
        return doc

    async def _restore(self, info: ArticleInfo) -> Document:
        """Rebuild the analysed document from its stored sentences (no re-analysis)."""
        article = await self._storage.get_article(info.chat_id, info.id)
        if article is None:  # deleted between the two reads
            raise ArticleNotFoundError()
        return self._engine.restore(
            info.title,
            info.language,
            info.language_detected,
            [Sentence(s.index, s.paragraph, s.text, s.terms) for s in article.sentences],
        )

    def _length(self, chat: ChatSettings, sentences: int | None) -> int:
        if sentences is not None:
            _check_length(sentences)
            return sentences
        return chat.summary_sentences or self._settings.summary_sentences

    # --- adding articles ------------------------------------------------------------

    async def add_text(
        self,
        chat_id: int,
        text: str,
        *,
        source: str = "text",
        title: str | None = None,
        canonical_url: str | None = None,
    ) -> SummaryView:
        """Analyse, summarise and store ``text`` as the chat's new active article.

        Everything that can fail runs before the single storage transaction, so an
        error never leaves half an article behind.
        """
        self._admit_ingest(chat_id)
        return await self._store_text(
            chat_id,
            text,
            source=source,
            title=title,
            canonical_url=canonical_url,
            byline=find_byline(text),
        )

    def _admit_ingest(self, chat_id: int) -> None:
        """Per-chat flood limit on new articles, checked before any fetch or analysis.

        The console (one local user) is exempt: the limit protects a bot that strangers
        can message, and one flooding chat must not slow the others down.
        """
        if chat_id != CONSOLE_CHAT_ID and not self._ingests.admit(chat_id):
            raise RateLimitedError()

    async def _store_text(
        self,
        chat_id: int,
        text: str,
        *,
        source: str,
        title: str | None,
        canonical_url: str | None,
        saved: datetime | None = None,
        byline: Byline | None = None,
    ) -> SummaryView:
        """``saved``: when the article was first saved (an import keeps it); default now."""
        size = len(text.encode("utf-8", errors="replace"))
        if size > self._settings.max_input_bytes:
            raise TooLargeError(
                f"That is too long for me ({_size_label(size)}). I read articles up to "
                f"{_size_label(self._settings.max_input_bytes)}."
            )
        if not text.strip():
            raise InputError("That message is empty. Paste an article, or send a link or a file.")

        chat = await self._storage.get_settings(chat_id)
        length = self._length(chat, None)
        doc, summary = await self._analyze(text, title, length, chat.algorithm)
        new = NewArticle(
            chat_id=chat_id,
            title=doc.title,
            source=source,
            canonical_url=canonical_url,
            language=doc.language,
            language_detected=doc.language_detected,
            text=_paragraph_text(doc.sentences),
            sentences=doc.sentences,
            created_at=saved,
            author=byline.author if byline else None,
            published=byline.published if byline else None,
            site_name=byline.site_name if byline else None,
        )
        result = await self._storage.add_article(new)
        await self._storage.set_conversation(chat_id, None)  # a new active article
        info = result.article
        await self._storage.set_active_article(chat_id, info.id)
        if result.created:
            self._remember(info, doc)
        else:
            # Already stored (same text or same link): summarise what is stored, which
            # may differ from this copy for a link whose page changed.
            stored = await self._document(info)
            if stored is not doc:
                summary = await self._run(
                    self._engine.summarize, stored, sentences=length, algorithm=chat.algorithm
                )
        pruned: tuple[ArticleInfo, ...] = ()
        if result.created:
            limit = self._settings.max_articles_per_chat
            if await self._storage.count_articles(chat_id) > limit:
                pruned = tuple(await self._storage.prune_oldest(chat_id, limit))
                self._forget_cached(chat_id, [p.id for p in pruned])
                logger.info("chat %s: pruned %d old article(s)", chat_id, len(pruned))
        return SummaryView(
            article=info,
            summary=summary,
            reading_minutes=reading_minutes(info.word_count),
            created=result.created,
            pruned=pruned,
        )

    async def add_url(self, chat_id: int, url: str) -> SummaryView:
        if self._fetcher is None:
            raise FetchError("I can't read links here.")
        self._admit_ingest(chat_id)
        extracted = await self._fetcher.fetch(url)
        return await self.add_extracted(chat_id, extracted)

    async def add_file(self, chat_id: int, filename: str, data: bytes) -> SummaryView:
        self._admit_ingest(chat_id)
        if len(data) > self._settings.max_input_bytes:
            raise TooLargeError(
                f"That file is too large for me ({_size_label(len(data))}). I read files up to "
                f"{_size_label(self._settings.max_input_bytes)}."
            )
        from bot.ingest.files import extract_file

        extracted = await self._run(
            extract_file, filename, data, max_bytes=self._settings.max_input_bytes
        )
        return await self.add_extracted(chat_id, extracted)

    async def add_extracted(
        self, chat_id: int, extracted: ExtractedArticle, *, source: str | None = None
    ) -> SummaryView:
        """Store an article that ``bot.ingest`` already read (a link or a file)."""
        return await self._store_text(
            chat_id,
            extracted.text,
            source=source or extracted.source,
            title=extracted.title,
            canonical_url=extracted.canonical_url,
            byline=Byline(extracted.author, extracted.published, extracted.site_name)
            or find_byline(extracted.text),
        )

    # --- reading --------------------------------------------------------------------

    async def summary(
        self, chat_id: int, article_id: int | None = None, sentences: int | None = None
    ) -> SummaryView:
        if sentences is not None:
            _check_length(sentences)
        info = await self._info(chat_id, article_id)
        chat = await self._storage.get_settings(chat_id)
        length = self._length(chat, sentences)
        doc = await self._document(info)
        result = await self._run(
            self._engine.summarize, doc, sentences=length, algorithm=chat.algorithm
        )
        return SummaryView(info, result, reading_minutes(info.word_count), created=False)

    async def ask(
        self,
        chat_id: int,
        question: str,
        article_id: int | None = None,
        *,
        library: bool = False,
    ) -> AnswerView:
        """Answer from the active article (or ``article_id``).

        With ``library``, when that article does not answer, the chat's other articles
        are searched: a hit comes back with ``article`` set to where it was found and
        ``asked`` to the article asked about; ``searched_library`` says they were tried.
        """
        question = question.strip()
        if not question:
            raise InputError("Ask me something about the article.")
        info = await self._info(chat_id, article_id)
        about = metadata_answer(question, Byline(info.author, info.published, info.site_name))
        if about is not None:  # "Who wrote this?": the byline, not the article's sentences
            return AnswerView(info, about)
        doc = await self._document(info)
        now = time.time()
        stored = await self._storage.get_conversation(chat_id)
        turn = (doc, question, Conversation.resume(stored, str(info.id), now), now)
        if len(doc.sentences) <= INLINE_ANSWER_SENTENCES:
            # About a millisecond: cheaper on the loop than the two thread hand-offs
            # of the executor, which wait for the GIL behind any article being analysed.
            answer, after = self._engine.converse(*turn)
        else:
            answer, after = await self._run(self._engine.converse, *turn)
        await self._storage.set_conversation(chat_id, after.to_json())
        if (answer.found and answer.sure) or not library:
            return AnswerView(info, answer)
        articles = await self._all_articles(chat_id)
        if all(a.id == info.id for a in articles):
            return AnswerView(info, answer)
        index = await self._library(chat_id, articles)
        found = await self._run(index.answer, question, 6)
        hits = [hit for hit in found.hits if hit.article_id != info.id]
        if not found.found or not hits:
            # A "not sure" answer from the asked article is still better than nothing.
            return AnswerView(info, answer, searched_library=not answer.found)
        # The best article's passages, so the reply quotes one article.
        source = next(a for a in articles if a.id == hits[0].article_id)
        passages = tuple(h.passage for h in hits if h.article_id == source.id)
        other = Answer(question, True, passages, passages[0].score)
        return AnswerView(source, other, asked=info, searched_library=True)

    async def keywords(
        self, chat_id: int, article_id: int | None = None
    ) -> tuple[ArticleInfo, tuple[str, ...]]:
        info = await self._info(chat_id, article_id)
        doc = await self._document(info)
        return info, await self._run(self._engine.keywords, doc)

    async def list_articles(self, chat_id: int, page: int = 0, per_page: int = 10) -> ArticlePage:
        per_page = max(1, per_page)
        total = await self._storage.count_articles(chat_id)
        pages = max(1, -(-total // per_page))
        page = min(max(0, page), pages - 1)
        articles = await self._storage.list_articles(
            chat_id, offset=page * per_page, limit=per_page
        )
        active = (await self._storage.get_settings(chat_id)).active_article_id
        return ArticlePage(tuple(articles), page, pages, total, active)

    # --- managing -------------------------------------------------------------------

    async def use(self, chat_id: int, article_id: int) -> ArticleInfo:
        info = await self._info(chat_id, article_id)
        await self._storage.set_active_article(chat_id, info.id)
        await self._storage.set_conversation(chat_id, None)
        return info

    async def delete(self, chat_id: int, article_id: int) -> ArticleInfo:
        info = await self._info(chat_id, article_id)
        was_active = (await self._storage.get_settings(chat_id)).active_article_id == info.id
        if not await self._storage.delete_article(chat_id, info.id):
            raise ArticleNotFoundError()
        self._forget_cached(chat_id, [info.id])
        if was_active:
            # Questions keep working: the newest remaining article becomes active.
            newest = await self._storage.list_articles(chat_id, offset=0, limit=1)
            await self._storage.set_active_article(chat_id, newest[0].id if newest else None)
        return info

    async def forget(self, chat_id: int) -> int:
        count = await self._storage.forget_chat(chat_id)
        self._forget_cached(chat_id)
        self._libraries.pop(chat_id, None)
        return count

    async def set_algorithm(self, chat_id: int, name: str) -> ChatSettings:
        choice = name.strip().lower()
        if choice == "default":
            return await self._storage.set_algorithm(chat_id, None)
        if choice not in ALGORITHMS:
            shown = f"«{name.strip()}»" if name.strip() else "that"
            raise InputError(
                f"I don't know {shown}. Choose one of: {', '.join(ALGORITHMS)} (or default)."
            )
        return await self._storage.set_algorithm(chat_id, choice)

    async def set_length(self, chat_id: int, sentences: int) -> ChatSettings:
        _check_length(sentences)
        return await self._storage.set_summary_sentences(chat_id, sentences)

    async def settings(self, chat_id: int) -> ChatSettings:
        return await self._storage.get_settings(chat_id)

    async def link_message(self, chat_id: int, message_id: int, article_id: int) -> None:
        await self._storage.link_message(chat_id, message_id, article_id)

    async def article_for_message(self, chat_id: int, message_id: int) -> int | None:
        return await self._storage.article_for_message(chat_id, message_id)

    def looks_like_article(self, text: str) -> bool:
        """Pasted article vs. question; the rule is documented on ``looks_like_article``."""
        return looks_like_article(text)

    def asks_for_summary(self, text: str) -> bool:
        """A question that the summary answers; the rule is on ``asks_for_summary``."""
        return asks_for_summary(text)

    async def apply_retention(self, now: datetime | None = None) -> int:
        """Delete articles older than BRIEF_RETENTION_DAYS (nothing when it is unset)."""
        days = self._settings.retention_days
        if days is None:
            return 0
        cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
        deleted = await self._storage.delete_older_than(cutoff)
        if deleted:
            self._documents.clear()
            logger.info("retention: deleted %d article(s) older than %d days", deleted, days)
        return deleted

    # --- the whole library ------------------------------------------------------------

    async def _all_articles(self, chat_id: int) -> list[ArticleInfo]:
        """Every article of the chat, newest first."""
        found: list[ArticleInfo] = []
        while True:
            page = await self._storage.list_articles(chat_id, offset=len(found), limit=200)
            found.extend(page)
            if len(page) < 200:
                return found

    async def _library(self, chat_id: int, articles: list[ArticleInfo]) -> LibraryIndex:
        """The chat's library index, brought up to date with ``articles``.

        Built once per chat and process from stored sentences (no re-analysis), then
        kept current by adding what is new and dropping what is gone, so a question
        never re-reads the articles the index already holds.
        """
        async with self._library_lock:
            library = self._libraries.get(chat_id)
            if library is None:
                library = self._libraries[chat_id] = _ChatLibrary(LibraryIndex(), {})
            self._libraries.move_to_end(chat_id)
            while len(self._libraries) > LIBRARY_CACHE_SIZE:
                self._libraries.popitem(last=False)
            wanted = {info.id: _version(info) for info in articles}
            for article_id, version in list(library.versions.items()):
                if wanted.get(article_id) != version:
                    library.index.remove(article_id)
                    del library.versions[article_id]
            for info in articles:
                if info.id not in library.versions:
                    doc = await self._document_for_index(info)
                    await self._run(library.index.add, info.id, doc)
                    library.versions[info.id] = wanted[info.id]
            return library.index

    async def _document_for_index(self, info: ArticleInfo) -> Document:
        """The cached document when there is one; otherwise restored without caching it,
        so that indexing a large library does not flush the cache of active articles."""
        cached = self._documents.get((info.chat_id, info.id))
        if cached is not None and cached[0] == _version(info):
            return cached[1]
        return await self._restore(info)

    async def ask_all(self, chat_id: int, question: str, top_k: int = 3) -> LibraryAnswerView:
        """Answer ``question`` from every article of the chat, best passages first."""
        question = question.strip()
        if not question:
            raise InputError("Ask me something about your articles.")
        articles = await self._all_articles(chat_id)
        if not articles:
            raise NoArticleError()
        index = await self._library(chat_id, articles)
        answer = await self._run(index.answer, question, top_k)
        by_id = {info.id: info for info in articles}
        hits = tuple(
            LibraryPassage(by_id[hit.article_id], hit.passage)
            for hit in answer.hits
            if hit.article_id in by_id
        )
        return LibraryAnswerView(question, answer.found and bool(hits), hits, answer.score)

    async def export_library(self, chat_id: int) -> dict[str, object]:
        """The chat's whole library as plain JSON-ready data (see ``import_library``)."""
        chat = await self._storage.get_settings(chat_id)
        length = self._length(chat, None)
        exported: list[dict[str, object]] = []
        for info in reversed(await self._all_articles(chat_id)):  # oldest first
            article = await self._storage.get_article(chat_id, info.id)
            if article is None:
                continue
            doc = await self._document(info)
            summary = await self._run(
                self._engine.summarize, doc, sentences=length, algorithm=chat.algorithm
            )
            exported.append(
                {
                    "title": info.title,
                    "source": info.source,
                    "canonical_url": info.canonical_url,
                    "language": info.language,
                    "saved": info.created_at.isoformat(),
                    "text": article.text,
                    "summary": [s.text for s in summary.sentences],
                }
            )
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": datetime.now(UTC).isoformat(),
            "articles": exported,
        }

    async def import_library(self, chat_id: int, data: object) -> ImportResult:
        """Restore an export: new ids in this chat, and what is already here is skipped."""
        items = _export_items(data)
        added: list[ArticleInfo] = []
        already: list[ArticleInfo] = []
        for item, saved in items:
            view = await self._store_text(
                chat_id,
                item.text,
                source=item.source,
                title=item.title,
                canonical_url=item.canonical_url,
                saved=saved,
            )
            (added if view.created else already).append(view.article)
        return ImportResult(tuple(added), tuple(already))

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        await asyncio.to_thread(self._executor.shutdown, wait=True, cancel_futures=True)
        if self._processes is not None:
            await asyncio.to_thread(self._processes.shutdown, wait=True, cancel_futures=True)
        aclose = getattr(self._fetcher, "aclose", None)
        if aclose is not None:
            await aclose()
        await self._storage.close()
        self._documents.clear()
        self._libraries.clear()


_Version = tuple[datetime, int, int, str]


def _version(info: ArticleInfo) -> _Version:
    """What tells two articles apart when storage gives a deleted article's id to a new one."""
    return (info.created_at, info.sentence_count, info.word_count, info.source)


@dataclass
class _ChatLibrary:
    index: LibraryIndex
    versions: dict[int, _Version]  # what the index holds, by article id


def _check_length(sentences: int) -> None:
    if not MIN_SUMMARY_SENTENCES <= sentences <= MAX_SUMMARY_SENTENCES:
        raise InputError(
            f"A summary can be {MIN_SUMMARY_SENTENCES} to {MAX_SUMMARY_SENTENCES} sentences long."
        )


def _end_with_parent() -> None:
    """Worker initializer. The worker yields the CPU to Brief's own process (replies come
    first, a long article can wait a little), and on Linux the kernel sends it SIGTERM
    when Brief's process ends, however it ends (kill -9 included)."""
    os.nice(10)
    if sys.platform != "linux":
        return
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() == 1:  # Brief was already gone before prctl took effect
        os._exit(0)


def _warm_up(engine: Engine) -> None:
    """Run once in a new worker: imports the engine's modules and loads its models."""
    analyze_and_summarize(engine, "Brief starts. The worker is ready.", None, 1, None)


def analyze_and_summarize(
    engine: Engine, text: str, title: str | None, length: int, algorithm: str | None
) -> tuple[Document, Summary]:
    """A new text's analysis and summary in one call (a worker process runs it whole)."""
    doc = engine.analyze(text, title)
    return doc, engine.summarize(doc, sentences=length, algorithm=algorithm)


def _export_items(data: object) -> list[tuple[ExtractedArticle, datetime | None]]:
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
        article = ExtractedArticle(text, title, source or "text", url)
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
