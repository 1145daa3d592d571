"""The calls' deadlines on one timer per event loop, not one per attempt.

A call's deadline bounds each of its attempts, the answer's body included. ``asyncio.timeout``
(or aiohttp's ``total``) would schedule a ``TimerHandle`` per attempt and cancel it when the
answer is in: two trips through asyncio's timer heap, whose handles compare in Python, some
35,000 instructions a request at 64 in flight (``benchmarks/instructions.py``), for a timer
that almost never fires.

`Deadlines` keeps the attempts under way in a dict and one timer, armed for the soonest
deadline. An attempt that ends just leaves the dict; when the timer fires it cancels the tasks
whose deadline has passed (as ``asyncio.timeout`` does, and with its bookkeeping of
``Task.cancelling``/``uncancel``, so a cancellation from elsewhere still propagates) and
rearms for the soonest left. With deadlines as far apart as the SDK's 60 seconds, it fires
about once a deadline, whatever the traffic.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from types import TracebackType
from typing import Final

#: What an attempt runs under when its call has no deadline.
_UNBOUNDED: Final = contextlib.nullcontext()


class Deadlines:
    """The deadlines of the attempts under way, on one timer (see the module)."""

    __slots__ = ("_at", "_handle", "_loop", "_waiting")

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiting: dict[Bound, None] = {}
        self._handle: asyncio.TimerHandle | None = None
        #: When the timer fires (loop time); infinity when none is pending.
        self._at = math.inf

    def bound(self, seconds: float | None) -> contextlib.AbstractContextManager[None]:
        """A ``with`` block the current task may spend at most ``seconds`` in (None: no bound).

        Raises:
            TimeoutError: On leaving the block, when the deadline cancelled the task in it.
        """
        return _UNBOUNDED if seconds is None else Bound(self, seconds)

    def _moved_to(self, loop: asyncio.AbstractEventLoop) -> None:
        """First use, or a new loop: the old loop's timer and attempts are moot."""
        if self._handle is not None:
            self._handle.cancel()
        self._loop, self._waiting, self._handle, self._at = loop, {}, None, math.inf

    def _arm(self, loop: asyncio.AbstractEventLoop, when: float) -> None:
        if self._handle is not None:
            self._handle.cancel()
        self._at = when
        self._handle = loop.call_at(when, self._fire, loop)

    def _fire(self, loop: asyncio.AbstractEventLoop) -> None:
        self._handle, self._at = None, math.inf
        now, soonest = loop.time(), math.inf
        for bound in list(self._waiting):
            if bound.when <= now:
                del self._waiting[bound]
                bound.expire()
            elif bound.when < soonest:
                soonest = bound.when
        if soonest < math.inf:
            self._arm(loop, soonest)


class Bound:
    """One task's stay under a deadline: `Deadlines.bound`'s context manager."""

    __slots__ = ("_cancelling", "_expired", "_owner", "_task", "seconds", "when")

    def __init__(self, owner: Deadlines, seconds: float) -> None:
        self._owner = owner
        self.seconds = seconds
        self.when = math.inf
        self._expired = False

    def __enter__(self) -> None:
        owner = self._owner
        loop = asyncio.get_running_loop()
        task = asyncio.current_task(loop)
        if task is None:
            raise RuntimeError("a deadline needs a running task")
        if loop is not owner._loop:
            owner._moved_to(loop)
        self._task = task
        self._cancelling = task.cancelling()
        self.when = when = loop.time() + self.seconds
        owner._waiting[self] = None
        if when < owner._at:
            owner._arm(loop, when)

    def expire(self) -> None:
        """The deadline passed: cancel the task (its exit from the block says TimeoutError)."""
        self._expired = True
        self._task.cancel()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._owner._waiting.pop(self, None)
        if (
            self._expired
            and self._task.uncancel() <= self._cancelling
            and exc_type is asyncio.CancelledError
        ):
            raise TimeoutError from exc  # no other cancellation is pending: ours to report
