"""`AsyncWhip`, `AsyncWhep`, `AsyncSocketIngress`: publishing into and pulling out of a room.

WHIP and WHEP credentials are built locally (``create`` is a plain method, no I/O): a URL on
the SDK's ``base_url`` and a management token minted with the SDK's key and secret (the
official SDK's ``forApi()``: ``{apikey, permissions: ["allow_join", "allow_mod"], version:
2, roles: ["crawler"]}``). Their ``delete`` ends a publisher or player through the room's live
session. Socket ingress asks the API for a single-use WebSocket URL.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from .._core._auth import Permission, token_claims
from .._core._converter import bare_string
from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._errors import RoomNotFoundError
from .._core._ids import check_id, optional_id, optional_label, segment
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.ingest import SocketIngress, SocketIngressAgent, WhepEndpoint, WhipEndpoint
from ._base import Resource, into_at, options

#: The management token's grants (the official SDK's ``forApi()``).
_PERMISSIONS: tuple[Permission, ...] = ("allow_join", "allow_mod")


class _Ingress(Resource):
    """What WHIP and WHEP share: the token, the URL, the live-session delete."""

    __slots__ = ()

    def _token(self, expires_in: float) -> str:
        claims = token_claims(
            permissions=_PERMISSIONS,
            roles=("crawler",),
            version=2,
            ttl=expires_in,
            now=self._sdk._now(),
        )
        return self._requester.auth.sign(claims)

    def _url(self, path: str, query: dict[str, str | None]) -> str:
        # Form-encoded, unset keys left out (as the official SDK's URLSearchParams).
        given = {k: v for k, v in query.items() if v is not None and v != ""}
        return f"{self._sdk.base_url}{path}?{urlencode(given)}"

    async def _end(
        self,
        kind: str,
        room_id: str,
        session_id: str | None,
        query: dict[str, str | None],
        retry: RetryPolicy | None,
        timeout: CallTimeout,
    ) -> str:
        """``DELETE /v2/{kind}/sessions/{sid}?...``, the live session found when not given."""
        if session_id is None:
            page = await self._sdk.sessions.list(
                room_id=room_id, status="ongoing", per_page=1, retry=retry, timeout=timeout
            )
            if not page.data:
                raise RoomNotFoundError(
                    f"no live session in room {room_id!r}", status_code=404, body=None
                )
            session_id = page.data[0].id
        return await self._delete(
            f"/v2/{kind}/sessions/{segment(session_id, 'session_id')}",
            bare_string,
            params=query,
            retry=retry,
            timeout=timeout,
        )


def _target(
    endpoint: object, participant_id: str | None, kind: type[Any]
) -> tuple[str, str, Any | None]:
    """(room id, participant id, the endpoint if one was given), checked."""
    if isinstance(endpoint, kind):
        if participant_id is not None:
            raise BadValue("participant_id comes from the endpoint: do not pass both")
        return endpoint.room_id, endpoint.participant_id, endpoint
    room = check_id(endpoint, "room_id")
    if participant_id is None:
        raise BadValue("participant_id is required with a room id")
    return room, check_id(participant_id, "participant_id"), None


def _expiry(expires_in: object) -> float:
    if isinstance(expires_in, bool) or not isinstance(expires_in, int | float):
        raise BadType(f"expires_in must be a number of seconds, not {type(expires_in).__name__}")
    if not 0 < expires_in <= 366 * 86400:
        raise BadValue("expires_in must be more than 0 and at most 366 days, in seconds")
    return float(expires_in)


class AsyncWhip(_Ingress):
    """WHIP publishing into a room. Get it as ``sdk.whip``; do not construct it yourself."""

    __slots__ = ()

    def create(
        self,
        room_id: str,
        *,
        participant_id: str | None = None,
        name: str | None = None,
        expires_in: float = 3600,
        use_existing_peer: bool = False,
    ) -> WhipEndpoint:
        """The URL and token an encoder publishes with (local: nothing is sent).

        The URL is ``{base_url}/v2/whip?roomId&participantId&displayName&useExistingPeer=
        true`` (unset keys left out). In OBS: Settings > Stream > Service *WHIP*, Server =
        ``url``, Bearer Token = ``token``.

        Args:
            room_id: The room to publish into.
            participant_id: The publisher's id (default ``whip-<uuid4>``).
            name: The publisher's display name.
            expires_in: The token's lifetime in seconds.
            use_existing_peer: Publish as a participant already in the room.

        Raises:
            TypeError, ValueError: A bad argument (checked before the secret is read).
            RuntimeError: The SDK has a static ``token`` and cannot mint one.
        """
        room = check_id(room_id, "room_id")
        participant = optional_id(participant_id, "participant_id") or f"whip-{uuid.uuid4()}"
        display = optional_label(name, "name")
        if not isinstance(use_existing_peer, bool):
            raise BadType("use_existing_peer must be a bool")
        token = self._token(_expiry(expires_in))
        query = {"roomId": room, "participantId": participant, "displayName": display}
        url = self._url(
            "/v2/whip", {**query, "useExistingPeer": "true" if use_existing_peer else None}
        )
        raw = {"url": url, "token": token, "streamKey": token, **query}
        raw = {k: v for k, v in raw.items() if v is not None}
        return WhipEndpoint(url, token, room, participant, display, raw=raw)

    async def delete(
        self,
        endpoint_or_room_id: WhipEndpoint | str,
        participant_id: str | None = None,
        *,
        session_id: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> str:
        """End a WHIP publisher: ``DELETE /v2/whip/sessions/{sid}?participantId&displayName``.

        Args:
            endpoint_or_room_id: The `WhipEndpoint` from `create`, or a room id.
            participant_id: The publisher, with a room id.
            session_id: The session (e.g. from the publish's ``Location``); default: the
                room's live session (one ``GET /v2/sessions`` first).

        Returns:
            The API's confirmation.

        Raises:
            ValueError: A room id without ``participant_id``, or both an endpoint and one.
            RoomNotFoundError: Nothing is live in the room (no DELETE is sent).
        """
        room, participant, endpoint = _target(endpoint_or_room_id, participant_id, WhipEndpoint)
        session = optional_id(session_id, "session_id")
        display = None if endpoint is None else endpoint.display_name
        query = {"participantId": participant, "displayName": display}
        return await self._end("whip", room, session, query, retry, timeout)


class AsyncWhep(_Ingress):
    """WHEP pulling out of a room. Get it as ``sdk.whep``; do not construct it yourself."""

    __slots__ = ()

    def create(
        self,
        room_id: str,
        *,
        participant_id: str | None = None,
        source: str | None = None,
        expires_in: float = 3600,
    ) -> WhepEndpoint:
        """The URL and token a WHEP player pulls with (local: nothing is sent).

        The URL is ``{base_url}/v2/whep?roomId&participantId&remotePeerId``.

        Args:
            room_id: The room (it needs a live session when the player connects).
            participant_id: The player's own id (default ``whep-<uuid4>``).
            source: The participant to pull, sent as ``remotePeerId`` (None: the server picks).
            expires_in: The token's lifetime in seconds.

        Raises:
            TypeError, ValueError: A bad argument (checked before the secret is read).
            RuntimeError: The SDK has a static ``token`` and cannot mint one.
        """
        room = check_id(room_id, "room_id")
        participant = optional_id(participant_id, "participant_id") or f"whep-{uuid.uuid4()}"
        remote = optional_id(source, "source")
        token = self._token(_expiry(expires_in))
        query = {"roomId": room, "participantId": participant, "remotePeerId": remote}
        url = self._url("/v2/whep", query)
        raw = {k: v for k, v in {"url": url, "token": token, **query}.items() if v is not None}
        return WhepEndpoint(url, token, room, participant, remote, raw=raw)

    async def delete(
        self,
        endpoint_or_room_id: WhepEndpoint | str,
        participant_id: str | None = None,
        *,
        session_id: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> str:
        """End a WHEP player: ``DELETE /v2/whep/sessions/{sid}?participantId&remotePeerId``.

        Takes the `WhepEndpoint`, or a room id and ``participant_id``; ``session_id`` as in
        `AsyncWhip.delete` (default: the room's live session).

        Raises:
            ValueError: A room id without ``participant_id``, or both an endpoint and one.
            RoomNotFoundError: Nothing is live in the room (no DELETE is sent).
        """
        room, participant, endpoint = _target(endpoint_or_room_id, participant_id, WhepEndpoint)
        session = optional_id(session_id, "session_id")
        remote = None if endpoint is None else endpoint.remote_peer_id
        query = {"participantId": participant, "remotePeerId": remote}
        return await self._end("whep", room, session, query, retry, timeout)


class AsyncSocketIngress(Resource):
    """Socket ingest sessions. Get it as ``sdk.socket_ingress``; do not construct it."""

    __slots__ = ()

    async def create(
        self,
        room_id: str,
        *,
        participant_id: str | None = None,
        name: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        agent: SocketIngressAgent | None = None,
        region: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> SocketIngress:
        """A single-use WebSocket URL to stream into a room (``POST /v2/ingest/sessions``).

        ``participant`` (``{id, name, metadata}``) is sent only when one of its options is
        given. Not retried once sent: a failure after sending raises with
        ``outcome_unknown=True``.

        Raises:
            TypeError, ValueError: A bad argument (nothing is sent).
        """
        room = check_id(room_id, "room_id")
        participant = options(
            {},
            id=optional_id(participant_id, "participant_id"),
            name=optional_label(name, "name"),
            metadata=_mapping(metadata, "metadata"),
        )
        if agent is not None and not isinstance(agent, SocketIngressAgent):
            raise BadType(f"agent must be a SocketIngressAgent, not {type(agent).__name__}")
        body = options(
            {"roomId": room},
            participant=participant or None,
            agent=None if agent is None else agent.to_wire(),
            region=optional_label(region, "region"),
        )
        return await self._post(
            "/v2/ingest/sessions",
            into_at(SocketIngress),
            body=body,
            retry=retry,
            timeout=timeout,
        )


def _mapping(value: object, name: str) -> Mapping[str, Any] | None:
    if value is not None and not isinstance(value, Mapping):
        raise BadType(f"{name} must be a mapping, not {type(value).__name__}")
    return value
