"""Decompress an answer's body under a size cap (the httpx transport's side of the cap).

httpx's own decoders inflate each chunk whole: one 64 KiB chunk of a gzip bomb becomes
64 MiB before the SDK could count it. `Inflater` asks zlib for at most the bytes the cap
still allows (``decompressobj().decompress(data, max_length)``), so memory stays within the
cap whatever the compression ratio. aiohttp's transport caps its own decompression.
"""

from __future__ import annotations

import zlib
from typing import Final

from ._translate import BodyTooLargeError

#: ``Content-Encoding`` values this module decodes (what the SDK's httpx client asks for).
ENCODINGS: Final = frozenset({"gzip", "x-gzip", "deflate"})


class InflateError(Exception):
    """The body is not valid data of its declared encoding."""


class Inflater:
    """Inflate ``gzip`` or ``deflate`` chunks; at most ``max_body`` bytes out in all.

    ``deflate`` is zlib-wrapped data, or raw deflate (what some servers send), as httpx
    reads it.
    """

    def __init__(self, encoding: str, max_body: int) -> None:
        self._deflate = encoding == "deflate"
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS | (0 if self._deflate else 16))
        self._first = True
        self._left = max_body
        self._max = max_body

    def feed(self, data: bytes) -> list[bytes]:
        """The bytes ``data`` inflates to (several pieces).

        Raises:
            BodyTooLargeError: The output would pass ``max_body``.
            InflateError: Corrupt data.
        """
        pieces = []
        try:
            while data:
                piece = self._inflate(data)
                data = self._zlib.unconsumed_tail
                if piece:
                    pieces.append(piece)
        except zlib.error as exc:
            raise InflateError(f"{type(exc).__name__}: {exc}") from None
        return pieces

    def _inflate(self, data: bytes) -> bytes:
        try:
            # One byte over the cap is enough to know the body is too large.
            piece = self._zlib.decompress(data, self._left + 1)
        except zlib.error:
            if not (self._deflate and self._first):
                raise
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate
            piece = self._zlib.decompress(data, self._left + 1)
        self._first = False
        self._left -= len(piece)
        if self._left < 0:
            raise BodyTooLargeError(self._max + 1)
        return piece

    def close(self) -> bytes:
        """What the decompressor still holds (checked against the cap)."""
        try:
            rest = self._zlib.flush()
        except zlib.error as exc:
            raise InflateError(f"{type(exc).__name__}: {exc}") from None
        self._left -= len(rest)
        if self._left < 0:
            raise BodyTooLargeError(self._max + 1)
        return rest
