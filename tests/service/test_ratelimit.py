from __future__ import annotations

from bot.ratelimit import SlidingWindowLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_window_slides_and_chats_are_counted_apart() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(2, window=60.0, clock=clock)
    assert limiter.admit(1) and limiter.admit(1)
    assert not limiter.admit(1)
    assert limiter.admit(2)  # another chat is not affected
    clock.now += 59.0
    assert not limiter.admit(1)
    clock.now += 1.0  # the first two events leave the window
    assert limiter.admit(1) and limiter.admit(1)
    assert not limiter.admit(1)


def test_zero_means_no_limit() -> None:
    limiter = SlidingWindowLimiter(0, window=60.0)
    assert all(limiter.admit(1) for _ in range(1000))


def test_idle_chats_are_forgotten() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(1, window=10.0, clock=clock)
    for chat in range(2000):
        limiter.admit(chat)
    clock.now += 11.0
    limiter.admit(-1)
    assert len(limiter._events) <= 1025
