"""A voice-AI back end: one endpoint puts an AI agent in a room and hands the human a token.

``POST /calls {"room": "support-42", "participant": "alice"}`` creates the room with that
custom id (or reuses it: creating by custom id is idempotent), dispatches the agent into it,
and answers the human's join token for your front end (VideoSDK's client SDKs join with it).

Run it (offline, on the in-process emulator with the agent registered, unless
VIDEOSDK_API_KEY and VIDEOSDK_SECRET are set):

    pip install -e '.[examples]'
    VOICE_AGENT_ID=support-agent uvicorn examples.voice_agent_app:app --port 8002

    curl -X POST localhost:8002/calls -d '{"room": "support-42", "participant": "alice"}'

How failures become HTTP answers:

| what happened                                   | HTTP answer                               |
|-------------------------------------------------|-------------------------------------------|
| bad room or participant                         | 400 (nothing created)                     |
| no worker free for the agent                    | 503 with Retry-After                      |
| dispatch sent, no answer (outcome_unknown)      | 502, saying the agent may have joined     |
| any other VideoSDKError                         | 502                                       |
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import videosdk_async as vs

#: The agent to dispatch: your worker's ``agent_id`` (or a cloud deployment's agent id).
AGENT_ID = os.environ.get("VOICE_AGENT_ID", "support-agent")


def make_sdk() -> vs.AsyncVideoSDK:
    """The real API when credentials are set, else the in-process emulator with the agent."""
    if os.environ.get("VIDEOSDK_API_KEY") and os.environ.get("VIDEOSDK_SECRET"):
        return vs.AsyncVideoSDK()
    from videosdk_async.emulator import Emulator
    from videosdk_async.emulator.routes.agents import AgentControls

    emulator = Emulator()
    emulator.control(AgentControls).register(AGENT_ID, capacity=4)  # a worker, 4 jobs at once
    return emulator.sdk()


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    async with make_sdk() as sdk:  # one connection pool for the whole app
        app.state.sdk = sdk
        yield


def _text(body: dict[str, Any], key: str) -> str | None:
    """The body's ``key`` if it is a usable id, else None."""
    value = body.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > 256:
        return None
    if value != value.strip() or any(ch in value for ch in "/?#%") or not value.isprintable():
        return None
    return value


def _failed(exc: vs.VideoSDKError) -> JSONResponse:
    if isinstance(exc, vs.BadRequestError) and "no workers" in exc.message.lower():
        return JSONResponse(
            {"error": "every agent is busy, try again shortly"},
            status_code=503,
            headers={"Retry-After": "5"},
        )
    if exc.outcome_unknown:  # never dispatch again blindly: the agent may be in the room
        return JSONResponse(
            {"error": "the agent may or may not have joined; check the room before retrying"},
            status_code=502,
        )
    return JSONResponse({"error": "the video API failed"}, status_code=502)


async def start_call(request: Request) -> JSONResponse:
    """Create (or reuse) the room, dispatch the agent, answer the human's join token."""
    sdk: vs.AsyncVideoSDK = request.app.state.sdk
    try:
        body = await request.json()
    except ValueError:
        return JSONResponse({"error": "the body must be JSON"}, status_code=400)
    if not isinstance(body, dict):
        return JSONResponse({"error": "the body must be a JSON object"}, status_code=400)
    custom_id, participant = _text(body, "room"), _text(body, "participant")
    # Check every input before creating anything.
    if custom_id is None or participant is None:
        return JSONResponse(
            {"error": "room and participant must be ids (no spaces at the ends, no /?#%)"},
            status_code=400,
        )
    try:
        room = await sdk.rooms.create(custom_room_id=custom_id)  # the same room every time
        job = await sdk.agents.dispatch(AGENT_ID, room.room_id, metadata={"caller": participant})
        token = sdk.join_token(room.room_id, participant_id=participant)
    except vs.VideoSDKError as exc:
        return _failed(exc)
    return JSONResponse(
        {
            "roomId": room.room_id,
            "customRoomId": custom_id,
            "token": token,
            "agent": {"id": AGENT_ID, "jobId": job.job_id, "status": job.status},
        },
        status_code=201,
    )


app = Starlette(routes=[Route("/calls", start_call, methods=["POST"])], lifespan=lifespan)
