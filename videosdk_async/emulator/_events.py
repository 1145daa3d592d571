"""Webhook events the emulator raises: the one seam between what happens and its delivery.

Families (sessions, egress) call `emit` when something happens in a room; the delivery
machinery (signing, subscriptions, retries) sits behind `EventStore` and is free to change
without touching them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from ._env import Env


@attrs.frozen(kw_only=True)
class Event:
    """One webhook event as raised.

    Attributes:
        type: The event name, e.g. ``"participant-joined"`` (``webhookType`` on the wire).
        room_id: The room it happened in (``meetingId`` in the payload).
        data: The payload's ``data`` object, in the API's camelCase names.
        webhook_url: A per-call ``webhookUrl`` (egress starts) to deliver to as well.
        at: When it was raised (the emulator's clock).
    """

    type: str
    room_id: str
    data: dict[str, Any]
    webhook_url: str | None = None
    at: float = 0.0


class EventStore:
    """Every event raised, in order (the delivery machinery builds on this)."""

    def __init__(self, env: Env) -> None:
        self._env = env
        self.events: list[Event] = []

    def add(self, event: Event) -> None:
        """Record an event and hand it to delivery (the room's subscription, if any)."""
        from ._delivery import DeliveryStore  # deferred: the route families import this module
        from .routes._room_store import RoomStore

        self.events.append(event)
        room = self._env.store(RoomStore).get(event.room_id)
        webhook = None if room is None else room.options.get("webhook")
        self._env.store(DeliveryStore).dispatch(
            event, webhook if isinstance(webhook, dict) else None
        )

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
    room_id: str,
    data: dict[str, Any],
    webhook_url: str | None = None,
) -> Event:
    """Raise a webhook event for ``room_id`` (the caller holds no lock it needs back)."""
    event = Event(type=type, room_id=room_id, data=data, webhook_url=webhook_url, at=env.now())
    env.store(EventStore).add(event)
    return event
