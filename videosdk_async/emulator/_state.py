"""The emulator's machinery state: scripted faults, the request journal, in-flight counters.

Shared between the ASGI app (which may run on a server thread) and the test that drives it,
so every mutation holds one lock. The families' data lives in their stores (`_env.Env`).
"""

from __future__ import annotations

import random
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

import attrs

from ._faults import Fault


@attrs.frozen(kw_only=True)
class JournalEntry:
    """One API request the emulator received.

    Attributes:
        method: The HTTP method.
        path: The request path.
        route: Which route it matched, e.g. ``"POST /v2/rooms"`` (see `ROUTES`).
        status: The status answered (0 for a dropped connection).
        started: The emulator's clock when it arrived.
        finished: The emulator's clock when it was answered.
        user_meeting_id: The ``userMeetingId`` (v1) or ``customRoomId`` (v2) of a create.
        meeting_id: The meeting (room) created or looked up, if any.
        fault: The kind of fault applied, if any.
        created: Whether this request created a resource.
        body: The request's JSON body, parsed (None when empty or not JSON).
        resource_id: The id created or looked up, whatever the family.
    """

    method: str
    path: str
    route: str
    status: int
    started: float
    finished: float
    user_meeting_id: str | None = None
    meeting_id: str | None = None
    fault: str | None = None
    created: bool = False
    body: Any = None
    resource_id: str | None = None


class State:
    """Faults, journal and in-flight counters; see `Emulator` for the public face."""

    def __init__(
        self,
        *,
        clock: Callable[[], float],
        journal_size: int = 100_000,
        seed: int | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._random = random.Random(seed)  # noqa: S311 (fault dice, not cryptography)
        self._clock = clock
        self.faults: list[Fault] = []
        self.journal: deque[JournalEntry] = deque(maxlen=journal_size)
        self.in_flight = 0
        self.max_in_flight = 0

    def now(self) -> float:
        return self._clock()

    def reset(self) -> None:
        with self._lock:
            self.faults.clear()
            self.journal.clear()
            self.in_flight = 0
            self.max_in_flight = 0

    def add_fault(self, fault: Fault) -> None:
        with self._lock:
            self.faults.append(fault)

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def take_fault(self, route: str, body: Callable[[], Any]) -> Fault | None:
        """The first scripted fault for this request, spending one of its ``count``.

        ``body()`` gives the request's parsed JSON; it is called only if a fault matches on
        body fields.
        """
        with self._lock:
            for fault in self.faults:
                if not fault.applies(route, body):
                    continue
                if fault.probability >= 1 or self._random.random() < fault.probability:
                    fault.count -= 1
                    if fault.count == 0:
                        self.faults.remove(fault)
                    return fault
        return None

    def enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self, entry: JournalEntry) -> None:
        """Count a request out of flight and journal it."""
        with self._lock:
            self.in_flight -= 1
            self.journal.append(entry)
