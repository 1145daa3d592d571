"""What `AsyncVideoSDK` is configured with: credentials, the base URL, batch options."""

from __future__ import annotations

import ipaddress
import os
from typing import Final
from urllib.parse import urlsplit

from ._core._errors import InvalidArgumentError, InvalidArgumentTypeError

DEFAULT_BASE_URL: Final = "https://api.videosdk.live"
DEFAULT_MAX_CONNECTIONS: Final = 100

ENV_TOKEN = "VIDEOSDK_TOKEN"
ENV_API_KEY = "VIDEOSDK_API_KEY"
ENV_SECRET = "VIDEOSDK_SECRET"
ENV_ENDPOINT = "VIDEOSDK_API_ENDPOINT"
ENV_WEBHOOK_KEY = "VIDEOSDK_WEBHOOK_PUBLIC_KEY"
#: The names the VideoSDK agents framework uses, read when the SDK's own are not set.
ENV_ALIASES: Final = {ENV_SECRET: "VIDEOSDK_SECRET_KEY", ENV_TOKEN: "VIDEOSDK_AUTH_TOKEN"}


def env(name: str) -> str | None:
    """An environment variable (or its alias), ``None`` when unset or empty."""
    value = os.environ.get(name) or None
    if value is None and name in ENV_ALIASES:
        value = os.environ.get(ENV_ALIASES[name]) or None
    return value


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(raw: str) -> str:
    """Validate a base URL; return it without a trailing slash or a ``/v1`` / ``/v2`` suffix."""
    if not isinstance(raw, str):
        raise InvalidArgumentTypeError(f"base_url must be a str, not {type(raw).__name__}")
    try:
        url = urlsplit(raw.strip())
        port = url.port  # validates it
    except ValueError as exc:
        raise InvalidArgumentError(f"base_url is not a valid URL: {exc}") from None
    scheme, host = url.scheme.lower(), (url.hostname or "")
    if scheme not in ("https", "http") or not host:
        raise InvalidArgumentError(
            "base_url must be an absolute https:// URL, e.g. https://api.videosdk.live"
        )
    if scheme == "http" and not is_loopback(host):
        raise InvalidArgumentError(
            "base_url uses plain http:// to a host that is not loopback: the token would "
            "cross the network in clear text. Use https://, or http:// only to localhost, "
            "127.0.0.0/8 or ::1 (e.g. the local emulator)."
        )
    if url.username is not None or url.password is not None or url.query or url.fragment:
        raise InvalidArgumentError("base_url must not carry credentials, a query or a fragment")
    if any(ch.isspace() or ord(ch) < 0x20 for ch in raw.strip()):
        raise InvalidArgumentError("base_url must not contain whitespace or control characters")
    path = url.path.rstrip("/")
    if path.rsplit("/", 1)[-1] in ("v1", "v2"):
        # The official examples set VIDEOSDK_API_ENDPOINT=https://api.videosdk.live/v2, but
        # this SDK adds the version to each path itself: take the root it means.
        path = path.rsplit("/", 1)[0]
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return f"{scheme}://{netloc}{path}"


def resolve_credentials(
    token: str | None, api_key: str | None, secret: str | None
) -> tuple[str | None, str | None, str | None]:
    if token is None and api_key is None and secret is None:
        token = env(ENV_TOKEN)
        api_key = env(ENV_API_KEY)
        secret = env(ENV_SECRET)
        if token is not None and (api_key is not None or secret is not None):
            # Key and secret are the more capable pair (they can mint join tokens).
            token = None
        source = f"the environment ({ENV_API_KEY}/{ENV_SECRET} or {ENV_TOKEN})"
    else:
        source = "the arguments"
    for name, value in (("token", token), ("api_key", api_key), ("secret", secret)):
        if value is not None and not isinstance(value, str):
            raise InvalidArgumentTypeError(f"{name} must be a str, not {type(value).__name__}")
        if value is not None and not value.strip():
            raise InvalidArgumentError(f"{name} must not be empty")
    if token is not None and (api_key is not None or secret is not None):
        raise InvalidArgumentError("give either token= or api_key= and secret=, not both")
    if token is None and (api_key is None) != (secret is None):
        missing = "secret" if secret is None else "api_key"
        raise InvalidArgumentError(
            f"api_key and secret go together: {missing} is missing in {source}"
        )
    if token is None and api_key is None:
        raise InvalidArgumentError(
            "no VideoSDK credentials: pass api_key= and secret= (or a pre-minted token=), or "
            f"set {ENV_API_KEY} and {ENV_SECRET} (or {ENV_TOKEN}) in the environment"
        )
    return token, api_key, secret


def check_max_connections(value: object) -> None:
    """Raises ValueError unless ``value`` is an int >= 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgumentError(f"max_connections must be an int >= 1, got {value!r}")


_METHODS: Final = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


def check_raw_call(method: object, path: object) -> tuple[str, str]:
    """The method and path of `AsyncVideoSDK.request`, checked.

    Raises:
        TypeError: Not strings.
        ValueError: An unknown method, or a path that is not ``/...`` or that could leave
            the API root (a scheme, ``//``, ``..`` segments, control characters).
    """
    if not isinstance(method, str) or not isinstance(path, str):
        raise InvalidArgumentTypeError("method and path must be str")
    verb = str.__str__(method).upper()
    route = str.__str__(path)
    if verb not in _METHODS:
        raise InvalidArgumentError(f"unknown HTTP method {method!r}")
    segments = route.split("?", 1)[0].split("/")
    if (
        not route.startswith("/")
        or route.startswith("//")
        or ".." in segments
        or any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in route)
    ):
        raise InvalidArgumentError(
            f"path must be an absolute path of the API, e.g. '/v2/rooms': {path!r}"
        )
    return verb, route
