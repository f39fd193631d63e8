"""Per-chat rate limiting: a sliding window of recent events for each chat."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


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
