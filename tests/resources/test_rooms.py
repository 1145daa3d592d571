"""sdk.rooms at the wire (respx): paths, bodies, decoding of every answer shape, errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest
import respx

import videosdk_async as vs

ROOM = {
    "roomId": "abcd-efgh-ijkl",
    "customRoomId": "class-7",
    "userId": "5fa671e77b80d58c11cbca95",
    "disabled": False,
    "createdAt": "2022-01-05T06:41:16.018Z",
    "updatedAt": "2022-01-05T06:41:16.018Z",
    "id": "61d53d8c964704379e7d927a",
    "links": {
        "get_room": "https://api.videosdk.live/v2/rooms/abcd-efgh-ijkl",
        "get_session": "https://api.videosdk.live/v2/sessions/",
    },
}
ROOM_WITH_USER = {
    **{k: v for k, v in ROOM.items() if k != "userId"},
    "user": {"email": "a@b.c", "name": "A", "discontinuedReason": None, "id": "u-1"},
}
DEACTIVATED = {
    "meetingId": "abcd-efgh-ijkl",
    "userMeetingId": "class-7",
    "disabled": True,
    "user": {"id": "u-1"},
    "createdAt": "2022-01-05T06:41:16.018Z",
    "updatedAt": "2022-01-06T06:41:16.018Z",
    "id": "61d53d8c964704379e7d927a",
}


def _body(route: respx.Route) -> object:
    return json.loads(route.calls.last.request.content)


async def test_create_without_options_sends_empty_object(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """create() with no arguments POSTs `{}` to /v2/rooms."""
    route = api.post("/v2/rooms").respond(200, json=ROOM)

    await sdk.rooms.create()

    assert _body(route) == {}


async def test_create_sends_every_option_in_wire_names(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """create()'s options go on the wire with the API's names and shapes."""
    route = api.post("/v2/rooms").respond(200, json=ROOM)

    await sdk.rooms.create(
        custom_room_id="class-7",
        webhook=vs.RoomWebhook("https://hooks.example/x", ["participant-joined", "recording-*"]),
        auto_close=vs.AutoClose(duration=60),
        auto_start={"recording": {"config": {"layout": {"type": "GRID"}}}},
        geo_fence="us002",
        multi_composition=vs.MultiComposition(recording=True),
        allowed_participant_ids=["alice", "bob"],
    )

    assert _body(route) == {
        "customRoomId": "class-7",
        "webhook": {
            "endPoint": "https://hooks.example/x",
            "events": ["participant-joined", "recording-*"],
        },
        "autoCloseConfig": {"type": "session-ends", "duration": 60},
        "autoStartConfig": {"recording": {"config": {"layout": {"type": "GRID"}}}},
        "geoFence": "us002",
        "multiComposition": {"recording": True, "hls": False, "rtmp": False},
        "allowedParticipantIds": ["alice", "bob"],
    }


async def test_create_decodes_the_room(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """The create answer (with userId) decodes field for field, datetimes aware."""
    api.post("/v2/rooms").respond(200, json=ROOM)

    room = await sdk.rooms.create()

    assert room.id == "61d53d8c964704379e7d927a"
    assert room.room_id == "abcd-efgh-ijkl"
    assert room.custom_room_id == "class-7"
    assert room.user_id == "5fa671e77b80d58c11cbca95"
    assert room.disabled is False
    assert room.created_at == datetime(2022, 1, 5, 6, 41, 16, 18000, tzinfo=UTC)
    assert room.links == ROOM["links"]
    assert room.raw == ROOM


async def test_get_decodes_the_user_object_shape(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """get() answers `user{...}` instead of userId; user_id comes from user.id."""
    route = api.get("/v2/rooms/class-7").respond(200, json=ROOM_WITH_USER)

    room = await sdk.rooms.get("class-7")

    assert route.called
    assert room.user_id == "u-1"
    assert room.raw["user"]["email"] == "a@b.c"


async def test_deactivate_posts_room_id_and_decodes_v1_names(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """deactivate() POSTs {roomId}; the v1-named answer decodes with disabled=True."""
    route = api.post("/v2/rooms/deactivate").respond(200, json=DEACTIVATED)

    room = await sdk.rooms.deactivate("abcd-efgh-ijkl")

    assert _body(route) == {"roomId": "abcd-efgh-ijkl"}
    assert (room.room_id, room.custom_room_id, room.disabled) == ("abcd-efgh-ijkl", "class-7", True)
    assert room.user_id == "u-1"


async def test_update_posts_status_and_derives_disabled(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """update(status=) POSTs {status} to /v2/rooms/{id}; `disabled` follows the status."""
    answer = {**{k: v for k, v in ROOM.items() if k != "disabled"}, "status": "disabled"}
    route = api.post("/v2/rooms/abcd-efgh-ijkl").respond(200, json=answer)

    room = await sdk.rooms.update("abcd-efgh-ijkl", status="disabled")

    assert _body(route) == {"status": "disabled"}
    assert room.disabled is True


async def test_update_refuses_an_unknown_status(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """update() with a status other than enabled/disabled raises before sending."""
    with pytest.raises(ValueError, match="status"):
        await sdk.rooms.update("abcd-efgh-ijkl", status="paused")  # type: ignore[arg-type]

    assert api.calls.call_count == 0


@pytest.mark.parametrize("status", [400, 402, 404])
async def test_validate_unknown_room_is_room_not_found(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, status: int
) -> None:
    """validate() turns 400, 402 and 404 into RoomNotFoundError (a NotFoundError)."""
    api.get("/v2/rooms/validate/zzzz-zzzz-zzzz").respond(status, json={"message": "Room not found"})

    with pytest.raises(vs.RoomNotFoundError) as info:
        await sdk.rooms.validate("zzzz-zzzz-zzzz")

    assert isinstance(info.value, vs.NotFoundError)
    assert info.value.status_code == status


async def test_get_unknown_room_is_not_found_not_room_not_found(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """get() of an unknown room raises NotFoundError; RoomNotFoundError is validate()'s."""
    api.get("/v2/rooms/zzzz").respond(404, json={"message": "Room not found"})

    with pytest.raises(vs.NotFoundError) as info:
        await sdk.rooms.get("zzzz")

    assert type(info.value) is vs.NotFoundError


