"""The httpx-free half of the default transport (`_aiohttp`): request headers that keep the
token out of reprs, the environment's proxies, the capped body read, and aiohttp's timeouts
for an attempt."""

from __future__ import annotations

import asyncio
import base64
import math
import urllib.request
from collections.abc import AsyncGenerator, Awaitable, Mapping
from typing import TYPE_CHECKING, Final, Protocol

import aiohttp
import multidict
import yarl

from ._translate import BodyTooLargeError

if TYPE_CHECKING:
    import httpx

#: The most entries a small per-transport cache keeps.
SMALL_CACHE: Final = 64

#: Proxy schemes aiohttp can use; with another one in the environment (``socks5://``...)
#: the SDK's default picks httpx's transport instead.
PROXY_SCHEMES: Final = frozenset({"http", "https"})

#: Where to send requests for one origin: ``(proxy URL, Proxy-Authorization value)``.
Route = tuple[yarl.URL | None, str | None]


class Redacted(str):
    """A header value (the token) whose repr is hidden, wherever aiohttp copies it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'<redacted>'"


class WireHeaders(multidict.CIMultiDict[str]):
    """Request headers for aiohttp; the repr shows names only, never values."""

    def __repr__(self) -> str:
        return f"<WireHeaders {list(self.keys())}>"


class TokenSource(Protocol):
    """What the transport needs of the SDK's token provider (`_auth.TokenProvider`)."""

    @property
    def signatures(self) -> int: ...

    def get(self) -> str: ...


def environment_proxies() -> dict[str, str]:
    """The environment's proxy settings (``{"https": ..., "no": ...}``), as urllib reads them."""
    return {
        scheme: value if "://" in value or scheme == "no" else f"http://{value}"
        for scheme, value in urllib.request.getproxies_environment().items()
        if value
    }


def unsupported_proxy(proxies: Mapping[str, str]) -> str | None:
    """The first proxy URL in ``proxies`` that aiohttp cannot use, if any."""
    for scheme, value in proxies.items():
        if scheme != "no" and yarl.URL(value).scheme not in PROXY_SCHEMES:
            return value
    return None


def proxy_for(url: str, proxies: Mapping[str, str]) -> Route:
    """The proxy for requests to ``url``'s origin, and the ``Proxy-Authorization`` its URL
    implies. ``(None, None)``: direct."""
    origin = yarl.URL(url)
    host = origin.raw_host or ""
    where = f"{host}:{origin.port}" if origin.explicit_port else host
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    if proxies.get("no") and bypass(where, proxies):
        return None, None
    raw = proxies.get(origin.scheme) or proxies.get("all")
    if not raw:
        return None, None
    proxy = yarl.URL(raw)
    if proxy.user is None:
        return proxy, None
    # Not aiohttp.BasicAuth (deprecated in aiohttp 3.14): the header, built here.
    credentials = f"{proxy.user}:{proxy.password or ''}".encode()
    return proxy.with_user(None), Redacted(f"Basic {base64.b64encode(credentials).decode()}")


def read_capped(answer: aiohttp.ClientResponse, max_body: int | None) -> Awaitable[bytes]:
    """The whole body (to await), refusing one over ``max_body`` bytes (after decompression).

    A body whose length is declared and small enough is aiohttp's own ``read()``: one frame
    less on the hot path.
    """
    length = answer.content_length
    if max_body is None or (
        length is not None and length <= max_body and "Content-Encoding" not in answer.headers
    ):
        return answer.read()  # aiohttp reads exactly Content-Length bytes
    return _read_chunks(answer, length, max_body)


async def _read_chunks(answer: aiohttp.ClientResponse, length: int | None, max_body: int) -> bytes:
    if length is not None and length > max_body:
        raise BodyTooLargeError(length)
    chunks = []
    size = 0
    while chunk := await answer.content.readany():
        size += len(chunk)
        if size > max_body:
            raise BodyTooLargeError(size)
        chunks.append(chunk)
    return b"".join(chunks)


async def close_with_loop(session: aiohttp.ClientSession) -> AsyncGenerator[None]:
    """Close ``session`` when this generator is closed: by the transport's ``aclose``, by the
    event loop shutting down (``asyncio.run`` closes every async generator it saw start), or
    when the transport is dropped. So an SDK never closed leaves no "Unclosed client session"
    noise and no open socket behind."""
    try:
        yield
    finally:
        await session.close()
        # Closing a transport only schedules the socket's close: give it a turn of the loop,
        # which may be shutting down right after this.
        await asyncio.sleep(0)


def capped_timeouts(timeout: httpx.Timeout, remaining: float | None) -> dict[str, float | None]:
    """httpx's ``timeout`` request extension, each phase capped at ``remaining`` seconds."""
    values = timeout.as_dict()
    if remaining is None:
        return values
    return {k: remaining if v is None else min(v, remaining) for k, v in values.items()}


def client_timeout_of(timeout: Mapping[str, float | None]) -> aiohttp.ClientTimeout:
    """aiohttp's timeouts for httpx's (the ``timeout`` request extension). No ``total``: the
    call's deadline bounds an attempt from the pipeline (`_deadline`), on both transports."""
    pool, connect = timeout.get("pool"), timeout.get("connect")
    return aiohttp.ClientTimeout(
        total=None,
        connect=None if pool is None or connect is None else pool + connect,
        sock_connect=connect,
        sock_read=timeout.get("read"),
        ceil_threshold=math.inf,
    )


class AttemptTimeouts:
    """aiohttp's timeouts for an attempt: httpx's per-phase ones, each capped at the seconds
    left before the call's deadline. Uncapped ones are made once per ``httpx.Timeout``.
    """

    def __init__(self) -> None:
        self._phases: dict[int, tuple[httpx.Timeout, aiohttp.ClientTimeout, float]] = {}

    def __call__(self, timeout: httpx.Timeout, remaining: float | None) -> aiohttp.ClientTimeout:
        cached = self._phases.get(id(timeout))
        if cached is None or cached[0] is not timeout:
            values = timeout.as_dict()
            finite = [v for v in values.values() if v is not None]
            longest = max(finite) if len(finite) == len(values) else float("inf")
            cached = (timeout, client_timeout_of(values), longest)
            if len(self._phases) < SMALL_CACHE:
                self._phases[id(timeout)] = cached
        if remaining is None or remaining >= cached[2]:
            return cached[1]
        return client_timeout_of(capped_timeouts(timeout, remaining))
