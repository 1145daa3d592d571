"""The emulator honours every documented list filter, answers participant and track recordings
with ``files`` (a list), and never lets a request body overwrite what the server assigns."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from videosdk_async.emulator import Emulator


async def _room(client: httpx.AsyncClient, custom: str | None = None) -> str:
    body = {} if custom is None else {"customRoomId": custom}
    answer = await client.post("/v2/rooms", json=body)
    room_id: str = answer.json()["roomId"]
    return room_id


async def _listed(client: httpx.AsyncClient, path: str, **params: str) -> list[dict[str, Any]]:
    answer = await client.get(path, params=params)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    items: list[dict[str, Any]] = body.get("data", body.get("recordings"))
    return items


async def _two_rooms_recorded(
    client: httpx.AsyncClient, emulator: Emulator, base: str, stop: str
) -> tuple[str, str]:
    """Two rooms (the first with customRoomId "team-a"), each with one finished ``base``."""
    rooms = await _room(client, "team-a"), await _room(client)
    for room_id in rooms:
        emulator.join(room_id, "alice")
        body: dict[str, Any] = {"roomId": room_id}
        if base == "/v2/livestreams":
            body["outputs"] = [{"url": "rtmp://x/live", "streamKey": "k"}]
        assert (await client.post(f"{base}/start", json=body)).status_code == 200
        assert (await client.post(f"{base}/{stop}", json={"roomId": room_id})).status_code == 200
    return rooms


# -- sessions.list query -------------------------------------------------------------------


@pytest.mark.parametrize("by", ["roomId", "customRoomId"])
async def test_sessions_query_keeps_only_that_rooms_sessions(
    client: httpx.AsyncClient, emulator: Emulator, by: str
) -> None:
    """GET /v2/sessions?query= (a roomId or a customRoomId) leaves other rooms' sessions out."""
    mine, other = await _room(client, "team-a"), await _room(client)
    emulator.join(mine, "alice")
    emulator.join(other, "bob")

    listed = await _listed(client, "/v2/sessions", query=mine if by == "roomId" else "team-a")

    assert [s["roomId"] for s in listed] == [mine]


