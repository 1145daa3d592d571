"""An async web app that opens and checks rooms: one AsyncVideoSDK, shared by all requests.

Run it (offline, on the in-process emulator, unless VIDEOSDK_API_KEY and VIDEOSDK_SECRET are
set):

    pip install -e '.[examples]'
    uvicorn examples.web_app:app --port 8000

    curl -X POST localhost:8000/rooms -d '{"name": "math-101", "participant": "alice"}'
    curl localhost:8000/rooms/math-101                  # by roomId or name
    curl localhost:8000/rooms/<roomId>/participants      # who is in the room now

``POST /rooms`` opens the v2 room whose custom room id is ``name`` (required): the API returns
the existing room for a known custom id, so posting the same name twice, or retrying after a
timeout, gives the same room and creates nothing twice.

How SDK errors become HTTP answers:

| SDK error                                  | HTTP answer                                     |
|--------------------------------------------|-------------------------------------------------|
| RoomNotFoundError, or an unsafe id         | 404                                             |
| RateLimitError                             | 503 with Retry-After (the API asked us to wait) |
| outcome_unknown (create sent, no answer)   | 502, saying the room may exist                  |
| any other VideoSDKError                    | 502                                             |
"""

from __future__ import annotations

import math
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import videosdk_async as vs

#: How many AsyncVideoSDK instances this process created (one per app lifespan).
SDK_INSTANCES = 0


def make_sdk() -> vs.AsyncVideoSDK:
    """The real API when credentials are set, else the in-process emulator."""
    global SDK_INSTANCES
    SDK_INSTANCES += 1
    if os.environ.get("VIDEOSDK_API_KEY") and os.environ.get("VIDEOSDK_SECRET"):
        return vs.AsyncVideoSDK()
    from videosdk_async.emulator import Emulator

    return Emulator().sdk()


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    async with make_sdk() as sdk:  # one connection pool for the whole app
        app.state.sdk = sdk
        yield


def _error(exc: vs.VideoSDKError) -> JSONResponse:
    if isinstance(exc, vs.RoomNotFoundError):
        return JSONResponse({"error": "room not found"}, status_code=404)
    if isinstance(exc, vs.RateLimitError):
        wait = math.ceil(exc.retry_after or 1)
        return JSONResponse(
            {"error": "the video API is rate limiting us, try again shortly"},
            status_code=503,
            headers={"Retry-After": str(wait)},
        )
    if exc.outcome_unknown:
        return JSONResponse(
            {"error": "the room may or may not have been created; check before retrying"},
            status_code=502,
        )
    return JSONResponse({"error": "the video API failed"}, status_code=502)


def _bad_input(name: object, participant: object) -> str | None:
    """Why the request cannot be served, or None."""
    if not isinstance(name, str) or not name.strip() or len(name) > 256:
        return "name must be a non-empty string of at most 256 characters"
    if not name.isprintable():
        return "name must not contain control characters"
    if participant is not None and (
        not isinstance(participant, str) or not participant.strip() or len(participant) > 256
    ):
        return "participant must be a non-empty string of at most 256 characters"
    return None


async def open_room(request: Request) -> JSONResponse:
    sdk: vs.AsyncVideoSDK = request.app.state.sdk
    try:
        body = await request.json() if await request.body() else {}
    except ValueError:
        return JSONResponse({"error": "the body must be JSON"}, status_code=400)
    if not isinstance(body, dict):
        return JSONResponse({"error": "the body must be a JSON object"}, status_code=400)
    name, participant = body.get("name"), body.get("participant")
    # Check every input before creating anything: a room opened for a request we then
    # refuse would be a room nobody knows about.
    problem = _bad_input(name, participant)
    if problem:
        return JSONResponse({"error": problem}, status_code=400)
    try:
        room = await sdk.rooms.create(custom_room_id=name)  # the same room for the same name
        token = sdk.join_token(room.room_id, participant_id=participant)
    except (vs.InvalidArgumentError, vs.InvalidArgumentTypeError) as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    except vs.VideoSDKError as exc:
        return _error(exc)
    return JSONResponse(
        {"roomId": room.room_id, "name": room.custom_room_id, "token": token}, status_code=201
    )


async def get_room(request: Request) -> JSONResponse:
    sdk: vs.AsyncVideoSDK = request.app.state.sdk
    try:
        room = await sdk.rooms.validate(request.path_params["room_id"])
    except vs.InvalidArgumentError:
        return JSONResponse({"error": "room not found"}, status_code=404)
    except vs.VideoSDKError as exc:
        return _error(exc)
    return JSONResponse(
        {
            "roomId": room.room_id,
            "name": room.custom_room_id,
            "createdAt": room.created_at.isoformat() if room.created_at else None,
        }
    )


async def room_participants(request: Request) -> JSONResponse:
    """Who is in a room now: its live session's participants (an empty list when quiet).

    An empty list is checked against the room itself, so an unknown room is a 404.
    """
    sdk: vs.AsyncVideoSDK = request.app.state.sdk
    room_id = request.path_params["room_id"]
    try:
        people = [p async for p in sdk.participants.list(room_id)]
        if not people:
            await sdk.rooms.validate(room_id)  # quiet, or no such room (RoomNotFoundError)
    except vs.InvalidArgumentError:
        return JSONResponse({"error": "room not found"}, status_code=404)
    except vs.VideoSDKError as exc:
        return _error(exc)
    return JSONResponse(
        {"participants": [{"id": p.participant_id, "name": p.name} for p in people]}
    )


app = Starlette(
    routes=[
        Route("/rooms", open_room, methods=["POST"]),
        Route("/rooms/{room_id}", get_room, methods=["GET"]),
        Route("/rooms/{room_id}/participants", room_participants, methods=["GET"]),
    ],
    lifespan=lifespan,
)
