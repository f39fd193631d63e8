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

from bot.engine.headings import markdown_heading
from bot.engine.lists import introduces, keeps_item
from bot.engine.metadata import is_byline

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
# A line ending in a colon is a label ("Share:", "Filed under:") up to this many words;
# a longer one leads into what follows ("Our list of must-haves was short:") and is prose.
_LABEL_MAX_WORDS = 3

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
    # Paragraphs that are a heading of the paragraph after them (kept as its context).
    headings: frozenset[int] = frozenset()


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
    words = len(rest.split())
    if letter_count(rest) < 8 or words < _MIN_WORDS:
        return False
    return not is_boilerplate(line) and not (line.endswith(":") and words <= _LABEL_MAX_WORDS)


def is_prose(line: str) -> bool:
    """A line of article prose: ends like a sentence, has words, is not furniture."""
    if not has_content(line):
        return False
    if _SENTENCE_END.search(line) or line.endswith(":"):
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


_TEXT, _ITEM, _HEADING = "text", "item", "heading"


def _lines(block: list[str]) -> list[tuple[str, str]]:
    """The block's paragraphs, each with its kind: text, a list item (marker removed) or
    a Markdown heading (markers removed).

    A marked line is an item when it opens the block or follows an item, a full stop
    or a colon; after a line cut mid-sentence it is wrapped text ("(O" then "2) is
    ozone"). An item's wrapped lines open in lower case; other lines around the items
    are joined by the wrap rule.
    """
    out: list[tuple[str, str]] = []
    run: list[str] = []
    in_item = False
    previous = ""
    for line in block:
        marker = _LIST_ITEM.match(line)
        heading = markdown_heading(line)
        if heading is not None or (
            marker
            and (
                not previous or in_item or _SENTENCE_END.search(previous) or previous.endswith(":")
            )
        ):
            out.extend((joined, _TEXT) for joined in _wrapped(run))
            run = []
            if heading is not None:
                out.append((heading, _HEADING))
            elif marker:
                out.append((line[marker.end() :], _ITEM))
            in_item = heading is None
        elif in_item and line[:1].islower():
            out[-1] = (f"{out[-1][0]} {line}", _ITEM)
        else:
            in_item = False
            run.append(line)
        previous = line
    out.extend((joined, _TEXT) for joined in _wrapped(run))
    return out


def _wrapped(run: list[str]) -> list[str]:
    """The paragraphs of a run of lines: a short unpunctuated first line above a longer
    one that opens in capitals is a heading, not the start of wrapped text ("The starter"
    then "Making a starter took eleven days.")."""
    heads = len(run) >= 2 and _plain_heading(run[0]) and 2 * len(run[0]) < len(run[1])
    if heads and run[1][:1].isupper():
        return [run[0], *_join_hard_wrapped(run[1:])]
    return _join_hard_wrapped(run)


def clean(text: str) -> CleanText:
    lines_by_block = [
        [line for line in block.split("\n") if line]
        for block in _BLANK_LINES.split(normalize(text))
    ]
    paragraphs: list[str] = []
    headings: set[int] = set()
    title: str | None = None
    heading: str | None = None  # a heading waiting for the paragraph under it
    flat = [pair for block in lines_by_block for pair in _lines(block)]
    in_list = False  # under a lead-in ("You will need:") or a heading: items are kept
    for n, (line, kind) in enumerate(flat):
        lead_in = kind == _TEXT and n + 1 < len(flat) and flat[n + 1][1] == _ITEM
        lead_in = lead_in and introduces(line)
        in_list = lead_in or (kind == _ITEM and (in_list or heading is not None))
        listed = lead_in or (in_list and kind == _ITEM and keeps_item(line))  # lists.py
        listed = listed and not is_boilerplate(line)
        if listed or _kept(line, kind, paragraphs[-1] if paragraphs else None, heading):
            if heading is not None:
                headings.add(len(paragraphs))
                paragraphs.append(heading)
                heading = None
            paragraphs.append(line)
        elif title is None and not paragraphs and _looks_like_title(line):
            title = line
        elif (paragraphs or kind == _HEADING) and _is_heading(line, kind):
            heading = line
    return CleanText(tuple(paragraphs), title, frozenset(headings))


def _kept(line: str, kind: str, previous: str | None, heading: str | None) -> bool:
    """Whether a line is the article's: prose, a list item of a few words, or a short
    answer right under a heading or a question ("Would I do it again?" "Absolutely.")."""
    if kind == _ITEM:
        return has_content(line)
    if kind == _HEADING and not line.endswith("?"):
        return False  # a heading that asks stays alone in its paragraph, as in plain text
    if is_prose(line):
        return True
    under = heading is not None or (previous is not None and previous.endswith("?"))
    return (
        under
        and bool(_SENTENCE_END.search(line))
        and letter_count(line) >= 2
        and not is_boilerplate(line)
    )


_HEADING_MAX_WORDS = {_HEADING: 20, _TEXT: 8}  # a caption or a cut line is longer


def _is_heading(line: str, kind: str) -> bool:
    """A Markdown heading, or a short unpunctuated line of words between paragraphs."""
    if len(line.split()) > _HEADING_MAX_WORDS.get(kind, 0) or letter_count(line) < 2:
        return False
    if kind == _TEXT and not _plain_heading(line):
        return False
    return not is_boilerplate(line) and not _URL.search(line)


def _plain_heading(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= _HEADING_MAX_WORDS[_TEXT]
        and not _SENTENCE_END.search(line)
        and not line.endswith((":", ","))
        and line[:1].isupper()
        and not is_byline(line)
    )


def _looks_like_title(line: str) -> bool:  # (Markdown markers already removed)
    words = line.split()
    return 2 <= len(words) <= 25 and not is_boilerplate(line) and not _URL.fullmatch(line)
