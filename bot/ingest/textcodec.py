"""Turning bytes into text: binary sniffing and charset choice.

Order of trust: a byte-order mark, then a charset someone declared (HTTP header,
``<meta charset>``), then strict UTF-8, then charset-normalizer's guess. Declared
charsets are only used when they name a codec Python knows and decode cleanly,
because real servers often lie.
"""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

logger = logging.getLogger(__name__)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Signatures of common binary formats that people name .txt or .html by mistake.
_BINARY_MAGIC: tuple[bytes, ...] = (
    b"%PDF-",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"PK\x03\x04",  # zip, docx, epub
    b"\x7fELF",
    b"\x1f\x8b",  # gzip
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf",
    b"\xd0\xcf\x11\xe0",  # old Office documents
)

_SNIFF_BYTES = 8192
# Codecs Python finds that are not a way to write text in bytes: a page declaring one
# is read as if it declared nothing (rot13, hex, base64, zlib, bz2, uu and quopri are
# not text encodings at all and fail at decode time; these decode but mean nothing here).
_NOT_CHARSETS = frozenset({"punycode", "undefined", "idna", "unicode-escape", "raw-unicode-escape"})
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
# Control characters that never appear in real text (tab, LF, CR, FF and ESC excluded).
_CONTROL = frozenset(range(0x00, 0x09)) | {0x0B, 0x0E, 0x0F} | frozenset(range(0x10, 0x1B))
_CONTROL |= frozenset(range(0x1C, 0x20))


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is clearly not text in any ordinary encoding."""
    if bom_encoding(data) is not None:
        return False
    head = data[:_SNIFF_BYTES]
    if any(head.startswith(magic) for magic in _BINARY_MAGIC):
        return True
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte in _CONTROL)
    return controls / len(head) > 0.05


def normalise_charset(name: str | None) -> str | None:
    """Python's codec name for a declared charset, or None if it is unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    try:
        codec = codecs.lookup(name)
    except LookupError:
        return None
    # bytes.decode refuses the codecs CPython marks as not text encodings (rot13, hex...).
    if not getattr(codec, "_is_text_encoding", True) or codec.name in _NOT_CHARSETS:
        return None
    # Browsers read pages labelled latin-1/ascii as windows-1252 (WHATWG); so do we.
    if codec.name in {"latin-1", "iso8859-1", "ascii"}:
        return "cp1252"
    return codec.name


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in its first few kilobytes."""
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if match is None:
        return None
    return normalise_charset(match.group(1).decode("ascii", errors="ignore"))


def decode_text(data: bytes, *declared: str | None) -> str:
    """Decode ``data`` using a BOM, then the first declared charset that fits, then guessing."""
    bom = bom_encoding(data)
    if bom is not None:
        return data.decode(bom, errors="replace")
    for charset in declared:
        codec = normalise_charset(charset)
        if codec is None:
            continue
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            logger.info("declared charset %s does not fit the content; guessing", codec)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[: 256 * 1024]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    return data.decode("cp1252", errors="replace")
