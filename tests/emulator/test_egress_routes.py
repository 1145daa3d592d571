"""The emulator's egress routes as a plain HTTP client sees them, and the events they raise."""

from __future__ import annotations

import httpx
import pytest

from videosdk_async.emulator import Emulator

from .conftest import Receiver


@pytest.fixture(name="emulator")
def _emulator(receiver: Receiver) -> Emulator:
    return Emulator(webhook_app=receiver.app)


async def _room(client: httpx.AsyncClient, events: list[str] | None = None) -> str:
    body = {} if events is None else {"webhook": {"endPoint": "http://r/room", "events": events}}
    room_id: str = (await client.post("/v2/rooms", json=body)).json()["roomId"]
    return room_id


async def _live_room(
    client: httpx.AsyncClient, emulator: Emulator, events: list[str] | None = None
) -> str:
    room_id = await _room(client, events)
    emulator.join(room_id, "alice")
    return room_id


async def test_recording_stopped_carries_the_file(
    client: httpx.AsyncClient, emulator: Emulator, receiver: Receiver
) -> None:
    """recording-stopped data: meetingId, sessionId, fileUrl and filePath of the listed file."""
    room_id = await _live_room(client, emulator, ["recording-stopped"])
    await client.post("/v2/recordings/start", json={"roomId": room_id})
    await client.post("/v2/recordings/end", json={"roomId": room_id})
    await emulator.deliveries_settled()
    listed = (await client.get("/v2/recordings", params={"roomId": room_id})).json()["data"]

    [(_, kind, data)] = receiver.got
    assert kind == "recording-stopped"
    assert data["meetingId"] == room_id
    assert data["sessionId"] == emulator.live_session(room_id)
    assert (data["fileUrl"], data["filePath"]) == (
        listed[0]["file"]["fileUrl"],
        listed[0]["file"]["filePath"],
    )


async def test_a_start_webhook_url_gets_the_recording_events(
    client: httpx.AsyncClient, emulator: Emulator, receiver: Receiver
) -> None:
    """A start's webhookUrl receives that recording's four events, in order."""
    room_id = await _live_room(client, emulator)
    start = {"roomId": room_id, "webhookUrl": "http://r/rec"}
    await client.post("/v2/recordings/start", json=start)
    await client.post("/v2/recordings/end", json={"roomId": room_id})
    await emulator.deliveries_settled()

    assert [(path, kind) for path, kind, _ in receiver.got] == [
        ("/rec", "recording-starting"),
        ("/rec", "recording-started"),
        ("/rec", "recording-stopping"),
        ("/rec", "recording-stopped"),
    ]


async def test_hls_raises_starting_started_playable_stopping_stopped(
    client: httpx.AsyncClient, emulator: Emulator, receiver: Receiver
) -> None:
    """An HLS start and stop raise the hls-* events; hls-playable carries the playback URL."""
    room_id = await _live_room(client, emulator, ["hls-*"])
    started = (await client.post("/v2/hls/start", json={"roomId": room_id})).json()
    await client.post("/v2/hls/end", json={"roomId": room_id})
    await emulator.deliveries_settled()

    assert receiver.types() == [
        "hls-starting",
        "hls-started",
        "hls-playable",
        "hls-stopping",
        "hls-stopped",
    ]
    assert receiver.got[2][2]["playbackHlsUrl"] == started["playbackHlsUrl"]


