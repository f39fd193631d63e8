"""Fetching real pages from a local server (address checks lifted: allow_private=True)."""

from __future__ import annotations

import asyncio
import gzip
import ssl
import threading
import time
from collections.abc import AsyncIterator

import pytest
from conftest import Certificate, Handler, PageServer, Reply
from fpdf import FPDF
from ingest_pages import (
    AD_TEXT,
    ARTICLE_PARAGRAPHS,
    COMMENT_TEXT,
    FOOTER_TEXT,
    FRENCH_PARAGRAPHS,
    NAV_TEXT,
    RUSSIAN_PARAGRAPHS,
    TITLE,
    javascript_shell,
    login_page,
    news_page,
    simple_page,
)

from bot.errors import BlockedURLError, FetchError, TooLargeError, UnsupportedTypeError
from bot.ingest.extract import NO_ARTICLE_MESSAGE
from bot.ingest.fetch import LOGIN_MESSAGE, USER_AGENT, Fetcher
from bot.ingest.files import NOT_TEXT_MESSAGE

HTML_UTF8 = {"Content-Type": "text/html; charset=utf-8"}


def html(body: str, content_type: str = "text/html; charset=utf-8") -> Reply:
    return Reply(200, body.encode("utf-8"), {"Content-Type": content_type})


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    fetcher = Fetcher(allow_private=True, timeout=5.0)
    yield fetcher
    await fetcher.aclose()


async def test_news_page_without_boilerplate(server: PageServer, fetcher: Fetcher) -> None:
    server.routes["/news/depot"] = lambda h: html(news_page())
    article = await fetcher.fetch(server.url("/news/depot"))
    assert article.title == TITLE
    assert article.author == "Maria Keller"
    assert article.published == "2024-03-12"
    assert article.site_name == "Northbridge Gazette"
    assert article.text.split("\n\n") == list(ARTICLE_PARAGRAPHS)
    for junk in (NAV_TEXT, AD_TEXT, COMMENT_TEXT, FOOTER_TEXT, "Subscribe now", "Comments"):
        assert junk not in article.text
    assert article.source == server.url("/news/depot")
    assert article.canonical_url == server.url("/news/depot")


async def test_request_is_honest_and_accepts_compression(
    server: PageServer, fetcher: Fetcher
) -> None:
    server.routes["/a"] = lambda h: html(news_page())
    await fetcher.fetch(server.url("/a"))
    headers = {k.lower(): v for k, v in server.seen[0].headers.items()}
    assert headers["user-agent"] == USER_AGENT
    assert "gzip" in headers["accept-encoding"]
    assert headers["host"] == f"127.0.0.1:{server.port}"


async def test_gzip_body_is_decoded(server: PageServer, fetcher: Fetcher) -> None:
    body = gzip.compress(news_page().encode("utf-8"))
    server.routes["/gz"] = lambda h: Reply(
        200, body, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}
    )
    article = await fetcher.fetch(server.url("/gz"))
    assert ARTICLE_PARAGRAPHS[0] in article.text


async def test_cp1251_page_with_header_charset(server: PageServer, fetcher: Fetcher) -> None:
    page = simple_page("Депо станет библиотекой", RUSSIAN_PARAGRAPHS)
    server.routes["/ru"] = lambda h: Reply(
        200, page.encode("cp1251"), {"Content-Type": "text/html; charset=windows-1251"}
    )
    article = await fetcher.fetch(server.url("/ru"))
    assert article.title == "Депо станет библиотекой"
    assert article.text.split("\n\n") == list(RUSSIAN_PARAGRAPHS)


async def test_cp1251_page_with_meta_charset_only(server: PageServer, fetcher: Fetcher) -> None:
    page = simple_page("Депо", RUSSIAN_PARAGRAPHS, head_extra='<meta charset="windows-1251">')
    server.routes["/ru"] = lambda h: Reply(
        200, page.encode("cp1251"), {"Content-Type": "text/html"}
    )
    article = await fetcher.fetch(server.url("/ru"))
    assert article.text.split("\n\n") == list(RUSSIAN_PARAGRAPHS)


async def test_cp1251_page_with_http_equiv(server: PageServer, fetcher: Fetcher) -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    page = simple_page("Депо", RUSSIAN_PARAGRAPHS, head_extra=meta)
    server.routes["/ru"] = lambda h: Reply(
        200, page.encode("cp1251"), {"Content-Type": "text/html"}
    )
    article = await fetcher.fetch(server.url("/ru"))
    assert article.text.split("\n\n") == list(RUSSIAN_PARAGRAPHS)


