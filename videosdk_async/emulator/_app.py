"""The emulator's ASGI application (Starlette): every route family, plus ``/_emulator/``.

Faithful to the API as its documentation and the official server SDKs show it: paths,
JSON field names, the raw-JWT ``Authorization`` header (``Bearer `` tolerated), 401
with ``Token is invalid or expired``, 402/404 for unknown ids, and the guessed error body
``{"statusCode": N, "error": "<Reason>", "message": "..."}`` [INF].
"""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ._admin import admin_routes
from ._env import Env
from ._family import Family, RouteSpec, error
from ._pipeline import Dropper, Pipeline
from ._state import State


def build_app(
    state: State, env: Env, families: Iterable[Family], dropper: Dropper | None = None
) -> Starlette:
    """The ASGI app serving ``families`` over ``state`` and ``env``.

    ``dropper`` closes a request's connection (server mode); None in-process.
    """
    pipeline = Pipeline(state, env, dropper)
    families = tuple(families)
    specs = [spec for family in families for spec in family.routes]
    # Literal paths first, so /v2/rooms/deactivate wins over /v2/rooms/{roomId} (stable sort:
    # otherwise the families' order).
    specs.sort(key=lambda spec: spec.path.count("{"))
    routes: list[BaseRoute] = [_route(spec, pipeline) for spec in specs]
    routes += admin_routes(state, env, families)
    return Starlette(routes=routes, exception_handlers={HTTPException: _not_found})


def _route(spec: RouteSpec, pipeline: Pipeline) -> Route:
    return Route(spec.path, pipeline.endpoint(spec), methods=[spec.method], name=spec.name)


async def _not_found(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    return error(status, "Route not found" if status == 404 else HTTPStatus(status).phrase)
