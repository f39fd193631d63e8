"""The console's handlers for the commands of ``bot.commands``: parse the argument, call
Brief, render plain text. ``HANDLERS`` maps each console command to its handler."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.commands import (
    PRIVACY_DELETE,
    PRIVACY_KEPT,
    PRIVACY_SCOPE,
    console_commands,
    retention_line,
)
from bot.console_render import (
    article_label,
    render_page,
    render_search,
    render_settings,
)
from bot.service import MAX_SUMMARY_SENTENCES, MIN_SUMMARY_SENTENCES
from bot.service.library_file import library_json

if TYPE_CHECKING:
    from bot.console import Console

LIST_PAGE_SIZE = 20
SEARCH_RESULTS = 5
EXPORT_NAME = "brief-library"

INTRO = """\
Brief reads articles for you: it keeps them, summarises them and answers questions.

  Paste an article (end it with an empty line), or give the path of a .txt, .md,
  .html or .pdf file, or a link: Brief stores it and shows its summary.
  Any other line is a question about the active article ("What is it about?" or
  "tl;dr" shows its summary again).
"""


def help_text() -> str:
    lines = [INTRO]
    for command in dict.fromkeys(console_commands().values()):
        lines.append(f"  {f'/{command.name} {command.usage}'.rstrip():<16} {command.help}")
    return "\n".join(lines)


def _number(arg: str) -> int | None:
    """A whole number in ASCII digits ('²' is a digit to str.isdigit, not to int)."""
    text = arg.strip().lstrip("#")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def help_(console: Console, arg: str) -> None:
    console.say(help_text())


def quit_(console: Console, arg: str) -> None:
    console.stop()


def summary(console: Console, arg: str) -> None:
    sentences = _number(arg) if arg else None
    if arg and not (sentences and sentences <= MAX_SUMMARY_SENTENCES):
        console.say(f"Usage: /summary [N], with N from 1 to {MAX_SUMMARY_SENTENCES}.")
        return
    console.show_summary(sentences)


def keywords(console: Console, arg: str) -> None:
    async def run() -> str:
        info, terms = await console.brief.keywords(console.chat_id)
        shown = ", ".join(terms) if terms else "none found"
        return f"Key terms of {article_label(info)}: {shown}"

    console.attempt("/keywords", run)


def list_(console: Console, arg: str) -> None:
    number = _number(arg) if arg else 1
    if number is None:
        console.say("Usage: /list [PAGE]")
        return

    async def run() -> str:
        page = max(0, number - 1)
        return render_page(
            await console.brief.list_articles(console.chat_id, page=page, per_page=LIST_PAGE_SIZE)
        )

    console.attempt("/list", run)


def use(console: Console, arg: str) -> None:
    _on_article(console, "use", arg)


def delete(console: Console, arg: str) -> None:
    _on_article(console, "delete", arg)


async def _act(console: Console, name: str, article_id: int) -> str:
    if name == "use":
        info = await console.brief.use(console.chat_id, article_id)
        return f"Now asking about {article_label(info)}."
    info = await console.brief.delete(console.chat_id, article_id)
    return f"Deleted {article_label(info)}."


def _on_article(console: Console, name: str, arg: str) -> None:
    """/use ID and /delete ID."""
    article_id = _number(arg)
    if article_id is None:
        console.say(f"Usage: /{name} ID (the number shown by /list).")
        return
    console.attempt(f"/{name}", lambda: _act(console, name, article_id))


def algo(console: Console, arg: str) -> None:
    async def run() -> str:
        from bot.engine import algorithm_choices

        if not arg:
            current = (await console.brief.settings(console.chat_id)).algorithm or "default"
            choices = "\n".join(f"  {choice}" for choice in algorithm_choices())
            return f"Algorithm: {current}. Choose with /algo NAME:\n{choices}"
        chat = await console.brief.set_algorithm(console.chat_id, arg)
        return f"Summaries now use {chat.algorithm or 'the default algorithm'}."

    console.attempt("/algo", run)


def length(console: Console, arg: str) -> None:
    sentences = _number(arg)
    if sentences is None:
        console.say(
            f"Usage: /length N: summaries of N sentences "
            f"({MIN_SUMMARY_SENTENCES} to {MAX_SUMMARY_SENTENCES})."
        )
        return

    async def run() -> str:
        chat = await console.brief.set_length(console.chat_id, sentences)
        return f"Summaries in this chat are now {chat.summary_sentences} sentences long."

    console.attempt("/length", run)


def settings(console: Console, arg: str) -> None:
    async def run() -> str:
        chat = await console.brief.settings(console.chat_id)
        active = await console.brief.active_article(console.chat_id)
        return render_settings(chat, console.settings, active)

    console.attempt("/settings", run)


def search(console: Console, arg: str) -> None:
    if not arg:
        console.say("Tell me what to look for: /search WORDS")
        return

    async def run() -> str:
        view = await console.brief.ask_all(console.chat_id, arg, top_k=SEARCH_RESULTS)
        return render_search(view)

    console.attempt("/search", run)


def privacy(console: Console, arg: str) -> None:
    kept = retention_line(console.settings.retention_days)
    console.say(
        "\n".join(
            [
                "What I keep",
                PRIVACY_KEPT,
                PRIVACY_SCOPE,
                "",
                "For how long",
                kept,
                f"The library is the file {console.settings.db_path}.",
                "",
                "How to delete it",
                PRIVACY_DELETE,
            ]
        )
    )


def export(console: Console, arg: str) -> None:
    """/export [FILE]: the library as JSON (as `brief export`); a new file, never over one."""
    target = Path(arg).expanduser() if arg else _free_name(Path.cwd())

    async def run() -> str:
        library = await console.brief.export_library(console.chat_id)
        articles = library.get("articles")
        count = len(articles) if isinstance(articles, list) else 0
        if not count:
            return "You have no articles to export yet."
        try:
            with target.open("x", encoding="utf-8") as out:  # "x": never overwrite a file
                out.write(library_json(library))
        except FileExistsError:
            return f"{target} already exists; give /export a new file name."
        except OSError as error:
            return f"I can't write {target}: {error.strerror or error}."
        return f"Exported {count} article{'s' if count != 1 else ''} to {target.resolve()}"

    console.attempt("/export", run)


def _free_name(folder: Path) -> Path:
    """brief-library.json, or brief-library-2.json... when that is taken."""
    candidate = folder / f"{EXPORT_NAME}.json"
    number = 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{EXPORT_NAME}-{number}.json"
    return candidate


def forget(console: Console, arg: str) -> None:
    if arg.lower() not in ("yes", "y"):
        console.say(
            "This deletes every article and setting Brief keeps for this chat. "
            "Type yes to confirm (anything else keeps them)."
        )
        answer = console.source.read_line()
        if answer is None or answer.strip().lower() not in ("yes", "y"):
            console.say("Nothing deleted.")
            return

    async def run() -> str:
        count = await console.brief.forget(console.chat_id)
        return f"Done: I deleted {count} article{'s' if count != 1 else ''} and your settings."

    console.attempt("/forget", run)


HANDLERS: dict[str, Callable[[Console, str], None]] = {
    "help": help_,
    "quit": quit_,
    "summary": summary,
    "keywords": keywords,
    "list": list_,
    "use": use,
    "delete": delete,
    "algo": algo,
    "length": length,
    "settings": settings,
    "search": search,
    "privacy": privacy,
    "export": export,
    "forget": forget,
}
