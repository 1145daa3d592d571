"""Sessions end to end: the emulator's simulated sessions, over loopback on both transports."""

from __future__ import annotations

from datetime import timedelta

import pytest

import videosdk_async as vs
from videosdk_async.emulator import Emulator

pytestmark = pytest.mark.loopback


async def test_join_join_leave_end_as_the_sdk_sees_it(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """Join, join, leave, sessions.end: every answer the SDK decodes along the way."""
    room = await wire_sdk.rooms.create(custom_room_id="physics")
    alice = emu.join("physics", "alice", name="Alice")
    bob = emu.join(room.room_id, "bob", name="Bob")

    live = [p.participant_id async for p in wire_sdk.participants.list(room.room_id)]
    session = (await wire_sdk.sessions.list(room_id=room.room_id, status="ongoing")).data[0]
    assert sorted(live) == ["alice", "bob"]
    assert (session.status, session.end, session.room_id) == ("ongoing", None, room.room_id)

    emu.leave("physics", alice)
    after_leave = [p.participant_id async for p in wire_sdk.participants.list(room.room_id)]
    active = [p.participant_id async for p in wire_sdk.sessions.active_participants(session.id)]
    one = await wire_sdk.sessions.participant(session.id, "alice")
    assert after_leave == active == [bob]
    assert (one.name, len(one.timelog)) == ("Alice", 1)
    assert one.timelog[0].end is not None

    ended = await wire_sdk.sessions.end(room.room_id)
    assert (ended.id, ended.room_id, ended.custom_room_id) == (session.id, room.room_id, "physics")
    # As at response time: no end yet, so the derived status is still ongoing.
    assert (ended.end, ended.status) == (None, "ongoing")

    final = await wire_sdk.sessions.get(session.id)
    everyone = [p async for p in wire_sdk.sessions.participants(session.id)]
    assert final.status == "ended"
    assert final.end is not None
    assert {p.participant_id for p in everyone} == {"alice", "bob"}
    assert all(p.timelog[-1].end is not None for p in everyone)
    assert [p async for p in wire_sdk.participants.list(room.room_id)] == []


async def test_remove_participant_by_room(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """participants.remove() takes the participant out of the live session."""
    room = await wire_sdk.rooms.create()
    emu.join(room.room_id, "alice")
    emu.join(room.room_id, "bob")

    answer = await wire_sdk.participants.remove(room.room_id, "alice")
    left = [p.participant_id async for p in wire_sdk.participants.list(room.room_id)]

    assert isinstance(answer, str)
    assert left == ["bob"]


async def test_participants_get_finds_a_live_participant(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """participants.get() resolves the live session and returns the participant."""
    room = await wire_sdk.rooms.create()
    emu.join(room.room_id, "carol", name="Carol")

    carol = await wire_sdk.participants.get(room.room_id, "carol")

    assert (carol.participant_id, carol.name) == ("carol", "Carol")


async def test_no_live_session_is_empty_in_at_most_two_requests(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """participants.list() of a quiet room yields nothing after at most 2 requests."""
    room = await wire_sdk.rooms.create()
    before = len(emu.journal)

    found = [p async for p in wire_sdk.participants.list(room.room_id)]

    assert found == []
    assert len(emu.journal) - before <= 2


async def test_stats_samples_round_trip(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """Samples added to the emulator come back from stats() and participant_stats()."""
    room = await wire_sdk.rooms.create()
    emu.join(room.room_id, "dan")
    session_id = emu.live_session(room.room_id)
    assert session_id is not None
    emu.add_stats(session_id, {"time": 1, "videoBitrate": 900})
    emu.add_stats(session_id, {"time": 1, "audioRtt": 20}, participant_id="dan")

    whole = await wire_sdk.sessions.stats(session_id)
    dan = await wire_sdk.sessions.participant_stats(session_id, "dan")

    assert whole.stats == ({"time": 1, "videoBitrate": 900},)
    assert dan.stats == ({"time": 1, "audioRtt": 20},)


async def test_unknown_session_is_not_found(wire_sdk: vs.AsyncVideoSDK) -> None:
    """get() of an unknown session raises NotFoundError."""
    with pytest.raises(vs.NotFoundError):
        await wire_sdk.sessions.get("0" * 24)


def test_session_to_dict_passes_json_dumps() -> None:
    """Session.to_dict() is JSON-ready (nested participants and timelogs included)."""
    import json

    from videosdk_async._core._converter import structure

    session = structure(
        {
            "id": "s",
            "roomId": "r",
            "start": "2022-01-05T06:41:16.018Z",
            "participants": [
                {"participantId": "p", "timelog": [{"start": "2022-01-05T06:41:16Z"}]}
            ],
        },
        vs.Session,
    )

    data = json.loads(json.dumps(session.to_dict()))

    assert data["participants"][0]["timelog"][0]["start"].startswith("2022-01-05T06:41:16")
    assert data["status"] == "ongoing"


async def test_remove_participant_by_session(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """sessions.remove_participant(session_id=) takes the last one out, ending the session."""
    room = await wire_sdk.rooms.create()
    emu.join(room.room_id, "alice")
    session_id = str(emu.live_session(room.room_id))

    answer = await wire_sdk.sessions.remove_participant("alice", session_id=session_id)
    after = await wire_sdk.sessions.get(session_id)

    assert isinstance(answer, str)
    assert (after.status, after.participants[0].timelog[0].end is not None) == ("ended", True)


async def test_list_by_epoch_millisecond_dates(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """start_date/end_date select sessions by their start, through epoch milliseconds."""
    room = await wire_sdk.rooms.create()
    emu.join(room.room_id, "alice")
    session = await wire_sdk.sessions.get(str(emu.live_session(room.room_id)))
    assert session.start is not None
    second = timedelta(seconds=1)

    around = await wire_sdk.sessions.list(
        room_id=room.room_id, start_date=session.start - second, end_date=session.start + second
    )
    later = await wire_sdk.sessions.list(room_id=room.room_id, start_date=session.start + second)

    assert [s.id for s in around.data] == [session.id]
    assert later.data == []


async def test_participants_get_of_a_quiet_room_is_room_not_found(
    wire_sdk: vs.AsyncVideoSDK,
) -> None:
    """participants.get() raises RoomNotFoundError when nothing is live in the room."""
    room = await wire_sdk.rooms.create()

    with pytest.raises(vs.RoomNotFoundError):
        await wire_sdk.participants.get(room.room_id, "alice")


async def test_removing_a_stranger_is_not_found(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """participants.remove() of someone not in the live session raises NotFoundError."""
    room = await wire_sdk.rooms.create()
    emu.join(room.room_id, "alice")

    with pytest.raises(vs.NotFoundError):
        await wire_sdk.participants.remove(room.room_id, "zed")


async def test_ending_a_closed_session_is_refused_once(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """sessions.end(session_id=) of an ended session raises the API's 406, sent once."""
    room = await wire_sdk.rooms.create()
    emu.join(room.room_id, "alice")
    session_id = str(emu.live_session(room.room_id))
    emu.leave(room.room_id, "alice")
    before = len(emu.journal)

    with pytest.raises(vs.APIStatusError) as info:
        await wire_sdk.sessions.end(room.room_id, session_id=session_id)

    assert info.value.status_code == 406
    assert len(emu.journal) - before == 1
