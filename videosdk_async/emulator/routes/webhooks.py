"""The webhook key family: ``GET /v2/public/rsa-public-key``, and its key rotation control.

The route tolerates an ``Authorization`` header but does not need one: the official SDKs
fetch it through their authenticated client [SDK]. The key is the one deliveries are signed
with (`_delivery.DeliveryStore`).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from .._delivery import DeliveryStore
from .._env import Env
from .._events import Event, EventStore
from .._family import Call, Family
from ._room_store import RoomStore


class EventRouter:
    """Hands every event raised to the signed deliveries: to its room's webhook (when the
    room subscribed to it), its ``webhookUrl`` and its own targets."""

    def __init__(self, env: Env) -> None:
        self._env = env
        env.store(EventStore).subscribe(self.route)

    def route(self, event: Event) -> None:
        """Deliver ``event`` (the `EventStore` subscription)."""
        room = None if event.room_id is None else self._env.store(RoomStore).get(event.room_id)
        webhook = None if room is None else room.options.get("webhook")
        self._env.store(DeliveryStore).dispatch(
            event, webhook if isinstance(webhook, dict) else None
        )

    def reset(self) -> None:
        """Nothing to forget: the subscription stays."""

    def stats(self) -> dict[str, Any]:
        """No entries of its own."""
        return {}


family = Family("webhooks", stores=(DeliveryStore, EventRouter))


@family.route("GET", "/v2/public/rsa-public-key", public=True)
async def public_key(call: Call) -> Response:
    return JSONResponse({"publicKey": call.env.store(DeliveryStore).public_key})


@family.control("POST", "/_emulator/webhooks/rotate-key")
def _rotate_key(env: Env, params: dict[str, str], body: dict[str, Any]) -> Any:
    """Sign from now on with a new key (`Emulator.rotate_webhook_key` over HTTP)."""
    env.store(DeliveryStore).use_key(None)
    return {"publicKey": env.store(DeliveryStore).public_key}
