"""Undoing a response's Content-Encoding in bounded steps, with the size cap applied
while inflating.

httpx inflates each network chunk in one call, so a few kilobytes of stacked gzip
become gigabytes before any cap is counted. Here one layer of gzip or deflate is
inflated at most ``STEP`` bytes at a time and the cap is checked after every step:
memory and work stay within the cap, whatever the ratio. Two or more layers are
refused, since no browser-facing server needs them.
"""

from __future__ import annotations

import zlib

from bot.errors import FetchError

STEP = 64 * 1024  # bytes of output per inflate call
_GZIP = frozenset({"gzip", "x-gzip"})
_DEFLATE = "deflate"
ACCEPT_ENCODING = "gzip, deflate"

STACKED_MESSAGE = "That site sent its page compressed several times over, so I can't read it."
BROKEN_MESSAGE = "The site sent a broken answer; try again later."


class BodyTooLargeError(Exception):
    """The decoded body grew past the cap (the fetcher turns it into its own message)."""


def _codings(header: str) -> list[str]:
    names = [name.strip().lower() for name in header.split(",")]
    return [name for name in names if name and name != "identity"]


class BodyDecoder:
    """Feed it the raw body chunk by chunk; it returns the decoded bytes, never more
    than ``max_bytes`` in all (``BodyTooLargeError`` as soon as there would be more)."""

    def __init__(self, content_encoding: str, max_bytes: int) -> None:
        codings = _codings(content_encoding)
        if len(codings) > 1:
            raise FetchError(STACKED_MESSAGE)
        self._coding = codings[0] if codings else None
        if self._coding is not None and self._coding not in _GZIP | {_DEFLATE}:
            raise FetchError(
                f"That site sent its page in a compression I can't read ({self._coding})."
            )
        self._max_bytes = max_bytes
        self._total = 0
        self._inflater = self._new_inflater(raw=False)
        self._started = False

    def _new_inflater(self, *, raw: bool) -> zlib._Decompress | None:
        if self._coding is None:
            return None
        if self._coding in _GZIP:
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        # "deflate" is meant to be zlib-wrapped, but some servers send it raw.
        return zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)

    def _count(self, piece: bytes) -> bytes:
        self._total += len(piece)
        if self._total > self._max_bytes:
            raise BodyTooLargeError()
        return piece

    def feed(self, chunk: bytes) -> bytes:
        if self._inflater is None:
            return self._count(chunk)
        if not self._started and chunk and self._coding == _DEFLATE:
            self._started = True
            try:
                zlib.decompressobj().decompress(chunk[:2])
            except zlib.error:
                self._inflater = self._new_inflater(raw=True)
        assert self._inflater is not None
        pieces: list[bytes] = []
        data = chunk
        try:
            while data and not self._inflater.eof:
                pieces.append(self._count(self._inflater.decompress(data, STEP)))
                data = self._inflater.unconsumed_tail
        except zlib.error:
            raise FetchError(BROKEN_MESSAGE) from None
        return b"".join(pieces)

    def flush(self) -> bytes:
        if self._inflater is None or self._inflater.eof:
            return b""
        try:
            return self._count(self._inflater.flush(STEP))
        except zlib.error:
            raise FetchError(BROKEN_MESSAGE) from None
