"""`brief chat` driven through its stdin, as a subprocess on a SQLite file under tmp_path."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

RunChat = Callable[..., subprocess.CompletedProcess[str]]


def numbered(output: str) -> list[str]:
    """The numbered summary lines of the output ("1. ...")."""
    return re.findall(r"^\d+\. (.+)$", output, flags=re.MULTILINE)


def test_pasted_article_with_paragraphs_then_questions(run_chat: RunChat, data: Path) -> None:
    text = (data / "harbour.txt").read_text()
    assert "\n\n" in text  # paragraphs separated by empty lines stay one article
    script = text + "\n\nHow much did the project cost?\nWho cut the ribbon?\n"
    result = run_chat(script)

    assert result.returncode == 0
    out = result.stdout
    assert not out.startswith(">")  # piped: no prompt, no banner
    assert "Kestrel Bay opens its new harbour bridge" in out
    assert "#1 · pasted text · English · 1 min read" in out
    summary = numbered(out)
    assert len(summary) == 5
    assert all(sentence in text for sentence in summary)
    assert "Key terms:" in out
    assert "» The project cost 212 million euros" in out
    assert re.search(r"^» .*Helen Okonjo cut the ribbon", out, flags=re.MULTILINE)
    assert "From «Kestrel Bay" not in out  # the active article needs no naming


def test_asking_for_the_gist_shows_the_summary(run_chat: RunChat, data: Path) -> None:
    text = (data / "harbour.txt").read_text()
    result = run_chat(text + "\n\nWhat is this about?\n")
    assert result.returncode == 0
    summaries = result.stdout.count("#1 · pasted text · English")
    assert summaries == 2 and "couldn't find" not in result.stdout


def test_question_before_any_article(run_chat: RunChat) -> None:
    result = run_chat("Who did Lavrov meet?\n/summary\n/keywords\n")
    assert result.returncode == 0
    assert result.stdout.count("There is no article yet") == 3


def test_commands_on_a_file_given_by_path(run_chat: RunChat, data: Path) -> None:
    script = "\n".join(
        [
            str(data / "harbour.txt"),
            str(data / "bees.txt"),
            "/list",
            "/summary 2",
            "/keywords",
            "How many species did the survey find?",
            "/use 1",
            "What did the project cost?",
            "/algo bogus",
            "/algo lexrank",
            "/settings",
            "/use 999",
            "/delete abc",
            "/delete 2",
            "/list",
            "/frobnicate",
            "/help",
        ]
    )
    result = run_chat(script + "\n")
    out = result.stdout
    assert result.returncode == 0, result.stderr

    assert "#1 · file harbour.txt · English" in out
    assert "#2 · file bees.txt · English" in out
    assert "Your articles (2), page 1 of 1:" in out
    assert re.search(r"^\*\s+2  City rooftops", out, flags=re.MULTILINE)  # newest is active
    # /summary 2 on the bees article: two numbered lines after the two summaries (the
    # 10-sentence bees article gets 4 sentences by default: about a third)
    assert len(numbered(out)) == 5 + 4 + 2
    assert "Key terms of #2" in out
    assert "» A three-year survey has found 187 species" in out
    assert "Now asking about #1 «Kestrel Bay" in out
    assert "» The project cost 212 million euros" in out
    assert "I don't know «bogus». Choose one of: brief, lexrank" in out
    assert "Summaries now use lexrank." in out
    assert "Algorithm: lexrank" in out
    assert "Active article: #1 «Kestrel Bay" in out
    assert "I have no article with that number in this chat" in out
    assert "Usage: /delete ID" in out
    assert "Deleted #2 «City rooftops" in out
    assert "Your articles (1), page 1 of 1:" in out
    assert "I don't know the command /frobnicate" in out
    assert "/forget" in out.split("Brief reads articles for you")[-1]


def test_library_persists_between_runs(run_chat: RunChat, data: Path) -> None:
    first = run_chat(f"{data / 'bees.txt'}\n")
    assert "#1 · file bees.txt" in first.stdout
    second = run_chat("Who led the study?\n/list\n")
    assert "» The study was led by the ecologist Dr. Amara Silveira" in second.stdout
    assert "Your articles (1)" in second.stdout


def test_forget_asks_first(run_chat: RunChat, data: Path) -> None:
    result = run_chat(f"{data / 'bees.txt'}\n/forget\nno\n/list\n/forget\nyes\n/list\n")
    out = result.stdout
    assert "Type yes to confirm" in out
    assert "Nothing deleted." in out
    assert "Your articles (1)" in out
    assert "Done: I deleted 1 article and your settings." in out
    assert out.rstrip().endswith(
        "You have no articles yet. Paste one, or give a file path or a link."
    )

    direct = run_chat(f"{data / 'harbour.txt'}\n/forget yes\n/list\n")
    assert "Type yes" not in direct.stdout
    assert "Done: I deleted 1 article" in direct.stdout


def test_two_pasted_articles_separated_by_a_command(run_chat: RunChat, data: Path) -> None:
    harbour = (data / "harbour.txt").read_text()
    bees = (data / "bees.txt").read_text()
    result = run_chat(f"{harbour}\n/list\n{bees}\n\nWho led the study?\n/list\n")
    out = result.stdout
    assert "Your articles (1)" in out
    assert "Your articles (2)" in out
    assert "» The study was led by the ecologist Dr. Amara Silveira" in out


def test_quit_stops_reading(run_chat: RunChat, data: Path) -> None:
    result = run_chat(f"{data / 'bees.txt'}\n/quit\n/list\n")
    assert "City rooftops" in result.stdout
    assert "Your articles" not in result.stdout


def test_oldest_article_is_pruned_and_the_user_told(run_chat: RunChat, data: Path) -> None:
    result = run_chat(
        f"{data / 'harbour.txt'}\n{data / 'bees.txt'}\n/list\n", BRIEF_MAX_ARTICLES_PER_CHAT="1"
    )
    assert "To make room I deleted your oldest article: #1 «Kestrel Bay" in result.stdout
    assert "Your articles (1)" in result.stdout


def test_bad_input_gets_short_replies(run_chat: RunChat, data: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 64)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    big = tmp_path / "big.txt"
    big.write_text("The harbour bridge opened on Saturday. " * 140_000)
    numbers = "\n".join(" ".join(str(n * k) for k in range(1, 9)) for n in range(1, 6))
    emoji = "\n".join("😀 🎉 🚀 🌍 🔥 👍 🙈 🎈 🍕 ⚽" for _ in range(5))
    # Piped, an article runs on across empty lines: commands keep these inputs apart.
    script = "\n".join(
        [
            str(junk),
            str(empty),
            str(big),
            "missing-article.txt",
            numbers,
            "/keywords",
            emoji,
            "/keywords",
            "The bridge opened on Saturday.",  # one line: a question, and no article yet
            "",
            "/use 3",
            "/summary 99",
            "/summary",
        ]
    )
    result = run_chat(script + "\n")
    assert result.returncode == 0
    replies = [r for r in result.stdout.split("\n\n") if r.strip()]
    assert len(replies) == 12, result.stdout
    for reply in replies:
        assert len(reply) < 300 and "\n" not in reply.strip(), reply
    assert "not readable text" in replies[0]
    assert "empty" in replies[1]
    assert "too large" in replies[2] and "MB" in replies[2]
    assert replies[3] == "I can't find the file missing-article.txt."
    assert "no words" in replies[4]
    assert "no words" in replies[6]
    for n in (5, 7, 8, 11):
        assert "There is no article yet" in replies[n]
    assert "I have no article with that number" in replies[9]
    assert "1 to 20" in replies[10]


def test_questions_fall_back_to_the_other_articles(run_chat: RunChat, data: Path) -> None:
    script = (
        f"{data / 'harbour.txt'}\n{data / 'bees.txt'}\n"
        "How much did the project cost?\nWhat is the capital of Peru?\n"
    )
    out = run_chat(script).stdout
    assert "Not in «City rooftops turn out to be a refuge for wild bees», but in another" in out
    assert "From «Kestrel Bay opens its new harbour bridge after four years of work» (#1, " in out
    assert "» The project cost 212 million euros" in out
    assert "(/use 1 to ask about that article)" in out
    assert "I couldn't find that in «City rooftops" in out and "nor in your other articles" in out


def test_pdf_markdown_and_other_languages(run_chat: RunChat, data: Path, tmp_path: Path) -> None:
    from fpdf import FPDF

    bees = (data / "bees.txt").read_text()
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for paragraph in bees.split("\n\n"):
        pdf.multi_cell(0, 6, paragraph.strip())
        pdf.ln(4)
    pdf.output(str(tmp_path / "bees.pdf"))
    harbour_lines = (data / "harbour.txt").read_text().split("\n", 1)
    (tmp_path / "harbour.md").write_text(f"# {harbour_lines[0]}\n{harbour_lines[1]}")

    script = "\n".join(
        [
            str(tmp_path / "bees.pdf"),
            "Who led the study?",
            f"'{tmp_path / 'harbour.md'}'",  # quoted, as terminals paste dropped files
            "Who cut the ribbon?",
            str(data / "wald.txt"),
            str(data / "laguna.txt"),
            "/list",
        ]
    )
    out = run_chat(script + "\n").stdout
    assert "#1 · file bees.pdf · English" in out
    assert "» The study was led by the ecologist Dr. Amara Silveira" in out
    assert "#2 · file harbour.md · English" in out
    assert "Kestrel Bay opens its new harbour bridge after four years of work\n#2" in out
    assert "» Mayor Helen Okonjo cut the ribbon" in out
    assert "#3 · file wald.txt · German ·" in out
    assert (
        "#4 · file laguna.txt · English (I couldn't tell the language, so I read it as English)"
        in out
    )
    assert "Your articles (4)" in out


def test_lines_after_an_article_that_read_as_questions(run_chat: RunChat, data: Path) -> None:
    text = (data / "harbour.txt").read_text()
    script = f"{text}\n\ntell me about the crane\n\nwho paid the fine\n"
    out = run_chat(script).stdout
    assert out.count("#1 · pasted text") == 1
    assert len(numbered(out)) == 5
    answers = re.findall(r"^» (.+)$", out, flags=re.MULTILINE)
    assert len(answers) == 2  # two questions, not two more lines of the article
    assert "crane" in answers[0]
    assert re.search(r"^» .*Norvale Engineering, paid a fine", out, flags=re.MULTILINE)


SIX_QUESTIONS = [
    "How much did the project cost",
    "Who cut the ribbon at the opening",
    "How long is the new bridge",
    "Who paid two thirds of the bill",
    "What did the engineers find beneath the eastern pier",
    "Which company paid a fine for the sensors",
    "When did the town open the new harbour bridge",
]


def test_many_question_lines_after_an_article_stay_questions(run_chat: RunChat, data: Path) -> None:
    """Six or more questions in a block read like an article by their words and lines;
    they are questions all the same (before, from six on they became article text)."""
    text = (data / "harbour.txt").read_text()
    for questions in (SIX_QUESTIONS, [f"{q}?" for q in SIX_QUESTIONS]):
        script = text + "\n\n" + "\n".join(questions) + "\n/list\n"
        out = run_chat(script).stdout
        assert out.count("#1 · pasted text") == 1, out
        assert "#2" not in out  # one article in the list, not the questions as a second
        answers = re.findall(r"^» (.+)$", out, flags=re.MULTILINE)
        assert len(answers) == len(questions), out
        assert "212 million euros" in answers[0]
        assert "Helen Okonjo" in answers[1]


def test_a_directory_path_says_so(run_chat: RunChat, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    result = run_chat(f"{folder}\n{folder}/\n")
    assert result.returncode == 0
    replies = [r.strip() for r in result.stdout.split("\n\n") if r.strip()]
    assert replies == [
        f"{folder}: is a directory. Give me the path of a file in it.",
        f"{folder}/: is a directory. Give me the path of a file in it.",
    ]


def test_search_length_privacy_and_export(run_chat: RunChat, data: Path, tmp_path: Path) -> None:
    bees, harbour = (data / "bees.txt").read_text(), (data / "harbour.txt").read_text()
    target = tmp_path / "mine.json"
    script = "\n".join(
        [bees, "/length 2", harbour, "/search crane", "/privacy", f"/export {target}"]
    )
    result = run_chat(script + f"\n/export {target}\n/length 0\n")
    assert result.returncode == 0
    out = result.stdout
    assert "Summaries in this chat are now 2 sentences long." in out
    assert len(numbered(out)) == 4 + 2  # bees (short: 4) before /length, harbour after
    assert "Best matches for «crane»:" in out and "crane collapsed" in out
    assert "What I keep" in out and "Articles are kept until you delete them." in out
    assert f"Exported 2 articles to {target}" in out
    assert f"{target} already exists" in out  # never written over
    export = json.loads(target.read_text(encoding="utf-8"))
    assert [a["title"] for a in export["articles"]][1].startswith("Kestrel Bay")
    assert out.rstrip().endswith("A summary can be 1 to 20 sentences long.")  # /length 0


def test_a_follow_up_leans_on_the_question_before(run_chat: RunChat) -> None:
    post = Path(__file__).resolve().parents[1] / "engine" / "data" / "pi-blog.md"
    script = (
        post.read_text(encoding="utf-8")
        + "\n\nWhere did the blog run for six years?\nHow much did it cost?\n"
        + "Was the Frankfurt hosting company helpful?\n"
    )
    out = run_chat(script).stdout
    answers = re.findall(r"^» (.+)$", out, flags=re.MULTILINE)
    assert answers[0].startswith("For six years this blog ran")
    assert answers[1].startswith("The old server cost me 240 euros"), out  # "it": the server
    assert "Not sure, but this looks closest:\n» For six years" in out


def test_a_heading_that_asks_stays_part_of_the_piped_post(run_chat: RunChat) -> None:
    """ "## Would I do it again?" is a heading of the post, not a question that splits it
    into two articles."""
    post = Path(__file__).resolve().parents[1] / "engine" / "data" / "pi-blog.md"
    text = post.read_text(encoding="utf-8")
    assert "\n\n## Would I do it again?\n\n" in text
    out = run_chat(text + "\n\nHow long has the Pi been up?\n/list\n").stdout
    assert out.count("· pasted text ·") == 1, out
    assert "#2" not in out and "Your articles (1)" in out, out
    answers = re.findall(r"^» (.+)$", out, flags=re.MULTILINE)
    assert len(answers) == 1 and "214 days" in answers[0], out


def test_a_markdown_post_with_headings_and_a_list_stays_one_article(run_chat: RunChat) -> None:
    """Headings without final punctuation give the text under them, shown with the
    heading (no '#') as context; list items are lines of the post, not questions; the
    title from "# Title" has no '#' in the summary or /list."""
    post = Path(__file__).resolve().parents[1] / "engine" / "data" / "sourdough.md"
    text = post.read_text(encoding="utf-8")
    assert "\n\n## What I tried first\n\n" in text and "\n- a digital scale" in text
    script = text + "\n\nWhat did she try first?\nWould she recommend it?\n/list\n"
    out = run_chat(script).stdout
    assert "Your articles (1)" in out and "#2" not in out, out
    assert out.startswith("Learning to bake sourdough at fifty\n"), out
    assert re.search(r"^\*\s+1  Learning to bake sourdough at fifty  \[", out, re.MULTILINE), out
    answers = re.findall(r"^» (.+)\n  Context: (.+)$", out, flags=re.MULTILINE)
    assert answers == [
        ("A dry yeast loaf from a supermarket packet.", "What I tried first"),
        ("Absolutely.", "Would I recommend it?"),
    ], out
    assert "#" not in out.replace("#1", ""), out
