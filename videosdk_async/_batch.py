"""Batches: bounded concurrency, a shared pace, and one pause for the whole batch on 429.

The rules a batch follows (the README repeats them):

- At most ``concurrency`` items are alive at once, and the input is consumed lazily, so a
  million-item generator runs in flat memory. ``concurrency`` is also bounded by the SDK's
  connection pool, so requests wait in the batch, never inside httpx's pool.
- ``rate_limit`` (requests per second) spaces every HTTP attempt, retries included, at least
  ``1 / rate_limit`` apart (a token bucket of depth one).
- Backpressure: when any attempt gets a 429, the whole batch pauses for the server's
  ``Retry-After`` (or the backoff, if longer): no attempt starts until the pause ends. The
  number of attempts allowed in flight is halved, then grows back by one per window of
  successes (additive increase, multiplicative decrease, as TCP does), so throughput recovers
  gradually instead of hitting the limit again at full speed.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable, Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Generic, TypeVar

from ._errors import VideoSDKError

if TYPE_CHECKING:
    import asyncio

_In = TypeVar("_In")
_Out = TypeVar("_Out")

ProgressCallback = Callable[[int, int | None], object]


def _asyncio() -> ModuleType:
    """asyncio, imported where used so that `import videosdk_async` stays light."""
    import asyncio

    return asyncio


class BatchGate:
    """Admission control shared by every attempt of one batch (see the module docstring)."""

    def __init__(
        self,
        *,
        concurrency: int,
        rate_limit: float | None,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
    ) -> None:
        self._max = concurrency
        self._limit = float(concurrency)
        self._active = 0
        self._interval = 0.0 if rate_limit is None else 1.0 / rate_limit
        self._next_slot = float("-inf")
        self._pause_until = float("-inf")
        self._clock = clock
        self._sleep = sleep
        self._freed = _asyncio().Event()

    @property
    def limit(self) -> int:
        """How many attempts may be in flight now."""
        return max(1, int(self._limit))

    async def enter(self) -> None:
        """Wait for the pause to end, a free place, and a rate slot; then take the place."""
        while True:
            now = self._clock()
            if now < self._pause_until:
                await self._sleep(self._pause_until - now)
                continue
            if self._active < self.limit:
                break
            self._freed.clear()
            await self._freed.wait()
        self._active += 1
        if self._interval:
            slot = max(now, self._next_slot)
            self._next_slot = slot + self._interval
            if slot > now:
                try:
                    await self._sleep(slot - now)
                except BaseException:
                    self.exit(None)
                    raise

    def exit(self, status: int | None) -> None:
        """Give the place back; a success widens the window a little."""
        self._active -= 1
        if status is not None and status < 400 and self._limit < self._max:
            self._limit = min(self._max, self._limit + 1.0 / self._limit)
        self._freed.set()

    def pause(self, seconds: float) -> None:
        """A 429: hold every new attempt for ``seconds``; halve the window once per pause."""
        now = self._clock()
        if now >= self._pause_until:
            # The other 429s of the same burst (already in flight) extend the pause but do
            # not shrink the window again.
            self._limit = max(1.0, self._limit / 2)
        self._pause_until = max(self._pause_until, now + seconds)


class Batch(Generic[_In, _Out]):
    """Runs ``work`` over ``items`` with at most ``concurrency`` alive; yields as they finish.

    ``check`` validates each item as it is pulled from the input; an item it rejects stops the
    intake, lets the items in flight finish, and is raised (after their results are yielded)
    as ``rejected``.
    """

    def __init__(
        self,
        items: Iterable[_In],
        work: Callable[[_In], Awaitable[_Out]],
        *,
        concurrency: int,
        check: Callable[[object], object],
    ) -> None:
        self._items: Iterator[tuple[int, _In]] = enumerate(items)
        self._work = work
        self._concurrency = concurrency
        self._check = check
        self.in_flight: dict[asyncio.Task[_Out], int] = {}
        self.rejected: BaseException | None = None
        self.rejected_index = -1

    def _launch(self) -> None:
        while self.rejected is None and len(self.in_flight) < self._concurrency:
            try:
                index, item = next(self._items)
            except StopIteration:
                return
            try:
                self._check(item)
            except (TypeError, ValueError) as exc:
                self.rejected, self.rejected_index = exc, index
                return
            task = _asyncio().ensure_future(self._work(item))
            self.in_flight[task] = index

    async def results(self) -> AsyncGenerator[tuple[int, _Out | VideoSDKError]]:
        """Yield ``(index, result or VideoSDKError)`` as items finish; cancel the rest on exit."""
        try:
            self._launch()
            while self.in_flight:
                done, _ = await _asyncio().wait(self.in_flight, return_when="FIRST_COMPLETED")
                for task in done:
                    index = self.in_flight.pop(task)
                    exc = task.exception()
                    if exc is None:
                        yield index, task.result()
                    elif isinstance(exc, VideoSDKError):
                        yield index, exc
                    else:
                        raise exc
                self._launch()
            if self.rejected is not None:
                raise self.rejected
        finally:
            await self.cancel()

    async def cancel(self) -> list[int]:
        """Cancel the items in flight, wait for them to end; return their indexes."""
        tasks = list(self.in_flight)
        for task in tasks:
            task.cancel()
        if tasks:
            await _asyncio().gather(*tasks, return_exceptions=True)
        return [self.in_flight.pop(task) for task in tasks]
