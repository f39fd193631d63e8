"""Reading untrusted files in worker processes that a deadline really stops.

A thread cannot be stopped: when a PDF took minutes, a timeout only stopped the
waiting, and the extraction threads went on for minutes more, holding the GIL that
every chat's replies need. Here the work runs in a separate process; when the
deadline passes (or the caller is cancelled, e.g. by the fetch timeout) that
process is killed and a fresh one takes its place at the next call. The processes
start on first use, yield the CPU to Brief's own process, and end when Brief ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, TypeVar, cast

from bot.errors import FetchError
from bot.ingest.types import ExtractedArticle

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

DEFAULT_DEADLINE = 10.0  # seconds for one file; the PDF target is a reply within 20 s
DEFAULT_WORKERS = 2
# Address space of a worker: a hostile file fails with MemoryError, not the machine.
WORKER_MEMORY_LIMIT = 1024 * 1024 * 1024

TOO_SLOW_MESSAGE = (
    "That file takes too long to read (over {seconds:g} seconds), so I gave up on it."
)
WORKER_DIED_MESSAGE = "That file could not be read: reading it failed badly."


class DeadlineExceededError(FetchError):
    """The worker did not finish in time and was killed."""


def _serve(conn: Connection) -> None:
    """A worker's life: read jobs from the pipe, answer each, until the pipe closes."""
    _prepare_worker()
    while True:
        try:
            func, args, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", func(*args, **kwargs))
        except MemoryError:
            reply = ("error", FetchError(WORKER_DIED_MESSAGE))
        except Exception as exc:  # sent back and raised in Brief's process
            reply = ("error", exc)
        try:
            conn.send(reply)
        except Exception as exc:  # an exception that does not pickle
            conn.send(("error", RuntimeError(f"{type(exc).__name__} in the worker")))


def _prepare_worker() -> None:
    os.nice(10)
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_LIMIT, WORKER_MEMORY_LIMIT))
    if sys.platform == "linux":
        pr_set_pdeathsig = 1  # the kernel ends the worker when Brief ends, even on kill -9
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() == 1:
            os._exit(0)


class _Worker:
    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self._closing = threading.Lock()

    def kill(self) -> None:
        """Ends the worker. Two threads may kill it at once (a cancelled call, and the
        thread that waited on its pipe and saw it die): the pipe is closed once, and a
        close that races the other thread's is not an error (it was EBADF, which replaced
        the cancellation: "I couldn't read that link." instead of "took too long")."""
        self.process.kill()
        self.process.join(5)
        with self._closing:
            if not self.conn.closed:
                with contextlib.suppress(OSError):
                    self.conn.close()


@dataclass
class _Call:
    """One call's state, shared by the waiting coroutine and its thread."""

    cancelled: bool = False
    worker: _Worker | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class IsolatedRunner:
    """Runs picklable module-level functions in up to ``workers`` killable processes."""

    def __init__(self, workers: int = DEFAULT_WORKERS) -> None:
        self._slots = threading.BoundedSemaphore(workers)
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        # Threads that wait on the workers' pipes; not the loop's default executor,
        # which the fetcher's HTML extraction needs meanwhile.
        self._threads = ThreadPoolExecutor(max_workers=4 * workers, thread_name_prefix="isolated")

    async def run(
        self,
        deadline: float,
        func: Callable[..., _T],
        *args: Any,
        **kwargs: Any,
    ) -> _T:
        """``func(*args, **kwargs)`` in a worker; ``DeadlineExceededError`` after
        ``deadline`` seconds (counted from when a worker is free)."""
        call = _Call()
        loop = asyncio.get_running_loop()
        try:
            status, value = await loop.run_in_executor(
                self._threads, self._exchange, call, deadline, (func, args, kwargs)
            )
        except BaseException:
            self._abandon(call)  # cancelled (a timeout above us): stop the work too
            raise
        if status == "ok":
            return cast(_T, value)
        if status == "timeout":
            logger.warning("a file took over %.1fs to read; its worker was killed", deadline)
            raise DeadlineExceededError(TOO_SLOW_MESSAGE.format(seconds=deadline))
        if status == "died":
            logger.warning("a file reader process died")
            raise FetchError(WORKER_DIED_MESSAGE)
        raise cast(BaseException, value)

    def _abandon(self, call: _Call) -> None:
        with call.lock:
            call.cancelled = True
            worker = call.worker
        if worker is not None:
            worker.kill()

    def _exchange(self, call: _Call, deadline: float, job: tuple[Any, ...]) -> tuple[str, Any]:
        with self._slots:
            with call.lock:
                if call.cancelled:
                    return ("cancelled", None)
                worker = self._take_worker()
                call.worker = worker
            try:
                worker.conn.send(job)
                if not worker.conn.poll(deadline):
                    worker.kill()
                    return ("timeout", None)
                reply = cast(tuple[str, Any], worker.conn.recv())
            except (EOFError, OSError):
                worker.kill()
                return ("died", None)
            with call.lock:
                if call.cancelled:
                    return ("cancelled", None)
                call.worker = None
            self._idle.put(worker)
            return reply

    def _take_worker(self) -> _Worker:
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return _Worker()
            if worker.process.is_alive():
                return worker
            worker.kill()

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                break
        self._threads.shutdown(wait=False, cancel_futures=True)


_shared: IsolatedRunner | None = None
_shared_lock = threading.Lock()


def shared_runner() -> IsolatedRunner:
    """The process's runner for untrusted files (links and documents share its workers)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = IsolatedRunner()
        return _shared


async def extract_untrusted_file(filename: str, data: bytes, *, max_bytes: int) -> ExtractedArticle:
    """A file someone sent: PDFs (pages of work per byte) in a worker with a deadline,
    the other kinds (linear in their size, which is capped) on a thread."""
    from bot.ingest.files import extract_file, is_pdf

    if is_pdf(filename, data):
        return await shared_runner().run(
            DEFAULT_DEADLINE, extract_file, filename, data, max_bytes=max_bytes
        )
    return await asyncio.to_thread(extract_file, filename, data, max_bytes=max_bytes)
