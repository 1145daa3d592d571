"""The emulator's simulated sessions: the control API (in process and under /_emulator/), the
session lifecycle it drives, and the webhook events each change raises."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import videosdk_async as vs
from videosdk_async.emulator import Emulator
from videosdk_async.emulator.routes._session_store import SessionStore

BASE = "http://127.0.0.1"
START = 1_641_364_876.018  # 2022-01-05T06:41:16.018Z


async def _accept(request: Request) -> Response:
    return Response(status_code=200)


#: A webhook receiver that accepts everything (what it got is in `Emulator.deliveries`).
RECEIVER = Starlette(routes=[Route("/{name}", _accept, methods=["POST"])])


@pytest.fixture(name="emulator")
def _emulator() -> Emulator:
    return Emulator(clock=lambda: START, webhook_app=RECEIVER)


@pytest.fixture(name="room")
async def _room(emulator: Emulator) -> str:
    async with _sdk(emulator) as sdk:
        room = await sdk.rooms.create(
            custom_room_id="physics", webhook=vs.RoomWebhook("http://receiver/hook", ["*"])
        )
    return room.room_id


@pytest.fixture(name="admin")
async def _admin(emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=emulator.transport(), base_url=BASE) as client:
        yield client


def _sdk(emulator: Emulator) -> vs.AsyncVideoSDK:
    """An in-process SDK whose tokens are minted on the emulator's (fixed) clock."""
    return emulator.sdk(clock=lambda: START)


def _store(emulator: Emulator) -> SessionStore:
    return emulator._env.store(SessionStore)


async def _events(emulator: Emulator) -> list[dict[str, Any]]:
    """Every webhook delivered so far, as {webhookType, data} bodies."""
    return [json.loads(d.body) for d in await emulator.deliveries_settled()]


# -- the lifecycle, in process -------------------------------------------------------------


def test_the_first_join_starts_a_session(emulator: Emulator, room: str) -> None:
    """A join to a quiet room starts a session; SessionStore.live() returns it, with .id."""
    assert _store(emulator).live(room) is None

    emulator.join(room, "alice")

    live = _store(emulator).live(room)
    assert live is not None
    assert live.id == emulator.live_session(room)
    assert (live.room_id, live.custom_room_id, live.status) == (room, "physics", "ongoing")


def test_a_join_by_custom_room_id_joins_the_same_session(emulator: Emulator, room: str) -> None:
    """Joining by customRoomId and by roomId lands in one session."""
    emulator.join("physics", "alice")
    emulator.join(room, "bob")

    live = _store(emulator).live(room)
    assert live is not None
    assert sorted(live.participants) == ["alice", "bob"]


def test_a_join_without_an_id_gets_a_new_one(emulator: Emulator, room: str) -> None:
    """join() without a participant_id makes up a fresh id for each participant."""
    first = emulator.join(room)
    second = emulator.join(room)

    assert first != second
    assert {first, second} <= set(_store(emulator).live(room).participants)  # type: ignore[union-attr]


def test_leaving_and_rejoining_adds_a_second_stay(emulator: Emulator, room: str) -> None:
    """A participant who leaves and comes back has two timelog entries in one session."""
    emulator.join(room, "alice")
    emulator.join(room, "bob")
    emulator.leave(room, "alice")
    emulator.join(room, "alice")

    live = _store(emulator).live(room)
    assert live is not None
    stamp = "2022-01-05T06:41:16.018Z"
    assert live.participants["alice"].timelog == [[stamp, stamp], [stamp, None]]


def test_joining_twice_while_in_is_one_stay(emulator: Emulator, room: str) -> None:
    """A second join of someone already in opens no second timelog entry."""
    emulator.join(room, "alice")
    emulator.join(room, "alice")

    live = _store(emulator).live(room)
    assert live is not None
    assert len(live.participants["alice"].timelog) == 1


def test_the_last_leave_ends_the_session(emulator: Emulator, room: str) -> None:
    """When the last participant leaves, the session ends and the room is quiet."""
    emulator.join(room, "alice")
    session = _store(emulator).live(room)
    emulator.leave(room, "alice")

    assert session is not None
    assert (session.status, session.end) == ("ended", "2022-01-05T06:41:16.018Z")
    assert _store(emulator).live(room) is None


def test_a_join_after_the_end_starts_a_new_session(emulator: Emulator, room: str) -> None:
    """A room whose session ended starts a new one on the next join."""
    emulator.join(room, "alice")
    first = emulator.live_session(room)
    emulator.leave(room, "alice")
    emulator.join(room, "alice")

    assert emulator.live_session(room) not in (None, first)


def test_in_process_refusals(emulator: Emulator, room: str) -> None:
    """Unknown rooms, strangers and unknown sessions are LookupError; bad names ValueError."""
    emulator.join(room, "alice")

    with pytest.raises(LookupError):
        emulator.join("no-such-room")
    with pytest.raises(LookupError):
        emulator.leave(room, "zed")
    with pytest.raises(LookupError):
        emulator.add_stats("0" * 24, {"time": 1})
    with pytest.raises(ValueError):
        emulator.join(room, "", name="Nobody")
    with pytest.raises(ValueError):
        emulator.join(room, name=None)  # type: ignore[arg-type]


