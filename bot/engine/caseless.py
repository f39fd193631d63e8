"""Case-insensitive patterns of many words, matched on the lower-cased text.

Python's ``re`` with IGNORECASE tries every alternative of a long list of words (the date
words of kinds.py, the reason markers of answer.py) case-folded at each position of a
text: about 80 µs a sentence for the date words on CoQA CNN. Written in lower case and
matched case-sensitively on ``text.lower()``, the same pattern finds the same matches,
lower-cased, three to four times faster. The two differ only around a few characters
whose case-insensitive matching is not their lower-casing (dotted and dotless I, long s,
capital sigma, which lower-cases by context, and old Cyrillic letter forms; found over
all of Unicode by tests/engine/test_caseless.py): a text holding one of those is matched
the slow way, so every result is the same as with IGNORECASE.
"""

from __future__ import annotations

import re

# Characters that lower-case to more than one character or by context, or that
# IGNORECASE matches to a letter they do not lower-case to (see the module docstring).
UNEVEN = "\u0130\u0131\u017f\u03a3\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85"
_UNEVEN = re.compile(f"[{UNEVEN}]")


class CaselessPattern:
    """A pattern written in lower case, matched as if compiled with IGNORECASE."""

    __slots__ = ("_ignoring_case", "lower")

    def __init__(self, pattern: str) -> None:
        self.lower = re.compile(pattern)
        self._ignoring_case: re.Pattern[str] | None = None  # compiled when first needed

    @property
    def ignoring_case(self) -> re.Pattern[str]:
        """The pattern compiled with IGNORECASE (for the rare uneven texts)."""
        if self._ignoring_case is None:
            self._ignoring_case = re.compile(self.lower.pattern, re.IGNORECASE)
        return self._ignoring_case

    def findall(self, text: str) -> list[str]:
        """``findall`` ignoring case, each match lower-cased (the pattern has no groups)."""
        if _UNEVEN.search(text):
            return [found.lower() for found in self.ignoring_case.findall(text)]
        return self.lower.findall(text.lower())

    def search(self, text: str) -> bool:
        """Whether the pattern occurs in ``text``, ignoring case."""
        if _UNEVEN.search(text):
            return self.ignoring_case.search(text) is not None
        return self.lower.search(text.lower()) is not None