async def test_sessions_query_of_an_unknown_room_is_empty(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """A query naming no room lists no session."""
    emulator.join(await _room(client), "alice")

    assert await _listed(client, "/v2/sessions", query="no-such-room") == []


# -- recordings (and HLS, livestreams) query ------------------------------------------------


@pytest.mark.parametrize(
    ("base", "stop"), [("/v2/recordings", "end"), ("/v2/hls", "end"), ("/v2/livestreams", "end")]
)
@pytest.mark.parametrize("by", ["roomId", "customRoomId"])
async def test_query_keeps_only_that_rooms_items(
    client: httpx.AsyncClient, emulator: Emulator, base: str, stop: str, by: str
) -> None:
    """?query= on recordings, HLS and livestream lists leaves other rooms' items out."""
    mine, _ = await _two_rooms_recorded(client, emulator, base, stop)

    listed = await _listed(client, base, query=mine if by == "roomId" else "team-a")

    assert [r["roomId"] for r in listed] == [mine]


# -- participantId on participant and track recordings ---------------------------------------


async def _individual(client: httpx.AsyncClient, emulator: Emulator, base: str) -> str:
    """One room where alice and bob were each recorded under ``base``."""
    room_id = await _room(client)
    for who in ("alice", "bob"):
        emulator.join(room_id, who)
        body = {"roomId": room_id, "participantId": who}
        if base.endswith("/track"):
            body["kind"] = "audio"
        assert (await client.post(f"{base}/start", json=body)).status_code == 200
        assert (await client.post(f"{base}/stop", json=body)).status_code == 200
    return room_id


@pytest.mark.parametrize("base", ["/v2/recordings/participant", "/v2/recordings/participant/track"])
async def test_participant_id_keeps_only_that_participants_recordings(
    client: httpx.AsyncClient, emulator: Emulator, base: str
) -> None:
    """?participantId= leaves the other participant's recordings out."""
    await _individual(client, emulator, base)

    listed = await _listed(client, base, participantId="bob")

    assert [r["participantId"] for r in listed] == ["bob"]


@pytest.mark.parametrize("base", ["/v2/recordings/participant", "/v2/recordings/participant/track"])
async def test_individual_recordings_list_their_files(
    client: httpx.AsyncClient, emulator: Emulator, base: str
) -> None:
    """Participant and track recordings answer `files`, a list of file objects (no `file`)."""
    await _individual(client, emulator, base)

    listed = await _listed(client, base, participantId="alice")
    got = (await client.get(f"{base}/{listed[0]['id']}")).json()

    for record in (listed[0], got):
        assert "file" not in record
        [file] = record["files"]
        assert file["fileUrl"].endswith(file["filePath"])


async def test_track_recordings_name_their_kind(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """A track recording says which track it recorded."""
    await _individual(client, emulator, "/v2/recordings/participant/track")

    listed = await _listed(client, "/v2/recordings/participant/track")

    assert {r["kind"] for r in listed} == {"audio"}


# -- id and status on merge lists ---------------------------------------------------------------

MERGES = "/v2/recordings/participant/merge"


async def _two_merges(client: httpx.AsyncClient, emulator: Emulator) -> list[str]:
    room_id = await _room(client)
    emulator.join(room_id, "alice")
    session_id = emulator.live_session(room_id)
    body = {"sessionId": session_id, "channel1": [{"participantId": "alice"}], "channel2": []}
    return [(await client.post(MERGES, json=body)).json()["recording"]["id"] for _ in range(2)]


async def test_merge_id_keeps_only_that_merge(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """?id= on the merge list leaves the other merges out."""
    first, _ = await _two_merges(client, emulator)

    listed = await _listed(client, MERGES, id=first)

    assert [m["id"] for m in listed] == [first]


async def test_merge_status_keeps_only_merges_in_that_status(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """?status= on the merge list leaves merges in another status out."""
    first, second = await _two_merges(client, emulator)
    assert (await client.get(f"{MERGES}/{first}")).json()["status"] == "processing"

    completed = await _listed(client, MERGES, status="completed")
    processing = await _listed(client, MERGES, status="processing")

    assert [m["id"] for m in completed] == [first]
    assert [m["id"] for m in processing] == [second]


# -- server-assigned fields --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v2/transcodings/merge", {"recordingIds": ["r1"]}),
        ("/v2/transcodings/hls-to-mp4", {"roomId": "r1"}),
    ],
)
async def test_a_transcoding_body_cannot_set_server_fields(
    client: httpx.AsyncClient, path: str, body: dict[str, Any]
) -> None:
    """A create body's id, status and task never overwrite what the server assigns."""
    forged = {**body, "id": "forged", "status": "completed", "task": "forged"}

    made = (await client.post(path, json=forged)).json()
    listed = await _listed(client, "/v2/transcodings")

    assert made["id"] != "forged"
    assert made["status"] == "pending"
    assert made["task"] != "forged"
    assert [j["id"] for j in listed] == [made["id"]]


async def test_a_sip_create_body_cannot_set_server_fields(client: httpx.AsyncClient) -> None:
    """A SIP trunk's create body cannot choose its id or timestamps."""
    forged = {
        "name": "trunk",
        "numbers": ["+14155550100"],
        "id": "forged",
        "createdAt": "1999-01-01T00:00:00.000Z",
        "updatedAt": "1999-01-01T00:00:00.000Z",
    }

    made = (await client.post("/v2/sip/inbound-gateways", json=forged)).json()

    assert made["id"] != "forged"
    assert made["createdAt"] != forged["createdAt"]
    assert made["updatedAt"] != forged["updatedAt"]
    assert (await client.get(f"/v2/sip/inbound-gateways/{made['id']}")).status_code == 200


async def test_a_sip_update_body_cannot_set_server_fields(client: httpx.AsyncClient) -> None:
    """A SIP trunk's update body cannot rewrite its id or creation time."""
    made = (
        await client.post(
            "/v2/sip/inbound-gateways", json={"name": "trunk", "numbers": ["+14155550100"]}
        )
    ).json()

    changed = await client.patch(
        f"/v2/sip/inbound-gateways/{made['id']}",
        json={"name": "renamed", "id": "forged", "createdAt": "1999-01-01T00:00:00.000Z"},
    )

    assert changed.json()["id"] == made["id"]
    assert changed.json()["createdAt"] == made["createdAt"]
    assert changed.json()["name"] == "renamed"
