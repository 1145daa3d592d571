"""`SessionStore`: simulated live sessions: participants join and leave rooms.

The first join to a room starts a session; the last leave (or ``POST /v2/sessions/end``)
ends it. Each join opens a timelog entry and each leave closes it. Every change raises its
webhook event (session-started/ended, participant-joined/left) through `_events.emit`, after
the store's lock is released (delivery may read other stores).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from .._env import iso_now, new_object_id
from .._events import emit

if TYPE_CHECKING:
    from .._env import Env
    from ._room_store import RoomRecord

#: (event type, data) pairs a change raises, emitted once the lock is released.
Raised = list[tuple[str, dict[str, Any]]]


def _webhook_time(stamp: str) -> str:
    # Webhook payloads write timestamps in the "+00:00" form, the REST answers with "Z" [DOC].
    return stamp.replace("Z", "+00:00")


@attrs.define(kw_only=True)
class ParticipantRecord:
    """One participant of a session: its name and its ``[start, end]`` timelog."""

    participant_id: str
    name: str
    timelog: list[list[str | None]] = attrs.Factory(list)

    @property
    def active(self) -> bool:
        """Whether it is in the session now (its last timelog entry is open)."""
        return bool(self.timelog) and self.timelog[-1][1] is None


@attrs.define(kw_only=True)
class SessionRecord:
    """A session of a room, live while ``end`` is None."""

    id: str
    room_id: str
    custom_room_id: str | None
    start: str
    end: str | None = None
    participants: dict[str, ParticipantRecord] = attrs.Factory(dict)
    stats: list[dict[str, Any]] = attrs.Factory(list)
    participant_stats: dict[str, list[dict[str, Any]]] = attrs.Factory(dict)

    @property
    def status(self) -> str:
        """``ongoing`` or ``ended``."""
        return "ongoing" if self.end is None else "ended"

    def active(self) -> list[ParticipantRecord]:
        """The participants in the session now."""
        return [p for p in self.participants.values() if p.active]


class SessionStore:
    """Every session, by id, and the live one of each room."""

    def __init__(self, env: Env) -> None:
        self._env = env
        self._sessions: dict[str, SessionRecord] = {}
        self._live: dict[str, str] = {}
        self._counter = 0

    # -- reading -------------------------------------------------------------------------

    def live(self, room_id: str) -> SessionRecord | None:
        """The ongoing session of a room (by its roomId), or None."""
        session_id = self._live.get(room_id)
        return None if session_id is None else self._sessions.get(session_id)

    def get(self, session_id: str) -> SessionRecord | None:
        """A session by id."""
        return self._sessions.get(session_id)

    def newest_first(self) -> list[SessionRecord]:
        """Every session, newest first."""
        with self._env.lock:
            return list(reversed(self._sessions.values()))

    # -- changes -------------------------------------------------------------------------

    def join(self, room: RoomRecord, participant_id: str | None, name: str) -> str:
        """Let a participant into the room's session (starting one if none is live)."""
        raised: Raised = []
        with self._env.lock:
            now = iso_now(self._env.now())
            session = self.live(room.room_id)
            if session is None:
                session = SessionRecord(
                    id=new_object_id(),
                    room_id=room.room_id,
                    custom_room_id=room.custom_room_id,
                    start=now,
                )
                self._sessions[session.id] = session
                self._live[room.room_id] = session.id
                raised.append(("session-started", self._payload(session, start=now)))
            if participant_id is None:
                self._counter += 1
                participant_id = f"p{self._counter:06d}"
            record = session.participants.setdefault(
                participant_id, ParticipantRecord(participant_id=participant_id, name=name)
            )
            if not record.active:
                record.timelog.append([now, None])
                raised.append(("participant-joined", self._payload(session, who=record)))
        self._emit(session.room_id, raised)
        return participant_id

    def leave(self, session: SessionRecord, participant_id: str) -> bool:
        """Let a participant out; the last one out ends the session. False if not there."""
        raised: Raised = []
        with self._env.lock:
            record = session.participants.get(participant_id)
            if record is None or not record.active or session.end is not None:
                return False
            now = iso_now(self._env.now())
            record.timelog[-1][1] = now
            raised.append(("participant-left", self._payload(session, who=record)))
            if not session.active():
                raised.append(self._close(session, now))
        self._emit(session.room_id, raised)
        return True

    def end(self, session: SessionRecord) -> None:
        """End a live session: everyone leaves, then the session ends."""
        raised: Raised = []
        with self._env.lock:
            if session.end is not None:
                return
            now = iso_now(self._env.now())
            for record in session.active():
                record.timelog[-1][1] = now
                raised.append(("participant-left", self._payload(session, who=record)))
            raised.append(self._close(session, now))
        self._emit(session.room_id, raised)

    def add_stats(
        self, session: SessionRecord, sample: dict[str, Any], participant_id: str | None
    ) -> None:
        """Add a stats sample to the session (or to one participant of it)."""
        with self._env.lock:
            if participant_id is None:
                session.stats.append(dict(sample))
            else:
                session.participant_stats.setdefault(participant_id, []).append(dict(sample))

    def _close(self, session: SessionRecord, now: str) -> tuple[str, dict[str, Any]]:
        session.end = now
        self._live.pop(session.room_id, None)
        return "session-ended", self._payload(session, start=session.start, end=now)

    def _payload(
        self,
        session: SessionRecord,
        *,
        who: ParticipantRecord | None = None,
        start: str | None = None,
        end: str | None = None,
    ) -> dict[str, Any]:
        data: dict[str, Any] = {"meetingId": session.room_id, "sessionId": session.id}
        if who is not None:
            data |= {"participantId": who.participant_id, "participantName": who.name}
        if start is not None:
            data["start"] = _webhook_time(start)
        if end is not None:
            data["end"] = _webhook_time(end)
        return data

    def _emit(self, room_id: str, raised: Raised) -> None:
        for kind, data in raised:
            emit(self._env, kind, room_id=room_id, data=data)

    def reset(self) -> None:
        with self._env.lock:
            self._sessions.clear()
            self._live.clear()

    def stats(self) -> dict[str, Any]:
        with self._env.lock:
            return {"sessions": len(self._sessions), "liveSessions": len(self._live)}
