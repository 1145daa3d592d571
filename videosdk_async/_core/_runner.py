"""Running a batch: `Runner` (``sdk.map`` and the families' ``create_many``), `Batcher`.

The rules a batch follows are in `_batch` (the gate every attempt passes). Here: the input is
read lazily with at most ``concurrency`` items alive, each item checked and prepared once
before it is sent, results kept in input order, and the first failure either stops the batch
(`BatchError`) or takes its item's place.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable, Iterator, Sized
from typing import Any, Generic, TypeVar, cast

from ._batch import STATES, BatchGate, ProgressCallback, in_item
from ._errors import BatchError, VideoSDKError

_In = TypeVar("_In")
_Out = TypeVar("_Out")


class Batch(Generic[_In, _Out]):
    """Runs ``work`` over ``(index, item)`` pairs with at most ``concurrency`` alive; yields
    ``(index, result)`` as they finish.

    ``check`` validates (and prepares) each item as it is pulled from the input; ``work`` gets
    what it returned. An item it rejects stops the intake, lets the items in flight finish,
    and is raised (after their results are yielded) as ``rejected``.
    """

    def __init__(
        self,
        items: Iterable[tuple[int, _In]],
        work: Callable[[_In], Awaitable[_Out]],
        *,
        concurrency: int,
        check: Callable[[Any], _In],
    ) -> None:
        self._items: Iterator[tuple[int, Any]] = iter(items)
        self._work = work
        self._concurrency = concurrency
        self._check = check
        self.in_flight: dict[asyncio.Task[_Out], int] = {}
        self.rejected: BaseException | None = None
        self.rejected_index = -1
        #: Items' tasks as they finish (each task puts itself here when done): one wake-up
        #: per finished item, where waiting on every task in flight costs O(concurrency).
        self._finished: collections.deque[asyncio.Task[_Out]] = collections.deque()
        #: What `results` waits on while nothing has finished (set by the next to finish).
        self._waiter: asyncio.Future[None] | None = None

    def _done(self, task: asyncio.Task[_Out]) -> None:
        self._finished.append(task)
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def _next_finished(self) -> asyncio.Task[_Out]:
        while not self._finished:
            self._waiter = asyncio.get_running_loop().create_future()
            await self._waiter
        return self._finished.popleft()

    def _launch(self) -> None:
        while self.rejected is None and len(self.in_flight) < self._concurrency:
            try:
                index, item = next(self._items)
            except StopIteration:
                return
            try:
                prepared = self._check(item)
            except (TypeError, ValueError) as exc:
                self.rejected, self.rejected_index = exc, index
                return
            task = asyncio.ensure_future(self._work(prepared))
            self.in_flight[task] = index
            task.add_done_callback(self._done)

    async def results(self) -> AsyncGenerator[tuple[int, _Out | VideoSDKError]]:
        """Yield ``(index, result or VideoSDKError)`` as items finish; cancel the rest on exit."""
        try:
            self._launch()
            while self.in_flight:
                task = await self._next_finished()
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
    """`sdk.map` and `sdk.map_iter` for one call: a gate, a preparation, and the work.

    ``prepare`` checks each input item and turns it into what ``work`` takes (a request
    body, say), once per item; ``TypeError``/``ValueError`` from it mark the item invalid.
    """

    def __init__(
        self,
        gate: BatchGate,
        work: Callable[[Any], Awaitable[_Out]],
        prepare: Callable[[_In], Any] | None = None,
    ) -> None:
        self._gate = gate
        self._work = work
        self._prepare: Callable[[_In], Any] = prepare or _same

    def _batch(
        self, items: Iterable[tuple[int, Any]], check: Callable[[Any], Any]
    ) -> Batch[Any, _Out]:
        return Batch(
            items,
            cast(Callable[[Any], Awaitable[_Out]], in_item(self._gate, self._work)),
            concurrency=self._gate.limit,
            check=check,
        )

    def iterate(self, items: Iterable[_In]) -> AsyncGenerator[tuple[int, _Out | VideoSDKError]]:
        """Yield ``(index, result or error)`` as items finish (see `Batch`)."""
        return self._batch(enumerate(items), self._prepare).results()

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
        todo: Iterable[tuple[int, Any]] = enumerate(items)
        check: Callable[[Any], Any] = self._prepare
        if isinstance(items, Sized):
            todo, slots = self._precheck(list(items), return_exceptions)
            total = len(slots)
            check = _same  # prepared already
        batch = self._batch(todo, check)
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
                        state = STATES.get(task)
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
    ) -> tuple[list[tuple[int, Any]], list[Any]]:
        """Check and prepare a sized input in full before anything is sent.

        Without ``return_exceptions`` a bad item raises at once (nothing sent); with it, the
        item's place holds a `VideoSDKError` saying why, and the rest go on.
        """
        slots: list[Any] = [None] * len(items)
        todo: list[tuple[int, Any]] = []
        for index, item in enumerate(items):
            try:
                todo.append((index, self._prepare(item)))
            except (TypeError, ValueError) as exc:
                if not return_exceptions:
                    raise
                slots[index] = _invalid(index, exc)
        return todo, slots


def _same(item: Any) -> Any:
    return item


def check_batch(concurrency: object, rate_limit: object, max_connections: int | None) -> int:
    """A batch's concurrency, capped at the pool's size (with a warning).

    Raises:
        ValueError: ``concurrency`` is not an int >= 1, or ``rate_limit`` not > 0.
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"concurrency must be an int >= 1, got {concurrency!r}")
    if rate_limit is not None and (
        isinstance(rate_limit, bool)
        or not isinstance(rate_limit, int | float)
        or not rate_limit > 0
    ):
        raise ValueError(f"rate_limit must be a number > 0 or None, got {rate_limit!r}")
    if max_connections is not None and concurrency > max_connections:
        # The pool must not be the queue: requests would wait inside httpx's pool and could
        # hit its pool timeout. The batch waits instead.
        logging.getLogger("videosdk_async").warning(
            "concurrency %d is above max_connections %d; using %d (raise "
            "AsyncVideoSDK(max_connections=...) for more)",
            concurrency,
            max_connections,
            max_connections,
        )
        return max_connections
    return concurrency


class Batcher:
    """Makes each batch's `Runner` for one SDK: its clock, its sleep, its pool size.

    Args:
        clock: The monotonic clock the gate paces with.
        sleep: How the gate waits.
        max_connections: The pool's size (None: a user's own client, no cap).
        is_closed: Whether the SDK has been closed (a closed SDK starts no batch).
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
        max_connections: int | None,
        is_closed: Callable[[], bool],
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._max_connections = max_connections
        self._is_closed = is_closed

    def runner(
        self,
        work: Callable[[Any], Awaitable[_Out]],
        prepare: Callable[[_In], Any] | None,
        concurrency: int,
        rate_limit: float | None,
    ) -> Runner[_In, _Out]:
        """A `Runner` of ``work`` over prepared items, behind a new `BatchGate`.

        Raises:
            RuntimeError: The SDK is closed.
            ValueError: ``concurrency`` or ``rate_limit`` cannot work.
        """
        if self._is_closed():
            raise RuntimeError("this AsyncVideoSDK has been closed; create a new one")
        concurrency = check_batch(concurrency, rate_limit, self._max_connections)
        gate = BatchGate(
            concurrency=concurrency, rate_limit=rate_limit, clock=self._clock, sleep=self._sleep
        )
        return Runner(gate, work, prepare)
