"""The baseline of benchmarks/library.py: a bare SQLite FTS5 script, run as a whole command.

    python benchmarks/_fts5_script.py SENTENCES_DB QUESTION...

One FTS5 row per sentence of the library (``Sentence.terms``, so stemming is Brief's and
only retrieval and ranking differ); prints, per question, one JSON line with the three
best sentences by ``bm25()`` and their articles. It loads Brief's term module on its
own (stop words and the stemmer), not the engine package around it, so it pays for
nothing a bare script would not need.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
from pathlib import Path

_TERMS = Path(__file__).resolve().parents[1] / "bot" / "engine" / "terms.py"
_spec = importlib.util.spec_from_file_location("brief_terms", _TERMS)
assert _spec is not None and _spec.loader is not None
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
terms = _module.terms


def main(argv: list[str]) -> int:
    path, *questions = argv
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    for question in questions:
        query = " OR ".join(f'"{t}"' for t in dict.fromkeys(terms(question, "en")))
        rows = (
            db.execute(
                "SELECT article, text FROM s WHERE s MATCH ? ORDER BY bm25(s), rowid LIMIT 3",
                (query,),
            ).fetchall()
            if query
            else []
        )
        record = {
            "question": question,
            "found": bool(rows),
            "sentences": [text for _, text in rows],
            "article_ids": [article for article, _ in rows],
        }
        print(json.dumps(record, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
