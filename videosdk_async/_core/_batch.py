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
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable, Iterator, Sized
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from ._errors import BatchError, VideoSDKError
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


class Batch(Generic[_In, _Out]):
    """Runs ``work`` over ``(index, item)`` pairs with at most ``concurrency`` alive; yields
    ``(index, result)`` as they finish.

    ``check`` validates each item as it is pulled from the input; an item it rejects stops the
    intake, lets the items in flight finish, and is raised (after their results are yielded)
    as ``rejected``.
    """

    def __init__(
        self,
        items: Iterable[tuple[int, _In]],
        work: Callable[[_In], Awaitable[_Out]],
        *,
        concurrency: int,
        check: Callable[[object], object],
    ) -> None:
        self._items: Iterator[tuple[int, _In]] = iter(items)
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
            task = asyncio.ensure_future(self._work(item))
            self.in_flight[task] = index

    async def results(self) -> AsyncGenerator[tuple[int, _Out | VideoSDKError]]:
        """Yield ``(index, result or VideoSDKError)`` as items finish; cancel the rest on exit."""
        try:
            self._launch()
            while self.in_flight:
                done, _ = await asyncio.wait(self.in_flight, return_when="FIRST_COMPLETED")
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

    async def cancel(self) -> list[tuple[asyncio.Future[_Out], int]]:
        """Cancel the items in flight, wait for them to end; return them and their indexes."""
        tasks = list(self.in_flight)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        return [(task, self.in_flight.pop(task)) for task in tasks]


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


def _in_item(gate: BatchGate, work: Callable[[_In], Awaitable[_Out]]) -> Callable[[_In], Any]:
    """Run each item's coroutine in a task whose context carries its own `ItemContext`."""

    def start(item: _In) -> asyncio.Future[_Out]:
        context = contextvars.copy_context()
        state = ItemContext(gate)
        context.run(current_item.set, state)
        task = asyncio.get_running_loop().create_task(_call(work, item), context=context)
        _STATES[task] = state
        return task

    return start


async def _call(work: Callable[[_In], Awaitable[_Out]], item: _In) -> _Out:
    return await work(item)


#: The `ItemContext` of each item task (to tell, on cancellation, what was sent).
_STATES: weakref.WeakKeyDictionary[asyncio.Future[Any], ItemContext] = weakref.WeakKeyDictionary()


def _cancelled_error(unsafe_sent: bool) -> VideoSDKError:
    if unsafe_sent:
        return VideoSDKError(
            "cancelled in flight because another item of the batch failed first; a request "
            "that creates something had been sent, so it may have been created",
            outcome_unknown=True,
        )
    return VideoSDKError("cancelled in flight because another item of the batch failed first")


def _summary(index: int, error: VideoSDKError, slots: list[Any]) -> str:
    failed = sum(isinstance(slot, BaseException) for slot in slots)
    unknown = sum(isinstance(slot, VideoSDKError) and slot.outcome_unknown for slot in slots)
    untried = sum(slot is None for slot in slots)
    return (
        f"batch stopped at item {index} ({type(error).__name__}: {error}); "
        f"{len(slots) - failed - untried} succeeded, {unknown} with an unknown outcome, "
        f"{untried} not attempted"
    )


def _invalid(index: int, exc: Exception) -> VideoSDKError:
    error = VideoSDKError(f"item {index} is invalid: {exc}")
    error.__cause__ = exc
    return error


class Runner(Generic[_In, _Out]):
    """`sdk.map` and `sdk.map_iter` for one call: a gate, a check, and the work."""

    def __init__(
        self,
        gate: BatchGate,
        work: Callable[[_In], Awaitable[_Out]],
        check: Callable[[Any], object] | None = None,
    ) -> None:
        self._gate = gate
        self._work = work
        self._check = check or (lambda item: item)

    def _batch(self, items: Iterable[tuple[int, _In]]) -> Batch[_In, _Out]:
        return Batch(
            items,
            cast(Callable[[_In], Awaitable[_Out]], _in_item(self._gate, self._work)),
            concurrency=self._gate.limit,
            check=self._check,
        )

    def iterate(self, items: Iterable[_In]) -> AsyncGenerator[tuple[int, _Out | VideoSDKError]]:
        """Yield ``(index, result or error)`` as items finish (see `Batch`)."""
        return self._batch(enumerate(items)).results()

    async def run(
        self,
        items: Iterable[_In],
        *,
        return_exceptions: bool,
        on_progress: ProgressCallback | None,
    ) -> list[_Out | VideoSDKError]:
        """Every item's result in input order; see `AsyncVideoSDK.map`."""
        total: int | None = None
        slots: list[Any] = []
        todo: Iterable[tuple[int, _In]] = enumerate(items)
        if isinstance(items, Sized):
            todo, slots = self._precheck(list(items), return_exceptions)
            total = len(slots)
        batch = self._batch(todo)
        done = sum(slot is not None for slot in slots)
        first: tuple[int, VideoSDKError] | None = None
        results = batch.results()
        try:
            async for index, result in results:
                if index >= len(slots):
                    slots.extend([None] * (index + 1 - len(slots)))
                slots[index] = result
                done += 1
                if on_progress is not None:
                    on_progress(done, total)
                if isinstance(result, VideoSDKError) and not return_exceptions:
                    first = (index, result)
                    for task, cancelled in await batch.cancel():
                        state = _STATES.get(task)
                        slots[cancelled] = _cancelled_error(bool(state and state.unsafe_sent))
                    break
        except (TypeError, ValueError) as exc:
            if exc is not batch.rejected:
                raise  # a bug, not a bad item: do not dress it up as one
            index = batch.rejected_index
            slots.extend([None] * (index + 1 - len(slots)))
            raise BatchError(
                f"batch stopped: item {index} is invalid: {exc}", results=slots
            ) from exc
        finally:
            await results.aclose()
        if first is not None:
            index, error = first
            raise BatchError(_summary(index, error, slots), results=slots) from error
        return cast(list[_Out | VideoSDKError], slots)

    def _precheck(
        self, items: list[_In], return_exceptions: bool
    ) -> tuple[Iterable[tuple[int, _In]], list[Any]]:
        """Check a sized input in full before anything is sent.

        Without ``return_exceptions`` a bad item raises at once (nothing sent); with it, the
        item's place holds a `VideoSDKError` saying why, and the rest go on.
        """
        slots: list[Any] = [None] * len(items)
        for index, item in enumerate(items):
            try:
                self._check(item)
            except (TypeError, ValueError) as exc:
                if not return_exceptions:
                    raise
                slots[index] = _invalid(index, exc)
        todo = [(index, item) for index, item in enumerate(items) if slots[index] is None]
        return todo, slots
