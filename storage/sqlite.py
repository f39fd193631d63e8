"""SQLite backend (contract stub; the storage helper implements it)."""

from __future__ import annotations

from pathlib import Path


class SQLiteStorage:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
