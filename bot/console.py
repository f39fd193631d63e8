"""`brief chat`: the Telegram conversation in a terminal, on the console's chat in BRIEF_DB.

Input is read in blocks of lines separated by empty lines:
- a command line (/help, /summary 3, ...) is always a command;
- at the start of a block, a file path (.txt, .md, .html, .pdf), a link, or a line
  ending in "?" is handled on its own, one per line;
- the rest of a block is an article when it reads as one (``looks_like_article``:
  several sentences and 60 words, or several lines). Pasted articles have empty lines
  between paragraphs, so an article runs on across empty lines, taking a short title
  line before it, until a command, a path, a link, a question or the end of input;
  at a terminal it also ends where the paste ends (no more input waiting);
- any other line is a question about the active article.

Piped input (stdin not a terminal) gets no banner and no prompts: stdout carries only
replies, separated by empty lines.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import select
import sys
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from bot.config import Settings
from bot.engine import Answer, Engine
from bot.engine.language import language_name
from bot.engine.metadata import describe
from bot.engine.present import also_relevant
from bot.errors import BriefError, TooLargeError
from bot.service import (
    CONSOLE_CHAT_ID,
    MAX_SUMMARY_SENTENCES,
    AnswerView,
    ArticleFetcher,
    ArticlePage,
    Brief,
    SummaryView,
    looks_like_article,
)
from storage import ArticleInfo, ChatSettings, SQLiteStorage

logger = logging.getLogger(__name__)

PROMPT = "> "
FILE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
_URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)  # the Fetcher refuses non-http
_COMMAND = re.compile(r"/([A-Za-z_]+)(?:@\S+)?(?:\s+(.*))?$", re.DOTALL)
COMMANDS = (
    "help",
    "start",
    "summary",
    "list",
    "use",
    "delete",
    "forget",
    "algo",
    "keywords",
    "settings",
    "quit",
    "exit",
)
PAUSE_SECONDS = 0.05  # typed input arrives slower than this; a paste arrives faster


HELP = f"""\
Brief reads articles for you: it keeps them, summarises them and answers questions.

  Paste an article (end it with an empty line), or give the path of a .txt, .md,
  .html or .pdf file, or a link: Brief stores it and shows its summary.
  Any other line is a question about the active article ("What is it about?" or
  "tl;dr" shows its summary again).

  /summary [N]   the active article's summary, N sentences long (1-{MAX_SUMMARY_SENTENCES})
  /keywords      its key terms
  /list [PAGE]   your saved articles (* marks the active one)
  /use ID        make article ID the active one
  /delete ID     delete article ID
  /forget        delete everything Brief stored for this chat (asks first)
  /algo NAME     choose the summary algorithm (/algo alone lists them)
  /settings      this chat's settings
  /help          this help
  /quit          leave (Ctrl-D works too)"""

BANNER = (
    "Brief: paste an article (end with an empty line), give a file path or a link, "
    "or ask a question. /help for more."
)


# --- rendering (plain text; shared with the scripting CLI) ----------------------------


def language_label(info: ArticleInfo) -> str:
    name = language_name(info.language)
    if not info.language_detected:
        return f"{name} (I couldn't tell the language, so I read it as {name})"
    return name


def source_label(source: str) -> str:
    if source == "text":
        return "pasted text"
    if source.startswith("file:"):
        return f"file {source[5:]}"
    if source.startswith("forward:"):
        return f"forwarded from {source[8:]}"
    return source


def article_label(info: ArticleInfo) -> str:
    title = info.title or "untitled article"
    return f"#{info.id} «{_shorten(title, 70)}»"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_summary(view: SummaryView, *, just_sent: bool = False) -> str:
    """The summary reply; ``just_sent``: the user just sent this article (say if it is old)."""
    info = view.article
    lines = [info.title or "(untitled article)"]
    lines.append(
        f"#{info.id} · {source_label(info.source)} · {language_label(info)} · "
        f"{view.reading_minutes} min read"
    )
    byline = describe(info.author, info.published, info.site_name)
    if byline:
        lines.append(byline[0].upper() + byline[1:])
    if just_sent and not view.created:
        lines.append("You sent this article before; here it is again.")
    lines.append("")
    lines.extend(f"{n}. {s.text}" for n, s in enumerate(view.summary.sentences, 1))
    if view.summary.keywords:
        lines.append("")
        lines.append("Key terms: " + ", ".join(view.summary.keywords))
    if view.pruned:
        lines.append("")
        lines.append(
            "To make room I deleted your oldest "
            + ("article: " if len(view.pruned) == 1 else f"{len(view.pruned)} articles: ")
            + ", ".join(article_label(p) for p in view.pruned)
            + "."
        )
    return "\n".join(lines)


def render_answer_text(answer: Answer, title: str | None, *, where: str | None = None) -> str:
    """An answer: the best sentence (») first, the sentence it leans on when it does, and
    other answers only when they could answer on their own. ``where`` names another
    article the answer comes from; the active article needs no naming."""
    place = f"«{_shorten(title, 70)}»" if title else "this article"
    if not answer.found or not answer.passages:
        return f"I couldn't find that in {where or place}."
    best = answer.passages[0]
    lines = [f"From {where}:"] if where else []
    if not answer.sure:
        lines.append("Not sure, but this looks closest:")
    lines.append(f"» {best.sentence.text}")
    if best.before is not None:
        lines.append(f"  Context: {best.before.text}")
    others = also_relevant(answer)
    if others:
        lines.append("")
        lines.append("Also relevant:")
        lines.extend(f"- {p.sentence.text}" for p in others)
    return "\n".join(lines)


def saved_ago(created_at: datetime, now: datetime | None = None) -> str:
    days = ((now or datetime.now(UTC)) - created_at).days
    if days <= 0:
        return "saved today"
    return "saved yesterday" if days == 1 else f"saved {days} days ago"


def render_answer(view: AnswerView) -> str:
    title = view.article.title
    if view.asked is not None and view.answer.found:
        asked = view.asked.title or "the active article"
        place = f"«{_shorten(title or 'untitled article', 70)}» (#{view.article.id}, " + (
            f"{saved_ago(view.article.created_at)})"
        )
        return (
            f"Not in «{_shorten(asked, 70)}», but in another of your articles.\n"
            + render_answer_text(view.answer, title, where=place)
            + f"\n(/use {view.article.id} to ask about that article)"
        )
    if view.searched_library and not view.answer.found:
        where = f"«{_shorten(title, 70)}»" if title else "this article"
        return f"I couldn't find that in {where}, nor in your other articles."
    return render_answer_text(view.answer, title)


def render_page(page: ArticlePage) -> str:
    if page.total == 0:
        return "You have no articles yet. Paste one, or give a file path or a link."
    lines = [f"Your articles ({page.total}), page {page.page + 1} of {page.pages}:"]
    for info in page.articles:
        mark = "*" if info.id == page.active_article_id else " "
        date = info.created_at.strftime("%Y-%m-%d")
        lines.append(
            f"{mark} {info.id:>4}  {_shorten(info.title or '(untitled)', 60)}  "
            f"[{source_label(info.source)} · {language_name(info.language)}"
            f"{' · by ' + info.author if info.author else ''} · {date}]"
        )
    if page.page + 1 < page.pages:
        lines.append(f"More: /list {page.page + 2}")
    return "\n".join(lines)


def render_settings(chat: ChatSettings, settings: Settings, active: ArticleInfo | None) -> str:
    length = (
        f"{chat.summary_sentences} sentences"
        if chat.summary_sentences
        else f"{settings.summary_sentences} sentences (default)"
    )
    algorithm = chat.algorithm or "default"
    retention = (
        f"articles are deleted after {settings.retention_days} days"
        if settings.retention_days
        else "articles are kept until you delete them"
    )
    return "\n".join(
        [
            f"Summary length: {length}",
            f"Algorithm: {algorithm}",
            f"Active article: {article_label(active) if active else 'none'}",
            f"Library: up to {settings.max_articles_per_chat} articles; {retention}",
            f"Database: {settings.db_path}",
        ]
    )


# --- reading input --------------------------------------------------------------------


class LineSource:
    """Lines from stdin; at a terminal with a prompt, readline editing and history."""

    def __init__(self, stream: TextIO, *, interactive: bool, history: Path | None = None) -> None:
        self.stream = stream
        self.interactive = interactive
        self._queued: deque[str] = deque()
        self._history = history
        self._readline: Any = None
        if interactive:
            try:
                import readline
            except ImportError:  # pragma: no cover - platforms without readline
                readline = None  # type: ignore[assignment]
            self._readline = readline
            if readline is not None and history is not None:
                readline.set_history_length(1000)
                with contextlib.suppress(OSError):
                    readline.read_history_file(history)

    def read_line(self, continuation: bool = False) -> str | None:
        """The next line without its newline; None at the end of input."""
        if self._queued:
            return self._queued.popleft()
        if not self.interactive:
            line = self.stream.readline()
            return None if line == "" else line.rstrip("\r\n")
        try:
            text = input("" if continuation else PROMPT)
        except EOFError:
            return None
        except KeyboardInterrupt:
            # Ctrl-C drops the line being typed, as in a shell; Ctrl-D or /quit leave.
            sys.stdout.write("\n")
            return ""
        # A bracketed paste can hand us several lines at once.
        first, *rest = text.split("\n")
        self._queued.extend(line.rstrip("\r") for line in rest)
        return first.rstrip("\r")

    def more_pending(self) -> bool:
        """Interactive only: is more input already waiting (the rest of a paste)?"""
        if self._queued:
            return True
        try:
            ready, _, _ = select.select([self.stream], [], [], PAUSE_SECONDS)
        except (OSError, ValueError):
            return False
        return bool(ready)

    def history_length(self) -> int:
        return int(self._readline.get_current_history_length()) if self._readline else 0

    def drop_history(self, start: int, end: int) -> None:
        """Remove history entries ``start``..``end`` (0-based, end exclusive)."""
        if self._readline is None:
            return
        for position in range(end - 1, start - 1, -1):
            with contextlib.suppress(ValueError):
                self._readline.remove_history_item(position)

    def save_history(self) -> None:
        if self._readline is not None and self._history is not None:
            with contextlib.suppress(OSError):
                self._history.parent.mkdir(parents=True, exist_ok=True)
                self._readline.write_history_file(self._history)


def _unquote_path(line: str) -> str:
    text = line.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text.replace("\\ ", " ")  # terminals escape spaces when a file is dropped


@dataclass(frozen=True)
class _Standalone:
    kind: str  # "command", "unknown-command", "file", "missing-file", "url", "question"
    value: str


def classify_line(line: str) -> _Standalone | None:
    """What a line on its own means, or None when it may be part of an article."""
    text = line.strip()
    match = _COMMAND.match(text)
    if match and match.group(1).lower() in COMMANDS:
        return _Standalone("command", text)
    if _URL.fullmatch(text):
        return _Standalone("url", text)
    candidate = _unquote_path(text)
    if candidate and "\n" not in candidate and len(candidate) < 4096:
        path = Path(candidate).expanduser()
        try:
            if path.is_file():
                return _Standalone("file", str(path))
        except OSError:
            pass
        if " " not in candidate.strip() and candidate.lower().endswith(FILE_SUFFIXES):
            return _Standalone("missing-file", candidate)
    if match and len(text) < 40:
        return _Standalone("unknown-command", text)
    if _is_question(text) and not looks_like_article(text):
        return _Standalone("question", text)
    return None


@dataclass
class _Block:
    """Lines read up to an empty line."""

    mark: int  # readline history length before its first line
    lines: list[str] = field(default_factory=list)
    history_end: int = 0  # history length after its last line
    command: _Standalone | None = None  # the command line that ended it
    ended: bool = False  # the input ended


@dataclass
class _Pending:
    """Text waiting to become an article (or, with no article block in it, questions)."""

    pieces: list[str] = field(default_factory=list)
    article_block: bool = False  # holds a block that is an article by itself
    history_start: int = 0
    history_end: int = 0

    def add(self, text: str, block: _Block, *, article: bool) -> None:
        if not self.pieces:
            self.history_start = block.mark
        self.pieces.append(text)
        self.article_block = self.article_block or article
        self.history_end = block.history_end

    @property
    def text(self) -> str:
        return "\n\n".join(self.pieces)

    @property
    def has_article(self) -> bool:
        """An article block, or lines that together read as an article (one paragraph
        a line, as text copied from a web page)."""
        return self.article_block or looks_like_article(self.text)

    def clear(self) -> None:
        self.pieces = []
        self.article_block = False


# Opening words of questions, in the supported languages (for lines without "?").
# fmt: off
QUESTION_WORDS = frozenset([
    "who", "whom", "whose", "what", "when", "where", "why", "how", "which", "is", "are",
    "was", "were", "do", "does", "did", "can", "could", "will", "would", "should",
    "wer", "wen", "wem", "wann", "wo", "warum", "wieso", "wie", "welche", "welcher",
    "qui", "que", "quoi", "quand", "où", "pourquoi", "comment", "quel", "quelle",
    "quién", "qué", "cuándo", "dónde", "por", "cómo", "cuál",
    "кто", "что", "когда", "где", "почему", "зачем", "как", "какой", "сколько",
])
# fmt: on
_TEXT_END = '.:;!»"”)]…'


def _is_typed_query(line: str) -> bool:
    """After an article, does this line read like something typed at the prompt
    (rather than the article's last line)? Short and unpunctuated, or opening like a
    question."""
    text = line.strip()
    words = text.split()
    if not words:
        return False
    if words[0].lower().strip(",") in QUESTION_WORDS and len(words) <= 20:
        return True
    return len(words) <= 12 and not text.endswith(tuple(_TEXT_END))


class Console:
    """One conversation on stdin/stdout, driven by a single event loop."""

    def __init__(
        self,
        brief: Brief,
        settings: Settings,
        source: LineSource,
        out: TextIO,
        runner: asyncio.Runner,
        chat_id: int = CONSOLE_CHAT_ID,
    ) -> None:
        self.brief = brief
        self.settings = settings
        self.source = source
        self.out = out
        self.runner = runner
        self.chat_id = chat_id
        self._replied = False
        self._quit = False

    # --- output -------------------------------------------------------------------

    def say(self, text: str) -> None:
        if self._replied and not self.source.interactive:
            self.out.write("\n")  # piped: an empty line between replies
        self.out.write(text.rstrip("\n") + "\n")
        self.out.flush()
        self._replied = True

    def attempt(self, what: str, action: Callable[[], Coroutine[Any, Any, str | None]]) -> None:
        """Run one request; every failure becomes one line for the user."""
        try:
            reply = self.runner.run(action())
        except BriefError as exc:
            self.say(exc.user_message)
        except KeyboardInterrupt:
            self.say("Cancelled.")
        except Exception as exc:
            logger.error("unexpected error while handling %s: %r", what, exc)
            logger.debug("details", exc_info=True)
            self.say("Sorry, something went wrong with that. Please try again.")
        else:
            if reply:
                self.say(reply)

    # --- the loop -----------------------------------------------------------------

    def run(self) -> None:
        if self.source.interactive:
            self.out.write(BANNER + "\n")
            self.out.flush()
        pending = _Pending()
        while not self._quit:
            block = self._read_block(continuing=bool(pending.pieces))
            if block.lines:
                self._take(block, pending)
            if block.command is not None:
                self._flush(pending)
                self._handle(block.command)
            if block.ended:
                break
            if pending.pieces and self.source.interactive and not self.source.more_pending():
                self._flush(pending)  # the paste (or the typed line) is complete
        self._flush(pending)
        self.source.save_history()

    def _read_block(self, *, continuing: bool) -> _Block:
        """Lines up to an empty line, a command (returned apart), the end of input or,
        at a terminal, a pause in the input."""
        block = _Block(mark=self.source.history_length())
        while True:
            line = self.source.read_line(continuation=continuing or bool(block.lines))
            if line is None:
                block.ended = True
                return block
            if not line.strip():
                if block.lines:
                    return block
                block.mark = self.source.history_length()
                continue
            standalone = classify_line(line)
            if standalone is not None and standalone.kind == "command":
                block.command = standalone
                return block
            block.lines.append(line)
            block.history_end = self.source.history_length()
            if self.source.interactive and not self.source.more_pending():
                return block

    def _take(self, block: _Block, pending: _Pending) -> None:
        """Paths, links, questions and commands at the start of a block are handled one
        by one; what follows is an article block when it reads as one (it may contain
        such lines), and is otherwise read line by line as well."""
        items = [classify_line(line) for line in block.lines]
        start = 0
        for item in items:
            if item is None:
                break
            self._flush(pending)
            self._handle(item)
            start += 1
        rest = block.lines[start:]
        if not rest:
            return
        if looks_like_article("\n".join(rest)):
            pending.add("\n".join(rest), block, article=True)
            return
        for line, item in zip(rest, items[start:], strict=True):
            if item is not None:
                self._flush(pending)
                self._handle(item)
            elif pending.has_article and _is_typed_query(line):
                self._flush(pending)
                self._ask(line)
            else:
                # A title before an article, a line after it, or a question.
                pending.add(line, block, article=False)

    def _flush(self, pending: _Pending) -> None:
        """Store the pending article; without one, its lines were questions."""
        if not pending.pieces:
            return
        pieces, text, has_article = pending.pieces, pending.text, pending.has_article
        # An article's lines are no use in the readline history.
        if has_article:
            self.source.drop_history(pending.history_start, pending.history_end)
        pending.clear()
        if not has_article:
            for question in pieces:
                self._ask(question)
            return
        self.attempt("article", lambda: self._add_text(text))

    async def _add_text(self, text: str) -> str:
        return render_summary(await self.brief.add_text(self.chat_id, text), just_sent=True)

    def _ask(self, question: str) -> None:
        if self.brief.asks_for_summary(question):
            self._summary(None)
            return

        async def ask() -> str:
            return render_answer(await self.brief.ask(self.chat_id, question, library=True))

        self.attempt("question", ask)

    def _summary(self, sentences: int | None) -> None:
        async def summary() -> str:
            return render_summary(await self.brief.summary(self.chat_id, sentences=sentences))

        self.attempt("/summary", summary)

    def _handle(self, item: _Standalone) -> None:
        if item.kind == "command":
            self._command(item.value)
        elif item.kind == "url":
            self.attempt("link", lambda: self._add_url(item.value))
        elif item.kind == "file":
            self.attempt("file", lambda: self._add_file(Path(item.value)))
        elif item.kind == "missing-file":
            self.say(f"I can't find the file {item.value}.")
        elif item.kind == "question":
            self._ask(item.value)
        else:
            name = item.value.split()[0]
            self.say(f"I don't know the command {name}. Send /help to see what I can do.")

    async def _add_url(self, url: str) -> str:
        return render_summary(await self.brief.add_url(self.chat_id, url), just_sent=True)

    async def _add_file(self, path: Path) -> str:
        size = (await asyncio.to_thread(path.stat)).st_size
        if size > self.settings.max_input_bytes:
            # Refuse before reading a huge file into memory.
            raise TooLargeError(
                f"That file is too large for me ({size / (1024 * 1024):.1f} MB). "
                f"I read files up to {self.settings.max_input_bytes / (1024 * 1024):.0f} MB."
            )
        data = await asyncio.to_thread(path.read_bytes)
        return render_summary(
            await self.brief.add_file(self.chat_id, path.name, data), just_sent=True
        )

    # --- commands -----------------------------------------------------------------

    def _command(self, text: str) -> None:
        match = _COMMAND.match(text)
        name = match.group(1).lower() if match else text.lstrip("/")
        arg = ((match.group(2) if match else None) or "").strip()
        chat = self.chat_id
        brief = self.brief
        if name in ("help", "start"):
            self.say(HELP)
        elif name in ("quit", "exit"):
            self._quit = True
        elif name == "summary":
            if arg and not arg.isdigit():
                self.say(f"Usage: /summary [N], with N from 1 to {MAX_SUMMARY_SENTENCES}.")
                return
            self._summary(int(arg) if arg else None)
        elif name == "keywords":

            async def keywords() -> str:
                info, terms = await brief.keywords(chat)
                shown = ", ".join(terms) if terms else "none found"
                return f"Key terms of {article_label(info)}: {shown}"

            self.attempt("/keywords", keywords)
        elif name == "list":
            if arg and not arg.isdigit():
                self.say("Usage: /list [PAGE]")
                return
            page = max(0, int(arg) - 1) if arg else 0

            async def listing() -> str:
                return render_page(await brief.list_articles(chat, page=page, per_page=20))

            self.attempt("/list", listing)
        elif name in ("use", "delete"):
            article_id = _parse_id(arg)
            if article_id is None:
                self.say(f"Usage: /{name} ID (the number shown by /list).")
                return
            self.attempt(f"/{name}", lambda: self._use_or_delete(name, article_id))
        elif name == "forget":
            self._forget(arg)
        elif name == "algo":
            self.attempt("/algo", lambda: self._algo(arg))
        elif name == "settings":
            self.attempt("/settings", self._settings)
        else:
            self.say(f"I don't know the command /{name}. Send /help to see what I can do.")

    async def _use_or_delete(self, name: str, article_id: int) -> str:
        if name == "use":
            info = await self.brief.use(self.chat_id, article_id)
            return f"Now asking about {article_label(info)}."
        info = await self.brief.delete(self.chat_id, article_id)
        return f"Deleted {article_label(info)}."

    async def _algo(self, arg: str) -> str:
        from bot.engine import ALGORITHMS

        if not arg:
            current = (await self.brief.settings(self.chat_id)).algorithm or "default"
            return f"Algorithm: {current}. Choose with /algo NAME: {', '.join(ALGORITHMS)}."
        chat = await self.brief.set_algorithm(self.chat_id, arg)
        return f"Summaries now use {chat.algorithm or 'the default algorithm'}."

    async def _settings(self) -> str:
        chat = await self.brief.settings(self.chat_id)
        active = None
        if chat.active_article_id is not None:
            with contextlib.suppress(BriefError):
                active = await self.brief.use(self.chat_id, chat.active_article_id)
        return render_settings(chat, self.settings, active)

    def _forget(self, arg: str) -> None:
        if arg.lower() not in ("yes", "y"):
            self.say(
                "This deletes every article and setting Brief keeps for this chat. "
                "Type yes to confirm (anything else keeps them)."
            )
            answer = self.source.read_line()
            if answer is None or answer.strip().lower() not in ("yes", "y"):
                self.say("Nothing deleted.")
                return

        async def forget() -> str:
            count = await self.brief.forget(self.chat_id)
            return f"Done: I deleted {count} article{'s' if count != 1 else ''} and your settings."

        self.attempt("/forget", forget)


def _is_question(line: str) -> bool:
    return line.rstrip().endswith(("?", "？"))


def _parse_id(arg: str) -> int | None:
    text = arg.strip().lstrip("#")
    return int(text) if text.isdigit() else None


def run_chat(
    settings: Settings,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    fetcher_factory: Callable[[Settings], ArticleFetcher | None] | None = None,
) -> int:
    """Run `brief chat` until /quit or the end of input; returns the exit code."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin.isatty() and stdout.isatty()
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    history = settings.db_path.parent / "console_history" if interactive else None
    source = LineSource(stdin, interactive=interactive, history=history)
    with asyncio.Runner() as runner:
        storage = SQLiteStorage(settings.db_path)
        runner.run(storage.open())
        fetcher = (fetcher_factory or default_fetcher)(settings)
        brief = Brief(
            storage, Engine(max_bytes=settings.max_input_bytes), settings, fetcher=fetcher
        )
        try:
            runner.run(brief.apply_retention())
            Console(brief, settings, source, stdout, runner).run()
        except KeyboardInterrupt:
            stdout.write("\n")
        finally:
            runner.run(brief.close())
    return 0


def default_fetcher(settings: Settings) -> ArticleFetcher | None:
    """The link reader of ``bot.ingest`` (None when it is not available)."""
    try:
        from bot.ingest.fetch import Fetcher
    except ImportError:
        logger.warning("link reading is not available")
        return None
    fetcher: ArticleFetcher = Fetcher(
        allow_private=settings.allow_private_urls, max_bytes=settings.max_input_bytes
    )
    return fetcher