async def test_latin1_page(server: PageServer, fetcher: Fetcher) -> None:
    page = simple_page("Le dépôt", FRENCH_PARAGRAPHS)
    server.routes["/fr"] = lambda h: Reply(
        200, page.encode("latin-1"), {"Content-Type": "text/html; charset=ISO-8859-1"}
    )
    article = await fetcher.fetch(server.url("/fr"))
    assert article.text.split("\n\n") == list(FRENCH_PARAGRAPHS)


async def test_header_charset_that_lies_falls_back(server: PageServer, fetcher: Fetcher) -> None:
    # Declared UTF-8, actually cp1251: strict decoding fails, so the content decides.
    page = simple_page("Депо", RUSSIAN_PARAGRAPHS, head_extra='<meta charset="windows-1251">')
    server.routes["/ru"] = lambda h: Reply(
        200, page.encode("cp1251"), {"Content-Type": "text/html; charset=utf-8"}
    )
    article = await fetcher.fetch(server.url("/ru"))
    assert RUSSIAN_PARAGRAPHS[0] in article.text


async def test_plain_text_article(server: PageServer, fetcher: Fetcher) -> None:
    body = "\n\n".join(ARTICLE_PARAGRAPHS).encode("utf-8")
    server.routes["/a.txt"] = lambda h: Reply(200, body, {"Content-Type": "text/plain"})
    article = await fetcher.fetch(server.url("/a.txt"))
    assert article.text.split("\n\n") == list(ARTICLE_PARAGRAPHS)


async def test_pdf_generated_in_test(server: PageServer, fetcher: Fetcher) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.set_title("Depot report")
    for paragraph in ARTICLE_PARAGRAPHS:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln()
    data = bytes(pdf.output())
    server.routes["/report"] = lambda h: Reply(200, data, {"Content-Type": "application/pdf"})
    article = await fetcher.fetch(server.url("/report"))
    assert article.title == "Depot report"
    assert article.text.split("\n\n") == list(ARTICLE_PARAGRAPHS)


@pytest.mark.parametrize("status", [404, 410])
async def test_missing_page(server: PageServer, fetcher: Fetcher, status: int) -> None:
    server.routes["/gone"] = lambda h: Reply(status, b"<html><body>gone</body></html>", HTML_UTF8)
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(server.url("/gone"))
    assert caught.value.user_message == f"That page does not exist (HTTP {status})."


@pytest.mark.parametrize("status", [401, 403])
async def test_forbidden_page(server: PageServer, fetcher: Fetcher, status: int) -> None:
    server.routes["/secret"] = lambda h: Reply(status, b"<html>no</html>", HTML_UTF8)
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(server.url("/secret"))
    assert f"HTTP {status}" in caught.value.user_message
    assert "login" in caught.value.user_message


async def test_server_error(server: PageServer, fetcher: Fetcher) -> None:
    server.routes["/boom"] = lambda h: Reply(503, b"busy", {"Content-Type": "text/plain"})
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(server.url("/boom"))
    assert "HTTP 503" in caught.value.user_message


async def test_javascript_shell_has_no_article(server: PageServer, fetcher: Fetcher) -> None:
    server.routes["/app"] = lambda h: html(javascript_shell())
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(server.url("/app"))
    assert caught.value.user_message == NO_ARTICLE_MESSAGE


async def test_login_page_is_named(server: PageServer, fetcher: Fetcher) -> None:
    server.routes["/premium"] = lambda h: Reply(302, b"", {"Location": "/login?next=/premium"})
    server.routes["/login"] = lambda h: html(login_page())
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(server.url("/premium"))
    assert caught.value.user_message == LOGIN_MESSAGE


async def test_binary_file_named_html(server: PageServer, fetcher: Fetcher) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    server.routes["/page.html"] = lambda h: Reply(200, png, {"Content-Type": "text/html"})
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(server.url("/page.html"))
    assert caught.value.user_message == NOT_TEXT_MESSAGE


async def test_unsupported_content_type_is_not_downloaded(
    server: PageServer, fetcher: Fetcher
) -> None:
    server.routes["/photo"] = lambda h: Reply(
        200, b"\xff\xd8\xff" * 10, {"Content-Type": "image/jpeg"}
    )
    with pytest.raises(UnsupportedTypeError) as caught:
        await fetcher.fetch(server.url("/photo"))
    assert "image" in caught.value.user_message
    assert "PDF" in caught.value.user_message


async def test_redirect_chain_within_limit(server: PageServer, fetcher: Fetcher) -> None:
    for hop in range(5):
        server.routes[f"/r{hop}"] = lambda h, n=hop + 1: Reply(
            301 if n % 2 else 307, b"", {"Location": f"/r{n}"}
        )
    server.routes["/r5"] = lambda h: html(news_page())
    article = await fetcher.fetch(server.url("/r0"))
    assert article.title == TITLE
    assert article.source == server.url("/r0")
    assert article.canonical_url == server.url("/r5")
    assert [seen.path for seen in server.seen] == [f"/r{n}" for n in range(6)]


