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
├── InvalidTokenError             a token that verify_token refuses (signature, expiry, algorithm)
├── AgentDeployError              agents.deploy failed after its deployment step was sent
├── BatchCallUploadError          batch_calls.upload failed after its upload URL was made
├── BatchError                    a batch call stopped at its first failure (see ``results``)
├── InvalidArgumentError          bad input, refused before sending (also a ValueError)
└── InvalidArgumentTypeError      input of the wrong type (also a TypeError)
```

Messages never contain a token, a secret or a request header: they are built only from the
method, the path, the status and the error text the server sent, and anything in that text
that looks like a token (a JWT) is redacted, in case a gateway echoes the request headers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _json

if TYPE_CHECKING:
    import httpx


_UNKNOWN_OUTCOME = (
    " [outcome unknown: the request was sent, so what it creates may have been created]"
)


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
        if _json.too_deep(state.get("body"), _PICKLE_DEPTH):
            # pickle recurses once per level: a hostile body travels as its JSON text.
            state["body"] = _JsonText(_json.dumps(state["body"]).decode())
        return (_restore, (type(self), self.args, state))


#: Error bodies nested deeper than this are pickled as JSON text (and decoded on unpickling).
_PICKLE_DEPTH = 100


class _JsonText(str):
    """An error body in a pickle, as JSON text (see `VideoSDKError.__reduce__`)."""

    __slots__ = ()


def _restore(cls: type[VideoSDKError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    exc = cls.__new__(cls, *args)
    exc.args = args
    if isinstance(state.get("body"), _JsonText):
        state["body"] = _json.loads(str(state["body"]))
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
    """The room does not exist (``rooms.validate()``: 400, 402, 404), or has no live session
    (``participants.get()``, as the official SDKs do)."""


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


class InvalidTokenError(VideoSDKError):
    """A token that `verify_token` refuses: bad signature, expired, not yet valid, or not HS256.

    Not an `AuthenticationError`: that one is the API's 401, with a ``status_code``.
    """


class AgentDeployError(VideoSDKError):
    """``agents.deploy`` failed at its deployment or version step; what exists is named here.

    Attributes:
        stage: ``"deployment"`` or ``"version"``: the step that failed.
        secret_id: The env secret created by the first step, if any.
        deployment: The deployment created (an ``AgentDeployment``), if the version step failed.
    """

    def __init__(
        self,
        message: str,
        *,
        stage: str,
        secret_id: str | None = None,
        deployment: Any = None,
        attempts: int = 0,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message, attempts=attempts, outcome_unknown=outcome_unknown)
        self.stage = stage
        self.secret_id = secret_id
        self.deployment = deployment


class BatchCallUploadError(VideoSDKError):
    """``batch_calls.upload`` failed after its first step; the batch exists.

    Attributes:
        batch_id: The batch the upload was for.
        stage: ``"put"``, ``"parse"``, ``"parse_failed"`` or ``"timeout"``.
        status: The batch's last status seen, if any.
        parse_error: The batch's ``parseError``, if the API reported one.
    """

    def __init__(
        self,
        message: str,
        *,
        batch_id: str,
        stage: str,
        status: str | None = None,
        parse_error: Any = None,
        attempts: int = 0,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message, attempts=attempts, outcome_unknown=outcome_unknown)
        self.batch_id = batch_id
        self.stage = stage
        self.status = status
        self.parse_error = parse_error


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


class InvalidArgumentError(VideoSDKError, ValueError):
    """An argument the SDK refuses before sending anything (an empty id, a ``/`` in it...).

    It is a `ValueError` too, so ``except ValueError`` and ``except VideoSDKError`` both
    catch it; ``attempts`` is 0.
    """


class InvalidArgumentTypeError(VideoSDKError, TypeError):
    """An argument of the wrong type (an id that is not a ``str``), refused before sending.

    It is a `TypeError` too, so ``except TypeError`` and ``except VideoSDKError`` both catch
    it; ``attempts`` is 0.
    """


def mark_unknown_outcome(error: VideoSDKError) -> None:
    """Flag ``error`` as "the request may have been processed" and say so in its message."""
    error.outcome_unknown = True
    if _UNKNOWN_OUTCOME not in error.message:
        error.message += _UNKNOWN_OUTCOME
        error.args = (error.message, *error.args[1:])
