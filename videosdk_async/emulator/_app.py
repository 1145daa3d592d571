"""The emulator's ASGI application (Starlette): the v1 meetings API plus ``/_emulator/``.

Faithful to the project's API reference (``shared/reference/videosdk-rest-api.md``):
paths, JSON field names, the raw-JWT ``Authorization`` header (``Bearer `` tolerated), 401
with ``Token is invalid or expired``, 402/404 for unknown ids, and the guessed error body
``{"statusCode": N, "error": "<Reason>", "message": "..."}`` [INF].
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

import attrs
import httpx
import jwt
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ._state import CREATE, GET_ONE, LIST, POST_ONE, Fault, JournalEntry, State

TOKEN_INVALID = "Token is invalid or expired"
RTC_ONLY = "Unauthorised access to server APIs: a token with the 'rtc' role can only join rooms."

Dropper = Callable[[Request], Awaitable[None]]


def error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The emulator's error body (the reference's guess that satisfies every known reader)."""
    reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return JSONResponse(
        {"statusCode": status, "error": reason, "message": message},
        status_code=status,
        headers=headers,
    )


@attrs.frozen(kw_only=True)
class AppConfig:
    api_key: str
    secret: str
    not_found_status: int = 404
    latency: float = 0.0
    max_per_page: int = 100
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep


class _TokenCache:
    """Verified tokens by value, so a client reusing one token is not re-verified each time."""

    def __init__(self, config: AppConfig) -> None:
        self._config = config
        self._claims: dict[str, dict[str, Any]] = {}

    def check(self, header: str | None, now: float) -> JSONResponse | None:
        """None if the Authorization header carries a valid token; else the 401/403 answer."""
        if not header:
            return error(401, TOKEN_INVALID)
        token = header[7:] if header[:7].lower() == "bearer " else header
        claims = self._claims.get(token)
        if claims is None:
            try:
                claims = jwt.decode(
                    token,
                    self._config.secret,
                    algorithms=["HS256"],
                    options={"require": ["exp"], "verify_exp": False},
                    leeway=0,
                )
            except jwt.PyJWTError:
                return error(401, TOKEN_INVALID)
            if len(self._claims) > 10_000:
                self._claims.clear()
            self._claims[token] = claims
        if claims.get("apikey") != self._config.api_key:
            return error(401, TOKEN_INVALID)
        exp = claims.get("exp")
        if not isinstance(exp, int | float) or exp <= now:
            return error(401, TOKEN_INVALID)
        nbf = claims.get("nbf")
        if isinstance(nbf, int | float) and nbf > now:
            return error(401, TOKEN_INVALID)
        roles = claims.get("roles") or []
        if "rtc" in roles and "crawler" not in roles:
            return error(403, RTC_ONLY)
        return None


