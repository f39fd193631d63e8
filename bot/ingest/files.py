"""Files people send (.txt, .md, .html, .pdf) to article text."""

from __future__ import annotations

import logging
import re
from pathlib import PurePosixPath, PureWindowsPath

from bot.config import MAX_INPUT_BYTES
from bot.errors import FetchError, TooLargeError, UnsupportedTypeError
from bot.ingest.markdown import markdown_to_text
from bot.ingest.pdf import pdf_text
from bot.ingest.textcodec import decode_text, looks_binary, meta_charset
from bot.ingest.types import ExtractedArticle

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = MAX_INPUT_BYTES  # one limit, defined in bot.config
SUPPORTED_EXTENSIONS = (".txt", ".md", ".html", ".pdf")
_KIND_BY_EXTENSION = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
}
NOT_TEXT_MESSAGE = "This file is not readable text."
EMPTY_MESSAGE = "That file is empty."
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n")


def supported_types_label() -> str:
    return ", ".join(SUPPORTED_EXTENSIONS[:-1]) + " or " + SUPPORTED_EXTENSIONS[-1]


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, size // 1024)} KB"


def _base_name(filename: str) -> str:
    # Telegram and browsers may send paths; only the last part names the file.
    name = PureWindowsPath(PurePosixPath(filename).name).name.strip()
    return name or "file"


def _kind(name: str, data: bytes) -> str:
    suffix = PurePosixPath(name.lower()).suffix
    if suffix in _KIND_BY_EXTENSION:
        return _KIND_BY_EXTENSION[suffix]
    if not suffix:
        # No extension at all: judge by content rather than refuse.
        if data.startswith(b"%PDF-"):
            return "pdf"
        if not looks_binary(data):
            return "html" if _HTML_START.match(data[:1024]) else "text"
    shown = f"{suffix} files" if suffix else "this kind of file"
    raise UnsupportedTypeError(
        f"I can't read {shown}. Send a {supported_types_label()} file instead."
    )


def is_pdf(filename: str, data: bytes) -> bool:
    """True when ``extract_file`` would read ``data`` as a PDF."""
    try:
        return _kind(_base_name(filename), data) == "pdf"
    except UnsupportedTypeError:
        return False


def plain_text(text: str) -> str:
    """Normalise line endings and whitespace; paragraphs stay separated by blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    paragraphs = []
    for block in _BLANK_LINES.split(text):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        joined = "\n".join(line for line in lines if line)
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)


def extract_file(
    filename: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES
) -> ExtractedArticle:
    """Read a .txt, .md, .html or .pdf file into an article.

    Raises ``TooLargeError`` above ``max_bytes``, ``UnsupportedTypeError`` for other
    types and ``FetchError`` for files that hold no readable text.
    """
    name = _base_name(filename)
    if len(data) > max_bytes:
        raise TooLargeError(
            f"That file is too large ({size_label(len(data))}). "
            f"I read files up to {size_label(max_bytes)}."
        )
    kind = _kind(name, data)
    source = f"file:{name}"
    if not data.strip():
        raise FetchError(EMPTY_MESSAGE)
    logger.info("reading %s file %s (%d bytes)", kind, name, len(data))
    if kind == "pdf":
        if not data.lstrip().startswith(b"%PDF-"):
            raise FetchError("This file is not a PDF, though its name ends in .pdf.")
        pdf_body, pdf_title = pdf_text(data, max_chars=max_bytes)
        return ExtractedArticle(text=pdf_body, title=pdf_title, source=source)
    if looks_binary(data):
        raise FetchError(NOT_TEXT_MESSAGE)
    if kind == "html":
        # Imported here: trafilatura (and the URL and HTTP libraries it brings) costs a
        # third of a second, which a .txt file need not pay.
        from bot.ingest.extract import extract_html

        return extract_html(decode_text(data, meta_charset(data)), source=source)
    decoded = decode_text(data)
    title: str | None = None
    if kind == "markdown":
        decoded, title = markdown_to_text(decoded)
    text = plain_text(decoded)
    if not text:
        raise FetchError(EMPTY_MESSAGE)
    return ExtractedArticle(text=text, title=title, source=source)


def decode_plain(data: bytes, *declared: str | None) -> str:
    """Text of a text/plain body (used by the fetcher too)."""
    if looks_binary(data):
        raise FetchError(NOT_TEXT_MESSAGE)
    return plain_text(decode_text(data, *declared))
