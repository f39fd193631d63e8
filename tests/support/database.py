"""Looking into Brief's SQLite file the way an auditor would: whatever the schema is."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def rows_of_chat(db: Path, chat_id: int) -> int:
    """Rows in every table that has a chat_id column (whatever the schema is)."""
    assert db.exists(), "the bot did not create its database"
    with sqlite3.connect(db) as connection:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        total = 0
        for table in tables:
            columns = {row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')}
            if "chat_id" in columns:
                (count,) = connection.execute(
                    f'SELECT count(*) FROM "{table}" WHERE chat_id = ?', (chat_id,)
                ).fetchone()
                total += count
    return int(total)
