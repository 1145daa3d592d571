"""What a route family is made of: `Family`, `RouteSpec`, `Call`, `ApiError`, `paged`.

A family (``routes/<family>.py``) owns everything of its own: its stores, its API routes
(served by the pipeline, `_pipeline`, all the same way), its test controls (a class made
once per emulator, reached as ``Emulator.control(cls)``) and its ``/_emulator/...`` control
routes (served beside the API, without token or journal). A handler gets a `Call` and
returns a Starlette response (or raises `ApiError`)::

    family = Family("sessions", stores=(SessionStore,))

    @family.route("GET", "/v2/sessions/{sessionId}")
    async def get_session(call: Call) -> Response:
        session_id = call.path_param("sessionId")
        call.resource_id = session_id
        session = call.env.store(SessionStore).get(session_id)
        if session is None:
            raise ApiError(call.env.config.not_found_status, "Session not found")
        return JSONResponse(session)
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Awaitable, Callable, Iterator, Sequence
from http import HTTPStatus
from typing import Any, Final

import attrs
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .._core._json import loads, too_deep
from ._env import Env, Store

Handler = Callable[["Call"], Awaitable[Response]]
#: A control route's handler: ``(env, path params, JSON body) -> JSON-ready answer``.
ControlHandler = Callable[[Env, dict[str, str], dict[str, Any]], Any]
_UNPARSED: Final[Any] = object()
METHODS: Final = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
#: The deepest request body accepted; deeper is a 400 [INF: the API's own bound is unknown],
#: so nothing stored or echoed back can be too deep to answer with.
MAX_DEPTH: Final = 100
NOT_JSON: Final = f"Request body must be JSON (nested at most {MAX_DEPTH} levels)"


def parse_body(raw: bytes) -> Any:
    """A request body as JSON (None when empty); ``ValueError`` when it is not JSON or nests
    deeper than `MAX_DEPTH` (never ``RecursionError``)."""
    if not raw.strip():
        return None
    body = loads(raw)
    if too_deep(body, MAX_DEPTH):
        raise ValueError("nested too deeply")
    return body


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The emulator's error body: a guess [INF] whose fields every official SDK can read."""
    reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return JSONResponse(
        {"statusCode": status, "error": reason, "message": message},
        status_code=status,
        headers=headers,
    )


class ApiError(Exception):
    """Raised by a handler to answer with the error body: ``raise ApiError(400, "...")``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def response(self) -> JSONResponse:
        """The error answer."""
        return error(self.status, self.message)


@attrs.frozen
class RouteSpec:
    """One API route: ``method`` on ``path`` (a Starlette template), served by ``handler``.

    Attributes:
        method: The HTTP method.
        path: The path template, e.g. ``/v2/rooms/{roomId}``.
        name: ``"<method> <path>"``: the fault target and journal key.
        handler: The coroutine function that answers it.
        public: Served without a token (one is tolerated), like the webhook key.
    """

    method: str
    path: str
    name: str
    handler: Handler
    public: bool = False


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Inside a test control: an `ApiError` becomes ``ValueError`` (400) or ``LookupError``.

    Controls share checks with the API handlers (which raise `ApiError`), while their Python
    callers expect Python's errors; the control routes turn those back into 400 and 404.
    """
    try:
        yield
    except ApiError as exc:
        raise (ValueError if exc.status == 400 else LookupError)(exc.message) from None


@attrs.frozen
class ControlSpec:
    """One ``/_emulator/...`` test-control route of a family (no token, not journaled).

    Attributes:
        method: The HTTP method.
        path: The path template, under ``/_emulator/``.
        handler: Answers ``handler(env, path_params, body)`` with JSON-ready data; raises
            ``ValueError`` (a 400), ``LookupError`` (a 404) or `ApiError`.
    """

    method: str
    path: str
    handler: ControlHandler


