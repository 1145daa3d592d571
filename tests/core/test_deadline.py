"""Attempts' deadlines on one shared timer behave as ``asyncio.timeout`` does."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from videosdk_async._core._deadline import Deadlines


async def _stay(deadlines: Deadlines, bound: float | None, inside: float) -> str:
    with deadlines.bound(bound):
        await asyncio.sleep(inside)
    return "done"


async def test_a_block_outliving_its_bound_raises_timeout_error() -> None:
    """Staying in the block past the bound: TimeoutError on leaving it."""
    with pytest.raises(TimeoutError):
        await _stay(Deadlines(), 0.01, 5)


async def test_a_block_within_its_bound_leaves_nothing_pending() -> None:
    """A block that ends in time returns normally, and the task has no cancellation left."""
    deadlines = Deadlines()

    result = await _stay(deadlines, 0.05, 0)
    await asyncio.sleep(0.08)  # past the bound: a stray cancel would land here

    assert result == "done"
    task = asyncio.current_task()
    assert task is not None
    assert task.cancelling() == 0


async def test_no_bound_never_interrupts() -> None:
    """bound(None) is no deadline at all."""
    assert await _stay(Deadlines(), None, 0.02) == "done"


async def test_a_cancellation_from_elsewhere_stays_a_cancellation() -> None:
    """A task cancelled by someone else inside the block gets CancelledError, not TimeoutError."""
    task = asyncio.create_task(_stay(Deadlines(), 60, 5))
    await asyncio.sleep(0)

    task.cancel()

    with pytest.raises(asyncio.CancelledError):
        await task


async def test_a_shorter_bound_entered_later_fires_first() -> None:
    """The timer, armed for a 60 s bound, is moved up for a later 0.02 s one."""
    deadlines = Deadlines()
    long = asyncio.create_task(_stay(deadlines, 60, 0.2))
    await asyncio.sleep(0)

    with pytest.raises(TimeoutError):
        await asyncio.wait_for(_stay(deadlines, 0.02, 5), 2)

    assert await long == "done"


async def test_each_task_times_out_at_its_own_deadline() -> None:
    """Of tasks bounded at 0.02 s and 0.5 s, sleeping 0.1 s, only the first times out."""
    deadlines = Deadlines()

    results = await asyncio.gather(
        _stay(deadlines, 0.02, 0.1), _stay(deadlines, 0.5, 0.1), return_exceptions=True
    )

    assert isinstance(results[0], TimeoutError)
    assert results[1] == "done"


async def test_many_attempts_share_one_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A hundred bounded attempts under way at once schedule a single timer."""
    loop = asyncio.get_running_loop()
    deadlines = Deadlines()
    scheduled: list[float] = []
    call_at = loop.call_at

    def counting(when: float, callback: Any, *args: Any, **kwargs: Any) -> asyncio.TimerHandle:
        if getattr(callback, "__self__", None) is deadlines:
            scheduled.append(when)
        return call_at(when, callback, *args, **kwargs)

    monkeypatch.setattr(loop, "call_at", counting)

    results = await asyncio.gather(*(_stay(deadlines, 60, 0.001) for _ in range(100)))

    assert results == ["done"] * 100
    assert len(scheduled) == 1


def test_a_deadlines_object_moves_to_a_new_event_loop() -> None:
    """The same Deadlines bounds attempts in a later event loop too."""
    deadlines = Deadlines()
    assert asyncio.run(_stay(deadlines, 60, 0)) == "done"

    with pytest.raises(TimeoutError):
        asyncio.run(_stay(deadlines, 0.01, 5))


def test_bound_outside_a_task_is_refused() -> None:
    """Entering a bound with no running task is a RuntimeError, as for asyncio.timeout."""
    with pytest.raises(RuntimeError), Deadlines().bound(1.0):
        pass
