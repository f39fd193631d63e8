"""PostgreSQL backend (psycopg 3 and its pool): the shared store for several replicas.

Same ``storage.base.Storage`` Protocol as SQLite. Every statement runs on a pooled
connection in autocommit; what must be all or nothing (an ingest, a forget) runs in
one transaction. Uniqueness (same text or URL in a chat) is kept by the database's
unique indexes, so two replicas adding the same article at once store it once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import AsyncConnection
from psycopg.rows import TupleRow
from psycopg_pool import AsyncConnectionPool

from storage import redact_url
from storage.base import StorageUnavailableError
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
from storage.pg_migrations import PG_MIGRATIONS, PG_SCHEMA_VERSION
from storage.sqlite import fingerprint

logger = logging.getLogger(__name__)

Connection = AsyncConnection[TupleRow]

_INFO_COLUMNS = (
    "id, chat_id, title, source, canonical_url, language, language_detected,"
    " sentence_count, word_count, created_at, author, published, site_name"
)
# Advisory locks of Brief's own, in the two-key space ("Brie", n): it never meets the
# one-key space, where a chat's lock is its chat id (bot/replicas.py).
LOCK_NAMESPACE = 0x42726965
_MIGRATION_LOCK = (LOCK_NAMESPACE, 1)  # replicas starting together migrate once
RETENTION_LOCK = (LOCK_NAMESPACE, 2)  # one retention run at a time
_EVENTS_NAMESPACE = LOCK_NAMESPACE + 1  # (this, hash of the chat): one chat's flood count
_TERM = re.compile(r"^[^\W_]+$")  # Brief's terms are words; anything else is no term
DEFAULT_POOL_SIZE = 10


def _info(row: Sequence[Any]) -> ArticleInfo:
    return info_from_row(row, row[9].astimezone(UTC))


class PostgresStorage:
    def __init__(self, url: str, pool_size: int = DEFAULT_POOL_SIZE) -> None:
        self.url = url
        self._pool_size = pool_size
        self._pool: AsyncConnectionPool[Connection] | None = None

    # -- lifecycle ---------------------------------------------------------------

    async def open(self) -> None:
        # One plain connection first: a wrong URL or a server that is down gives one
        # clear error at once, instead of the pool's retries until its timeout.
        try:
            first = await AsyncConnection.connect(self.url, autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StorageUnavailableError(
                f"cannot reach PostgreSQL at {redact_url(self.url)}: {reason}"
            ) from None
        async with first:
            await self._migrate(first)
        pool: AsyncConnectionPool[Connection] = AsyncConnectionPool(
            self.url,
            min_size=1,
            max_size=self._pool_size,
            kwargs={"autocommit": True},
            open=False,
            name="brief",
        )
        try:
            await pool.open(wait=True, timeout=15)
        except BaseException:
            await pool.close()
            raise
        self._pool = pool

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    @property
    def pool(self) -> AsyncConnectionPool[Connection]:
        if self._pool is None:
            raise RuntimeError("storage is not open")
        return self._pool

    async def _migrate(self, db: Connection) -> None:
        # One transaction under an advisory lock: DDL is transactional in PostgreSQL, so
        # a replica killed while migrating leaves the previous version, and replicas
        # starting at once wait for the first instead of racing it.
        async with db.transaction():
            await db.execute("SELECT pg_advisory_xact_lock(%s, %s)", _MIGRATION_LOCK)
            await db.execute("CREATE TABLE IF NOT EXISTS brief_schema (version INTEGER NOT NULL)")
            row = await (await db.execute("SELECT max(version) FROM brief_schema")).fetchone()
            version = int(row[0]) if row and row[0] is not None else 0
            if version > PG_SCHEMA_VERSION:
                raise RuntimeError(
                    f"database {redact_url(self.url)} has schema version {version}, newer than"
                    f" this Brief ({PG_SCHEMA_VERSION}); upgrade Brief"
                )
            for number in range(version + 1, PG_SCHEMA_VERSION + 1):
                await db.execute(PG_MIGRATIONS[number - 1].encode())  # several statements
                await db.execute("INSERT INTO brief_schema (version) VALUES (%s)", (number,))
                logger.info("database migrated to schema version %d", number)

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[Connection]:
        async with self.pool.connection() as db, db.transaction():
            yield db

    async def _one(self, sql: str, params: Sequence[object] = ()) -> tuple[Any, ...] | None:
        async with self.pool.connection() as db:
            return await (await db.execute(sql, params)).fetchone()

    async def _all(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        async with self.pool.connection() as db:
            return await (await db.execute(sql, params)).fetchall()

    async def _rowcount(self, sql: str, params: Sequence[object] = ()) -> int:
        async with self.pool.connection() as db:
            return (await db.execute(sql, params)).rowcount

    # -- articles ----------------------------------------------------------------

    async def add_article(self, new: NewArticle) -> AddResult:
        digest, word_count = fingerprint(new.text)
        async with self._transaction() as db:
            existing = await _find_duplicate(db, new.chat_id, digest, new.canonical_url)
            article_id = existing
            if article_id is None:
                article_id = await _insert_article(db, new, digest, word_count)
                if article_id is None:  # another writer stored it a moment ago
                    existing = await _find_duplicate(db, new.chat_id, digest, new.canonical_url)
                    article_id = existing
                else:
                    await _copy_sentences(db, new, article_id)
            assert article_id is not None
            await _set_active(db, new.chat_id, article_id)
            row = await (
                await db.execute(
                    f"SELECT {_INFO_COLUMNS} FROM articles WHERE id = %s", (article_id,)
                )
            ).fetchone()
        assert row is not None
        return AddResult(_info(row), existing is None)

    async def get_info(self, chat_id: int, article_id: int) -> ArticleInfo | None:
        row = await self._one(
            f"SELECT {_INFO_COLUMNS} FROM articles WHERE chat_id = %s AND id = %s",
            (chat_id, article_id),
        )
        return _info(row) if row else None

    async def get_active_info(self, chat_id: int) -> ArticleInfo | None:
        columns = ", ".join(f"a.{c.strip()}" for c in _INFO_COLUMNS.split(","))
        row = await self._one(
            f"SELECT {columns} FROM chat_settings s JOIN articles a"
            " ON a.id = s.active_article_id AND a.chat_id = s.chat_id WHERE s.chat_id = %s",
            (chat_id,),
        )
        return _info(row) if row else None

    async def get_article(self, chat_id: int, article_id: int) -> Article | None:
        # One snapshot for the article and its sentences: a delete in between cannot
        # hand out an article without sentences.
        async with self.pool.connection() as db, db.transaction():
            await db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            row = await (
                await db.execute(
                    f"SELECT {_INFO_COLUMNS}, text FROM articles WHERE chat_id = %s AND id = %s",
                    (chat_id, article_id),
                )
            ).fetchone()
            if row is None:
                return None
            rows = await (
                await db.execute(
                    "SELECT idx, paragraph, text, terms FROM sentences WHERE article_id = %s"
                    " ORDER BY idx",
                    (article_id,),
                )
            ).fetchall()
        sentences = tuple(
            StoredSentence(idx, paragraph, text, tuple(terms.split()))
            for idx, paragraph, text, terms in rows
        )
        return Article(_info(row[:-1]), row[-1], sentences)

    async def list_articles(
        self, chat_id: int, offset: int = 0, limit: int = 20
    ) -> list[ArticleInfo]:
        rows = await self._all(
            f"SELECT {_INFO_COLUMNS} FROM articles WHERE chat_id = %s"
            " ORDER BY id DESC LIMIT %s OFFSET %s",
            (chat_id, limit, offset),
        )
        return [_info(row) for row in rows]

    async def count_articles(self, chat_id: int) -> int:
        row = await self._one("SELECT count(*) FROM articles WHERE chat_id = %s", (chat_id,))
        return int(row[0]) if row else 0

    async def delete_article(self, chat_id: int, article_id: int) -> bool:
        deleted = await self._rowcount(
            "DELETE FROM articles WHERE chat_id = %s AND id = %s", (chat_id, article_id)
        )
        return deleted > 0

    async def forget_chat(self, chat_id: int) -> int:
        async with self._transaction() as db:
            cursor = await db.execute("DELETE FROM articles WHERE chat_id = %s", (chat_id,))
            await db.execute("DELETE FROM message_links WHERE chat_id = %s", (chat_id,))
            await db.execute("DELETE FROM chat_settings WHERE chat_id = %s", (chat_id,))
            await db.execute("DELETE FROM ingest_events WHERE chat_id = %s", (chat_id,))
            await db.execute("DELETE FROM conversations WHERE chat_id = %s", (chat_id,))
            # A replica's reply kept for a redelivery holds the chat's words (bot/replicas.py).
            await db.execute(
                "UPDATE processed_updates SET response = NULL WHERE chat_id = %s", (chat_id,)
            )
            return cursor.rowcount

    async def prune_oldest(self, chat_id: int, keep: int) -> list[ArticleInfo]:
        rows = await self._all(
            f"DELETE FROM articles WHERE id IN (SELECT id FROM articles WHERE chat_id = %s"
            f" ORDER BY id DESC OFFSET %s) RETURNING {_INFO_COLUMNS}",
            (chat_id, max(keep, 0)),
        )
        return sorted((_info(row) for row in rows), key=lambda a: a.id, reverse=True)

    async def delete_older_than(self, cutoff: datetime) -> int:
        # One runner at a time across replicas: the others find the lock taken and
        # leave it to that one (the next daily run catches anything left).
        async with self._transaction() as db:
            row = await (
                await db.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", RETENTION_LOCK)
            ).fetchone()
            if not (row and row[0]):
                logger.info("retention: another replica is running it")
                return 0
            cursor = await db.execute("DELETE FROM articles WHERE created_at < %s", (cutoff,))
            # Replies kept for a redelivery (bot/replicas.py) hold articles' words too.
            await db.execute(
                "UPDATE processed_updates SET response = NULL"
                " WHERE processed_at < %s AND response IS NOT NULL",
                (cutoff,),
            )
            return cursor.rowcount

    async def search_articles(
        self, chat_id: int, terms: Sequence[str], limit: int
    ) -> list[ArticleHit]:
        # ``terms`` are ``search_term(language, term)``: each language's words match only
        # the articles stored in that language, as in SQLite's index.
        by_language: dict[str, set[str]] = {}
        for qualified in terms:
            language, _, word = qualified.partition("_")
            if word and _TERM.match(word):
                by_language.setdefault(language, set()).add(word)
        if not by_language or limit <= 0:
            return []
        hits: list[ArticleHit] = []
        for language, words in sorted(by_language.items()):
            # The terms OR-ed; each sentence's rank summed per passage of 8 sentences,
            # and an article ranked by its best passage (as in SQLite's index), so that
            # a long article is not drowned by its length.
            rows = await self._all(
                "SELECT article_id, max(score) AS best FROM ("
                "  SELECT s.article_id, sum(ts_rank(s.search, q)) AS score"
                "  FROM sentences s JOIN articles a ON a.id = s.article_id,"
                "  to_tsquery('simple', %s) q"
                "  WHERE s.chat_id = %s AND a.language = %s AND s.search @@ q"
                "  GROUP BY s.article_id, s.idx / 8"
                ") p GROUP BY article_id ORDER BY best DESC, article_id LIMIT %s",
                (" | ".join(sorted(words)), chat_id, language, limit),
            )
            hits.extend(ArticleHit(int(article_id), float(score)) for article_id, score in rows)
        hits.sort(key=lambda hit: (-hit.score, hit.article_id))
        return hits[:limit]

    async def admit_event(self, chat_id: int, limit: int, window: float) -> bool:
        """Record an ingest of ``chat_id`` unless it already had ``limit`` in the last
        ``window`` seconds: the flood limit, shared by every replica."""
        async with self._transaction() as db:
            await db.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s::text))",
                (_EVENTS_NAMESPACE, chat_id),
            )
            await db.execute(
                "DELETE FROM ingest_events WHERE chat_id = %s"
                " AND at <= clock_timestamp() - make_interval(secs => %s)",
                (chat_id, window),
            )
            row = await (
                await db.execute(
                    "INSERT INTO ingest_events (chat_id) SELECT %s WHERE (SELECT count(*)"
                    " FROM ingest_events WHERE chat_id = %s) < %s RETURNING 1",
                    (chat_id, chat_id, limit),
                )
            ).fetchone()
            return row is not None

    # -- settings and message links ------------------------------------------------

    async def get_settings(self, chat_id: int) -> ChatSettings:
        row = await self._one(
            "SELECT summary_sentences, algorithm, active_article_id FROM chat_settings"
            " WHERE chat_id = %s",
            (chat_id,),
        )
        if row is None:
            return ChatSettings(chat_id, None, None, None)
        return ChatSettings(chat_id, row[0], row[1], row[2])

    async def _upsert_setting(self, chat_id: int, column: str, value: object) -> ChatSettings:
        # ``column`` is one of two names fixed in this module, never user input.
        row = await self._one(
            f"INSERT INTO chat_settings (chat_id, {column}) VALUES (%s, %s)"
            f" ON CONFLICT (chat_id) DO UPDATE SET {column} = excluded.{column}"
            " RETURNING summary_sentences, algorithm, active_article_id",
            (chat_id, value),
        )
        assert row is not None
        return ChatSettings(chat_id, row[0], row[1], row[2])

    async def set_summary_sentences(self, chat_id: int, n: int | None) -> ChatSettings:
        return await self._upsert_setting(chat_id, "summary_sentences", n)

    async def set_algorithm(self, chat_id: int, algorithm: str | None) -> ChatSettings:
        return await self._upsert_setting(chat_id, "algorithm", algorithm)

    async def set_active_article(self, chat_id: int, article_id: int | None) -> ChatSettings:
        async with self._transaction() as db:
            owned = (
                article_id is None
                or await (
                    await db.execute(
                        "SELECT 1 FROM articles WHERE chat_id = %s AND id = %s FOR SHARE",
                        (chat_id, article_id),
                    )
                ).fetchone()
            )
            if owned:
                await _set_active(db, chat_id, article_id)
        return await self.get_settings(chat_id)

    async def link_message(self, chat_id: int, message_id: int, article_id: int) -> None:
        # Only this chat's article can be linked; anything else is silently ignored.
        await self._rowcount(
            "INSERT INTO message_links (chat_id, message_id, article_id)"
            " SELECT %s, %s, id FROM articles WHERE chat_id = %s AND id = %s"
            " ON CONFLICT (chat_id, message_id) DO UPDATE SET article_id = excluded.article_id",
            (chat_id, message_id, chat_id, article_id),
        )

    async def article_for_message(self, chat_id: int, message_id: int) -> int | None:
        row = await self._one(
            "SELECT l.article_id FROM message_links l JOIN articles a ON a.id = l.article_id"
            " WHERE l.chat_id = %s AND l.message_id = %s AND a.chat_id = %s",
            (chat_id, message_id, chat_id),
        )
        return int(row[0]) if row else None

    # -- conversations ---------------------------------------------------------------

    async def get_conversation(self, chat_id: int) -> str | None:
        row = await self._one("SELECT state FROM conversations WHERE chat_id = %s", (chat_id,))
        return str(row[0]) if row else None

    async def set_conversation(self, chat_id: int, state: str | None) -> None:
        if state is None:
            await self._rowcount("DELETE FROM conversations WHERE chat_id = %s", (chat_id,))
            return
        await self._rowcount(
            "INSERT INTO conversations (chat_id, state, updated_at) VALUES (%s, %s, now())"
            " ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state,"
            " updated_at = excluded.updated_at",
            (chat_id, state),
        )


async def _find_duplicate(db: Connection, chat_id: int, digest: str, url: str | None) -> int | None:
    row = await (
        await db.execute(
            "SELECT id FROM articles WHERE chat_id = %s AND (content_hash = %s"
            " OR (%s::text IS NOT NULL AND canonical_url = %s)) ORDER BY id LIMIT 1",
            (chat_id, digest, url, url),
        )
    ).fetchone()
    return int(row[0]) if row else None


async def _insert_article(
    db: Connection, new: NewArticle, digest: str, word_count: int
) -> int | None:
    """The new article's id, or None when a concurrent writer's insert of the same text
    or URL won (the unique indexes decide; this waits for that writer's commit)."""
    row = await (
        await db.execute(
            "INSERT INTO articles (chat_id, title, source, canonical_url, language,"
            " language_detected, text, content_hash, word_count, sentence_count, created_at,"
            " author, published, site_name)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT DO NOTHING RETURNING id",
            (
                new.chat_id,
                new.title,
                new.source,
                new.canonical_url,
                new.language,
                new.language_detected,
                new.text,
                digest,
                word_count,
                len(new.sentences),
                new.created_at or datetime.now(UTC),
                new.author,
                new.published,
                new.site_name,
            ),
        )
    ).fetchone()
    return int(row[0]) if row else None


async def _copy_sentences(db: Connection, new: NewArticle, article_id: int) -> None:
    # COPY: a 2,000-sentence article in one stream instead of 2,000 statements.
    async with (
        db.cursor() as cursor,
        cursor.copy(
            "COPY sentences (article_id, idx, chat_id, paragraph, text, terms) FROM STDIN"
        ) as copy,
    ):
        for s in new.sentences:
            await copy.write_row(
                (article_id, s.index, new.chat_id, s.paragraph, s.text, " ".join(s.terms))
            )


async def _set_active(db: Connection, chat_id: int, article_id: int | None) -> None:
    await db.execute(
        "INSERT INTO chat_settings (chat_id, active_article_id) VALUES (%s, %s)"
        " ON CONFLICT (chat_id) DO UPDATE SET active_article_id = excluded.active_article_id",
        (chat_id, article_id),
    )