def build_app(state: State, config: AppConfig, dropper: Dropper | None = None) -> Starlette:
    """The ASGI app over ``state``; ``dropper`` closes a request's connection (server mode)."""
    tokens = _TokenCache(config)

    async def drop(request: Request) -> Response:
        if dropper is None:
            # In-process (ASGI, no socket) there is no connection to close: raise what httpx
            # raises when a server hangs up without answering.
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        # The request was read in full first (see _serve): closing a socket with unread bytes
        # makes the kernel answer with a reset, a ReadError instead of a clean hang-up.
        await dropper(request)
        # The connection is gone: the server discards whatever is sent now.
        return Response(status_code=500)

    def done(draft: JournalEntryDraft) -> None:
        """Journal the request and count it out of flight (once)."""
        if not draft.recorded:
            draft.recorded = True
            state.leave()
            state.record(draft.finish(state.now()))

    def wrap(
        route: str, handler: Callable[[Request, JournalEntryDraft], Awaitable[Response]]
    ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            draft = JournalEntryDraft(
                method=request.method, path=request.url.path, route=route, started=state.now()
            )
            state.enter()
            try:
                response = await _serve(request, draft, route, handler)
            finally:
                done(draft)
            return response

        return endpoint

    async def _serve(
        request: Request,
        draft: JournalEntryDraft,
        route: str,
        handler: Callable[[Request, JournalEntryDraft], Awaitable[Response]],
    ) -> Response:
        # Read the request before any delay: a slow server has the request in hand, so a
        # client that times out meanwhile does not stop the work (the ambiguous case).
        body = await request.body()
        if config.latency:
            await config.sleep(config.latency)
        fault = None
        if state.faults:  # parse the body for a userMeetingId only when a fault may need it
            umid = _user_meeting_id(body) if route == CREATE else None
            fault = state.take_fault(route, umid)
        if fault is not None:
            draft.fault = fault.kind
            if fault.delay:
                await config.sleep(fault.delay)
        if fault is None or fault.kind == "delay":
            denied = tokens.check(request.headers.get("authorization"), state.now())
            response = denied or await handler(request, draft)
        elif fault.kind == "status":
            headers = None
            if fault.retry_after is not None:
                headers = {"Retry-After": _retry_after(fault.retry_after)}
            response = error(fault.status, "Injected fault", headers)
        elif fault.kind == "drop":
            draft.status = 0
            # Journal it before hanging up: the client sees the hang-up at once, and a test
            # that then reads the journal must find the request there.
            done(draft)
            return await drop(request)
        elif fault.kind == "non_json":
            response = Response(
                "<html><body>502 Bad Gateway</body></html>", 200, media_type="text/html"
            )
        elif fault.kind == "wrong_shape":
            response = JSONResponse({"id": 42, "unexpected": True})
        else:  # process_then_fail
            denied = tokens.check(request.headers.get("authorization"), state.now())
            response = denied or await handler(request, draft)
            if denied is None:
                response = error(fault.status, "Injected fault after processing")
        draft.status = response.status_code
        return response

    async def create(request: Request, draft: JournalEntryDraft) -> Response:
        raw = await request.body()
        user_meeting_id: str | None = None
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError:
                return error(400, "Request body must be JSON")
            if not isinstance(body, dict):
                return error(400, "Request body must be a JSON object")
            value = body.get("userMeetingId")
            if value is not None and not isinstance(value, str):
                return error(400, "userMeetingId must be a string")
            user_meeting_id = value
        draft.user_meeting_id = user_meeting_id
        meeting = state.create_meeting(user_meeting_id)
        draft.meeting_id = meeting["meetingId"]
        draft.created = True
        return JSONResponse(meeting)

    async def get_one(request: Request, draft: JournalEntryDraft) -> Response:
        meeting_id = request.path_params["meeting_id"]
        draft.meeting_id = meeting_id
        meeting = state.meetings.get(meeting_id)
        if meeting is None:
            return error(config.not_found_status, "Meeting not found")
        return JSONResponse(meeting)

    async def list_meetings(request: Request, draft: JournalEntryDraft) -> Response:
        try:
            page = int(request.query_params.get("page", "1"))
            per_page = int(request.query_params.get("perPage", "20"))
        except ValueError:
            return error(400, "page and perPage must be integers")
        if page < 1 or not 1 <= per_page <= config.max_per_page:
            return error(400, f"page must be >= 1 and perPage 1..{config.max_per_page}")
        meetings = state.list_meetings()
        total = len(meetings)
        start = (page - 1) * per_page
        return JSONResponse(
            {
                "pageInfo": {
                    "currentPage": page,
                    "perPage": per_page,
                    "lastPage": max(1, math.ceil(total / per_page)),
                    "total": total,
                },
                "data": meetings[start : start + per_page],
            }
        )

    async def admin_journal(request: Request) -> Response:
        return JSONResponse([attrs.asdict(e) for e in list(state.journal)])

    async def admin_stats(request: Request) -> Response:
        return JSONResponse(
            {
                "meetings": len(state.meetings),
                "requests": len(state.journal),
                "inFlight": state.in_flight,
                "maxInFlight": state.max_in_flight,
                "createsByUserMeetingId": {
                    "" if k is None else k: v for k, v in state.creates.items()
                },
                "faultsPending": [attrs.asdict(f) for f in state.faults],
            }
        )

    async def admin_faults(request: Request) -> Response:
        if request.method == "DELETE":
            state.clear_faults()
            return JSONResponse({"faults": []})
        try:
            body = await request.json()
            items = body if isinstance(body, list) else [body]
            faults = [Fault(**item) for item in items]
        except (ValueError, TypeError) as exc:
            return error(400, f"bad fault: {exc}")
        for fault in faults:
            state.add_fault(fault)
        return JSONResponse({"faults": [attrs.asdict(f) for f in state.faults]})

    async def admin_reset(request: Request) -> Response:
        state.reset()
        return JSONResponse({"reset": True})

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        return error(status, "Route not found" if status == 404 else HTTPStatus(status).phrase)

    one = wrap(GET_ONE, get_one)
    post_one = wrap(POST_ONE, get_one)
    listing = wrap(LIST, list_meetings)
    creating = wrap(CREATE, create)

    async def meetings_root(request: Request) -> Response:
        return await (creating if request.method == "POST" else listing)(request)

    async def meeting_one(request: Request) -> Response:
        return await (post_one if request.method == "POST" else one)(request)

    routes = [
        Route("/v1/meetings", meetings_root, methods=["GET", "POST"]),
        Route("/v1/meetings/{meeting_id}", meeting_one, methods=["GET", "POST"]),
        Route("/_emulator/journal", admin_journal, methods=["GET"]),
        Route("/_emulator/stats", admin_stats, methods=["GET"]),
        Route("/_emulator/faults", admin_faults, methods=["POST", "DELETE"]),
        Route("/_emulator/reset", admin_reset, methods=["POST"]),
    ]
    return Starlette(routes=routes, exception_handlers={HTTPException: not_found})


def _user_meeting_id(body: bytes) -> str | None:
    try:
        value = json.loads(body).get("userMeetingId") if body.strip() else None
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _retry_after(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}"


@attrs.define(kw_only=True)
class JournalEntryDraft:
    """A journal entry being filled in while its request is served."""

    method: str
    path: str
    route: str
    started: float
    status: int = 0
    user_meeting_id: str | None = None
    meeting_id: str | None = None
    fault: str | None = None
    created: bool = False
    recorded: bool = False

    def finish(self, now: float) -> JournalEntry:
        fields = attrs.asdict(self)
        del fields["recorded"]
        return JournalEntry(finished=now, **fields)
