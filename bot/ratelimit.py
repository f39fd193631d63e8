"""Per-chat rate limiting: a sliding window of recent events for each chat."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Protocol, runtime_checkable


class SlidingWindowLimiter:
    """At most ``limit`` events per chat in any ``window`` seconds; ``limit`` 0 = no limit.

    Memory stays bounded by the chats active within one window: a chat's history is
    dropped once it is empty.
    """

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._events: dict[int, deque[float]] = {}

    def admit(self, chat_id: int) -> bool:
        """Record an event for ``chat_id`` and say whether it is within the limit."""
        if self.limit <= 0:
            return True
        now = self._clock()
        events = self._events.setdefault(chat_id, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        self._forget_idle(now)
        return True

    def _forget_idle(self, now: float) -> None:
        if len(self._events) > 1024:
            idle = [c for c, e in self._events.items() if not e or e[-1] <= now - self.window]
            for chat_id in idle:
                del self._events[chat_id]


class IngestLimiter(Protocol):
    async def admit(self, chat_id: int) -> bool: ...


class LocalIngestLimiter:
    """The flood limit of one process: enough for one bot process on SQLite."""

    def __init__(self, limit: int, window: float) -> None:
        self._window = SlidingWindowLimiter(limit, window)

    async def admit(self, chat_id: int) -> bool:
        return self._window.admit(chat_id)


@runtime_checkable
class SharedEvents(Protocol):
    async def admit_event(self, chat_id: int, limit: int, window: float) -> bool: ...


class SharedIngestLimiter:
    """The flood limit kept in the shared database, so that N replicas do not allow N
    times the limit."""

    def __init__(self, events: SharedEvents, limit: int, window: float) -> None:
        self._events = events
        self._limit = limit
        self._window = window

    async def admit(self, chat_id: int) -> bool:
        if self._limit <= 0:
            return True
        return await self._events.admit_event(chat_id, self._limit, self._window)


def ingest_limiter(storage: object, limit: int, window: float) -> IngestLimiter:
    """Shared when the storage can keep the events (PostgreSQL), else per process."""
    if isinstance(storage, SharedEvents):
        return SharedIngestLimiter(storage, limit, window)
    return LocalIngestLimiter(limit, window)