async def test_hls_active_answers_code_and_data(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """GET /v2/hls/{roomId}/active wraps the stream's URLs in {code: 200, data}."""
    room_id = await _live_room(client, emulator)
    await client.post("/v2/hls/start", json={"roomId": room_id})

    answer = (await client.get(f"/v2/hls/{room_id}/active")).json()

    assert answer["code"] == 200
    assert {"playbackHlsUrl", "livestreamUrl", "downstreamUrl", "roomId"} <= set(answer["data"])


async def test_a_livestream_raises_its_events(
    client: httpx.AsyncClient, emulator: Emulator, receiver: Receiver
) -> None:
    """A livestream start and stop raise livestream-starting/started/stopping/stopped."""
    room_id = await _live_room(client, emulator, ["livestream-*"])
    outputs = [{"url": "rtmp://x", "streamKey": "k"}]
    await client.post("/v2/livestreams/start", json={"roomId": room_id, "outputs": outputs})
    await client.post("/v2/livestreams/end", json={"roomId": room_id})
    await emulator.deliveries_settled()

    assert receiver.types() == [
        "livestream-starting",
        "livestream-started",
        "livestream-stopping",
        "livestream-stopped",
    ]


async def test_a_livestream_without_outputs_is_refused(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """POST /v2/livestreams/start without outputs answers 422."""
    room_id = await _live_room(client, emulator)

    response = await client.post("/v2/livestreams/start", json={"roomId": room_id})

    assert response.status_code == 422


async def test_stopping_what_does_not_run_is_refused(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """A stop with nothing running answers 400 with a message."""
    room_id = await _live_room(client, emulator)

    response = await client.post("/v2/recordings/end", json={"roomId": room_id})

    assert response.status_code == 400
    assert "No active recording" in response.json()["message"]


async def test_a_start_in_an_unknown_room_is_not_found(client: httpx.AsyncClient) -> None:
    """A start naming no known room answers 404."""
    response = await client.post("/v2/hls/start", json={"roomId": "zzzz-zzzz-zzzz"})

    assert response.status_code == 404


async def test_a_recording_ends_with_its_session(
    client: httpx.AsyncClient, emulator: Emulator, receiver: Receiver
) -> None:
    """When the session ends, the recording stops: recording-stopped, and its file is listed."""
    room_id = await _live_room(client, emulator, ["recording-stopped"])
    await client.post("/v2/recordings/start", json={"roomId": room_id})
    emulator.leave(room_id, "alice")

    listed = (await client.get("/v2/recordings", params={"roomId": room_id})).json()["data"]
    await emulator.deliveries_settled()

    assert receiver.types() == ["recording-stopped"]
    assert listed[0]["file"]["fileUrl"] == receiver.got[0][2]["fileUrl"]


async def test_the_next_session_can_record_again(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """A recording left running when its session ended does not block the next session's."""
    room_id = await _live_room(client, emulator)
    await client.post("/v2/recordings/start", json={"roomId": room_id})
    emulator.leave(room_id, "alice")
    emulator.join(room_id, "bob")

    response = await client.post("/v2/recordings/start", json={"roomId": room_id})

    assert response.status_code == 200


async def test_a_participant_recording_ends_when_they_leave(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """A participant's recording stops when that participant leaves a session that goes on."""
    room_id = await _live_room(client, emulator)
    emulator.join(room_id, "bob")
    body = {"roomId": room_id, "participantId": "alice"}
    await client.post("/v2/recordings/participant/start", json=body)
    emulator.leave(room_id, "alice")

    response = await client.post("/v2/recordings/participant/stop", json=body)
    listed = (await client.get("/v2/recordings/participant")).json()["data"]

    assert response.status_code == 400
    assert len(listed) == 1


async def test_recording_someone_not_in_the_session_is_refused(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """A participant or track recording of someone not in the live session answers 400."""
    room_id = await _live_room(client, emulator)
    body = {"roomId": room_id, "participantId": "nobody", "kind": "audio"}

    answers = [
        await client.post("/v2/recordings/participant/start", json=body),
        await client.post("/v2/recordings/participant/track/start", json=body),
    ]

    assert [a.status_code for a in answers] == [400, 400]


async def test_two_composite_recordings_run_at_once(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """Composite recordings are keyed by their own ids: two run and stop independently."""
    room_id = await _live_room(client, emulator)
    first = (await client.post("/v2/recordings/composite/start", json={"roomId": room_id})).json()
    second = (await client.post("/v2/recordings/composite/start", json={"roomId": room_id})).json()

    stops = [
        await client.post(
            "/v2/recordings/composite/stop",
            json={"roomId": room_id, "recordingId": started["recordingId"]},
        )
        for started in (first, second)
    ]

    assert first["recordingId"] != second["recordingId"]
    assert [s.status_code for s in stops] == [200, 200]


async def test_transcodings_list_filters_by_status(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """GET /v2/transcodings?status= lists only the jobs in that status."""
    one = (await client.post("/v2/transcodings/merge", json={"recordingIds": ["a"]})).json()
    two = (await client.post("/v2/transcodings/merge", json={"recordingIds": ["b"]})).json()
    await client.get(f"/v2/transcodings/{one['id']}")  # pending -> processing

    pending = (await client.get("/v2/transcodings", params={"status": "pending"})).json()["data"]

    assert [job["id"] for job in pending] == [two["id"]]


async def test_hls_to_mp4_needs_a_target(client: httpx.AsyncClient) -> None:
    """POST /v2/transcodings/hls-to-mp4 without roomId, sessionId or hlsId answers 400."""
    response = await client.post("/v2/transcodings/hls-to-mp4", json={"webhookUrl": "http://x"})

    assert response.status_code == 400


async def test_a_cancelled_transcoding_stays_cancelled(client: httpx.AsyncClient) -> None:
    """A job cancelled while pending reads as cancelled from then on."""
    job = (await client.post("/v2/transcodings/merge", json={"recordingIds": ["a"]})).json()
    await client.post(f"/v2/transcodings/{job['id']}/cancel")

    reads = [(await client.get(f"/v2/transcodings/{job['id']}")).json()["status"] for _ in "ab"]

    assert reads == ["cancelled", "cancelled"]


async def test_deletes_answer_the_documented_strings(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """Deleting a room recording or an HLS stream answers the documented bare strings."""
    room_id = await _live_room(client, emulator)
    for family in ("recordings", "hls"):
        await client.post(f"/v2/{family}/start", json={"roomId": room_id})
        await client.post(f"/v2/{family}/end", json={"roomId": room_id})
    ids = [(await client.get(f"/v2/{f}")).json()["data"][0]["id"] for f in ("recordings", "hls")]

    answers = [
        (await client.delete(f"/v2/recordings/{ids[0]}")).json(),
        (await client.delete(f"/v2/hls/{ids[1]}")).json(),
    ]

    assert answers == [
        "Room recording deleted successfully",
        "Room Hls Recording deleted successfully !",
    ]
