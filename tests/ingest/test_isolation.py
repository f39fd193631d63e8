"""Untrusted files are read in worker processes that a deadline really stops (issue 15)."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator

import psutil
import pytest

from bot.errors import FetchError, TooLargeError
from bot.ingest.files import extract_file
from bot.ingest.isolation import DeadlineExceededError, IsolatedRunner, extract_untrusted_file
from bot.ingest.pdf import MAX_PAGES
from tests.support.bombs import pdf_bomb


@pytest.fixture
def runner() -> Iterator[IsolatedRunner]:
    runner = IsolatedRunner(workers=1)
    yield runner
    runner.close()


async def test_past_the_deadline_the_worker_is_killed_and_replaced(
    runner: IsolatedRunner,
) -> None:
    first = await runner.run(5, os.getpid)
    started = time.monotonic()
    with pytest.raises(DeadlineExceededError, match="takes too long to read"):
        await runner.run(0.5, time.sleep, 60)
    assert time.monotonic() - started < 5
    assert not psutil.pid_exists(first) or psutil.Process(first).status() == "zombie"
    second = await runner.run(5, os.getpid)
    assert second != first
    assert await runner.run(5, sum, [1, 2, 3]) == 6


async def test_a_cancelled_call_kills_its_worker(runner: IsolatedRunner) -> None:
    worker = await runner.run(5, os.getpid)
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.5):  # as the fetcher's overall timeout does
            await runner.run(60, time.sleep, 60)
    for _ in range(50):
        if not psutil.pid_exists(worker) or psutil.Process(worker).status() == "zombie":
            break
        await asyncio.sleep(0.1)
    else:
        pytest.fail("the worker still runs after its caller gave up")
    assert await runner.run(5, os.getpid) != worker


async def test_errors_come_back_as_themselves(runner: IsolatedRunner) -> None:
    with pytest.raises(FetchError, match="empty"):
        await runner.run(5, extract_file, "a.pdf", b"   ")


def test_a_pdf_with_too_many_pages_is_refused_before_reading_them() -> None:
    started = time.monotonic()
    with pytest.raises(TooLargeError, match=f"I read up to {MAX_PAGES}"):
        extract_file("bomb.pdf", pdf_bomb(MAX_PAGES + 1, paragraphs=1))
    assert time.monotonic() - started < 30  # page by page it took minutes


def test_pdf_text_is_capped_while_reading() -> None:
    with pytest.raises(TooLargeError, match="too much text"):
        extract_file("long.pdf", pdf_bomb(40), max_bytes=64 * 1024)


async def test_an_untrusted_pdf_is_read_in_a_worker() -> None:
    article = await extract_untrusted_file("two.pdf", pdf_bomb(2), max_bytes=1024 * 1024)
    assert "harbour bridge opened" in article.text
    assert article.source == "file:two.pdf"
