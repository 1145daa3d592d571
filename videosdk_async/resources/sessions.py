"""`AsyncSessions`: the v2 sessions calls (``/v2/sessions``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from .._core._converter import bare_string, into
from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._ids import check_id, optional_id, segment
from .._core._pagination import AsyncPager, ListShape
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.sessions import Participant, Session, SessionStats
from ._base import Resource

#: ``GET .../participants``: ``data`` is ONE object holding ``participants``.
PARTICIPANTS = ListShape(items=(("data", "participants"), ("data",)))
#: ``GET .../participants/active``: ``data`` is a list whose first item holds them.
ACTIVE_PARTICIPANTS = ListShape(items=(("data", 0, "participants"), ("data",)))


def confirmation(data: Any) -> str:
    """A removal's answer as ``str``: the bare string, an object's ``message``, or its JSON.

    The official SDKs type the answer as a confirmation string; the docs' example shows the
    session object instead [SDK vs DOC], so an object is kept whole, as JSON text.
    """
    if isinstance(data, Mapping) and not isinstance(data.get("message"), str):
        return json.dumps(data)
    return bare_string(data)


def epoch_ms(value: datetime | None, name: str) -> int | None:
    """A date filter as epoch milliseconds, the unit the API takes [SDK]."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise BadType(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None:
        raise BadValue(f"{name} must be timezone-aware (e.g. datetime.now(UTC))")
    return int(value.timestamp() * 1000)


def _participant(data: Any) -> Participant:
    # [INF] The official SDK returns this answer as the participant; accept `{data: {...}}`
    # too, the envelope most other answers use.
    if isinstance(data, Mapping) and "participantId" not in data and "data" in data:
        data = data["data"]
    return into(Participant)(data)


