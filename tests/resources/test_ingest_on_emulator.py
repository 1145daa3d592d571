"""Ingest end to end: the emulator over loopback, on both transports. A WHIP publish (POST of
an SDP offer, then DELETE) shows the publisher join and leave the room's session."""

from __future__ import annotations

import httpx
import pytest

import videosdk_async as vs
from videosdk_async.emulator import Emulator, EmulatorServer

pytestmark = pytest.mark.loopback

OFFER = (
    "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=sendonly\r\n"
)


async def _publish(url: str, token: str) -> httpx.Response:
    """What an encoder does: POST the SDP offer with the token."""
    async with httpx.AsyncClient() as http:
        return await http.post(
            url, content=OFFER, headers={"Authorization": token, "Content-Type": "application/sdp"}
        )


async def _present(sdk: vs.AsyncVideoSDK, room_id: str) -> list[str]:
    return [p.participant_id async for p in sdk.participants.list(room_id)]


async def test_a_whip_publish_joins_then_delete_leaves(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """POST offer -> 201, SDP answer, Location; the publisher is in the room's session (which
    the publish started); whip.delete -> the publisher left and the session ended."""
    room = await wire_sdk.rooms.create()
    endpoint = wire_sdk.whip.create(room.room_id, participant_id="obs-1", name="OBS")

    answer = await _publish(endpoint.url, endpoint.token)
    session_id = emu.live_session(room.room_id)
    during = await _present(wire_sdk, room.room_id)
    ended = await wire_sdk.whip.delete(endpoint)
    session = await wire_sdk.sessions.get(session_id or "")

    assert answer.status_code == 201
    assert answer.headers["content-type"].startswith("application/sdp")
    assert answer.text.startswith("v=0\r\n")
    assert answer.text.count("m=") == 2
    assert "a=recvonly" in answer.text
    assert answer.headers["location"].startswith(f"{wire_sdk.base_url}/v2/whip/sessions/")
    assert during == ["obs-1"]
    assert isinstance(ended, str)
    assert emu.live_session(room.room_id) is None
    assert [p.participant_id for p in session.participants] == ["obs-1"]
    assert session.participants[0].name == "OBS"
    assert session.participants[0].timelog[-1].end is not None


async def test_deleting_the_location_ends_the_publish(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """A WHIP client's own teardown: DELETE the Location with the token; others stay."""
    room = await wire_sdk.rooms.create()
    emu.join(room.room_id, "alice")
    endpoint = wire_sdk.whip.create(room.room_id)

    published = await _publish(endpoint.url, endpoint.token)
    during = sorted(await _present(wire_sdk, room.room_id))
    async with httpx.AsyncClient() as http:
        ended = await http.delete(
            published.headers["location"], headers={"Authorization": endpoint.token}
        )

    assert during == sorted(["alice", endpoint.participant_id])
    assert ended.status_code == 200
    assert await _present(wire_sdk, room.room_id) == ["alice"]


async def test_whip_delete_by_room_and_session_id(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """whip.delete(room, participant, session_id=) ends a publisher without the lookup."""
    room = await wire_sdk.rooms.create()
    emu.join(room.room_id, "alice")
    endpoint = wire_sdk.whip.create(room.room_id, participant_id="cam")
    await _publish(endpoint.url, endpoint.token)

    await wire_sdk.whip.delete(room.room_id, "cam", session_id=emu.live_session(room.room_id) or "")

    assert await _present(wire_sdk, room.room_id) == ["alice"]


async def test_whip_delete_of_a_quiet_room_is_room_not_found(wire_sdk: vs.AsyncVideoSDK) -> None:
    """Nothing live in the room: RoomNotFoundError."""
    room = await wire_sdk.rooms.create()

    with pytest.raises(vs.RoomNotFoundError):
        await wire_sdk.whip.delete(room.room_id, "cam")


async def test_a_whep_player_pulls_without_joining(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """POST offer to the WHEP URL -> 201 with a sendonly answer; the player is not a
    participant; whep.delete ends it (a second delete is NotFoundError)."""
    room = await wire_sdk.rooms.create()
    emu.join(room.room_id, "alice")
    endpoint = wire_sdk.whep.create(room.room_id, source="alice")

    answer = await _publish(endpoint.url, endpoint.token)
    present = await _present(wire_sdk, room.room_id)
    ended = await wire_sdk.whep.delete(endpoint)

    assert answer.status_code == 201
    assert "a=sendonly" in answer.text
    assert "remotePeerId=alice" in answer.headers["location"]
    assert present == ["alice"]
    assert isinstance(ended, str)
    with pytest.raises(vs.NotFoundError):
        await wire_sdk.whep.delete(endpoint)


async def test_socket_ingress_answers_a_loopback_ws_url(
    wire_sdk: vs.AsyncVideoSDK, server: EmulatorServer
) -> None:
    """socket_ingress.create answers ws://127.0.0.1:<port>/...?ref=..., ref parsed, ~90 s."""
    room = await wire_sdk.rooms.create()

    made = await wire_sdk.socket_ingress.create(
        room.room_id, participant_id="mic", agent=vs.SocketIngressAgent("agent-1")
    )

    port = server.base_url.rsplit(":", 1)[1]
    assert made.ws_url.startswith(f"ws://127.0.0.1:{port}/")
    assert made.ref
    assert made.ws_url.endswith(f"ref={made.ref}")
    assert (made.room_id, made.expires_in) == (room.room_id, 90)


async def test_socket_ingress_for_an_unknown_room_is_not_found(wire_sdk: vs.AsyncVideoSDK) -> None:
    """A room the account does not have: NotFoundError."""
    with pytest.raises(vs.NotFoundError):
        await wire_sdk.socket_ingress.create("zzzz-zzzz-zzzz")


async def test_meeting_recording_merge_makes_a_transcoding_job(
    wire_sdk: vs.AsyncVideoSDK,
) -> None:
    """meeting_recording_merge answers a pending job that transcodings.get then reads."""
    job = await wire_sdk.transcodings.meeting_recording_merge(
        ["r1", {"id": "r2", "presignedUrl": "https://s3.example.com/r2.mp4"}],
        webhook_url="https://hooks.example.com/t",
    )
    got = await wire_sdk.transcodings.get(job.id)

    assert (job.status, job.task, job.recording_ids) == (
        "pending",
        "meeting-recording-merge",
        ("r1", "r2"),
    )
    assert (got.id, got.task) == (job.id, "meeting-recording-merge")


async def test_extra_headers_reach_the_emulator(emu: Emulator, server: EmulatorServer) -> None:
    """An SDK with headers= still works end to end (the emulator ignores unknown headers)."""
    async with vs.AsyncVideoSDK(**server.sdk_kwargs(), headers={"X-Tenant": "acme"}) as sdk:
        room = await sdk.rooms.create()
        answer = await sdk.request("GET", f"/v2/rooms/{room.room_id}", headers={"X-Once": "1"})

    assert answer["roomId"] == room.room_id
