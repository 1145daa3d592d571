"""Egress end to end: the emulator over loopback, on both transports."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import videosdk_async as vs
from videosdk_async.emulator import Emulator, EmulatorServer
from videosdk_async.models.webhooks import RecordingEventData

pytestmark = pytest.mark.loopback


async def _live_room(sdk: vs.AsyncVideoSDK, emu: Emulator) -> str:
    room = await sdk.rooms.create()
    emu.join(room.room_id, "alice")
    return room.room_id


async def test_recording_lifecycle_with_a_signed_webhook(backend: str) -> None:
    """Webhook room, two joins, start, stop: recording-stopped arrives signed; list; delete."""
    received: list[tuple[bytes, str]] = []

    async def hook(request: Request) -> Response:
        received.append((await request.body(), request.headers["videosdk-signature"]))
        return Response(status_code=204)

    receiver = Starlette(routes=[Route("/in", hook, methods=["POST"])])
    with EmulatorServer(Emulator(webhook_app=receiver)) as server:
        emu = server.emulator
        async with vs.AsyncVideoSDK(
            **server.sdk_kwargs(),
            http_backend=backend,  # type: ignore[arg-type]
        ) as sdk:
            room = await sdk.rooms.create(webhook=vs.RoomWebhook("http://hook/in", ["recording-*"]))
            emu.join(room.room_id, "alice")
            emu.join(room.room_id, "bob")
            started = await sdk.recordings.start(room.room_id, composition=vs.Composition())
            stopped = await sdk.recordings.stop(room.room_id)
            delivered = emu.wait_deliveries()
            events = [
                vs.verify_webhook(b, s, public_key=emu.webhook_public_key) for b, s in received
            ]
            listed = (await sdk.recordings.list(room_id=room.room_id)).data
            gone = await sdk.recordings.delete(listed[0].id)
            after = (await sdk.recordings.list(room_id=room.room_id)).data

    assert (started.kind, isinstance(stopped, str)) == ("recording", True)
    assert [e.type for e in events] == [
        "recording-starting",
        "recording-started",
        "recording-stopping",
        "recording-stopped",
    ]
    assert all(d.delivered for d in delivered)
    last = events[-1].data
    assert isinstance(last, RecordingEventData)
    assert last.file_url == listed[0].file_url is not None
    assert isinstance(gone, str)
    assert after == []


async def test_a_start_502_after_processing_is_outcome_unknown(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """A start the emulator processed then answered 502: outcome_unknown, one request."""
    room_id = await _live_room(wire_sdk, emu)
    emu.inject("POST /v2/recordings/start", "process_then_fail", status=502)

    with pytest.raises(vs.InternalServerError) as info:
        await wire_sdk.recordings.start(room_id)

    assert info.value.outcome_unknown is True
    assert len([e for e in emu.journal if e.route == "POST /v2/recordings/start"]) == 1


async def test_no_live_session_refuses_a_start(wire_sdk: vs.AsyncVideoSDK) -> None:
    """A recording cannot start in a room with no live session."""
    room = await wire_sdk.rooms.create()

    with pytest.raises(vs.BadRequestError):
        await wire_sdk.recordings.start(room.room_id)


async def test_starting_twice_is_refused(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """A second start while one runs answers the error."""
    room_id = await _live_room(wire_sdk, emu)
    await wire_sdk.recordings.start(room_id)

    with pytest.raises(vs.BadRequestError, match="already running"):
        await wire_sdk.recordings.start(room_id)


async def test_hls_start_active_stop(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """hls.start answers the stream; active() finds it with playback URLs; after stop, 404."""
    room_id = await _live_room(wire_sdk, emu)

    stream = await wire_sdk.hls.start(room_id, composition=vs.Composition(layout="spotlight"))
    active = await wire_sdk.hls.active(room_id)
    await wire_sdk.hls.stop(room_id)

    assert active.id == stream.id
    assert (active.playback_hls_url or "").endswith(".m3u8")
    with pytest.raises(vs.NotFoundError):
        await wire_sdk.hls.active(room_id)
    assert [s.id for s in (await wire_sdk.hls.list(room_id=room_id)).data] == [stream.id]


async def test_livestream_start_stop_list(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """A livestream runs, stops, and is listed with its outputs."""
    room_id = await _live_room(wire_sdk, emu)

    await wire_sdk.livestreams.start(room_id, [vs.RtmpOutput("rtmp://x/live", "k")])
    await wire_sdk.livestreams.stop(room_id)
    listed = (await wire_sdk.livestreams.list(room_id=room_id)).data
    one = await wire_sdk.livestreams.get(listed[0].id)

    assert one.outputs == ({"url": "rtmp://x/live", "streamKey": "k"},)


async def test_participant_track_and_composite_recordings(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """Each per-participant kind starts, stops and leaves a recording to list."""
    room_id = await _live_room(wire_sdk, emu)

    await wire_sdk.recordings.participant.start(room_id, "alice", dir_path="/d")
    await wire_sdk.recordings.participant.stop(room_id, "alice")
    await wire_sdk.recordings.track.start(room_id, "alice", "audio")
    await wire_sdk.recordings.track.stop(room_id, "alice", "audio")
    composite = await wire_sdk.recordings.composite.start(room_id)
    await wire_sdk.recordings.composite.stop(composite)

    kinds = [
        wire_sdk.recordings.participant,
        wire_sdk.recordings.track,
        wire_sdk.recordings.composite,
    ]
    counts = [len((await kind.list(room_id=room_id)).data) for kind in kinds]
    assert counts == [1, 1, 1]
    assert (await wire_sdk.recordings.composite.get(str(composite.id))).id == composite.id


async def test_merge_and_transcoding_progress(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """A merge is listed; a transcoding moves pending -> processing -> completed."""
    room_id = await _live_room(wire_sdk, emu)
    session_id = emu.live_session(room_id)
    assert session_id is not None

    merged = await wire_sdk.recordings.merge.create(
        session_id, channel1=[{"participantId": "alice"}], channel2=[]
    )
    job = await wire_sdk.transcodings.merge([merged.id])
    seen = [(await wire_sdk.transcodings.get(job.id)).status for _ in range(3)]

    assert [m.id for m in (await wire_sdk.recordings.merge.list()).data] == [merged.id]
    assert seen == ["pending", "processing", "completed"]
    assert (await wire_sdk.transcodings.cancel(job.id)).status == "completed"
