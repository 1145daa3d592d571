"""The emulator's v2 rooms routes as a plain HTTP client sees them."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from videosdk_async.emulator import (
    ROOM_CREATE,
    ROOM_GET,
    ROUTES,
    Emulator,
    EmulatorServer,
    Fault,
)

BASE = "http://127.0.0.1"
ROOM_ID = re.compile(r"[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}")
OBJECT_ID = re.compile(r"[0-9a-f]{24}")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
CREATE_KEYS = {"roomId", "userId", "disabled", "createdAt", "updatedAt", "id", "links"}
USER_KEYS = CREATE_KEYS - {"userId"} | {"user"}


@pytest.fixture(name="emulator")
def _emulator(videosdk_emulator: Emulator) -> Emulator:
    return videosdk_emulator


@pytest.fixture(name="client")
async def _client(emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=emulator.transport(),
        base_url=BASE,
        headers={"Authorization": emulator.token()},
    ) as client:
        yield client


async def _create(client: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    response = await client.post("/v2/rooms", json=body)
    assert response.status_code == 200
    room: dict[str, Any] = response.json()
    return room


# -- create ------------------------------------------------------------------------------


async def test_create_answers_the_documented_room(client: httpx.AsyncClient) -> None:
    """POST /v2/rooms answers roomId, userId, disabled, timestamps, id and links."""
    response = await client.post("/v2/rooms", json={})

    room = response.json()
    assert response.status_code == 200
    assert set(room) == CREATE_KEYS
    assert ROOM_ID.fullmatch(room["roomId"])
    assert OBJECT_ID.fullmatch(room["id"])
    assert OBJECT_ID.fullmatch(room["userId"])
    assert TIMESTAMP.fullmatch(room["createdAt"])
    assert room["createdAt"] == room["updatedAt"]
    assert room["disabled"] is False
    assert room["links"] == {
        "get_room": f"{BASE}/v2/rooms/{room['roomId']}",
        "get_session": f"{BASE}/v2/sessions/",
    }


async def test_create_accepts_no_body(client: httpx.AsyncClient) -> None:
    """POST /v2/rooms with no body at all creates a room (some official samples send none)."""
    response = await client.post("/v2/rooms")

    assert response.status_code == 200
    assert set(response.json()) == CREATE_KEYS


async def test_create_echoes_the_options_given(client: httpx.AsyncClient) -> None:
    """customRoomId, webhook, autoCloseConfig, geoFence, ... come back as sent."""
    options = {
        "customRoomId": "standup",
        "webhook": {"endPoint": "https://hooks.example/v", "events": ["session-*"]},
        "autoCloseConfig": {"type": "session-ends", "duration": 60},
        "autoStartConfig": {"recording": {"config": {"mode": "audio"}}},
        "geoFence": "us002",
        "multiComposition": {"recording": True, "hls": False, "rtmp": False},
        "allowedParticipantIds": ["alice", "bob"],
    }

    room = await _create(client, **options)

    assert set(room) == CREATE_KEYS | set(options)
    assert {k: room[k] for k in options} == options


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"customRoomId": 5}, "customRoomId must be a non-empty string"),
        ({"region": "us001"}, "'region' field is invalid"),
        (
            {"webhook": {"events": ["*"]}},
            "webhook.endPoint must be a URL of at most 512 characters",
        ),
        ({"webhook": {"endPoint": "https://x", "events": "*"}}, "webhook.events must be a list"),
        ({"geoFence": 1}, "geoFence is invalid"),
        ({"allowedParticipantIds": "alice"}, "allowedParticipantIds must be a list of strings"),
    ],
)
async def test_create_rejects_invalid_fields(
    emulator: Emulator, client: httpx.AsyncClient, body: dict[str, Any], message: str
) -> None:
    """An invalid create field is a 400 with the error body, and creates nothing."""
    response = await client.post("/v2/rooms", json=body)

    assert response.status_code == 400
    assert response.json()["statusCode"] == 400
    assert response.json()["message"].startswith(message)
    assert emulator.rooms == {}


async def test_create_is_idempotent_on_custom_room_id(
    emulator: Emulator, client: httpx.AsyncClient
) -> None:
    """A second create with a known customRoomId answers the same room and creates none."""
    first = await _create(client, customRoomId="daily")
    second = await _create(client, customRoomId="daily", geoFence="in001")

    assert second == first
    assert emulator.room_creates("daily") == 1
    assert list(emulator.rooms) == [first["roomId"]]
    assert [e.created for e in emulator.journal] == [True, False]


async def test_room_creates_are_counted_per_custom_room_id(
    emulator: Emulator, client: httpx.AsyncClient
) -> None:
    """room_creates counts rooms made per customRoomId; None counts rooms without one."""
    await _create(client, customRoomId="a")
    await _create(client, customRoomId="a")
    await _create(client, customRoomId="b")
    await _create(client)
    await _create(client)

    assert emulator.room_creates_by_custom_room_id == {"a": 1, "b": 1, None: 2}
    assert len(emulator.rooms) == 4


async def test_rooms_are_kept_without_retain_meetings() -> None:
    """retain_meetings=False drops v1 meetings, but rooms stay (idempotency needs them)."""
    emulator = Emulator(retain_meetings=False)
    async with httpx.AsyncClient(
        transport=emulator.transport(),
        base_url=BASE,
        headers={"Authorization": emulator.token()},
    ) as client:
        await client.post("/v1/meetings", json={"userMeetingId": "m"})
        room = await _create(client, customRoomId="kept")
        again = await _create(client, customRoomId="kept")

    assert again == room
    assert list(emulator.rooms) == [room["roomId"]]
    assert emulator.creates("m") == 1


# -- validate and get --------------------------------------------------------------------


@pytest.mark.parametrize("key", ["roomId", "customRoomId"])
async def test_validate_answers_the_create_shape(client: httpx.AsyncClient, key: str) -> None:
    """GET /v2/rooms/validate/{roomId or customRoomId} answers the room as create did."""
    created = await _create(client, customRoomId="v")

    response = await client.get(f"/v2/rooms/validate/{created[key]}")

    assert response.status_code == 200
    assert response.json() == created


async def test_validate_unknown_is_404(client: httpx.AsyncClient) -> None:
    """Validating an unknown id answers 404 with the error body."""
    response = await client.get("/v2/rooms/validate/zzzz-zzzz-zzzz")

    assert response.status_code == 404
    assert response.json() == {"statusCode": 404, "error": "Not Found", "message": "Room not found"}


async def test_validate_unknown_follows_not_found_status() -> None:
    """not_found_status=402 makes an unknown room answer 402."""
    emulator = Emulator(not_found_status=402)
    async with httpx.AsyncClient(transport=emulator.transport(), base_url=BASE) as client:
        response = await client.get(
            "/v2/rooms/validate/nope", headers={"Authorization": emulator.token()}
        )

    assert response.status_code == 402


@pytest.mark.parametrize("key", ["roomId", "customRoomId"])
async def test_get_answers_user_instead_of_user_id(client: httpx.AsyncClient, key: str) -> None:
    """GET /v2/rooms/{id} answers the room with user{email, name, discontinuedReason, id}."""
    created = await _create(client, customRoomId="g")

    room = (await client.get(f"/v2/rooms/{created[key]}")).json()

    assert set(room) == USER_KEYS | {"customRoomId"}
    assert set(room["user"]) == {"email", "name", "discontinuedReason", "id"}
    assert room["user"]["id"] == created["userId"]
    assert room["user"]["discontinuedReason"] is None
    assert {k: room[k] for k in CREATE_KEYS - {"userId"}} == {
        k: created[k] for k in CREATE_KEYS - {"userId"}
    }


async def test_get_unknown_is_404(client: httpx.AsyncClient) -> None:
    """GET /v2/rooms/{unknown} answers 404 Room not found."""
    response = await client.get("/v2/rooms/zzzz-zzzz-zzzz")

    assert (response.status_code, response.json()["message"]) == (404, "Room not found")


async def test_rooms_and_meetings_are_one_store(client: httpx.AsyncClient) -> None:
    """A v2 room validates through v1, and a v1 meeting is found by its userMeetingId in v2."""
    room = await _create(client, customRoomId="both")
    meeting = (await client.post("/v1/meetings", json={"userMeetingId": "old"})).json()

    via_v1 = (await client.get(f"/v1/meetings/{room['roomId']}")).json()
    via_v2 = (await client.get("/v2/rooms/old")).json()

    assert (via_v1["meetingId"], via_v1["userMeetingId"]) == (room["roomId"], "both")
    assert (via_v2["roomId"], via_v2["customRoomId"]) == (meeting["meetingId"], "old")


# -- list --------------------------------------------------------------------------------


async def test_list_defaults_to_page_1_of_20(client: httpx.AsyncClient) -> None:
    """GET /v2/rooms without page/perPage answers page 1 of 20, newest first, user shape."""
    ids = [(await _create(client, customRoomId=f"r{i}"))["roomId"] for i in range(25)]

    body = (await client.get("/v2/rooms")).json()

    assert body["pageInfo"] == {"currentPage": 1, "perPage": 20, "lastPage": 2, "total": 25}
    assert [r["roomId"] for r in body["data"]] == ids[::-1][:20]
    assert all(set(r) == USER_KEYS | {"customRoomId"} for r in body["data"])


async def test_list_pages_cover_every_room_once(client: httpx.AsyncClient) -> None:
    """Walking every page yields each room exactly once, in the same order as one big page."""
    for i in range(7):
        await _create(client, customRoomId=f"p{i}")

    seen = []
    for page in (1, 2, 3):
        data = (await client.get("/v2/rooms", params={"page": page, "perPage": 3})).json()
        seen += [r["customRoomId"] for r in data["data"]]
    whole = (await client.get("/v2/rooms", params={"perPage": 1000})).json()

    assert seen == [r["customRoomId"] for r in whole["data"]]
    assert seen == [f"p{i}" for i in reversed(range(7))]


@pytest.mark.parametrize("key", ["roomId", "customRoomId"])
async def test_list_query_matches_one_room_exactly(client: httpx.AsyncClient, key: str) -> None:
    """query= keeps only the room whose roomId or customRoomId is exactly the value."""
    await _create(client, customRoomId="alpha")
    wanted = await _create(client, customRoomId="alphabet")

    body = (await client.get("/v2/rooms", params={"query": wanted[key]})).json()

    assert [r["roomId"] for r in body["data"]] == [wanted["roomId"]]
    assert body["pageInfo"]["total"] == 1


@pytest.mark.parametrize("params", [{"page": 0}, {"perPage": 0}, {"perPage": 1001}, {"page": "x"}])
async def test_list_rejects_bad_paging(
    client: httpx.AsyncClient, params: dict[str, int | str]
) -> None:
    """Out-of-range (perPage above 1000) or non-integer paging answers 400."""
    response = await client.get("/v2/rooms", params=params)

    assert response.status_code == 400


# -- deactivate and update ---------------------------------------------------------------


async def test_deactivate_answers_v1_names_disabled(client: httpx.AsyncClient) -> None:
    """POST /v2/rooms/deactivate answers the room in v1 names with disabled: true."""
    webhook = {"endPoint": "https://hooks.example/v", "events": ["*"]}
    room = await _create(client, customRoomId="bye", webhook=webhook)

    response = await client.post("/v2/rooms/deactivate", json={"roomId": room["roomId"]})

    body = response.json()
    assert response.status_code == 200
    assert set(body) == {
        "meetingId",
        "userMeetingId",
        "disabled",
        "webhook",
        "user",
        "createdAt",
        "updatedAt",
        "id",
    }
    assert (body["meetingId"], body["userMeetingId"]) == (room["roomId"], "bye")
    assert (body["disabled"], body["webhook"], body["id"]) == (True, webhook, room["id"])


async def test_deactivate_shows_in_later_reads(client: httpx.AsyncClient) -> None:
    """A deactivated room reads back disabled, and still validates (the emulator's choice)."""
    room = await _create(client)
    await client.post("/v2/rooms/deactivate", json={"roomId": room["roomId"]})

    fetched = await client.get(f"/v2/rooms/{room['roomId']}")
    validated = await client.get(f"/v2/rooms/validate/{room['roomId']}")

    assert fetched.json()["disabled"] is True
    assert (validated.status_code, validated.json()["disabled"]) == (200, True)


@pytest.mark.parametrize("key", ["customRoomId", "unknown"])
async def test_deactivate_by_custom_room_id_or_unknown_is_402(
    client: httpx.AsyncClient, key: str
) -> None:
    """Deactivate resolves only roomIds: a customRoomId (or unknown id) is refused with 402."""
    room = await _create(client, customRoomId="mine")
    room_id = "zzzz-zzzz-zzzz" if key == "unknown" else room[key]

    response = await client.post("/v2/rooms/deactivate", json={"roomId": room_id})

    assert response.status_code == 402
    assert response.json()["error"] == "Payment Required"
    assert (await client.get("/v2/rooms/mine")).json()["disabled"] is False


@pytest.mark.parametrize("body", [None, {}, {"roomId": 7}, {"roomId": ""}])
async def test_deactivate_without_room_id_is_400(
    client: httpx.AsyncClient, body: dict[str, object] | None
) -> None:
    """Deactivate without a string roomId in the body answers 400."""
    response = await client.post("/v2/rooms/deactivate", json=body)

    assert response.status_code == 400


async def test_update_disables_and_enables(client: httpx.AsyncClient) -> None:
    """POST /v2/rooms/{id} {status} answers {status, roomId, ..., links} and sets disabled."""
    room = await _create(client, customRoomId="u")

    off = (await client.post(f"/v2/rooms/{room['roomId']}", json={"status": "disabled"})).json()
    disabled = (await client.get("/v2/rooms/u")).json()["disabled"]
    on = (await client.post("/v2/rooms/u", json={"status": "enabled"})).json()

    assert set(off) == {"status", "roomId", "customRoomId", "userId"} | {
        "createdAt",
        "updatedAt",
        "id",
        "links",
    }
    assert (off["status"], off["roomId"], off["links"]) == (
        "disabled",
        room["roomId"],
        room["links"],
    )
    assert disabled is True
    assert on["status"] == "enabled"
    assert (await client.get("/v2/rooms/u")).json()["disabled"] is False


@pytest.mark.parametrize("body", [{"status": "paused"}, {}, {"status": None}])
async def test_update_rejects_other_statuses(
    client: httpx.AsyncClient, body: dict[str, object]
) -> None:
    """A status other than enabled/disabled answers 400 and changes nothing."""
    room = await _create(client)

    response = await client.post(f"/v2/rooms/{room['roomId']}", json=body)

    assert response.status_code == 400
    assert (await client.get(f"/v2/rooms/{room['roomId']}")).json()["disabled"] is False


async def test_update_unknown_room_is_404(client: httpx.AsyncClient) -> None:
    """Updating an unknown room answers the not-found status."""
    response = await client.post("/v2/rooms/zzzz-zzzz-zzzz", json={"status": "enabled"})

    assert response.status_code == 404


async def test_rooms_routes_need_a_token(emulator: Emulator) -> None:
    """Rooms routes answer 401 without a token, like every API route."""
    async with httpx.AsyncClient(transport=emulator.transport(), base_url=BASE) as client:
        response = await client.post("/v2/rooms", json={"customRoomId": "x"})

    assert response.status_code == 401
    assert emulator.rooms == {}


# -- faults, journal, stats --------------------------------------------------------------


async def test_fault_matching_a_body_field_hits_only_that_create(
    emulator: Emulator, client: httpx.AsyncClient
) -> None:
    """match={"customRoomId": "x"} fails only the create for x; others pass untouched."""
    emulator.inject(ROOM_CREATE, "status", status=500, match={"customRoomId": "x"})

    other = await client.post("/v2/rooms", json={"customRoomId": "y"})
    failed = await client.post("/v2/rooms", json={"customRoomId": "x"})
    retried = await client.post("/v2/rooms", json={"customRoomId": "x"})

    assert (other.status_code, failed.status_code, retried.status_code) == (200, 500, 200)
    assert [e.fault for e in emulator.journal] == [None, "status", None]
    assert emulator.room_creates_by_custom_room_id == {"y": 1, "x": 1}


async def test_process_then_fail_then_retry_leaves_one_room(
    emulator: Emulator, client: httpx.AsyncClient
) -> None:
    """A create that succeeds but answers 502, retried with its customRoomId, makes one room."""
    emulator.inject(ROOM_CREATE, "process_then_fail", status=502)

    failed = await client.post("/v2/rooms", json={"customRoomId": "once"})
    retried = await client.post("/v2/rooms", json={"customRoomId": "once"})

    assert (failed.status_code, retried.status_code) == (502, 200)
    assert emulator.room_creates("once") == 1
    assert list(emulator.rooms) == [retried.json()["roomId"]]


async def test_process_then_fail_still_checks_the_token(emulator: Emulator) -> None:
    """process_then_fail with no token answers 401 and creates nothing."""
    emulator.inject(ROOM_CREATE, "process_then_fail", status=502)
    async with httpx.AsyncClient(transport=emulator.transport(), base_url=BASE) as client:
        response = await client.post("/v2/rooms", json={"customRoomId": "x"})

    assert response.status_code == 401
    assert emulator.room_creates_by_custom_room_id == {}


async def test_wildcard_fault_hits_a_rooms_route(
    emulator: Emulator, client: httpx.AsyncClient
) -> None:
    """A fault on route "*" applies to the next request of any family."""
    emulator.inject("*", "wrong_shape")

    response = await client.get("/v2/rooms")

    assert response.json() == {"id": 42, "unexpected": True}


def test_unknown_route_name_is_refused_listing_the_known_ones() -> None:
    """A fault for a route the emulator lacks is a ValueError naming the known routes."""
    with pytest.raises(ValueError, match="unknown route") as caught:
        Fault(route="DELETE /v2/rooms")

    assert "'POST /v2/rooms'" in str(caught.value)
    assert "'GET /v2/rooms/validate/{roomId}'" in str(caught.value)


def test_routes_lists_every_rooms_route() -> None:
    """ROUTES names the six v2 rooms routes next to the v1 ones."""
    assert set(ROUTES) >= {
        "POST /v2/rooms",
        "GET /v2/rooms",
        "GET /v2/rooms/{roomId}",
        "GET /v2/rooms/validate/{roomId}",
        "POST /v2/rooms/deactivate",
        "POST /v2/rooms/{roomId}",
        "POST /v1/meetings",
    }


def test_user_meeting_id_is_shorthand_for_match() -> None:
    """Fault(user_meeting_id=...) matches on the userMeetingId body field."""
    assert Fault(user_meeting_id="u").match == {"userMeetingId": "u"}
    with pytest.raises(ValueError, match="disagree"):
        Fault(user_meeting_id="u", match={"userMeetingId": "v"})


async def test_match_compares_json_types(emulator: Emulator, client: httpx.AsyncClient) -> None:
    """match={"flag": True} does not match a body whose flag is 1."""
    emulator.inject(ROOM_CREATE, "status", match={"flag": True})

    one = await client.post("/v2/rooms", json={"flag": 1})
    true = await client.post("/v2/rooms", json={"flag": True})

    assert (one.status_code, true.status_code) == (200, 503)


async def test_journal_records_body_and_resource_id(
    emulator: Emulator, client: httpx.AsyncClient
) -> None:
    """Journal entries carry the parsed body, the room's id and whether it was created."""
    room = await _create(client, customRoomId="j")
    await client.get("/v2/rooms/j")
    await client.get("/v2/rooms/zzzz-zzzz-zzzz")

    create, get, missing = emulator.journal
    assert (create.route, create.body, create.created) == (ROOM_CREATE, {"customRoomId": "j"}, True)
    assert (create.resource_id, create.user_meeting_id) == (room["roomId"], "j")
    assert (get.route, get.body, get.resource_id, get.created) == (
        ROOM_GET,
        None,
        room["roomId"],
        False,
    )
    assert (missing.status, missing.resource_id) == (404, "zzzz-zzzz-zzzz")


async def test_stats_count_rooms_and_creates_per_custom_room_id(
    client: httpx.AsyncClient,
) -> None:
    """GET /_emulator/stats reports the rooms and room creations per customRoomId."""
    await _create(client, customRoomId="s")
    await _create(client, customRoomId="s")
    await _create(client)

    stats = (await client.get("/_emulator/stats")).json()

    assert stats["rooms"] == 2
    assert stats["roomCreatesByCustomRoomId"] == {"s": 1, "": 1}


async def test_reset_forgets_rooms(emulator: Emulator, client: httpx.AsyncClient) -> None:
    """reset() forgets rooms and their counters, so a known customRoomId creates again."""
    await _create(client, customRoomId="r")

    emulator.reset()
    await _create(client, customRoomId="r")

    assert emulator.room_creates("r") == 1
    assert len(emulator.rooms) == 1


async def test_admin_fault_with_match_on_a_rooms_route(
    emulator: Emulator, client: httpx.AsyncClient
) -> None:
    """POST /_emulator/faults accepts match=, and the fault hits only the matching create."""
    scripted = await client.post(
        "/_emulator/faults",
        json={"route": ROOM_CREATE, "status": 429, "match": {"customRoomId": "x"}},
    )

    other = await client.post("/v2/rooms", json={"customRoomId": "y"})
    failed = await client.post("/v2/rooms", json={"customRoomId": "x"})

    assert scripted.json()["faults"][0]["match"] == {"customRoomId": "x"}
    assert (other.status_code, failed.status_code) == (200, 429)


async def test_admin_rejects_unknown_route(client: httpx.AsyncClient) -> None:
    """POST /_emulator/faults with an unknown route name answers 400 naming it."""
    response = await client.post("/_emulator/faults", json={"route": "GET /v2/nothing"})

    assert response.status_code == 400
    assert "GET /v2/nothing" in response.json()["message"]


@pytest.mark.loopback
async def test_admin_fault_on_a_rooms_route_over_http(videosdk_server: EmulatorServer) -> None:
    """Over real sockets, a fault scripted via /_emulator/faults hits GET /v2/rooms/{roomId}."""
    emulator = videosdk_server.emulator
    async with httpx.AsyncClient(
        base_url=videosdk_server.base_url, headers={"Authorization": emulator.token()}
    ) as client:
        room = (await client.post("/v2/rooms", json={"customRoomId": "net"})).json()
        scripted = await client.post(
            "/_emulator/faults", json={"route": ROOM_GET, "kind": "status", "status": 503}
        )
        failed = await client.get(f"/v2/rooms/{room['roomId']}")
        fetched = await client.get(f"/v2/rooms/{room['roomId']}")
        journal = (await client.get("/_emulator/journal")).json()

    assert scripted.status_code == 200
    assert (failed.status_code, fetched.status_code) == (503, 200)
    assert room["links"]["get_room"] == f"{videosdk_server.base_url}/v2/rooms/{room['roomId']}"
    assert [(e["route"], e["status"], e["fault"]) for e in journal] == [
        (ROOM_CREATE, 200, None),
        (ROOM_GET, 503, "status"),
        (ROOM_GET, 200, None),
    ]
    assert journal[0]["body"] == {"customRoomId": "net"}


@pytest.mark.loopback
async def test_drop_fault_on_a_rooms_create_over_http(videosdk_server: EmulatorServer) -> None:
    """Over real sockets, a drop matching one customRoomId hangs up on that create only."""
    emulator = videosdk_server.emulator
    emulator.inject(ROOM_CREATE, "drop", match={"customRoomId": "gone"})
    async with httpx.AsyncClient(
        base_url=videosdk_server.base_url, headers={"Authorization": emulator.token()}
    ) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.post("/v2/rooms", json={"customRoomId": "gone"})
        kept = await client.post("/v2/rooms", json={"customRoomId": "kept"})

    assert kept.status_code == 200
    assert emulator.room_creates_by_custom_room_id == {"kept": 1}
    assert [(e.status, e.fault) for e in emulator.journal] == [(0, "drop"), (200, None)]
