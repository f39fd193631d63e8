"""An httpx transport that connects only to addresses the guard has checked.

httpx resolves host names itself when it connects, which would be a second DNS
lookup after our check (a rebinding attacker can answer differently the second
time). Instead the request keeps its host name (so the Host header, TLS SNI and
certificate checks all use the name) while our httpcore network backend opens
the TCP connection to the pinned IP address. Built only from public httpx and
httpcore APIs: ``httpx.AsyncBaseTransport``, ``httpcore.AsyncConnectionPool``
and ``httpcore.AsyncNetworkBackend``.
"""

from __future__ import annotations

import contextlib
import logging
import ssl
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator

import httpcore
import httpx

logger = logging.getLogger(__name__)


class UnpinnedHostError(httpcore.ConnectError):
    """A connection was requested for a host the guard never checked (fail closed)."""


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections to the checked addresses of a host, never to the name."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.AnyIOBackend()
        self._pins: dict[tuple[str, int], tuple[str, ...]] = {}

    def pin(self, host: str, port: int, addresses: Iterable[str]) -> None:
        """Connections to ``host:port`` go to ``addresses`` (all of them checked)."""
        self._pins[(host.lower(), port)] = tuple(addresses)

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = self._pins.get((host.strip("[]").lower(), port))
        if not addresses:
            raise UnpinnedHostError(f"refusing to connect to unchecked host {host}:{port}")
        error: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are never used for fetching links")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _httpx_error(exc: httpcore.TimeoutException | httpcore.NetworkError | Exception) -> Exception:
    """The httpx exception of the same name, so callers only handle httpx's hierarchy."""
    for cls in type(exc).__mro__:
        mapped = getattr(httpx, cls.__name__, None)
        if isinstance(mapped, type) and issubclass(mapped, httpx.TransportError):
            return mapped(str(exc))
    return httpx.TransportError(str(exc))


@contextlib.contextmanager
def _mapped_errors() -> Iterator[None]:
    try:
        yield
    except (
        httpcore.TimeoutException,
        httpcore.NetworkError,
        httpcore.ProtocolError,
        httpcore.ProxyError,
        httpcore.UnsupportedProtocol,
    ) as exc:
        raise _httpx_error(exc) from exc


class _ResponseStream(httpx.AsyncByteStream):
    def __init__(self, stream: AsyncIterable[bytes]) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _mapped_errors():
            async for chunk in self._stream:
                yield chunk

    async def aclose(self) -> None:
        close = getattr(self._stream, "aclose", None)
        if close is not None:
            with _mapped_errors():
                await close()


class PinnedTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 over a connection pool whose sockets go through ``PinnedBackend``."""

    def __init__(
        self,
        backend: PinnedBackend,
        *,
        ssl_context: ssl.SSLContext | None = None,
        max_connections: int = 16,
    ) -> None:
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(),
            max_connections=max_connections,
            max_keepalive_connections=max_connections // 2,
            keepalive_expiry=15.0,
            http1=True,
            http2=False,
            network_backend=backend,
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.AsyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _mapped_errors():
            core_response = await self._pool.handle_async_request(core_request)
        assert isinstance(core_response.stream, AsyncIterable)
        return httpx.Response(
            status_code=core_response.status,
            headers=core_response.headers,
            stream=_ResponseStream(core_response.stream),
            extensions=core_response.extensions,
            request=request,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()
