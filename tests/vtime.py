"""Virtual time for asyncio tests: sleeps cost no real time, and time jumps when idle."""

from __future__ import annotations

import asyncio
import heapq
from types import TracebackType


class VirtualClock:
    """A clock plus a sleep for code under test; use as ``async with VirtualClock() as clock``.

    ``await clock.sleep(d)`` waits until virtual time reaches now + d. A background task moves
    time forward to the next sleeper's wake-up whenever every other task is blocked (nothing
    is ready to run in the event loop), so concurrent sleeps overlap as they would in real
    time, and a test with minutes of backoff runs in milliseconds. Only for code whose waits
    are all on this clock or on in-process futures (no real sockets).
    """

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self._timers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = 0
        self._advancer: asyncio.Task[None] | None = None

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._timers, (self.now + seconds, self._seq, future))
        self._seq += 1
        await future

    async def _advance(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(0)
            if loop._ready:  # type: ignore[attr-defined]  # someone else can run: let them
                continue
            while self._timers and self._timers[0][2].done():  # cancelled sleepers
                heapq.heappop(self._timers)
            if not self._timers:
                continue
            when = self._timers[0][0]
            self.now = max(self.now, when)
            while self._timers and self._timers[0][0] <= self.now:
                _, _, future = heapq.heappop(self._timers)
                if not future.done():
                    future.set_result(None)

    async def __aenter__(self) -> VirtualClock:
        self._advancer = asyncio.create_task(self._advance())
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._advancer is not None
        self._advancer.cancel()
        await asyncio.gather(self._advancer, return_exceptions=True)
