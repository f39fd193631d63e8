"""PostgreSQL schema migrations, numbered like SQLite's but kept apart: the two
dialects differ (identity ids, timestamptz, tsvector). The version lives in
``brief_schema``; version N is what the first N steps make. Append-only.
"""

from __future__ import annotations

PG_MIGRATIONS: tuple[str, ...] = (
    # 1: the library. Ids come from an identity sequence: never reused. Sentences carry
    # their chat so the candidate search is one index scan: a GIN index over
    # (chat_id, terms as a tsvector) needs btree_gin for the bigint column (a trusted
    # extension: a database owner may create it). The 'simple' configuration only
    # lower-cases: the terms are Brief's own, already stemmed.
    """
    CREATE EXTENSION IF NOT EXISTS btree_gin;
    CREATE TABLE articles (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        chat_id BIGINT NOT NULL,
        title TEXT,
        source TEXT NOT NULL,
        canonical_url TEXT,
        language TEXT NOT NULL,
        language_detected BOOLEAN NOT NULL,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        word_count INTEGER NOT NULL,
        sentence_count INTEGER NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        UNIQUE (chat_id, content_hash)
    );
    CREATE UNIQUE INDEX articles_by_url ON articles (chat_id, canonical_url)
        WHERE canonical_url IS NOT NULL;
    CREATE INDEX articles_by_chat ON articles (chat_id, id);
    CREATE INDEX articles_by_age ON articles (created_at);
    CREATE TABLE sentences (
        article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        chat_id BIGINT NOT NULL,
        paragraph INTEGER NOT NULL,
        text TEXT NOT NULL,
        terms TEXT NOT NULL,
        search TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED,
        PRIMARY KEY (article_id, idx)
    );
    CREATE INDEX sentences_search ON sentences USING gin (chat_id, search);
    CREATE TABLE chat_settings (
        chat_id BIGINT PRIMARY KEY,
        summary_sentences INTEGER,
        algorithm TEXT,
        active_article_id BIGINT REFERENCES articles (id) ON DELETE SET NULL
    );
    CREATE INDEX chat_settings_by_article ON chat_settings (active_article_id);
    CREATE TABLE message_links (
        chat_id BIGINT NOT NULL,
        message_id BIGINT NOT NULL,
        article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        PRIMARY KEY (chat_id, message_id)
    );
    CREATE INDEX message_links_by_article ON message_links (article_id);
    """,
    # 2: what replicas share beyond the library. The updates already handled (a webhook
    # update redelivered after a replica died is answered once), kept a few days; and
    # the recent ingests of each chat, so the flood limit holds across replicas.
    """
    CREATE TABLE processed_updates (
        update_id BIGINT PRIMARY KEY,
        processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE INDEX processed_updates_by_age ON processed_updates (processed_at);
    CREATE TABLE ingest_events (
        chat_id BIGINT NOT NULL,
        at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
    );
    CREATE INDEX ingest_events_by_chat ON ingest_events (chat_id, at);
    """,
    # 3: each chat's conversation (follow-ups lean on the turns before them), shared by
    # every replica; who wrote an article, when and where it appeared.
    """
    ALTER TABLE articles ADD COLUMN author TEXT;
    ALTER TABLE articles ADD COLUMN published TEXT;
    ALTER TABLE articles ADD COLUMN site_name TEXT;
    CREATE TABLE conversations (
        chat_id BIGINT PRIMARY KEY,
        state TEXT NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
    );
    """,
    # 4: the replies Telegram accepted for each update, recorded as each is accepted. An
    # update redelivered because its replica died before recording it as handled replays
    # these instead of sending them again (bot/replicas.py). Kept as long as the above.
    """
    CREATE TABLE sent_replies (
        update_id BIGINT NOT NULL,
        seq INTEGER NOT NULL,
        method TEXT NOT NULL,
        response BYTEA NOT NULL,
        sent_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (update_id, seq)
    );
    CREATE INDEX sent_replies_by_age ON sent_replies (sent_at);
    """,
    # 5: a handled update's reply sent in the webhook's answer (a Bot API method as JSON,
    # bot/webhook_reply.py), answered again if the update comes again: that 2xx did not
    # reach Telegram. Its chat, so that /forget deletes it with the rest of the chat's words.
    """
    ALTER TABLE processed_updates ADD COLUMN chat_id BIGINT;
    ALTER TABLE processed_updates ADD COLUMN response BYTEA;
    CREATE INDEX processed_updates_by_chat ON processed_updates (chat_id);
    """,
)

PG_SCHEMA_VERSION = len(PG_MIGRATIONS)
