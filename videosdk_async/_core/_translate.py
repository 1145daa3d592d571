"""The one translator of foreign errors: HTTP answers and transport failures become ours.

Everything that turns something httpx (or a hostile server) produced into the `VideoSDKError`
tree lives here: status classes, error bodies (read defensively, token-looking text redacted),
``Retry-After``, and transport failures classified by what they say about the request's fate.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import socket
import ssl
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any, Final

import httpx

from . import _json
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnexpectedResponseError,
    VideoSDKError,
)
from ._json import rebuild

_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-amz-request-id")
_MESSAGE_KEYS = ("message", "error", "msg", "statusMessage")
_CODE_KEYS = ("code", "errorCode")
_MAX_TEXT = 500
#: The longest error code kept from an error body.
_MAX_CODE = 100
#: A JWT (three base64url parts, the first of which encodes '{"'); tokens are JWTs.
_JWT: Final = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
REDACTED: Final = "[redacted]"


def redact(value: Any) -> Any:
    """``value`` with every JWT-looking string replaced, through JSON data of any depth."""
    return rebuild(value, _redact_str) if isinstance(value, Mapping | list) else _redact_str(value)


def _redact_str(value: Any) -> Any:
    if isinstance(value, str):
        return _JWT.sub(REDACTED, value) if "eyJ" in value else value
    return value


def loads(content: bytes) -> Any:
    """``json.loads`` that turns hostile nesting into ``ValueError`` (never RecursionError)."""
    return _json.loads(content)


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: NotFoundError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: BadRequestError,
    429: RateLimitError,
}


def _status_class(status: int) -> type[APIStatusError]:
    if status >= 500:
        return InternalServerError
    return _STATUS_CLASSES.get(status, APIStatusError)


#: The longest status-line reason phrase an error message repeats.
_MAX_REASON = 100


def _bounded(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters (an ellipsis marks the cut)."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _first_str(body: Mapping[str, Any], keys: tuple[str, ...], limit: int) -> str | None:
    for key in keys:
        value = body.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
            return _bounded(str(value), limit)
    return None


def _parse_error_body(response: httpx.Response) -> tuple[object, str | None, str | None]:
    """Return (body, message, code) from an error response, whatever its shape.

    The error body is undocumented: read ``message``, then ``error``, ``msg``,
    ``statusMessage``; the code from ``code`` or ``errorCode`` (what the official Node SDK
    does); a body that is not JSON is kept as (truncated) text.
    """
    try:
        body: object = redact(loads(response.content))
    except ValueError:
        text = redact(response.content[: _MAX_TEXT * 4].decode("utf-8", "replace"))[:_MAX_TEXT]
        return text, text.strip() or None, None
    if isinstance(body, Mapping):
        message = _first_str(body, _MESSAGE_KEYS, _MAX_TEXT)
        return body, message, _first_str(body, _CODE_KEYS, _MAX_CODE)
    if isinstance(body, str):
        # Several endpoints answer with a bare JSON string.
        return body, _bounded(body, _MAX_TEXT) or None, None
    return body, None, None


def _request_id(headers: httpx.Headers) -> str | None:
    for name in _REQUEST_ID_HEADERS:
        value: str | None = headers.get(name)
        if value:
            return value
    return None


def parse_retry_after(headers: httpx.Headers, *, now: float) -> float | None:
    """Seconds the server asked us to wait, from ``retry-after-ms`` or ``Retry-After``.

    ``Retry-After`` may be delta-seconds or an HTTP date (RFC 9110 section 10.2.3); a date is
    measured against ``now`` (a POSIX timestamp). Unparseable values are ignored.
    """
    raw_ms = headers.get("retry-after-ms")
    if raw_ms is not None:
        try:
            ms = float(raw_ms)
        except ValueError:
            pass
        else:
            if ms >= 0 and math.isfinite(ms):
                return ms / 1000.0
    raw = headers.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    try:
        seconds = float(raw)
    except ValueError:
        pass
    else:
        return seconds if seconds >= 0 and math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - now)


def status_error(response: httpx.Response, *, retry_after: float | None = None) -> APIStatusError:
    """Translate a non-2xx `httpx.Response` into the matching `APIStatusError`."""
    status = response.status_code
    body, server_message, code = _parse_error_body(response)
    cls = _status_class(status)
    # The reason phrase is the server's text too: bounded like its body.
    reason = _bounded(redact(response.reason_phrase), _MAX_REASON) or "HTTP error"
    message = f"{status} {reason} from {response.request.method} {response.request.url.path}"
    if server_message:
        message = f"{message}: {server_message}"
    request_id = _request_id(response.headers)
    kwargs: dict[str, Any] = {
        "status_code": status,
        "code": code,
        "request_id": request_id,
        "body": body,
        "response": response,
    }
    if cls is RateLimitError:
        kwargs["retry_after"] = retry_after
    return cls(message, **kwargs)


def as_not_found(
    error: APIStatusError, cls: type[NotFoundError], statuses: frozenset[int]
) -> APIStatusError:
    """Re-class a status error as ``cls`` when its status is one of ``statuses``."""
    if error.status_code not in statuses or type(error) is cls:
        return error
    return cls(
        error.message,
        status_code=error.status_code,
        code=error.code,
        request_id=error.request_id,
        body=error.body,
        response=error.response,
        attempts=error.attempts,
        outcome_unknown=error.outcome_unknown,
    )


# How a transport failure relates to the request's fate: the retry policy needs to know
# whether the server could have processed the request.
CONNECT = "connect"  # never reached the server: safe to repeat anything
POOL = "pool"  # local saturation: never retried
AFTER_SEND = "after-send"  # sent (or maybe sent), then no answer: the outcome is unknown
DEADLINE = "deadline"  # the call's deadline passed before the attempt could start
TOO_LARGE = "too-large"  # an answer came, bigger than the SDK reads: never retried


class DeadlineBeforeSend(Exception):
    """Internal: a batch's pause or pace would start this attempt after the call's deadline."""


class BodyTooLargeError(Exception):
    """Internal: the answer's body is larger than the SDK reads."""

    def __init__(self, size: int) -> None:
        super().__init__(f"the answer's body is over the limit ({size} bytes or more)")
        self.size = size


