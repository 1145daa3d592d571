"""Webhook events the emulator raises: the one seam between what happens and its delivery.

Families call `emit` when something happens; whoever wants events (the signed webhook
deliveries, `_delivery.DeliveryStore`) subscribes to the `EventStore`. This module imports
neither side, so neither a family nor the delivery machinery can grow a circle through it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from ._env import Env


@attrs.frozen(kw_only=True)
class Event:
    """One webhook event as raised.

    Attributes:
        type: The event name, e.g. ``"participant-joined"`` (``webhookType`` on the wire).
        room_id: The room it happened in (``meetingId`` in the payload); None for an event
            of no room (a SIP webhook's, an alert's).
        data: The payload's ``data`` object, in the API's camelCase names.
        webhook_url: A per-call ``webhookUrl`` (egress starts) to deliver to as well.
        targets: More URLs to deliver it to (a family's own subscriptions: SIP webhooks,
            alert channels).
        at: When it was raised (the emulator's clock).
    """

    type: str
    room_id: str | None
    data: dict[str, Any]
    webhook_url: str | None = None
    targets: tuple[str, ...] = ()
    at: float = 0.0


class EventStore:
    """Every event raised, in order, handed to each subscriber as it is raised."""

    def __init__(self, env: Env) -> None:
        self._env = env
        self.events: list[Event] = []
        self._subscribers: list[Callable[[Event], None]] = []

    def subscribe(self, subscriber: Callable[[Event], None]) -> None:
        """Call ``subscriber(event)`` for every event raised from now on (in order)."""
        self._subscribers.append(subscriber)

    def add(self, event: Event) -> None:
        """Record an event and hand it to every subscriber."""
        self.events.append(event)
        for subscriber in list(self._subscribers):
            subscriber(event)

    def reset(self) -> None:
        """Forget every event."""
        self.events.clear()

    def stats(self) -> dict[str, Any]:
        """Counts for ``GET /_emulator/stats``."""
        return {"events": len(self.events)}


def emit(
    env: Env,
    type: str,
    *,
    room_id: str | None,
    data: dict[str, Any],
    webhook_url: str | None = None,
    targets: tuple[str, ...] = (),
) -> Event:
    """Raise a webhook event for ``room_id`` (the caller holds no lock it needs back)."""
    event = Event(
        type=type,
        room_id=room_id,
        data=data,
        webhook_url=webhook_url,
        targets=targets,
        at=env.now(),
    )
    env.store(EventStore).add(event)
    return event
