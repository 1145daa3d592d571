"""The emulator's state: meetings, scripted faults, the request journal and counters.

Shared between the ASGI app (which may run on a server thread) and the test that drives it,
so every mutation holds one lock.
"""

from __future__ import annotations

import random
import secrets
import string
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Final, Literal

import attrs

FaultKind = Literal["status", "drop", "delay", "non_json", "wrong_shape", "process_then_fail"]
FAULT_KINDS: Final = frozenset(
    {"status", "drop", "delay", "non_json", "wrong_shape", "process_then_fail"}
)

#: The routes the emulator serves, as fault targets and journal keys.
CREATE: Final = "POST /v1/meetings"
LIST: Final = "GET /v1/meetings"
GET_ONE: Final = "GET /v1/meetings/{meetingId}"
POST_ONE: Final = "POST /v1/meetings/{meetingId}"
ROUTES: Final = (CREATE, LIST, GET_ONE, POST_ONE)

_ID_ALPHABET: Final = string.ascii_lowercase + string.digits


def iso_now(now: float) -> str:
    """``2022-01-05T06:41:16.018Z``: ISO-8601 UTC with milliseconds, as the API writes."""
    return (
        datetime.fromtimestamp(now, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    )


def new_meeting_id() -> str:
    """A fresh id in the ``xxxx-xxxx-xxxx`` shape of every documented example."""
    return "-".join("".join(secrets.choice(_ID_ALPHABET) for _ in range(4)) for _ in range(3))


def new_object_id() -> str:
    """24 hex characters, the shape of the API's MongoDB ObjectIds."""
    return secrets.token_hex(12)


@attrs.define(kw_only=True)
class Fault:
    """A scripted misbehaviour for the next ``count`` requests to ``route``.

    Attributes:
        route: One of `ROUTES` (e.g. ``"POST /v1/meetings"``), or ``"*"`` for any.
        kind: ``status`` (answer ``status`` without processing), ``drop`` (close the
            connection without answering; server mode; in-process it raises
            ``httpx.RemoteProtocolError`` as httpx would), ``delay`` (wait ``delay`` seconds,
            then process normally), ``non_json`` (200 with an HTML body), ``wrong_shape``
            (200 with a JSON object missing fields), ``process_then_fail`` (do the work,
            then answer ``status``: the ambiguous case).
        count: How many requests it applies to.
        status: The status for ``status`` and ``process_then_fail``.
        retry_after: Seconds for a ``Retry-After`` header on a ``status`` answer.
        delay: Seconds for ``delay`` (also applied before any other kind when given).
        user_meeting_id: Only creates with this ``userMeetingId`` get the fault.
        probability: Each matching request gets the fault with this probability (from the
            emulator's seeded random generator); the others pass through.
    """

    route: str = "*"
    kind: FaultKind = "status"
    count: int = 1
    status: int = 503
    retry_after: float | None = None
    delay: float = 0.0
    user_meeting_id: str | None = None
    probability: float = 1.0

    def __attrs_post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; one of {sorted(FAULT_KINDS)}")
        if self.route != "*" and self.route not in ROUTES:
            raise ValueError(f"unknown route {self.route!r}; one of {list(ROUTES)} or '*'")
        if self.count < 1:
            raise ValueError("count must be >= 1")
        if not 100 <= self.status <= 599:
            raise ValueError("status must be an HTTP status")
        if not 0 < self.probability <= 1:
            raise ValueError("probability must be in (0, 1]")


@attrs.frozen(kw_only=True)
class JournalEntry:
    """One request the emulator received.

    Attributes:
        method: The HTTP method.
        path: The request path.
        route: Which of `ROUTES` it matched (or ``""``).
        status: The status answered (0 for a dropped connection).
        started: ``time.time()`` when it arrived.
        finished: ``time.time()`` when it was answered.
        user_meeting_id: The ``userMeetingId`` of a create, if any.
        meeting_id: The meeting created or looked up, if any.
        fault: The kind of fault applied, if any.
        created: Whether a meeting was created by this request.
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


class State:
    """Everything the emulator remembers; see `Emulator` for the public face."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        journal_size: int = 100_000,
        seed: int | None = None,
        retain_meetings: bool = True,
    ):
        self._lock = threading.Lock()
        self._random = random.Random(seed)  # noqa: S311 (fault dice, not cryptography)
        self._retain = retain_meetings
        self._clock = clock
        self.user_id = new_object_id()
        self.meetings: dict[str, dict[str, Any]] = {}
        self.faults: list[Fault] = []
        self.journal: deque[JournalEntry] = deque(maxlen=journal_size)
        self.creates: Counter[str | None] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0

    def now(self) -> float:
        return self._clock()

    def reset(self) -> None:
        with self._lock:
            self.meetings.clear()
            self.faults.clear()
            self.journal.clear()
            self.creates.clear()
            self.in_flight = 0
            self.max_in_flight = 0

    def add_fault(self, fault: Fault) -> None:
        with self._lock:
            self.faults.append(fault)

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()

    def take_fault(self, route: str, user_meeting_id: str | None = None) -> Fault | None:
        """The first scripted fault for this request, spending one of its ``count``."""
        with self._lock:
            for fault in self.faults:
                if fault.route not in ("*", route):
                    continue
                if fault.user_meeting_id is not None and fault.user_meeting_id != user_meeting_id:
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

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def record(self, entry: JournalEntry) -> None:
        with self._lock:
            self.journal.append(entry)

    def create_meeting(self, user_meeting_id: str | None) -> dict[str, Any]:
        stamp = iso_now(self.now())
        with self._lock:
            meeting_id = new_meeting_id()
            while meeting_id in self.meetings:
                meeting_id = new_meeting_id()
            meeting = {
                "meetingId": meeting_id,
                "userMeetingId": user_meeting_id,
                "userId": self.user_id,
                "createdAt": stamp,
                "updatedAt": stamp,
                "id": new_object_id(),
            }
            if user_meeting_id is None:
                # [INF] The docs only show creates with an id; the field is left out when none
                # was given rather than sent as null.
                del meeting["userMeetingId"]
            if self._retain:
                self.meetings[meeting_id] = meeting
            self.creates[user_meeting_id] += 1
        return meeting

    def list_meetings(self) -> list[dict[str, Any]]:
        with self._lock:
            # [INF] Newest first, as dashboards list them.
            return list(reversed(self.meetings.values()))
