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

import asyncio
import contextvars
import weakref
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ._translate import DeadlineBeforeSend

if TYPE_CHECKING:
    from ._retry import Failure

_In = TypeVar("_In")
_Out = TypeVar("_Out")

ProgressCallback = Callable[[int, int | None], object]


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
        self._freed = asyncio.Event()

    @property
    def limit(self) -> int:
        """How many attempts may be in flight now."""
        return max(1, int(self._limit))

    def try_enter(self) -> bool:
        """Take a place at once if nothing says wait (a pause, a full window, the pace); say
        whether it was taken (else `enter` waits for one)."""
        if self._active >= self.limit:
            return False
        if self._interval or self._pause_until > float("-inf"):
            now = self._clock()
            if now < self._pause_until or self._next_slot > now:
                return False
            if self._interval:
                self._next_slot = now + self._interval
        self._active += 1
        return True

    async def enter(self, deadline: float | None = None) -> None:
        """Wait for the pause to end, a free place, and a rate slot; then take the place.

        Raises:
            DeadlineBeforeSend: The pause (or the rate slot) ends after ``deadline`` (on the
                gate's clock): the attempt would start too late, so it does not start.
        """
        while True:
            now = self._clock()
            if deadline is not None and max(self._pause_until, self._next_slot) > deadline:
                raise DeadlineBeforeSend()
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


class ItemContext:
    """What the request pipeline knows of the batch item it is sending for.

    Each item of `run_many` / `run_iter` runs in a task whose context holds one of these (in
    `current_item`), so any call made inside the user's function takes the batch's gate
    around every attempt, with no per-endpoint twin of any call.
    """

    __slots__ = ("gate", "max_retry_after", "unsafe_sent")

    def __init__(self, gate: BatchGate) -> None:
        self.gate = gate
        #: Whether a non-idempotent request was sent for this item (so, if it is cancelled
        #: in flight, something may have been created).
        self.unsafe_sent = False

    async def enter(self, deadline: float | None = None) -> None:
        await self.gate.enter(deadline)

    def exit(self, status: int | None) -> None:
        self.gate.exit(status)

    def saw(self, failure: Failure, delay: float, max_retry_after: float) -> None:
        """A failed attempt: a 429 pauses the whole batch, even if this item gives up."""
        if failure.status == 429:
            self.gate.pause(min(delay, max_retry_after))


current_item: contextvars.ContextVar[ItemContext | None] = contextvars.ContextVar(
    "videosdk_async_batch_item", default=None
)


def in_item(gate: BatchGate, work: Callable[[_In], Awaitable[_Out]]) -> Callable[[_In], Any]:
    """Run each item's coroutine in a task whose context carries its own `ItemContext`."""

    def start(item: _In) -> asyncio.Future[_Out]:
        context = contextvars.copy_context()
        state = ItemContext(gate)
        context.run(current_item.set, state)
        try:
            call: Any = context.run(work, item)  # the coroutine itself: no wrapping frame
        except Exception as exc:  # raised by the item's own task, as from any coroutine
            call = _fail(exc)
        else:
            if not asyncio.iscoroutine(call):  # another awaitable: a task needs a coroutine
                call = _call(call)
        task = asyncio.get_running_loop().create_task(call, context=context)
        STATES[task] = state
        return task

    return start


async def _call(awaitable: Awaitable[_Out]) -> _Out:
    return await awaitable


async def _fail(exc: Exception) -> Any:
    raise exc


#: The `ItemContext` of each item task (to tell, on cancellation, what was sent).
STATES: weakref.WeakKeyDictionary[asyncio.Future[Any], ItemContext] = weakref.WeakKeyDictionary()
