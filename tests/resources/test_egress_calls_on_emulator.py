"""The rest of the egress calls end to end: the emulator over loopback, on both transports."""

from __future__ import annotations

import pytest

import videosdk_async as vs
from videosdk_async.emulator import Emulator

pytestmark = pytest.mark.loopback


async def _live_room(sdk: vs.AsyncVideoSDK, emu: Emulator) -> str:
    room = await sdk.rooms.create()
    emu.join(room.room_id, "alice")
    return room.room_id


async def test_a_room_recording_is_got_with_its_file(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """recordings.get(id) answers the stopped recording with its room, session and file."""
    room_id = await _live_room(wire_sdk, emu)
    session_id = emu.live_session(room_id)
    await wire_sdk.recordings.start(room_id)
    await wire_sdk.recordings.stop(room_id)
    [listed] = (await wire_sdk.recordings.list(session_id=session_id)).data

    got = await wire_sdk.recordings.get(listed.id)

    assert (got.room_id, got.session_id) == (room_id, session_id)
    assert got.file_url == listed.file_url
    assert (got.file_path or "").endswith(".mp4")


async def test_a_bare_string_start_gives_an_egress_without_id(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """The emulator answers a room recording start with a bare string: Egress.id is None."""
    room_id = await _live_room(wire_sdk, emu)

    started = await wire_sdk.recordings.start(room_id)

    assert (started.kind, started.room_id, started.id) == ("recording", room_id, None)
    assert isinstance(started.raw["message"], str)


@pytest.mark.parametrize("kind", ["participant", "track", "composite"])
async def test_each_recording_kind_is_got_and_deleted(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator, kind: str
) -> None:
    """A participant, track or composite recording is found by id, deleted, then gone."""
    room_id = await _live_room(wire_sdk, emu)
    recordings = getattr(wire_sdk.recordings, kind)
    if kind == "participant":
        await recordings.start(room_id, "alice")
        await recordings.stop(room_id, "alice")
    elif kind == "track":
        await recordings.start(room_id, "alice", "video")
        await recordings.stop(room_id, "alice", "video")
    else:
        await recordings.stop(await recordings.start(room_id))
    [listed] = (await recordings.list(room_id=room_id)).data

    got = await recordings.get(listed.id)
    gone = await recordings.delete(listed.id)

    assert got.id == listed.id
    assert isinstance(gone, str)
    with pytest.raises(vs.NotFoundError):
        await recordings.get(listed.id)


async def test_hls_get_capture_and_delete(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """An HLS stream is captured while live, then found by id and deleted once stopped."""
    room_id = await _live_room(wire_sdk, emu)
    stream = await wire_sdk.hls.start(room_id)
    captured = await wire_sdk.hls.capture(room_id, format="jpg")
    await wire_sdk.hls.stop(room_id)

    got = await wire_sdk.hls.get(str(stream.id))
    gone = await wire_sdk.hls.delete(str(stream.id))

    assert str(captured["filePath"]).endswith(".jpg")
    assert (got.id, got.playback_hls_url) == (stream.id, stream.playback_hls_url)
    assert isinstance(gone, str)
    assert (await wire_sdk.hls.list(room_id=room_id)).data == []


async def test_hls_needs_a_live_session(wire_sdk: vs.AsyncVideoSDK) -> None:
    """hls.start in a room with nobody in it is refused with BadRequestError."""
    room = await wire_sdk.rooms.create()

    with pytest.raises(vs.BadRequestError):
        await wire_sdk.hls.start(room.room_id)


async def test_a_livestream_start_gives_an_egress(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """livestreams.start answers an Egress of kind livestream for the room."""
    room_id = await _live_room(wire_sdk, emu)

    started = await wire_sdk.livestreams.start(room_id, [vs.RtmpOutput("rtmp://x/live", "k")])

    assert (started.kind, started.room_id) == ("livestream", room_id)


async def test_merge_is_got_by_id(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """recordings.merge.get(merge_id) answers the merge that create made."""
    room_id = await _live_room(wire_sdk, emu)
    session_id = str(emu.live_session(room_id))
    merged = await wire_sdk.recordings.merge.create(
        session_id, channel1=[{"participantId": "alice"}], channel2=[]
    )

    got = await wire_sdk.recordings.merge.get(merged.id)

    assert (got.id, got.session_id) == (merged.id, session_id)


async def test_hls_to_mp4_is_listed_by_status(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """hls_to_mp4 makes a pending job that transcodings.list(status='pending') shows."""
    room_id = await _live_room(wire_sdk, emu)

    job = await wire_sdk.transcodings.hls_to_mp4(room_id=room_id)
    pending = (await wire_sdk.transcodings.list(status="pending")).data

    assert (job.status, job.task, job.room_id) == ("pending", "hls-to-mp4", room_id)
    assert [j.id for j in pending] == [job.id]


async def test_a_completed_transcoding_has_a_file(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """Once completed, a transcoding carries its output file's URL."""
    job = await wire_sdk.transcodings.merge(["r1", "r2"])

    for _ in range(3):
        done = await wire_sdk.transcodings.get(job.id)

    assert done.status == "completed"
    assert (done.file_url or "").endswith(".mp4")
    assert done.recording_ids == ("r1", "r2")


async def test_cancel_stops_a_pending_transcoding(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """transcodings.cancel(id) answers the job as cancelled."""
    job = await wire_sdk.transcodings.merge(["r1"])

    cancelled = await wire_sdk.transcodings.cancel(job.id)

    assert cancelled.status == "cancelled"


async def test_a_recording_runs_again_in_the_next_session(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """A recording left running when its session ended is listed; the next session records."""
    room_id = await _live_room(wire_sdk, emu)
    await wire_sdk.recordings.start(room_id)
    emu.leave(room_id, "alice")
    emu.join(room_id, "bob")

    again = await wire_sdk.recordings.start(room_id)
    listed = (await wire_sdk.recordings.list(room_id=room_id)).data

    assert again.kind == "recording"
    assert len(listed) == 1
