"""Every library command on PostgreSQL (BRIEF_DATABASE_URL), and moving a SQLite library
there with `brief export` / `brief import`, as the README tells."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import psycopg

RunBrief = Callable[..., subprocess.CompletedProcess[str]]


def json_lines(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_sqlite_library_moves_to_postgres(
    run_brief: RunBrief, data: Path, tmp_path: Path, postgres_url: str
) -> None:
    harbour, bees = str(data / "harbour.txt"), str(data / "bees.txt")
    on_sqlite = json_lines(run_brief("add", harbour, bees, "--json"))
    export_file = tmp_path / "library.json"
    assert run_brief("export", "--output", str(export_file)).returncode == 0

    pg = {"BRIEF_DATABASE_URL": postgres_url}
    moved = run_brief("import", str(export_file), **pg)
    assert moved.stdout.strip() == "Imported 2 articles.", moved.stderr
    again = run_brief("import", str(export_file), **pg)
    assert again.stdout.strip() == "Imported 0 articles; 2 were already in the library."

    listed = json_lines(run_brief("list", "--json", **pg))
    assert sorted(str(a["title"]) for a in listed) == sorted(str(a["title"]) for a in on_sqlite)
    with psycopg.connect(postgres_url) as db:
        row = db.execute("SELECT count(*) FROM articles").fetchone()
        assert row is not None and row[0] == 2  # in PostgreSQL, not in the SQLite file

    bees_id = json_lines(run_brief("add", bees, "--json", **pg))[0]["id"]
    assert bees_id in [a["id"] for a in listed]  # recognised, not stored twice
    added = json_lines(run_brief("add", str(data / "wald.txt"), "--json", **pg))
    assert added[0]["id"] not in [a["id"] for a in listed]

    (species,) = json_lines(
        run_brief("ask", "--all", "How many species of wild bees were found?", "--json", **pg)
    )
    assert species["found"] and species["article_ids"][0] == bees_id  # type: ignore[index]
    assert "187 species" in species["sentences"][0]  # type: ignore[index]

    chat = run_brief("chat", stdin="/list\n/settings\n", **pg)
    assert "Your articles (3)" in chat.stdout
    assert "Database: postgresql://" in chat.stdout

    exported = json.loads(run_brief("export", **pg).stdout)
    assert len(exported["articles"]) == 3
    # The SQLite file was left as it was.
    assert len(json_lines(run_brief("list", "--json"))) == 2


def test_a_bad_database_url_is_refused_in_one_line(run_brief: RunBrief) -> None:
    result = run_brief("list", BRIEF_DATABASE_URL="mysql://x@y/z")
    assert result.returncode != 0
    assert "BRIEF_DATABASE_URL must be a postgresql:// URL" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unreachable_server_is_one_line_without_the_password(run_brief: RunBrief) -> None:
    result = run_brief("list", BRIEF_DATABASE_URL="postgresql://brief:hunter2@127.0.0.1:1/brief")
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1
    assert "cannot reach PostgreSQL at postgresql://brief:***@127.0.0.1:1/brief" in result.stderr
    assert "unexpected error" not in result.stderr  # the same line as an unusable SQLite file
    assert "hunter2" not in result.stderr