def _scrub(exc: BaseException) -> None:
    """Redact token-looking text from a foreign exception we keep as a cause, and its chain.

    A malformed status line or a proxy's error can carry echoed request headers, and the
    whole chain is printed with every traceback.
    """
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if any(isinstance(arg, str | bytes) and _looks_secret(arg) for arg in current.args):
            current.args = tuple(_redact_any(arg) for arg in current.args)
        for name, value in list(getattr(current, "__dict__", {}).items()):
            if isinstance(value, str | bytes) and _looks_secret(value):
                with contextlib.suppress(AttributeError, TypeError):  # a read-only attribute
                    setattr(current, name, _redact_any(value))
        stack.extend((current.__cause__, current.__context__))


def _looks_secret(value: str | bytes) -> bool:
    if isinstance(value, bytes):
        return b"eyJ" in value
    return "eyJ" in value


def _redact_any(value: Any) -> Any:
    if isinstance(value, bytes):
        return redact(value.decode("utf-8", "replace")).encode()
    return redact(value)


def reason(exc: BaseException) -> str:
    """Why a connection failed, in words, from the first telling exception in the chain.

    The host name not resolving, the operating system's error (``connection refused``,
    ``network is unreachable``...), a TLS failure; else the exception's type name.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return f"the host name does not resolve ({current.strerror})"
        if isinstance(current, ssl.SSLError):
            return f"TLS failed ({current.reason or current.strerror or type(current).__name__})"
        if isinstance(current, OSError) and isinstance(current.errno, int) and current.errno > 0:
            return os.strerror(current.errno).lower()
        current = current.__cause__ or current.__context__
    return type(exc).__name__


def transport_error(
    exc: BaseException, *, method: str, path: str, host: str = "the API"
) -> tuple[str, VideoSDKError]:
    """Translate a failure without an answer into (phase, our error); see the phases.

    ``host`` (``api.videosdk.live``, ``127.0.0.1:8787``) is named in connection errors.
    """
    where = f"{method} {path}"
    _scrub(exc)
    if isinstance(exc, DeadlineBeforeSend):
        return DEADLINE, APITimeoutError(
            f"The call's deadline passed while {where} waited for the batch's pause or pace; "
            "nothing was sent.",
            request_sent=False,
        )
    if isinstance(exc, BodyTooLargeError):
        error = UnexpectedResponseError(
            f"The API's answer to {where} is larger than the SDK reads: {exc}."
        )
        return TOO_LARGE, error
    if isinstance(exc, TimeoutError):
        return AFTER_SEND, APITimeoutError(
            f"The call's deadline passed while waiting for the API's answer to {where}.",
            request_sent=True,
        )
    if isinstance(exc, httpx.PoolTimeout):
        return POOL, APITimeoutError(
            f"Timed out waiting for a free connection in the pool for {where}. Too many "
            "requests are in flight for the connection limits: lower your concurrency, or "
            "raise `max_connections` / the `pool` timeout of AsyncVideoSDK.",
            request_sent=False,
        )
    if isinstance(exc, httpx.ConnectTimeout):
        return CONNECT, APITimeoutError(
            f"Timed out connecting to {host} for {where}.", request_sent=False
        )
    if isinstance(exc, httpx.ConnectError | httpx.UnsupportedProtocol | httpx.ProxyError):
        return CONNECT, APIConnectionError(
            f"Could not connect to {host} for {where}: {reason(exc)}.",
            request_sent=False,
        )
    if isinstance(exc, httpx.TimeoutException):
        return AFTER_SEND, APITimeoutError(
            f"Timed out waiting for the API's answer to {where} ({type(exc).__name__}).",
            request_sent=True,
        )
    return AFTER_SEND, APIConnectionError(
        f"The connection to {host} failed during {where} ({reason(exc)}: the server "
        "disconnected or the answer could not be read).",
        request_sent=True,
    )
