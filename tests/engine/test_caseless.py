"""Caseless patterns find what the same pattern with IGNORECASE finds."""

from __future__ import annotations

import re
import sys

import pytest

from bot.engine.answer import _REASON_MARKERS, _gives_reason
from bot.engine.caseless import UNEVEN, CaselessPattern
from bot.engine.kinds import _DATE_WORD, dates

PATTERNS = [_DATE_WORD, _REASON_MARKERS]
_CLASSES = [re.compile(r"\w"), re.compile(r"\d"), re.compile(r"\s")]


def _uneven(pattern: CaselessPattern) -> set[str]:
    """Characters that lower-casing does not match as IGNORECASE does, for the letters
    of ``pattern``: lower-cased to several characters, into or out of a class (\\w, \\d,
    \\s), or matched to a letter of the pattern they do not lower-case to."""
    letters = {c for c in pattern.lower.pattern if c.isalpha()}
    found = set()
    for point in range(sys.maxunicode + 1):
        c = chr(point)
        if c.lower() == c and c.upper() == c:
            continue  # no case: IGNORECASE matches it as it is
        low = c.lower()
        several = len(low) != 1
        moved = any(bool(k.match(c)) != bool(k.match(low)) for k in _CLASSES)
        if several or moved or any(_matched(p, c) != (low == p) for p in letters):
            found.add(c)
    return found


def _matched(letter: str, c: str) -> bool:
    return re.fullmatch(re.escape(letter), c, re.IGNORECASE) is not None


@pytest.mark.parametrize("pattern", PATTERNS, ids=["date words", "reason markers"])
def test_every_character_matched_otherwise_is_matched_the_slow_way(
    pattern: CaselessPattern,
) -> None:
    assert _uneven(pattern) <= set(UNEVEN)


TEXTS = [
    "On MONDAY, 5 May, the Ministry said: „Gründe gibt es genug“.",
    "It happened in mid-January because of the WEATHER.",
    "В СРЕДУ, 3 мая, ПРИЧИНОЙ стало это, потому что поздно.",
    "Parce Que c'était en Décembre; DEBIDO A la lluvia.",
    "İstanbul, MAY 12: ſince the storm, ıt rained; ΣΑΣ in ᲀторник.",
    "Nothing to see here.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_caseless_matches_are_the_ignorecase_matches(text: str) -> None:
    for pattern in PATTERNS:
        slow = [m.lower() for m in pattern.ignoring_case.findall(text)]
        assert pattern.findall(text) == slow
        assert pattern.search(text) == (pattern.ignoring_case.search(text) is not None)


def test_dates_and_reasons_ignore_case() -> None:
    assert dates("On MONDAY in 1999, at 5 a.m.") == frozenset({"monday", "1999", "5 a.m."})
    assert dates("Born May 3 in İzmir") == frozenset({"may 3"})
    assert _gives_reason("He left BECAUSE of the rain.")
    assert _gives_reason("ПОТОМУ ЧТО")
    assert not _gives_reason("He left in the rain.")
