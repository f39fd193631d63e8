"""A ``telegram.request.BaseRequest`` that answers from a ``BotAPI`` without sockets.

Handler-level tests give it to ``build_application(request=..., get_updates_request=...)``:
the bot sends exactly what it would send over HTTP (the same ``RequestData``
encoding), and the emulator answers with the same JSON, in the same event loop.
"""

from __future__ import annotations

import json
from typing import IO
from urllib.parse import unquote, urlsplit

from telegram.error import NetworkError
from telegram.request import BaseRequest, RequestData

from tests.emulator.botapi import BotAPI, Disconnect


class EmulatorRequest(BaseRequest):
    def __init__(self, api: BotAPI) -> None:
        self.api = api

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        path = unquote(urlsplit(url).path)
        token = self.api.token
        file_prefix = f"/file/bot{token}/"
        if path.startswith(file_prefix):
            data = self.api.download(path[len(file_prefix) :])
            return (200, data) if data is not None else (404, b"Not Found")
        prefix = f"/bot{token}/"
        if not path.startswith(prefix):
            return 401, b'{"ok":false,"error_code":401,"description":"Unauthorized"}'
        params = request_data.json_parameters if request_data else {}
        files: dict[str, tuple[str | None, bytes]] = {}
        if request_data is not None:
            for name, (filename, content, _mime) in request_data.multipart_data.items():
                files[name] = (filename, _read(content))
        try:
            status, payload = await self.api.call(path[len(prefix) :], dict(params), files)
        except Disconnect:
            raise NetworkError("emulated dropped connection") from None
        return status, json.dumps(payload).encode()


def _read(content: bytes | IO[bytes]) -> bytes:
    return content if isinstance(content, bytes) else content.read()
