"""The recordings lists' filters (participant_id, query, merge_id, status): pinned at the wire
(respx), then end to end against the emulator on both transports, where a non-matching item
is left out; participant and track recordings decode from their ``files`` list."""

from __future__ import annotations

from typing import Any

import pytest
import respx

import videosdk_async as vs
from videosdk_async.emulator import Emulator

PAGE = {"pageInfo": {"currentPage": 1, "perPage": 20, "lastPage": 1, "total": 1}}
RECORDING = {"id": "r1", "roomId": "abcd", "sessionId": "s1"}


def _query(route: respx.Route) -> dict[str, str]:
    return dict(route.calls.last.request.url.params)


# -- at the wire ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        (lambda sdk: sdk.recordings.participant, "/v2/recordings/participant"),
        (lambda sdk: sdk.recordings.track, "/v2/recordings/participant/track"),
    ],
)
async def test_participant_id_is_sent_as_participant_id(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, kind: Any, path: str
) -> None:
    """participant.list / track.list(participant_id=) is GET path?participantId=..."""
    route = api.get(path).respond(200, json={**PAGE, "data": [RECORDING]})

    await kind(sdk).list(room_id="abcd", participant_id="bob")

    assert _query(route) == {"roomId": "abcd", "participantId": "bob"}


async def test_recordings_query_is_sent_as_query(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """recordings.list(query=) is GET /v2/recordings?query=..."""
    route = api.get("/v2/recordings").respond(200, json={**PAGE, "data": [RECORDING]})

    await sdk.recordings.list(query="team-a", page=2)

    assert _query(route) == {"query": "team-a", "page": "2"}


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        (lambda sdk: sdk.sessions, "/v2/sessions"),
        (lambda sdk: sdk.hls, "/v2/hls"),
        (lambda sdk: sdk.livestreams, "/v2/livestreams"),
    ],
)
async def test_sessions_hls_and_livestreams_send_query(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, kind: Any, path: str
) -> None:
    """sessions.list / hls.list / livestreams.list(query=) is GET path?query=..."""
    route = api.get(path).respond(200, json={**PAGE, "data": []})

    await kind(sdk).list(query="team-a")

    assert _query(route) == {"query": "team-a"}


async def test_merge_id_and_status_are_sent_as_id_and_status(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """merge.list(merge_id=, status=) is GET .../merge?id=...&status=..."""
    route = api.get("/v2/recordings/participant/merge").respond(
        200, json={**PAGE, "recordings": [RECORDING]}
    )

    await sdk.recordings.merge.list(merge_id="m1", status="completed")

    assert _query(route) == {"id": "m1", "status": "completed"}


@pytest.mark.parametrize(
    "call",
    [
        lambda sdk: sdk.recordings.participant.list(participant_id=7),
        lambda sdk: sdk.recordings.track.list(participant_id=b"bob"),
        lambda sdk: sdk.recordings.list(query=1),
        lambda sdk: sdk.recordings.merge.list(merge_id=["m1"]),
        lambda sdk: sdk.recordings.merge.list(status=3),
        lambda sdk: sdk.sessions.list(query=1),
        lambda sdk: sdk.hls.list(query=2),
        lambda sdk: sdk.livestreams.list(query=b"x"),
    ],
)
async def test_a_filter_that_is_not_a_str_is_a_type_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, call: Any
) -> None:
    """A non-str filter raises TypeError before any request."""
    with pytest.raises(TypeError):
        call(sdk)

    assert not api.calls


@pytest.mark.parametrize(
    "call",
    [
        lambda sdk: sdk.recordings.participant.list(participant_id=""),
        lambda sdk: sdk.recordings.track.list(participant_id="a/b"),
        lambda sdk: sdk.recordings.list(query=""),
        lambda sdk: sdk.recordings.merge.list(merge_id="../x"),
    ],
)
async def test_a_bad_id_filter_is_a_value_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, call: Any
) -> None:
    """An empty or path-like id filter raises ValueError before any request."""
    with pytest.raises(ValueError, match="must"):
        call(sdk)

    assert not api.calls


