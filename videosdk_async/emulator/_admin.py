"""The ``/_emulator/`` admin routes: journal, stats, faults, reset, and each family's own
control routes (`Family.control`); no auth, no journal. A family's controls live in its own
module: nothing here names a family."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ._env import Env
from ._family import ApiError, ControlSpec, Family, error, parse_body
from ._faults import Fault
from ._state import State


def admin_routes(state: State, env: Env, families: Iterable[Family]) -> list[Route]:
    """The admin routes over ``state`` and ``env``, and every family's control routes."""

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
            body = parse_body(await request.body())
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
        *(_control_route(spec, env) for family in families for spec in family.control_routes),
        Route("/_emulator/journal", journal, methods=["GET"]),
        Route("/_emulator/stats", stats, methods=["GET"]),
        Route("/_emulator/faults", faults, methods=["POST", "DELETE"]),
        Route("/_emulator/reset", reset, methods=["POST"]),
    ]


def _control_route(spec: ControlSpec, env: Env) -> Route:
    """A family's control route: its body read, its `ApiError` answered as the API would."""

    async def endpoint(request: Request) -> Response:
        try:
            body = await _body(request)
            answer = spec.handler(env, dict(request.path_params), body)
        except ApiError as exc:
            return exc.response()
        except ValueError as exc:
            return error(400, str(exc))
        except LookupError as exc:
            return error(404, str(exc.args[0]) if exc.args else "not found")
        return JSONResponse(answer)

    return Route(spec.path, endpoint, methods=[spec.method])


async def _body(request: Request) -> dict[str, Any]:
    """A control request's JSON object (empty when there is none)."""
    raw = await request.body()
    try:
        body = parse_body(raw)
    except ValueError:
        raise ApiError(400, "the body must be JSON") from None
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    return body
