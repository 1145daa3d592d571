"""The HTTP client the SDK sends with: default timeouts, the backend choice, the transport.

With `_requester.py` (and `_aiohttp.py` / `_wire.py` below it), one of the few modules that
touch httpx and aiohttp; the rest of the package sees only the request pipeline.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

import aiohttp
import httpx

from .._config import is_loopback
from .._version import __version__
from . import _aiohttp, _inflate, _translate, _wire
from ._retry import RetryPolicy, decide

if TYPE_CHECKING:
    from ._requester import Requester

logger = logging.getLogger("videosdk_async")

#: Control-plane defaults: connecting should be quick; the API may take a while to answer.
DEFAULT_TIMEOUT: Final = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=10.0)

USER_AGENT: Final = (
    f"videosdk-async/{__version__} python/{'.'.join(map(str, sys.version_info[:3]))} "
    f"httpx/{httpx.__version__} aiohttp/{aiohttp.__version__}"
)


def aiohttp_transport(max_connections: int) -> _aiohttp.AiohttpTransport:
    """The SDK's default transport (aiohttp), with the environment's proxies."""
    return _aiohttp.AiohttpTransport(max_connections=max_connections)


def default_backend(proxies: dict[str, str] | None = None) -> str:
    """The backend the SDK picks when not told: ``"aiohttp"``, unless the environment names
    a proxy aiohttp cannot use (``socks5://``...), which httpx's transport may."""
    found = _wire.unsupported_proxy(_wire.environment_proxies() if proxies is None else proxies)
    return "aiohttp" if found is None else "httpx"


def check_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    """The per-attempt timeouts of the SDK's own client.

    Raises:
        ValueError: A number that is not > 0.
    """
    if timeout is None:
        return DEFAULT_TIMEOUT
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise TypeError(
            f"timeout must be seconds or an httpx.Timeout, not {type(timeout).__name__}"
        )
    if not timeout > 0:
        raise ValueError(f"timeout must be > 0 seconds, got {timeout!r}")
    return httpx.Timeout(float(timeout))


def build_http(
    http_client: httpx.AsyncClient | None,
    transport: httpx.AsyncBaseTransport | None,
    http_backend: str | None,
    timeouts: httpx.Timeout,
    max_connections: int,
) -> tuple[httpx.AsyncClient, httpx.AsyncBaseTransport | None]:
    """The client to send with, and the transport to send to directly (None: use ``send``).

    ``http_backend=None`` (the default) means aiohttp unless the user brings
    ``http_client=`` or ``transport=`` (or the environment names a proxy only httpx can use).
    The aiohttp transport resolves the environment's proxies itself, so its client is
    built with ``trust_env=False`` (no proxy mounts) and every attempt goes straight to it.

    With ``"httpx"``, the SDK's own client has no hooks, auth, cookies or redirects to
    apply, so an attempt goes straight to its transport too; not when the environment
    configures proxies (httpx then mounts proxy transports that only ``AsyncClient.send``
    routes through), nor with a user's client.
    """
    if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
        raise TypeError("http_client must be an httpx.AsyncClient")
    if http_client is not None and transport is not None:
        raise ValueError("give http_client= or transport=, not both")
    if http_backend not in (None, "httpx", "aiohttp"):
        raise ValueError(f"http_backend must be 'httpx' or 'aiohttp', not {http_backend!r}")
    if http_backend is None:
        custom = http_client is not None or transport is not None
        http_backend = "httpx" if custom else default_backend()
    limits = httpx.Limits(
        max_connections=max_connections, max_keepalive_connections=max_connections
    )
    if http_backend == "aiohttp":
        if http_client is not None or transport is not None:
            raise ValueError(
                "http_backend='aiohttp' builds its own transport: not with http_client= or "
                "transport="
            )
        unusable = _wire.unsupported_proxy(_wire.environment_proxies())
        if unusable is not None:
            raise ValueError(
                f"http_backend='aiohttp' cannot use the proxy {httpx.URL(unusable).scheme}://... "
                "set in the environment; use http_backend='httpx' (with httpx's socks extra)"
            )
        direct = aiohttp_transport(max_connections)
        client = httpx.AsyncClient(
            timeout=timeouts, limits=limits, transport=direct, trust_env=False
        )
        return client, direct
    if http_client is not None:
        return http_client, None
    http = httpx.AsyncClient(timeout=timeouts, limits=limits, transport=transport)
    proxied = bool(getattr(http, "_mounts", True))
    own = transport or getattr(http, "_transport", None)
    return http, None if proxied else own


def as_timeout(value: float | httpx.Timeout | None, default: httpx.Timeout) -> httpx.Timeout:
    """A per-call ``timeout=`` as an `httpx.Timeout` (``None``: the SDK's)."""
    if value is None:
        return default
    if isinstance(value, httpx.Timeout):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ValueError(f"timeout must be a number of seconds > 0 or an httpx.Timeout: {value!r}")
    return httpx.Timeout(float(value))


async def read_capped(response: httpx.Response, max_body: int) -> None:
    """Read the body, refusing one over ``max_body`` bytes (after decompression).

    A gzip or deflate body is inflated here, under the cap (`_inflate`), from the raw bytes:
    never more than ``max_body`` bytes in memory, whatever the compression ratio.
    """
    if response.is_stream_consumed:
        if len(response.content) > max_body:
            raise _translate.BodyTooLargeError(len(response.content))
        return
    encoding = response.headers.get("content-encoding", "").strip().lower()
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_body:
        raise _translate.BodyTooLargeError(int(declared))
    if encoding in _inflate.ENCODINGS:
        response._content = await _inflated(response, encoding, max_body)
        return
    chunks = []
    size = 0
    # Identity, or an encoding httpx decodes that we do not (br, zstd: installed extras).
    chunked = response.aiter_raw() if encoding in ("", "identity") else response.aiter_bytes()
    async for chunk in chunked:
        size += len(chunk)
        if size > max_body:
            raise _translate.BodyTooLargeError(size)
        chunks.append(chunk)
    response._content = b"".join(chunks)


async def _inflated(response: httpx.Response, encoding: str, max_body: int) -> bytes:
    inflater = _inflate.Inflater(encoding, max_body)
    chunks = []
    try:
        async for chunk in response.aiter_raw():
            chunks.extend(inflater.feed(chunk))
        chunks.append(inflater.close())
    except _inflate.InflateError as exc:
        raise httpx.DecodingError(
            f"the answer's {encoding} body: {exc}", request=response.request
        ) from None
    return b"".join(chunks)


def presigned_target(url: object) -> str:
    """A presigned upload URL's ``scheme://host/path`` (what logs and errors may show: the
    query holds the signature).

    Raises:
        TypeError: ``url`` is not a str.
        ValueError: Not an absolute https:// URL (plain http:// only to loopback [INF]: the
            bytes would cross the network in clear text), or it carries credentials.
    """
    if not isinstance(url, str):
        raise TypeError(f"the upload URL must be a str, not {type(url).__name__}")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (validates it)
    except ValueError as exc:
        raise ValueError(f"the upload URL is not a valid URL: {exc}") from None
    scheme, host = parts.scheme.lower(), parts.hostname or ""
    if scheme not in ("https", "http") or not host or parts.username is not None:
        raise ValueError("the upload URL must be an absolute https:// URL without credentials")
    if scheme == "http" and not is_loopback(host):
        raise ValueError("the upload URL uses plain http:// to a host that is not loopback")
    return f"{scheme}://{parts.netloc}{parts.path}"


def presigned_request(
    transport: httpx.AsyncBaseTransport | None,
    url: str,
    content: bytes,
    content_type: str,
    per_attempt: httpx.Timeout,
    remaining: float | None,
) -> httpx.Request | _aiohttp.Exchange:
    """One attempt of a presigned upload: ``PUT url`` with only ``Content-Type`` set."""
    headers = {"Content-Type": content_type}
    if isinstance(transport, _aiohttp.AiohttpTransport):
        wire = _wire.WireHeaders(headers)
        return _aiohttp.Exchange(transport, "PUT", url, wire, content, per_attempt, remaining)
    extensions = {"timeout": _wire.capped_timeouts(per_attempt, remaining)}
    return httpx.Request("PUT", url, content=content, headers=headers, extensions=extensions)


async def put_presigned(
    requester: Requester,
    url: str,
    content: bytes,
    content_type: str,
    *,
    retry: RetryPolicy | None = None,
    timeout: float | httpx.Timeout | None = None,
) -> None:
    """PUT ``content`` to a presigned object-storage ``url`` through ``requester``'s client,
    retried like a read (same bytes, same URL).

    Only ``Content-Type`` is set: never the token (storage refuses a second auth scheme, and
    the token must not reach another host), nor JSON or the SDK's headers. Logs and errors
    show the URL without its query (the signature).

    Raises:
        ValueError: ``url`` is not https:// (plain http:// only to loopback).
        VideoSDKError: The upload failed, translated.
    """
    requester._check_usable()
    where = presigned_target(url)
    policy = retry or requester.retry
    per_attempt = as_timeout(timeout, requester.timeout)
    clock = requester._monotonic
    ends = None if policy.deadline is None else clock() + policy.deadline
    attempt = 0
    while True:
        attempt += 1
        remaining = None if ends is None else max(ends - clock(), 0.0)
        result: httpx.Response | BaseException
        try:
            with requester._deadlines.bound(remaining):
                request = presigned_request(
                    requester._transport, url, content, content_type, per_attempt, remaining
                )
                result = await requester._send(request)
        except (httpx.HTTPError, TimeoutError, _translate.BodyTooLargeError) as exc:
            result = exc
        if isinstance(result, httpx.Response) and result.is_success:
            return
        failure = requester._failure(result, "PUT", where)
        failure.error.attempts = attempt
        left = None if ends is None else ends - clock()
        decision = decide(policy, failure, idempotent=True, attempt=attempt, left=left)
        logger.info("PUT %s: attempt %d failed (%s)", where, attempt, failure.error.message)
        if not decision.retry:
            if failure.cause is failure.error:
                raise failure.error
            raise failure.error from failure.cause
        await requester._backoff(decision.delay, failure)
