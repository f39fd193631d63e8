"""SQLite backend (aiosqlite): the embedded default behind ``storage.base.Storage``.

One connection per process; aiosqlite runs every statement on its own thread, so the
event loop never blocks. Writes are serialised by a lock and run as explicit
``BEGIN IMMEDIATE`` transactions: an ingest is all or nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from storage.base import StorageFullError, StorageUnavailableError
from storage.migrations import MIGRATIONS, SCHEMA_VERSION
from storage.models import (
    AddResult,
    Article,
    ArticleHit,
    ArticleInfo,
    ChatSettings,
    NewArticle,
    StoredSentence,
    info_from_row,
)

logger = logging.getLogger(__name__)

_INFO_COLUMNS = (
    "id, chat_id, title, source, canonical_url, language, language_detected, "
    "sentence_count, word_count, created_at, author, published, site_name"
)


_ACTIVE_INFO_COLUMNS = ", ".join(f"a.{column.strip()}" for column in _INFO_COLUMNS.split(","))


def fingerprint(text: str) -> tuple[str, int]:
    """The content hash and the word count, from one split of the text (each pass over a
    long article costs milliseconds of the event loop). Same article text, same hash:
    whitespace and case differences do not count."""
    words = text.split()
    return hashlib.sha256(" ".join(words).casefold().encode("utf-8")).hexdigest(), len(words)


def _statements(script: str) -> list[str]:
    """The SQL statements of a migration, split where a statement is complete (a
    trigger's body holds semicolons of its own)."""
    statements: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending.strip())
            pending = ""
    return statements


def _is_token(term: str) -> bool:
    """A term the index's tokenizer keeps whole: anything but ASCII other than letters,
    digits and "_". Anything else could only match as a phrase of several tokens."""
    return bool(term) and all(not c.isascii() or c.isalnum() or c == "_" for c in term)


def _match_expression(terms: Sequence[str]) -> str:
    """An FTS5 query OR-ing ``terms``, each quoted as one token (no query syntax)."""
    return " OR ".join(f'"{term}"' for term in dict.fromkeys(terms) if _is_token(term))


def _chat_token(chat_id: int) -> str:
    """The chat's token in each row of the search index (migration 5): "chat_n100" for
    chat -100, since the tokenizer splits at "-"."""
    return f"chat_{chat_id}".replace("-", "n")


def _info(row: Sequence[Any]) -> ArticleInfo:
    return info_from_row(row, datetime.fromisoformat(row[9]))


async def _connection(path: Path) -> aiosqlite.Connection:
    connection = aiosqlite.connect(path, isolation_level=None)
    try:
        return await connection
    except BaseException:
        # aiosqlite stops its thread after a failed connect but does not wait for it;
        # when the loop closed first, that thread died with "Event loop is closed".
        thread = getattr(connection, "_thread", None)
        if thread is not None:
            await asyncio.to_thread(thread.join, 5)
        raise


_full_disk_logged = False


@asynccontextmanager
async def _disk_full_reported() -> AsyncIterator[None]:
    """SQLITE_FULL as ``StorageFullError``, logged once per process (it repeats)."""
    global _full_disk_logged
    try:
        yield
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode != sqlite3.SQLITE_FULL:
            raise
        if not _full_disk_logged:
            _full_disk_logged = True
            logger.error("the database's disk is full: writes fail until space is freed")
        raise StorageFullError(str(exc)) from None


