"""The ``/_emulator/`` admin routes: journal, stats, faults, reset (no auth, no journal)."""

from __future__ import annotations

import attrs
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ._env import Env
from ._family import error
from ._faults import Fault
from ._state import State


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

    return [
        Route("/_emulator/journal", journal, methods=["GET"]),
        Route("/_emulator/stats", stats, methods=["GET"]),
        Route("/_emulator/faults", faults, methods=["POST", "DELETE"]),
        Route("/_emulator/reset", reset, methods=["POST"]),
    ]
