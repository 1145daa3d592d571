"""The v2 rooms API: create, validate, get, list, deactivate, update (``/v2/rooms``).

Shapes per VideoSDK's REST documentation [DOC] and the official server SDKs' code [SDK]:

- create and validate answer the room with ``userId``; get and list with ``user{}``;
- create is idempotent on ``customRoomId`` ("Reusing a customRoomId returns the existing
  room" [DOC]); the answer is 200 either way;
- deactivate answers in v1 names and takes only a roomId: a customRoomId is refused with
  402 [SDK];
- list needs neither ``page`` nor ``perPage`` (NODE sends neither on a first call).
"""

from __future__ import annotations

from typing import Any, Final

from starlette.responses import JSONResponse, Response

from .._family import ApiError, Call, Family, paged
from ._room_store import RoomRecord, RoomStore

family = Family("rooms", stores=(RoomStore,))

#: The v2 rooms route names, as fault targets and journal keys.
ROOM_CREATE: Final = "POST /v2/rooms"
ROOM_LIST: Final = "GET /v2/rooms"
ROOM_GET: Final = "GET /v2/rooms/{roomId}"
ROOM_VALIDATE: Final = "GET /v2/rooms/validate/{roomId}"
ROOM_DEACTIVATE: Final = "POST /v2/rooms/deactivate"
ROOM_UPDATE: Final = "POST /v2/rooms/{roomId}"

#: ``GET /v2/rooms`` without ``perPage`` ("defaults 1/20" [DOC]), and the most it allows
#: ([INF]; the SDK accepts up to 1000).
DEFAULT_PER_PAGE: Final = 20
MAX_PER_PAGE: Final = 1000
#: [SDK] NODE caps the webhook URL at 512 characters.
MAX_WEBHOOK_URL: Final = 512

# Create options kept as given, each with the JSON type it must have.
_OPTION_TYPES: Final[dict[str, type]] = {
    "autoCloseConfig": dict,
    "autoStartConfig": dict,
    "geoFence": str,
    "multiComposition": dict,
}


def _create_options(body: dict[str, Any]) -> dict[str, Any]:
    """The create body's options, checked (a 400 names the first bad field)."""
    if "region" in body:
        # [DOC] `region` is discontinued (geoFence replaced it); the error table's example.
        raise ApiError(400, "'region' field is invalid")
    options: dict[str, Any] = {}
    webhook = body.get("webhook")
    if webhook is not None:
        end_point = webhook.get("endPoint") if isinstance(webhook, dict) else None
        events = webhook.get("events", []) if isinstance(webhook, dict) else None
        if not isinstance(end_point, str) or not 0 < len(end_point) <= MAX_WEBHOOK_URL:
            raise ApiError(400, "webhook.endPoint must be a URL of at most 512 characters")
        if not isinstance(events, list) or not all(isinstance(e, str) for e in events):
            raise ApiError(400, "webhook.events must be a list of event names")
        options["webhook"] = webhook
    for name, kind in _OPTION_TYPES.items():
        value = body.get(name)
        if value is not None:
            if not isinstance(value, kind):
                raise ApiError(400, f"{name} is invalid")
            options[name] = value
    allowed = body.get("allowedParticipantIds")
    if allowed is not None:
        if not isinstance(allowed, list) or not all(isinstance(p, str) for p in allowed):
            raise ApiError(400, "allowedParticipantIds must be a list of strings")
        options["allowedParticipantIds"] = allowed
    return options


def _found(call: Call, key: str) -> RoomRecord:
    """The room with this roomId or customRoomId, or the configured not-found answer."""
    call.resource_id = key
    record = call.env.store(RoomStore).find(key)
    if record is None:
        raise ApiError(call.env.config.not_found_status, "Room not found")
    call.meeting_id = call.resource_id = record.room_id
    return record


@family.route("POST", "/v2/rooms")
async def create(call: Call) -> Response:
    """Create a room, or answer the existing one for a known ``customRoomId``."""
    body = call.json_object()
    custom_room_id = body.get("customRoomId")
    if custom_room_id is not None and (not isinstance(custom_room_id, str) or not custom_room_id):
        raise ApiError(400, "customRoomId must be a non-empty string")
    options = _create_options(body)
    call.user_meeting_id = custom_room_id
    store = call.env.store(RoomStore)
    record, call.created = store.create_room(custom_room_id, options, call.base_url())
    call.meeting_id = call.resource_id = record.room_id
    return JSONResponse(store.room_json(record))


@family.route("GET", "/v2/rooms/validate/{roomId}")
async def validate(call: Call) -> Response:
    """The room by roomId or customRoomId, with ``userId``.

    [INF] A deactivated room still validates, answering ``disabled: true``: nothing
    documents otherwise, and the flag tells the caller.
    """
    record = _found(call, call.path_param("roomId"))
    return JSONResponse(call.env.store(RoomStore).room_json(record))


@family.route("GET", "/v2/rooms/{roomId}")
async def get_one(call: Call) -> Response:
    """The room by roomId or customRoomId, with ``user{}`` instead of ``userId``."""
    record = _found(call, call.path_param("roomId"))
    return JSONResponse(call.env.store(RoomStore).room_json(record, user=True))


@family.route("GET", "/v2/rooms")
async def list_rooms(call: Call) -> Response:
    """The rooms, newest first, paged; ``query`` keeps the one with that roomId/customRoomId."""
    store = call.env.store(RoomStore)
    rooms = store.newest_first()
    query = call.request.query_params.get("query")
    if query:
        rooms = [r for r in rooms if query in (r.room_id, r.custom_room_id)]
    page = paged(
        call,
        rooms,
        lambda record: store.room_json(record, user=True),
        max_per_page=MAX_PER_PAGE,
        default_per_page=DEFAULT_PER_PAGE,
    )
    return JSONResponse(page)


@family.route("POST", "/v2/rooms/deactivate")
async def deactivate(call: Call) -> Response:
    """Deactivate the room with this roomId (a customRoomId or unknown id is a 402)."""
    room_id = call.json_object(required=True).get("roomId")
    if not isinstance(room_id, str) or not room_id:
        raise ApiError(400, "Please provide a valid `roomId` in body params")
    call.resource_id = room_id
    store = call.env.store(RoomStore)
    record = store.get(room_id)
    if record is None:
        # [SDK] "resolves only the VideoSDK roomId — a customRoomId is rejected with 402".
        raise ApiError(402, "Room not found")
    call.meeting_id = record.room_id
    store.set_disabled(record, True)
    return JSONResponse(store.deactivated_json(record))


@family.route("POST", "/v2/rooms/{roomId}")
async def update(call: Call) -> Response:
    """Enable or disable a room: ``{"status": "enabled" | "disabled"}``."""
    status = call.json_object(required=True).get("status")
    if status not in ("enabled", "disabled"):
        raise ApiError(400, "status must be 'enabled' or 'disabled'")
    record = _found(call, call.path_param("roomId"))
    store = call.env.store(RoomStore)
    store.set_disabled(record, status == "disabled")
    return JSONResponse(store.update_json(record))
