"""The v2 sessions family: ``/v2/sessions...``, in the documented shapes, quirks included.

- The participants list answers ``data`` as ONE object holding ``participants``; the active
  participants list answers ``data`` as a list whose first item holds them.
- ``POST /v2/sessions/end`` answers the session in v1 names (``meetingId``,
  ``userMeetingId``), with ``end: null`` and no ``status``, as at response time [DOC].
- ``POST /v2/sessions/participants/remove`` answers a bare string [SDK].

Answers are rendered under ``env.lock``: a test thread may make participants join or leave
while the server thread reads the same session.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.responses import JSONResponse, Response

from .._env import Env
from .._family import ApiError, Call, Family, paged, user_errors
from ._room_store import RoomRecord, RoomStore
from ._session_store import ParticipantRecord, SessionRecord, SessionStore

family = Family("sessions", stores=(SessionStore,))

REMOVED = "Participant removed successfully"  # [INF] the wording is undocumented


def participant_json(record: ParticipantRecord) -> dict[str, Any]:
    """A participant as the sessions answers write it."""
    return {
        "participantId": record.participant_id,
        "name": record.name,
        "timelog": [{"start": start, "end": end} for start, end in record.timelog],
    }


def active_json(record: ParticipantRecord) -> dict[str, Any]:
    """A participant as the active list writes it: live details beside the timelog [DOC]."""
    return {
        **participant_json(record),
        # [INF] Only the keys are documented; nothing in the emulator toggles media.
        "events": {"mic": [], "webcam": [], "screenShare": [], "screenShareAudio": []},
        "initTime": record.timelog[-1][0],
        "mode": "CONFERENCE",
    }


def session_json(session: SessionRecord, base_url: str) -> dict[str, Any]:
    """A session as list and get answer it."""
    body: dict[str, Any] = {
        "id": session.id,
        "roomId": session.room_id,
        "start": session.start,
        "end": session.end,
        "participants": [participant_json(p) for p in session.participants.values()],
        "status": session.status,
        "links": _links(session, base_url),
    }
    if session.custom_room_id is not None:
        body["customRoomId"] = session.custom_room_id
    return body


def _links(session: SessionRecord, base_url: str) -> dict[str, str]:
    return {
        "get_room": f"{base_url}/v2/rooms/{session.room_id}",
        "get_session": f"{base_url}/v2/sessions/{session.id}",
    }


def _session(call: Call) -> SessionRecord:
    session = call.env.store(SessionStore).get(call.path_param("sessionId"))
    if session is None:
        raise ApiError(call.env.config.not_found_status, "Session not found")
    call.resource_id = session.id
    call.meeting_id = session.room_id
    return session


def _room(env: Env, key: str) -> RoomRecord:
    room = env.store(RoomStore).find(key)
    if room is None:
        raise ApiError(env.config.not_found_status, "Room not found")
    return room


def _epoch_ms(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() * 1000


@family.route("GET", "/v2/sessions")
async def list_sessions(call: Call) -> Response:
    query = call.request.query_params
    sessions = call.env.store(SessionStore).newest_first()
    # `query`: the room's roomId or customRoomId, exactly [SDK: the official SDK sends it].
    for key in ("roomId", "customRoomId", "query"):
        if query.get(key):
            room = call.env.store(RoomStore).find(query[key])
            sessions = [s for s in sessions if room is not None and s.room_id == room.room_id]
    if query.get("status"):
        sessions = [s for s in sessions if s.status == query["status"]]
    after, before = call.query_int("startDate", 0), call.query_int("endDate", 0)
    if after:
        sessions = [s for s in sessions if _epoch_ms(s.start) >= after]
    if before:
        sessions = [s for s in sessions if _epoch_ms(s.start) <= before]
    base = call.base_url()
    with call.env.lock:
        page = paged(call, sessions, lambda s: session_json(s, base), max_per_page=1000)
    return JSONResponse(page)


@family.route("GET", "/v2/sessions/{sessionId}")
async def get_session(call: Call) -> Response:
    session = _session(call)
    with call.env.lock:
        body = session_json(session, call.base_url())
    ended = _epoch_ms(session.end) if session.end else call.env.now() * 1000
    # [INF] The unit of activeDuration is undocumented; seconds are the likely one.
    active = round((ended - _epoch_ms(session.start)) / 1000)
    return JSONResponse(
        {**body, "userId": call.env.user_id, "activeDuration": active, "chatLink": None}
    )


@family.route("GET", "/v2/sessions/{sessionId}/participants")
async def list_participants(call: Call) -> Response:
    session = _session(call)
    with call.env.lock:
        everyone = list(session.participants.values())
        page = paged(call, everyone, participant_json, max_per_page=1000)
    # The quirk: `data` is one object holding the page's participants.
    data = {
        "id": session.id,
        "roomId": session.room_id,
        "customRoomId": session.custom_room_id,
        "participants": page["data"],
        "links": _links(session, call.base_url()),
    }
    return JSONResponse({"pageInfo": page["pageInfo"], "data": data})


@family.route("GET", "/v2/sessions/{sessionId}/participants/active")
async def list_active(call: Call) -> Response:
    session = _session(call)
    with call.env.lock:
        page = paged(call, session.active(), active_json, max_per_page=1000)
        live = session.end is None
    # The quirk: `data` is a list of sessions; the first holds the active participants.
    # [INF] An ended session answers an empty list rather than a 404.
    data = [
        {
            "_id": session.id,
            "apiKey": call.env.config.api_key,
            "start": session.start,
            "end": None,
            "participants": page["data"],
            "roomId": session.room_id,
            "status": "ongoing",
            "links": _links(session, call.base_url()),
        }
    ]
    return JSONResponse({"pageInfo": page["pageInfo"], "data": data if live else []})


@family.route("GET", "/v2/sessions/{sessionId}/participants/{participantId}")
async def get_participant(call: Call) -> Response:
    session = _session(call)
    with call.env.lock:
        record = session.participants.get(call.path_param("participantId"))
        answer = None if record is None else participant_json(record)
    if answer is None:
        raise ApiError(call.env.config.not_found_status, "Participant not found")
    return JSONResponse(answer)  # [INF] the participant object itself


@family.route("GET", "/v2/sessions/{sessionId}/stats")
async def session_stats(call: Call) -> Response:
    session = _session(call)
    with call.env.lock:
        samples = list(session.stats)
    return JSONResponse({"sessionId": session.id, "meetingId": session.room_id, "stats": samples})


@family.route("GET", "/v2/sessions/{sessionId}/participant/{participantId}/stats")
async def participant_stats(call: Call) -> Response:
    session = _session(call)
    with call.env.lock:
        samples = list(session.participant_stats.get(call.path_param("participantId"), []))
    return JSONResponse({"sessionId": session.id, "meetingId": session.room_id, "stats": samples})


@family.route("POST", "/v2/sessions/end")
async def end_session(call: Call) -> Response:
    body = call.json_object(required=True)
    key = body.get("roomId") or body.get("meetingId")
    if not isinstance(key, str):
        raise ApiError(400, "Please provide a valid `roomId` in body params")
    room = _room(call.env, key)
    store = call.env.store(SessionStore)
    session = store.live(room.room_id)
    if isinstance(body.get("sessionId"), str):
        session = store.get(body["sessionId"])
    if session is None or session.room_id != room.room_id:
        raise ApiError(call.env.config.not_found_status, "Session not found")
    call.resource_id, call.meeting_id = session.id, room.room_id
    # [INF] NODE's `ignoreClosed` option implies the API refuses a closed session unless told
    # to ignore that; the refusal's status and wording are the documented 406's.
    if session.end is not None and body.get("ignoreClosed") is not True:
        raise ApiError(406, "Failed to end session")
    with call.env.lock:
        answer = {
            "id": session.id,
            "meetingId": session.room_id,
            "userMeetingId": session.custom_room_id,
            "start": session.start,
            "end": session.end,  # None as at response time: it is still closing [DOC]
            "participants": [participant_json(p) for p in session.participants.values()],
            "links": _links(session, call.base_url()),
        }
    store.end(session)
    return JSONResponse(answer)


@family.route("POST", "/v2/sessions/participants/remove")
async def remove_participant(call: Call) -> Response:
    body = call.json_object(required=True)
    participant_id = body.get("participantId")
    if not isinstance(participant_id, str) or not participant_id:
        raise ApiError(400, "Please provide a valid `participantId` in body params")
    store = call.env.store(SessionStore)
    if isinstance(body.get("sessionId"), str):
        session = store.get(body["sessionId"])
    elif isinstance(body.get("roomId"), str):
        session = store.live(_room(call.env, body["roomId"]).room_id)
    else:
        raise ApiError(400, "Please provide a valid `roomId` or `sessionId` in body params")
    if session is None or not store.leave(session, participant_id):
        raise ApiError(call.env.config.not_found_status, "Participant not found")
    call.resource_id, call.meeting_id = participant_id, session.room_id
    return JSONResponse(REMOVED)


# -- test controls: in process `Emulator.control(SessionControls)`; over HTTP below ---------


def _text(value: object, name: str, *, optional: bool = False) -> None:
    """A control argument must be a non-empty str (or None when optional): else a 400."""
    if not (isinstance(value, str) and value) and not (optional and value is None):
        raise ApiError(400, f"{name} must be a non-empty string")


class SessionControls:
    """Simulated people in rooms: join, leave, and quality-stats samples.

    The emulator has no media: a test makes sessions happen with these. They raise
    ``ValueError`` for a bad argument and ``LookupError`` for a missing room, session or
    participant.
    """

    def __init__(self, env: Env) -> None:
        self._env = env

    def join(self, room_key: str, participant_id: str | None = None, name: str = "Guest") -> str:
        """A participant joins the room (roomId or customRoomId); returns its id.

        The first join starts a session.
        """
        with user_errors():
            _text(participant_id, "participantId", optional=True)
            _text(name, "name")
            store = self._env.store(SessionStore)
            return store.join(_room(self._env, room_key), participant_id, name)

    def leave(self, room_key: str, participant_id: str) -> None:
        """A participant leaves the room's live session; the last one out ends it."""
        with user_errors():
            _text(participant_id, "participantId")
            room = _room(self._env, room_key)
            store = self._env.store(SessionStore)
            session = store.live(room.room_id)
            if session is None or not store.leave(session, participant_id):
                raise ApiError(404, f"participant {participant_id!r} is not in room {room_key!r}")

    def add_stats(
        self, session_id: str, sample: dict[str, Any], participant_id: str | None = None
    ) -> None:
        """Add a stats sample to a session (or one of its participants)."""
        with user_errors():
            if not isinstance(sample, dict):
                raise ApiError(400, "sample must be a JSON object")
            _text(participant_id, "participantId", optional=True)
            session = self._env.store(SessionStore).get(session_id)
            if session is None:
                raise ApiError(404, "Session not found")
            self._env.store(SessionStore).add_stats(session, sample, participant_id)

    def live_session(self, room_key: str) -> str | None:
        """The id of the room's ongoing session (roomId or customRoomId), or None."""
        with user_errors():
            room = self._env.store(RoomStore).find(room_key)
            live = None if room is None else self._env.store(SessionStore).live(room.room_id)
            return None if live is None else live.id


family.controls = SessionControls


@family.control("POST", "/_emulator/rooms/{room_id}/join")
def _join_route(env: Env, params: dict[str, str], body: dict[str, Any]) -> Any:
    controls = SessionControls(env)
    joined = controls.join(params["room_id"], body.get("participantId"), body.get("name", "Guest"))
    return {"participantId": joined}


@family.control("POST", "/_emulator/rooms/{room_id}/leave")
def _leave_route(env: Env, params: dict[str, str], body: dict[str, Any]) -> Any:
    SessionControls(env).leave(params["room_id"], body.get("participantId", ""))
    return {"left": True}


@family.control("POST", "/_emulator/sessions/{session_id}/stats")
def _stats_route(env: Env, params: dict[str, str], body: dict[str, Any]) -> Any:
    controls = SessionControls(env)
    controls.add_stats(params["session_id"], body.get("sample", {}), body.get("participantId"))
    return {"added": True}