class SQLiteStorage:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._db: aiosqlite.Connection | None = None
        # Reads have a connection (and a thread) of their own: they see committed data
        # only, and a question never queues behind a long write such as a 2,000-sentence
        # article (WAL lets readers and one writer work at once).
        self._reader: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()

    # -- lifecycle ---------------------------------------------------------------

    async def open(self) -> None:
        """Connect and migrate; ``StorageUnavailableError`` (one line naming the path)
        when that fails, with every connection closed again (an open one kept its
        thread alive and the process never ended)."""
        try:
            await self._connect()
        except (sqlite3.Error, OSError) as exc:
            await self.close()
            reason = str(exc) or type(exc).__name__
            if isinstance(exc, OSError):
                reason = (exc.strerror or reason).lower()
                if isinstance(exc, FileExistsError | NotADirectoryError):
                    reason = f"{exc.filename or 'a part of its path'} is not a directory"
            raise StorageUnavailableError(
                f"cannot open the database {self.path}: {reason}"
            ) from None

    async def _connect(self) -> None:
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = db = await _connection(self.path)
        await db.execute("PRAGMA journal_mode = WAL")
        # With WAL, NORMAL loses no committed transaction when the process is killed
        # (the WAL is in the OS's page cache); only a power cut can drop the newest.
        await db.execute("PRAGMA synchronous = NORMAL")
        await db.execute("PRAGMA foreign_keys = ON")
        await db.execute("PRAGMA busy_timeout = 5000")
        await self._migrate()
        if str(self.path) != ":memory:":  # a second connection would be another database
            self._reader = reader = await _connection(self.path)
            await reader.execute("PRAGMA query_only = ON")
            await reader.execute("PRAGMA busy_timeout = 5000")

    async def close(self) -> None:
        reader, self._reader = self._reader, None
        db, self._db = self._db, None
        for connection in (reader, db):
            if connection is not None:
                await connection.close()

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("storage is not open")
        return self._db

    @property
    def reads(self) -> aiosqlite.Connection:
        """The connection for reads outside a transaction."""
        return self.db if self._reader is None else self._reader

    async def _migrate(self) -> None:
        row = await self._one(self.db, "PRAGMA user_version")
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise RuntimeError(
                f"database {self.path} has schema version {version}, newer than this "
                f"Brief ({SCHEMA_VERSION}); upgrade Brief"
            )
        for number in range(version + 1, SCHEMA_VERSION + 1):
            # Statement by statement: executescript() would commit midway.
            async with self._transaction() as db:
                for statement in _statements(MIGRATIONS[number - 1]):
                    await db.execute(statement)
                await db.execute(f"PRAGMA user_version = {number}")
            logger.info("database migrated to schema version %d", number)

    async def _one(
        self, db: aiosqlite.Connection, sql: str, params: tuple[object, ...] = ()
    ) -> aiosqlite.Row | None:
        """The first row of a query, in one trip to the database thread."""
        rows = await db.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def _statement(self, sql: str, params: tuple[object, ...]) -> int:
        """One writing statement, atomic on its own (autocommit): no BEGIN/COMMIT trips.
        The lock keeps it out of another coroutine's open transaction. Returns rowcount."""
        async with self._write_lock, _disk_full_reported():
            cursor = await self.db.execute(sql, params)
            return cursor.rowcount

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._write_lock, _disk_full_reported():
            db = self.db
            await db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                await db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:  # SQLite may have rolled back already (disk full)
                    await db.execute("ROLLBACK")
                raise

    # -- articles ----------------------------------------------------------------

    async def add_article(self, new: NewArticle) -> AddResult:
        digest, word_count = fingerprint(new.text)
        async with self._transaction() as db:
            existing = await self._find_duplicate(db, new.chat_id, digest, new.canonical_url)
            if existing is not None:
                await self._set_active(db, new.chat_id, existing)
                article_id = existing
            else:
                row = await self._one(
                    db, "UPDATE article_ids SET last_id = last_id + 1 RETURNING last_id"
                )
                assert row is not None
                article_id = int(row[0])
                created = new.created_at or datetime.now(UTC)
                await db.execute(
                    "INSERT INTO articles (id, chat_id, title, source, canonical_url, language,"
                    " language_detected, text, content_hash, word_count, sentence_count,"
                    " created_at, author, published, site_name)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        article_id,
                        new.chat_id,
                        new.title,
                        new.source,
                        new.canonical_url,
                        new.language,
                        int(new.language_detected),
                        new.text,
                        digest,
                        word_count,
                        len(new.sentences),
                        created.astimezone(UTC).isoformat(),
                        new.author,
                        new.published,
                        new.site_name,
                    ),
                )
                await db.executemany(
                    "INSERT INTO sentences (article_id, idx, paragraph, text, terms)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [
                        (article_id, s.index, s.paragraph, s.text, " ".join(s.terms))
                        for s in new.sentences
                    ],
                )
                # Indexed from the rows just stored, by the view the delete trigger reads:
                # what is indexed is exactly what will be unindexed.
                await db.execute(
                    "INSERT INTO article_search (rowid, chat, terms)"
                    " SELECT id, chat, terms FROM article_search_text WHERE article_id = ?",
                    (article_id,),
                )
                await self._set_active(db, new.chat_id, article_id)
            info = await self._get_info(db, new.chat_id, article_id)
        assert info is not None
        return AddResult(info, existing is None)

    async def _find_duplicate(
        self, db: aiosqlite.Connection, chat_id: int, digest: str, url: str | None
    ) -> int | None:
        # Two index lookups: one query with OR scanned every article of the chat
        # (150 ms per add at 10,000 articles).
        row = await self._one(
            db,
            "SELECT min(id) FROM (SELECT id FROM articles WHERE chat_id = ? AND content_hash = ?"
            " UNION ALL SELECT id FROM articles WHERE chat_id = ? AND canonical_url = ?)",
            (chat_id, digest, chat_id, url),
        )
        return int(row[0]) if row and row[0] is not None else None

    async def _get_info(
        self, db: aiosqlite.Connection, chat_id: int, article_id: int
    ) -> ArticleInfo | None:
        row = await self._one(
            db,
            f"SELECT {_INFO_COLUMNS} FROM articles WHERE chat_id = ? AND id = ?",
            (chat_id, article_id),
        )
        return _info(row) if row else None

    async def get_info(self, chat_id: int, article_id: int) -> ArticleInfo | None:
        return await self._get_info(self.reads, chat_id, article_id)

    async def get_active_info(self, chat_id: int) -> ArticleInfo | None:
        # One trip instead of settings then article: every question starts with this.
        row = await self._one(
            self.reads,
            f"SELECT {_ACTIVE_INFO_COLUMNS} FROM chat_settings s JOIN articles a"
            " ON a.id = s.active_article_id AND a.chat_id = s.chat_id WHERE s.chat_id = ?",
            (chat_id,),
        )
        return _info(row) if row else None

    async def get_article(self, chat_id: int, article_id: int) -> Article | None:
        info = await self.get_info(chat_id, article_id)
        if info is None:
            return None
        row = await self._one(self.reads, "SELECT text FROM articles WHERE id = ?", (info.id,))
        rows = await self.reads.execute_fetchall(
            "SELECT idx, paragraph, text, terms FROM sentences WHERE article_id = ? ORDER BY idx",
            (info.id,),
        )
        sentences = tuple(
            StoredSentence(idx, paragraph, text, tuple(terms.split()))
            for idx, paragraph, text, terms in rows
        )
        return Article(info, str(row[0]) if row else "", sentences)

    async def list_articles(
        self, chat_id: int, offset: int = 0, limit: int = 20
    ) -> list[ArticleInfo]:
        rows = await self.reads.execute_fetchall(
            f"SELECT {_INFO_COLUMNS} FROM articles WHERE chat_id = ?"
            " ORDER BY id DESC LIMIT ? OFFSET ?",
            (chat_id, limit, offset),
        )
        return [_info(row) for row in rows]

    async def count_articles(self, chat_id: int) -> int:
        row = await self._one(
            self.reads, "SELECT count(*) FROM articles WHERE chat_id = ?", (chat_id,)
        )
        return int(row[0]) if row else 0

    async def search_articles(
        self, chat_id: int, terms: Sequence[str], limit: int
    ) -> list[ArticleHit]:
        query = _match_expression(terms)
        if not query or limit <= 0:
            return []
        # Only the chat's rows (its token AND-ed), each row one passage of an article
        # (rowid: article id << 20 | passage); an article ranks by its best passage.
        # bm25() is negative, lower is better; the chat column weighs nothing.
        rows = await self.reads.execute_fetchall(
            "WITH passages AS MATERIALIZED ("
            "  SELECT rowid >> 20 AS article, bm25(article_search, 0.0, 1.0) AS rank"
            "  FROM article_search WHERE article_search MATCH ?)"
            " SELECT article, min(rank) AS best FROM passages"
            " GROUP BY article ORDER BY best, article LIMIT ?",
            (f'chat : "{_chat_token(chat_id)}" AND terms : ({query})', limit),
        )
        return [ArticleHit(int(article_id), -float(rank)) for article_id, rank in rows]

    async def delete_article(self, chat_id: int, article_id: int) -> bool:
        deleted = await self._statement(
            "DELETE FROM articles WHERE chat_id = ? AND id = ?", (chat_id, article_id)
        )
        return deleted > 0

    async def forget_chat(self, chat_id: int) -> int:
        async with self._transaction() as db:
            cursor = await db.execute("DELETE FROM articles WHERE chat_id = ?", (chat_id,))
            await db.execute("DELETE FROM message_links WHERE chat_id = ?", (chat_id,))
            await db.execute("DELETE FROM chat_settings WHERE chat_id = ?", (chat_id,))
            await db.execute("DELETE FROM conversations WHERE chat_id = ?", (chat_id,))
            return cursor.rowcount

    async def prune_oldest(self, chat_id: int, keep: int) -> list[ArticleInfo]:
        async with self._transaction() as db:
            rows = await db.execute_fetchall(
                f"SELECT {_INFO_COLUMNS} FROM articles WHERE chat_id = ?"
                " ORDER BY id DESC LIMIT -1 OFFSET ?",
                (chat_id, max(keep, 0)),
            )
            doomed = [_info(row) for row in rows]
            await db.executemany(
                "DELETE FROM articles WHERE chat_id = ? AND id = ?",
                [(chat_id, a.id) for a in doomed],
            )
        return doomed

    async def delete_older_than(self, cutoff: datetime) -> int:
        return await self._statement(
            "DELETE FROM articles WHERE created_at < ?", (cutoff.astimezone(UTC).isoformat(),)
        )

    async def get_settings(self, chat_id: int) -> ChatSettings:
        row = await self._one(
            self.reads,
            "SELECT summary_sentences, algorithm, active_article_id FROM chat_settings"
            " WHERE chat_id = ?",
            (chat_id,),
        )
        if row is None:
            return ChatSettings(chat_id, None, None, None)
        return ChatSettings(chat_id, row[0], row[1], row[2])

    async def _upsert_setting(self, chat_id: int, column: str, value: object) -> ChatSettings:
        # ``column`` is one of three names fixed in this module, never user input.
        await self._statement(
            f"INSERT INTO chat_settings (chat_id, {column}) VALUES (?, ?)"
            f" ON CONFLICT (chat_id) DO UPDATE SET {column} = excluded.{column}",
            (chat_id, value),
        )
        return await self.get_settings(chat_id)

    async def set_summary_sentences(self, chat_id: int, n: int | None) -> ChatSettings:
        return await self._upsert_setting(chat_id, "summary_sentences", n)

    async def set_algorithm(self, chat_id: int, algorithm: str | None) -> ChatSettings:
        return await self._upsert_setting(chat_id, "algorithm", algorithm)

    async def set_active_article(self, chat_id: int, article_id: int | None) -> ChatSettings:
        async with self._transaction() as db:
            if article_id is None or await self._get_info(db, chat_id, article_id):
                await self._set_active(db, chat_id, article_id)
        return await self.get_settings(chat_id)

    async def _set_active(
        self, db: aiosqlite.Connection, chat_id: int, article_id: int | None
    ) -> None:
        await db.execute(
            "INSERT INTO chat_settings (chat_id, active_article_id) VALUES (?, ?)"
            " ON CONFLICT (chat_id) DO UPDATE SET active_article_id = excluded.active_article_id",
            (chat_id, article_id),
        )

    async def link_message(self, chat_id: int, message_id: int, article_id: int) -> None:
        # Only this chat's article can be linked; anything else is silently ignored.
        await self._statement(
            "INSERT OR REPLACE INTO message_links (chat_id, message_id, article_id)"
            " SELECT ?, ?, id FROM articles WHERE chat_id = ? AND id = ?",
            (chat_id, message_id, chat_id, article_id),
        )

    async def article_for_message(self, chat_id: int, message_id: int) -> int | None:
        row = await self._one(
            self.reads,
            "SELECT l.article_id FROM message_links l JOIN articles a ON a.id = l.article_id"
            " WHERE l.chat_id = ? AND l.message_id = ? AND a.chat_id = ?",
            (chat_id, message_id, chat_id),
        )
        return int(row[0]) if row else None

    # -- conversations ---------------------------------------------------------------

    async def get_conversation(self, chat_id: int) -> str | None:
        row = await self._one(
            self.reads, "SELECT state FROM conversations WHERE chat_id = ?", (chat_id,)
        )
        return str(row[0]) if row else None

    async def set_conversation(self, chat_id: int, state: str | None) -> None:
        if state is None:
            await self._statement("DELETE FROM conversations WHERE chat_id = ?", (chat_id,))
            return
        await self._statement(
            "INSERT INTO conversations (chat_id, state, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state,"
            " updated_at = excluded.updated_at",
            (chat_id, state, datetime.now(UTC).isoformat()),
        )
