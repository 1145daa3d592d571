"""The ingest family: WHIP publishing, WHEP playback, socket ingress, and the meeting
recording merge (a transcoding job).

WHIP and WHEP speak the protocols' HTTP side (RFC 9725 and the WHEP draft): an SDP offer
POSTed as ``application/sdp`` with the token gets ``201 Created``, an SDP answer and a
``Location`` for the session, which a DELETE ends. There is no media: a WHIP publisher joins
the room's live session as a participant (starting one in a quiet room) and leaves it on
DELETE; a WHEP player is recorded against the live session without joining it. Socket
ingress answers a single-use loopback ``wsUrl`` [INF: the emulator does not serve the
socket itself].
"""

from __future__ import annotations

import itertools
import secrets
from typing import Any
from urllib.parse import quote, urlencode

from starlette.responses import JSONResponse, Response

from .._env import Env, new_object_id
from .._family import ApiError, Call, Family
from ._egress_store import EgressStore
from ._room_store import RoomRecord, RoomStore
from ._session_store import SessionRecord, SessionStore
from .sessions import SessionControls

SDP = "application/sdp"
#: [INF] The confirmations' wording is undocumented.
WHIP_ENDED = "WHIP session ended"
WHEP_ENDED = "WHEP session ended"
#: Seconds a socket ingress URL is valid (the official SDK: "about 90").
SOCKET_TTL = 90


class IngestStore:
    """WHIP publishers and WHEP players by session, and the socket ingress sessions made."""

    def __init__(self, env: Env) -> None:
        self._env = env
        #: session id -> participant ids that publish over WHIP.
        self.publishers: dict[str, set[str]] = {}
        #: session id -> {player participant id: the remote peer it pulls, or None}.
        self.players: dict[str, dict[str, str | None]] = {}
        #: ref -> the socket ingress request.
        self.sockets: dict[str, dict[str, Any]] = {}

    def reset(self) -> None:
        with self._env.lock:
            self.publishers.clear()
            self.players.clear()
            self.sockets.clear()

    def stats(self) -> dict[str, Any]:
        with self._env.lock:
            return {
                "whipPublishers": sum(len(p) for p in self.publishers.values()),
                "whepPlayers": sum(len(p) for p in self.players.values()),
                "socketIngress": len(self.sockets),
            }


family = Family("ingest", stores=(IngestStore,))


# -- SDP --------------------------------------------------------------------------------------


def _offer(call: Call) -> list[str]:
    """The offer's lines, or the protocol's refusal (415 for another type, 400 for no SDP)."""
    kind = call.request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != SDP:
        raise ApiError(415, "The SDP offer must be sent as Content-Type: application/sdp")
    try:
        text = call.raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "The SDP offer is not UTF-8 text") from None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or lines[0] != "v=0" or not any(line.startswith("m=") for line in lines):
        raise ApiError(400, "The body is not an SDP offer (v=0 and at least one m= line)")
    return lines


def answer_sdp(offer: list[str], direction: str) -> str:
    """An SDP answer to ``offer``: each of its media sections accepted, ``direction`` set.

    No media flows: the ICE and DTLS attributes are placeholders [INF].
    """
    session = secrets.randbits(62)
    out = [
        "v=0",
        f"o=- {session} 2 IN IP4 127.0.0.1",
        "s=VideoSDK emulator",
        "t=0 0",
        "a=ice-lite",
    ]
    for index, line in enumerate(offer):
        if not line.startswith("m="):
            continue
        kind, _port, proto, *formats = line[2:].split()
        section = itertools.takewhile(lambda x: not x.startswith("m="), offer[index + 1 :])
        mid = next((x[6:] for x in section if x.startswith("a=mid:")), str(index))
        out += [
            f"m={kind} 9 {proto} {' '.join(formats)}",
            "c=IN IP4 0.0.0.0",
            f"a=mid:{mid}",
            f"a={direction}",
            "a=setup:passive",
            f"a=ice-ufrag:{secrets.token_hex(4)}",
            f"a=ice-pwd:{secrets.token_hex(12)}",
            "a=fingerprint:sha-256 " + ":".join(["00"] * 32),
            "a=rtcp-mux",
        ]
    return "\r\n".join(out) + "\r\n"


def _sdp_created(body: str, location: str) -> Response:
    return Response(
        body, status_code=201, media_type=SDP, headers={"Location": location, "ETag": '"1"'}
    )


# -- helpers ----------------------------------------------------------------------------------


def _query(call: Call, name: str, *, required: bool = True) -> str | None:
    value = call.request.query_params.get(name)
    if required and not value:
        raise ApiError(400, f"Please provide a valid `{name}` in query params")
    return value or None


def _room(call: Call) -> RoomRecord:
    key = _query(call, "roomId")
    assert key is not None  # noqa: S101 (required above)
    room = call.env.store(RoomStore).find(key)
    if room is None:
        raise ApiError(call.env.config.not_found_status, "Room not found")
    call.meeting_id = room.room_id
    return room


def _session(call: Call) -> SessionRecord:
    session = call.env.store(SessionStore).get(call.path_param("sessionId"))
    if session is None or session.end is not None:
        raise ApiError(call.env.config.not_found_status, "Session not found")
    call.resource_id, call.meeting_id = session.id, session.room_id
    return session


def _location(call: Call, kind: str, session_id: str, query: dict[str, str | None]) -> str:
    given = urlencode({k: v for k, v in query.items() if v})
    return f"{call.base_url()}/v2/{kind}/sessions/{quote(session_id, safe='')}?{given}"


def _active(session: SessionRecord, participant_id: str) -> bool:
    record = session.participants.get(participant_id)
    return record is not None and record.active


