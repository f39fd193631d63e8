"""The `brief` command: console chat, Telegram bot and scripting commands.

Exit codes: 0 success, 1 the input could not be used (unreadable file, refused link,
no article in it...), 2 usage or configuration error. Errors are one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from bot import __version__
from bot.assembly import make_engine
from bot.config import ConfigError, Settings
from bot.errors import BriefError, TooLargeError
from bot.logging_setup import configure_logging

if TYPE_CHECKING:
    from bot.engine.types import Answer, Sentence
    from bot.ingest.types import ExtractedArticle
    from bot.service import Brief

logger = logging.getLogger(__name__)

PROG = "brief"
EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
_T = TypeVar("_T")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
MAX_EXPORT_BYTES = 512 * 1024 * 1024  # an export holds a whole library
# bot.engine.ALGORITHMS, named here so that `brief --help` need not import the engine
# (a test checks that the two agree).
ALGORITHMS = ("brief", "lexrank", "lsa", "luhn", "textrank", "sumbasic", "kl")
CONSOLE_CHAT_ID = 0  # bot.service.CONSOLE_CHAT_ID (a test checks that they agree)


class CommandError(Exception):
    """A one-line failure of a scripting command, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_INPUT) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Brief reads articles for you: summaries and answers, offline. With no command: "
            "the Telegram bot when TELEGRAM_BOT_TOKEN is set, the console chat otherwise."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("chat", help="chat in the terminal (the console's chat in BRIEF_DB)")
    commands.add_parser("run", help="run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")

    source_help = "a file (.txt, .md, .html, .pdf), - for standard input, or an http(s) link"
    summarize = commands.add_parser("summarize", help="summarise one article")
    summarize.add_argument("source", metavar="SOURCE", help=source_help)
    summarize.add_argument(
        "-n", "--sentences", type=_sentence_count, metavar="N", help="summary length"
    )
    summarize.add_argument(
        "-a", "--algorithm", choices=ALGORITHMS, metavar="NAME",
        help=f"one of: {', '.join(ALGORITHMS)}",
    )  # fmt: skip
    summarize.add_argument("--json", action="store_true", help="print one JSON object")

    ask = commands.add_parser(
        "ask",
        help="answer questions about one article, or (--all) about the whole library",
        description="Answer questions about SOURCE; with --all, every argument is a question, "
        "answered from the library of `brief chat` (see `brief add`).",
    )
    ask.add_argument("source", metavar="SOURCE", help=source_help)
    ask.add_argument("questions", metavar="QUESTION", nargs="*")
    ask.add_argument("--all", action="store_true", help="answer from the whole library")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.add_argument(
        "--conversation",
        action="store_true",
        help="ask the questions in order as one conversation (follow-ups lean on earlier ones)",
    )

    add = commands.add_parser("add", help="store articles in the library (brief chat's)")
    add.add_argument("sources", metavar="SOURCE", nargs="+", help=source_help)
    add.add_argument("--json", action="store_true", help="print one JSON object per source")

    listing = commands.add_parser("list", help="list the library")
    listing.add_argument("--json", action="store_true", help="print one JSON object per article")

    export = commands.add_parser("export", help="write the whole library as JSON")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")

    restore = commands.add_parser("import", help="add the articles of an export to the library")
    restore.add_argument("file", metavar="FILE", help="a file made by `brief export` or /export")
    return parser


