"""The SDK's default transport: httpx's transport interface on top of an aiohttp session.

`AsyncVideoSDK` sends with it unless told otherwise (``http_backend="httpx"`` picks httpx's
stock transport). Two ways in:

- `AiohttpTransport.handle_async_request`: the `httpx.AsyncBaseTransport` interface, for an
  ``httpx.AsyncClient`` built on it (the SDK's own client, or a user's);
- `AiohttpTransport.exchange`: the SDK's hot path. The request pipeline hands it the method,
  the URL string, cached headers, the body and the timeouts, and gets back a `WireResponse`
  (an ``httpx.Response``, body read and capped) without building an ``httpx.Request``,
  merging httpx headers or parsing the URL with httpx: per request, that work cost more CPU
  than aiohttp's whole exchange.

Why our own and not the ``httpx-aiohttp`` package: that package maps every
``aiohttp.ClientConnectionError`` to ``httpx.ConnectTimeout``, and
``ServerDisconnectedError`` (the server hung up *after* the request was sent) is one of them.
A retry policy that trusts that mapping repeats a POST whose outcome is unknown, which can
create a meeting twice. This module keeps the distinction the retry policy depends on:

- could not connect (``ClientConnectorError``, a connect timeout): ``httpx.ConnectError`` /
  ``httpx.ConnectTimeout``, safe to repeat;
- sent, then no (complete) answer (``ServerDisconnectedError``, a reset, a payload error, a
  read timeout): ``httpx.RemoteProtocolError`` / ``httpx.ReadError`` / ``httpx.ReadTimeout``.

Proxies come from the environment as httpx reads them (``HTTP_PROXY``, ``HTTPS_PROXY``,
``ALL_PROXY``, ``NO_PROXY``, read once when the transport is created), resolved once per
origin and passed to aiohttp as ``proxy=``. Not aiohttp's ``trust_env``: it reads the
environment and ``~/.netrc`` in a worker thread on every request, and netrc credentials
would clash with the ``Authorization`` header.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncGenerator, Coroutine, Mapping, Sequence
from typing import Any, Final, NamedTuple

import aiohttp
import httpx

from . import _readtimer
from ._wire import (
    SMALL_CACHE,
    AttemptTimeouts,
    Redacted,
    Route,
    TokenSource,
    WireHeaders,
    client_timeout_of,
    close_with_loop,
    environment_proxies,
    proxy_for,
    read_capped,
)

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

_HTTP11: Final = b"HTTP/1.1"
_DECODED: Final = (b"content-encoding", b"content-length")


def map_error(exc: BaseException, request: httpx.Request | None) -> httpx.TransportError | None:
    """The httpx error that stands for an aiohttp one (None if it is not a transport error)."""
    for source, target in _ERRORS:
        if isinstance(exc, source):
            return target(f"{type(exc).__name__}: {exc}", request=request)
    return None


class WireResponse(httpx.Response):
    """A complete answer as an ``httpx.Response``, without httpx's per-response work.

    The body is read (and decoded) already; ``headers`` are parsed on first use, and
    ``request`` is made on first use from the method and URL only (so it carries no
    ``Authorization`` header). A test pins that it sets every attribute
    ``httpx.Response.__init__`` sets.
    """

    def __init__(
        self,
        status: int,
        reason: str | None,
        headers: Sequence[tuple[bytes, bytes]],
        body: bytes,
        method: str,
        url: str,
        request: httpx.Request | None = None,
    ) -> None:
        self.status_code = status
        self._raw_headers = headers
        self._headers: httpx.Headers | None = None
        self._request = request
        self._method = method
        self._url = url
        self.next_request = None
        self.extensions = (
            {"http_version": _HTTP11, "reason_phrase": reason.encode("ascii", "replace")}
            if reason
            else {"http_version": _HTTP11}
        )
        self.history = []
        self.is_closed = True
        self.is_stream_consumed = True
        self.default_encoding = "utf-8"
        self.stream = httpx.ByteStream(body)
        self._content = body
        self._num_bytes_downloaded = len(body)

    @property
    def headers(self) -> httpx.Headers:
        """The answer's headers (parsed on first use)."""
        if self._headers is None:
            self._headers = httpx.Headers(self._raw_headers)
        return self._headers

    @headers.setter
    def headers(self, value: httpx.Headers) -> None:
        self._headers = value

    @property
    def request(self) -> httpx.Request:
        """The request this answers (built on first use, without its headers)."""
        if self._request is None:
            self._request = httpx.Request(self._method, self._url)
        return self._request

    @request.setter
    def request(self, value: httpx.Request) -> None:
        self._request = value


