"""The exception tree, and the one place where foreign errors become ours.

Every error a public call raises is a `VideoSDKError`:

```
VideoSDKError
├── APIConnectionError            the request did not get an HTTP answer
│   └── APITimeoutError           ... because a timeout (connect, read, write, pool) expired
├── APIStatusError                the API answered with a non-2xx status
│   ├── BadRequestError           400, 422
│   ├── AuthenticationError       401
│   ├── PermissionDeniedError     403
│   ├── NotFoundError             402, 404 (the API uses both)
│   │   ├── MeetingNotFoundError  validate() of a meeting id that does not exist
│   │   └── RoomNotFoundError     rooms.validate() of a room that does not exist
│   ├── ConflictError             409
│   ├── RateLimitError            429 (carries ``retry_after``)
│   └── InternalServerError       5xx
├── UnexpectedResponseError       a 2xx whose body is not JSON, not the expected shape, or too big
├── WebhookVerificationError      a webhook whose signature does not check out
└── BatchError                    a batch call stopped at its first failure (see ``results``)
```

Messages never contain a token, a secret or a request header: they are built only from the
method, the path, the status and the error text the server sent, and anything in that text
that looks like a token (a JWT) is redacted, in case a gateway echoes the request headers.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
from collections.abc import Mapping
from typing import Any, Final

import httpx

_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-amz-request-id")
_MESSAGE_KEYS = ("message", "error", "msg", "statusMessage")
_CODE_KEYS = ("code", "errorCode")
_MAX_TEXT = 500

_UNKNOWN_OUTCOME = (
    " [outcome unknown: the request was sent, so what it creates may have been created]"
)
#: A JWT (three base64url parts, the first of which encodes '{"'); tokens are JWTs.
_JWT: Final = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
REDACTED: Final = "[redacted]"


def redact(value: Any) -> Any:
    """``value`` with every JWT-looking string replaced, recursively through JSON data."""
    if isinstance(value, str):
        return _JWT.sub(REDACTED, value) if "eyJ" in value else value
    if isinstance(value, Mapping):
        return {k: redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


def loads(content: bytes) -> Any:
    """``json.loads`` that turns hostile nesting into ``ValueError`` (never RecursionError)."""
    try:
        return json.loads(content)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


class VideoSDKError(Exception):
    """Base class of every error this SDK raises.

    Attributes:
        message: What went wrong, safe to log.
        attempts: How many HTTP attempts the call made before giving up (0: none was sent).
        outcome_unknown: True when a non-idempotent request (``create()``) may have been
            processed by the server even though the call failed.
    """

    def __init__(self, message: str, *, attempts: int = 0, outcome_unknown: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.attempts = attempts
        self.outcome_unknown = outcome_unknown

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructors do not survive the default BaseException pickling, and
        # the live httpx.Response (which holds the request and its Authorization header)
        # must never travel inside a pickle.
        state = dict(self.__dict__)
        if "response" in state:
            state["response"] = None
        return (_restore, (type(self), self.args, state))


def _restore(cls: type[VideoSDKError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    exc = cls.__new__(cls, *args)
    exc.args = args
    exc.__dict__.update(state)
    return exc


class APIConnectionError(VideoSDKError):
    """The request got no HTTP answer: could not connect, or the connection broke.

    Attributes:
        request_sent: False when the failure happened before the request left this process
            (so the server certainly did not process it), True otherwise.
    """

    def __init__(
        self,
        message: str,
        *,
        request_sent: bool,
        attempts: int = 0,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message, attempts=attempts, outcome_unknown=outcome_unknown)
        self.request_sent = request_sent


class APITimeoutError(APIConnectionError):
    """A connect, read, write or connection-pool timeout expired."""


class APIStatusError(VideoSDKError):
    """The API answered with a status that is not 2xx.

    Attributes:
        status_code: The HTTP status.
        message: The server's error text (``message``, ``error``, ``msg`` or
            ``statusMessage`` of a JSON body, or the body's text), prefixed with the call.
        code: The server's machine-readable code (``code`` or ``errorCode``), if any.
        request_id: The request id the server sent back (``x-request-id`` and cousins).
        body: The decoded JSON body, or its text when it was not JSON.
        response: The `httpx.Response` (``None`` after unpickling).
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str | None = None,
        request_id: str | None = None,
        body: object = None,
        response: httpx.Response | None = None,
        attempts: int = 0,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message, attempts=attempts, outcome_unknown=outcome_unknown)
        self.status_code = status_code
        self.code = code
        self.request_id = request_id
        self.body = body
        self.response = response


