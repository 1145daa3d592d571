"""The emulator's /v2/sessions routes as a plain HTTP client sees them: shapes and quirks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from videosdk_async.emulator import Emulator

BASE = "http://127.0.0.1"
START = 1_641_364_876.018  # 2022-01-05T06:41:16.018Z


class Clock:
    """The emulator's wall clock, moved by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture(name="clock")
def _clock() -> Clock:
    return Clock()


@pytest.fixture(name="emulator")
def _emulator(clock: Clock) -> Emulator:
    return Emulator(clock=clock)


@pytest.fixture(name="client")
async def _client(emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=emulator.transport(),
        base_url=BASE,
        headers={"Authorization": emulator.token(now=START, ttl=86_400)},
    ) as client:
        yield client


@pytest.fixture(name="room")
async def _room(client: httpx.AsyncClient) -> str:
    answer = await client.post("/v2/rooms", json={"customRoomId": "physics"})
    room_id: str = answer.json()["roomId"]
    return room_id


def _live(emulator: Emulator, room: str) -> str:
    session_id = emulator.live_session(room)
    assert session_id is not None
    return session_id


async def _json(client: httpx.AsyncClient, path: str, **params: Any) -> Any:
    answer = await client.get(path, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


# -- list and get --------------------------------------------------------------------------


async def test_list_answers_paged_sessions_in_the_documented_shape(
    client: httpx.AsyncClient, emulator: Emulator, room: str
) -> None:
    """GET /v2/sessions answers {pageInfo, data: [session]} with every documented key."""
    emulator.join(room, "alice", name="Alice")

    body = await _json(client, "/v2/sessions", roomId=room)

    assert body["pageInfo"] == {"currentPage": 1, "perPage": 20, "lastPage": 1, "total": 1}
    session = body["data"][0]
    assert session == {
        "id": _live(emulator, room),
        "roomId": room,
        "customRoomId": "physics",
        "start": "2022-01-05T06:41:16.018Z",
        "end": None,
        "participants": [
            {
                "participantId": "alice",
                "name": "Alice",
                "timelog": [{"start": "2022-01-05T06:41:16.018Z", "end": None}],
            }
        ],
        "status": "ongoing",
        "links": {
            "get_room": f"{BASE}/v2/rooms/{room}",
            "get_session": f"{BASE}/v2/sessions/{session['id']}",
        },
    }


async def test_list_filters_by_status_custom_room_id_and_epoch_millisecond_dates(
    client: httpx.AsyncClient, emulator: Emulator, room: str, clock: Clock
) -> None:
    """status, customRoomId and startDate/endDate (epoch ms, on start) select sessions."""
    emulator.join(room, "alice")
    emulator.leave(room, "alice")
    first = (await _json(client, "/v2/sessions", roomId=room))["data"][0]["id"]
    clock.now += 3600
    emulator.join(room, "alice")
    second = _live(emulator, room)
    start_ms = round(START * 1000)

    def ids(body: Any) -> list[str]:
        return [s["id"] for s in body["data"]]

    assert ids(await _json(client, "/v2/sessions", customRoomId="physics")) == [second, first]
    assert ids(await _json(client, "/v2/sessions", status="ended")) == [first]
    assert ids(await _json(client, "/v2/sessions", startDate=start_ms + 1)) == [second]
    assert ids(await _json(client, "/v2/sessions", endDate=start_ms)) == [first]


async def test_get_adds_user_id_active_duration_and_chat_link(
    client: httpx.AsyncClient, emulator: Emulator, room: str, clock: Clock
) -> None:
    """GET /v2/sessions/{id} answers the session plus userId, activeDuration and chatLink."""
    emulator.join(room, "alice")
    clock.now += 90
    emulator.leave(room, "alice")
    listed = (await _json(client, "/v2/sessions", roomId=room))["data"][0]

    body = await _json(client, f"/v2/sessions/{listed['id']}")

    assert {k: body[k] for k in listed} == listed
    assert set(body) - set(listed) == {"userId", "activeDuration", "chatLink"}
    assert (body["status"], body["end"], body["activeDuration"]) == (
        "ended",
        "2022-01-05T06:42:46.018Z",
        90,
    )


async def test_an_unknown_session_is_404(client: httpx.AsyncClient) -> None:
    """GET /v2/sessions/{unknown} answers 404 "Session not found"."""
    answer = await client.get(f"/v2/sessions/{'0' * 24}")

    assert answer.status_code == 404
    assert answer.json()["message"] == "Session not found"


# -- participants --------------------------------------------------------------------------


async def test_participants_data_is_one_object(
    client: httpx.AsyncClient, emulator: Emulator, room: str
) -> None:
    """GET .../participants answers `data` as ONE object holding a page of participants."""
    emulator.join(room, "alice")
    emulator.join(room, "bob")
    session_id = _live(emulator, room)

    body = await _json(client, f"/v2/sessions/{session_id}/participants", page=2, perPage=1)

    assert body["pageInfo"] == {"currentPage": 2, "perPage": 1, "lastPage": 2, "total": 2}
    data = body["data"]
    assert set(data) == {"id", "roomId", "customRoomId", "participants", "links"}
    assert (data["id"], data["roomId"], data["customRoomId"]) == (session_id, room, "physics")
    assert [p["participantId"] for p in data["participants"]] == ["bob"]


async def test_active_participants_are_data_0_participants(
    client: httpx.AsyncClient, emulator: Emulator, room: str
) -> None:
    """GET .../participants/active answers a list whose first item holds who is in now."""
    emulator.join(room, "alice")
    emulator.join(room, "bob")
    emulator.leave(room, "alice")
    session_id = _live(emulator, room)

    body = await _json(client, f"/v2/sessions/{session_id}/participants/active")

    assert body["pageInfo"]["total"] == 1
    (session,) = body["data"]
    assert (session["_id"], session["end"], session["status"]) == (session_id, None, "ongoing")
    (bob,) = session["participants"]
    assert (bob["participantId"], bob["mode"], bob["initTime"]) == (
        "bob",
        "CONFERENCE",
        "2022-01-05T06:41:16.018Z",
    )
    assert set(bob["events"]) == {"mic", "webcam", "screenShare", "screenShareAudio"}


async def test_active_participants_of_an_ended_session_is_an_empty_list(
    client: httpx.AsyncClient, emulator: Emulator, room: str
) -> None:
    """Once a session has ended, its active list answers `data: []`."""
    emulator.join(room, "alice")
    session_id = _live(emulator, room)
    emulator.leave(room, "alice")

    body = await _json(client, f"/v2/sessions/{session_id}/participants/active")

    assert (body["data"], body["pageInfo"]["total"]) == ([], 0)


async def test_participant_answers_the_participant_object(
    client: httpx.AsyncClient, emulator: Emulator, room: str
) -> None:
    """GET .../participants/{pid} answers the participant itself, not an envelope."""
    emulator.join(room, "alice", name="Alice")
    session_id = _live(emulator, room)

    body = await _json(client, f"/v2/sessions/{session_id}/participants/alice")
    missing = await client.get(f"/v2/sessions/{session_id}/participants/zed")

    assert body == {
        "participantId": "alice",
        "name": "Alice",
        "timelog": [{"start": "2022-01-05T06:41:16.018Z", "end": None}],
    }
    assert missing.status_code == 404


async def test_stats_routes_answer_session_id_meeting_id_and_samples(
    client: httpx.AsyncClient, emulator: Emulator, room: str
) -> None:
    """.../stats and .../participant/{pid}/stats answer {sessionId, meetingId, stats}."""
    emulator.join(room, "alice")
    session_id = _live(emulator, room)
    emulator.add_stats(session_id, {"time": 1, "audioBitrate": 32})

    whole = await _json(client, f"/v2/sessions/{session_id}/stats")
    alice = await _json(client, f"/v2/sessions/{session_id}/participant/alice/stats")

    assert whole == {
        "sessionId": session_id,
        "meetingId": room,
        "stats": [{"time": 1, "audioBitrate": 32}],
    }
    assert alice == {"sessionId": session_id, "meetingId": room, "stats": []}


# -- end -----------------------------------------------------------------------------------


async def test_end_answers_v1_names_with_end_null_and_no_status(
    client: httpx.AsyncClient, emulator: Emulator, room: str
) -> None:
    """POST /v2/sessions/end answers meetingId/userMeetingId, end null, no status [DOC]."""
    emulator.join(room, "alice")
    session_id = _live(emulator, room)

    answer = await client.post("/v2/sessions/end", json={"roomId": room})

    body = answer.json()
    assert answer.status_code == 200
    assert (body["id"], body["meetingId"], body["userMeetingId"]) == (session_id, room, "physics")
    assert body["end"] is None
    assert "status" not in body
    assert "roomId" not in body


async def test_end_closes_the_session_and_every_open_timelog(
    client: httpx.AsyncClient, emulator: Emulator, room: str, clock: Clock
) -> None:
    """After an end, the session and every participant's last stay end at the same time."""
    emulator.join(room, "alice")
    emulator.join(room, "bob")
    session_id = _live(emulator, room)
    clock.now += 60

    await client.post("/v2/sessions/end", json={"roomId": room})
    body = await _json(client, f"/v2/sessions/{session_id}")

    assert emulator.live_session(room) is None
    assert body["end"] == "2022-01-05T06:42:16.018Z"
    assert [p["timelog"][-1]["end"] for p in body["participants"]] == [body["end"]] * 2


async def test_end_accepts_meeting_id_for_room_id(
    client: httpx.AsyncClient, emulator: Emulator, room: str
) -> None:
    """POST /v2/sessions/end takes meetingId as an alias of roomId."""
    emulator.join(room, "alice")

    answer = await client.post("/v2/sessions/end", json={"meetingId": room})

    assert answer.status_code == 200
    assert emulator.live_session(room) is None


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({}, 400),
        ({"roomId": "zzzz-zzzz-zzzz"}, 404),
        ({"roomId": "ROOM"}, 404),
        ({"roomId": "ROOM", "sessionId": "0" * 24}, 404),
    ],
    ids=["no roomId", "unknown room", "nothing live", "unknown session"],
)
async def test_end_refusals(
    client: httpx.AsyncClient, room: str, body: dict[str, str], status: int
) -> None:
    """An end without a room, of an unknown room or with nothing live to end is refused."""
    payload = {k: room if v == "ROOM" else v for k, v in body.items()}

    answer = await client.post("/v2/sessions/end", json=payload)

    assert answer.status_code == status


