"""sdk.sessions and sdk.participants at the wire (respx): paths, queries, bodies and quirks."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
import respx

import videosdk_async as vs

SID = "61d53d8c964704379e7d927a"
PARTICIPANT = {
    "participantId": "wcrkkrf4",
    "name": "Alice",
    "timelog": [{"start": "2022-01-05T06:41:16.018Z", "end": None}],
}
SESSION = {
    "id": SID,
    "roomId": "abcd-efgh-ijkl",
    "customRoomId": "class-7",
    "start": "2022-01-05T06:41:16.018Z",
    "end": "2022-01-05T07:41:16.018Z",
    "participants": [PARTICIPANT],
    "status": "ended",
    "links": {"get_room": "x"},
}
PAGE_INFO = {"currentPage": 1, "perPage": 20, "lastPage": 1, "total": 1}


async def test_list_sends_filters_and_dates_as_epoch_milliseconds(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """list() sends roomId, status and dates as epoch milliseconds."""
    route = api.get("/v2/sessions").respond(200, json={"pageInfo": PAGE_INFO, "data": [SESSION]})
    since = datetime(2022, 1, 5, 6, 0, tzinfo=UTC)
    until = datetime(2022, 1, 5, 12, 0, tzinfo=timezone(timedelta(hours=5)))

    page = await sdk.sessions.list(room_id="abcd", status="ended", start_date=since, end_date=until)

    assert dict(route.calls.last.request.url.params) == {
        "roomId": "abcd",
        "status": "ended",
        "startDate": "1641362400000",
        "endDate": "1641366000000",
    }
    assert page.data[0].id == SID


async def test_naive_dates_are_refused(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """A date without a timezone is refused before any request."""
    with pytest.raises(ValueError, match="timezone"):
        sdk.sessions.list(start_date=datetime(2022, 1, 5))

    assert api.calls.call_count == 0


async def test_get_decodes_the_session(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """get() decodes a session with its participants and timelogs."""
    api.get(f"/v2/sessions/{SID}").respond(200, json=SESSION)

    session = await sdk.sessions.get(SID)

    assert (session.room_id, session.custom_room_id, session.status) == (
        "abcd-efgh-ijkl",
        "class-7",
        "ended",
    )
    assert session.participants[0] == vs.Participant(
        participant_id="wcrkkrf4",
        name="Alice",
        timelog=(vs.TimelogEntry(start=datetime(2022, 1, 5, 6, 41, 16, 18000, tzinfo=UTC)),),
    )


async def test_meeting_id_stands_in_for_room_id(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An answer naming the room meetingId/userMeetingId decodes into room_id/custom_room_id."""
    answer = {"id": SID, "meetingId": "abcd", "userMeetingId": "c7", "start": None, "end": None}
    api.post("/v2/sessions/end").respond(200, json=answer)

    session = await sdk.sessions.end("abcd")

    assert (session.room_id, session.custom_room_id) == ("abcd", "c7")


@pytest.mark.parametrize(("end", "status"), [(None, "ongoing"), ("2022-01-05T07:00:00Z", "ended")])
async def test_status_is_derived_from_end(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, end: str | None, status: str
) -> None:
    """An answer without status gets ongoing (end is null) or ended (end is set)."""
    api.get(f"/v2/sessions/{SID}").respond(200, json={"id": SID, "roomId": "r", "end": end})

    assert (await sdk.sessions.get(SID)).status == status


async def test_end_posts_room_and_session_ids(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """end() POSTs {roomId, sessionId} to /v2/sessions/end."""
    route = api.post("/v2/sessions/end").respond(200, json={"id": SID, "roomId": "abcd"})

    await sdk.sessions.end("abcd", session_id=SID)

    assert json.loads(route.calls.last.request.content) == {"roomId": "abcd", "sessionId": SID}


async def test_participants_data_is_one_object(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """participants() reads `data` as one object holding `participants`."""
    api.get(f"/v2/sessions/{SID}/participants").respond(
        200,
        json={"pageInfo": PAGE_INFO, "data": {"id": SID, "participants": [PARTICIPANT]}},
    )

    page = await sdk.sessions.participants(SID)

    assert [p.participant_id for p in page.data] == ["wcrkkrf4"]


async def test_active_participants_are_data_0_participants(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """active_participants() reads `data[0].participants`."""
    active = {**PARTICIPANT, "mode": "CONFERENCE", "events": {"mic": []}}
    api.get(f"/v2/sessions/{SID}/participants/active").respond(
        200, json={"pageInfo": PAGE_INFO, "data": [{"_id": SID, "participants": [active]}]}
    )

    page = await sdk.sessions.active_participants(SID)

    assert [p.participant_id for p in page.data] == ["wcrkkrf4"]
    assert page.data[0].raw["mode"] == "CONFERENCE"


async def test_active_participants_of_an_empty_list_is_empty(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An active list whose `data` is [] is an empty page."""
    api.get(f"/v2/sessions/{SID}/participants/active").respond(
        200, json={"pageInfo": {**PAGE_INFO, "total": 0}, "data": []}
    )

    assert (await sdk.sessions.active_participants(SID)).data == []


async def test_removal_answers_a_bare_string(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """remove_participant() POSTs the ids and returns the API's bare-string answer."""
    route = api.post("/v2/sessions/participants/remove").respond(200, json="Participant removed")

    answer = await sdk.sessions.remove_participant("wcrkkrf4", room_id="abcd")

    assert answer == "Participant removed"
    assert json.loads(route.calls.last.request.content) == {
        "participantId": "wcrkkrf4",
        "roomId": "abcd",
    }


async def test_removal_without_room_or_session_sends_nothing(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """remove_participant() without room_id or session_id raises ValueError, sending nothing."""
    with pytest.raises(ValueError, match="room_id"):
        await sdk.sessions.remove_participant("wcrkkrf4")

    assert api.calls.call_count == 0


async def test_stats_paths_and_decoding(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """stats() and participant_stats() use their paths (singular `participant`) and decode."""
    sample = {"time": 1, "audioBitrate": 32, "qualityScore": {"audio": 4}}
    api.get(f"/v2/sessions/{SID}/stats").respond(
        200, json={"sessionId": SID, "meetingId": "r", "stats": [sample]}
    )
    api.get(f"/v2/sessions/{SID}/participant/p1/stats").respond(
        200, json={"sessionId": SID, "stats": []}
    )

    whole = await sdk.sessions.stats(SID)
    one = await sdk.sessions.participant_stats(SID, "p1")

    assert whole == vs.SessionStats(session_id=SID, stats=(sample,))
    assert one.stats == ()


async def test_participants_list_without_a_live_session_is_empty_after_one_request(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """participants.list(room) with nothing live yields nothing, after at most 2 requests."""
    route = api.get("/v2/sessions").respond(
        200, json={"pageInfo": {**PAGE_INFO, "total": 0}, "data": []}
    )

    found = [p async for p in sdk.participants.list("abcd")]

    assert found == []
    assert api.calls.call_count <= 2
    assert dict(route.calls.last.request.url.params) == {
        "roomId": "abcd",
        "status": "ongoing",
        "perPage": "1",
    }


async def test_participants_get_without_a_live_session_is_room_not_found(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """participants.get() raises RoomNotFoundError when nothing is live in the room."""
    api.get("/v2/sessions").respond(200, json={"pageInfo": PAGE_INFO, "data": []})

    with pytest.raises(vs.RoomNotFoundError):
        await sdk.participants.get("abcd", "p1")
