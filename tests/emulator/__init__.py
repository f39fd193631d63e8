"""A Bot API emulator for the tests: the same behaviour over HTTP or without sockets."""

from tests.emulator.botapi import JSON, ApiError, BotAPI, Call, Fault, StoredFile
from tests.emulator.request import EmulatorRequest
from tests.emulator.server import BotAPIServer
from tests.emulator.telegram_html import ParseError, parse_html, utf16_len

__all__ = [
    "JSON",
    "ApiError",
    "BotAPI",
    "BotAPIServer",
    "Call",
    "EmulatorRequest",
    "Fault",
    "ParseError",
    "StoredFile",
    "parse_html",
    "utf16_len",
]
