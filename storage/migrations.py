"""Numbered schema migrations, tracked with ``PRAGMA user_version``.

Version N of the schema is what the first N steps make. Steps are append-only: never
edit a released step, add a new one.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: articles and their sentences.
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        title TEXT,
        source TEXT NOT NULL,
        language TEXT NOT NULL,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (chat_id, content_hash)
    );
    CREATE TABLE sentences (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        paragraph INTEGER NOT NULL,
        text TEXT NOT NULL,
        terms TEXT NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    CREATE INDEX articles_by_chat ON articles (chat_id, id);
    """,
    # 2: per-chat settings and the bot messages that speak of an article.
    """
    CREATE TABLE chat_settings (
        chat_id INTEGER PRIMARY KEY,
        summary_sentences INTEGER,
        algorithm TEXT,
        active_article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL
    );
    CREATE TABLE message_links (
        chat_id INTEGER NOT NULL,
        message_id INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (chat_id, message_id)
    ) WITHOUT ROWID;
    CREATE INDEX message_links_by_article ON message_links (article_id);
    """,
    # 3: links: the canonical URL (one article per URL and chat), counts shown in lists,
    # whether the language was detected, and an index for retention.
    """
    ALTER TABLE articles ADD COLUMN canonical_url TEXT;
    ALTER TABLE articles ADD COLUMN language_detected INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE articles ADD COLUMN word_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN sentence_count INTEGER NOT NULL DEFAULT 0;
    UPDATE articles SET
        sentence_count = (SELECT count(*) FROM sentences WHERE article_id = articles.id),
        word_count = (
            SELECT coalesce(sum(length(trim(text)) - length(replace(trim(text), ' ', '')) + 1), 0)
            FROM sentences WHERE article_id = articles.id
        );
    CREATE UNIQUE INDEX articles_by_url ON articles (chat_id, canonical_url)
        WHERE canonical_url IS NOT NULL;
    CREATE INDEX articles_by_age ON articles (created_at);
    """,
    # 4: article ids are never reused, so "/delete 5" then a new article never makes an
    # old reference (a message link, a /use in flight) point at the wrong article.
    """
    CREATE TABLE article_ids (last_id INTEGER NOT NULL);
    INSERT INTO article_ids SELECT coalesce(max(id), 0) FROM articles;
    """,
    # 5: the library search (issue 18). An FTS5 index with one row per PASSAGE of an
    # article (8 consecutive sentences: rowid ``article id << 20 | sentence idx / 8``),
    # so that an article is ranked by its best passage and a long one is not drowned by
    # its length (whole-article bm25 put short news sharing a word first). Each row
    # holds its chat's token ("chat_42", "chat_n100" for chat -100), AND-ed into every
    # search so that a search reads that chat's rows only, and Brief's own terms
    # qualified by language ("en_bridg", see ``storage.models.search_term``), so the
    # engine's stemming decides what matches. Its content is a view over the stored
    # sentences (no second copy of the terms); add_article indexes an article in the
    # same transaction as its sentences, and the trigger unindexes it before any delete
    # (retention, /delete, /forget, pruning).
    """
    CREATE VIEW article_search_text (id, article_id, chat, terms) AS
        SELECT (a.id << 20) | (s.idx / 8), a.id, 'chat_' || replace(a.chat_id, '-', 'n'),
            group_concat(
                a.language || '_' || replace(s.terms, ' ', ' ' || a.language || '_'), ' ')
        FROM articles a JOIN sentences s ON s.article_id = a.id
        WHERE s.terms != '' GROUP BY a.id, s.idx / 8;
    CREATE VIRTUAL TABLE article_search USING fts5(
        chat, terms, content = 'article_search_text', content_rowid = 'id',
        tokenize = "ascii tokenchars '_'"
    );
    CREATE TRIGGER article_search_unindex BEFORE DELETE ON articles BEGIN
        INSERT INTO article_search (article_search, rowid, chat, terms)
            SELECT 'delete', id, chat, terms FROM article_search_text
            WHERE article_id = old.id;
    END;
    INSERT INTO article_search (article_search) VALUES ('rebuild');
    """,
    # 6: each chat's conversation (follow-up questions lean on the turns before them),
    # kept in the database so that any replica answers the next turn; who wrote an
    # article, when and where it appeared (page metadata or a pasted text's byline).
    """
    ALTER TABLE articles ADD COLUMN author TEXT;
    ALTER TABLE articles ADD COLUMN published TEXT;
    ALTER TABLE articles ADD COLUMN site_name TEXT;
    CREATE TABLE conversations (
        chat_id INTEGER PRIMARY KEY,
        state TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
