"""Where engine work runs: threads beside the event loop, and worker processes for long
texts (their analysis holds the GIL for half a second or more, and on threads alone
other chats' questions waited behind it: p99 13x the idle p99 while a 2,000-sentence
document was read)."""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import TypeVar

from bot.engine import Document, Engine, Summary

logger = logging.getLogger(__name__)

PROCESS_TEXT_CHARS = 120_000  # longer texts (about 20 pages) go to a worker process

_T = TypeVar("_T")


class EngineWorkers:
    """Threads for engine calls and, with ``processes`` > 0, worker processes for the
    analysis of long texts (started by ``start`` or the first long text)."""

    def __init__(self, engine: Engine, processes: int) -> None:
        self._engine = engine
        self._process_count = processes
        # Engine work is CPU-bound: it runs on these threads so the event loop keeps
        # serving other chats while one 2,000-sentence article is summarised.
        self._threads = ThreadPoolExecutor(
            max_workers=min(4, os.cpu_count() or 1), thread_name_prefix="brief-engine"
        )
        self._processes: ProcessPoolExecutor | None = None

    async def run(self, func: Callable[..., _T], *args: object, **kwargs: object) -> _T:
        """Run a CPU-heavy engine call off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, partial(func, *args, **kwargs))

    async def analyze(
        self, text: str, title: str | None, length: tuple[int | None, int], algorithm: str | None
    ) -> tuple[Document, Summary]:
        """Analyse and summarise a new text: on a thread, or a worker process when long.
        ``length``: (exact length or None, the default that short articles scale)."""
        work = partial(analyze_and_summarize, self._engine, text, title, *length, algorithm)
        if len(text) > PROCESS_TEXT_CHARS and self._process_count > 0:
            loop = asyncio.get_running_loop()
            try:
                return await loop.run_in_executor(self._process_pool(), work)
            except BrokenProcessPool:
                # The worker died (out of memory, killed): a new one next time; this
                # text is read on a thread.
                logger.warning("the analysis worker process died; using a thread instead")
                self._drop_process_pool()
        return await self.run(work)

    async def start(self) -> None:
        """Start the worker process now rather than at the first long text (its start-up,
        a second or two of imports, would delay that reply)."""
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self._process_pool(), _warm_up, self._engine)
        except (BrokenProcessPool, OSError) as error:
            logger.warning("the analysis worker did not start (%s); long texts use threads", error)
            self._drop_process_pool()

    def _drop_process_pool(self) -> None:
        broken, self._processes = self._processes, None
        if broken is not None:
            broken.shutdown(wait=False, cancel_futures=True)

    def _process_pool(self) -> ProcessPoolExecutor:
        if self._processes is None:
            # spawn: a fresh interpreter, never a fork of this process with its threads
            # (the database's, the engine's) mid-flight; and a direct child, which the
            # kernel can end when Brief ends (see _end_with_parent).
            context = multiprocessing.get_context("spawn")
            self._processes = ProcessPoolExecutor(
                max_workers=max(1, self._process_count),
                mp_context=context,
                initializer=_end_with_parent,
            )
        return self._processes

    async def close(self) -> None:
        await asyncio.to_thread(self._threads.shutdown, wait=True, cancel_futures=True)
        if self._processes is not None:
            await asyncio.to_thread(self._processes.shutdown, wait=True, cancel_futures=True)


def _end_with_parent() -> None:
    """Worker initializer. The worker yields the CPU to Brief's own process (replies come
    first, a long article can wait a little), and on Linux the kernel sends it SIGTERM
    when Brief's process ends, however it ends (kill -9 included)."""
    os.nice(10)
    if sys.platform != "linux":
        return
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() == 1:  # Brief was already gone before prctl took effect
        os._exit(0)


def _warm_up(engine: Engine) -> None:
    """Run once in a new worker: imports the engine's modules and loads its models."""
    analyze_and_summarize(engine, "Brief starts. The worker is ready.", None, 1, 1, None)


def analyze_and_summarize(
    engine: Engine,
    text: str,
    title: str | None,
    sentences: int | None,
    default: int,
    algorithm: str | None,
) -> tuple[Document, Summary]:
    """A new text's analysis and summary in one call (a worker process runs it whole);
    ``sentences`` exact, or None for the article's ``default_length``."""
    doc = engine.analyze(text, title)
    return doc, engine.summarize(doc, sentences, algorithm=algorithm, default=default)