class AsyncSessions(Resource):
    """The v2 sessions API. Get it as ``sdk.sessions``; do not construct it yourself."""

    __slots__ = ()

    def list(
        self,
        *,
        room_id: str | None = None,
        custom_room_id: str | None = None,
        query: str | None = None,
        status: Literal["ongoing", "ended"] | None = None,
        start_date: datetime | None = None,
        end_date: datetime | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[Session]:
        """Sessions, newest first (``GET /v2/sessions``, paged; no I/O until used).

        Dates go on the wire as epoch milliseconds [SDK]. A naive datetime is refused rather
        than guessed at: the machine's zone and UTC would both be plausible readings.

        Args:
            room_id: Only this room's sessions.
            custom_room_id: Only the sessions of the room with this custom id.
            query: Only the sessions of the room whose roomId or customRoomId this is (what
                the official Node SDK sends as ``query``).
            status: ``"ongoing"`` or ``"ended"``.
            start_date: Only sessions started at or after this (timezone-aware) time.
            end_date: Only sessions started at or before this (timezone-aware) time.
            page: The page to start at (sent only when given).
            per_page: Sessions per page, 1-1000 (sent only when given).
            retry: A `RetryPolicy` for this call instead of the SDK's.
            timeout: Seconds (or an ``httpx.Timeout``) for each attempt of this call.

        Returns:
            An `AsyncPager` of `Session`: iterate it, or await it for one `Page`.

        Raises:
            TypeError, ValueError: A bad id, status, date or paging value (nothing is sent).
        """
        if status not in (None, "ongoing", "ended"):
            raise BadValue(f"status must be 'ongoing', 'ended' or None, not {status!r}")
        params = {
            "roomId": optional_id(room_id, "room_id"),
            "customRoomId": optional_id(custom_room_id),
            "query": optional_id(query, "query"),
            "status": status,
            "startDate": epoch_ms(start_date, "start_date"),
            "endDate": epoch_ms(end_date, "end_date"),
        }
        return self._pager(
            "/v2/sessions",
            Session,
            page=page,
            per_page=per_page,
            params=params,
            retry=retry,
            timeout=timeout,
        )

    async def get(
        self, session_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> Session:
        """One session, with everyone who took part (``GET /v2/sessions/{sessionId}``).

        Returns:
            The `Session`.

        Raises:
            TypeError, ValueError: ``session_id`` is not a valid id (nothing is sent).
            NotFoundError: No such session.
        """
        return await self._get(
            f"/v2/sessions/{segment(session_id, 'session_id')}",
            into(Session),
            retry=retry,
            timeout=timeout,
        )

    async def end(
        self,
        room_id: str,
        *,
        session_id: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> Session:
        """End a room's live session (``POST /v2/sessions/end`` with ``{roomId, sessionId?}``).

        The answer describes the session as at response time, so its ``end`` is often still
        ``None``; read it again with `get` for the final timelogs. An end is not repeated
        after an ambiguous failure (timeout, reset, 5xx): it raises with
        ``outcome_unknown=True``, like the egress starts and stops.

        Args:
            room_id: The room (its roomId).
            session_id: A specific session of it to end (default: the live one).
            retry: A `RetryPolicy` for this call instead of the SDK's.
            timeout: Seconds (or an ``httpx.Timeout``) for each attempt of this call.

        Returns:
            The `Session` as the API answers it (``room_id`` from its ``meetingId``).

        Raises:
            TypeError, ValueError: An id is not a valid id (nothing is sent).
            NotFoundError: No such room, or nothing live to end.
            APIStatusError: The session has already ended (406 [INF]).
        """
        body = {"roomId": check_id(room_id, "room_id")}
        if session_id is not None:
            body["sessionId"] = check_id(session_id, "session_id")
        # Not idempotent, though ending an ended session would be harmless in itself: a
        # repeat without session_id ends whatever is live by then (nothing, answered as a
        # 404 for a call that worked, or a session started since: someone else's call), and
        # a repeat with one meets a closed session, which the API refuses unless told
        # `ignoreClosed` [INF from NODE's option]. So a POST's default rule applies: no repeat
        # once an attempt may have been processed.
        return await self._post(
            "/v2/sessions/end", into(Session), body=body, retry=retry, timeout=timeout
        )

    def participants(
        self,
        session_id: str,
        *,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[Participant]:
        """Everyone who took part in a session (``GET /v2/sessions/{id}/participants``).

        The answer's ``data`` is one object holding ``participants``; its pages are read
        from there.

        Returns:
            An `AsyncPager` of `Participant`, each with its timelog.

        Raises:
            TypeError, ValueError: A bad id or paging value (nothing is sent).
        """
        return self._pager(
            f"/v2/sessions/{segment(session_id, 'session_id')}/participants",
            Participant,
            page=page,
            per_page=per_page,
            shape=PARTICIPANTS,
            retry=retry,
            timeout=timeout,
        )

    def active_participants(
        self,
        session_id: str,
        *,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[Participant]:
        """Who is in a session now (``GET /v2/sessions/{id}/participants/active``).

        The answer's ``data`` is a list of sessions; the participants are its first one's.
        Each `Participant`'s ``raw`` keeps the live details (``events``, ``deviceInfo``,
        ``mode``, ...).

        Returns:
            An `AsyncPager` of `Participant` (empty once the session has ended).

        Raises:
            TypeError, ValueError: A bad id or paging value (nothing is sent).
        """
        return self._pager(
            f"/v2/sessions/{segment(session_id, 'session_id')}/participants/active",
            Participant,
            page=page,
            per_page=per_page,
            shape=ACTIVE_PARTICIPANTS,
            retry=retry,
            timeout=timeout,
        )

    async def participant(
        self,
        session_id: str,
        participant_id: str,
        *,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> Participant:
        """One participant of a session (``GET /v2/sessions/{id}/participants/{pid}``).

        Returns:
            The `Participant`, with its timelog.

        Raises:
            TypeError, ValueError: An id is not a valid id (nothing is sent).
            NotFoundError: No such session, or no such participant in it.
        """
        path = (
            f"/v2/sessions/{segment(session_id, 'session_id')}"
            f"/participants/{segment(participant_id, 'participant_id')}"
        )
        return await self._get(path, _participant, retry=retry, timeout=timeout)

    async def remove_participant(
        self,
        participant_id: str,
        *,
        room_id: str | None = None,
        session_id: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> str:
        """Remove a participant from a live session (``POST /v2/sessions/participants/remove``).

        Sends ``{participantId, roomId?, sessionId?}``; the API needs at least one of the
        two. Removing is not repeated after an ambiguous failure (``outcome_unknown=True``).

        Args:
            participant_id: Who to remove.
            room_id: The room whose live session they are in.
            session_id: The session they are in.
            retry: A `RetryPolicy` for this call instead of the SDK's.
            timeout: Seconds (or an ``httpx.Timeout``) for each attempt of this call.

        Returns:
            The API's confirmation (its bare string answer).

        Raises:
            TypeError, ValueError: An id is not a valid id, or neither ``room_id`` nor
                ``session_id`` is given (nothing is sent).
            NotFoundError: The participant is not in that session.
        """
        body = {"participantId": check_id(participant_id, "participant_id")}
        if room_id is None and session_id is None:
            raise BadValue("remove_participant needs room_id= or session_id=")
        if room_id is not None:
            body["roomId"] = check_id(room_id, "room_id")
        if session_id is not None:
            body["sessionId"] = check_id(session_id, "session_id")
        return await self._post(
            "/v2/sessions/participants/remove",
            confirmation,
            body=body,
            retry=retry,
            timeout=timeout,
        )

    async def stats(
        self, session_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> SessionStats:
        """A session's quality samples (``GET /v2/sessions/{id}/stats``).

        Returns:
            `SessionStats`: the samples as the API sends them.

        Raises:
            TypeError, ValueError: ``session_id`` is not a valid id (nothing is sent).
            NotFoundError: No such session.
        """
        return await self._get(
            f"/v2/sessions/{segment(session_id, 'session_id')}/stats",
            into(SessionStats),
            retry=retry,
            timeout=timeout,
        )

    async def participant_stats(
        self,
        session_id: str,
        participant_id: str,
        *,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> SessionStats:
        """One participant's samples (``GET /v2/sessions/{id}/participant/{pid}/stats``).

        The path says ``participant``, singular, unlike the other participant routes [SDK].

        Returns:
            `SessionStats`: the participant's samples as the API sends them.

        Raises:
            TypeError, ValueError: An id is not a valid id (nothing is sent).
            NotFoundError: No such session.
        """
        path = (
            f"/v2/sessions/{segment(session_id, 'session_id')}"
            f"/participant/{segment(participant_id, 'participant_id')}/stats"
        )
        return await self._get(path, into(SessionStats), retry=retry, timeout=timeout)
