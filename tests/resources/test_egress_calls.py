"""Egress at the wire (respx): the path, query and body of each list, get, delete and start."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
import respx

import videosdk_async as vs

PAGE = {"pageInfo": {"currentPage": 1, "perPage": 20, "lastPage": 1, "total": 1}}
RECORDING = {"id": "r1", "roomId": "abcd", "sessionId": "s1"}


def _body(route: respx.Route) -> Any:
    return json.loads(route.calls.last.request.content)


def _query(route: respx.Route) -> dict[str, str]:
    return dict(route.calls.last.request.url.params)


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        (lambda sdk: sdk.recordings, "/v2/recordings"),
        (lambda sdk: sdk.recordings.participant, "/v2/recordings/participant"),
        (lambda sdk: sdk.recordings.track, "/v2/recordings/participant/track"),
        (lambda sdk: sdk.recordings.composite, "/v2/recordings/composite"),
    ],
)
async def test_each_recording_kind_lists_under_its_path(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, kind: Any, path: str
) -> None:
    """list(room_id=, session_id=, page=, per_page=) is GET path?roomId&sessionId&page&perPage."""
    route = api.get(path).respond(200, json={**PAGE, "data": [RECORDING]})

    page = await kind(sdk).list(room_id="abcd", session_id="s1", page=1, per_page=20)

    assert _query(route) == {"roomId": "abcd", "sessionId": "s1", "page": "1", "perPage": "20"}
    assert [r.id for r in page.data] == ["r1"]


async def test_a_list_without_filters_sends_no_query(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """recordings.list() sends neither filters nor page numbers (the server has defaults)."""
    route = api.get("/v2/recordings").respond(200, json={**PAGE, "data": []})

    await sdk.recordings.list()

    assert _query(route) == {}


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        (lambda sdk: sdk.recordings, "/v2/recordings/r%201"),
        (lambda sdk: sdk.recordings.participant, "/v2/recordings/participant/r%201"),
        (lambda sdk: sdk.recordings.track, "/v2/recordings/participant/track/r%201"),
        (lambda sdk: sdk.recordings.composite, "/v2/recordings/composite/r%201"),
    ],
)
async def test_each_recording_kind_gets_and_deletes_by_id(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, kind: Any, path: str
) -> None:
    """get/delete(recording_id) hit path/{id}, the id percent-encoded."""
    api.get(path).respond(200, json={**RECORDING, "id": "r 1"})
    api.delete(path).respond(200, json="Recording deleted successfully")

    got = await kind(sdk).get("r 1")
    gone = await kind(sdk).delete("r 1")

    assert (got.id, gone) == ("r 1", "Recording deleted successfully")


async def test_merge_list_reads_its_items_under_recordings(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """recordings.merge.list() finds its items under `recordings`, not `data`."""
    api.get("/v2/recordings/participant/merge").respond(
        200, json={**PAGE, "recordings": [{"id": "m1", "status": "completed"}]}
    )

    page = await sdk.recordings.merge.list()

    assert [m.id for m in page.data] == ["m1"]


async def test_merge_get_takes_the_merge_id(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """recordings.merge.get(merge_id) is GET /v2/recordings/participant/merge/{id}."""
    api.get("/v2/recordings/participant/merge/m1").respond(200, json={"id": "m1"})

    merged = await sdk.recordings.merge.get("m1")

    assert merged.id == "m1"


async def test_merge_create_sends_webhook_url_and_bucket_dir_path(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """merge.create sends webhook_url as webhookUrl and dir_path as bucketDirPath."""
    route = api.post("/v2/recordings/participant/merge").respond(200, json={"id": "m1"})

    await sdk.recordings.merge.create(
        "s1", channel1=[], channel2=[], webhook_url="https://h/x", dir_path="/d"
    )

    assert _body(route) == {
        "sessionId": "s1",
        "channel1": [],
        "channel2": [],
        "webhookUrl": "https://h/x",
        "bucketDirPath": "/d",
    }


async def test_composite_stop_takes_room_and_recording_ids(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """composite.stop(room_id, recording_id) sends {roomId, recordingId}."""
    route = api.post("/v2/recordings/composite/stop").respond(200, json="stopped")

    answer = await sdk.recordings.composite.stop("abcd", "c1")

    assert _body(route) == {"roomId": "abcd", "recordingId": "c1"}
    assert answer == "stopped"


async def test_participant_stop_sends_room_and_participant(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """recordings.participant.stop POSTs {roomId, participantId} to .../participant/stop."""
    route = api.post("/v2/recordings/participant/stop").respond(200, json="stopped")

    await sdk.recordings.participant.stop("abcd", "p1")

    assert _body(route) == {"roomId": "abcd", "participantId": "p1"}


async def test_hls_start_sends_template_url_and_webhook_url(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """hls.start(template_url=, webhook_url=) sends templateUrl and webhookUrl, no config."""
    route = api.post("/v2/hls/start").respond(200, json={"id": "h1", "roomId": "abcd"})

    stream = await sdk.hls.start("abcd", template_url="https://t/l", webhook_url="https://h/x")

    assert _body(route) == {
        "roomId": "abcd",
        "templateUrl": "https://t/l",
        "webhookUrl": "https://h/x",
    }
    assert (stream.id, stream.room_id) == ("h1", "abcd")


async def test_hls_start_decodes_the_playback_urls(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """hls.start answers an HlsStream with its playback, livestream and downstream URLs."""
    api.post("/v2/hls/start").respond(
        200,
        json={
            "id": "h1",
            "sessionId": "s1",
            "roomId": "abcd",
            "playbackHlsUrl": "https://p/i.m3u8",
            "livestreamUrl": "https://p/l.m3u8",
            "downstreamUrl": "https://p/d.m3u8",
        },
    )

    stream = await sdk.hls.start("abcd")

    assert (stream.playback_hls_url, stream.livestream_url, stream.downstream_url) == (
        "https://p/i.m3u8",
        "https://p/l.m3u8",
        "https://p/d.m3u8",
    )
    assert stream.session_id == "s1"


async def test_hls_get_list_and_delete_paths(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """hls.get/delete hit /v2/hls/{id}; hls.list is GET /v2/hls?roomId=."""
    api.get("/v2/hls/h1").respond(200, json={"id": "h1"})
    api.delete("/v2/hls/h1").respond(200, json="Room Hls Recording deleted successfully !")
    listing = api.get("/v2/hls").respond(200, json={**PAGE, "data": [{"id": "h1"}]})

    got = await sdk.hls.get("h1")
    listed = await sdk.hls.list(room_id="abcd")
    gone = await sdk.hls.delete("h1")

    assert (got.id, [s.id for s in listed.data]) == ("h1", ["h1"])
    assert _query(listing) == {"roomId": "abcd"}
    assert gone == "Room Hls Recording deleted successfully !"


async def test_hls_capture_sends_its_options(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """hls.capture POSTs {roomId, format, width, height} and returns the answer's JSON."""
    route = api.post("/v2/hls/capture").respond(200, json={"message": "ok", "filePath": "c.png"})

    answer = await sdk.hls.capture("abcd", format="png", width=640, height=360)

    assert _body(route) == {"roomId": "abcd", "format": "png", "width": 640, "height": 360}
    assert answer == {"message": "ok", "filePath": "c.png"}