# -- WHIP -------------------------------------------------------------------------------------


@family.route("POST", "/v2/whip")
async def whip_publish(call: Call) -> Response:
    offer = _offer(call)
    room = _room(call)
    participant = _query(call, "participantId")
    assert participant is not None  # noqa: S101 (required above)
    name = _query(call, "displayName", required=False) or participant
    reuse = call.request.query_params.get("useExistingPeer") == "true"
    sessions = call.env.store(SessionStore)
    with call.env.lock:
        live = sessions.live(room.room_id)
        taken = live is not None and _active(live, participant)
    if taken and not reuse:
        # [INF] The protocol's answer to a second publisher under one id.
        raise ApiError(409, f"Participant {participant!r} is already in the room")
    SessionControls(call.env).join(room.room_id, participant, name)
    session = sessions.live(room.room_id)
    assert session is not None  # noqa: S101 (the join started or joined it)
    with call.env.lock:
        call.env.store(IngestStore).publishers.setdefault(session.id, set()).add(participant)
    call.created, call.resource_id = True, session.id
    location = _location(call, "whip", session.id, {"participantId": participant})
    return _sdp_created(answer_sdp(offer, "recvonly"), location)


@family.route("DELETE", "/v2/whip/sessions/{sessionId}")
async def whip_end(call: Call) -> Response:
    session = _session(call)
    participant = _query(call, "participantId")
    assert participant is not None  # noqa: S101 (required above)
    store = call.env.store(IngestStore)
    with call.env.lock:
        publishing = participant in store.publishers.get(session.id, set())
        store.publishers.get(session.id, set()).discard(participant)
    if not publishing or not _active(session, participant):
        raise ApiError(call.env.config.not_found_status, "WHIP publisher not found")
    SessionControls(call.env).leave(session.room_id, participant)
    return JSONResponse(WHIP_ENDED)


# -- WHEP -------------------------------------------------------------------------------------


@family.route("POST", "/v2/whep")
async def whep_play(call: Call) -> Response:
    offer = _offer(call)
    room = _room(call)
    participant = _query(call, "participantId")
    assert participant is not None  # noqa: S101 (required above)
    remote = _query(call, "remotePeerId", required=False)
    with call.env.lock:
        session = call.env.store(SessionStore).live(room.room_id)
        if session is None:
            raise ApiError(call.env.config.not_found_status, "No active session in the room")
        if remote is not None and not _active(session, remote):
            raise ApiError(call.env.config.not_found_status, "Remote peer not found")
        call.env.store(IngestStore).players.setdefault(session.id, {})[participant] = remote
    call.created, call.resource_id = True, session.id
    query = {"participantId": participant, "remotePeerId": remote}
    return _sdp_created(answer_sdp(offer, "sendonly"), _location(call, "whep", session.id, query))


@family.route("DELETE", "/v2/whep/sessions/{sessionId}")
async def whep_end(call: Call) -> Response:
    session = _session(call)
    participant = _query(call, "participantId")
    with call.env.lock:
        players = call.env.store(IngestStore).players.get(session.id, {})
        found = players.pop(participant or "", "missing") != "missing"
    if not found:
        raise ApiError(call.env.config.not_found_status, "WHEP player not found")
    return JSONResponse(WHEP_ENDED)


# -- socket ingress ---------------------------------------------------------------------------


@family.route("POST", "/v2/ingest/sessions")
async def socket_ingress(call: Call) -> Response:
    body = call.json_object(required=True)
    key = body.get("roomId")
    if not isinstance(key, str) or not key:
        raise ApiError(400, "Please provide a valid `roomId` in body params")
    room = call.env.store(RoomStore).find(key)
    if room is None:
        raise ApiError(call.env.config.not_found_status, "Room not found")
    for field in ("participant", "agent"):
        if field in body and not isinstance(body[field], dict):
            raise ApiError(400, f"`{field}` must be an object")
    ref = f"ing_{secrets.token_urlsafe(12)}"
    with call.env.lock:
        call.env.store(IngestStore).sockets[ref] = {"roomId": room.room_id, **body}
    ws_base = "ws" + call.base_url().removeprefix("http")  # http -> ws, https -> wss
    call.created, call.resource_id, call.meeting_id = True, ref, room.room_id
    data = {
        "wsUrl": f"{ws_base}/v2/ingest/ws?{urlencode({'ref': ref})}",
        "roomId": room.room_id,
        "expiresIn": SOCKET_TTL,
    }
    return JSONResponse({"data": data})


# -- the meeting recording merge --------------------------------------------------------------


@family.route("POST", "/v2/transcodings/meeting-recording-merge")
async def meeting_recording_merge(call: Call) -> Response:
    body = call.json_object(required=True)
    refs = body.get("recordingIds")
    if not isinstance(refs, list) or not refs:
        raise ApiError(400, "Please provide `recordingIds`")
    for ref in refs:
        given = ref.get("id") if isinstance(ref, dict) else ref
        if not (isinstance(given, str) and given):
            raise ApiError(400, "Each of `recordingIds` is an id or {id, presignedUrl}")
    job: dict[str, Any] = {
        key: body[key] for key in ("webhookUrl", "presignedOutputUrl") if key in body
    }
    # The server's own fields last: the body cannot set them.
    job |= {
        # [INF] Answered as ids, as the official SDK types a transcoding's recordingIds.
        "recordingIds": [ref["id"] if isinstance(ref, dict) else ref for ref in refs],
        "id": new_object_id(),
        "status": "pending",
        "task": "meeting-recording-merge",
    }
    with call.env.lock:
        call.env.store(EgressStore).jobs[job["id"]] = job
    call.created, call.resource_id = True, job["id"]
    return JSONResponse(job)
