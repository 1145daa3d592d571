"""The one pipeline every API route goes through.

read the body -> latency -> fault lookup -> auth -> handler -> journal.

The body is read first, before any delay: a slow server has the request in hand, so a
client that times out meanwhile does not stop the work (the ambiguous case). Auth follows
the API's documentation: the raw JWT in ``Authorization`` (``Bearer `` tolerated), 401 with
``Token is invalid or expired``, 403 for an ``rtc``-only token.
"""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import jwt
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ._env import AppConfig, Env
from ._family import ApiError, Call, RouteSpec, error
from ._faults import Fault
from ._state import JournalEntry, State

TOKEN_INVALID = "Token is invalid or expired"
RTC_ONLY = "Unauthorised access to server APIs: a token with the 'rtc' role can only join rooms."

Dropper = Callable[[Request], Awaitable[None]]
Endpoint = Callable[[Request], Awaitable[Response]]


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
                with warnings.catch_warnings():
                    # A short development secret is the user's choice, not an error here.
                    warnings.simplefilter("ignore", jwt.warnings.InsecureKeyLengthWarning)
                    claims = jwt.decode(
                        token,
                        self._config.secret,
                        algorithms=["HS256"],
                        # Times are checked below on the emulator's own (injectable) clock.
                        options={
                            "require": ["exp"],
                            "verify_exp": False,
                            "verify_nbf": False,
                            "verify_iat": False,
                        },
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


class Pipeline:
    """Serves `RouteSpec` handlers with latency, faults, auth and the journal.

    Args:
        state: Faults, journal and in-flight counters.
        env: What handlers see.
        dropper: Closes a request's real connection (server mode); None in-process.
    """

    def __init__(self, state: State, env: Env, dropper: Dropper | None = None) -> None:
        self._state = state
        self._env = env
        self._config = env.config
        self._dropper = dropper
        self._tokens = _TokenCache(env.config)

    def endpoint(self, spec: RouteSpec) -> Endpoint:
        """The Starlette endpoint serving ``spec`` through the pipeline."""

        async def endpoint(request: Request) -> Response:
            call = Call(
                request=request, env=self._env, route=spec.name, raw=b"", started=self._state.now()
            )
            self._state.enter()
            try:
                # Read the request before any delay (see the module docstring).
                call.raw = await request.body()
                return await self._serve(call, spec)
            finally:
                self._done(call)

        return endpoint

    def _done(self, call: Call) -> None:
        """Journal the request and count it out of flight (once)."""
        if call.journaled:
            return
        call.journaled = True
        request = call.request
        entry = JournalEntry(
            method=request.method,
            path=request.url.path,
            route=call.route,
            status=call.status,
            started=call.started,
            finished=self._state.now(),
            user_meeting_id=call.user_meeting_id,
            meeting_id=call.meeting_id,
            fault=call.fault,
            created=call.created,
            body=call.parsed(),
            resource_id=call.resource_id,
        )
        self._state.leave(entry)

    async def _serve(self, call: Call, spec: RouteSpec) -> Response:
        if self._config.latency:
            await self._config.sleep(self._config.latency)
        fault = None
        if self._state.faults:  # no lookup (nor a body parse for `match`) without faults
            fault = self._state.take_fault(spec.name, call.parsed)
        if fault is None:
            response = await self._handle(call, spec)
        else:
            call.fault = fault.kind
            if fault.delay:
                await self._config.sleep(fault.delay)
            if fault.kind == "process_then_drop" and self._denied(call) is None:
                await self._run(call, spec)  # the work is done; the answer never arrives
            if fault.kind in ("drop", "process_then_drop"):
                return await self._drop(call)
            response = await self._faulty(call, spec, fault)
        call.status = response.status_code
        return response

    def _denied(self, call: Call) -> Response | None:
        """The 401/403 answer if the request's token is not accepted."""
        return self._tokens.check(call.request.headers.get("authorization"), self._state.now())

    async def _handle(self, call: Call, spec: RouteSpec) -> Response:
        """Auth, then the handler: what a request without a fault gets."""
        if spec.public:
            return await self._run(call, spec)
        return self._denied(call) or await self._run(call, spec)

    async def _run(self, call: Call, spec: RouteSpec) -> Response:
        """The handler's answer (an `ApiError` becomes the error body)."""
        try:
            return await spec.handler(call)
        except ApiError as exc:
            return exc.response()

    async def _faulty(self, call: Call, spec: RouteSpec, fault: Fault) -> Response:
        """The answer under ``fault`` (any kind but the two that hang up)."""
        if fault.kind == "delay":
            return await self._handle(call, spec)
        if fault.kind == "status":
            headers = None
            if fault.retry_after is not None:
                headers = {"Retry-After": _retry_after(fault.retry_after)}
            return error(fault.status, "Injected fault", headers)
        if fault.kind == "non_json":
            return Response(
                "<html><body>502 Bad Gateway</body></html>", 200, media_type="text/html"
            )
        if fault.kind == "wrong_shape":
            return JSONResponse({"id": 42, "unexpected": True})
        # process_then_fail: do the work (when the token allows it), then fail anyway.
        denied = self._denied(call)
        if denied is not None:
            return denied
        await self._run(call, spec)
        return error(fault.status, "Injected fault after processing")

    async def _drop(self, call: Call) -> Response:
        """Hang up without answering; journaled first (status 0)."""
        call.status = 0
        # Journal it before hanging up: the client sees the hang-up at once, and a test that
        # then reads the journal must find the request there.
        self._done(call)
        if self._dropper is None:
            # In-process (ASGI, no socket) there is no connection to close: raise what httpx
            # raises when a server hangs up without answering.
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        # The request was read in full first: closing a socket with unread bytes makes the
        # kernel answer with a reset, a ReadError instead of a clean hang-up.
        await self._dropper(call.request)
        # The connection is gone: the server discards whatever is sent now.
        return Response(status_code=500)


def _retry_after(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}"
