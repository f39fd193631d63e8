"""PDF text layer to paragraphs (pypdf; scanned PDFs have no text to read)."""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
from dataclasses import dataclass
from typing import Any

from bot.errors import BriefError, FetchError, TooLargeError

logger = logging.getLogger(__name__)

# pypdf reports every malformed object at WARNING; a broken PDF gets one clear message instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)

NO_TEXT_LAYER_MESSAGE = (
    "This PDF has no text layer (it is probably scanned images), so I can't read it."
)
DAMAGED_MESSAGE = "This PDF is damaged or protected, so I can't read it."
# A 3 MB PDF can hold 25,000 pages that share one content stream: 76 MB of text and
# minutes of work. Pages and characters are capped while reading; the worker that
# reads PDFs from strangers also has a deadline (bot.ingest.isolation).
MAX_PAGES = 500
DEFAULT_MAX_CHARS = 5 * 1024 * 1024

_SENTENCE_END = (".", "!", "?", ":", '"', "'", "”", "»", ")", "…")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$", re.IGNORECASE)
_MIN_TEXT_CHARS = 20


@dataclass(frozen=True)
class _Line:
    text: str
    y: float | None  # baseline height on the page, when pypdf told us


def pdf_text(data: bytes, max_chars: int = DEFAULT_MAX_CHARS) -> tuple[str, str | None]:
    """Body text of a PDF (paragraphs separated by blank lines) and its title metadata.

    ``TooLargeError`` for more than ``MAX_PAGES`` pages or ``max_chars`` characters.
    """
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FetchError(DAMAGED_MESSAGE)
        _check_pages(_declared_pages(reader))  # cheap: before pypdf walks the page tree
        _check_pages(len(reader.pages))
        lines = _capped_lines(reader.pages, max_chars)
        title = _title(reader)
    except BriefError:
        raise
    except Exception as exc:  # pypdf has many failure modes on hostile input
        logger.info("unreadable PDF: %s", type(exc).__name__)
        raise FetchError(DAMAGED_MESSAGE) from None
    text = join_lines(lines)
    if len(text.replace(" ", "")) < _MIN_TEXT_CHARS:
        raise FetchError(NO_TEXT_LAYER_MESSAGE)
    return text, title


def _declared_pages(reader: Any) -> int:
    """The page count the document declares (it may lie; the real count is checked too)."""
    try:
        count = reader.trailer["/Root"]["/Pages"]["/Count"]
    except (KeyError, TypeError, AttributeError):
        return 0
    return int(count) if isinstance(count, int) else 0


def _check_pages(pages: int) -> None:
    if pages > MAX_PAGES:
        raise TooLargeError(
            f"That PDF is too long for me ({pages:,} pages; I read up to {MAX_PAGES:,})."
        )


def _capped_lines(pages: Any, max_chars: int) -> list[_Line]:
    lines: list[_Line] = []
    chars = 0
    for page in pages:
        page_lines = _page_lines(page)
        chars += sum(len(line.text) for line in page_lines)
        if chars > max_chars:
            raise TooLargeError(
                f"That PDF holds too much text for me (over {max_chars // (1024 * 1024):,} MB)."
                if max_chars >= 1024 * 1024
                else "That PDF holds too much text for me."
            )
        lines.extend(page_lines)
    return lines


def _page_lines(page: Any) -> list[_Line]:
    """The page's text lines with their heights, so vertical gaps can mark paragraphs."""
    lines: list[_Line] = []
    parts: list[str] = []
    height: list[float | None] = [None]

    def end_line() -> None:
        lines.append(_Line("".join(parts), height[0]))
        parts.clear()
        height[0] = None

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if piece.strip() and height[0] is None:
                height[0] = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            parts.append(piece)
            if index < len(pieces) - 1:
                end_line()

    plain = page.extract_text(visitor_text=visit) or ""
    if parts:
        end_line()
    # Trust the positions only if the visitor saw the same words pypdf returned.
    if " ".join(line.text for line in lines).split() != plain.split():
        return [_Line(line, None) for line in plain.splitlines()]
    return lines


def _title(reader: object) -> str | None:
    metadata = getattr(reader, "metadata", None)
    title = getattr(metadata, "title", None) if metadata is not None else None
    if isinstance(title, str) and title.strip():
        return " ".join(title.split())
    return None


def join_lines(lines: list[_Line]) -> str:
    """Re-flow hard-wrapped PDF lines into paragraphs.

    A paragraph ends at a blank line, at a vertical gap clearly wider than the usual
    line spacing, or at a line that ends a sentence and is clearly shorter than the
    usual line. Words hyphenated across a line break are joined again.
    """
    cleaned = [
        _Line(" ".join(line.text.split()), line.y)
        for line in lines
        if not _PAGE_NUMBER.match(line.text)
    ]
    lengths = sorted(len(line.text) for line in cleaned if line.text)
    typical = statistics.median(lengths[len(lengths) // 2 :]) if lengths else 0
    spacing = _usual_spacing(cleaned)
    paragraphs: list[str] = []
    current = ""
    previous_y: float | None = None
    for line in cleaned:
        if not line.text:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        gap = previous_y - line.y if previous_y is not None and line.y is not None else None
        wide_gap = gap is not None and spacing is not None and gap > 1.5 * spacing
        # A new page or column (the text moves up) ends a paragraph that ended a sentence.
        moved_up = gap is not None and gap < 0 and current.endswith(_SENTENCE_END)
        if current and (wide_gap or moved_up):
            paragraphs.append(current)
            current = ""
        previous_y = line.y
        if current.endswith("-") and line.text[:1].islower():
            current = current[:-1] + line.text
        else:
            current = f"{current} {line.text}" if current else line.text
        if line.text.endswith(_SENTENCE_END) and len(line.text) < 0.8 * typical:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def _usual_spacing(lines: list[_Line]) -> float | None:
    ys = [line.y for line in lines if line.text and line.y is not None]
    steps = [above - below for above, below in itertools.pairwise(ys) if above > below]
    return statistics.median(steps) if steps else None
