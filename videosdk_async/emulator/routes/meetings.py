"""The v1 meetings API: ``POST``/``GET /v1/meetings``, ``GET``/``POST /v1/meetings/{id}``.

Shapes per VideoSDK's REST documentation: a meeting is ``{meetingId, userMeetingId, userId,
createdAt, updatedAt, id}``; creates are not idempotent; validate is GET or POST (the
documentation's samples disagree, so both are served).
"""

from __future__ import annotations

from typing import Final

from starlette.responses import JSONResponse, Response

from .._family import ApiError, Call, Family, paged
from ._room_store import RoomStore

family = Family("meetings", stores=(RoomStore,))

#: The v1 route names, as fault targets and journal keys.
CREATE: Final = "POST /v1/meetings"
LIST: Final = "GET /v1/meetings"
GET_ONE: Final = "GET /v1/meetings/{meetingId}"
POST_ONE: Final = "POST /v1/meetings/{meetingId}"


@family.route("POST", "/v1/meetings")
async def create(call: Call) -> Response:
    """Create a meeting, with the optional ``userMeetingId``."""
    user_meeting_id = call.json_object().get("userMeetingId")
    if user_meeting_id is not None and not isinstance(user_meeting_id, str):
        raise ApiError(400, "userMeetingId must be a string")
    call.user_meeting_id = user_meeting_id
    store = call.env.store(RoomStore)
    record = store.create_meeting(user_meeting_id, call.base_url())
    call.meeting_id = call.resource_id = record.room_id
    call.created = True
    return JSONResponse(store.meeting_json(record))


@family.route("POST", "/v1/meetings/{meetingId}")
@family.route("GET", "/v1/meetings/{meetingId}")
async def get_one(call: Call) -> Response:
    """The meeting with this meetingId (validate / get details)."""
    meeting_id = call.path_param("meetingId")
    call.meeting_id = call.resource_id = meeting_id
    store = call.env.store(RoomStore)
    record = store.get(meeting_id)
    if record is None:
        raise ApiError(call.env.config.not_found_status, "Meeting not found")
    return JSONResponse(store.meeting_json(record))


@family.route("GET", "/v1/meetings")
async def list_meetings(call: Call) -> Response:
    """The meetings, newest first, paged (``page``, ``perPage``; defaults 1 and 20)."""
    store = call.env.store(RoomStore)
    # [INF] Newest first, as dashboards list them.
    return JSONResponse(
        paged(
            call,
            store.newest_first(),
            store.meeting_json,
            max_per_page=call.env.config.max_per_page,
        )
    )
