"""`AsyncVideoSDK`: configuration, the shared ``httpx.AsyncClient``, lifecycle, and send."""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import sys
import time
from collections.abc import Awaitable, Callable, Iterable
from types import TracebackType
from typing import Any, Final, Literal, NoReturn, Protocol, Self, TypeVar

import httpx

from . import _errors, _retry
from ._auth import MANAGEMENT_TTL, Permission, TokenProvider, generate_token
from ._batch import BatchGate
from ._converter import ShapeError, structure
from ._errors import (
    NotFoundError,
    UnexpectedResponseError,
    VideoSDKError,
)
from ._meetings import AsyncMeetings, check_meeting_id
from ._retry import RetryPolicy
from ._version import __version__

logger = logging.getLogger("videosdk_async")


class Gate(Protocol):
    """What `AsyncVideoSDK._request` asks of a batch around each attempt."""

    async def enter(self) -> None: ...
    def exit(self, status: int | None) -> None: ...
    def pause(self, seconds: float) -> None: ...


_T = TypeVar("_T")

DEFAULT_BASE_URL: Final = "https://api.videosdk.live"
#: Control-plane defaults: connecting should be quick; the API may take a while to answer.
DEFAULT_TIMEOUT: Final = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=10.0)
DEFAULT_MAX_CONNECTIONS: Final = 100

_ENV_TOKEN = "VIDEOSDK_TOKEN"
_ENV_API_KEY = "VIDEOSDK_API_KEY"
_ENV_SECRET = "VIDEOSDK_SECRET"
_ENV_ENDPOINT = "VIDEOSDK_API_ENDPOINT"

USER_AGENT: Final = (
    f"videosdk-async/{__version__} python/{'.'.join(map(str, sys.version_info[:3]))} "
    f"httpx/{httpx.__version__}"
)


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_base_url(raw: str) -> str:
    """Validate a base URL and return it without a trailing slash."""
    if not isinstance(raw, str):
        raise TypeError(f"base_url must be a str, not {type(raw).__name__}")
    try:
        url = httpx.URL(raw)
    except httpx.InvalidURL as exc:
        raise ValueError(f"base_url is not a valid URL: {exc}") from None
    if url.scheme not in ("https", "http") or not url.host:
        raise ValueError(
            "base_url must be an absolute https:// URL, e.g. https://api.videosdk.live"
        )
    if url.scheme == "http" and not _is_loopback(url.host):
        raise ValueError(
            "base_url uses plain http:// to a host that is not loopback: the token would "
            "cross the network in clear text. Use https://, or http:// only to localhost, "
            "127.0.0.0/8 or ::1 (e.g. the local emulator)."
        )
    if url.userinfo or url.query or url.fragment:
        raise ValueError("base_url must not carry credentials, a query or a fragment")
    path = url.path.rstrip("/")
    if path.rsplit("/", 1)[-1] in ("v1", "v2"):
        # The official examples set VIDEOSDK_API_ENDPOINT=https://api.videosdk.live/v2;
        # this SDK adds the version to each path itself.
        raise ValueError(
            f"base_url should be the API's root without a version (e.g. "
            f"https://api.videosdk.live), not one ending in {path!r}"
        )
    return str(url.copy_with(path=path or "/")).rstrip("/")


def _resolve_credentials(
    token: str | None, api_key: str | None, secret: str | None
) -> tuple[str | None, str | None, str | None]:
    if token is None and api_key is None and secret is None:
        env = os.environ
        token = env.get(_ENV_TOKEN) or None
        api_key = env.get(_ENV_API_KEY) or None
        secret = env.get(_ENV_SECRET) or None
        if token is not None and (api_key is not None or secret is not None):
            # Key and secret are the more capable pair (they can mint join tokens).
            token = None
        source = f"the environment ({_ENV_API_KEY}/{_ENV_SECRET} or {_ENV_TOKEN})"
    else:
        source = "the arguments"
    for name, value in (("token", token), ("api_key", api_key), ("secret", secret)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}")
        if value is not None and not value.strip():
            raise ValueError(f"{name} must not be empty")
    if token is not None and (api_key is not None or secret is not None):
        raise ValueError("give either token= or api_key= and secret=, not both")
    if token is None and (api_key is None) != (secret is None):
        missing = "secret" if secret is None else "api_key"
        raise ValueError(f"api_key and secret go together: {missing} is missing in {source}")
    if token is None and api_key is None:
        raise ValueError(
            "no VideoSDK credentials: pass api_key= and secret= (or a pre-minted token=), or "
            f"set {_ENV_API_KEY} and {_ENV_SECRET} (or {_ENV_TOKEN}) in the environment"
        )
    return token, api_key, secret