class Family:
    """A family of API routes, the stores its handlers use, and its test controls.

    Args:
        name: The family's name (``"rooms"``).
        stores: The store classes its handlers reach through ``call.env.store(cls)``.
        controls: Its test-control class (``cls(env)``, one per emulator), reached as
            ``Emulator.control(cls)``; None when it has none.
    """

    def __init__(
        self,
        name: str,
        *,
        stores: tuple[type[Store], ...] = (),
        controls: type[Any] | None = None,
    ) -> None:
        self.name = name
        self.stores = stores
        self.controls = controls
        self.routes: list[RouteSpec] = []
        self.control_routes: list[ControlSpec] = []

    def route(
        self, method: str, path: str, *, public: bool = False
    ) -> Callable[[Handler], Handler]:
        """Register the decorated handler for ``method`` on ``path`` (``public``: no token)."""
        if method not in METHODS:
            raise ValueError(f"unknown method {method!r}")
        if not path.startswith("/"):
            raise ValueError(f"path must start with '/': {path!r}")

        def register(handler: Handler) -> Handler:
            self.routes.append(RouteSpec(method, path, f"{method} {path}", handler, public))
            return handler

        return register

    def control(self, method: str, path: str) -> Callable[[ControlHandler], ControlHandler]:
        """Register the decorated function as the test-control route ``method path``."""
        if method not in METHODS:
            raise ValueError(f"unknown method {method!r}")
        if not path.startswith("/_emulator/"):
            raise ValueError(f"control paths start with '/_emulator/': {path!r}")

        def register(handler: ControlHandler) -> ControlHandler:
            self.control_routes.append(ControlSpec(method, path, handler))
            return handler

        return register


@attrs.define(kw_only=True)
class Call:
    """One API request as a handler sees it; its journal fields are filled in as it goes.

    Attributes:
        request: The Starlette request (its body already read: `raw`).
        env: Configuration, clock and stores.
        route: The route name, e.g. ``"POST /v2/rooms"``.
        raw: The request body's bytes.
        started: When it arrived (the emulator's clock).
        status: The status answered (0 for a dropped connection).
        fault: The kind of fault applied, if any.
        resource_id: The id created or looked up, any family.
        meeting_id: The meeting (room) concerned, if any.
        user_meeting_id: The ``userMeetingId`` / ``customRoomId`` of a create, if any.
        created: Whether this request created a resource.
        journaled: Whether the pipeline has journaled it (the pipeline's own flag).
    """

    request: Request
    env: Env
    route: str
    raw: bytes
    started: float
    status: int = 0
    fault: str | None = None
    resource_id: str | None = None
    meeting_id: str | None = None
    user_meeting_id: str | None = None
    created: bool = False
    journaled: bool = False
    _parsed: Any = _UNPARSED

    def parsed(self) -> Any:
        """The body as JSON; None when it is empty, not JSON or too deep (parsed once)."""
        if self._parsed is _UNPARSED:
            try:
                self._parsed = parse_body(self.raw)
            except ValueError:
                self._parsed = None
        return self._parsed

    def json_object(self, *, required: bool = False) -> dict[str, Any]:
        """The body as a JSON object (``{}`` when empty and not ``required``), or a 400."""
        if not self.raw.strip():
            if required:
                raise ApiError(400, "Request body must be a JSON object")
            return {}
        body = self.parsed()
        if body is None:
            raise ApiError(400, NOT_JSON)
        if not isinstance(body, dict):
            raise ApiError(400, "Request body must be a JSON object")
        return body

    def path_param(self, name: str) -> str:
        """A path parameter of the route template."""
        return str(self.request.path_params[name])

    def base_url(self) -> str:
        """The URL the client reached the emulator at, without a trailing slash."""
        return str(self.request.base_url).rstrip("/")

    def query_int(self, name: str, default: int) -> int:
        """An integer query parameter, or a 400."""
        value = self.request.query_params.get(name)
        if value is None:
            return default
        try:
            return int(value)
        except ValueError:
            raise ApiError(400, f"{name} must be an integer") from None


def paged(
    call: Call,
    items: Sequence[Any],
    render: Callable[[Any], Any],
    *,
    max_per_page: int,
    default_per_page: int = 20,
) -> dict[str, Any]:
    """One page of ``items`` (``?page=&perPage=``, both optional) in the API's paged shape.

    ``{"pageInfo": {currentPage, perPage, lastPage, total}, "data": [...]}``; only the
    page's items are passed through ``render``. Bad paging is a 400.
    """
    page = call.query_int("page", 1)
    per_page = call.query_int("perPage", default_per_page)
    if page < 1 or not 1 <= per_page <= max_per_page:
        raise ApiError(400, f"page must be >= 1 and perPage 1..{max_per_page}")
    total = len(items)
    start = (page - 1) * per_page
    return {
        "pageInfo": {
            "currentPage": page,
            "perPage": per_page,
            "lastPage": max(1, math.ceil(total / per_page)),
            "total": total,
        },
        "data": [render(item) for item in items[start : start + per_page]],
    }
