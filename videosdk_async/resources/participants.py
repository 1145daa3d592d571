"""`AsyncParticipants`: who is in a room now, keyed by room (the live session is found for you)."""

from __future__ import annotations

from typing import Any

from .._core._errors import RoomNotFoundError
from .._core._ids import check_id, segment
from .._core._pagination import AsyncPager, Page
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.sessions import Participant
from ._base import Resource
from .sessions import ACTIVE_PARTICIPANTS


class AsyncParticipants(Resource):
    """Live participants by room. Get it as ``sdk.participants``; do not construct it."""

    __slots__ = ()

    async def _live_session(self, room_id: str, retry: Any, timeout: CallTimeout) -> str | None:
        """The id of the room's ongoing session (one request), or None."""
        page = await self._sdk.sessions.list(
            room_id=room_id, status="ongoing", per_page=1, retry=retry, timeout=timeout
        )
        return page.data[0].id if page.data else None

    def list(
        self, room_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> AsyncPager[Participant]:
        """Who is in a room now: its ongoing session's active participants.

        One request finds the live session (``GET /v2/sessions?roomId=&status=ongoing&
        perPage=1``), then its active participants are paged. The session is looked up
        once per pager, on its first page.

        Args:
            room_id: The room (its roomId).
            retry: A `RetryPolicy` for each of its requests instead of the SDK's.
            timeout: Seconds (or an ``httpx.Timeout``) for each attempt of its requests.

        Returns:
            An `AsyncPager` of `Participant`; empty, after that one request, when nothing is
            live in the room.

        Raises:
            TypeError, ValueError: ``room_id`` is not a valid id (at once, nothing sent).
        """
        room = check_id(room_id, "room_id")
        live: list[str | None] = []  # resolved once per pager

        async def fetch(number: int | None, size: int | None) -> Page[Participant]:
            if not live:
                live.append(await self._live_session(room, retry, timeout))
            if live[0] is None:
                return Page([], page=number or 1, per_page=size or 1, last_page=1, total=0)
            pages = self._fetcher(
                f"/v2/sessions/{segment(live[0])}/participants/active",
                Participant,
                shape=ACTIVE_PARTICIPANTS,
                retry=retry,
                timeout=timeout,
            )
            return await pages(number, size)

        return AsyncPager(fetch, page=None, per_page=None)

    async def get(
        self,
        room_id: str,
        participant_id: str,
        *,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> Participant:
        """One participant of a room's live session (two requests: the session, then them).

        Returns:
            The participant, with its timelog.

        Raises:
            TypeError, ValueError: An id is not a valid id (at once, nothing sent).
            RoomNotFoundError: Nothing is live in the room (as the official SDKs do).
            NotFoundError: The participant never was in the live session.
        """
        room = check_id(room_id, "room_id")
        # Both ids are checked before the first request, not just the one it needs.
        participant = check_id(participant_id, "participant_id")
        session = await self._live_session(room, retry, timeout)
        if session is None:
            raise RoomNotFoundError(f"no live session in room {room!r}", status_code=404, body=None)
        return await self._sdk.sessions.participant(
            session, participant, retry=retry, timeout=timeout
        )

    async def remove(
        self,
        room_id: str,
        participant_id: str,
        *,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> str:
        """Remove a participant from a room's live session.

        Sends ``{participantId, roomId}`` (no session lookup), like
        ``sdk.sessions.remove_participant(participant_id, room_id=room_id)``.

        Returns:
            The API's confirmation (its bare string answer).

        Raises:
            TypeError, ValueError: An id is not a valid id (nothing is sent).
            NotFoundError: The participant is not in the room's live session.
        """
        room = check_id(room_id, "room_id")
        return await self._sdk.sessions.remove_participant(
            participant_id, room_id=room, retry=retry, timeout=timeout
        )
