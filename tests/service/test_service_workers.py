"""Long texts are analysed in a worker process, so other chats are not kept waiting."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from dataclasses import replace

from bot.config import Settings
from bot.engine import Document, Engine
from bot.service import PROCESS_TEXT_CHARS, Brief

OpenBrief = Callable[..., Awaitable[Brief]]
CHAT = 7


def long_text() -> str:
    paragraph = " ".join(
        f"The council of district {i} met on day {i % 28 + 1} to discuss its budget."
        for i in range(40)
    )
    text = "\n\n".join(f"{paragraph} Part {n} ends here." for n in range(60))
    assert len(text) > PROCESS_TEXT_CHARS
    return text


class PidEngine(Engine):
    """Titles each document with the process that analysed it."""

    def analyze(self, text: str, title: str | None = None) -> Document:
        doc = super().analyze(text, title)
        return replace(doc, title=f"pid {os.getpid()}")


class DyingEngine(Engine):
    """Dies when it runs anywhere but in the process that made it."""

    def __init__(self) -> None:
        super().__init__()
        self.home = os.getpid()

    def analyze(self, text: str, title: str | None = None) -> Document:
        if os.getpid() != self.home:
            os._exit(1)
        return super().analyze(text, title)


async def test_a_long_text_is_read_in_a_worker_process(
    open_brief: OpenBrief, settings: Settings
) -> None:
    worker = await open_brief(engine=PidEngine())
    view = await worker.add_text(CHAT, long_text())
    assert view.article.title is not None and view.article.title != f"pid {os.getpid()}"
    # The same summary as on threads, and short texts stay in this process.
    threads = await open_brief(
        replace(settings, analysis_workers=0, db_path=settings.db_path.with_name("t.db")),
        engine=PidEngine(),
    )
    same = await threads.add_text(CHAT, long_text())
    assert same.article.title == f"pid {os.getpid()}"
    assert [s.text for s in view.summary.sentences] == [s.text for s in same.summary.sentences]
    short = await worker.add_text(CHAT + 1, "A short note. It has two sentences.")
    assert short.article.title == f"pid {os.getpid()}"


async def test_a_dead_worker_falls_back_to_a_thread(open_brief: OpenBrief) -> None:
    brief = await open_brief(engine=DyingEngine())
    view = await brief.add_text(CHAT, long_text())
    assert view.created and len(view.summary.sentences) == 5
    stored = await brief.list_articles(CHAT)
    assert stored.total == 1
