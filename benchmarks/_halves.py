"""The two halves of every evaluation set: one chooses parameters, the other is measured."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

_T = TypeVar("_T")


def tuning_half(items: Sequence[_T]) -> list[_T]:
    """Documents at even positions: the half that chooses parameters."""
    return list(items[0::2])


def held_out(items: Sequence[_T]) -> list[_T]:
    """Documents at odd positions: the half every README quality figure is measured on."""
    return list(items[1::2])
