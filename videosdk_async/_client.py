"""`AsyncVideoSDK`: configuration, lifecycle and the resource attributes. No I/O logic here."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Literal, Self, TypeVar

from . import _config
from ._core import _http, _retry
from ._core._auth import MANAGEMENT_TTL, TokenProvider
from ._core._errors import InvalidArgumentTypeError as BadType
from ._core._headers import check_headers
from ._core._requester import Requester
from ._core._retry import RetryPolicy
from ._crosscutting import CrossCutting
from ._tokens import Tokens
from .resources.agents import AsyncAgents
from .resources.alert_rules import AsyncAlertRules
from .resources.batch_calls import AsyncBatchCalls
from .resources.connectors import AsyncConnectors
from .resources.hls import AsyncHls
from .resources.incidents import AsyncIncidents
from .resources.ingest import AsyncSocketIngress, AsyncWhep, AsyncWhip
from .resources.livestreams import AsyncLivestreams
from .resources.meetings import AsyncMeetings
from .resources.participants import AsyncParticipants
from .resources.recordings import AsyncRecordings
from .resources.resource_pool import AsyncResourcePool
from .resources.rooms import AsyncRooms
from .resources.sessions import AsyncSessions
from .resources.sip import AsyncSip
from .resources.transcodings import AsyncTranscodings
from .resources.transcription import AsyncTranscription
from .resources.webhooks import AsyncWebhooks

if TYPE_CHECKING:
    import httpx

logger = logging.getLogger("videosdk_async")

_In = TypeVar("_In")
_Out = TypeVar("_Out")


class AsyncVideoSDK(CrossCutting, Tokens):
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
            ``https://api.videosdk.live``. Plain ``http://`` is refused except to loopback;
            a ``/v1`` or ``/v2`` suffix is dropped (the SDK adds versions itself).
        timeout: Seconds (one number for all phases) or an ``httpx.Timeout`` for each
            attempt. Default: connect 5 s, read 30 s, write 30 s, pool 10 s.
        max_connections: Size of the connection pool. Ignored with ``http_client``.
        retry: The `RetryPolicy` for every call (default: ``RetryPolicy()``).
        http_client: Your own ``httpx.AsyncClient`` to send with. The SDK never closes it.
        transport: An ``httpx.AsyncBaseTransport`` for the client the SDK builds (and
            closes), e.g. the emulator's in-process transport. Not with ``http_client``.
        http_backend: ``"aiohttp"`` (the default when neither ``http_client`` nor
            ``transport`` is given: the SDK's own aiohttp transport, several times cheaper per
            request under concurrency) or ``"httpx"`` (httpx's own transport, which respx
            mocks). See the README's Performance section.
        token_ttl: Lifetime in seconds of the management tokens the SDK mints.
        webhook_public_key: VideoSDK's webhook public key (PEM) to pin; default
            ``$VIDEOSDK_WEBHOOK_PUBLIC_KEY``, else it is fetched once when first needed.
        clock: Returns the current POSIX time; injectable for tests. It drives token
            expiry and, when given, also measures retry deadlines.
        sleep: The coroutine function used to wait between attempts; injectable for tests.
        headers: Extra headers sent on every API request (not ``Authorization``,
            ``User-Agent``, ``Content-Type``, ``Accept`` or ``Host``: ``ValueError``).

    Credentials come from the arguments or, when none is given, from the environment:
    ``VIDEOSDK_API_KEY`` + ``VIDEOSDK_SECRET`` (or ``VIDEOSDK_SECRET_KEY``), or
    ``VIDEOSDK_TOKEN`` (or ``VIDEOSDK_AUTH_TOKEN``).

    Raises:
        ValueError: Missing or contradictory credentials, an unsafe ``base_url``, or a
            ``timeout`` / ``max_connections`` that cannot work.
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
        max_connections: int = _config.DEFAULT_MAX_CONNECTIONS,
        retry: RetryPolicy | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_backend: Literal["httpx", "aiohttp"] | None = None,
        token_ttl: float = MANAGEMENT_TTL,
        webhook_public_key: str | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        token, api_key, secret = _config.resolve_credentials(token, api_key, secret)
        base = _config.check_base_url(
            base_url or _config.env(_config.ENV_ENDPOINT) or _config.DEFAULT_BASE_URL
        )
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise BadType(f"retry must be a RetryPolicy, not {type(retry).__name__}")
        extra_headers = check_headers(headers)
        timeouts = _http.check_timeout(timeout)
        _config.check_max_connections(max_connections)
        http, direct = _http.build_http(
            http_client, transport, http_backend, timeouts, max_connections
        )
        self._owns_http = http_client is None
        self._monotonic = clock or time.monotonic
        self._now = clock or time.time
        auth = TokenProvider(token=token, api_key=api_key, secret=secret, clock=self._now)
        auth.ttl = token_ttl
        self._requester = Requester(
            base_url=base,
            http=http,
            transport=direct,
            auth=auth,
            retry=retry or RetryPolicy(),
            timeout=http.timeout if http_client is not None else timeouts,
            user_agent=_http.USER_AGENT,
            clock=self._now,
            monotonic=self._monotonic,
            sleep=sleep or _retry.default_sleep,
            max_connections=max_connections if self._owns_http else None,
            headers=extra_headers,
        )
        self._webhook_public_key = webhook_public_key or _config.env(_config.ENV_WEBHOOK_KEY)
        # The families, one line each (each class documents its calls).
        self.meetings = AsyncMeetings(self)
        self.rooms = AsyncRooms(self)
        self.connectors = AsyncConnectors(self)
        self.resource_pool = AsyncResourcePool(self)
        self.alert_rules = AsyncAlertRules(self)
        self.incidents = AsyncIncidents(self)
        self.sessions = AsyncSessions(self)
        self.sip = AsyncSip(self)
        self.participants = AsyncParticipants(self)
        self.recordings = AsyncRecordings(self)
        self.hls = AsyncHls(self)
        self.livestreams = AsyncLivestreams(self)
        self.transcodings = AsyncTranscodings(self)
        self.webhooks = AsyncWebhooks(self)
        self.whip = AsyncWhip(self)
        self.whep = AsyncWhep(self)
        self.socket_ingress = AsyncSocketIngress(self)
        self.batch_calls = AsyncBatchCalls(self)
        self.transcription = AsyncTranscription(self)
        self.agents = AsyncAgents(self)

    # -- lifecycle ---------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        if self.is_closed:
            raise RuntimeError("this AsyncVideoSDK has been closed; create a new one")
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

        Calls waiting to retry raise at once, and nothing more is sent. A user-supplied
        ``http_client`` is left open: its owner closes it.
        """
        if self.is_closed:
            return
        self._requester.close()
        if self._owns_http:
            await self._requester.http.aclose()

    @property
    def is_closed(self) -> bool:
        """Whether `aclose` has been called."""
        return self._requester.closed

    @property
    def base_url(self) -> str:
        """The API root this SDK sends to."""
        return self._requester.base_url

    @property
    def retry(self) -> RetryPolicy:
        """The default `RetryPolicy` of this SDK's calls."""
        return self._requester.retry

    def __repr__(self) -> str:
        state = " closed" if self.is_closed else ""
        mode = self._requester.auth.mode
        return f"<AsyncVideoSDK base_url={self.base_url!r} auth={mode!r}{state}>"
