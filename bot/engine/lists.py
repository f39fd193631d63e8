"""Bullet lists are one answer unit: "What do I need?" → "You will need:" and its items.

Cleaning keeps a list's items as paragraphs of their own, and the line that introduces
them ("You will need:", "Our list of must-haves was short:") when it ends with a colon.
A list answers as a whole: the question finds its lead-in, or the heading above it
("## What you need"), whose first item stands for it; the other items are shown with it,
as a quotation is shown with its "said Edith." (bot/engine/present.py).

Two halves: the cleaning rules, on lines (``introduces``, ``keeps_item``), and the
unit, on the sentences an article is stored as (``list_units``), which carry no flag:
an item is a sentence alone in its paragraph (beside the heading it sits under) that is
not closed as a sentence is ("a spade", "du basilic et de la menthe ;"), or closes a
list of such items ending in ";" or "," ("des radis, qui poussent en moins d'un mois.").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.engine.types import Sentence

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_OPEN_ITEM = re.compile(r"[^.!?…]$")  # "a spade", "du basilic et de la menthe ;", "compost,"
_ITEM_MAX_WORDS = 25  # a longer line is a paragraph, even after a colon
_LEAD_IN_MAX_WORDS = 25
MAX_ITEMS = 12  # a longer run is shown as its first items


def introduces(line: str) -> bool:
    """Whether a line introduces the list under it ("You will need:")."""
    stripped = line.rstrip()
    return stripped.endswith(":") and 0 < len(stripped.split()) <= _LEAD_IN_MAX_WORDS


def keeps_item(line: str) -> bool:
    """Whether an item of an introduced list is kept however short ("- compost")."""
    return len(_LETTER.findall(line)) >= 2 and len(line.split()) <= _ITEM_MAX_WORDS


def _alone(sentences: Sequence[Sentence], i: int, headings: Sequence[bool]) -> bool:
    """Whether sentence ``i`` is alone in its paragraph, beside a heading above it."""
    paragraph = sentences[i].paragraph
    before = i == 0 or sentences[i - 1].paragraph != paragraph or bool(headings[i - 1])
    after = i + 1 == len(sentences) or sentences[i + 1].paragraph != paragraph
    return before and after


def _items_from(sentences: Sequence[Sentence], start: int, headings: Sequence[bool]) -> list[int]:
    """The items of a list that begins at sentence ``start``, if one does."""
    items: list[int] = []
    for i in range(start, min(start + MAX_ITEMS, len(sentences))):
        if headings[i] or not _alone(sentences, i, headings):
            break
        if not _OPEN_ITEM.search(sentences[i].text.rstrip()):
            if items and sentences[items[-1]].text.rstrip().endswith((";", ",")):
                items.append(i)  # "…;" items, the last one closed with a full stop
            break
        items.append(i)
    return items if len(items) >= 2 else []


def list_units(
    sentences: Sequence[Sentence], headings: Sequence[bool]
) -> dict[int, tuple[int, ...]]:
    """For each sentence that answers for a list (its lead-in, or its first item under a
    heading or a lead-in), the other sentences of the list, in order."""
    units: dict[int, tuple[int, ...]] = {}
    for i, sentence in enumerate(sentences[:-1]):
        lead_in = introduces(sentence.text) and sentences[i + 1].paragraph != sentence.paragraph
        if not lead_in and not headings[i]:
            continue
        items = _items_from(sentences, i + 1, headings)
        if not items:
            continue
        if lead_in:
            units[i] = tuple(items)
        units[items[0]] = tuple(items[1:])
    return units


def lead_ins(sentences: Sequence[Sentence], units: dict[int, tuple[int, ...]]) -> frozenset[int]:
    """The sentences of ``units`` that introduce their list ("You will need:")."""
    return frozenset(i for i in units if introduces(sentences[i].text))


__all__ = ["MAX_ITEMS", "introduces", "keeps_item", "lead_ins", "list_units"]