# -- webhook events ------------------------------------------------------------------------


async def test_each_change_raises_its_webhook_event(emulator: Emulator, room: str) -> None:
    """join, join, leave, leave raise session-started, two joins, two lefts, session-ended."""
    emulator.join(room, "alice", name="Alice")
    emulator.join(room, "bob", name="Bob")
    session_id = emulator.live_session(room)
    emulator.leave(room, "alice")
    emulator.leave(room, "bob")

    events = await _events(emulator)

    stamp = "2022-01-05T06:41:16.018+00:00"
    ids = {"meetingId": room, "sessionId": session_id}
    alice = {**ids, "participantId": "alice", "participantName": "Alice"}
    bob = {**ids, "participantId": "bob", "participantName": "Bob"}
    assert events == [
        {"webhookType": "session-started", "data": {**ids, "start": stamp}},
        {"webhookType": "participant-joined", "data": alice},
        {"webhookType": "participant-joined", "data": bob},
        {"webhookType": "participant-left", "data": alice},
        {"webhookType": "participant-left", "data": bob},
        {"webhookType": "session-ended", "data": {**ids, "start": stamp, "end": stamp}},
    ]


async def test_an_end_raises_a_left_for_everyone_then_session_ended(
    emulator: Emulator, room: str
) -> None:
    """POST /v2/sessions/end lets everyone out (participant-left each), then ends."""
    emulator.join(room, "alice")
    emulator.join(room, "bob")
    async with _sdk(emulator) as sdk:
        await sdk.sessions.end(room)

    events = [e["webhookType"] for e in await _events(emulator)]

    assert events[-3:] == ["participant-left", "participant-left", "session-ended"]


# -- the control API over HTTP -------------------------------------------------------------


async def test_http_join_and_leave(admin: httpx.AsyncClient, emulator: Emulator, room: str) -> None:
    """POST /_emulator/rooms/{id}/join {participantId, name} and .../leave drive a session."""
    joined = await admin.post(
        f"/_emulator/rooms/{room}/join", json={"participantId": "alice", "name": "Alice"}
    )
    live = _store(emulator).live(room)
    left = await admin.post(f"/_emulator/rooms/{room}/leave", json={"participantId": "alice"})

    assert (joined.status_code, joined.json()) == (200, {"participantId": "alice"})
    assert live is not None
    assert live.participants["alice"].name == "Alice"
    assert left.status_code == 200
    assert emulator.live_session(room) is None


async def test_http_join_without_a_body_makes_up_an_id(
    admin: httpx.AsyncClient, emulator: Emulator, room: str
) -> None:
    """A join with no body gets a generated participantId and the name Guest."""
    answer = await admin.post(f"/_emulator/rooms/{room}/join")

    participant_id = answer.json()["participantId"]
    live = _store(emulator).live(room)
    assert live is not None
    assert live.participants[participant_id].name == "Guest"


async def test_http_stats_adds_a_sample(
    admin: httpx.AsyncClient, emulator: Emulator, room: str
) -> None:
    """POST /_emulator/sessions/{id}/stats {sample, participantId?} adds a sample."""
    emulator.join(room, "alice")
    session_id = emulator.live_session(room)

    answer = await admin.post(
        f"/_emulator/sessions/{session_id}/stats",
        json={"sample": {"time": 1, "audioRtt": 20}, "participantId": "alice"},
    )
    async with _sdk(emulator) as sdk:
        stats = await sdk.sessions.participant_stats(str(session_id), "alice")

    assert answer.status_code == 200
    assert stats.stats == ({"time": 1, "audioRtt": 20},)


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/_emulator/rooms/no-such-room/join", {}, 404),
        ("/_emulator/rooms/ROOM/leave", {"participantId": "zed"}, 404),
        ("/_emulator/rooms/ROOM/leave", {}, 400),
        ("/_emulator/rooms/ROOM/join", {"participantId": 7}, 400),
        ("/_emulator/rooms/ROOM/join", {"name": ""}, 400),
        ("/_emulator/rooms/ROOM/join", [], 400),
        ("/_emulator/rooms/ROOM/stats", {}, 404),
        ("/_emulator/rooms/ROOM/dance", {}, 404),
        ("/_emulator/sessions/SESSION/join", {}, 404),
        ("/_emulator/sessions/SESSION/stats", {"sample": [1]}, 400),
        (f"/_emulator/sessions/{'0' * 24}/stats", {"sample": {}}, 404),
    ],
)
async def test_http_control_refusals(
    admin: httpx.AsyncClient, emulator: Emulator, room: str, path: str, body: Any, status: int
) -> None:
    """Unknown rooms, sessions and actions are 404; bad bodies are 400, never a 500."""
    emulator.join(room, "alice")
    target = path.replace("ROOM", room).replace("SESSION", str(emulator.live_session(room)))

    answer = await admin.post(target, json=body)

    assert answer.status_code == status
    assert "message" in answer.json()
