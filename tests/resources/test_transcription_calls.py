"""Realtime transcription at the wire (respx): each call's method, path, query and body, and
what it makes of the answer."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

import videosdk_async as vs

PATH = "/ai/v1/realtime-transcriptions"
ANSWER = {
    "id": "t1",
    "status": "started",
    "extension": {"extensionConfig": {"roomId": "abcd", "sessionId": "s1"}},
    "transcriptionFilePaths": {"txt": "https://f/t.txt", "srt": None},
    "summarizedFilePaths": {},
    "start": "2024-05-01T09:00:00.000Z",
    "end": None,
}


def _body(route: respx.Route) -> Any:
    return json.loads(route.calls.last.request.content)


def _query(route: respx.Route) -> dict[str, str]:
    return dict(route.calls.last.request.url.params)


async def test_start_sends_every_option(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """start(room, ...) is POST .../start {roomId, webhookUrl, modelId, language, summary}."""
    route = api.post(f"{PATH}/start").respond(200, json={"id": "t1", "status": "started"})

    found = await sdk.transcription.realtime.start(
        "abcd",
        webhook_url="https://hooks/x",
        model_id="deepgram/nova-2",
        language="en",
        summary=vs.TranscriptionSummary(prompt="action items"),
    )

    assert _body(route) == {
        "roomId": "abcd",
        "webhookUrl": "https://hooks/x",
        "modelId": "deepgram/nova-2",
        "language": "en",
        "summary": {"enabled": True, "prompt": "action items"},
    }
    assert (found.id, found.room_id, found.status) == ("t1", "abcd", "started")


async def test_start_sends_only_the_room_by_default(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """start(room) sends {roomId} alone; a summary turned off is {enabled: false}."""
    route = api.post(f"{PATH}/start").respond(200, json={"id": "t1"})

    await sdk.transcription.realtime.start("abcd")
    first = _body(route)
    await sdk.transcription.realtime.start("abcd", summary=vs.TranscriptionSummary(False))

    assert first == {"roomId": "abcd"}
    assert _body(route) == {"roomId": "abcd", "summary": {"enabled": False}}


async def test_stop_by_room_or_transcription(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """stop(room_id) and stop(transcription) both POST .../end {roomId}; room filled in."""
    route = api.post(f"{PATH}/end").respond(200, json={"id": "t1", "status": "stopped"})
    started = vs.RealtimeTranscription(id="t1", room_id="r 1")

    by_room = await sdk.transcription.realtime.stop("abcd")
    first = _body(route)
    by_object = await sdk.transcription.realtime.stop(started)

    assert first == {"roomId": "abcd"}
    assert _body(route) == {"roomId": "r 1"}
    assert (by_room.room_id, by_object.room_id) == ("abcd", "r 1")


async def test_stop_of_a_transcription_without_room_sends_nothing(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A RealtimeTranscription whose room_id is None is refused with ValueError."""
    route = api.post(f"{PATH}/end").respond(200, json={})

    with pytest.raises(ValueError, match="room_id"):
        await sdk.transcription.realtime.stop(vs.RealtimeTranscription(id="t1"))

    assert route.call_count == 0


async def test_get_reads_room_and_session_from_the_extension(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """get(id) is GET .../{id} (encoded); room and session come from extensionConfig."""
    route = api.get(f"{PATH}/t%201").respond(200, json=ANSWER)

    got = await sdk.transcription.realtime.get("t 1")

    assert route.call_count == 1
    assert (got.room_id, got.session_id) == ("abcd", "s1")
    assert got.transcription_file_paths == {"txt": "https://f/t.txt"}
    assert got.end is None
    assert got.start is not None
    assert got.start.tzinfo is not None


async def test_get_accepts_a_data_wrapped_answer(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An answer {data: {...}} decodes as the object inside."""
    api.get(f"{PATH}/t1").respond(200, json={"data": ANSWER})

    got = await sdk.transcription.realtime.get("t1")

    assert (got.id, got.room_id) == ("t1", "abcd")


async def test_list_reads_the_transcriptions_key(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """list(status=, page=, per_page=) is GET ...?status&page&perPage; key transcriptions."""
    page_info = {"currentPage": 1, "perPage": 5, "lastPage": 1, "total": 1}
    route = api.get(PATH).respond(200, json={"pageInfo": page_info, "transcriptions": [ANSWER]})

    page = await sdk.transcription.realtime.list(status="videosdk", page=1, per_page=5)

    assert _query(route) == {"status": "videosdk", "page": "1", "perPage": "5"}
    assert [t.room_id for t in page.data] == ["abcd"]


async def test_list_without_options_sends_no_query(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """list() sends no query at all; items under data are read too."""
    route = api.get(PATH).respond(200, json={"data": [ANSWER]})

    page = await sdk.transcription.realtime.list()

    assert _query(route) == {}
    assert [t.id for t in page.data] == ["t1"]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"room_id": "a/b"}, ValueError),
        ({"room_id": 7}, TypeError),
        ({"room_id": "abcd", "model_id": ""}, ValueError),
        ({"room_id": "abcd", "summary": {"enabled": True}}, TypeError),
        ({"room_id": "abcd", "webhook_url": "   "}, ValueError),
    ],
)
async def test_start_refuses_bad_input_before_sending(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, kwargs: dict[str, Any], error: type
) -> None:
    """Bad ids and options are refused before any request."""
    route = api.post(f"{PATH}/start").respond(200, json={})
    room = kwargs.pop("room_id")

    with pytest.raises(error):
        await sdk.transcription.realtime.start(room, **kwargs)

    assert route.call_count == 0


def test_a_summary_checks_its_values() -> None:
    """TranscriptionSummary refuses a non-bool enabled and a blank prompt."""
    with pytest.raises(TypeError):
        vs.TranscriptionSummary(enabled="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="prompt"):
        vs.TranscriptionSummary(prompt=" ")


async def test_start_is_not_repeated_after_a_502(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A 502 on start raises with outcome_unknown after exactly one request."""
    route = api.post(f"{PATH}/start").mock(return_value=httpx.Response(502, json={}))

    with pytest.raises(vs.InternalServerError) as info:
        await sdk.transcription.realtime.start("abcd")

    assert info.value.outcome_unknown is True
    assert route.call_count == 1
