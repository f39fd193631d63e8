"""Fetching a link safely: guard every hop, pin the checked address, cap time and size."""

from __future__ import annotations

import asyncio
import logging
import re
import ssl
from dataclasses import replace
from urllib.parse import urljoin, urlsplit

import httpx

from bot.config import MAX_INPUT_BYTES
from bot.errors import BriefError, FetchError, TooLargeError, UnsupportedTypeError
from bot.ingest.decoding import ACCEPT_ENCODING, BodyDecoder, BodyTooLargeError
from bot.ingest.extract import NO_ARTICLE_MESSAGE, extract_html
from bot.ingest.files import NOT_TEXT_MESSAGE, decode_plain, size_label
from bot.ingest.isolation import shared_runner
from bot.ingest.netguard import AddressGuard, Resolver
from bot.ingest.pdf import pdf_text
from bot.ingest.textcodec import decode_text, looks_binary, meta_charset
from bot.ingest.transport import PinnedBackend, PinnedTransport
from bot.ingest.types import ExtractedArticle
from bot.ingest.urls import WebURL, canonical_url, parse_web_url

logger = logging.getLogger(__name__)

USER_AGENT = "BriefBot/0.1 (article summariser)"
MAX_REDIRECTS = 5
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
_PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
# Servers that do not know better label PDFs and pages with these; the bytes decide.
_SNIFF_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--|<meta|<title)", re.I)
_LOGIN_HINTS = re.compile(
    rb"""<input[^>]+type\s*=\s*["']?password|<form[^>]+(?:login|signin|sign-in)|paywall""",
    re.IGNORECASE,
)
_PAYWALL_HINTS = re.compile(
    r"subscribe (?:now )?to (?:continue|keep) reading|to continue reading,? (?:please )?"
    r"(?:subscribe|log in|sign in)|subscribers only|already a subscriber|class=[\"'][^\"']*paywall",
    re.IGNORECASE,
)
_TEASER_CHARS = 700
_LOGIN_PATH = re.compile(r"/(?:login|log-in|signin|sign-in|sign_in|auth|account|subscribe)\b", re.I)

LOGIN_MESSAGE = "That page is behind a login or a paywall, so I can't read it."
SUPPORTED_CONTENT = "I read web pages, plain text and PDF files."


def _status_error(status: int) -> FetchError:
    if status in (404, 410):
        return FetchError(f"That page does not exist (HTTP {status}).")
    if status in (401, 403):
        return FetchError(
            f"That site refused me access (HTTP {status}); the page may need a login "
            "or a subscription."
        )
    if status == 402:
        return FetchError(f"That page is behind a paywall (HTTP {status}).")
    if status == 429:
        return FetchError("That site is limiting requests right now (HTTP 429); try again later.")
    if status == 451:
        return FetchError("That page is not available for legal reasons (HTTP 451).")
    if status >= 500:
        return FetchError(f"That site has a problem right now (HTTP {status}); try again later.")
    return FetchError(f"That site did not return the page (HTTP {status}).")


