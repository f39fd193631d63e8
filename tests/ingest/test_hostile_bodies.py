"""Compression bombs and odd declarations from a local server (issue 15)."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections.abc import AsyncIterator

import pytest
from conftest import PageServer, Reply
from ingest_pages import ARTICLE_PARAGRAPHS, news_page, simple_page

from bot.errors import FetchError, TooLargeError
from bot.ingest.decoding import STACKED_MESSAGE, BodyDecoder, BodyTooLargeError
from bot.ingest.fetch import Fetcher

CAP = 1024 * 1024


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    fetcher = Fetcher(allow_private=True, timeout=5.0, max_bytes=CAP)
    yield fetcher
    await fetcher.aclose()


def zeros_gzip(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1024 * 1024)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + packer.flush()


async def test_stacked_gzip_is_refused_before_inflating(
    server: PageServer, fetcher: Fetcher
) -> None:
    # The shape of the 6.7 KB body that expanded to 4 GiB: gzip of gzip.
    body = gzip.compress(zeros_gzip(64 * 1024 * 1024))
    headers = {"Content-Type": "text/html", "Content-Encoding": "gzip, gzip"}
    server.routes["/bomb"] = lambda h: Reply(200, body, headers)
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(server.url("/bomb"))
    assert caught.value.user_message == STACKED_MESSAGE


async def test_one_gzip_layer_is_capped_while_inflating(
    server: PageServer, fetcher: Fetcher
) -> None:
    body = zeros_gzip(256 * 1024 * 1024)  # 256 KB on the wire
    headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    server.routes["/bomb"] = lambda h: Reply(200, body, headers)
    with pytest.raises(TooLargeError):
        await fetcher.fetch(server.url("/bomb"))


def test_the_decoder_never_holds_more_than_the_cap() -> None:
    decoder = BodyDecoder("gzip", CAP)
    body = zeros_gzip(64 * 1024 * 1024)
    produced = 0
    with pytest.raises(BodyTooLargeError):
        for start in range(0, len(body), 16 * 1024):
            produced += len(decoder.feed(body[start : start + 16 * 1024]))
    assert produced <= CAP


async def test_raw_and_wrapped_deflate_both_read(server: PageServer, fetcher: Fetcher) -> None:
    page = news_page().encode("utf-8")
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    bodies = {"/wrapped": zlib.compress(page), "/raw": raw.compress(page) + raw.flush()}
    for path, body in bodies.items():
        headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "deflate"}
        server.routes[path] = lambda h, body=body, headers=headers: Reply(200, body, headers)
        article = await fetcher.fetch(server.url(path))
        assert ARTICLE_PARAGRAPHS[0] in article.text


async def test_an_encoding_we_did_not_ask_for_is_refused(
    server: PageServer, fetcher: Fetcher
) -> None:
    headers = {"Content-Type": "text/html", "Content-Encoding": "br"}
    server.routes["/br"] = lambda h: Reply(200, b"\x1b\x00\x00", headers)
    with pytest.raises(FetchError, match=r"compression I can't read \(br\)"):
        await fetcher.fetch(server.url("/br"))
    assert "br" not in server.seen[0].headers["Accept-Encoding"]


@pytest.mark.parametrize(
    "charset",
    ["rot13", "hex", "base64", "zlib", "bz2", "uu", "quopri", "punycode", "undefined"],
)
async def test_a_charset_that_is_not_a_text_encoding_is_ignored(
    server: PageServer, fetcher: Fetcher, charset: str
) -> None:
    page = simple_page("Depot", ARTICLE_PARAGRAPHS, head_extra=f'<meta charset="{charset}">')
    server.routes["/meta"] = lambda h: Reply(200, page.encode(), {"Content-Type": "text/html"})
    header = {"Content-Type": f"text/html; charset={charset}"}
    server.routes["/header"] = lambda h: Reply(200, page.encode(), header)
    server.routes["/plain"] = lambda h: Reply(
        200,
        "\n\n".join(ARTICLE_PARAGRAPHS).encode(),
        {"Content-Type": f"text/plain; charset={charset}"},
    )
    for path in ("/meta", "/header", "/plain"):
        article = await fetcher.fetch(server.url(path))
        assert ARTICLE_PARAGRAPHS[0] in article.text


async def test_a_pdf_bomb_link_is_refused_quickly(server: PageServer) -> None:
    from tests.support.bombs import pdf_bomb

    body = pdf_bomb(5_000, paragraphs=1)
    server.routes["/bomb.pdf"] = lambda h: Reply(200, body, {"Content-Type": "application/pdf"})
    fetcher = Fetcher(allow_private=True, timeout=10.0)
    try:
        with pytest.raises(TooLargeError, match="5,000 pages"):
            await fetcher.fetch(server.url("/bomb.pdf"))
    finally:
        await fetcher.aclose()


async def test_a_slow_pdf_link_stops_reading_at_the_timeout(server: PageServer) -> None:
    import psutil

    from tests.support.bombs import pdf_bomb

    body = pdf_bomb(450)
    server.routes["/book.pdf"] = lambda h: Reply(200, body, {"Content-Type": "application/pdf"})
    fetcher = Fetcher(allow_private=True, timeout=1.0)
    try:
        with pytest.raises(FetchError, match="took too long"):
            await fetcher.fetch(server.url("/book.pdf"))
    finally:
        await fetcher.aclose()
    # Nothing goes on reading it after the refusal (threads did, for minutes).
    await asyncio.sleep(0.2)
    me = psutil.Process()
    processes = [me, *me.children()]
    before = [sum(p.cpu_times()[:2]) for p in processes]
    await asyncio.sleep(1.0)
    used = [sum(p.cpu_times()[:2]) - b for p, b in zip(processes, before, strict=True)]
    assert max(used) < 0.5, used
