"""The ``/_emulator/`` admin routes: journal, stats, faults, reset (no auth, no journal)."""

from __future__ import annotations

import json
from typing import Any

import attrs
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ._delivery import DeliveryStore
from ._env import Env
from ._family import ApiError, error
from ._faults import Fault
from ._state import State
from .routes import sessions


def admin_routes(state: State, env: Env) -> list[Route]:
    """The admin routes over ``state`` and ``env``."""

    async def journal(request: Request) -> Response:
        return JSONResponse([attrs.asdict(e) for e in list(state.journal)])

    async def stats(request: Request) -> Response:
        return JSONResponse(
            {
                **env.stats(),
                "requests": len(state.journal),
                "inFlight": state.in_flight,
                "maxInFlight": state.max_in_flight,
                "faultsPending": [attrs.asdict(f) for f in list(state.faults)],
            }
        )

    async def faults(request: Request) -> Response:
        if request.method == "DELETE":
            state.clear_faults()
            return JSONResponse({"faults": []})
        try:
            body = await request.json()
            items = body if isinstance(body, list) else [body]
            scripted = [Fault(**item) for item in items]
        except (ValueError, TypeError) as exc:
            return error(400, f"bad fault: {exc}")
        for fault in scripted:
            state.add_fault(fault)
        return JSONResponse({"faults": [attrs.asdict(f) for f in list(state.faults)]})

    async def reset(request: Request) -> Response:
        state.reset()
        env.reset()
        return JSONResponse({"reset": True})

    async def join(request: Request) -> Response:
        body = await _body(request)
        participant = sessions.join(
            env,
            request.path_params["room_id"],
            body.get("participantId"),
            body.get("name", "Guest"),
        )
        return JSONResponse({"participantId": participant})

    async def leave(request: Request) -> Response:
        body = await _body(request)
        sessions.leave(env, request.path_params["room_id"], body.get("participantId", ""))
        return JSONResponse({"left": True})

    async def add_stats(request: Request) -> Response:
        body = await _body(request)
        sample = body.get("sample", {})
        sessions.add_stats(
            env, request.path_params["session_id"], sample, body.get("participantId")
        )
        return JSONResponse({"added": True})

    room_actions = {"join": join, "leave": leave}
    session_actions = {"stats": add_stats}

    async def control(request: Request) -> Response:
        actions = room_actions if "room_id" in request.path_params else session_actions
        handler = actions.get(request.path_params["action"])
        if handler is None:
            return error(404, f"no control action {request.path_params['action']!r} here")
        try:
            return await handler(request)
        except ApiError as exc:
            return exc.response()

    async def rotate_key(request: Request) -> Response:
        env.store(DeliveryStore).use_key(None)
        return JSONResponse({"publicKey": env.store(DeliveryStore).public_key})

    return [
        Route("/_emulator/webhooks/rotate-key", rotate_key, methods=["POST"]),
        Route("/_emulator/rooms/{room_id}/{action:str}", control, methods=["POST"]),
        Route("/_emulator/sessions/{session_id}/{action:str}", control, methods=["POST"]),
        Route("/_emulator/journal", journal, methods=["GET"]),
        Route("/_emulator/stats", stats, methods=["GET"]),
        Route("/_emulator/faults", faults, methods=["POST", "DELETE"]),
        Route("/_emulator/reset", reset, methods=["POST"]),
    ]


async def _body(request: Request) -> dict[str, Any]:
    """A control request's JSON object (empty when there is none)."""
    raw = await request.body()
    try:
        body = json.loads(raw) if raw.strip() else {}
    except ValueError:
        raise ApiError(400, "the body must be JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    return body