async def test_livestream_start_answering_an_object_carries_its_id(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A livestream start answered with an object gives an Egress with that id."""
    api.post("/v2/livestreams/start").respond(200, json={"id": "l1", "roomId": "abcd"})

    started = await sdk.livestreams.start("abcd", [vs.RtmpOutput("rtmp://x/live", "k")])

    assert (started.kind, started.room_id, started.id) == ("livestream", "abcd", "l1")


async def test_livestream_start_takes_outputs_from_an_iterator(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """Outputs given as a one-pass iterator are all sent."""
    route = api.post("/v2/livestreams/start").respond(200, json="Livestream started successfully")
    outputs = (vs.RtmpOutput(f"rtmp://x/{n}", "k") for n in range(2))

    await sdk.livestreams.start("abcd", outputs)  # type: ignore[arg-type]

    assert _body(route)["outputs"] == [
        {"url": "rtmp://x/0", "streamKey": "k"},
        {"url": "rtmp://x/1", "streamKey": "k"},
    ]


async def test_livestream_start_sends_a_template_url(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """livestreams.start(template_url=) sends templateUrl beside the outputs."""
    route = api.post("/v2/livestreams/start").respond(200, json="Livestream started successfully")

    await sdk.livestreams.start("abcd", [vs.RtmpOutput("rtmp://x", "k")], template_url="https://t")

    assert _body(route) == {
        "roomId": "abcd",
        "templateUrl": "https://t",
        "outputs": [{"url": "rtmp://x", "streamKey": "k"}],
    }


async def test_livestream_get_and_list(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """livestreams.get(id) is GET /v2/livestreams/{id}; list sends roomId and sessionId."""
    stream = {"id": "l1", "roomId": "abcd", "outputs": [{"url": "rtmp://x", "streamKey": "k"}]}
    api.get("/v2/livestreams/l1").respond(200, json=stream)
    listing = api.get("/v2/livestreams").respond(200, json={**PAGE, "data": [stream]})

    got = await sdk.livestreams.get("l1")
    await sdk.livestreams.list(room_id="abcd", session_id="s1")

    assert got.outputs == ({"url": "rtmp://x", "streamKey": "k"},)
    assert _query(listing) == {"roomId": "abcd", "sessionId": "s1"}


async def test_transcodings_list_sends_its_filters(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """transcodings.list(room_id=, session_id=, status=) sends them as the query."""
    route = api.get("/v2/transcodings").respond(
        200, json={**PAGE, "data": [{"id": "t1", "status": "pending"}]}
    )

    page = await sdk.transcodings.list(room_id="abcd", session_id="s1", status="pending")

    assert _query(route) == {"roomId": "abcd", "sessionId": "s1", "status": "pending"}
    assert [(t.id, t.status) for t in page.data] == [("t1", "pending")]


async def test_transcoding_merge_sends_webhook_url_and_watermark(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """transcodings.merge sends recordingIds, webhookUrl and the watermark as given."""
    route = api.post("/v2/transcodings/merge").respond(200, json={"id": "t1"})

    await sdk.transcodings.merge(
        ["r1", "r2"], webhook_url="https://h/x", watermark={"type": "timestamp"}
    )

    assert _body(route) == {
        "recordingIds": ["r1", "r2"],
        "webhookUrl": "https://h/x",
        "watermark": {"type": "timestamp"},
    }


async def test_hls_to_mp4_sends_its_target_and_storage(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """hls_to_mp4(hls_id=, storage=) sends hlsId and the storage mapping as given."""
    route = api.post("/v2/transcodings/hls-to-mp4").respond(200, json={"id": "t1"})

    await sdk.transcodings.hls_to_mp4(hls_id="h1", storage={"type": "s3", "bucket": "b"})

    assert _body(route) == {"hlsId": "h1", "storage": {"type": "s3", "bucket": "b"}}


async def test_a_transcoding_keeps_an_unknown_status(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A status the API adds later decodes as the string it is."""
    api.get("/v2/transcodings/t1").respond(200, json={"id": "t1", "status": "queued"})

    job = await sdk.transcodings.get("t1")

    assert job.status == "queued"


async def test_a_per_call_retry_policy_bounds_a_read(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """recordings.get(retry=RetryPolicy(max_attempts=1)) makes one attempt only."""
    route = api.get("/v2/recordings/r1")
    route.side_effect = [httpx.Response(503), httpx.Response(200, json=RECORDING)]

    with pytest.raises(vs.VideoSDKError):
        await sdk.recordings.get("r1", retry=vs.RetryPolicy(max_attempts=1))

    assert route.call_count == 1


async def test_a_stop_answered_502_is_outcome_unknown_after_one_request(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A stop answered 502 raises outcome_unknown=True and is never repeated."""
    route = api.post("/v2/hls/end").respond(502)

    with pytest.raises(vs.InternalServerError) as info:
        await sdk.hls.stop("abcd")

    assert info.value.outcome_unknown is True
    assert route.call_count == 1


Call = Callable[[vs.AsyncVideoSDK], Awaitable[Any]]


@pytest.mark.parametrize(
    "call",
    [
        lambda sdk: sdk.recordings.start("a/b"),
        lambda sdk: sdk.recordings.stop(".."),
        lambda sdk: sdk.recordings.get(" r1"),
        lambda sdk: sdk.recordings.delete("r?1"),
        lambda sdk: sdk.recordings.participant.start("abcd", "p#1"),
        lambda sdk: sdk.recordings.track.stop("abcd", "p1", "smell"),
        lambda sdk: sdk.recordings.composite.stop("abcd", "c%1"),
        lambda sdk: sdk.recordings.merge.get(""),
        lambda sdk: sdk.hls.active("a/b"),
        lambda sdk: sdk.hls.capture("abcd", format="gif"),
        lambda sdk: sdk.livestreams.get("."),
        lambda sdk: sdk.transcodings.hls_to_mp4(),
        lambda sdk: sdk.transcodings.cancel("t/1"),
    ],
)
async def test_bad_ids_and_options_are_refused_before_any_request(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, call: Call
) -> None:
    """Unsafe ids, an unknown track kind or capture format, no hls_to_mp4 target: ValueError."""
    with pytest.raises(ValueError):
        await call(sdk)

    assert api.calls.call_count == 0


@pytest.mark.parametrize(
    "call",
    [
        lambda sdk: sdk.recordings.start(123),
        lambda sdk: sdk.recordings.start("abcd", composition={"layout": "grid"}),
        lambda sdk: sdk.livestreams.start("abcd", vs.RtmpOutput("rtmp://x", "k")),
        lambda sdk: sdk.livestreams.start("abcd", [{"url": "rtmp://x", "streamKey": "k"}]),
        lambda sdk: sdk.transcodings.merge("r1"),
    ],
)
async def test_wrong_types_are_refused_before_any_request(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, call: Call
) -> None:
    """A non-str id, a dict for a Composition or an RtmpOutput, a lone str of ids: TypeError."""
    with pytest.raises(TypeError):
        await call(sdk)

    assert api.calls.call_count == 0


def test_composition_takes_its_fields_positionally() -> None:
    """Composition(layout, priority, grid_size, ...) accepts positional arguments."""
    composition = vs.Composition("spotlight", "speaker", 2)

    assert composition.to_wire() == {
        "layout": {"type": "SPOTLIGHT", "priority": "SPEAKER", "gridSize": 2}
    }


@pytest.mark.parametrize(
    "fields",
    [
        {"layout": "mosaic"},
        {"priority": "loudest"},
        {"theme": "DARK"},
        {"quality": "4k"},
        {"orientation": "square"},
        {"mode": "video"},
    ],
)
def test_composition_refuses_values_outside_its_literals(fields: dict[str, Any]) -> None:
    """Each Composition field outside its set of values raises ValueError."""
    with pytest.raises(ValueError, match=next(iter(fields))):
        vs.Composition(**fields)


@pytest.mark.parametrize("size", [0, 25])
def test_grid_size_bounds_are_accepted(size: int) -> None:
    """grid_size 0 and 25 are inside the documented range."""
    assert vs.Composition(grid_size=size).to_wire()["layout"]["gridSize"] == size


@pytest.mark.parametrize(("url", "key"), [(None, "k"), ("rtmp://x", 5), ("  ", "k")])
def test_rtmp_output_refuses_a_blank_or_non_str_value(url: Any, key: Any) -> None:
    """RtmpOutput needs str values and a non-blank url."""
    with pytest.raises((TypeError, ValueError)):
        vs.RtmpOutput(url, key)


async def test_a_bare_string_start_keeps_the_message_in_raw(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A start answered with a bare string: no id, the string as raw['message']."""
    api.post("/v2/recordings/start").respond(200, json="Recording started successfully")

    started = await sdk.recordings.start("abcd")

    assert started.raw == {"message": "Recording started successfully"}
    assert started.to_dict() == {"kind": "recording", "room_id": "abcd", "id": None}
