"""Egress at the wire (respx): exact bodies and paths, per-endpoint key quirks, refusals."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

import videosdk_async as vs


def _body(route: respx.Route) -> Any:
    return json.loads(route.calls.last.request.content)


def test_composition_goes_on_the_wire_as_config() -> None:
    """Composition maps to the API's config: upper-case layout names, unset keys left out."""
    full = vs.Composition(
        layout="spotlight", priority="pin", grid_size=4, theme="dark", quality="ultra",
        orientation="portrait", mode="audio",
    )  # fmt: skip

    assert full.to_wire() == {
        "layout": {"type": "SPOTLIGHT", "priority": "PIN", "gridSize": 4},
        "theme": "DARK",
        "quality": "ultra",
        "orientation": "portrait",
        "mode": "audio",
    }
    assert vs.Composition().to_wire() == {"layout": {"type": "GRID"}}


@pytest.mark.parametrize("size", [-1, 26, 2.5])
def test_grid_size_outside_0_to_25_is_refused(size: Any) -> None:
    """grid_size outside 0-25 raises ValueError when the Composition is made."""
    with pytest.raises(ValueError, match="grid_size"):
        vs.Composition(grid_size=size)


async def test_room_recording_start_sends_aws_dir_path_and_pre_signed_url(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """recordings.start sends dir_path as awsDirPath and pre_signed_url as preSignedUrl."""
    route = api.post("/v2/recordings/start").respond(200, json="Recording started successfully")

    started = await sdk.recordings.start(
        "abcd", composition=vs.Composition(quality="high"), webhook_url="https://h/x",
        dir_path="/d", file_format="mp4", pre_signed_url="https://s3/u",
        transcription={"enabled": True},
    )  # fmt: skip

    assert _body(route) == {
        "roomId": "abcd",
        "config": {"layout": {"type": "GRID"}, "quality": "high"},
        "webhookUrl": "https://h/x",
        "awsDirPath": "/d",
        "fileFormat": "mp4",
        "preSignedUrl": "https://s3/u",
        "transcription": {"enabled": True},
    }
    assert (started.kind, started.room_id, started.id) == ("recording", "abcd", None)


async def test_a_start_answering_an_object_carries_its_id(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A start answered with an object gives an Egress with its recordingId."""
    api.post("/v2/recordings/start").respond(200, json={"recordingId": "rec-1", "status": "ok"})

    started = await sdk.recordings.start("abcd")

    assert started.id == "rec-1"
    assert started.raw == {"recordingId": "rec-1", "status": "ok"}


async def test_participant_recording_sends_bucket_dir_path(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """recordings.participant.start sends dir_path as bucketDirPath."""
    route = api.post("/v2/recordings/participant/start").respond(200, json="started")

    answer = await sdk.recordings.participant.start("abcd", "p1", dir_path="/d", file_format="webm")

    assert _body(route) == {
        "roomId": "abcd",
        "participantId": "p1",
        "bucketDirPath": "/d",
        "fileFormat": "webm",
    }
    assert answer == "started"


async def test_track_recording_sends_its_kind(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """recordings.track.start/stop send the track kind."""
    start = api.post("/v2/recordings/participant/track/start").respond(200, json="ok")
    stop = api.post("/v2/recordings/participant/track/stop").respond(200, json="ok")

    await sdk.recordings.track.start("abcd", "p1", "screen_audio", dir_path="/d")
    await sdk.recordings.track.stop("abcd", "p1", "screen_audio")

    assert _body(start) == {
        "roomId": "abcd",
        "participantId": "p1",
        "kind": "screen_audio",
        "bucketDirPath": "/d",
    }
    assert _body(stop) == {"roomId": "abcd", "participantId": "p1", "kind": "screen_audio"}


async def test_composite_sends_pre_signed_url_in_its_spelling(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """recordings.composite.start sends preSignedURL and bucketDirPath; stop uses the id."""
    start = api.post("/v2/recordings/composite/start").respond(200, json={"recordingId": "c1"})
    stop = api.post("/v2/recordings/composite/stop").respond(200, json="stopped")
    people = [{"participantId": "p1", "kind": ["audio", "video"]}]

    egress = await sdk.recordings.composite.start(
        "abcd", participants=people, watermarks=[{"type": "custom", "text": "x"}],
        dir_path="/d", pre_signed_url="https://s3/u",
    )  # fmt: skip
    await sdk.recordings.composite.stop(egress)

    assert _body(start) == {
        "roomId": "abcd",
        "participants": people,
        "watermarks": [{"type": "custom", "text": "x"}],
        "bucketDirPath": "/d",
        "preSignedURL": "https://s3/u",
    }
    assert _body(stop) == {"roomId": "abcd", "recordingId": "c1"}


async def test_merge_sends_channels_as_given(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """recordings.merge.create sends channel1/channel2 and decodes the merged recording."""
    route = api.post("/v2/recordings/participant/merge").respond(
        200, json={"message": "ok", "recording": {"id": "m1", "roomId": "abcd"}}
    )

    merged = await sdk.recordings.merge.create(
        "s1", channel1=[{"participantId": "a"}], channel2=[{"participantId": "b"}]
    )

    assert _body(route) == {
        "sessionId": "s1",
        "channel1": [{"participantId": "a"}],
        "channel2": [{"participantId": "b"}],
    }
    assert merged.id == "m1"


async def test_hls_active_unwraps_code_and_data(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """hls.active() unwraps the {code, data} answer."""
    api.get("/v2/hls/abcd/active").respond(
        200,
        json={
            "code": 200,
            "data": {"id": "h1", "meetingId": "abcd", "playbackHlsUrl": "https://p/i.m3u8"},
        },
    )

    stream = await sdk.hls.active("abcd")

    assert (stream.id, stream.room_id, stream.playback_hls_url) == (
        "h1",
        "abcd",
        "https://p/i.m3u8",
    )


async def test_livestream_start_sends_outputs(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """livestreams.start sends outputs as {url, streamKey} and the config."""
    route = api.post("/v2/livestreams/start").respond(200, json="Livestream started successfully")

    await sdk.livestreams.start(
        "abcd", [vs.RtmpOutput("rtmp://x/live", "k1")], composition=vs.Composition(layout="sidebar")
    )

    assert _body(route) == {
        "roomId": "abcd",
        "config": {"layout": {"type": "SIDEBAR"}},
        "outputs": [{"url": "rtmp://x/live", "streamKey": "k1"}],
    }


async def test_stops_answer_bare_strings(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """recordings/hls/livestreams stop POST {roomId} to /end and return the string."""
    for family in ("recordings", "hls", "livestreams"):
        api.post(f"/v2/{family}/end").respond(200, json=f"{family} ended")

    answers = [
        await sdk.recordings.stop("abcd"),
        await sdk.hls.stop("abcd"),
        await sdk.livestreams.stop("abcd"),
    ]

    assert answers == ["recordings ended", "hls ended", "livestreams ended"]


async def test_a_start_after_processing_502_is_outcome_unknown_after_one_request(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A start answered 502 raises outcome_unknown=True and is never repeated."""
    route = api.post("/v2/recordings/start").respond(502)

    with pytest.raises(vs.InternalServerError) as info:
        await sdk.recordings.start("abcd")

    assert info.value.outcome_unknown is True
    assert route.call_count == 1


async def test_a_start_refused_by_a_503_is_retried(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A 503 (not processed) before a start is retried."""
    route = api.post("/v2/hls/start")
    route.side_effect = [httpx.Response(503), httpx.Response(200, json={"id": "h1"})]

    stream = await sdk.hls.start("abcd")

    assert stream.id == "h1"
    assert route.call_count == 2


@pytest.mark.parametrize(
    "call",
    [
        lambda sdk: sdk.recordings.start(
            "abcd", composition=vs.Composition(), template_url="https://t"
        ),
        lambda sdk: sdk.hls.start("abcd", composition=vs.Composition(), template_url="https://t"),
        lambda sdk: sdk.recordings.track.start("abcd", "p1", "smell"),
        lambda sdk: sdk.livestreams.start("abcd", []),
        lambda sdk: sdk.transcodings.merge([]),
        lambda sdk: sdk.recordings.composite.stop("abcd"),
    ],
)
async def test_invalid_input_is_refused_before_any_request(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, call: Any
) -> None:
    """Both composition and template, an unknown track kind, no outputs: refused, nothing sent."""
    with pytest.raises(ValueError):
        await call(sdk)

    assert api.calls.call_count == 0


async def test_transcodings_calls(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """merge, hls_to_mp4, get and cancel hit their paths and decode Transcoding."""
    job = {"id": "t1", "status": "pending", "task": "composite-merge", "recordingIds": ["r1"]}
    merge = api.post("/v2/transcodings/merge").respond(200, json=job)
    convert = api.post("/v2/transcodings/hls-to-mp4").respond(200, json={**job, "id": "t2"})
    api.get("/v2/transcodings/t1").respond(200, json={**job, "status": "completed"})
    api.post("/v2/transcodings/t1/cancel").respond(200, json={**job, "status": "cancelled"})

    made = await sdk.transcodings.merge(["r1"])
    converted = await sdk.transcodings.hls_to_mp4(room_id="abcd")
    done = await sdk.transcodings.get("t1")
    cancelled = await sdk.transcodings.cancel("t1")

    assert _body(merge) == {"recordingIds": ["r1"]}
    assert _body(convert) == {"roomId": "abcd"}
    assert (made.status, converted.id, done.status, cancelled.status) == (
        "pending",
        "t2",
        "completed",
        "cancelled",
    )


async def test_recording_decodes_its_file(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """A recording's file.fileUrl/filePath become file_url/file_path."""
    api.get("/v2/recordings/r1").respond(
        200,
        json={
            "id": "r1",
            "roomId": "abcd",
            "file": {"fileUrl": "https://f/x.mp4", "filePath": "x"},
        },
    )

    recording = await sdk.recordings.get("r1")

    assert (recording.file_url, recording.file_path) == ("https://f/x.mp4", "x")
