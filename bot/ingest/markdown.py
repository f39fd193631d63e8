"""Markdown to plain prose: keep the words, drop the markup.

Not a Markdown parser; a handful of line rules that cover what people actually
send (headings, emphasis, links, lists, quotes, code fences, tables, front matter).
"""

from __future__ import annotations

import re

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n(?:---|\.\.\.)\s*\n", re.DOTALL)
_FRONT_TITLE = re.compile(r"""^title\s*:\s*["']?(.+?)["']?\s*$""", re.MULTILINE | re.IGNORECASE)
_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_INLINE_CODE = re.compile(r"`([^`]+)`")


def _inline(text: str) -> str:
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _REF_LINK.sub(lambda m: m.group(1), text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = _HTML_TAG.sub("", text)
    text = _INLINE_CODE.sub(lambda m: m.group(1), text)
    # Twice, for nested emphasis such as ***bold italic***.
    for _ in range(2):
        text = _EMPHASIS.sub(lambda m: m.group(2), text)
    return text.replace("\\", "") if "\\" in text else text


def markdown_to_text(source: str) -> tuple[str, str | None]:
    """Plain text (paragraphs separated by blank lines) and the document's title, if any."""
    title: str | None = None
    front = _FRONT_MATTER.match(source)
    if front:
        found = _FRONT_TITLE.search(front.group(1))
        title = found.group(1).strip() if found else None
        source = source[front.end() :]

    paragraphs: list[str] = []
    current: list[str] = []
    in_fence = False

    def flush() -> None:
        if current:
            paragraph = " ".join(current).strip()
            if paragraph:
                paragraphs.append(paragraph)
            current.clear()

    lines = source.splitlines()
    for index, raw in enumerate(lines):
        if _FENCE.match(raw):
            # Code is not prose: a summary should not quote it.
            flush()
            in_fence = not in_fence
            continue
        if in_fence or _LINK_DEFINITION.match(raw):
            continue
        if not raw.strip() or _RULE.match(raw) or _TABLE_SEPARATOR.match(raw):
            flush()
            continue
        next_line = lines[index + 1] if index + 1 < len(lines) else ""
        if _SETEXT_UNDERLINE.match(raw) and not current:
            continue
        heading = _ATX_HEADING.match(raw)
        if heading or (_SETEXT_UNDERLINE.match(next_line) and not current and raw.strip()):
            flush()
            text = _inline(heading.group(2) if heading else raw.strip())
            if title is None and text:
                title = text
            paragraphs.append(text)
            continue
        line = raw
        if _LIST_MARKER.match(line):
            # Each list item stands on its own, marked as one for the cleaner, which keeps
            # list items that have no full stop.
            flush()
            line = "- " + _LIST_MARKER.sub("", line, count=1)
        line = _QUOTE.sub("", line)
        if "|" in line and line.strip().startswith("|"):
            line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        current.append(_inline(line.strip()))
    flush()
    return "\n\n".join(p for p in paragraphs if p), title
