"""Every model: .raw keeps the answer, .to_dict() is JSON-ready, a web handler can return it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import attrs
import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import videosdk_async as vs
from videosdk_async.models._base import Model

from .conftest import MEETING_JSON

ROOM = {
    "roomId": "abcd-efgh-ijkl",
    "id": "i",
    "createdAt": "2022-01-05T06:41:16.018Z",
    "webhook": {"endPoint": "https://h/x", "events": ["*"]},
    "autoCloseConfig": {"type": "session-ends", "duration": 3},
    "links": {"get_room": "x"},
    "futureField": {"nested": [1, 2]},
}


def _decode(cls: type, data: dict[str, object]) -> Model:
    from videosdk_async._core._converter import structure

    return structure(data, cls)  # type: ignore[no-any-return]


def test_every_public_model_is_a_frozen_attrs_model() -> None:
    """Each public result class derives from Model and is frozen."""
    for name in vs.__all__:
        obj = getattr(vs, name)
        if isinstance(obj, type) and issubclass(obj, Model):
            assert attrs.has(obj), name
            assert obj.__setattr__ is not object.__setattr__, name


def test_room_to_dict_is_snake_case_iso_and_json_ready() -> None:
    """Room.to_dict() has snake_case keys, ISO datetimes, nested models as dicts, no raw."""
    data = _decode(vs.Room, ROOM).to_dict()

    assert data["room_id"] == "abcd-efgh-ijkl"
    assert data["created_at"] == datetime(2022, 1, 5, 6, 41, 16, 18000, tzinfo=UTC).isoformat()
    assert data["webhook"] == {"url": "https://h/x", "events": ["*"]}
    assert data["auto_close"] == {"type": "session-ends", "duration": 3}
    assert "raw" not in data
    assert json.loads(json.dumps(data)) == data


def test_raw_keeps_unknown_fields() -> None:
    """Fields the SDK does not know stay reachable in .raw."""
    room = _decode(vs.Room, ROOM)

    assert room.raw["futureField"] == {"nested": [1, 2]}


def test_meeting_to_dict_passes_json_dumps() -> None:
    """Meeting.to_dict() passes json.dumps."""
    meeting = _decode(vs.Meeting, MEETING_JSON)

    assert json.loads(json.dumps(meeting.to_dict()))["meeting_id"] == "87i6-bvw8-dtn1"


async def test_a_starlette_handler_returns_a_model() -> None:
    """A web handler returns room.to_dict() and the client gets the same JSON back."""
    room = _decode(vs.Room, ROOM)

    async def handler(request: Request) -> JSONResponse:
        return JSONResponse(room.to_dict())

    app = Starlette(routes=[Route("/room", handler)])
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        answer = await client.get("/room")

    assert answer.status_code == 200
    assert answer.json() == room.to_dict()


def test_raw_is_not_part_of_equality_or_repr() -> None:
    """Two rooms equal but for raw compare equal; repr does not dump raw."""
    one = _decode(vs.Room, ROOM)
    two = _decode(vs.Room, {**ROOM, "futureField": 0})

    assert one == two
    assert "futureField" not in repr(one)
