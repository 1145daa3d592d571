"""`Fault`: a scripted misbehaviour for any route, optionally only for some request bodies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, Literal

import attrs

from .routes import ROUTES

FaultKind = Literal[
    "status", "drop", "delay", "non_json", "wrong_shape", "process_then_fail", "process_then_drop"
]
FAULT_KINDS: Final = frozenset(
    {"status", "drop", "delay", "non_json", "wrong_shape", "process_then_fail", "process_then_drop"}
)
_MISSING: Final[Any] = object()


def _match(value: object) -> dict[str, object]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise ValueError("match must map top-level JSON body field names to values")
    return dict(value)


@attrs.define(kw_only=True)
class Fault:
    """A scripted misbehaviour for the next ``count`` matching requests to ``route``.

    Attributes:
        route: A route name, e.g. ``"POST /v1/meetings"`` or ``"GET /v2/rooms/{roomId}"``
            (see `ROUTES`), or ``"*"`` for any.
        kind: ``status`` (answer ``status`` without processing), ``drop`` (close the
            connection without answering; server mode; in-process it raises
            ``httpx.RemoteProtocolError`` as httpx would), ``delay`` (wait ``delay`` seconds,
            then process normally), ``non_json`` (200 with an HTML body), ``wrong_shape``
            (200 with a JSON object missing fields), ``process_then_drop`` (do the work, then
            hang up without answering: a reset after processing), ``process_then_fail`` (do
            the work, then answer ``status``: the ambiguous case).
        count: How many requests it applies to.
        status: The status for ``status`` and ``process_then_fail``.
        retry_after: Seconds for a ``Retry-After`` header on a ``status`` answer.
        delay: Seconds for ``delay`` (also applied before any other kind when given).
        match: Only requests whose JSON body has each of these top-level fields with
            exactly this value get the fault, e.g. ``{"customRoomId": "x"}``.
        user_meeting_id: Shorthand for ``match={"userMeetingId": ...}``.
        probability: Each matching request gets the fault with this probability (from the
            emulator's seeded random generator); the others pass through.
    """

    route: str = "*"
    kind: FaultKind = "status"
    count: int = 1
    status: int = 503
    retry_after: float | None = None
    delay: float = 0.0
    match: dict[str, object] = attrs.field(factory=dict, converter=_match)
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
        if self.user_meeting_id is not None:
            known = self.match.get("userMeetingId", self.user_meeting_id)
            if known != self.user_meeting_id:
                raise ValueError("user_meeting_id and match['userMeetingId'] disagree")
            self.match["userMeetingId"] = self.user_meeting_id

    def applies(self, route: str, body: Callable[[], Any]) -> bool:
        """Whether a request to ``route`` is a target; ``body()`` gives its parsed JSON."""
        if self.route not in ("*", route):
            return False
        if not self.match:
            return True
        parsed = body()
        if not isinstance(parsed, dict):
            return False
        return all(_same(parsed.get(k, _MISSING), v) for k, v in self.match.items())


def _same(actual: object, expected: object) -> bool:
    # JSON true is not 1: compare types too, except int/float (1 == 1.0 in JSON).
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected
    return actual == expected
