"""The request pipeline: the one place that sends.

httpx is seen here, in the one translator of foreign errors (`_translate`) and in the
transports (`_http`, `_aiohttp`, `_wire`); no other client-side module imports it at run time
(``tests/test_architecture.py`` pins that).

Every call of every family comes through `Requester.request`: it builds the request (auth
header per attempt, JSON body, query), bounds the whole call by its deadline (each attempt
is bounded by the seconds left, on the shared timer of `_deadline`, so a body that trickles
in cannot outlive it), takes a batch's gate when the call runs inside `sdk.map`, translates
failures into the `VideoSDKError` tree, asks `decide` whether and when to retry, handles the
one 401 re-mint, and decodes the answer (`decode_answer`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final, NoReturn, TypeVar
from urllib.parse import urlsplit

import httpx

from . import _errors, _json, _translate
from ._aiohttp import AiohttpTransport, Exchange, join_url
from ._auth import TokenProvider
from ._batch import current_item
from ._converter import decode_answer, json_value
from ._deadline import Deadlines
from ._errors import NotFoundError, VideoSDKError
from ._headers import Headers, check_headers, combine, with_extra
from ._http import as_timeout, put_presigned, read_capped
from ._retry import Failure, RetryPolicy, decide
from ._runner import Batcher
from ._wire import capped_timeouts

logger = logging.getLogger("videosdk_async")

_T = TypeVar("_T")

#: Methods whose repetition is harmless; others are retried only when nothing was processed.
IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
NOT_FOUND: Final = frozenset({402, 404})
#: How many times one call retries after a 401 because another call renewed the token.
_MAX_REPLACED: Final = 3
#: A token minted less than this many seconds ago and refused means wrong credentials.
_FRESH: Final = 5.0
#: The largest answer body the SDK reads; the API's answers are small JSON documents.
MAX_BODY: Final = 16 * 1024 * 1024
_JSON_HEADERS: Final = {"Content-Type": "application/json"}

Decode = Callable[[Any], _T]
#: What every call's ``timeout=`` accepts: seconds, an ``httpx.Timeout``, or None (the SDK's).
CallTimeout = float | httpx.Timeout | None


class Requester:
    """Sends API calls for one `AsyncVideoSDK`; see the module docstring."""

    def __init__(
        self,
        *,
        base_url: str,
        http: httpx.AsyncClient,
        transport: httpx.AsyncBaseTransport | None,
        auth: TokenProvider,
        retry: RetryPolicy,
        timeout: httpx.Timeout,
        user_agent: str,
        clock: Callable[[], float],
        monotonic: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
        max_connections: int | None = None,
        headers: Headers = (),
    ) -> None:
        self.base_url = base_url
        self.headers = headers  # extra headers for every API request (checked)
        self.http = http
        self.auth = auth
        self.retry = retry
        self.timeout = timeout
        self._transport = transport
        self._user_agent = user_agent
        self._clock = clock
        self._monotonic = monotonic
        self._sleep = sleep
        self._loop: asyncio.AbstractEventLoop | None = None
        self._sleepers: set[asyncio.Task[Any]] = set()
        self._deadlines = Deadlines()
        self.closed = False
        #: Makes the runners of `sdk.map` and of the families' batch calls.
        self.batcher = Batcher(
            clock=monotonic,
            sleep=sleep,
            max_connections=max_connections,
            is_closed=lambda: self.closed,
        )

    # -- the attempt loop ---------------------------------------------------------------

    async def request(
        self,
        method: str,
        path: str,
        *,
        decode: Callable[[Any], _T] = json_value,
        json_body: object = None,
        params: Mapping[str, Any] | None = None,
        idempotent: bool | None = None,
        not_found: type[NotFoundError] = NotFoundError,
        not_found_statuses: frozenset[int] = NOT_FOUND,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> _T:
        """Send one API call with retries; return its answer decoded by ``decode``.

        Raises:
            VideoSDKError: Any failure, translated (see `_errors`).
        """
        extra = () if headers is None else combine(self.headers, check_headers(headers))
        self._check_usable()
        policy = retry or self.retry
        per_attempt = self.timeout if timeout is None else as_timeout(timeout, self.timeout)
        safe = method in IDEMPOTENT_METHODS if idempotent is None else idempotent
        ends = None if policy.deadline is None else self._monotonic() + policy.deadline
        content = None if json_body is None else _json.dumps(json_body)
        query = None if params is None else {k: v for k, v in params.items() if v is not None}
        attempt = replaced = 0
        reminted = ambiguous = False
        while True:
            attempt += 1
            signed = self.auth.signatures
            result, sent = await self._attempt(
                method, path, content, query, per_attempt, ends, safe, extra
            )
            if isinstance(result, httpx.Response) and 200 <= result.status_code < 300:
                return decode_answer(result, decode, attempts=attempt, created=not safe)
            failure = self._failure(result, method, path)
            if failure.status in not_found_statuses:
                failure.error = failure.cause = _translate.as_not_found(
                    failure.error, not_found, not_found_statuses
                )
            failure.error.attempts = attempt
            if failure.status == 401:
                verdict = self._after_401(signed, sent)
                if verdict == "replaced" and replaced < _MAX_REPLACED:
                    replaced += 1  # another call renewed the token meanwhile: use that one
                    continue
                if verdict == "stale" and not reminted:
                    reminted = True  # the cached token was refused: one freshly minted try
                    self.auth.invalidate()
                    continue
            left = None if ends is None else ends - self._monotonic()
            decision = decide(policy, failure, idempotent=safe, attempt=attempt, left=left)
            # Once any attempt of a create may have been processed, the call's outcome is
            # unknown, whatever the later attempts answered.
            ambiguous = ambiguous or decision.outcome_unknown
            if ambiguous:
                _errors.mark_unknown_outcome(failure.error)
            if item := current_item.get():
                item.saw(failure, decision.delay, policy.max_retry_after)
            if not decision.retry:
                _raise(failure)
            logger.info(
                "%s %s: attempt %d failed (%s); retrying in %.2f s",
                method,
                path,
                attempt,
                failure.status or type(failure.cause).__name__,
                decision.delay,
            )
            await self._backoff(decision.delay, failure)

    async def _attempt(
        self,
        method: str,
        path: str,
        content: bytes | None,
        query: Mapping[str, Any] | None,
        per_attempt: httpx.Timeout,
        ends: float | None,
        safe: bool,
        extra: Headers = (),
    ) -> tuple[httpx.Response | BaseException, int]:
        """One attempt under the call's deadline: the answer, or what went wrong, and the
        generation of the token the request carried (-1: none was built)."""
        remaining = None if ends is None else max(ends - self._monotonic(), 0.0)
        item = current_item.get()
        debug = logger.isEnabledFor(logging.DEBUG)
        started = time.perf_counter() if debug else 0.0
        entered, sent = False, -1
        try:
            if item is not None:
                if remaining != 0.0 and item.gate.try_enter():
                    entered = True  # a free place, at once
                else:
                    with self._deadlines.bound(remaining):
                        await item.enter(ends)  # the wait at the batch's gate counts too
                        entered = True
                    remaining = None if ends is None else max(ends - self._monotonic(), 0.0)
            request = self._build(method, path, content, query, per_attempt, remaining, extra)
            sent = self.auth.signatures
            if not safe and item is not None:
                item.unsafe_sent = True
            with self._deadlines.bound(remaining):  # the body's reading included
                response = await self._send(request)
        except (
            httpx.HTTPError,
            TimeoutError,
            _translate.BodyTooLargeError,
            _translate.DeadlineBeforeSend,
        ) as exc:
            result: httpx.Response | BaseException = exc
            if isinstance(exc, TimeoutError) and not entered and item is not None:
                result = _translate.DeadlineBeforeSend()
            status = None
        else:
            result, status = response, response.status_code
        finally:
            if entered and item is not None:
                item.exit(None if isinstance(result, BaseException) else status)
        if debug:
            logger.debug(
                "%s %s -> %s in %.1f ms",
                method,
                path,
                status if status is not None else type(result).__name__,
                (time.perf_counter() - started) * 1000,
            )
        return result, sent

    def _build(
        self,
        method: str,
        path: str,
        content: bytes | None,
        query: Mapping[str, Any] | None,
        per_attempt: httpx.Timeout,
        remaining: float | None,
        extra: Headers = (),
    ) -> httpx.Request | Exchange:
        transport = self._transport
        if isinstance(transport, AiohttpTransport):
            # The hot path: no httpx.Request, no header merging, no httpx URL parsing. The
            # token sits in the transport's cached WireHeaders (repr hidden), not in a local.
            wire = transport.headers(self.auth, self._user_agent, content is not None, self.headers)
            return Exchange(
                transport,
                method,
                join_url(self.base_url, path, query),
                with_extra(wire, extra),  # the call's extra headers (the SDK's included)
                content,
                per_attempt,
                remaining,
            )
        # The token goes straight into httpx.Headers (whose repr hides it), never into a
        # local of ours, so frame-locals renderers (Sentry, structlog) cannot show it.
        headers = httpx.Headers({"Authorization": self.auth.get(), "User-Agent": self._user_agent})
        headers["Accept"] = "application/json"
        if content is not None:
            headers.update(_JSON_HEADERS)
        headers.update(extra or self.headers)  # replaces same-named ones
        extensions = {"timeout": capped_timeouts(per_attempt, remaining)}
        build = self.http.build_request if self._transport is None else httpx.Request
        return build(
            method,
            self.base_url + path,
            content=content,
            params=query,
            headers=headers,
            extensions=extensions,
        )

    def _send(self, request: httpx.Request | Exchange) -> Awaitable[httpx.Response]:
        """Through the user's client, or straight to the SDK's own transport (aiohttp's
        exchange is returned to be awaited as it is: one frame less on the hot path)."""
        if isinstance(request, Exchange):  # aiohttp reads and caps the body itself
            return request.send(MAX_BODY)
        return self._send_httpx(request)

    async def _send_httpx(self, request: httpx.Request) -> httpx.Response:
        if self._transport is None:
            response = await self.http.send(request, stream=True)
        else:
            response = await self._transport.handle_async_request(request)
            response.request = request
        try:
            await read_capped(response, MAX_BODY)
        finally:
            await response.aclose()
        return response

    # -- a presigned upload -------------------------------------------------------------

    async def put_presigned(self, url: str, content: bytes, content_type: str, **kw: Any) -> None:
        """PUT raw bytes to a presigned storage URL (``retry=``, ``timeout=``), retried like a
        read, only ``Content-Type`` sent, never the token (see `_http.put_presigned`)."""
        await put_presigned(self, url, content, content_type, **kw)

    # -- failures -----------------------------------------------------------------------

    def _failure(self, result: httpx.Response | BaseException, method: str, path: str) -> Failure:
        if isinstance(result, httpx.Response):
            retry_after = _translate.parse_retry_after(result.headers, now=self._clock())
            error = _translate.status_error(result, retry_after=retry_after)
            status = result.status_code
            return Failure(error=error, cause=error, status=status, retry_after=retry_after)
        host = urlsplit(self.base_url).netloc or self.base_url
        phase, translated = _translate.transport_error(result, method=method, path=path, host=host)
        return Failure(error=translated, cause=result, phase=phase)

    def _after_401(self, before: int, sent: int) -> str:
        """What a 401 means, given the token generation before the attempt and the one sent.

        ``"replaced"``: a newer token exists than the one refused (another call renewed it
        meanwhile): retry with it. ``"stale"``: the cached token was refused (expired or
        revoked): re-mint once. ``"fatal"``: a static token, or one minted for this very
        attempt seconds ago, was refused: the credentials are wrong.
        """
        if not self.auth.can_mint or sent < 0:
            return "fatal"
        if self.auth.signatures != sent:
            return "replaced"
        # Minted for this very attempt, and just now: the credentials themselves are wrong.
        fresh = sent != before and self.auth.minted_within(_FRESH)
        return "fatal" if fresh else "stale"

    async def _backoff(self, delay: float, failure: Failure) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._sleepers.add(task)
        try:
            await self._sleep(delay)
        except asyncio.CancelledError:
            if not self.closed or task is None or not task.cancelling():
                raise
            task.uncancel()
            raise VideoSDKError(
                "the AsyncVideoSDK was closed while this call waited to retry; nothing more "
                f"was sent (last failure: {failure.error.message})",
                attempts=failure.error.attempts,
                outcome_unknown=failure.error.outcome_unknown,
            ) from failure.cause
        finally:
            if task is not None:
                self._sleepers.discard(task)
        self._check_usable()

    # -- lifecycle ----------------------------------------------------------------------

    def _check_usable(self) -> None:
        if self.closed:
            raise RuntimeError(
                "this AsyncVideoSDK has been closed; create a new one (or keep one open for "
                "the life of your application)"
            )
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
        elif self._loop is not loop:
            raise VideoSDKError(
                "this AsyncVideoSDK was first used in another event loop, and its connections "
                "belong to that loop; nothing was sent. Create one AsyncVideoSDK per event "
                "loop (e.g. inside the coroutine you pass to asyncio.run)."
            )

    def close(self) -> None:
        """Refuse new calls and wake every call sleeping in a retry backoff."""
        self.closed = True
        for task in list(self._sleepers):
            task.cancel()


def _raise(failure: Failure) -> NoReturn:
    if failure.cause is failure.error:
        raise failure.error
    raise failure.error from failure.cause