def _aiohttp_transport(max_connections: int) -> httpx.AsyncBaseTransport:
    try:
        from ._aiohttp import AiohttpTransport
    except ImportError as exc:
        raise ImportError(
            "http_backend='aiohttp' needs the fast extra: pip install 'videosdk-async[fast]'"
        ) from exc
    return AiohttpTransport(max_connections=max_connections)


def _cap_timeout(timeout: httpx.Timeout, remaining: float) -> httpx.Timeout:
    def cap(value: float | None) -> float:
        return remaining if value is None else min(value, remaining)

    return httpx.Timeout(
        connect=cap(timeout.connect),
        read=cap(timeout.read),
        write=cap(timeout.write),
        pool=cap(timeout.pool),
    )


class AsyncVideoSDK:
    """The asyncio client of the VideoSDK.live REST API.

    One instance owns one ``httpx.AsyncClient`` (one connection pool) shared by all its
    calls; create it once (per process, or in your web app's lifespan) and reuse it. Use it as
    an async context manager, or call `aclose` when done.

    Args:
        token: A pre-minted VideoSDK token, sent as is.
        api_key: Your API key; with ``secret``, the SDK mints, caches and refreshes its own
            short-lived management token, and can mint participant join tokens.
        secret: Your API secret (never sent anywhere; it only signs tokens).
        base_url: The API's root URL. Default: ``$VIDEOSDK_API_ENDPOINT``, then
            ``https://api.videosdk.live``. Plain ``http://`` is refused except to loopback.
        timeout: Seconds (one number for all phases) or an ``httpx.Timeout``. Default:
            connect 5 s, read 30 s, write 30 s, pool 10 s. Ignored when ``http_client`` is
            given (that client's timeouts apply).
        max_connections: Size of the connection pool. Ignored with ``http_client``.
        retry: The `RetryPolicy` for every call (default: ``RetryPolicy()``).
        http_client: Your own ``httpx.AsyncClient`` to send with. The SDK never closes it.
        transport: An ``httpx.AsyncBaseTransport`` for the client the SDK builds (and
            closes), e.g. the emulator's in-process transport. Not with ``http_client``.
        http_backend: ``"httpx"`` (default: httpx's own transport, which respx mocks) or
            ``"aiohttp"`` (extra ``fast``: much less CPU per request under high
            concurrency; see the README's Performance section).
        token_ttl: Lifetime in seconds of the management tokens the SDK mints.
        clock: Returns the current POSIX time; injectable for tests. It drives token
            expiry and, when given, also measures retry deadlines (default: ``time.time``
            for tokens, ``time.monotonic`` for deadlines).
        sleep: The coroutine function used to wait between attempts; injectable for tests
            (default: ``asyncio.sleep``, instant in `videosdk_async.testing` mode).

    Credentials come from the arguments or, when none is given, from the environment:
    ``VIDEOSDK_API_KEY`` + ``VIDEOSDK_SECRET``, or ``VIDEOSDK_TOKEN``.

    Raises:
        ValueError: Missing or contradictory credentials, or an unsafe ``base_url``.
        TypeError: An argument has the wrong type.
    """

    def __init__(
        self,
        *,
        token: str | None = None,
        api_key: str | None = None,
        secret: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        retry: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_backend: Literal["httpx", "aiohttp"] = "httpx",
        token_ttl: float = MANAGEMENT_TTL,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        token, api_key, secret = _resolve_credentials(token, api_key, secret)
        self._base_url = _check_base_url(
            base_url or os.environ.get(_ENV_ENDPOINT) or DEFAULT_BASE_URL
        )
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise TypeError(f"retry must be a RetryPolicy, not {type(retry).__name__}")
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise TypeError("http_client must be an httpx.AsyncClient")
        self._retry = retry or RetryPolicy()
        self._auth = TokenProvider(
            token=token, api_key=api_key, secret=secret, clock=clock or time.time, ttl=token_ttl
        )
        self._now = clock or time.time
        self._monotonic = clock or time.monotonic
        self._sleep = sleep or _retry.default_sleep
        if http_client is not None and transport is not None:
            raise ValueError("give http_client= or transport=, not both")
        if http_backend not in ("httpx", "aiohttp"):
            raise ValueError(f"http_backend must be 'httpx' or 'aiohttp', not {http_backend!r}")
        if http_backend == "aiohttp":
            if http_client is not None or transport is not None:
                raise ValueError("http_backend='aiohttp' builds its own transport")
            transport = _aiohttp_transport(max_connections)
        if http_client is None:
            if isinstance(timeout, httpx.Timeout):
                timeouts = timeout
            elif timeout is None:
                timeouts = DEFAULT_TIMEOUT
            else:
                timeouts = httpx.Timeout(timeout)
            limits = httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            )
            self._http = httpx.AsyncClient(timeout=timeouts, limits=limits, transport=transport)
            self._owns_http = True
            self._max_connections: int | None = max_connections
            # The SDK's own client has no hooks, auth, cookies or redirects to apply, so an
            # attempt goes straight to its transport: AsyncClient.send's bookkeeping is a
            # large share of the client-side CPU per request. Not when the environment
            # configures proxies (HTTPS_PROXY, ...): httpx then mounts proxy transports, and
            # only AsyncClient.send routes through them. The attributes read here are
            # httpx's; if they ever move, every attempt simply goes through send().
            proxied = bool(getattr(self._http, "_mounts", True))
            direct = transport or getattr(self._http, "_transport", None)
            self._transport: httpx.AsyncBaseTransport | None = None if proxied else direct
        else:
            self._http = http_client
            self._owns_http = False
            self._max_connections = None
            self._transport = None
        self._closed = False
        self.meetings: AsyncMeetings = AsyncMeetings(self)
        """The v1 meetings calls: `AsyncMeetings`."""

    # -- lifecycle ---------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        self._check_open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool the SDK created (idempotent).

        A user-supplied ``http_client`` is left open: its owner closes it.
        """
        if self._closed:
            return
        self._closed = True
        if self._owns_http:
            await self._http.aclose()

    @property
    def is_closed(self) -> bool:
        """Whether `aclose` has been called."""
        return self._closed

    @property
    def base_url(self) -> str:
        """The API root this SDK sends to."""
        return self._base_url

    @property
    def retry(self) -> RetryPolicy:
        """The default `RetryPolicy` of this SDK's calls."""
        return self._retry

    def __repr__(self) -> str:
        state = " closed" if self._closed else ""
        return f"<AsyncVideoSDK base_url={self._base_url!r} auth={self._auth.mode!r}{state}>"

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(
                "this AsyncVideoSDK has been closed; create a new one (or keep one open for "
                "the life of your application)"
            )

    # -- tokens ------------------------------------------------------------------------

    def join_token(
        self,
        meeting_id: str,
        *,
        participant_id: str | None = None,
        permissions: Iterable[Permission] = ("allow_join",),
        ttl: float = 3600.0,
    ) -> str:
        """Mint a token that lets a participant join one meeting (and only that one).

        Args:
            meeting_id: The meeting the token is for (its ``roomId`` claim).
            participant_id: Bind the token to this participant id.
            permissions: ``allow_join`` (default), ``allow_mod``, or ``ask_join`` alone.
            ttl: Lifetime in seconds.

        Returns:
            The token, for your front end to hand to VideoSDK's client SDKs.

        Raises:
            RuntimeError: The SDK was given a static ``token`` and has no secret to sign with.
            ValueError: A bad meeting id or an invalid permission combination.
        """
        check_meeting_id(meeting_id)
        api_key, secret = self._auth.credentials()
        return generate_token(
            api_key,
            secret,
            permissions=permissions,
            ttl=ttl,
            room_id=meeting_id,
            participant_id=participant_id,
            version=2,
            now=self._now(),
        )

    # -- batches -----------------------------------------------------------------------

    def _batch_gate(self, *, concurrency: int, rate_limit: float | None) -> BatchGate:
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise ValueError(f"concurrency must be an int >= 1, got {concurrency!r}")
        if rate_limit is not None and (
            isinstance(rate_limit, bool)
            or not isinstance(rate_limit, int | float)
            or not rate_limit > 0
        ):
            raise ValueError(f"rate_limit must be a number > 0 or None, got {rate_limit!r}")
        if self._max_connections is not None and concurrency > self._max_connections:
            # The pool must not be the queue: requests would wait inside httpx's pool and
            # could hit its pool timeout. The batch waits instead.
            logger.warning(
                "concurrency %d is above max_connections %d; using %d (raise "
                "AsyncVideoSDK(max_connections=...) for more)",
                concurrency,
                self._max_connections,
                self._max_connections,
            )
            concurrency = self._max_connections
        return BatchGate(
            concurrency=concurrency, rate_limit=rate_limit, clock=self._monotonic, sleep=self._sleep
        )

    # -- sending -----------------------------------------------------------------------

    async def _request(
        self,
        method: str,
        path: str,
        *,
        into: type[_T],
        json_body: dict[str, Any] | None = None,
        idempotent: bool,
        not_found: type[NotFoundError] = NotFoundError,
        not_found_statuses: frozenset[int] = frozenset({402, 404}),
        retry: RetryPolicy | None = None,
        gate: Gate | None = None,
    ) -> _T:
        """Send one API call with retries; return its JSON body decoded into ``into``.

        ``gate``, when given, is entered before and left after every attempt (batches use it
        for their shared rate limit and 429 pause).

        Raises:
            VideoSDKError: Any failure, translated (see `_errors`).
        """
        self._check_open()
        policy = retry or self._retry
        started = self._monotonic()
        ends = None if policy.deadline is None else started + policy.deadline
        url = self._base_url + path
        content = None if json_body is None else json.dumps(json_body).encode()
        attempt = 0
        reminted = False
        while True:
            attempt += 1
            headers = {
                "Authorization": self._auth.get(),
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            }
            if content is not None:
                headers["Content-Type"] = "application/json"
            timeout: httpx.Timeout | None = None
            if ends is not None:
                remaining = max(ends - self._monotonic(), 0.001)
                timeout = _cap_timeout(self._http.timeout, remaining)
            request = self._http.build_request(
                method,
                url,
                content=content,
                headers=headers,
                timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
            )
            error: VideoSDKError
            status: int | None = None
            phase: str | None = None
            retry_after: float | None = None
            if gate is not None:
                await gate.enter()
            sent_at = time.perf_counter()
            try:
                response = await self._send(request)
            except httpx.HTTPError as exc:
                phase, error = _errors.transport_error(exc, method=method, path=path)
                logger.debug(
                    "%s %s -> %s after %.1f ms (attempt %d)",
                    method,
                    path,
                    type(exc).__name__,
                    (time.perf_counter() - sent_at) * 1000,
                    attempt,
                )
                cause: BaseException = exc
            else:
                logger.debug(
                    "%s %s -> %d in %.1f ms (attempt %d)",
                    method,
                    path,
                    response.status_code,
                    (time.perf_counter() - sent_at) * 1000,
                    attempt,
                )
                status = response.status_code
            finally:
                if gate is not None:
                    gate.exit(status)
            if status is not None:
                if response.is_success:
                    return self._decode(response, into, attempt)
                retry_after = _errors.parse_retry_after(response.headers, now=self._now())
                error = _errors.status_error(
                    response,
                    not_found=not_found,
                    not_found_statuses=not_found_statuses,
                    retry_after=retry_after,
                )
                await response.aclose()
                cause = error
                if (
                    status == 401
                    and not reminted
                    and "expired" in str(getattr(error, "body", "")).lower()
                    and self._auth.invalidate()
                ):
                    reminted = True
                    logger.info("%s %s: token expired; minting a new one, retrying", method, path)
                    continue

            error.attempts = attempt
            delay = max(policy.backoff(attempt), retry_after or 0.0)
            if gate is not None and status == 429:
                # The whole batch holds back, even if this item gives up now; never for
                # longer than the policy would wait itself.
                gate.pause(min(delay, policy.max_retry_after))
            retryable = policy.is_retryable(status=status, phase=phase, idempotent=idempotent)
            if not idempotent and _retry.outcome_unknown(status=status, phase=phase):
                _errors.mark_unknown_outcome(error)
            if not retryable or attempt >= policy.max_attempts:
                self._raise(error, cause)
            if retry_after is not None and retry_after > policy.max_retry_after:
                self._raise(error, cause)
            if ends is not None and self._monotonic() + delay > ends:
                self._raise(error, cause)
            logger.info(
                "%s %s: attempt %d failed (%s); retrying in %.2f s",
                method,
                path,
                attempt,
                status if status is not None else type(cause).__name__,
                delay,
            )
            await self._sleep(delay)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        """One attempt: through the user's client, or straight to the SDK's own transport."""
        if self._transport is None:
            return await self._http.send(request)
        response = await self._transport.handle_async_request(request)
        response.request = request
        try:
            await response.aread()
        finally:
            await response.aclose()
        return response

    @staticmethod
    def _raise(error: VideoSDKError, cause: BaseException) -> NoReturn:
        if cause is error:
            raise error
        raise error from cause

    @staticmethod
    def _decode(response: httpx.Response, into: type[_T], attempt: int) -> _T:
        where = f"{response.request.method} {response.request.url.path}"
        try:
            data = json.loads(response.content)
        except ValueError:
            problem = "a body that is not JSON"
        else:
            try:
                return structure(data, into)
            except ShapeError as exc:
                problem = f"a body of unexpected shape ({exc})"
        raise UnexpectedResponseError(
            f"the API answered {where} with status {response.status_code} and {problem}",
            status_code=response.status_code,
            attempts=attempt,
        )
