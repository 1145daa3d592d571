"""An httpx transport on top of aiohttp (extra ``fast``): ``AsyncVideoSDK(http_backend="aiohttp")``.

Why our own and not the ``httpx-aiohttp`` package: that package maps every
``aiohttp.ClientConnectionError`` to ``httpx.ConnectTimeout``, and
``ServerDisconnectedError`` (the server hung up *after* the request was sent) is one of them.
A retry policy that trusts that mapping repeats a POST whose outcome is unknown, which can
create a meeting twice. This module keeps the distinction the retry policy depends on:

- could not connect (``ClientConnectorError``, a connect timeout): ``httpx.ConnectError`` /
  ``httpx.ConnectTimeout``, safe to repeat;
- sent, then no (complete) answer (``ServerDisconnectedError``, a reset, a payload error, a
  read timeout): ``httpx.RemoteProtocolError`` / ``httpx.ReadError`` / ``httpx.ReadTimeout``.

The whole body is read inside the transport (the SDK's answers are small JSON documents), so
the connection goes back to aiohttp's pool before the response is even returned.
"""

from __future__ import annotations

import ssl
from typing import Any

import aiohttp
import httpx

#: aiohttp errors mapped to httpx's, most specific first (the first match wins).
_ERRORS: tuple[tuple[type[BaseException], type[httpx.TransportError]], ...] = (
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
    (aiohttp.SocketTimeoutError, httpx.ReadTimeout),
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
    (aiohttp.ClientConnectorError, httpx.ConnectError),
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),
    (aiohttp.ClientPayloadError, httpx.ReadError),
    (aiohttp.ClientConnectionError, httpx.ReadError),
    (aiohttp.InvalidURL, httpx.UnsupportedProtocol),
    (aiohttp.NonHttpUrlClientError, httpx.UnsupportedProtocol),
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError),
    (aiohttp.ClientError, httpx.ReadError),
    (TimeoutError, httpx.ReadTimeout),
)


def map_error(exc: BaseException, request: httpx.Request) -> httpx.TransportError | None:
    """The httpx error that stands for an aiohttp one (None if it is not a transport error)."""
    for source, target in _ERRORS:
        if isinstance(exc, source):
            return target(f"{type(exc).__name__}: {exc}", request=request)
    return None


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Send httpx requests with an ``aiohttp.ClientSession`` (one pool, created lazily).

    Args:
        max_connections: The size of aiohttp's connection pool.
        ssl_context: TLS settings; default: certificates verified (httpx's default context).
        keepalive_expiry: Seconds an idle connection is kept.
    """

    def __init__(
        self,
        *,
        max_connections: int = 100,
        ssl_context: ssl.SSLContext | None = None,
        keepalive_expiry: float = 5.0,
    ) -> None:
        self._max_connections = max_connections
        self._ssl = ssl_context if ssl_context is not None else httpx.create_ssl_context()
        self._keepalive = keepalive_expiry
        self._session: aiohttp.ClientSession | None = None

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._max_connections,
                limit_per_host=0,
                keepalive_timeout=self._keepalive,
                ssl=self._ssl,
            )
            # No cookie jar, no proxy or netrc from the environment: an API client sends
            # exactly what it built.
            self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=True,
                skip_auto_headers=("User-Agent",),
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``; return a fully read `httpx.Response`."""
        timeout = request.extensions.get("timeout", {})
        pool, connect = timeout.get("pool"), timeout.get("connect")
        client_timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None if pool is None or connect is None else pool + connect,
            sock_connect=connect,
            sock_read=timeout.get("read"),
        )
        session = self._get_session()
        try:
            async with session.request(
                request.method,
                str(request.url),
                headers=_headers(request),
                data=request.content or None,
                allow_redirects=False,
                timeout=client_timeout,
            ) as answer:
                body = await answer.read()
                status = answer.status
                headers = [
                    (k, v)
                    for k, v in answer.raw_headers
                    if k.lower() not in (b"content-encoding", b"content-length")
                ]
                reason = answer.reason
        except (TimeoutError, aiohttp.ClientError) as exc:
            mapped = map_error(exc, request)
            if mapped is None:  # pragma: no cover (every ClientError maps)
                raise
            raise mapped from exc
        extensions: dict[str, Any] = {"http_version": b"HTTP/1.1"}
        if reason:
            extensions["reason_phrase"] = reason.encode()
        return httpx.Response(
            status, headers=headers, content=body, request=request, extensions=extensions
        )

    async def aclose(self) -> None:
        """Close aiohttp's session and its connections."""
        if self._session is not None:
            await self._session.close()
            self._session = None


def _headers(request: httpx.Request) -> dict[str, str]:
    # aiohttp sets Host and Content-Length itself; drop httpx's (the values are the same).
    return {
        k: v
        for k, v in request.headers.items()
        if k not in ("host", "content-length", "accept-encoding")
    }
