"""Raw text → clean prose paragraphs.

Normalises Unicode and whitespace, joins hard-wrapped lines, and drops the lines that
are not article prose (headings, photo captions, "RT reports:", "Related: …", share,
cookie and donation lines), so they never reach a summary or an answer. The first
dropped heading-like line is offered as the title. List items ("- ", "• ", "1. ") are
prose without a full stop once they have three words: key points and steps are content.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Zero-width and bidi control characters carry no prose; other controls are junk.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e"), None
)
_BLANK_LINES = re.compile(r"\n\s*\n")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)

# A prose line ends like a sentence: punctuation, possibly followed by closing quotes
# or brackets. Headings and captions usually do not.
_SENTENCE_END = re.compile(r"[.!?…](?:\s?[\"'”’»)\]])*$")
_INNER_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+[\"'“‘«(]?[A-ZÀ-ÖØ-ÞА-ЯЁ]")
# A long line with several sentences in it is prose even if its last one is cut off.
_LONG_PARAGRAPH_WORDS = 30
# A list item ("- ", "• ", "1. "): its words are the article's even without a full stop
# (key points, steps), unless it is as short as a menu entry.
_LIST_ITEM = re.compile(r"^(?:[-*•▪◦‣–—]|\d{1,3}[.)])\s+")
_MIN_WORDS = 3  # fewer is a menu entry or a label, not prose

# Lines that are page furniture, not article prose (checked case-insensitively).
_BOILERPLATE = re.compile(
    r"""^(?:
        (?:rt|ap|afp|reuters|tass|bbc|cnn|upi)\s+(?:reports?|says|writes)\s*:?
      | (?:related|read\s+(?:more|also|next)|see\s+also|also\s+read|more\s+on\s+this|recommended
         |watch|listen|video|photo|image|source|credit|advertisement|sponsored)\s*[:|–—-]
      | share(?=\s*$|\s*[:|!]|\s+(?:this|it|on|via|with|the\s+(?:post|article|story|page))\b)
      | (?:tweet|email|print|follow\s+us|subscribe|sign\s+up|newsletter|click\s+here)\b
      | .*\b(?:cookies?\s+(?:policy|settings)|accept\s+(?:all\s+)?cookies|privacy\s+policy
         |all\s+rights\s+reserved|terms\s+of\s+(?:use|service))\b
      | .*\b(?:donat(?:e|ion|ing)|fund-?raising|support\s+(?:us|our\s+work)|patreon
         |help\s+us\s+(?:make|keep|reach))\b
      | .*\bclick\s+here\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)


# A request to share, as a sentence inside a paragraph ("…over. Share this post if you
# liked it."), where the line rule above does not see it.
_SHARE_REQUEST = re.compile(
    r"""^(?:(?:please|so|and|then)\s*,?\s+)?share\s+(?:this|it|the\s+(?:post|article|story|page))\b
      | ^(?:if\s+you\s+(?:liked|enjoyed|like|enjoy|found)\b.*,\s*)(?:please\s+)?share\b
      | ^(?:liked|enjoyed)\s+(?:it|this(?:\s+(?:post|article|story))?)\s*\?$""",
    re.IGNORECASE | re.VERBOSE,
)
_SHARE_REQUEST_MAX_WORDS = 20


def is_share_request(sentence: str) -> bool:
    """ "Share this post if you liked it." and the like: furniture, not the article."""
    words = len(sentence.split())
    return words <= _SHARE_REQUEST_MAX_WORDS and bool(_SHARE_REQUEST.search(sentence.strip()))


@dataclass(frozen=True)
class CleanText:
    paragraphs: tuple[str, ...]  # prose only, each a verbatim run of the cleaned text
    title: str | None  # the first heading-like line, if any


def normalize(text: str) -> str:
    """NFC, one kind of newline, no invisible or control characters, trimmed lines.

    Spaces inside a line are kept as they are (no-break spaces included), so that
    every sentence stays a verbatim substring of what the user sent.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_INVISIBLE).replace("\t", " ")
    text = "".join(c for c in text if c == "\n" or unicodedata.category(c)[0] != "C")
    return "\n".join(line.strip() for line in text.split("\n"))


_FURNITURE_MAX_WORDS = 40  # share/donate/cookie lines are short; a paragraph that
# merely mentions a donation is prose


def is_boilerplate(line: str) -> bool:
    return len(line.split()) <= _FURNITURE_MAX_WORDS and bool(_BOILERPLATE.match(line))


def without_urls(text: str) -> str:
    return _URL.sub(" ", text).strip()


def letter_count(text: str) -> int:
    """Letters of any script (digits, symbols and emoji do not count)."""
    return len(_LETTER.findall(text))


def has_content(line: str) -> bool:
    """Enough words to be the article's, and not page furniture or a label ("Share:")."""
    rest = without_urls(line)
    if letter_count(rest) < 8 or len(rest.split()) < _MIN_WORDS:
        return False
    return not is_boilerplate(line) and not line.endswith(":")


def is_prose(line: str) -> bool:
    """A line of article prose: ends like a sentence, has words, is not furniture."""
    if not has_content(line):
        return False
    if _SENTENCE_END.search(line):
        return True
    return (
        len(line.split()) >= _LONG_PARAGRAPH_WORDS and len(_INNER_SENTENCE_END.findall(line)) >= 2
    )


def _join_hard_wrapped(block: list[str]) -> list[str]:
    """A block of lines wrapped at a fixed width is one paragraph; otherwise one a line.

    Wrapped text (e-mail, plain-text files) has most lines ending mid-sentence; text
    with one paragraph per line has most lines ending with punctuation.
    """
    if len(block) < 2:
        return block
    open_lines = sum(1 for line in block[:-1] if not _SENTENCE_END.search(line))
    if open_lines / (len(block) - 1) > 0.5:
        return [" ".join(block)]
    return block


def _lines(block: list[str]) -> list[tuple[str, bool]]:
    """The block's paragraphs, each with whether it is a list item (marker removed).

    A marked line is an item when it opens the block or follows an item, a full stop
    or a colon; after a line cut mid-sentence it is wrapped text ("(O" then "2) is
    ozone"). An item's wrapped lines open in lower case; other lines around the items
    are joined by the wrap rule.
    """
    out: list[tuple[str, bool]] = []
    run: list[str] = []
    in_item = False
    previous = ""
    for line in block:
        marker = _LIST_ITEM.match(line)
        if marker and (
            not previous or in_item or _SENTENCE_END.search(previous) or previous.endswith(":")
        ):
            out.extend((joined, False) for joined in _join_hard_wrapped(run))
            run = []
            out.append((line[marker.end() :], True))
            in_item = True
        elif in_item and line[:1].islower():
            out[-1] = (f"{out[-1][0]} {line}", True)
        else:
            in_item = False
            run.append(line)
        previous = line
    out.extend((joined, False) for joined in _join_hard_wrapped(run))
    return out


def clean(text: str) -> CleanText:
    lines_by_block = [
        [line for line in block.split("\n") if line]
        for block in _BLANK_LINES.split(normalize(text))
    ]
    paragraphs: list[str] = []
    title: str | None = None
    for block in lines_by_block:
        for line, is_item in _lines(block):
            if is_item:
                if has_content(line):  # a list item needs no full stop
                    paragraphs.append(line)
            elif is_prose(line):
                paragraphs.append(line)
            elif title is None and not paragraphs and _looks_like_title(line):
                title = line
    return CleanText(tuple(paragraphs), title)


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 25 and not is_boilerplate(line) and not _URL.fullmatch(line)