async def test_too_many_redirects(server: PageServer, fetcher: Fetcher) -> None:
    for hop in range(7):
        server.routes[f"/r{hop}"] = lambda h, n=hop + 1: Reply(302, b"", {"Location": f"/r{n}"})
    server.routes["/r7"] = lambda h: html(news_page())
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(server.url("/r0"))
    assert "redirects too many times" in caught.value.user_message
    assert len(server.seen) == 6  # the first request and five redirects followed, no more


async def test_redirect_loop(server: PageServer, fetcher: Fetcher) -> None:
    server.routes["/a"] = lambda h: Reply(302, b"", {"Location": "/b"})
    server.routes["/b"] = lambda h: Reply(302, b"", {"Location": server.url("/a")})
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(server.url("/a"))
    assert "loop" in caught.value.user_message
    assert len(server.seen) == 2


async def test_redirect_to_other_scheme_is_refused(server: PageServer, fetcher: Fetcher) -> None:
    server.routes["/a"] = lambda h: Reply(302, b"", {"Location": "file:///etc/passwd"})
    with pytest.raises(BlockedURLError) as caught:
        await fetcher.fetch(server.url("/a"))
    assert "http" in caught.value.user_message


async def test_canonical_url_after_redirect_drops_tracking(
    server: PageServer, fetcher: Fetcher
) -> None:
    server.routes["/short"] = lambda h: Reply(
        301,
        b"",
        {"Location": "/news/depot?id=7&utm_source=tg&utm_medium=social&fbclid=abc#comments"},
    )
    server.routes["/news/depot"] = lambda h: html(news_page())
    article = await fetcher.fetch(f"HTTP://127.0.0.1:{server.port}/short?utm_campaign=x#top")
    assert article.canonical_url == server.url("/news/depot?id=7")


def _slow(handler: Handler) -> Reply:
    handler.server.stopping.wait(10)  # far longer than the fetcher's timeout
    return html(news_page())


async def test_slow_endpoint_times_out(server: PageServer) -> None:
    server.routes["/slow"] = _slow
    fetcher = Fetcher(allow_private=True, timeout=0.5)
    try:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(server.url("/slow"))
    finally:
        await fetcher.aclose()
    assert "too long" in caught.value.user_message


