"""The use cases: what happens to an article or a question, in which order, and what
may be stored. Console chat, scripting CLI and Telegram handlers all call this one
class, so they behave the same. It owns no SQL (that is ``storage``) and no NLP (that
is ``bot.engine``); where engine work runs is ``workers``, what is cached ``caches``.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.config import Settings
from bot.engine import ALGORITHMS, Answer, Document, Engine, Sentence, Summary
from bot.engine.byline_turns import byline_turn, may_be_about_byline
from bot.engine.conversation import Conversation
from bot.engine.metadata import Byline, byline_of, find_byline, metadata_answer
from bot.errors import (
    ArticleNotFoundError,
    FetchError,
    InputError,
    NoArticleError,
    RateLimitedError,
    TooLargeError,
)
from bot.ingest.types import ExtractedArticle
from bot.ratelimit import ingest_limiter
from bot.service.caches import DocumentCache
from bot.service.intent import ARTICLE_MIN_WORDS, reads_like_statements
from bot.service.library_file import export_document, export_entry, export_items
from bot.service.library_search import LibrarySearch
from bot.service.views import (
    AnswerView,
    ArticlePage,
    ImportResult,
    LibraryAnswerView,
    LibraryPassage,
    SummaryView,
    reading_minutes,
)
from bot.service.workers import EngineWorkers
from bot.storage_guard import guarded
from storage import Article, ArticleInfo, ChatSettings, NewArticle, Storage

logger = logging.getLogger(__name__)

CONSOLE_CHAT_ID = 0  # the console's chat in BRIEF_DB; Telegram never uses chat id 0

MIN_SUMMARY_SENTENCES = 1
MAX_SUMMARY_SENTENCES = 20
INLINE_ANSWER_SENTENCES = 2_500  # answered on the event loop up to this size (~1 ms)
SHORT_TEXT = (
    f"That reads like a text, but it is short for an article (I read from about "
    f"{ARTICLE_MIN_WORDS} words), and there is no article yet to ask about. Paste a "
    "longer text, or send me a link or a file."
)


class ArticleFetcher(Protocol):
    """What Brief needs from ``bot.ingest``'s Fetcher: read one link into an article."""

    async def fetch(self, url: str) -> ExtractedArticle: ...


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
        self._storage = guarded(storage)  # a full disk: a message, not 'Sorry'
        self._engine = engine
        self._settings = settings
        self._fetcher = fetcher
        self._ingests = ingest_limiter(storage, settings.ingests_per_minute, window=60.0)
        self._workers = EngineWorkers(engine, settings.analysis_workers)
        self._documents = DocumentCache()
        # Questions across a chat's articles: candidates from storage, reranked.
        self._library = LibrarySearch(self._storage, self._document_for_index, self._workers.run)
        self._closed = False

    # --- plumbing -------------------------------------------------------------------

    async def start_worker(self) -> None:
        """Start the worker process for long texts now rather than at the first one."""
        await self._workers.start()

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

    async def _document(self, info: ArticleInfo, article: Article | None = None) -> Document:
        """The analysed document, cached; ``article``: the stored article when the caller
        has read it already."""
        doc = self._documents.get(info)
        if doc is None:
            doc = await self._restore(info, article)
            self._documents.put(info, doc)
        return doc

    async def _restore(self, info: ArticleInfo, article: Article | None = None) -> Document:
        """Rebuild the analysed document from its stored sentences (no re-analysis)."""
        if article is None:
            article = await self._storage.get_article(info.chat_id, info.id)
        if article is None:  # deleted between the two reads
            raise ArticleNotFoundError()
        return self._engine.restore(
            info.title,
            info.language,
            info.language_detected,
            [Sentence(s.index, s.paragraph, s.text, s.terms) for s in article.sentences],
        )

    async def _summarize(
        self, doc: Document, chat: ChatSettings, sentences: int | None = None
    ) -> Summary:
        """``doc``'s summary at the chat's length (or ``sentences``), by its algorithm."""
        length = self._length(chat, sentences)
        return await self._workers.run(
            self._engine.summarize,
            doc,
            sentences=length[0],
            default=length[1],
            algorithm=chat.algorithm,
        )

    def _length(self, chat: ChatSettings, sentences: int | None) -> tuple[int | None, int]:
        """(exact length asked for, or None; the chat's default, scaled by the engine
        to short articles: ``bot.engine.core.default_length``)."""
        if sentences is not None:
            _check_length(sentences)
        return sentences, chat.summary_sentences or self._settings.summary_sentences

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
        await self._admit_ingest(chat_id)
        return await self._store_text(
            chat_id,
            text,
            source=source,
            title=title,
            canonical_url=canonical_url,
            byline=find_byline(text),
        )

    async def _admit_ingest(self, chat_id: int) -> None:
        """Per-chat flood limit on new articles, checked before any fetch or analysis.

        The console (one local user) is exempt: the limit protects a bot that strangers
        can message, and one flooding chat must not slow the others down.
        """
        if chat_id != CONSOLE_CHAT_ID and not await self._ingests.admit(chat_id):
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
        """``saved``: when the article was first saved (an import keeps it); default now.
        ``byline``: who wrote it, when and where, when known."""
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
        doc, summary = await self._workers.analyze(text, title, length, chat.algorithm)
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
            self._documents.put(info, doc)
        else:
            # Already stored (same text or same link): summarise what is stored, which
            # may differ from this copy for a link whose page changed.
            stored = await self._document(info)
            if stored is not doc:
                summary = await self._summarize(stored, chat)
        pruned = await self._prune(chat_id) if result.created else ()
        return SummaryView(info, summary, reading_minutes(info.word_count), result.created, pruned)

    def _forget_cached(self, chat_id: int, article_ids: list[int] | None = None) -> None:
        """Drop the chat's (or these articles') analysed documents and library indexes."""
        self._documents.forget(chat_id, article_ids)
        self._library.forget(chat_id, article_ids)

    async def _prune(self, chat_id: int) -> tuple[ArticleInfo, ...]:
        """Delete the chat's oldest articles beyond BRIEF_MAX_ARTICLES_PER_CHAT."""
        limit = self._settings.max_articles_per_chat
        if await self._storage.count_articles(chat_id) <= limit:
            return ()
        pruned = tuple(await self._storage.prune_oldest(chat_id, limit))
        self._forget_cached(chat_id, [p.id for p in pruned])
        logger.info("chat %s: pruned %d old article(s)", chat_id, len(pruned))
        return pruned

    async def add_url(self, chat_id: int, url: str) -> SummaryView:
        if self._fetcher is None:
            raise FetchError("I can't read links here.")
        await self._admit_ingest(chat_id)
        extracted = await self._fetcher.fetch(url)
        return await self.add_extracted(chat_id, extracted)

    async def add_file(self, chat_id: int, filename: str, data: bytes) -> SummaryView:
        await self._admit_ingest(chat_id)
        if len(data) > self._settings.max_input_bytes:
            raise TooLargeError(
                f"That file is too large for me ({_size_label(len(data))}). I read files up to "
                f"{_size_label(self._settings.max_input_bytes)}."
            )
        from bot.ingest.isolation import extract_untrusted_file

        max_bytes = self._settings.max_input_bytes
        extracted = await extract_untrusted_file(filename, data, max_bytes=max_bytes)
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
            byline=byline_of(
                extracted.text, extracted.author, extracted.published, extracted.site_name
            ),
        )

    # --- reading --------------------------------------------------------------------

    async def summary(
        self, chat_id: int, article_id: int | None = None, sentences: int | None = None
    ) -> SummaryView:
        if sentences is not None:
            _check_length(sentences)
        info = await self._info(chat_id, article_id)
        chat = await self._storage.get_settings(chat_id)
        result = await self._summarize(await self._document(info), chat, sentences)
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
        pasted = article_id is None and reads_like_statements(question)
        if pasted and await self._storage.count_articles(chat_id) == 0:
            raise NoArticleError(SHORT_TEXT)  # a short text pasted as an article
        info = await self._info(chat_id, article_id)
        about = await self._byline_turn(chat_id, info, question)
        if about is not None:  # "Who wrote this?": the byline, not the article's sentences
            return AnswerView(info, about)
        answer = await self._converse(chat_id, info, question)
        if (answer.found and answer.sure) or not library:
            return AnswerView(info, answer)
        if await self._storage.count_articles(chat_id) <= 1:
            return AnswerView(info, answer)
        result = await self._library.answer(chat_id, question, 6, exclude=info.id)
        found, hits = result.answer, result.answer.hits
        if not found.found or not hits:
            # A "not sure" answer from the asked article is still better than nothing.
            return AnswerView(info, answer, searched_library=not answer.found)
        # The best article's passages, so the reply quotes one article.
        source = result.articles[hits[0].article_id]
        passages = tuple(h.passage for h in hits if h.article_id == source.id)
        other = Answer(question, True, passages, passages[0].score)
        return AnswerView(source, other, asked=info, searched_library=True)

    async def _byline_turn(self, chat_id: int, info: ArticleInfo, question: str) -> Answer | None:
        """The answer from the byline, stored as a turn of the chat's conversation so that
        "When?" after "Who wrote this?" asks for the date (bot/engine/byline_turns.py)."""
        if not may_be_about_byline(question):
            return None  # most questions: no need to read the conversation here
        byline = Byline(info.author, info.published, info.site_name)
        now = time.time()
        stored = await self._storage.get_conversation(chat_id)
        turn = byline_turn(question, byline, Conversation.resume(stored, str(info.id), now), now)
        if turn is None:
            return metadata_answer(question, byline)
        await self._storage.set_conversation(chat_id, turn[1].to_json())
        return turn[0]

    async def _converse(self, chat_id: int, info: ArticleInfo, question: str) -> Answer:
        """The answer as the next turn of the chat's conversation, which is stored."""
        doc = await self._document(info)
        now = time.time()
        stored = await self._storage.get_conversation(chat_id)
        turn = (doc, question, Conversation.resume(stored, str(info.id), now), now)
        if len(doc.sentences) <= INLINE_ANSWER_SENTENCES:
            # About a millisecond: cheaper on the loop than the two thread hand-offs
            # of the executor, which wait for the GIL behind any article being analysed.
            answer, after = self._engine.converse(*turn)
        else:
            answer, after = await self._workers.run(self._engine.converse, *turn)
        await self._storage.set_conversation(chat_id, after.to_json())
        return answer

    async def keywords(
        self, chat_id: int, article_id: int | None = None
    ) -> tuple[ArticleInfo, tuple[str, ...]]:
        info = await self._info(chat_id, article_id)
        doc = await self._document(info)
        return info, await self._workers.run(self._engine.keywords, doc)

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

    async def link_messages(self, chat_id: int, message_ids: list[int], article_id: int) -> None:
        """Replying to any of these messages asks about ``article_id``."""
        for message_id in message_ids:
            await self._storage.link_message(chat_id, message_id, article_id)

    async def active_article(self, chat_id: int) -> ArticleInfo | None:
        """The chat's active article, or None; reads only."""
        return await self._storage.get_active_info(chat_id)

    async def summary_length(self, chat_id: int) -> int:
        """The chat's summary length: its /length, else BRIEF_SUMMARY_SENTENCES (short
        articles get fewer: ``bot.engine.core.default_length``)."""
        return self._length(await self._storage.get_settings(chat_id), None)[1]

    async def article_for_message(
        self, chat_id: int, message_id: int, *, shown: int | None = None
    ) -> int | None:
        """The article Brief's message ``message_id`` is about: the one it was linked to,
        else ``shown`` (the article its buttons name) when that is still one of this
        chat's; None when neither (the chat's active article is asked then)."""
        linked = await self._storage.article_for_message(chat_id, message_id)
        if linked is not None or shown is None:
            return linked
        info = await self._storage.get_info(chat_id, shown)
        return info.id if info is not None else None

    async def apply_retention(self, now: datetime | None = None) -> int:
        """Delete articles older than BRIEF_RETENTION_DAYS (nothing when it is unset)."""
        days = self._settings.retention_days
        if days is None:
            return 0
        cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
        deleted = await self._storage.delete_older_than(cutoff)
        if deleted:
            self._documents.clear()
            self._library.cache.clear()
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

    async def _document_for_index(self, info: ArticleInfo) -> Document:
        """The cached document when there is one; otherwise restored without caching it,
        so that indexing a large library does not flush the cache of active articles."""
        cached = self._documents.get(info, touch=False)
        return cached if cached is not None else await self._restore(info)

    async def ask_all(self, chat_id: int, question: str, top_k: int = 3) -> LibraryAnswerView:
        """Answer ``question`` from every article of the chat, best passages first."""
        question = question.strip()
        if not question:
            raise InputError("Ask me something about your articles.")
        if not await self._storage.count_articles(chat_id):
            raise NoArticleError()
        result = await self._library.answer(chat_id, question, top_k)
        answer = result.answer
        hits = tuple(LibraryPassage(result.articles[h.article_id], h.passage) for h in answer.hits)
        return LibraryAnswerView(question, answer.found and bool(hits), hits, answer.score)

    async def export_library(self, chat_id: int) -> dict[str, object]:
        """The chat's whole library as plain JSON-ready data (see ``import_library``)."""
        chat = await self._storage.get_settings(chat_id)
        exported: list[dict[str, object]] = []
        for info in reversed(await self._all_articles(chat_id)):  # oldest first
            article = await self._storage.get_article(chat_id, info.id)
            if article is None:
                continue
            summary = await self._summarize(await self._document(info, article), chat)
            exported.append(export_entry(info, article.text, summary))
        return export_document(exported)

    async def import_library(self, chat_id: int, data: object) -> ImportResult:
        """Restore an export: new ids in this chat, and what is already here is skipped."""
        items = export_items(data)
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
                byline=byline_of(item.text, item.author, item.published, item.site_name),
            )
            (added if view.created else already).append(view.article)
        return ImportResult(tuple(added), tuple(already))

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        await self._workers.close()
        aclose = getattr(self._fetcher, "aclose", None)
        if aclose is not None:
            await aclose()
        await self._storage.close()
        self._documents.clear()
        self._library.cache.clear()


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


def _check_length(sentences: int) -> None:
    if not MIN_SUMMARY_SENTENCES <= sentences <= MAX_SUMMARY_SENTENCES:
        raise InputError(
            f"A summary can be {MIN_SUMMARY_SENTENCES} to {MAX_SUMMARY_SENTENCES} sentences long."
        )
