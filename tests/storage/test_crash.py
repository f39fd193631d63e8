"""kill -9 in the middle of ingesting: nothing half-stored, nothing acknowledged lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

INGEST_FOREVER = """
import asyncio, sys
from storage import SQLiteStorage
from tests.storage.builders import new_article

async def main(path, start):
    store = SQLiteStorage(path)
    await store.open()
    i = start
    while True:
        body = " ".join(f"Sentence {i} number {k} of the article." for k in range(200))
        result = await store.add_article(new_article(chat_id=i % 3, text=body))
        print(result.article.id, flush=True)  # acknowledged to the "user"
        i += 1

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""


def test_kill_9_mid_ingest_loses_nothing_acknowledged(tmp_path: Path) -> None:
    db_path = tmp_path / "crash.db"
    rng = random.Random(7)
    acknowledged: set[int] = set()
    root = Path(__file__).resolve().parents[2]
    for round_ in range(4):
        process = subprocess.Popen(
            [sys.executable, "-c", INGEST_FOREVER, str(db_path), str(round_ * 100_000)],
            stdout=subprocess.PIPE,
            cwd=root,
            env={**os.environ, "PYTHONPATH": str(root)},
            text=True,
        )
        assert process.stdout is not None
        # Wait for the first acknowledgement, then kill at a random moment after it.
        acknowledged.add(int(process.stdout.readline()))
        time.sleep(rng.uniform(0.05, 0.4))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate()
        acknowledged.update(int(line) for line in out.split())

    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in db.execute("SELECT id FROM articles")}
        half_stored = db.execute(
            "SELECT count(*) FROM articles a WHERE sentence_count !="
            " (SELECT count(*) FROM sentences s WHERE s.article_id = a.id)"
        ).fetchone()[0]
    assert len(acknowledged) >= 4
    assert acknowledged <= stored
    assert half_stored == 0
