"""Telegram's HTML parse mode, as strictly as the real Bot API applies it.

The emulator turns ``parse_mode=HTML`` text into the plain text and entities that
Telegram would store, and refuses what Telegram refuses ("can't parse entities"), so a
reply that is not escaped properly fails the test instead of passing silently.
Offsets and lengths are in UTF-16 code units, like Telegram's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Tag -> entity type. "span" and "code" need a closer look at their attributes.
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*(/?)>"
)
_ATTRIBUTE = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")
_SPECIAL = re.compile(r"[<&]")
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")


class ParseError(ValueError):
    """The text is not valid Telegram HTML; the message is what Telegram says."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _Open:
    tag: str
    entity: dict[str, Any]
    start: int


@dataclass
class ParsedText:
    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def parse_html(source: str) -> ParsedText:
    """Plain text and entities of ``source``, or ``ParseError`` as Telegram would raise it."""
    out: list[str] = []
    offset = 0  # in UTF-16 units
    stack: list[_Open] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "<":
            match = _TAG.match(source, i)
            if match is None:
                raise ParseError(
                    f"Bad Request: can't parse entities: unsupported start tag at byte offset {i}"
                )
            closing, name, attributes, _ = match.groups()
            name = name.lower()
            if closing:
                if not stack or stack[-1].tag != name:
                    raise ParseError(
                        "Bad Request: can't parse entities: "
                        f'can\'t find start tag for end tag "{name}"'
                    )
                opened = stack.pop()
                length = offset - opened.start
                if length > 0:
                    entities.append({**opened.entity, "offset": opened.start, "length": length})
            else:
                entity = _entity_for(name, attributes or "", stack)
                stack.append(_Open(name, entity, offset))
            i = match.end()
            continue
        if char == "&":
            match = _ENTITY.match(source, i)
            if match is None:
                raise ParseError(
                    "Bad Request: can't parse entities: "
                    f"character '&' is reserved and must be escaped (offset {i})"
                )
            named, decimal, hexadecimal = match.groups()
            if named:
                decoded = _NAMED_ENTITIES[named]
            else:
                code = int(decimal) if decimal else int(hexadecimal, 16)
                if not 0 < code <= 0x10FFFF:
                    raise ParseError("Bad Request: can't parse entities: invalid character code")
                decoded = chr(code)
            out.append(decoded)
            offset += utf16_len(decoded)
            i = match.end()
            continue
        # Plain text up to the next tag or entity, in one piece (a loop per character
        # made the emulator the slowest part of burst benchmarks).
        special = _SPECIAL.search(source, i)
        end = special.start() if special else len(source)
        out.append(source[i:end])
        offset += utf16_len(source[i:end])
        i = end
    if stack:
        raise ParseError(
            "Bad Request: can't parse entities: can't find end tag corresponding to start tag "
            f'"{stack[-1].tag}"'
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(out), entities)


def _entity_for(name: str, attributes: str, stack: list[_Open]) -> dict[str, Any]:
    attrs = {
        key.lower(): (value or "").strip("\"'") for key, value in _ATTRIBUTE.findall(attributes)
    }
    open_tags = {opened.tag for opened in stack}
    if open_tags & {"pre", "code"} and not (name == "code" and stack[-1].tag == "pre"):
        raise ParseError(
            f'Bad Request: can\'t parse entities: tag "{name}" must not be nested in pre or code'
        )
    if name == "a":
        href = attrs.get("href", "")
        if not href:
            raise ParseError("Bad Request: can't parse entities: a tag without href")
        return {"type": "text_link", "url": href}
    if name == "span":
        if attrs.get("class") != "tg-spoiler":
            raise ParseError('Bad Request: can\'t parse entities: unsupported start tag "span"')
        return {"type": "spoiler"}
    if name == "blockquote":
        if "blockquote" in open_tags:
            raise ParseError("Bad Request: can't parse entities: nested blockquote")
        kind = "expandable_blockquote" if "expandable" in attrs else "blockquote"
        return {"type": kind}
    if name == "tg-emoji":
        return {"type": "custom_emoji", "custom_emoji_id": attrs.get("emoji-id", "")}
    entity_type = _SIMPLE_TAGS.get(name)
    if entity_type is None:
        raise ParseError(f'Bad Request: can\'t parse entities: unsupported start tag "{name}"')
    return {"type": entity_type}