def _endless(handler: Handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    chunk = b"<p>" + b"endless words " * 4000 + b"</p>\n"
    try:
        handler.wfile.write(b"<html><body>")
        while not handler.server.stopping.is_set():
            handler.wfile.write(chunk)
    except OSError:
        pass  # the fetcher hung up, as it should


async def test_endless_body_hits_size_cap(server: PageServer) -> None:
    server.routes["/endless"] = _endless
    fetcher = Fetcher(allow_private=True, max_bytes=256 * 1024, timeout=5.0)
    try:
        with pytest.raises(TooLargeError) as caught:
            await fetcher.fetch(server.url("/endless"))
    finally:
        await fetcher.aclose()
    assert "too large" in caught.value.user_message


async def test_declared_length_over_cap_is_refused(server: PageServer) -> None:
    body = b"<html><body>" + b"<p>words</p>" * 20000 + b"</body></html>"
    server.routes["/big"] = lambda h: Reply(200, body, {"Content-Type": "text/html"})
    fetcher = Fetcher(allow_private=True, max_bytes=100 * 1024, timeout=5.0)
    try:
        with pytest.raises(TooLargeError):
            await fetcher.fetch(server.url("/big"))
    finally:
        await fetcher.aclose()


async def test_gzip_bomb_is_capped_after_decompression(server: PageServer) -> None:
    body = gzip.compress(b"<html><body><p>" + b"a" * (4 * 1024 * 1024) + b"</p></body></html>")
    assert len(body) < 100 * 1024  # small on the wire, big once unpacked
    server.routes["/bomb"] = lambda h: Reply(
        200, body, {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    fetcher = Fetcher(allow_private=True, max_bytes=1024 * 1024, timeout=5.0)
    try:
        with pytest.raises(TooLargeError):
            await fetcher.fetch(server.url("/bomb"))
    finally:
        await fetcher.aclose()


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("ftp://example.com/file.txt", "http"),
        ("javascript:alert(1)", "http"),
        ("file:///etc/passwd", "http"),
        ("http://exa mple.com/", "broken"),
        ("http://", "broken"),
        ("http://example.com:99999/", "broken"),
        ("http://a..b/", "broken"),
        ("http://user:secret@example.com/", "password"),
    ],
)
async def test_bad_links_are_refused(fetcher: Fetcher, url: str, fragment: str) -> None:
    with pytest.raises(BlockedURLError) as caught:
        await fetcher.fetch(url)
    assert fragment in caught.value.user_message


async def test_dns_failure(server: PageServer) -> None:
    async def nowhere(host: str, port: int) -> list[str]:
        raise OSError(-2, "Name or service not known")

    fetcher = Fetcher(allow_private=True, resolver=nowhere)
    try:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch("https://no-such-site.example/article")
    finally:
        await fetcher.aclose()
    assert "couldn't find the site no-such-site.example" in caught.value.user_message


async def test_connection_refused(fetcher: Fetcher, server: PageServer) -> None:
    port = server.port
    server.shutdown()
    server.server_close()  # nothing listens on the port any more
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(f"http://127.0.0.1:{port}/")
    assert "couldn't connect" in caught.value.user_message


def _resolve_to_loopback(names: set[str]):  # type: ignore[no-untyped-def]
    async def resolver(host: str, port: int) -> list[str]:
        if host in names:
            return ["127.0.0.1"]
        raise OSError(-2, "Name or service not known")

    return resolver


async def test_tls_certificate_for_the_name_is_verified(
    tls_server: PageServer, certificate: Certificate
) -> None:
    """The connection goes to the pinned 127.0.0.1, yet TLS checks the name (SNI)."""
    tls_server.routes["/a"] = lambda h: html(news_page())
    trusting = ssl.create_default_context(cafile=str(certificate.cert))
    fetcher = Fetcher(
        allow_private=True,
        resolver=_resolve_to_loopback({"secure.example"}),
        ssl_context=trusting,
    )
    try:
        article = await fetcher.fetch(tls_server.url("/a", host="secure.example"))
        assert article.title == TITLE
        # The same server under another name fails verification: the name is what counts.
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(tls_server.url("/a", host="127.0.0.1"))
    finally:
        await fetcher.aclose()
    assert "secure connection" in caught.value.user_message


async def test_tls_failure_with_untrusted_certificate(tls_server: PageServer) -> None:
    tls_server.routes["/a"] = lambda h: html(news_page())
    fetcher = Fetcher(allow_private=True, resolver=_resolve_to_loopback({"secure.example"}))
    try:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(tls_server.url("/a", host="secure.example"))
    finally:
        await fetcher.aclose()
    assert "secure connection" in caught.value.user_message
    assert tls_server.seen == []


def _cut_off(handler: Handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    handler.wfile.write(b"<html><body><p>only the start of the page")
    # The handler returns and the connection closes long before 100000 bytes.


async def test_body_cut_off_midway(server: PageServer, fetcher: Fetcher) -> None:
    server.routes["/cut"] = _cut_off
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(server.url("/cut"))
    assert "broken answer" in caught.value.user_message


async def test_broken_gzip(server: PageServer, fetcher: Fetcher) -> None:
    server.routes["/gz"] = lambda h: Reply(
        200, b"this is not gzip at all", {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(server.url("/gz"))
    assert "broken answer" in caught.value.user_message


async def test_paywall_teaser_is_named(server: PageServer, fetcher: Fetcher) -> None:
    teaser = simple_page("Depot plans", ARTICLE_PARAGRAPHS[:2]).replace(
        "</article>",
        '</article><div class="paywall-overlay"><p>Subscribe to continue reading.</p>'
        "<p>Already a subscriber? Log in.</p></div>",
    )
    server.routes["/paid"] = lambda h: html(teaser)
    with pytest.raises(FetchError) as caught:
        await fetcher.fetch(server.url("/paid"))
    assert caught.value.user_message == LOGIN_MESSAGE


async def test_full_article_mentioning_subscriptions_is_kept(
    server: PageServer, fetcher: Fetcher
) -> None:
    page = news_page().replace("</footer>", "<p>Already a subscriber? Log in.</p></footer>")
    server.routes["/a"] = lambda h: html(page)
    article = await fetcher.fetch(server.url("/a"))
    assert article.text.split("\n\n") == list(ARTICLE_PARAGRAPHS)


async def test_concurrent_fetches_are_capped(server: PageServer) -> None:
    """Many links at once: at most ``max_concurrent`` are fetched at a time, the others
    wait their turn and still succeed."""
    in_flight, most = 0, 0
    lock = threading.Lock()

    def slow(handler: Handler) -> Reply:
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        time.sleep(0.2)
        with lock:
            in_flight -= 1
        return html(simple_page(TITLE, ARTICLE_PARAGRAPHS))

    server.routes["/slow"] = slow
    capped = Fetcher(allow_private=True, timeout=10.0, max_concurrent=2)
    try:
        urls = [server.url(f"/slow?reader={i}") for i in range(8)]
        articles = await asyncio.gather(*(capped.fetch(url) for url in urls))
    finally:
        await capped.aclose()
    assert len(articles) == 8 and all(a.text for a in articles)
    assert most == 2