def _sentence_count(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {raw!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "ask" and not args.all and not args.questions:
        parser.error("ask needs a SOURCE and at least one QUESTION (or --all QUESTION...)")
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    command: str = args.command or ("run" if settings.token else "chat")
    # The terminal is for the conversation: below WARNING only when asked for.
    explicit_level = bool(os.environ.get("BRIEF_LOG_LEVEL", "").strip())
    level = settings.log_level if command == "run" or explicit_level else "WARNING"
    configure_logging(level)
    try:
        if command == "chat":
            from bot.console import run_chat

            return run_chat(settings)
        if command == "run":
            return run_telegram(settings)
        if command == "summarize":
            return summarize_command(args, settings)
        if command == "ask":
            return ask_all_command(args, settings) if args.all else ask_command(args, settings)
        if command in LIBRARY_COMMANDS:
            return LIBRARY_COMMANDS[command](args, settings)
    except CommandError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.code
    except BriefError as exc:
        print(f"{PROG}: {exc.user_message}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # Imported here: storage brings aiosqlite and asyncio, which `ask FILE` never needs.
        from storage.base import StorageUnavailableError

        if isinstance(exc, StorageUnavailableError):  # one line naming the path, every command
            print(f"{PROG}: {exc}", file=sys.stderr)
            return EXIT_USAGE
        # Never a traceback at the console; the bot's log (a server's) keeps the details.
        if command == "run":
            logger.exception("Brief stopped on an unexpected error")
        else:
            logger.debug("unexpected error", exc_info=True)
        print(f"{PROG}: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INPUT
    raise AssertionError(f"unhandled command {command}")  # pragma: no cover


def run_telegram(settings: Settings) -> int:
    if not settings.token:
        raise CommandError(
            "TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and export it, "
            "or use `brief chat` for the console",
            EXIT_USAGE,
        )
    from bot.telegram_app import run

    run(settings)
    return EXIT_OK


# --- scripting: one article, no database ------------------------------------------------


def is_url(source: str) -> bool:
    """Links go to the Fetcher, which also explains why an ftp:// or file:// link is refused."""
    return bool(_SCHEME.match(source))


def read_local(source: str, settings: Settings) -> tuple[str, bytes]:
    """(file name, bytes) of a file path, or of standard input for `-`."""
    if source == "-":
        data = sys.stdin.buffer.read(settings.max_input_bytes + 1)
        name = "stdin"  # no extension: the reader tells text, HTML and PDF apart
    else:
        path = Path(source).expanduser()
        try:
            if not path.is_file():
                raise CommandError(
                    f"{source}: is a directory" if path.is_dir() else f"{source}: no such file"
                )
            if path.stat().st_size > settings.max_input_bytes:
                raise TooLargeError(_too_large(settings))
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{source}: {exc.strerror or exc}") from None
        name = path.name
    if len(data) > settings.max_input_bytes:
        raise TooLargeError(_too_large(settings))
    return name, data


def extract(name: str, data: bytes, settings: Settings) -> ExtractedArticle:
    from bot.ingest.files import extract_file

    return extract_file(name, data, max_bytes=settings.max_input_bytes)


def read_source(source: str, settings: Settings) -> ExtractedArticle:
    """The article at SOURCE: a link (through the Fetcher), `-` (stdin) or a file."""
    if is_url(source):
        import asyncio  # only for links: a file needs no event loop

        return asyncio.run(_fetch(source, settings))
    return extract(*read_local(source, settings), settings)


def _too_large(settings: Settings) -> str:
    return f"the input is larger than {settings.max_input_bytes // (1024 * 1024)} MB"


async def _fetch(url: str, settings: Settings) -> ExtractedArticle:
    from bot.assembly import default_fetcher

    fetcher = default_fetcher(settings)
    if fetcher is None:
        raise CommandError("reading links is not available in this installation")
    try:
        return await fetcher.fetch(url)
    finally:
        aclose = getattr(fetcher, "aclose", None)
        if aclose is not None:
            await aclose()


def summarize_command(args: argparse.Namespace, settings: Settings) -> int:
    article = read_source(args.source, settings)
    engine = make_engine(settings)
    doc = engine.analyze(article.text, article.title)
    summary = engine.summarize(
        doc,
        sentences=args.sentences,
        default=settings.summary_sentences,
        algorithm=args.algorithm,
    )
    if args.json:
        print(
            json.dumps(
                {
                    "title": doc.title,
                    "language": doc.language,
                    "sentences": [s.text for s in summary.sentences],
                    "keywords": list(summary.keywords),
                },
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    from bot.engine.language import language_name

    language = language_name(doc.language)
    if not doc.language_detected:
        language = f"{language} (I couldn't tell the language, so I read it as {language})"
    shape = f"{len(summary.sentences)} of {len(doc.sentences)} sentences ({summary.algorithm})"
    lines = [doc.title or "(untitled article)", f"{language} · {shape}", ""]
    lines.extend(f"{n}. {s.text}" for n, s in enumerate(summary.sentences, 1))
    if summary.keywords:
        lines.extend(["", "Key terms: " + ", ".join(summary.keywords)])
    print("\n".join(lines))
    return EXIT_OK


def _summary_as_answer(question: str, sentences: Sequence[Sentence]) -> Answer:
    """A gist request answered as the chat answers it: with the summary's sentences."""
    from bot.engine.types import Answer, Passage

    passages = tuple(Passage(s, None, None, 1.0) for s in sentences)
    return Answer(question, bool(passages), passages, 1.0 if passages else 0.0)


def ask_command(args: argparse.Namespace, settings: Settings) -> int:
    article = read_source(args.source, settings)
    engine = make_engine(settings)
    doc = engine.analyze(article.text, article.title)
    from bot.console_render import render_answer_text, render_gist_text
    from bot.engine.byline_turns import byline_turn
    from bot.engine.conversation import Conversation
    from bot.engine.metadata import byline_of, metadata_answer
    from bot.service import asks_for_summary

    byline = byline_of(article.text, article.author, article.published, article.site_name)
    conversation = Conversation("cli", time.time())
    for n, question in enumerate(args.questions):
        # As in the chat: the byline first, a turn of the conversation ("Who wrote it?" "When?").
        turn = byline_turn(question, byline, conversation, time.time())
        about = metadata_answer(question, byline) if turn is None else turn[0]
        if turn is not None and args.conversation:
            conversation = turn[1]
        gist = about is None and asks_for_summary(question)
        if gist:  # "What is it about?": the summary
            about = _summary_as_answer(question, engine.summarize(doc).sentences)
        if about is not None:
            answer = about
        elif args.conversation:
            answer, conversation = engine.converse(doc, question, conversation, time.time())
        else:
            answer = engine.answer(doc, question)
        if args.json:
            record = {
                "question": question,
                "found": answer.found,
                "sentences": list(answer.sentences) if answer.found else [],
                "score": float(answer.score),
                "sure": answer.found and answer.sure,
            }
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            if n:
                print()
            print(f"Q: {question}")
            if gist:  # as the chat's summary card: every sentence, none "also relevant"
                print(render_gist_text(answer), flush=True)
            else:
                print(render_answer_text(answer, doc.title), flush=True)
    return EXIT_OK


# --- the library: the console's chat in BRIEF_DB ----------------------------------------


def with_library(settings: Settings, action: Callable[[Brief], Awaitable[_T]]) -> _T:
    """Run ``action`` on a Brief service over the console's library."""
    import asyncio

    async def run() -> _T:
        from bot.assembly import open_brief

        async with open_brief(settings) as brief:
            await brief.apply_retention()
            return await action(brief)

    return asyncio.run(run())


def add_command(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    async def add(brief: Brief) -> int:
        failed = False
        for source in args.sources:
            try:
                if is_url(source):
                    view = await brief.add_url(CONSOLE_CHAT_ID, source)
                else:
                    name, data = read_local(source, settings)
                    extracted = await asyncio.to_thread(extract, name, data, settings)
                    view = await brief.add_extracted(
                        CONSOLE_CHAT_ID, extracted, source="text" if source == "-" else None
                    )
            except (BriefError, CommandError) as exc:
                message = f"{source}: {exc.user_message}" if isinstance(exc, BriefError) else exc
                print(f"{PROG}: {message}", file=sys.stderr)
                failed = True
                continue
            info = view.article
            if args.json:
                # As stored, so `list --json` names it the same way (file:NAME, text, URL).
                record = {"id": info.id, "title": info.title, "source": info.source}
                print(json.dumps(record, ensure_ascii=False), flush=True)
            else:
                verb = "Added" if view.created else "Already saved:"
                print(f"{verb} #{info.id} «{info.title or 'untitled'}» ({source})", flush=True)
            for pruned in view.pruned:
                print(
                    f"{PROG}: deleted the oldest article #{pruned.id} to make room", file=sys.stderr
                )
        return EXIT_INPUT if failed else EXIT_OK

    return with_library(settings, add)


def list_command(args: argparse.Namespace, settings: Settings) -> int:
    async def listing(brief: Brief) -> int:
        page = await brief.list_articles(CONSOLE_CHAT_ID, per_page=1_000_000)
        if not args.json:
            from bot.console_render import render_page

            print(render_page(page))
            return EXIT_OK
        for info in page.articles:
            record = {
                "id": info.id,
                "title": info.title,
                "source": info.source,
                "language": info.language,
                "saved": info.created_at.isoformat(),
                "active": info.id == page.active_article_id,
            }
            print(json.dumps(record, ensure_ascii=False))
        return EXIT_OK

    return with_library(settings, listing)


def export_command(args: argparse.Namespace, settings: Settings) -> int:
    async def export(brief: Brief) -> dict[str, object]:
        return await brief.export_library(CONSOLE_CHAT_ID)

    library = with_library(settings, export)
    from bot.service.library_file import library_json

    text = library_json(library)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    try:
        Path(args.output).expanduser().write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"{args.output}: {exc.strerror or exc}") from None
    articles = library["articles"]
    count = len(articles) if isinstance(articles, list) else 0
    print(f"Exported {count} article{'s' if count != 1 else ''} to {args.output}.")
    return EXIT_OK


def import_command(args: argparse.Namespace, settings: Settings) -> int:
    _, raw = read_local(args.file, replace(settings, max_input_bytes=MAX_EXPORT_BYTES))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CommandError(f"{args.file}: not a Brief export (not JSON)") from None

    async def restore(brief: Brief) -> int:
        result = await brief.import_library(CONSOLE_CHAT_ID, data)
        added, already = len(result.added), len(result.already_there)
        print(
            f"Imported {added} article{'s' if added != 1 else ''}"
            + (
                f"; {already} {'was' if already == 1 else 'were'} already in the library."
                if already
                else "."
            )
        )
        return EXIT_OK

    return with_library(settings, restore)


def ask_all_command(args: argparse.Namespace, settings: Settings) -> int:
    questions = [args.source, *args.questions]

    async def ask(brief: Brief) -> int:
        for n, question in enumerate(questions):
            answer = await brief.ask_all(CONSOLE_CHAT_ID, question)
            if args.json:
                record = {
                    "question": question,
                    "found": answer.found,
                    "sentences": [p.passage.sentence.text for p in answer.passages],
                    "score": float(answer.score),
                    "article_ids": [p.article.id for p in answer.passages],
                    "sure": answer.found,  # the library answers only when sure
                }
                print(json.dumps(record, ensure_ascii=False), flush=True)
                continue
            if n:
                print()
            print(f"Q: {question}")
            if not answer.found:
                print("I couldn't find that in any of your articles.")
            for item in answer.passages:
                title = item.article.title or "untitled article"
                print(f"From #{item.article.id} «{title}»:")
                print(f"» {item.passage.sentence.text}")
        return EXIT_OK

    return with_library(settings, ask)


LIBRARY_COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "add": add_command,
    "list": list_command,
    "export": export_command,
    "import": import_command,
}
