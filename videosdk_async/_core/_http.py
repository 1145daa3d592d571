"""The HTTP client the SDK sends with: default timeouts, the backend choice, the transport.

With `_requester.py` (and `_aiohttp.py` / `_wire.py` below it), one of the few modules that
touch httpx and aiohttp; the rest of the package sees only the request pipeline.
"""

from __future__ import annotations

import sys
from typing import Final

import aiohttp
import httpx

from .._version import __version__
from . import _aiohttp, _wire

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