async def test_ending_an_ended_session_is_refused_unless_ignore_closed(
    client: httpx.AsyncClient, emulator: Emulator, room: str
) -> None:
    """Ending a closed session answers 406; with ignoreClosed it answers the session as is."""
    emulator.join(room, "alice")
    session_id = _live(emulator, room)
    emulator.leave(room, "alice")
    body = {"roomId": room, "sessionId": session_id}

    refused = await client.post("/v2/sessions/end", json=body)
    ignored = await client.post("/v2/sessions/end", json={**body, "ignoreClosed": True})

    assert refused.status_code == 406
    assert ignored.status_code == 200
    assert ignored.json()["end"] is not None


# -- remove --------------------------------------------------------------------------------


async def test_remove_answers_a_bare_string_and_closes_the_stay(
    client: httpx.AsyncClient, emulator: Emulator, room: str
) -> None:
    """POST .../participants/remove answers a JSON string; the participant is out."""
    emulator.join(room, "alice")
    emulator.join(room, "bob")
    session_id = _live(emulator, room)

    answer = await client.post(
        "/v2/sessions/participants/remove", json={"participantId": "alice", "roomId": room}
    )
    alice = await _json(client, f"/v2/sessions/{session_id}/participants/alice")

    assert answer.status_code == 200
    assert isinstance(answer.json(), str)
    assert alice["timelog"][-1]["end"] is not None
    assert emulator.live_session(room) == session_id


async def test_removing_the_last_participant_by_session_ends_the_session(
    client: httpx.AsyncClient, emulator: Emulator, room: str
) -> None:
    """A removal by sessionId of the last one in ends the session."""
    emulator.join(room, "alice")
    session_id = _live(emulator, room)

    await client.post(
        "/v2/sessions/participants/remove",
        json={"participantId": "alice", "sessionId": session_id},
    )

    assert emulator.live_session(room) is None


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"roomId": "ROOM"}, 400),
        ({"participantId": "alice"}, 400),
        ({"participantId": "zed", "roomId": "ROOM"}, 404),
    ],
    ids=["no participantId", "neither roomId nor sessionId", "not in the session"],
)
async def test_remove_refusals(
    client: httpx.AsyncClient, emulator: Emulator, room: str, body: dict[str, str], status: int
) -> None:
    """A removal without a participant, without a room or session, or of a stranger fails."""
    emulator.join(room, "alice")
    payload = {k: room if v == "ROOM" else v for k, v in body.items()}

    answer = await client.post("/v2/sessions/participants/remove", json=payload)

    assert answer.status_code == status
    assert emulator.live_session(room) is not None