async def test_list_sends_only_given_paging_and_query(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """list() sends page/perPage/query only when given."""
    route = api.get("/v2/rooms").respond(
        200,
        json={
            "pageInfo": {"currentPage": 1, "perPage": 20, "lastPage": 1, "total": 1},
            "data": [ROOM_WITH_USER],
        },
    )

    await sdk.rooms.list()
    await sdk.rooms.list(per_page=50, query="class-7")

    first, second = (dict(call.request.url.params) for call in route.calls)
    assert first == {}
    assert second == {"perPage": "50", "query": "class-7"}


async def test_list_page_exposes_page_info(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """Awaiting list() gives one Page with the server's pageInfo and decoded rooms."""
    api.get("/v2/rooms").respond(
        200,
        json={
            "pageInfo": {"currentPage": 2, "perPage": 1, "lastPage": 3, "total": 3},
            "data": [ROOM_WITH_USER],
        },
    )

    page = await sdk.rooms.list(page=2, per_page=1)

    assert (page.page, page.per_page, page.last_page, page.total) == (2, 1, 3, 3)
    assert [room.room_id for room in page.data] == ["abcd-efgh-ijkl"]
    assert page.has_next_page is True


async def test_create_with_custom_room_id_is_retried_after_a_502(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A create keyed by custom_room_id is idempotent on the server, so a 502 is retried."""
    route = api.post("/v2/rooms")
    route.side_effect = [httpx.Response(502), httpx.Response(200, json=ROOM)]

    room = await sdk.rooms.create(custom_room_id="class-7")

    assert route.call_count == 2
    assert room.custom_room_id == "class-7"


async def test_create_without_custom_room_id_is_not_retried_after_a_502(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A create without custom_room_id keeps the v1 rule: outcome_unknown, not repeated."""
    route = api.post("/v2/rooms").respond(502)

    with pytest.raises(vs.InternalServerError) as info:
        await sdk.rooms.create()

    assert route.call_count == 1
    assert info.value.outcome_unknown is True


@pytest.mark.parametrize(
    "call",
    [
        lambda sdk: sdk.rooms.get("a/b"),
        lambda sdk: sdk.rooms.validate(""),
        lambda sdk: sdk.rooms.deactivate(" padded "),
        lambda sdk: sdk.rooms.update("..", status="enabled"),
        lambda sdk: sdk.rooms.create(custom_room_id="x?y"),
    ],
)
async def test_bad_ids_are_refused_before_sending(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, call: object
) -> None:
    """Every rooms call checks its id before any request."""
    with pytest.raises(ValueError):
        await call(sdk)  # type: ignore[operator]

    assert api.calls.call_count == 0


async def test_create_refuses_wrong_option_types(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A webhook given as a dict (not RoomWebhook) is refused before sending."""
    with pytest.raises(TypeError, match="webhook"):
        await sdk.rooms.create(webhook={"endPoint": "x", "events": []})  # type: ignore[arg-type]

    assert api.calls.call_count == 0


async def test_room_decodes_missing_optional_fields(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An answer with only id and roomId still decodes; the rest is None or default."""
    api.get("/v2/rooms/abcd").respond(200, json={"id": "i", "roomId": "abcd"})

    room = await sdk.rooms.get("abcd")

    assert (room.custom_room_id, room.user_id, room.created_at, room.webhook) == (None,) * 4
    assert room.disabled is False


async def test_room_webhook_and_auto_close_decode(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """webhook{endPoint, events} and autoCloseConfig decode into RoomWebhook and AutoClose."""
    api.get("/v2/rooms/abcd").respond(
        200,
        json={
            **ROOM,
            "webhook": {"endPoint": "https://h/x", "events": ["*"]},
            "autoCloseConfig": {"type": "session-end-and-deactivate", "duration": 5},
            "geoFence": "in001",
        },
    )

    room = await sdk.rooms.get("abcd")

    assert room.webhook == vs.RoomWebhook("https://h/x", ["*"])
    assert room.auto_close == vs.AutoClose("session-end-and-deactivate", 5)
    assert room.geo_fence == "in001"
