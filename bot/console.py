"""`brief chat`: the Telegram conversation in a terminal, on the console's chat in BRIEF_DB.

Input is read in blocks of lines separated by empty lines:
- a command line (/help, /summary 3, ...) is always a command;
- at the start of a block, a file path (.txt, .md, .html, .pdf), a directory, a link,
  or a line ending in "?" is handled on its own, one per line (what a line means is
  ``bot.service.intent.classify``'s decision, the same as Telegram's);
- the rest of a block is an article when it reads as one (``looks_like_article``:
  several sentences and 60 words, or several lines, not all of them questions).
  Commands are those of ``bot.commands`` (handlers in ``bot.console_commands``,
  replies rendered by ``bot.console_render``). Pasted articles have empty lines
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
import select
import sys
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from bot.assembly import FetcherFactory, open_brief
from bot.commands import console_commands
from bot.config import Settings
from bot.console_commands import HANDLERS
from bot.console_render import render_answer, render_summary
from bot.errors import BriefError, TooLargeError
from bot.service import CONSOLE_CHAT_ID, Brief, looks_like_article
from bot.service.intent import (
    COMMAND_PATTERN,
    Kind,
    Meaning,
    classify,
    ends_with_question_mark,
    is_typed_query,
)

logger = logging.getLogger(__name__)

PROMPT = "> "
CONSOLE_COMMANDS = console_commands()
PAUSE_SECONDS = 0.05  # typed input arrives slower than this; a paste arrives faster


BANNER = (
    "Brief: paste an article (end with an empty line), give a file path or a link, "
    "or ask a question. /help for more."
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


STANDALONE = frozenset(
    {
        Kind.COMMAND,
        Kind.UNKNOWN_COMMAND,
        Kind.LINK,
        Kind.FILE,
        Kind.DIRECTORY,
        Kind.MISSING_FILE,
        Kind.QUESTION,
    }
)


def path_kind(candidate: str) -> str | None:
    """The console's probe for ``classify``: "file", "directory" or None."""
    path = Path(candidate).expanduser()
    try:
        if path.is_file():
            return "file"
        if path.is_dir():
            return "directory"
    except OSError:
        pass
    return None


def classify_line(line: str) -> Meaning | None:
    """What a line on its own means, or None when it may be part of an article."""
    meaning = classify(line, commands=CONSOLE_COMMANDS, probe=path_kind)
    if meaning.kind in STANDALONE:
        return meaning
    if meaning.kind is Kind.GIST and ends_with_question_mark(meaning.value):
        return meaning  # "What is it about?" (a bare "Summary" may be a title)
    return None


@dataclass
class _Block:
    """Lines read up to an empty line."""

    mark: int  # readline history length before its first line
    lines: list[str] = field(default_factory=list)
    history_end: int = 0  # history length after its last line
    command: Meaning | None = None  # the command line that ended it
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
            if standalone is not None and standalone.kind is Kind.COMMAND:
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
            elif pending.has_article and is_typed_query(line):
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
        if classify(question).kind is Kind.GIST:
            self.show_summary(None)
            return

        async def ask() -> str:
            return render_answer(await self.brief.ask(self.chat_id, question, library=True))

        self.attempt("question", ask)

    def show_summary(self, sentences: int | None) -> None:
        async def summary() -> str:
            return render_summary(await self.brief.summary(self.chat_id, sentences=sentences))

        self.attempt("/summary", summary)

    def _handle(self, item: Meaning) -> None:
        if item.kind is Kind.COMMAND:
            self._command(item.value)
        elif item.kind is Kind.LINK:
            self.attempt("link", lambda: self._add_url(item.value))
        elif item.kind is Kind.FILE:
            self.attempt("file", lambda: self._add_file(Path(item.value)))
        elif item.kind is Kind.MISSING_FILE:
            self.say(f"I can't find the file {item.value}.")
        elif item.kind is Kind.DIRECTORY:
            self.say(f"{item.value}: is a directory. Give me the path of a file in it.")
        elif item.kind in (Kind.QUESTION, Kind.GIST):
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
        match = COMMAND_PATTERN.match(text)
        name = match.group(1).lower() if match else text.lstrip("/")
        arg = ((match.group(2) if match else None) or "").strip()
        command = CONSOLE_COMMANDS.get(name)
        if command is None:
            self.say(f"I don't know the command /{name}. Send /help to see what I can do.")
            return
        HANDLERS[command.name](self, arg)

    def stop(self) -> None:
        """/quit: leave after this line."""
        self._quit = True


def run_chat(
    settings: Settings,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    fetcher_factory: FetcherFactory | None = None,
) -> int:
    """Run `brief chat` until /quit or the end of input; returns the exit code."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin.isatty() and stdout.isatty()
    history = settings.db_path.parent / "console_history" if interactive else None
    source = LineSource(stdin, interactive=interactive, history=history)
    opened = contextlib.AsyncExitStack()
    with asyncio.Runner() as runner:
        brief = runner.run(
            opened.enter_async_context(open_brief(settings, fetcher_factory=fetcher_factory))
        )
        try:
            runner.run(brief.apply_retention())
            Console(brief, settings, source, stdout, runner).run()
        except KeyboardInterrupt:
            stdout.write("\n")
        finally:
            runner.run(opened.aclose())
    return 0
