"""aiohttp's read timeout (``sock_read``) with one timer per connection, not two per request.

aiohttp's `ResponseHandler` restarts its read timer on every chunk that arrives: it cancels a
``TimerHandle`` and schedules a new one (after the request is sent, on each chunk), then
cancels it at the end of the body. Each of those goes through asyncio's timer heap, whose
handles compare in Python; at 64 requests in flight that was some 45,000 instructions a
request, about 8% of raw aiohttp's whole client work (``benchmarks/instructions.py``).

`LazyReadTimeout` keeps aiohttp's meaning exactly (the timeout fires when no byte has arrived
for ``sock_read`` seconds while aiohttp is waiting for one) and changes only the bookkeeping:
a chunk moves a deadline (one float), and the connection's single timer, when it fires, either
finds the deadline passed and fails the read as aiohttp would, or sleeps again until the
deadline. A connection idle in the pool keeps at most one pending timer, which then finds
nothing to watch and ends.

It replaces two private methods of aiohttp's `ResponseHandler` (``_reschedule_timeout``,
``_drop_timeout``) and calls a third (``_on_read_timeout``), so `install` checks for them first
and leaves aiohttp's own handler in place when a release no longer has them (a test fails on
such a release, so that a dependency bump notices).
"""

from __future__ import annotations

import asyncio
import functools

import aiohttp
from aiohttp.client_proto import ResponseHandler

#: The private `ResponseHandler` members the override relies on.
_HOOKS = ("_reschedule_timeout", "_drop_timeout", "_on_read_timeout", "start_timeout")


class LazyReadTimeout(ResponseHandler):
    """aiohttp's protocol, its read timer rearmed only when it fires (see the module)."""

    #: When the read being waited for times out (loop time); None: nothing is waited for.
    _read_deadline: float | None = None
    #: When the pending timer fires (loop time); meaningful while it is pending.
    _read_check_at = 0.0

    def _reschedule_timeout(self) -> None:
        timeout = self._read_timeout
        if not timeout:
            self._read_deadline = None
            return
        deadline = self._read_deadline = self._loop.time() + timeout
        handle = self._read_timeout_handle
        if handle is None or deadline < self._read_check_at:
            # None pending, or it would fire too late (this request's timeout is shorter).
            if handle is not None:
                handle.cancel()
            self._arm(deadline)

    def _drop_timeout(self) -> None:
        self._read_deadline = None  # the pending timer, if any, finds nothing and ends

    def _arm(self, when: float) -> None:
        self._read_check_at = when
        self._read_timeout_handle = self._loop.call_at(when, self._check_read_deadline)

    def _check_read_deadline(self) -> None:
        self._read_timeout_handle = None
        deadline = self._read_deadline
        if deadline is None:
            return
        if self._loop.time() < deadline:
            self._arm(deadline)  # bytes came since it was armed: wait for the new deadline
        else:
            self._read_deadline = None
            self._on_read_timeout()

    def connection_lost(self, exc: BaseException | None) -> None:
        handle, self._read_timeout_handle = self._read_timeout_handle, None
        if handle is not None:
            handle.cancel()
        self._read_deadline = None
        super().connection_lost(exc)


def usable(handler: type[ResponseHandler] = ResponseHandler) -> bool:
    """Whether aiohttp's protocol class still has what `LazyReadTimeout` overrides."""
    return all(callable(getattr(handler, name, None)) for name in _HOOKS)


def install(connector: aiohttp.BaseConnector, loop: asyncio.AbstractEventLoop) -> bool:
    """Make ``connector`` open its connections with `LazyReadTimeout`; whether it did.

    Only a connector that builds aiohttp's own protocol is changed, and only when that
    protocol still has the methods the override replaces.
    """
    factory = getattr(connector, "_factory", None)
    if not (
        isinstance(factory, functools.partial) and factory.func is ResponseHandler and usable()
    ):
        return False
    connector._factory = functools.partial(LazyReadTimeout, loop=loop)  # type: ignore[assignment]
    return True