class BadRequestError(APIStatusError):
    """400 or 422: the API rejected the request's parameters."""


class AuthenticationError(APIStatusError):
    """401: the token is missing, malformed, wrongly signed, expired or for another key."""


class PermissionDeniedError(APIStatusError):
    """403: the token is valid but lacks the permission or role the call needs."""


class NotFoundError(APIStatusError):
    """402 or 404: the resource does not exist (the API uses both statuses for this)."""


class MeetingNotFoundError(NotFoundError):
    """The meeting id given to ``validate()`` does not exist (or is not valid)."""


class RoomNotFoundError(NotFoundError):
    """The room given to ``rooms.validate()`` does not exist (the API answers 400, 402, 404)."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the resource's current state."""


class RateLimitError(APIStatusError):
    """429: the API asked the client to slow down.

    Attributes:
        retry_after: Seconds the server asked to wait (``Retry-After`` or
            ``retry-after-ms``), or ``None`` when it did not say.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: the API failed (or a proxy in front of it did)."""


class UnexpectedResponseError(VideoSDKError):
    """A 2xx answer whose body is not JSON, or not the shape the SDK expects.

    Attributes:
        status_code: The HTTP status of the answer.
    """

    def __init__(self, message: str, *, status_code: int | None = None, attempts: int = 0) -> None:
        super().__init__(message, attempts=attempts)
        self.status_code = status_code


class WebhookVerificationError(VideoSDKError):
    """A webhook's signature is missing or wrong, its key unreadable, or its body not an object.

    The message never contains the body: a forged body must not reach your logs.
    """


class BatchError(VideoSDKError):
    """A batch call stopped at its first failure.

    Attributes:
        results: One entry per input item read, in input order: the result (e.g. a `Room`),
            the `VideoSDKError` it failed with, or ``None`` for an item never attempted.
    """

    results: list[object]

    def __init__(self, message: str, *, results: list[object]) -> None:
        super().__init__(message)
        self.results = results


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


def _first_str(body: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = body.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
            return str(value)
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
        return body, _first_str(body, _MESSAGE_KEYS), _first_str(body, _CODE_KEYS)
    if isinstance(body, str):
        # Several endpoints answer with a bare JSON string.
        return body, body[:_MAX_TEXT] or None, None
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
    from email.utils import parsedate_to_datetime  # rare path; the email package is slow

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
    reason = redact(response.reason_phrase) or "HTTP error"
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


def transport_error(exc: BaseException, *, method: str, path: str) -> tuple[str, VideoSDKError]:
    """Translate a failure without an answer into (phase, our error); see the phases."""
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
            f"Timed out connecting to the API for {where}.", request_sent=False
        )
    if isinstance(exc, httpx.ConnectError | httpx.UnsupportedProtocol | httpx.ProxyError):
        return CONNECT, APIConnectionError(
            f"Could not connect to the API for {where}: {type(exc).__name__}.",
            request_sent=False,
        )
    if isinstance(exc, httpx.TimeoutException):
        return AFTER_SEND, APITimeoutError(
            f"Timed out waiting for the API's answer to {where} ({type(exc).__name__}).",
            request_sent=True,
        )
    return AFTER_SEND, APIConnectionError(
        f"The connection failed during {where} ({type(exc).__name__}: the server "
        "disconnected or the answer could not be read).",
        request_sent=True,
    )


def mark_unknown_outcome(error: VideoSDKError) -> None:
    """Flag ``error`` as "the request may have been processed" and say so in its message."""
    error.outcome_unknown = True
    if _UNKNOWN_OUTCOME not in error.message:
        error.message += _UNKNOWN_OUTCOME
        error.args = (error.message, *error.args[1:])
