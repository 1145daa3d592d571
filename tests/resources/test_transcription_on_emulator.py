"""Realtime transcription end to end: the emulator over loopback, on both transports."""

from __future__ import annotations

import pytest

import videosdk_async as vs
from videosdk_async.emulator import Emulator
from videosdk_async.emulator._events import EventStore

pytestmark = pytest.mark.loopback


async def _live_room(sdk: vs.AsyncVideoSDK, emu: Emulator) -> str:
    room = await sdk.rooms.create()
    emu.join(room.room_id, "alice")
    return room.room_id


async def test_a_quiet_room_is_refused(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """start in a room with no live session is refused with BadRequestError."""
    room = await wire_sdk.rooms.create()

    with pytest.raises(vs.BadRequestError):
        await wire_sdk.transcription.realtime.start(room.room_id)


async def test_stopping_leaves_transcript_and_summary_files(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """start on a live session, stop: the transcription has ended with its file URLs."""
    room_id = await _live_room(wire_sdk, emu)

    started = await wire_sdk.transcription.realtime.start(
        room_id, language="en", summary=vs.TranscriptionSummary(prompt="decisions")
    )
    stopped = await wire_sdk.transcription.realtime.stop(started)

    assert (started.room_id, started.session_id) == (room_id, emu.live_session(room_id))
    assert started.end is None
    assert started.transcription_file_paths == {}
    assert stopped.id == started.id
    assert stopped.end is not None
    assert stopped.transcription_file_paths["txt"].endswith("transcript.txt")
    assert stopped.summarized_file_paths["txt"].endswith("summary.txt")


async def test_get_and_list_find_it_by_room(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """get(id) and list() answer it with its room (read from the extension)."""
    room_id = await _live_room(wire_sdk, emu)
    started = await wire_sdk.transcription.realtime.start(room_id)
    assert started.id is not None

    got = await wire_sdk.transcription.realtime.get(started.id)
    listed = [t async for t in wire_sdk.transcription.realtime.list(status="started")]

    assert (got.id, got.room_id, got.status) == (started.id, room_id, "started")
    assert [(t.id, t.room_id) for t in listed] == [(started.id, room_id)]


async def test_it_stops_when_the_session_ends(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """Once the room's session ends, the transcription reads as ended, with its files."""
    room_id = await _live_room(wire_sdk, emu)
    started = await wire_sdk.transcription.realtime.start(room_id)
    assert started.id is not None
    emu.leave(room_id, "alice")

    got = await wire_sdk.transcription.realtime.get(started.id)

    assert got.end is not None
    assert got.status == "stopped"
    assert "txt" in got.transcription_file_paths
    assert got.summarized_file_paths == {}


async def test_one_at_a_time_and_stop_needs_one(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """A second start in the room is refused; a stop with none running is refused."""
    room_id = await _live_room(wire_sdk, emu)
    await wire_sdk.transcription.realtime.start(room_id)

    with pytest.raises(vs.BadRequestError, match="already running"):
        await wire_sdk.transcription.realtime.start(room_id)
    await wire_sdk.transcription.realtime.stop(room_id)
    with pytest.raises(vs.BadRequestError):
        await wire_sdk.transcription.realtime.stop(room_id)


@pytest.mark.parametrize(
    "route",
    ["POST /ai/v1/realtime-transcriptions/start", "POST /ai/v1/realtime-transcriptions/end"],
)
async def test_start_or_stop_processed_then_502_is_outcome_unknown(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator, route: str
) -> None:
    """Processed, then 502: outcome_unknown after exactly one request."""
    room_id = await _live_room(wire_sdk, emu)
    if route.endswith("end"):
        await wire_sdk.transcription.realtime.start(room_id)
    emu.inject(route, "process_then_fail", status=502)

    realtime = wire_sdk.transcription.realtime
    call = realtime.start if route.endswith("start") else realtime.stop

    with pytest.raises(vs.InternalServerError) as info:
        await call(room_id)

    assert info.value.outcome_unknown is True
    assert len([e for e in emu.journal if e.route == route]) == 1


async def test_reads_retry_and_succeed(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """A 503 on get and on list is retried and the call succeeds."""
    room_id = await _live_room(wire_sdk, emu)
    started = await wire_sdk.transcription.realtime.start(room_id)
    assert started.id is not None
    emu.inject("GET /ai/v1/realtime-transcriptions/{id}", "status", status=503)
    emu.inject("GET /ai/v1/realtime-transcriptions", "process_then_fail", status=502)

    got = await wire_sdk.transcription.realtime.get(started.id)
    page = await wire_sdk.transcription.realtime.list()

    assert got.id == started.id
    assert [t.id for t in page.data] == [started.id]
    routes = [e.route for e in emu.journal]
    assert routes.count("GET /ai/v1/realtime-transcriptions/{id}") == 2
    assert routes.count("GET /ai/v1/realtime-transcriptions") == 2


async def test_webhooks_announce_start_and_stop(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """Starting and stopping raise transcription-started, -stopped and -completed events."""
    room_id = await _live_room(wire_sdk, emu)

    await wire_sdk.transcription.realtime.stop(await wire_sdk.transcription.realtime.start(room_id))
    events = emu._env.store(EventStore).events

    assert [e.type for e in events if e.type.startswith("transcription")] == [
        "transcription-started",
        "transcription-stopped",
        "transcription-completed",
    ]