class Exchange(NamedTuple):
    """One attempt, ready for the wire: what `AiohttpTransport.exchange` sends."""

    transport: AiohttpTransport
    method: str
    url: str
    headers: WireHeaders
    content: bytes | None
    timeout: httpx.Timeout
    #: Seconds left before the call's deadline: every timeout is capped at it.
    remaining: float | None

    def send(self, max_body: int) -> Coroutine[Any, Any, WireResponse]:
        """Send it (when awaited); the answer with its body read (at most ``max_body``
        bytes). The transport's own coroutine: no frame of its own."""
        transport = self.transport
        return transport.exchange(
            self.method,
            self.url,
            self.headers,
            self.content,
            transport.client_timeout(self.timeout, self.remaining),
            max_body,
        )


def join_url(base: str, path: str, query: Mapping[str, Any] | None) -> str:
    """``base + path`` with ``query`` encoded as httpx encodes ``params=``."""
    if not query:
        return base + path
    if "?" in path:  # rare: a raw path with its own query, which httpx replaces by params
        return str(httpx.URL(base + path, params=query))
    return f"{base}{path}?{httpx.QueryParams(query)}"


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Send requests with an ``aiohttp.ClientSession`` (one pool, created lazily).

    Args:
        max_connections: The size of aiohttp's connection pool.
        ssl_context: TLS settings; default: certificates verified (httpx's default context,
            which honours ``SSL_CERT_FILE`` / ``SSL_CERT_DIR``).
        keepalive_expiry: Seconds an idle connection is kept.
        trust_env: Use the environment's proxies (``HTTP(S)_PROXY``, ``ALL_PROXY``,
            ``NO_PROXY``), read now.
    """

    def __init__(
        self,
        *,
        max_connections: int = 100,
        ssl_context: ssl.SSLContext | None = None,
        keepalive_expiry: float = 5.0,
        trust_env: bool = True,
    ) -> None:
        self._max_connections = max_connections
        self._ssl = ssl_context
        self._keepalive = keepalive_expiry
        self._session: aiohttp.ClientSession | None = None
        self._closer: AsyncGenerator[None] | None = None
        self._proxies = environment_proxies() if trust_env else {}
        self._routes: dict[str, Route] = {}
        self._attempt_timeouts = AttemptTimeouts()
        self._headers: tuple[TokenSource, int, WireHeaders, WireHeaders, object] | None = None

    def ssl_context(self) -> ssl.SSLContext:
        """The TLS settings (httpx's default context, made on first use: an SDK that never
        sends does not pay for loading the CA bundle)."""
        if self._ssl is None:
            self._ssl = httpx.create_ssl_context()
        return self._ssl

    def _tls(self, url: str) -> ssl.SSLContext | bool:
        """The TLS settings of a request to ``url`` (True: the connector's own, for http)."""
        return self.ssl_context() if url.startswith("https:") else True

    async def _open(self) -> aiohttp.ClientSession:
        """A new session in the running loop, closed with it (see `close_with_loop`)."""
        connector = aiohttp.TCPConnector(
            limit=self._max_connections,
            limit_per_host=0,
            keepalive_timeout=self._keepalive,
            # Through a proxy every connection may need TLS: the settings now. Otherwise
            # each https request passes them (`_tls`), and plain http never loads them.
            ssl=self.ssl_context() if self._proxies else True,
        )
        _readtimer.install(connector, asyncio.get_running_loop())
        # No cookie jar, no netrc: an API client sends exactly what it built.
        session = aiohttp.ClientSession(
            connector=connector, cookie_jar=aiohttp.DummyCookieJar(), auto_decompress=True
        )
        self._closer = close_with_loop(session)
        await anext(self._closer)
        self._session = session
        return session

    def headers(
        self,
        auth: TokenSource,
        user_agent: str,
        json: bool,
        extra: Sequence[tuple[str, str]] = (),
    ) -> WireHeaders:
        """The SDK's request headers for the current token (rebuilt only when it changes),
        then ``extra`` (the SDK's extra headers: the same object on every call).

        The token goes from ``auth.get()`` straight into a `Redacted` value inside
        `WireHeaders`: no local or plain dict of ours holds it.
        """
        auth.get()  # mints a fresh token when the cached one nears expiry
        cached = self._headers
        if (
            cached is None
            or cached[0] is not auth
            or cached[1] != auth.signatures
            or cached[4] is not extra
        ):
            plain = WireHeaders(
                (
                    ("Authorization", Redacted(auth.get())),
                    ("User-Agent", user_agent),
                    ("Accept", "application/json"),
                    *extra,
                )
            )
            with_json = WireHeaders(plain)
            with_json["Content-Type"] = "application/json"
            cached = self._headers = (auth, auth.signatures, plain, with_json, extra)
        return cached[3] if json else cached[2]

    def client_timeout(
        self, timeout: httpx.Timeout, remaining: float | None
    ) -> aiohttp.ClientTimeout:
        """aiohttp's timeouts for httpx's and the seconds left (see `AttemptTimeouts`)."""
        return self._attempt_timeouts(timeout, remaining)

    def _route(self, url: str) -> Route:
        end = url.find("/", url.find("//") + 2)
        origin = url if end < 0 else url[:end]
        route = self._routes.get(origin)
        if route is None:
            route = proxy_for(origin, self._proxies)
            if len(self._routes) < SMALL_CACHE:
                self._routes[origin] = route
        return route

    async def exchange(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        content: bytes | None,
        timeout: aiohttp.ClientTimeout,
        max_body: int | None,
        request: httpx.Request | None = None,
    ) -> WireResponse:
        """Send one request; return the complete answer.

        Raises:
            httpx.TransportError: No (complete) answer, mapped by `map_error`.
            BodyTooLargeError: The body is over ``max_body`` bytes.
        """
        session = self._session
        if session is None or session.closed:
            session = await self._open()
        proxy, proxy_auth = self._route(url) if self._proxies else (None, None)
        proxy_headers = None
        if proxy_auth is not None:  # to the proxy: in the CONNECT (https), or the request
            proxy_headers = {"Proxy-Authorization": proxy_auth}
            if url.startswith("http:"):
                headers = WireHeaders(headers)
                headers["Proxy-Authorization"] = proxy_auth
        try:
            async with session.request(
                method,
                url,
                headers=headers,
                data=content,
                allow_redirects=False,
                timeout=timeout,
                ssl=self._tls(url),
                proxy=proxy,
                proxy_headers=proxy_headers,
            ) as answer:
                body = await read_capped(answer, max_body)
                raw = answer.raw_headers
                if "Content-Encoding" in answer.headers:  # the body is decoded now
                    raw = (
                        *((k, v) for k, v in raw if k.lower() not in _DECODED),
                        (b"content-length", str(len(body)).encode()),
                    )
                return WireResponse(answer.status, answer.reason, raw, body, method, url, request)
        except (TimeoutError, aiohttp.ClientError) as exc:
            mapped = map_error(exc, request or _request_or_none(method, url))
            if mapped is None:  # pragma: no cover (every ClientError maps)
                raise
            raise mapped from exc

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``; return a fully read `httpx.Response`."""
        # aiohttp sets Host and Content-Length itself, and Accept-Encoding for what it decodes.
        headers = WireHeaders(request.headers.multi_items())
        for name in ("host", "content-length", "accept-encoding"):
            headers.popall(name, None)
        return await self.exchange(
            request.method,
            str(request.url),
            headers,
            await request.aread() or None,
            client_timeout_of(request.extensions.get("timeout", {})),
            None,
            request,
        )

    async def aclose(self) -> None:
        """Close aiohttp's session and its connections."""
        closer, self._closer, self._session = self._closer, None, None
        if closer is not None:
            await closer.aclose()


def _request_or_none(method: str, url: str) -> httpx.Request | None:
    try:
        return httpx.Request(method, url)
    except (httpx.InvalidURL, ValueError):
        return None
