"""Inline keyboards and their callback data.

Callback data comes back from the client and can be forged, so it is parsed strictly
(``parse``: a fixed shape, bounded numbers) and carries no authority: the chat is
always the one the button was pressed in, and every article id is looked up within
that chat by the service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.service import MAX_SUMMARY_SENTENCES


@dataclass(frozen=True)
class ShowSummary:
    """Show the summary of ``article_id`` with ``sentences`` sentences (Shorter/Longer/Back)."""

    article_id: int
    sentences: int


@dataclass(frozen=True)
class ShowKeyPoints:
    article_id: int
    sentences: int  # the summary length to go back to


@dataclass(frozen=True)
class AskDelete:
    article_id: int
    sentences: int


@dataclass(frozen=True)
class ConfirmDelete:
    article_id: int


@dataclass(frozen=True)
class ShowPage:
    page: int


@dataclass(frozen=True)
class UseArticle:
    """Make ``article_id`` the active article (under an answer found in another one)."""

    article_id: int


@dataclass(frozen=True)
class Forget:
    confirmed: bool
    user_id: int  # only the person who sent /forget may answer


Action = ShowSummary | ShowKeyPoints | AskDelete | ConfirmDelete | ShowPage | UseArticle | Forget

_ID = r"([1-9][0-9]{0,17})"
_SMALL = r"([0-9]{1,4})"
_PATTERNS: list[tuple[re.Pattern[str], type]] = [
    (re.compile(rf"sum:{_ID}:{_SMALL}"), ShowSummary),
    (re.compile(rf"key:{_ID}:{_SMALL}"), ShowKeyPoints),
    (re.compile(rf"del:{_ID}:{_SMALL}"), AskDelete),
    (re.compile(rf"dely:{_ID}"), ConfirmDelete),
    (re.compile(rf"list:{_SMALL}"), ShowPage),
    (re.compile(rf"use:{_ID}"), UseArticle),
]
_FORGET = re.compile(r"fgt:([yn]):([1-9][0-9]{0,17})")


def parse(data: object) -> Action | None:
    """The action of a button, or None for anything Brief did not make."""
    if not isinstance(data, str) or len(data) > 64:
        return None
    forget = _FORGET.fullmatch(data)
    if forget:
        return Forget(forget.group(1) == "y", int(forget.group(2)))
    for pattern, kind in _PATTERNS:
        match = pattern.fullmatch(data)
        if match:
            numbers = [int(g) for g in match.groups()]
            action: Action = kind(*numbers)
            if isinstance(action, ShowSummary | ShowKeyPoints | AskDelete) and not (
                1 <= action.sentences <= MAX_SUMMARY_SENTENCES
            ):
                return None
            return action
    return None


def article_of(markup: InlineKeyboardMarkup | None) -> int | None:
    """The article a keyboard of Brief's names (its first button about one), or None.

    Its data is parsed like a press, so a forged keyboard names nothing else; the
    caller still looks the id up within the chat."""
    for row in markup.inline_keyboard if markup is not None else ():
        for button in row:
            action = parse(button.callback_data)
            if isinstance(
                action, ShowSummary | ShowKeyPoints | AskDelete | ConfirmDelete | UseArticle
            ):
                return action.article_id
    return None


def summary_keyboard(article_id: int, shown: int, sentence_count: int) -> InlineKeyboardMarkup:
    """Shorter/Longer (when possible), Key points and Delete under a summary."""
    resize: list[InlineKeyboardButton] = []
    if shown > 1:
        resize.append(
            InlineKeyboardButton("− Shorter", callback_data=f"sum:{article_id}:{shown - 1}")
        )
    if shown < min(sentence_count, MAX_SUMMARY_SENTENCES):
        resize.append(
            InlineKeyboardButton("+ Longer", callback_data=f"sum:{article_id}:{shown + 1}")
        )
    shown = max(1, min(shown, MAX_SUMMARY_SENTENCES))
    rows = [resize] if resize else []
    rows.append(
        [
            InlineKeyboardButton("Key points", callback_data=f"key:{article_id}:{shown}"),
            InlineKeyboardButton("Delete", callback_data=f"del:{article_id}:{shown}"),
        ]
    )
    return InlineKeyboardMarkup(rows)


def key_points_keyboard(article_id: int, sentences: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Summary", callback_data=f"sum:{article_id}:{sentences}"),
                InlineKeyboardButton("Delete", callback_data=f"del:{article_id}:{sentences}"),
            ]
        ]
    )


def delete_keyboard(article_id: int, sentences: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes, delete it", callback_data=f"dely:{article_id}"),
                InlineKeyboardButton("Keep it", callback_data=f"sum:{article_id}:{sentences}"),
            ]
        ]
    )


def list_keyboard(page: int, pages: int) -> InlineKeyboardMarkup | None:
    row: list[InlineKeyboardButton] = []
    if page > 0:
        row.append(InlineKeyboardButton("‹ Newer", callback_data=f"list:{page - 1}"))
    if page < pages - 1:
        row.append(InlineKeyboardButton("Older ›", callback_data=f"list:{page + 1}"))
    return InlineKeyboardMarkup([row]) if row else None


def use_keyboard(article_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("Use this article", callback_data=f"use:{article_id}")]]
    )


def forget_keyboard(user_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes, delete everything", callback_data=f"fgt:y:{user_id}"),
                InlineKeyboardButton("Cancel", callback_data=f"fgt:n:{user_id}"),
            ]
        ]
    )
