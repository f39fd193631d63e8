"""The storage as the application sees it: a full disk is an error with a message
the user can read (``bot.errors.DiskFullError``), not the generic "Sorry"."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, cast

from bot.errors import DiskFullError
from storage import Storage, StorageFullError


class _Guarded:
    def __init__(self, inner: Storage) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if not inspect.iscoroutinefunction(attribute):
            return attribute
        return _translated(attribute)


def _translated(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return await method(*args, **kwargs)
        except StorageFullError:
            raise DiskFullError() from None

    return call


def guarded(storage: Storage) -> Storage:
    """``storage`` whose ``StorageFullError`` reaches callers as ``DiskFullError``."""
    return cast(Storage, _Guarded(storage))
