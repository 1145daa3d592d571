"""SIP calls of the emulator (``/v2/sip/call``): a call walks through its statuses, joins its
room as a participant, and each status change is delivered, signed, to the SIP webhooks
subscribed to its event.

The walk is deterministic (no timers). A create answers ``initiated``; each read of the call
(``GET /v2/sip/call/{id}``) moves it one step and answers the new state: ``ringing``, then the
outcome the test scripted (``SipControls.next_call_outcome``; ``answered`` by default),
``not-answered`` or ``failed``. With ``waitUntilAnswered`` the create walks to the outcome
before it answers. Answered, the callee joins the destination room (participant
``participant.id``, else ``sip-<callId>``). A transfer (of an answered call) walks
``transfer-initiated``, ``transfer-ringing``, ``transferred`` and leaves the room; a room
switch walks ``switch-room-initiated``, ``switch-room-completed`` and moves the participant;
an end is ``ended`` and leaves the room. Lists never move a call.

Events (webhook type per status): initiated ``call-started``, ringing ``call-ringing``,
answered ``call-answered``, not-answered ``call-missed``, failed ``call-update`` [INF], ended
``call-hangup``, the transfer and switch statuses their own names. Their ``data`` is
``{callId, status, roomId, sessionId, participantId, to, from, type, timestamp}`` [INF]; they
name no room subscription (``room_id=None``): only SIP webhooks get them [INF].
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any, Final

from starlette.responses import JSONResponse, Response

from .._env import new_object_id
from .._events import emit
from .._family import ApiError, Call, Family, paged
from ._room_store import RoomRecord, RoomStore
from ._sip_store import ENCRYPTIONS, HEADER_MODES, SipStore, choice, e164, flags, mapping, text
from .sessions import SessionControls

_BASE = "/v2/sip/call"
_ACTIVE: Final = ("answered", "switch-room-completed")
_ENDED: Final = ("ended", "not-answered", "failed", "transferred")
_EVENTS: Final = {
    "initiated": "call-started",
    "ringing": "call-ringing",
    "answered": "call-answered",
    "not-answered": "call-missed",
    "failed": "call-update",
    "ended": "call-hangup",
    "transfer-initiated": "call-transfer-initiated",
    "transfer-ringing": "call-transfer-ringing",
    "transferred": "call-transferred",
    "switch-room-initiated": "switch-room-initiated",
    "switch-room-completed": "switch-room-completed",
}


def render(record: dict[str, Any]) -> dict[str, Any]:
    """A call as the API answers it (the emulator's own keys, ``_...``, left out)."""
    return {k: v for k, v in record.items() if not k.startswith("_")}


def _status(call: Call, record: dict[str, Any], status: str, **changes: Any) -> None:
    """Move the call to ``status`` and deliver its event to the subscribed SIP webhooks."""
    store = call.env.store(SipStore)
    stamp = store.stamp()
    with call.env.lock:
        record.update(changes, status=status)
        record["timelog"].append({"status": status, "at": stamp})
        if status in _ENDED:
            record["end"] = stamp
    event = _EVENTS[status]
    data = {key: record.get(key) for key in
            ("roomId", "sessionId", "participantId", "to", "from", "type")}  # fmt: skip
    data.update(callId=record["id"], status=status, timestamp=stamp)
    emit(call.env, event, room_id=None, data=data, targets=store.subscribers(event))


def _join(call: Call, room_id: str, participant_id: str, name: str) -> dict[str, Any]:
    controls = SessionControls(call.env)
    joined = controls.join(room_id, participant_id, name)
    return {"roomId": room_id, "participantId": joined, "sessionId": controls.live_session(room_id)}


def _leave(call: Call, record: dict[str, Any]) -> None:
    if record["status"] not in _ACTIVE:
        return
    with contextlib.suppress(LookupError):  # removed from the room meanwhile
        SessionControls(call.env).leave(record["roomId"], record["participantId"])


def _advance(call: Call, record: dict[str, Any]) -> bool:
    """One step of the walk to the call's outcome; False once there."""
    if record["status"] == "initiated":
        _status(call, record, "ringing")
        return True
    if record["status"] != "ringing":
        return False
    outcome = record["_outcome"]
    joined = {}
    if outcome == "answered":
        joined = _join(call, record["roomId"], record["participantId"], record["to"])
    _status(call, record, outcome, **joined)
    return True


def _route(store: SipStore, body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The outbound gateway and routing rule a call goes through (400 if none fits)."""
    rule = None
    if body.get("routingRuleId") is not None:
        rule = store.rules.get(str(body["routingRuleId"]))
        if rule is None:
            raise ApiError(400, "Routing rule not found")
    if body.get("gatewayId") is not None:
        gateway = store.gateway_of(str(body["gatewayId"]))
        if gateway is None:
            raise ApiError(400, "Outbound gateway not found")
        return gateway, rule
    number = store.numbers.get(str(body.get("sipCallFrom")))
    if number is None or number.get("outbound") is None:
        raise ApiError(
            400, "`sipCallFrom` must be a provisioned number with an outbound gateway, "
            "or give `gatewayId`"
        )  # fmt: skip
    return store.gateways[number["outbound"]], rule


def _room(call: Call, key: object) -> RoomRecord:
    room = call.env.store(RoomStore).find(key) if isinstance(key, str) else None
    if room is None:
        raise ApiError(call.env.config.not_found_status, "Room not found")
    return room


def _destination(call: Call, body: dict[str, Any], rule: dict[str, Any] | None) -> RoomRecord:
    if body.get("destinationRoomId") is not None:
        return _room(call, body["destinationRoomId"])
    static = (rule or {}).get("room") or {}
    if static.get("type") == "static":
        return _room(call, static.get("id"))
    # [INF] No room named: the call gets a new one.
    return call.env.store(RoomStore).create_room(None, {}, call.base_url())[0]


def _checked(body: dict[str, Any]) -> tuple[str, str | None]:
    to = e164(body.get("sipCallTo"), "sipCallTo")
    caller = None if body.get("sipCallFrom") is None else e164(body["sipCallFrom"], "sipCallFrom")
    flags(body, "recordAudio", "waitUntilAnswered", "dtmf", "hidePhoneNumber")
    mapping(body, "participant", "metadata", "headers")
    choice(body, "mediaEncryption", ENCRYPTIONS)
    choice(body, "includeHeaders", HEADER_MODES)
    for key in ("ringingTimeout", "maxCallDuration"):
        value = body.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ApiError(400, f"`{key}` must be an integer")
    return to, caller


async def create(call: Call) -> Response:
    body = call.json_object(required=True)
    to, caller = _checked(body)
    store = call.env.store(SipStore)
    gateway, rule = _route(store, body)
    room = _destination(call, body, rule)
    call_id = new_object_id()
    participant = body.get("participant") or {}
    numbers = gateway.get("numbers") or [None]
    record: dict[str, Any] = {
        "id": call_id, "type": "outbound", "transport": gateway.get("transport") or "tls",
        "provider": "emulator", "gatewayId": gateway["id"],
        "ruleId": None if rule is None else rule["id"], "roomId": room.room_id, "to": to,
        "from": caller or numbers[0], "sessionId": None,
        "participantId": text(participant, "id") or f"sip-{call_id}", "status": None,
        "metadata": body.get("metadata") or {}, "start": store.stamp(), "end": None,
        "timelog": [], "region": gateway.get("geoRegion") or "auto", "transfer": None,
        "_outcome": store.next_outcome(),
    }  # fmt: skip
    with call.env.lock:
        store.calls[call_id] = record
    call.created, call.resource_id, call.meeting_id = True, call_id, room.room_id
    _status(call, record, "initiated")
    while body.get("waitUntilAnswered") and _advance(call, record):
        pass
    return JSONResponse({"message": "Call initiated", "data": render(record)})


def _find(call: Call, call_id: object) -> dict[str, Any]:
    record = call.env.store(SipStore).calls.get(call_id) if isinstance(call_id, str) else None
    if record is None:
        raise ApiError(call.env.config.not_found_status, "Call not found")
    call.resource_id, call.meeting_id = record["id"], record["roomId"]
    return record


def _active(call: Call, what: str) -> tuple[dict[str, Any], dict[str, Any]]:
    body = call.json_object(required=True)
    record = _find(call, body.get("callId"))
    if record["status"] not in _ACTIVE:
        raise ApiError(400, f"Only an answered call can be {what} (it is {record['status']})")
    return body, record


async def get(call: Call) -> Response:
    record = _find(call, call.path_param("id"))
    _advance(call, record)
    return JSONResponse({"data": render(record)})


def _epoch_ms(stamp: str) -> float:
    return datetime.fromisoformat(stamp).timestamp() * 1000


async def listing(call: Call) -> Response:
    query = call.request.query_params
    found = list(reversed(call.env.store(SipStore).calls.values()))
    for key in ("roomId", "sessionId", "id", "gatewayId", "ruleId", "type"):
        if query.get(key):
            found = [c for c in found if c.get(key) == query[key]]
    if query.get("search"):
        term = query["search"]
        found = [c for c in found if any(term in str(c.get(k)) for k in ("to", "from", "roomId"))]
    since, until = call.query_int("startDate", 0), call.query_int("endDate", 2**62)
    found = [c for c in found if since <= _epoch_ms(c["start"]) <= until]

    def item(record: dict[str, Any]) -> dict[str, Any]:
        # [INF] Lists name the id `callId` (the official SDK maps it to `id`).
        return {"callId": record["id"], **{k: v for k, v in render(record).items() if k != "id"}}

    return JSONResponse(paged(call, found, item, max_per_page=1000))


async def transfer(call: Call) -> Response:
    body, record = _active(call, "transferred")
    target = text(body, "transferTo")
    if target is None and body.get("participant") is None:
        raise ApiError(400, "Please provide `transferTo`")  # [INF]
    flags(body, "playDialtone")
    mapping(body, "participant")
    stamp = call.env.store(SipStore).stamp()
    moved = {"to": target, "playDialtone": bool(body.get("playDialtone")), "at": stamp}
    _status(call, record, "transfer-initiated", transfer=moved)
    _status(call, record, "transfer-ringing")
    _leave(call, {**record, "status": "answered"})
    _status(call, record, "transferred")
    return JSONResponse({"message": "Call transferred", "data": render(record)})


async def end(call: Call) -> Response:
    record = _find(call, call.json_object(required=True).get("callId"))
    if record["status"] in _ENDED:
        raise ApiError(400, f"Call has already ended ({record['status']})")  # [INF]
    _leave(call, record)
    _status(call, record, "ended")
    return JSONResponse({"message": "Call ended", "data": render(record)})


async def switch_room(call: Call) -> Response:
    body, record = _active(call, "moved")
    room = _room(call, body.get("roomId"))
    participant_id = text(body, "participantId") or record["participantId"]
    text(body, "token")
    _status(call, record, "switch-room-initiated")
    _leave(call, {**record, "status": "answered"})
    joined = _join(call, room.room_id, participant_id, record["to"])
    _status(call, record, "switch-room-completed", **joined)
    return JSONResponse({"message": "Room switched", "data": render(record)})


def register(family: Family) -> None:
    """Add the call routes to the SIP family."""
    family.route("POST", _BASE)(create)
    family.route("GET", _BASE)(listing)
    family.route("POST", f"{_BASE}/transfer")(transfer)
    family.route("POST", f"{_BASE}/end")(end)
    family.route("POST", f"{_BASE}/switch-room")(switch_room)
    family.route("GET", f"{_BASE}/{{id}}")(get)
