"""The emulator over HTTP/1.1 on 127.0.0.1, for the real bot talking over loopback.

A small asyncio server (keep-alive, Content-Length or chunked bodies): every
connection is served by its own task, so a long poll never blocks other requests.
Bot API methods are ``POST|GET /bot<token>/<method>`` with parameters in the query
string and a form-encoded, multipart or JSON body; files are ``GET
/file/bot<token>/<path>``.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.parser
import email.policy
import json
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.emulator.botapi import BotAPI, Disconnect

MAX_BODY = 60 * 1024 * 1024
_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    413: "Payload Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass
class _Request:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes

    @property
    def keep_alive(self) -> bool:
        return self.headers.get("connection", "").lower() != "close"


class _BadHTTP(Exception):
    pass


class BotAPIServer:
    """Serves ``api`` on 127.0.0.1 (a free port unless ``port`` is given)."""

    def __init__(self, api: BotAPI | None = None, port: int = 0) -> None:
        self.api = api or BotAPI()
        self._port = port
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def port(self) -> int:
        assert self._server is not None, "the server is not started"
        return int(self._server.sockets[0].getsockname()[1])

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_BASE_URL should be: the token is appended by the client."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self._port)

    async def stop(self) -> None:
        await self.api.close()  # answers the waiting long polls
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    async def __aenter__(self) -> BotAPIServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # --- connections -------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        self._writers.add(writer)
        try:
            while True:
                try:
                    request = await read_request(reader)
                except _BadHTTP:
                    await write_response(writer, 400, b'{"ok":false,"error_code":400}', close=True)
                    return
                if request is None:
                    return
                try:
                    status, body, content_type = await self._respond(request)
                except Disconnect:
                    return  # a fault: the connection goes away without an answer
                await write_response(
                    writer, status, body, content_type=content_type, close=not request.keep_alive
                )
                if not request.keep_alive:
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        except asyncio.CancelledError:
            # stop() cancels idle connections. Ending normally, because Python 3.11's
            # start_server callback reports a cancelled connection task as an error.
            return
        finally:
            self._writers.discard(writer)
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _respond(self, request: _Request) -> tuple[int, bytes, str]:
        url = urlsplit(request.target)
        path = unquote(url.path)
        token = self.api.token
        if path.startswith("/file/bot"):
            prefix = f"/file/bot{token}/"
            if not path.startswith(prefix):
                return 401, b"Unauthorized", "text/plain"
            data = self.api.download(path[len(prefix) :])
            if data is None:
                return 404, b"Not Found", "text/plain"
            return 200, data, "application/octet-stream"
        prefix = f"/bot{token}/"
        if not path.startswith(prefix):
            body = {"ok": False, "error_code": 401, "description": "Unauthorized"}
            return 401, json.dumps(body).encode(), "application/json"
        params: dict[str, Any] = dict(parse_qsl(url.query, keep_blank_values=True))
        body_params, files = _parse_body(request)
        params.update(body_params)
        status, payload = await self.api.call(path[len(prefix) :], params, files)
        return status, json.dumps(payload).encode(), "application/json"


async def read_request(reader: asyncio.StreamReader) -> _Request | None:
    try:
        line = await reader.readline()
    except (ConnectionError, ValueError):
        return None
    if not line:
        return None
    try:
        method, target, _version = line.decode("latin-1").split()
    except ValueError:
        raise _BadHTTP() from None
    headers: dict[str, str] = {}
    while True:
        header = await reader.readline()
        if header in (b"\r\n", b"\n", b""):
            break
        name, _, value = header.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = await _read_chunked(reader)
    else:
        length = int(headers.get("content-length") or 0)
        if length > MAX_BODY:
            raise _BadHTTP()
        body = await reader.readexactly(length) if length else b""
    return _Request(method.upper(), target, headers, body)


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
        if size == 0:
            await reader.readline()
            return b"".join(parts)
        total += size
        if total > MAX_BODY:
            raise _BadHTTP()
        parts.append(await reader.readexactly(size))
        await reader.readline()


def _parse_body(request: _Request) -> tuple[dict[str, Any], dict[str, tuple[str | None, bytes]]]:
    content_type = request.headers.get("content-type", "")
    if not request.body:
        return {}, {}
    if content_type.startswith("application/json"):
        decoded = json.loads(request.body)
        return (decoded if isinstance(decoded, dict) else {}), {}
    if content_type.startswith("multipart/form-data"):
        return _parse_multipart(content_type, request.body)
    return dict(parse_qsl(request.body.decode("utf-8"), keep_blank_values=True)), {}


def _parse_multipart(
    content_type: str, body: bytes
) -> tuple[dict[str, Any], dict[str, tuple[str | None, bytes]]]:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    params: dict[str, Any] = {}
    files: dict[str, tuple[str | None, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            files[name] = (filename, data)
        else:
            params[name] = data.decode("utf-8")
    return params, files


async def write_response(
    writer: asyncio.StreamWriter,
    status: int,
    body: bytes,
    *,
    content_type: str = "application/json",
    close: bool = False,
) -> None:
    head = (
        f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\n"
        f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"Connection: {'close' if close else 'keep-alive'}\r\n\r\n"
    )
    writer.write(head.encode("latin-1") + body)
    await writer.drain()
