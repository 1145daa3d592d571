"""`Emulator`: the in-process face of the local VideoSDK API emulator."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final, TypeVar, cast

import httpx

from .._client import AsyncVideoSDK
from .._core._auth import generate_token
from ._app import build_app
from ._delivery import Delivery, DeliveryStore
from ._env import AppConfig, Env
from ._faults import Fault, FaultKind
from ._pipeline import Dropper
from ._state import JournalEntry, State
from .routes import FAMILIES
from .routes._room_store import RoomStore
from .routes.sessions import SessionControls

_C = TypeVar("_C")

#: Fixed development credentials (documented; they protect nothing but the emulator).
DEFAULT_API_KEY: Final = "emulator-api-key"
DEFAULT_SECRET: Final = "emulator-secret-do-not-use-in-production"
#: The base URL the in-process SDK uses; the ASGI transport never opens a socket to it.
IN_PROCESS_BASE_URL: Final = "http://127.0.0.1"


class Emulator:
    """A local, faithful stand-in for the VideoSDK API: every family the SDK calls.

    Serve it in-process (`sdk`, no socket) or on loopback (`EmulatorServer`). Script
    faults with `inject`, read what happened from `journal`, `creates` and `room_creates`.

    Args:
        api_key: The API key whose tokens it accepts.
        secret: The secret it verifies HS256 signatures with.
        not_found_status: What it answers for an unknown meeting or room id (404, or 402
            as the real API does for some unknown ids).
        latency: Seconds each API request waits before being handled (to model a real
            server's handling time).
        clock: Its wall clock (for timestamps, the journal and token expiry).
        sleep: How it waits (latency, delay faults, webhook retry backoff); injectable for
            virtual-time tests.
        seed: Seeds the dice of faults injected with a ``probability``.
        journal_size: How many requests the journal keeps (the oldest are dropped).
        retain_meetings: False: answer v1 creates but keep no meeting (validate then finds
            none); for load tests whose memory must not grow with the emulator's store.
            v2 rooms are always kept (their idempotency on customRoomId needs them).
        dropper: Closes a request's real connection for ``drop`` faults (server mode; see
            `with_dropper`).
        webhook_private_key: The RSA private key (PEM) it signs webhooks with; default: a
            new 2048-bit key (see `webhook_public_key`, `rotate_webhook_key`).
        webhook_app: An ASGI app every webhook is delivered to in process, whatever its URL
            (see `route_webhooks_to`); default: real HTTP to the URL.
    """

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        secret: str = DEFAULT_SECRET,
        not_found_status: int = 404,
        latency: float = 0.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        seed: int | None = None,
        journal_size: int = 100_000,
        retain_meetings: bool = True,
        dropper: Dropper | None = None,
        webhook_private_key: str | bytes | None = None,
        webhook_app: Any = None,
    ) -> None:
        self.api_key = api_key
        self.secret = secret
        self._state = State(clock=clock, seed=seed, journal_size=journal_size)
        config = AppConfig(
            api_key=api_key,
            secret=secret,
            not_found_status=not_found_status,
            latency=latency,
            retain_meetings=retain_meetings,
            sleep=sleep,
        )
        stores = dict.fromkeys(store for family in FAMILIES for store in family.stores)
        self._env = Env(config, clock=clock, store_types=stores)
        self._rooms = self._env.store(RoomStore)
        self._webhooks = self._env.store(DeliveryStore)
        if webhook_private_key is not None:
            self._webhooks.use_key(webhook_private_key)
        self._webhooks.app = webhook_app
        self._controls: dict[type[Any], Any] = {}
        self.app = build_app(self._state, self._env, FAMILIES, dropper)
        """The ASGI application."""

    def with_dropper(self, dropper: Dropper) -> Emulator:
        """Rebuild the app so that ``drop`` faults close the real connection (server mode)."""
        self.app = build_app(self._state, self._env, FAMILIES, dropper)
        return self

    # -- driving it --------------------------------------------------------------------

    def inject(
        self,
        route: str = "*",
        kind: FaultKind = "status",
        *,
        count: int = 1,
        status: int = 503,
        retry_after: float | None = None,
        delay: float = 0.0,
        match: Mapping[str, object] | None = None,
        user_meeting_id: str | None = None,
        probability: float = 1.0,
    ) -> Fault:
        """Script a fault for the next ``count`` matching requests to ``route``; see `Fault`.

        ``route`` is a route name such as ``"POST /v2/rooms"`` (see `ROUTES`) or ``"*"``;
        ``match={"customRoomId": "x"}`` limits it to requests whose JSON body has those
        top-level values.
        """
        fault = Fault(
            route=route,
            kind=kind,
            count=count,
            status=status,
            retry_after=retry_after,
            delay=delay,
            match=dict(match or {}),
            user_meeting_id=user_meeting_id,
            probability=probability,
        )
        self._state.add_fault(fault)
        return fault

    def control(self, controls: type[_C]) -> _C:
        """A family's test controls (one instance per emulator), e.g.
        ``emulator.control(SessionControls).join(room_id)``.

        Each family that has controls declares them (`Family.controls`); their methods
        raise ``ValueError`` for a bad argument and ``LookupError`` for a missing object.

        Raises:
            KeyError: No family of this emulator declares ``controls``.
        """
        found = self._controls.get(controls)
        if found is None:
            if controls not in {f.controls for f in FAMILIES}:
                raise KeyError(f"no family of this emulator has the controls {controls!r}")
            found = self._controls[controls] = cast(Any, controls)(self._env)
        return cast(_C, found)

    # Sessions' controls, kept here since tests and READMEs call them this way.

    def join(self, room_id: str, participant_id: str | None = None, *, name: str = "Guest") -> str:
        """A participant joins a room (roomId or customRoomId); the first join starts a session.

        Returns:
            The participant's id (``participant_id``, or a new one).

        Raises:
            ValueError: ``participant_id`` or ``name`` is not a non-empty str.
            LookupError: No such room.
        """
        return self.control(SessionControls).join(room_id, participant_id, name)

    def leave(self, room_id: str, participant_id: str) -> None:
        """A participant leaves a room's live session; the last one out ends it.

        Raises:
            LookupError: No such room, or the participant is not in its live session.
        """
        self.control(SessionControls).leave(room_id, participant_id)

    def add_stats(
        self, session_id: str, sample: Mapping[str, Any], *, participant_id: str | None = None
    ) -> None:
        """Add a quality-stats sample to a session (or to one of its participants).

        Raises:
            ValueError: ``participant_id`` is not a non-empty str.
            LookupError: No such session.
        """
        self.control(SessionControls).add_stats(session_id, dict(sample), participant_id)

    def live_session(self, room_id: str) -> str | None:
        """The id of the room's ongoing session (roomId or customRoomId), or None."""
        return self.control(SessionControls).live_session(room_id)

    # -- webhooks ------------------------------------------------------------------------

    @property
    def webhook_public_key(self) -> str:
        """The public key (SPKI PEM) deliveries verify with, as ``/v2/public/rsa-public-key``."""
        return self._webhooks.public_key

    def rotate_webhook_key(self) -> None:
        """Sign from now on with a new key (the old one stops verifying)."""
        self._webhooks.use_key(None)

    def route_webhooks_to(self, app: Any) -> None:
        """Deliver webhooks to this ASGI app in process (no socket), whatever their URL.

        The app is called on the event loop that raised the event (``None``: real HTTP again).
        """
        self._webhooks.app = app

    @property
    def deliveries(self) -> list[Delivery]:
        """Every webhook delivery finished so far (each with its body and signature)."""
        return self._webhooks.finished()

    async def deliveries_settled(self, timeout: float = 5.0) -> list[Delivery]:
        """Wait (without blocking the event loop) until no delivery is in progress.

        Deliveries run as tasks on the loop where their event was raised (this one, for
        `join`/`leave` called here), so async code waits with this.

        Returns:
            Every delivery finished so far (`deliveries`).

        Raises:
            TimeoutError: Some are still in progress after ``timeout`` seconds.
        """
        await asyncio.to_thread(self._webhooks.wait, timeout)
        return self.deliveries

    def wait_deliveries(self, timeout: float = 5.0) -> list[Delivery]:
        """`deliveries_settled` for sync code (or a thread whose loop runs none of them).

        Raises:
            RuntimeError: Called on an event loop that runs some of them (it could never
                return): use ``await deliveries_settled()``.
            TimeoutError: Some are still in progress after ``timeout`` seconds.
        """
        self._webhooks.wait(timeout)
        return self.deliveries

    def close(self) -> None:
        """Cancel the webhook deliveries in progress (`EmulatorServer.stop` does this)."""
        self._webhooks.stop()

    def clear_faults(self) -> None:
        """Drop every scripted fault not yet spent."""
        self._state.clear_faults()

    def reset(self) -> None:
        """Forget every meeting, room, fault, journal entry and counter."""
        self._state.reset()
        self._env.reset()

    # -- reading it --------------------------------------------------------------------

    @property
    def journal(self) -> list[JournalEntry]:
        """Every API request received, oldest first."""
        return list(self._state.journal)

    @property
    def meetings(self) -> dict[str, dict[str, Any]]:
        """The meetings it holds, by meeting id, as v1 serves them.

        Rooms and meetings are the same objects on the API, so rooms made through
        ``/v2/rooms`` are here too.
        """
        return {r.room_id: self._rooms.meeting_json(r) for r in self._rooms.records()}

    @property
    def rooms(self) -> dict[str, dict[str, Any]]:
        """The rooms it holds, by roomId, as create and validate serve them (v1 meetings too)."""
        return {r.room_id: self._rooms.room_json(r) for r in self._rooms.records()}

    def creates(self, user_meeting_id: str | None) -> int:
        """How many meetings ``POST /v1/meetings`` created with this ``userMeetingId``."""
        return self._rooms.creates[user_meeting_id]

    @property
    def creates_by_user_meeting_id(self) -> dict[str | None, int]:
        """v1 creates counted per ``userMeetingId`` (``None`` for creates without one)."""
        return dict(self._rooms.creates)

    def room_creates(self, custom_room_id: str | None) -> int:
        """How many rooms ``POST /v2/rooms`` created with this ``customRoomId``.

        A create with a known customRoomId answers the existing room and counts nothing,
        so a correct client leaves exactly 1 per id.
        """
        return self._rooms.room_creates[custom_room_id]

    @property
    def room_creates_by_custom_room_id(self) -> dict[str | None, int]:
        """v2 room creations counted per ``customRoomId`` (``None`` for rooms without one)."""
        return dict(self._rooms.room_creates)

    @property
    def in_flight(self) -> int:
        """How many API requests it is handling now."""
        return self._state.in_flight

    @property
    def max_in_flight(self) -> int:
        """The most API requests it was handling at once."""
        return self._state.max_in_flight

    # -- clients -----------------------------------------------------------------------

    def token(self, *, ttl: float = 3600.0, **claims: Any) -> str:
        """A management token it accepts (for raw HTTP clients)."""
        token: str = generate_token(
            self.api_key, self.secret, permissions=("allow_join", "allow_mod"), ttl=ttl, **claims
        )
        return token

    def transport(self) -> httpx.AsyncBaseTransport:
        """An httpx transport that calls the app directly, without a socket."""
        return httpx.ASGITransport(app=self.app)

    def sdk(self, **kwargs: Any) -> AsyncVideoSDK:
        """An `AsyncVideoSDK` wired to this emulator in-process, credentials filled in.

        Keyword arguments are passed to `AsyncVideoSDK` (e.g. ``retry=``).
        """
        kwargs.setdefault("api_key", self.api_key)
        kwargs.setdefault("secret", self.secret)
        kwargs.setdefault("base_url", IN_PROCESS_BASE_URL)
        kwargs.setdefault("transport", self.transport())
        return AsyncVideoSDK(**kwargs)

    def __repr__(self) -> str:
        return f"<Emulator rooms={len(self._rooms)} api_key={self.api_key!r}>"
