"""`brief add/list/ask --all/export/import`: the console's library in BRIEF_DB."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

RunBrief = Callable[..., subprocess.CompletedProcess[str]]


def json_lines(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_add_list_and_ask_the_whole_library(run_brief: RunBrief, data: Path) -> None:
    harbour, bees = str(data / "harbour.txt"), str(data / "bees.txt")
    added = json_lines(run_brief("add", harbour, bees, "--json"))
    assert [list(a) for a in added] == [["id", "title", "source"]] * 2
    assert [a["source"] for a in added] == ["file:harbour.txt", "file:bees.txt"]
    harbour_id, bees_id = (a["id"] for a in added)
    assert harbour_id != bees_id
    assert added[1]["title"] == "City rooftops turn out to be a refuge for wild bees"

    again = json_lines(run_brief("add", harbour, "--json"))
    assert again[0]["id"] == harbour_id  # recognised, not stored twice

    listed = json_lines(run_brief("list", "--json"))
    assert sorted(a["id"] for a in listed) == sorted([harbour_id, bees_id])
    # One form for a source in both: as stored.
    assert {a["id"]: a["source"] for a in listed} == {a["id"]: a["source"] for a in added}
    readable = run_brief("list")
    assert "Your articles (2)" in readable.stdout

    questions = [
        "How many species of wild bees were found?",
        "How much did the project cost?",
        "What is the capital of Peru?",
    ]
    records = json_lines(run_brief("ask", "--all", *questions, "--json"))
    assert [r["question"] for r in records] == questions
    for record in records:
        assert list(record) == ["question", "found", "sentences", "score", "article_ids", "sure"]
        assert isinstance(record["sentences"], list) and isinstance(record["article_ids"], list)
        assert len(record["sentences"]) == len(record["article_ids"])
    species, cost, peru = records
    assert species["found"] and species["article_ids"][0] == bees_id  # type: ignore[index]
    assert "187 species" in species["sentences"][0]  # type: ignore[index]
    assert cost["found"] and cost["article_ids"][0] == harbour_id  # type: ignore[index]
    assert "212 million euros" in cost["sentences"][0]  # type: ignore[index]
    assert peru["found"] is False and peru["sentences"] == [] and peru["article_ids"] == []

    readable = run_brief("ask", "--all", "How much did the project cost?")
    assert f"From #{harbour_id} «Kestrel Bay" in readable.stdout

    # The console sees the same library.
    chat = run_brief("chat", stdin="/list\n")
    assert "Your articles (2)" in chat.stdout


def test_add_reports_each_failure_and_keeps_the_rest(run_brief: RunBrief, data: Path) -> None:
    result = run_brief("add", "missing.txt", str(data / "bees.txt"), "--json")
    assert result.returncode == 1
    assert result.stderr.strip() == "brief: missing.txt: no such file"
    assert [r["source"] for r in map(json.loads, result.stdout.splitlines())] == ["file:bees.txt"]


def test_export_and_import_round_trip(run_brief: RunBrief, data: Path, tmp_path: Path) -> None:
    run_brief("add", str(data / "harbour.txt"), str(data / "wald.txt"))
    export_file = tmp_path / "library.json"
    result = run_brief("export", "--output", str(export_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Exported 2 articles to {export_file}."
    library = json.loads(export_file.read_text())
    assert library["format"] == "brief-library"
    articles = library["articles"]
    assert [a["title"] for a in articles] == [
        "Kestrel Bay opens its new harbour bridge after four years of work",
        "Der Stadtwald von Freiburg wird zum Klimalabor",
    ]
    for item in articles:
        assert {"title", "source", "language", "saved", "text", "summary"} <= set(item)
        assert all(sentence in item["text"] for sentence in item["summary"])
    assert [a["language"] for a in articles] == ["en", "de"]
    assert json.loads(run_brief("export").stdout)["articles"] == articles  # stdout as well

    other_db = str(tmp_path / "other.db")
    first = run_brief("import", str(export_file), BRIEF_DB=other_db)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "Imported 2 articles."
    second = run_brief("import", str(export_file), BRIEF_DB=other_db)
    assert second.stdout.strip() == "Imported 0 articles; 2 were already in the library."
    restored = json_lines(run_brief("list", "--json", BRIEF_DB=other_db))
    assert len(restored) == 2
    answer = json_lines(
        run_brief(
            "ask",
            "--all",
            "Wie viel investiert die Stadt in den Umbau des Waldes?",
            "--json",
            BRIEF_DB=other_db,
        )
    )[0]
    assert answer["found"] and "acht Millionen Euro" in answer["sentences"][0]  # type: ignore[index]


def test_import_refuses_what_is_not_an_export(run_brief: RunBrief, data: Path) -> None:
    for path in (data / "harbour.txt", data / "garden.html"):
        result = run_brief("import", str(path))
        assert result.returncode == 1
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1
    listed = run_brief("list", "--json")
    assert listed.stdout == ""


def test_add_from_stdin_and_links(run_brief: RunBrief, data: Path, article_server: str) -> None:
    pasted = json_lines(run_brief("add", "-", "--json", stdin=(data / "bees.txt").read_text()))
    assert pasted[0]["source"] == "text"
    url = f"{article_server}/garden"
    linked = json_lines(run_brief("add", url, "--json", BRIEF_ALLOW_PRIVATE_URLS="1"))
    assert linked == [
        {"id": linked[0]["id"], "title": "The allotment that feeds a school", "source": url}
    ]
    listed = {a["id"]: a for a in json_lines(run_brief("list", "--json"))}
    assert listed[pasted[0]["id"]]["source"] == "text"  # type: ignore[index]
    assert listed[linked[0]["id"]]["source"] == url  # type: ignore[index]
    assert listed[linked[0]["id"]]["active"] is True  # type: ignore[index]
    refused = run_brief("add", url)  # private address, not allowed by default
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"brief: {url}: I can't open that link")