def _is_tls_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError | ssl.CertificateError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class Fetcher:
    """Reads web links into articles without ever becoming a proxy into our network.

    Every hop (the link and each redirect) is parsed, checked by ``AddressGuard``
    and fetched from the exact addresses that were checked. ``allow_private``
    lifts the address and port checks (tests, self-hosted set-ups).

    ``exempt_addresses`` is a test-only seam, see ``AddressGuard``.
    """

    def __init__(
        self,
        *,
        allow_private: bool = False,
        max_bytes: int = MAX_INPUT_BYTES,
        timeout: float = 10.0,
        resolver: Resolver | None = None,
        max_concurrent: int = 4,
        allowed_ports: frozenset[int] = frozenset({80, 443}),
        exempt_addresses: frozenset[tuple[str, int]] = frozenset(),
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._guard = AddressGuard(
            allow_private=allow_private,
            allowed_ports=allowed_ports,
            resolver=resolver,
            exempt=exempt_addresses,
        )
        self._max_bytes = max_bytes
        self._timeout = timeout
        # Per network operation; the whole fetch is bounded by ``timeout`` as well.
        self._request_timeout = httpx.Timeout(timeout, connect=min(5.0, timeout)).as_dict()
        self._semaphore = asyncio.Semaphore(max_concurrent)
        self._backend = PinnedBackend()
        self._transport = PinnedTransport(
            self._backend, ssl_context=ssl_context, max_connections=max(4, 2 * max_concurrent)
        )
        self._headers = {
            "User-Agent": USER_AGENT,
            "Accept": (
                "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,"
                "application/pdf;q=0.8,*/*;q=0.1"
            ),
            "Accept-Encoding": ACCEPT_ENCODING,
        }

    async def aclose(self) -> None:
        await self._transport.aclose()

    async def fetch(self, url: str) -> ExtractedArticle:
        """The article at ``url``; raises a ``FetchError`` (or subclass) / ``TooLargeError``."""
        async with self._semaphore:
            try:
                async with asyncio.timeout(self._timeout):
                    return await self._fetch(url)
            except BriefError:
                raise
            except (TimeoutError, httpx.TimeoutException):
                logger.info("fetch timed out after %.1fs", self._timeout)
                raise FetchError(
                    f"The site took too long to answer (over {self._timeout:g} seconds); "
                    "try again later."
                ) from None
            except httpx.HTTPError as exc:
                # Broken off or undecodable bodies: connection errors were mapped in _send.
                logger.info("broken answer while fetching: %s", type(exc).__name__)
                raise FetchError("The site sent a broken answer; try again later.") from None
            except Exception:
                # A chat must get a sentence, never a traceback; the log keeps the details.
                logger.warning("unexpected error while fetching a link", exc_info=True)
                raise FetchError("I couldn't read that link.") from None

    async def _fetch(self, url: str) -> ExtractedArticle:
        target = parse_web_url(url)
        visited = {target.url}
        cookies = httpx.Cookies()
        for _hop in range(MAX_REDIRECTS + 1):
            addresses = await self._guard.addresses_for(target)
            self._backend.pin(target.host, target.port, [str(a) for a in addresses])
            request = httpx.Request(
                "GET",
                target.url,
                headers=self._headers,
                extensions={"timeout": self._request_timeout},
            )
            cookies.set_cookie_header(request)
            response = await self._send(request, target)
            try:
                cookies.extract_cookies(response)
                if response.status_code in _REDIRECT_STATUSES:
                    target = self._next_hop(target, response, visited)
                    continue
                article = await self._read(target, response)
            finally:
                await response.aclose()
            return replace(article, source=url.strip(), canonical_url=canonical_url(target))
        logger.info("too many redirects for %s", url)
        raise FetchError(f"That link redirects too many times (more than {MAX_REDIRECTS}).")

    async def _send(self, request: httpx.Request, target: WebURL) -> httpx.Response:
        try:
            return await self._transport.handle_async_request(request)
        except httpx.TimeoutException:
            raise
        except httpx.TransportError as exc:
            logger.info("connection to %s failed: %s", target.host, exc)
            if _is_tls_failure(exc):
                raise FetchError(
                    f"I couldn't make a secure connection to {target.host}: "
                    "its certificate or TLS set-up is not valid."
                ) from None
            if isinstance(exc, httpx.ConnectError):
                raise FetchError(
                    f"I couldn't connect to {target.host}; the site may be down."
                ) from None
            raise FetchError(f"{target.host} sent a broken answer.") from None

    def _next_hop(self, target: WebURL, response: httpx.Response, visited: set[str]) -> WebURL:
        location = response.headers.get("location", "").strip()
        if not location:
            raise FetchError(f"{target.host} sent a redirect without a destination.")
        # Some servers put raw spaces in Location; a browser would escape them.
        following = parse_web_url(urljoin(target.url, location.replace(" ", "%20")))
        if following.url in visited:
            logger.info("redirect loop at %s", target.host)
            raise FetchError("That link redirects in a loop, so the page never arrives.")
        visited.add(following.url)
        logger.info("redirect %d from %s to %s", response.status_code, target.host, following.host)
        return following

    async def _read(self, target: WebURL, response: httpx.Response) -> ExtractedArticle:
        status = response.status_code
        if not 200 <= status < 300:
            logger.info("HTTP %d from %s", status, target.host)
            raise _status_error(status)
        content_type, charset = _content_type(response)
        if content_type not in _HTML_TYPES | _TEXT_TYPES | _PDF_TYPES | _SNIFF_TYPES:
            logger.info("unsupported content type %s from %s", content_type, target.host)
            raise UnsupportedTypeError(
                f"That link is {_describe_type(content_type)}, not an article. {SUPPORTED_CONTENT}"
            )
        data = await self._body(response)
        logger.info(
            "fetched %s: HTTP %d, %s, %d bytes", target.host, status, content_type, len(data)
        )
        if not data.strip():
            raise FetchError(NO_ARTICLE_MESSAGE)
        kind = _kind(content_type, data)
        if kind == "pdf":
            # In a worker process the fetch timeout really stops (a PDF can be a bomb).
            text, title = await shared_runner().run(
                self._timeout, pdf_text, data, max_chars=self._max_bytes
            )
            return ExtractedArticle(text=text, title=title, source=target.url)
        if kind == "text":
            text = decode_plain(data, charset)
            if not text:
                raise FetchError(NO_ARTICLE_MESSAGE)
            return ExtractedArticle(text=text, title=None, source=target.url)
        if looks_binary(data):
            raise FetchError(NOT_TEXT_MESSAGE)
        html = decode_text(data, charset, meta_charset(data))
        try:
            article = await asyncio.to_thread(extract_html, html, source=target.url, url=target.url)
        except FetchError:
            if _LOGIN_HINTS.search(data) or _LOGIN_PATH.search(urlsplit(target.url).path):
                raise FetchError(LOGIN_MESSAGE) from None
            raise
        if len(article.text) < _TEASER_CHARS and _PAYWALL_HINTS.search(html):
            # A teaser above "subscribe to continue reading" is not the article.
            logger.info("paywall teaser at %s", target.host)
            raise FetchError(LOGIN_MESSAGE)
        return article

    async def _body(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self._max_bytes:
            raise self._too_large()
        # Inflated here in bounded steps, the cap counted while inflating (a few KB of
        # gzip can be gigabytes), rather than by httpx in one call per network chunk.
        decoder = BodyDecoder(response.headers.get("content-encoding", ""), self._max_bytes)
        chunks: list[bytes] = []
        try:
            async for chunk in response.aiter_raw():
                chunks.append(decoder.feed(chunk))
            chunks.append(decoder.flush())
        except BodyTooLargeError:
            raise self._too_large() from None
        return b"".join(chunks)

    def _too_large(self) -> TooLargeError:
        logger.info("page larger than %d bytes refused", self._max_bytes)
        return TooLargeError(f"That page is too large for me (over {size_label(self._max_bytes)}).")


def _content_type(response: httpx.Response) -> tuple[str, str | None]:
    header = response.headers.get("content-type", "")
    mime, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return mime.strip().lower(), charset


def _kind(content_type: str, data: bytes) -> str:
    if content_type in _PDF_TYPES or data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if content_type in _HTML_TYPES:
        return "html"
    if content_type in _TEXT_TYPES:
        return "text"
    if looks_binary(data):
        raise UnsupportedTypeError(f"That link is not an article. {SUPPORTED_CONTENT}")
    return "html" if _HTML_START.match(data[:1024]) else "text"


def _describe_type(content_type: str) -> str:
    family = content_type.split("/", 1)[0]
    names = {"image": "an image", "video": "a video", "audio": "an audio file"}
    if family in names:
        return f"{names[family]} ({content_type})"
    return f"a {content_type} file" if content_type else "a file of unknown type"
