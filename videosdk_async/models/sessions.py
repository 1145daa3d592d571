"""v2 sessions and participants: `Session`, `Participant`, `TimelogEntry`, `SessionStats`."""

from datetime import datetime
from typing import Any, ClassVar

import attrs

from ._base import Model


@attrs.frozen
class TimelogEntry(Model):
    """One stay of a participant in a session.

    Attributes:
        start: When the participant joined.
        end: When it left; ``None`` while it is still in.
    """

    start: datetime | None = None
    end: datetime | None = None


@attrs.frozen
class Participant(Model):
    """A participant of a session.

    Attributes:
        participant_id: Its id in the session.
        name: Its display name, if the API gave one.
        timelog: Each stay, in order.
        raw: The decoded JSON it came from (``events``, ``deviceInfo``, ... of active ones).
    """

    participant_id: str
    name: str | None = None
    timelog: tuple[TimelogEntry, ...] = ()

    #: `_from_wire` puts right only a null ``timelog``, which the tuple's hook refuses, so
    #: the fast decoder hands that answer over and otherwise skips it.
    _from_wire_on_fallback_only: ClassVar[bool] = True

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        if data.get("timelog") is None:
            data = {**data, "timelog": []}
        return data


@attrs.frozen
class Session(Model):
    """A session: one continuous use of a room, from its first join to its end.

    The answers drift: ``POST /v2/sessions/end`` names the room ``meetingId`` /
    ``userMeetingId`` and carries no ``status``; both are filled in here.

    Attributes:
        id: The session's id.
        room_id: The room it happened in (from ``roomId``, else ``meetingId``).
        custom_room_id: The room's custom id, if any (``customRoomId``/``userMeetingId``).
        start: When it started.
        end: When it ended; ``None`` while it is ongoing.
        status: ``"ongoing"`` or ``"ended"`` (derived from ``end`` when the answer has none).
        participants: Everyone who took part, with their timelogs.
        links: The API's links.
        raw: The decoded JSON it came from.
    """

    id: str = attrs.field(metadata={"or": ("_id",)})
    room_id: str | None = attrs.field(default=None, metadata={"or": ("meetingId",)})
    custom_room_id: str | None = attrs.field(default=None, metadata={"or": ("userMeetingId",)})
    start: datetime | None = None
    end: datetime | None = None
    status: str | None = attrs.field(default=None, metadata={"fast": "required"})
    participants: tuple[Participant, ...] = ()
    links: dict[str, Any] | None = None

    #: The v1 names and ``_id`` are read by the fields' ``"or"`` paths; `_from_wire` puts right
    #: only what the fast decoder hands over to cattrs (no ``status``; null ``participants``,
    #: which the tuple's hook refuses), so that path skips it.
    _from_wire_on_fallback_only: ClassVar[bool] = True

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        if data.get("status") is None:
            data = {**data, "status": "ongoing" if data.get("end") is None else "ended"}
        if data.get("participants") is None:
            data = {**data, "participants": []}
        return data


@attrs.frozen
class SessionStats(Model):
    """Quality samples of a session, or of one participant of it.

    Attributes:
        session_id: The session.
        stats: The samples as the API sends them (``time``, bitrates, RTTs, ``qualityScore``).
        raw: The decoded JSON it came from.
    """

    session_id: str
    stats: tuple[dict[str, Any], ...] = ()

    #: `_from_wire` puts right only a null ``stats``, which the fast decoder refuses (not a
    #: list), so it hands that answer over and otherwise skips it.
    _from_wire_on_fallback_only: ClassVar[bool] = True

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        if data.get("stats") is None:
            data = {**data, "stats": []}
        return data
