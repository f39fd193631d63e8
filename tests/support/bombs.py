"""Hostile files for the attack tests and the measurements of issue 15."""

from __future__ import annotations

import io
import zlib

from fpdf import FPDF
from pypdf import PdfWriter
from pypdf.generic import NameObject

PARAGRAPH = (
    "The harbour bridge opened on Monday after four years of work. The city paid for "
    "most of it, and the port authority paid the rest. Engineers tested the deck with "
    "forty loaded lorries before the first cars were allowed across. "
)


def pdf_bomb(pages: int = 25_000, paragraphs: int = 12) -> bytes:
    """A small PDF whose ``pages`` pages all share one content stream: a few KB per
    page to extract, a few bytes per page to store (25,000 pages: about 3 MB)."""
    source = FPDF()
    source.add_page()
    source.set_font("helvetica", size=11)
    for _ in range(paragraphs):
        source.multi_cell(w=180, h=6, text=PARAGRAPH, new_x="LMARGIN", new_y="NEXT")
    writer = PdfWriter(clone_from=io.BytesIO(bytes(source.output())))
    first = writer.pages[0]
    contents = first.raw_get("/Contents")
    resources = first.raw_get("/Resources")
    for _ in range(pages - 1):
        page = writer.add_blank_page(width=first.mediabox.width, height=first.mediabox.height)
        page[NameObject("/Contents")] = contents
        page[NameObject("/Resources")] = resources
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stacked_gzip_bomb(inflated: int = 4 * 1024**3) -> bytes:
    """gzip of gzip of ``inflated`` zero bytes (4 GiB: a body of about 7 KB)."""
    return _gzip_stream(_gzip_zeros(inflated))


def _gzip_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1024 * 1024)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + packer.flush()


def _gzip_stream(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()
