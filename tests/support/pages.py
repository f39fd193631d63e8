"""A tiny web server on 127.0.0.1 serving fixed pages: the "internet" of link tests."""

from __future__ import annotations

import asyncio
import contextlib
from types import TracebackType

from tests.emulator.server import read_request, write_response


class PageServer:
    def __init__(self, pages: dict[str, tuple[str, bytes]]) -> None:
        """``pages``: path -> (content type, body)."""
        self.pages = pages
        self.requests: list[str] = []
        self._server: asyncio.Server | None = None

    def url(self, path: str) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}{path}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await read_request(reader)
            if request is None:
                return
            path = request.target.split("?", 1)[0]
            self.requests.append(path)
            page = self.pages.get(path)
            if page is None:
                await write_response(
                    writer, 404, b"not found", content_type="text/plain", close=True
                )
            else:
                await write_response(writer, 200, page[1], content_type=page[0], close=True)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def __aenter__(self) -> PageServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
