"""A real HTTP server on 127.0.0.1 for the ingest tests.

Each test adds routes (path -> handler) to a fresh server. The server counts TCP
connections as well as requests, so "refused without connecting" is checked at
the socket level, not only at the HTTP level.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Route = Callable[["Handler"], Reply | None]  # None: the route wrote the answer itself


@dataclass
class SeenRequest:
    path: str
    headers: dict[str, str]


class Handler(BaseHTTPRequestHandler):
    server: PageServer

    def do_GET(self) -> None:
        self.server.seen.append(SeenRequest(self.path, dict(self.headers.items())))
        route = self.server.routes.get(self.path.split("?", 1)[0])
        if route is None:
            reply: Reply | None = Reply(404, b"<html><body>Not found</body></html>")
        else:
            reply = route(self)
        if reply is None:
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if "Content-Length" not in reply.headers:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean


class PageServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, Route] = {}
        self.seen: list[SeenRequest] = []
        self.connections = 0
        self.stopping = threading.Event()
        self._ssl_context = ssl_context

    def get_request(self) -> Any:
        sock, address = super().get_request()
        self.connections += 1
        if self._ssl_context is not None:
            sock = self._ssl_context.wrap_socket(
                sock, server_side=True, do_handshake_on_connect=False
            )
        return sock, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hang up on purpose (size caps, timeouts, TLS failures)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        scheme = "https" if self._ssl_context is not None else "http"
        return f"{scheme}://{host}:{self.port}{path}"


def _start(ssl_context: ssl.SSLContext | None = None) -> Iterator[PageServer]:
    server = PageServer(ssl_context)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        thread.join()
        server.server_close()


@pytest.fixture
def server() -> Iterator[PageServer]:
    yield from _start()


@pytest.fixture
def other_server() -> Iterator[PageServer]:
    yield from _start()


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path


@pytest.fixture
def certificate(tmp_path: Path) -> Certificate:
    """A self-signed certificate for the name secure.example (made with the openssl CLI)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=secure.example",
            "-addext", "subjectAltName=DNS:secure.example",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return Certificate(cert, key)


@pytest.fixture
def tls_server(certificate: Certificate) -> Iterator[PageServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate.cert, certificate.key)
    yield from _start(context)
