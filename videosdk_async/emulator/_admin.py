"""The ``/_emulator/`` admin routes: journal, stats, faults, reset (no auth, no journal)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
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

    control = _session_control(env)

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


def _session_control(env: Env) -> Callable[[Request], Awaitable[Response]]:
    """``POST /_emulator/rooms/{roomId}/join|leave`` and ``/_emulator/sessions/{id}/stats``."""
    actions = {("room_id", "join"), ("room_id", "leave"), ("session_id", "stats")}

    async def control(request: Request) -> Response:
        key = "room_id" if "room_id" in request.path_params else "session_id"
        action = request.path_params["action"]
        if (key, action) not in actions:
            return error(404, f"no control action {action!r} here")
        target = request.path_params[key]
        try:
            body = await _body(request)
            if action == "join":
                name = body.get("name", "Guest")
                joined = sessions.join(env, target, body.get("participantId"), name)
                return JSONResponse({"participantId": joined})
            if action == "leave":
                sessions.leave(env, target, body.get("participantId", ""))
                return JSONResponse({"left": True})
            sessions.add_stats(env, target, body.get("sample", {}), body.get("participantId"))
            return JSONResponse({"added": True})
        except ApiError as exc:
            return exc.response()

    return control


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