async def test_a_recording_decodes_its_files_list(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A participant recording's `files` list gives file_url and file_path (the first file)."""
    files = [{"fileUrl": "https://f/a.webm", "filePath": "a.webm"}, {"fileUrl": "https://f/b"}]
    api.get("/v2/recordings/participant/r1").respond(200, json={**RECORDING, "files": files})

    got = await sdk.recordings.participant.get("r1")

    assert (got.file_url, got.file_path) == ("https://f/a.webm", "a.webm")


# -- end to end, both transports -----------------------------------------------------------


async def _recorded(sdk: vs.AsyncVideoSDK, emu: Emulator, kind: str) -> str:
    """A room where alice and bob were each recorded (participant or track)."""
    room_id = (await sdk.rooms.create()).room_id
    for who in ("alice", "bob"):
        emu.join(room_id, who)
        if kind == "participant":
            await sdk.recordings.participant.start(room_id, who)
            await sdk.recordings.participant.stop(room_id, who)
        else:
            await sdk.recordings.track.start(room_id, who, "audio")
            await sdk.recordings.track.stop(room_id, who, "audio")
    return room_id


@pytest.mark.parametrize("kind", ["participant", "track"])
async def test_participant_id_lists_only_that_participants_recordings(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator, kind: str
) -> None:
    """list(participant_id="bob") leaves alice's recording out."""
    room_id = await _recorded(wire_sdk, emu, kind)
    lister = getattr(wire_sdk.recordings, kind)

    everyone = (await lister.list(room_id=room_id)).data
    bobs = (await lister.list(room_id=room_id, participant_id="bob")).data

    assert len(everyone) == 2
    assert [r.raw["participantId"] for r in bobs] == ["bob"]
    assert bobs[0].file_url is not None
    assert bobs[0].file_url.endswith(bobs[0].file_path or "?")


@pytest.mark.parametrize("by_custom", [False, True])
async def test_recordings_query_lists_only_that_rooms_recordings(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator, by_custom: bool
) -> None:
    """recordings.list(query=roomId or customRoomId) leaves the other room's recording out."""
    mine = (await wire_sdk.rooms.create(custom_room_id="team-a")).room_id
    other = (await wire_sdk.rooms.create()).room_id
    for room_id in (mine, other):
        emu.join(room_id, "alice")
        await wire_sdk.recordings.start(room_id)
        await wire_sdk.recordings.stop(room_id)

    listed = (await wire_sdk.recordings.list(query="team-a" if by_custom else mine)).data

    assert [r.room_id for r in listed] == [mine]


async def _two_merges(sdk: vs.AsyncVideoSDK, emu: Emulator) -> list[str]:
    room_id = (await sdk.rooms.create()).room_id
    emu.join(room_id, "alice")
    session_id = emu.live_session(room_id)
    assert session_id is not None
    channel = [{"participantId": "alice"}]
    return [
        (await sdk.recordings.merge.create(session_id, channel1=channel, channel2=[])).id
        for _ in range(2)
    ]


async def test_merge_id_lists_only_that_merge(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """merge.list(merge_id=) leaves the other merge out."""
    first, _ = await _two_merges(wire_sdk, emu)

    listed = (await wire_sdk.recordings.merge.list(merge_id=first)).data

    assert [m.id for m in listed] == [first]


async def test_merge_status_lists_only_merges_in_that_status(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """merge.list(status=) leaves merges in another status out."""
    first, second = await _two_merges(wire_sdk, emu)
    await wire_sdk.recordings.merge.get(first)  # one step: processing -> completed

    completed = (await wire_sdk.recordings.merge.list(status="completed")).data
    processing = (await wire_sdk.recordings.merge.list(status="processing")).data

    assert [m.id for m in completed] == [first]
    assert [m.id for m in processing] == [second]


async def test_sessions_by_custom_room_id_lists_only_that_rooms_sessions(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """sessions.list(custom_room_id=) leaves the other room's session out."""
    mine = (await wire_sdk.rooms.create(custom_room_id="team-a")).room_id
    other = (await wire_sdk.rooms.create()).room_id
    emu.join(mine, "alice")
    emu.join(other, "bob")

    listed = (await wire_sdk.sessions.list(custom_room_id="team-a")).data

    assert [s.room_id for s in listed] == [mine]


async def _rooms_with(sdk: vs.AsyncVideoSDK, emu: Emulator, kind: str) -> str:
    """Two rooms, the first with customRoomId "team-a", each with one finished ``kind``."""
    mine = (await sdk.rooms.create(custom_room_id="team-a")).room_id
    other = (await sdk.rooms.create()).room_id
    for room_id in (mine, other):
        emu.join(room_id, "alice")
        if kind == "hls":
            await sdk.hls.start(room_id)
            await sdk.hls.stop(room_id)
        elif kind == "livestreams":
            await sdk.livestreams.start(room_id, [vs.RtmpOutput("rtmp://x/live", "key")])
            await sdk.livestreams.stop(room_id)
    return mine


@pytest.mark.parametrize("kind", ["sessions", "hls", "livestreams"])
@pytest.mark.parametrize("by_custom", [False, True])
async def test_query_lists_only_that_rooms_items(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator, kind: str, by_custom: bool
) -> None:
    """sessions / hls / livestreams .list(query=roomId or customRoomId) leave the other room out."""
    mine = await _rooms_with(wire_sdk, emu, kind)
    lister = getattr(wire_sdk, kind)

    everything = (await lister.list()).data
    listed = (await lister.list(query="team-a" if by_custom else mine)).data

    assert len(everything) == 2
    assert [item.room_id for item in listed] == [mine]
