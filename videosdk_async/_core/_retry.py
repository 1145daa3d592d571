"""The retry policy: which failures are retried, and how long to wait before the next try.

The policy is applied inside `AsyncVideoSDK`'s send path (as openai-python does), not as a
wrapping `httpx.AsyncBaseTransport`. Two reasons:

- retries then work the same when the user passes their own ``httpx.AsyncClient``, whose
  transport the SDK must not replace; and
- the ``Authorization`` header is computed per attempt, so a token that nears expiry during
  a long backoff is refreshed before the next try, and a 401 "expired" can re-mint.

Everything here is a pure decision (no I/O, no clock of its own): `decide` is the one function
that says whether a failed attempt is retried and after how long; the request pipeline
(`_requester.py`) does the sending, closing and sleeping.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any, Final

import attrs

from ._errors import InvalidArgumentError

# Statuses that say the server did not process the request, so that repeating any request,
# even a create, cannot duplicate anything. 429 is "slow down"; [INF] 503 is what a load
# balancer or an overloaded server answers before handling the request.
_NOT_PROCESSED_STATUSES: Final = frozenset({429, 503})
# Transient statuses after which the request may or may not have been processed: safe to
# repeat only for idempotent requests (reads).
_TRANSIENT_STATUSES: Final = frozenset({408, 429, 500, 502, 503, 504})


def _positive(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value > 0:
        raise InvalidArgumentError(f"{attribute.name} must be > 0, got {value!r}")


def _optional_positive(
    instance: object, attribute: attrs.Attribute[Any], value: float | None
) -> None:
    if value is not None and not value > 0:
        raise InvalidArgumentError(f"{attribute.name} must be > 0 or None, got {value!r}")


def _at_least_one(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgumentError(f"{attribute.name} must be an int >= 1, got {value!r}")


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How a call retries transient failures. ``RetryPolicy(max_attempts=1)`` disables retries.

    The wait before attempt ``n + 1`` (after ``n`` failed attempts) is::

        base(n) = min(backoff_max, backoff_initial * 2 ** (n - 1))
        wait(n) = base(n)                                  if not jitter
        wait(n) = uniform(base(n) / 2, base(n))            if jitter ("equal jitter")
        delay   = max(wait(n), server's Retry-After / retry-after-ms, if any)

    A call never starts a sleep that would end after ``deadline``; when the server asks for
    more than ``max_retry_after`` seconds, or for longer than the time left, the call raises
    at once (a 429 as `RateLimitError` with ``retry_after`` set).

    Attributes:
        max_attempts: Attempts in all, the first included.
        backoff_initial: Base wait after the first failure, in seconds.
        backoff_max: Cap on the base wait, in seconds.
        jitter: Randomise each wait within ``[base / 2, base]`` so that many clients that
            failed together do not retry together.
        max_retry_after: The longest server-requested wait the SDK will honour, in seconds.
        deadline: Bound on a whole call, attempts and sleeps included, in seconds
            (``None``: no bound beyond the per-attempt timeouts).
        retry_unknown_outcome: Also retry a create whose outcome is unknown (500, 502, 504,
            408, a read timeout or a dropped connection after sending). Off by default
            because v1 creation is not idempotent: turning it on can create duplicates.
    """

    max_attempts: int = attrs.field(default=3, validator=_at_least_one)
    backoff_initial: float = attrs.field(default=0.5, validator=_positive)
    backoff_max: float = attrs.field(default=8.0, validator=_positive)
    jitter: bool = True
    max_retry_after: float = attrs.field(default=60.0, validator=_positive)
    deadline: float | None = attrs.field(default=60.0, validator=_optional_positive)
    retry_unknown_outcome: bool = False

    def backoff(self, failed_attempts: int, *, rng: random.Random | None = None) -> float:
        """The wait, in seconds, after ``failed_attempts`` attempts have failed (>= 1)."""
        exponent = min(max(failed_attempts, 1) - 1, 62)
        base = min(self.backoff_max, self.backoff_initial * 2.0**exponent)
        if not self.jitter:
            return base
        return (rng or _rng).uniform(base / 2, base)

    def is_retryable(
        self, *, status: int | None = None, phase: str | None = None, idempotent: bool
    ) -> bool:
        """Whether a failure may be retried, given what it says about the request's fate.

        Args:
            status: The HTTP status of the answer, for a failure that got one.
            phase: For a failure without an answer: ``"connect"`` (never reached the
                server), ``"pool"`` (local saturation) or ``"after-send"``.
            idempotent: Whether repeating the request is harmless (reads are).
        """
        if phase is not None:
            if phase == "connect":
                return True
            if phase in ("pool", "deadline", "too-large"):
                return False
            return idempotent or self.retry_unknown_outcome
        if status in _NOT_PROCESSED_STATUSES:
            return True
        if status in _TRANSIENT_STATUSES:
            return idempotent or self.retry_unknown_outcome
        return False


def outcome_unknown(*, status: int | None = None, phase: str | None = None) -> bool:
    """Whether a failed non-idempotent request may nevertheless have been processed."""
    if phase is not None:
        return phase in ("after-send", "too-large")
    return status is not None and (status >= 500 or status == 408) and status != 503


@attrs.define(kw_only=True)
class Failure:
    """One failed attempt, as the pipeline saw it.

    Attributes:
        error: Our translated error (what the call raises if it gives up).
        cause: The foreign exception (or ``error`` itself for an HTTP answer).
        status: The HTTP status, for a failure that got an answer.
        phase: For one that did not: ``connect``, ``pool``, ``after-send`` or ``deadline``.
        retry_after: Seconds the server asked to wait, if it said.
    """

    error: Any
    cause: BaseException
    status: int | None = None
    phase: str | None = None
    retry_after: float | None = None


@attrs.frozen
class Decision:
    """What to do after a failure: retry after ``delay`` seconds, or raise."""

    retry: bool
    delay: float
    outcome_unknown: bool


def decide(
    policy: RetryPolicy, failure: Failure, *, idempotent: bool, attempt: int, left: float | None
) -> Decision:
    """The one retry decision: retry this failure, and after how long?

    Args:
        policy: The call's `RetryPolicy`.
        failure: The failed attempt.
        idempotent: Whether repeating the request is harmless (reads; creates keyed by a
            client-chosen id the server dedupes).
        attempt: How many attempts were made so far (>= 1).
        left: Seconds left before the call's deadline (None: no deadline).
    """
    delay = max(policy.backoff(attempt), failure.retry_after or 0.0)
    unknown = not idempotent and outcome_unknown(status=failure.status, phase=failure.phase)
    retry = (
        policy.is_retryable(status=failure.status, phase=failure.phase, idempotent=idempotent)
        and attempt < policy.max_attempts
        and (failure.retry_after or 0.0) <= policy.max_retry_after
        and (left is None or delay < left)
    )
    return Decision(retry=retry, delay=delay, outcome_unknown=unknown)


_rng = random.Random()  # noqa: S311 (jitter, not cryptography)
_testing = False


def set_testing(testing: bool) -> None:
    """Make the SDK's backoff sleeps instant (for test suites); see `videosdk_async.testing`."""
    global _testing
    _testing = testing


def is_testing() -> bool:
    """Whether testing mode (instant backoff sleeps) is on."""
    return _testing


async def default_sleep(seconds: float) -> None:
    """``asyncio.sleep``, or no wait at all in testing mode (still a checkpoint)."""
    await asyncio.sleep(0 if _testing else seconds)
