"""`RoomStore`: the rooms of the account, which the v1 API calls meetings.

One store serves both families because the API's objects are one: "A roomId and a meetingId
are the same value", and v2's ``customRoomId`` is v1's ``userMeetingId`` [DOC]. So a room
created through ``POST /v2/rooms`` validates through ``GET /v1/meetings/{id}`` and the other
way round. Each family renders the records in its own documented shapes.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import attrs

from .._env import iso_now, new_meeting_id, new_object_id

if TYPE_CHECKING:
    from .._env import Env


@attrs.define(kw_only=True)
class RoomRecord:
    """A room (meeting) as the store keeps it; rendered per family.

    Attributes:
        room_id: ``roomId`` / ``meetingId``.
        custom_room_id: ``customRoomId`` / ``userMeetingId``, if given.
        id: The database id.
        created_at: ISO-8601 creation time.
        updated_at: ISO-8601 time of the last change.
        base_url: The emulator URL it was created through (for ``links``).
        disabled: Whether it was deactivated.
        options: The v2 create options as given (``webhook``, ``autoCloseConfig``, ...).
    """

    room_id: str
    custom_room_id: str | None
    id: str
    created_at: str
    updated_at: str
    base_url: str
    disabled: bool = False
    options: dict[str, Any] = attrs.Factory(dict)


class RoomStore:
    """The rooms, by roomId, with an index by customRoomId and per-id create counters."""

    def __init__(self, env: Env) -> None:
        self._env = env
        self._rooms: dict[str, RoomRecord] = {}
        self._by_custom: dict[str, str] = {}
        #: v1 creates per userMeetingId (v1 creates are not idempotent).
        self.creates: Counter[str | None] = Counter()
        #: Rooms made by ``POST /v2/rooms`` per customRoomId (a known id makes none).
        self.room_creates: Counter[str | None] = Counter()

    # -- changes -------------------------------------------------------------------------

    def _new(self, custom_room_id: str | None, base_url: str) -> RoomRecord:
        stamp = iso_now(self._env.now())
        room_id = new_meeting_id()
        while room_id in self._rooms:
            room_id = new_meeting_id()
        return RoomRecord(
            room_id=room_id,
            custom_room_id=custom_room_id,
            id=new_object_id(),
            created_at=stamp,
            updated_at=stamp,
            base_url=base_url,
        )

    def _keep(self, record: RoomRecord) -> None:
        self._rooms[record.room_id] = record
        if record.custom_room_id is not None:
            # The first room with an id keeps it (v1 may make several with one id).
            self._by_custom.setdefault(record.custom_room_id, record.room_id)

    def create_meeting(self, user_meeting_id: str | None, base_url: str) -> RoomRecord:
        """A new meeting (v1: never deduplicated); kept unless ``retain_meetings`` is off."""
        with self._env.lock:
            record = self._new(user_meeting_id, base_url)
            if self._env.config.retain_meetings:
                self._keep(record)
            self.creates[user_meeting_id] += 1
        return record

    def create_room(
        self, custom_room_id: str | None, options: dict[str, Any], base_url: str
    ) -> tuple[RoomRecord, bool]:
        """The room for ``custom_room_id`` if known, else a new one; and whether it is new.

        Rooms are kept whatever ``retain_meetings`` says: the idempotency on customRoomId
        is the behaviour under test.
        """
        with self._env.lock:
            if custom_room_id is not None:
                known = self._by_custom.get(custom_room_id)
                if known is not None:
                    return self._rooms[known], False
            record = self._new(custom_room_id, base_url)
            record.options = options
            self._keep(record)
            self.room_creates[custom_room_id] += 1
        return record, True

    def set_disabled(self, record: RoomRecord, disabled: bool) -> None:
        """Enable or disable a room (its ``updatedAt`` moves on)."""
        with self._env.lock:
            record.disabled = disabled
            record.updated_at = iso_now(self._env.now())

    # -- reading -------------------------------------------------------------------------

    def get(self, room_id: str) -> RoomRecord | None:
        """The room with this roomId."""
        return self._rooms.get(room_id)

    def find(self, key: str) -> RoomRecord | None:
        """The room with this roomId, else the one with this customRoomId."""
        record = self._rooms.get(key)
        if record is None:
            room_id = self._by_custom.get(key)
            record = None if room_id is None else self._rooms.get(room_id)
        return record

    def records(self) -> list[RoomRecord]:
        """Every room, oldest first."""
        with self._env.lock:
            return list(self._rooms.values())

    def newest_first(self) -> list[RoomRecord]:
        """Every room, newest first (a stable order while nothing is created)."""
        with self._env.lock:
            return list(reversed(self._rooms.values()))

    def __len__(self) -> int:
        return len(self._rooms)

    def reset(self) -> None:
        with self._env.lock:
            self._rooms.clear()
            self._by_custom.clear()
            self.creates.clear()
            self.room_creates.clear()

    def stats(self) -> dict[str, Any]:
        with self._env.lock:
            return {
                "meetings": len(self._rooms),
                "rooms": len(self._rooms),
                "createsByUserMeetingId": _keyed(self.creates),
                "roomCreatesByCustomRoomId": _keyed(self.room_creates),
            }

    # -- shapes --------------------------------------------------------------------------

    def meeting_json(self, record: RoomRecord) -> dict[str, Any]:
        """The v1 meeting: ``{meetingId, userMeetingId, userId, createdAt, updatedAt, id}``."""
        meeting: dict[str, Any] = {"meetingId": record.room_id}
        # [INF] The docs only show creates with an id; the field is left out when none was
        # given rather than sent as null (the same for customRoomId below).
        if record.custom_room_id is not None:
            meeting["userMeetingId"] = record.custom_room_id
        meeting.update(
            userId=self._env.user_id,
            createdAt=record.created_at,
            updatedAt=record.updated_at,
            id=record.id,
        )
        return meeting

    def room_json(self, record: RoomRecord, *, user: bool = False) -> dict[str, Any]:
        """The v2 room: ``userId`` (create, validate) or ``user{}`` (get, list) [DOC]."""
        room: dict[str, Any] = {"roomId": record.room_id}
        if record.custom_room_id is not None:
            room["customRoomId"] = record.custom_room_id
        if user:
            room["user"] = dict(self._env.user)
        else:
            room["userId"] = self._env.user_id
        room["disabled"] = record.disabled
        room.update(record.options)
        room.update(createdAt=record.created_at, updatedAt=record.updated_at, id=record.id)
        room["links"] = _links(record)
        return room

    def deactivated_json(self, record: RoomRecord) -> dict[str, Any]:
        """The deactivate answer, in v1 names (``meetingId``, ``userMeetingId``) [DOC]."""
        room = self.meeting_json(record)
        del room["userId"]
        room["disabled"] = record.disabled
        room.update(record.options)
        room["user"] = dict(self._env.user)
        # Keep the timestamps and id last, as in the other shapes.
        for key in ("createdAt", "updatedAt", "id"):
            room[key] = room.pop(key)
        return room

    def update_json(self, record: RoomRecord) -> dict[str, Any]:
        """``{status, roomId, customRoomId, userId, createdAt, updatedAt, id, links}`` [DOC]."""
        room: dict[str, Any] = {"status": "disabled" if record.disabled else "enabled"}
        room["roomId"] = record.room_id
        if record.custom_room_id is not None:
            room["customRoomId"] = record.custom_room_id
        room.update(
            userId=self._env.user_id,
            createdAt=record.created_at,
            updatedAt=record.updated_at,
            id=record.id,
            links=_links(record),
        )
        return room


def _links(record: RoomRecord) -> dict[str, str]:
    # [DOC] links point at the API; here, at the emulator the room was created through.
    return {
        "get_room": f"{record.base_url}/v2/rooms/{record.room_id}",
        "get_session": f"{record.base_url}/v2/sessions/",
    }


def _keyed(counter: Counter[str | None]) -> dict[str, int]:
    return {"" if key is None else key: count for key, count in counter.items()}
