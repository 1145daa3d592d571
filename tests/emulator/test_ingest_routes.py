"""The emulator's WHIP, WHEP and socket ingress routes as a plain HTTP client (an encoder, a
player) sees them: the protocol's statuses, headers and bodies, and the room's session."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from videosdk_async.emulator import Emulator

OFFER = (
    "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:a\r\n"
)
SDP = {"Content-Type": "application/sdp"}


async def _room(client: httpx.AsyncClient) -> str:
    room_id: str = (await client.post("/v2/rooms", json={})).json()["roomId"]
    return room_id


async def _whip(client: httpx.AsyncClient, **query: str) -> httpx.Response:
    return await client.post("/v2/whip", params=query, content=OFFER, headers=SDP)


async def test_whip_publish_into_a_quiet_room_starts_its_session(
    emulator: Emulator, client: httpx.AsyncClient
) -> None:
    """A WHIP publish is 201 with the answer and Location; the quiet room now has a session
    holding the publisher under its display name."""
    room = await _room(client)

    answer = await _whip(client, roomId=room, participantId="cam", displayName="Stage")
    session_id = emulator.live_session(room)
    session = (await client.get(f"/v2/sessions/{session_id}")).json()

    assert answer.status_code == 201
    assert answer.headers["content-type"].startswith("application/sdp")
    assert answer.headers["location"] == (
        f"http://127.0.0.1/v2/whip/sessions/{session_id}?participantId=cam"
    )
    assert "a=mid:a\r\n" in answer.text
    assert [(p["participantId"], p["name"]) for p in session["participants"]] == [("cam", "Stage")]


async def test_whip_delete_leaves_and_the_last_one_out_ends_the_session(
    emulator: Emulator, client: httpx.AsyncClient
) -> None:
    """DELETE /v2/whip/sessions/{sid}?participantId ends the publisher; a second DELETE 404s."""
    room = await _room(client)
    location = (await _whip(client, roomId=room, participantId="cam")).headers["location"]

    ended = await client.delete(location)
    again = await client.delete(location)

    assert (ended.status_code, ended.json()) == (200, "WHIP session ended")
    assert again.status_code == 404
    assert emulator.live_session(room) is None


async def test_whip_delete_of_a_participant_that_did_not_publish_is_404(
    emulator: Emulator, client: httpx.AsyncClient
) -> None:
    """Only WHIP publishers are ended by the WHIP DELETE (a joined participant is not)."""
    room = await _room(client)
    emulator.join(room, "alice")
    session_id = emulator.live_session(room)

    answer = await client.delete(
        f"/v2/whip/sessions/{session_id}", params={"participantId": "alice"}
    )

    assert answer.status_code == 404
    assert emulator.live_session(room) == session_id


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({"Content-Type": "application/json"}, OFFER, 415),
        ({}, OFFER, 415),
        (SDP, "", 400),
        (SDP, "hello", 400),
        (SDP, "v=0\r\ns=-\r\n", 400),
    ],
    ids=["json", "no-type", "empty", "not-sdp", "no-media"],
)
async def test_whip_refuses_what_is_not_an_sdp_offer(
    client: httpx.AsyncClient, headers: dict[str, str], body: str, status: int
) -> None:
    """Another content type is 415; a body that is not an SDP offer with media is 400."""
    room = await _room(client)

    answer = await client.post(
        "/v2/whip", params={"roomId": room, "participantId": "cam"}, content=body, headers=headers
    )

    assert answer.status_code == status


async def test_whip_needs_a_token_a_room_and_a_participant(
    emulator: Emulator, client: httpx.AsyncClient
) -> None:
    """No token: 401; no participantId: 400; an unknown room: 404."""
    room = await _room(client)
    async with httpx.AsyncClient(transport=emulator.transport(), base_url="http://x") as anon:
        unauthorised = await anon.post(
            "/v2/whip", params={"roomId": room, "participantId": "c"}, content=OFFER, headers=SDP
        )

    assert unauthorised.status_code == 401
    assert (await _whip(client, roomId=room)).status_code == 400
    assert (await _whip(client, roomId="zzzz-zzzz-zzzz", participantId="c")).status_code == 404


async def test_a_second_publisher_under_one_id_is_409_unless_reusing(
    emulator: Emulator, client: httpx.AsyncClient
) -> None:
    """Publishing as a participant already in the room is 409; useExistingPeer=true is 201."""
    room = await _room(client)
    emulator.join(room, "alice")

    taken = await _whip(client, roomId=room, participantId="alice")
    reused = await _whip(client, roomId=room, participantId="alice", useExistingPeer="true")

    assert (taken.status_code, reused.status_code) == (409, 201)


async def test_whep_needs_a_live_session_and_a_present_source(
    emulator: Emulator, client: httpx.AsyncClient
) -> None:
    """WHEP into a quiet room is 404, from an absent remote peer 404; then 201, no join."""
    room = await _room(client)
    query = {"roomId": room, "participantId": "viewer"}

    quiet = await client.post("/v2/whep", params=query, content=OFFER, headers=SDP)
    emulator.join(room, "alice")
    absent = await client.post(
        "/v2/whep", params={**query, "remotePeerId": "bob"}, content=OFFER, headers=SDP
    )
    pulled = await client.post(
        "/v2/whep", params={**query, "remotePeerId": "alice"}, content=OFFER, headers=SDP
    )
    session = (await client.get(f"/v2/sessions/{emulator.live_session(room)}")).json()

    assert (quiet.status_code, absent.status_code, pulled.status_code) == (404, 404, 201)
    assert "a=sendonly" in pulled.text
    assert [p["participantId"] for p in session["participants"]] == ["alice"]


async def test_socket_ingress_answers_data_with_a_ws_url(client: httpx.AsyncClient) -> None:
    """POST /v2/ingest/sessions answers {data: {wsUrl (ws://...?ref=), roomId, expiresIn}}."""
    room = await _room(client)

    answer = await client.post(
        "/v2/ingest/sessions", json={"roomId": room, "participant": {"name": "Mic"}}
    )

    data = answer.json()["data"]
    assert answer.status_code == 200
    assert data["wsUrl"].startswith("ws://127.0.0.1/v2/ingest/ws?ref=ing_")
    assert (data["roomId"], data["expiresIn"]) == (room, 90)


@pytest.mark.parametrize(
    ("body", "status"),
    [({}, 400), ({"roomId": "zzzz-zzzz-zzzz"}, 404), ({"roomId": "R", "agent": "a"}, 400)],
)
async def test_socket_ingress_refusals(
    client: httpx.AsyncClient, body: dict[str, Any], status: int
) -> None:
    """No roomId or a non-object agent is 400; an unknown room 404."""
    if body.get("roomId") == "R":
        body["roomId"] = await _room(client)

    assert (await client.post("/v2/ingest/sessions", json=body)).status_code == status


@pytest.mark.parametrize(
    "body",
    [{}, {"recordingIds": []}, {"recordingIds": "r1"}, {"recordingIds": [{"presignedUrl": "x"}]}],
)
async def test_meeting_recording_merge_refuses_bad_ids(
    client: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    """The merge needs a non-empty list of ids or {id, presignedUrl}: else 400."""
    answer = await client.post("/v2/transcodings/meeting-recording-merge", json=body)

    assert answer.status_code == 400


async def test_meeting_recording_merge_body_cannot_set_server_fields(
    client: httpx.AsyncClient,
) -> None:
    """A body's id, status or task never overwrite the job's own."""
    answer = await client.post(
        "/v2/transcodings/meeting-recording-merge",
        json={"recordingIds": ["r1"], "id": "mine", "status": "completed", "task": "x"},
    )

    job = answer.json()
    assert job["id"] != "mine"
    assert (job["status"], job["task"], job["recordingIds"]) == (
        "pending",
        "meeting-recording-merge",
        ["r1"],
    )
