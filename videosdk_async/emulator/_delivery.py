"""Signed webhook deliveries: the emulator's RSA key, subscriptions, retries, a journal.

Every event `_events.emit` raises is POSTed, as ``{"webhookType": ..., "data": {...}}``
serialised once and signed on exactly those bytes (RSASSA-PKCS1-v1_5 over SHA-256, base64 in
``videosdk-signature``) [DOC], to the room's ``webhook.endPoint`` when the room subscribed to
the event (exact names and ``*`` wildcards such as ``recording-*``), and to the event's own
``webhookUrl`` (egress starts). A non-2xx answer or a failed connection is retried with a
short backoff. Each endpoint gets its events one at a time, in the order they were raised.
Deliveries run on one background thread with its own event loop, so they never
hold up the API answer that caused them, whichever thread or loop raised the event; tests
wait for them with `DeliveryStore.wait` (or ``await Emulator.deliveries_settled()``).
"""

from __future__ import annotations

import asyncio
import base64
import fnmatch
import json
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs
import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

if TYPE_CHECKING:
    from ._env import Env
    from ._events import Event

#: Waits before each retry of a delivery (seconds): four attempts in all.
BACKOFF: Final = (0.05, 0.2, 0.5)


@attrs.frozen(kw_only=True)
class Delivery:
    """One webhook delivery (all its attempts).

    Attributes:
        url: Where it was posted.
        type: The event's name.
        body: The exact bytes posted (and signed).
        signature: The ``videosdk-signature`` header sent.
        attempts: How many POSTs it took.
        status: The last answer's status; 0 when no answer came.
    """

    url: str
    type: str
    body: bytes
    signature: str
    attempts: int
    status: int

    @property
    def delivered(self) -> bool:
        """Whether the receiver answered 2xx."""
        return 200 <= self.status < 300


def subscribed(patterns: Sequence[str], event_type: str) -> bool:
    """Whether a room's ``events`` list covers ``event_type`` (``*`` is a wildcard)."""
    return any(fnmatch.fnmatchcase(event_type, pattern) for pattern in patterns)


class DeliveryStore:
    """The signing key, the delivery thread, and the journal of deliveries."""

    def __init__(self, env: Env) -> None:
        self._env = env
        self._key: rsa.RSAPrivateKey | None = None  # made on first use: 2048-bit keys take time
        self.app: Any = None  # an ASGI app to deliver to in process, instead of the network
        self.deliveries: list[Delivery] = []
        self._done = threading.Condition()
        self._pending = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        #: One lock per URL (asyncio's locks are FIFO): a receiver gets its events in order.
        self._in_order: dict[str, asyncio.Lock] = {}

    # -- the key -------------------------------------------------------------------------

    @property
    def public_key(self) -> str:
        """The public key, SPKI PEM."""
        pem = (
            self._private()
            .public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        return pem.decode()

    def _private(self) -> rsa.RSAPrivateKey:
        if self._key is None:
            self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return self._key

    def use_key(self, private_pem: str | bytes | None) -> None:
        """Sign with this RSA private key (PEM), or with a freshly generated one (None)."""
        if private_pem is None:
            self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            return
        data = private_pem.encode() if isinstance(private_pem, str) else private_pem
        key = serialization.load_pem_private_key(data, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise TypeError("webhook_private_key must be an RSA private key")
        self._key = key

    def sign(self, body: bytes) -> str:
        """The ``videosdk-signature`` of ``body``."""
        signature = self._private().sign(body, padding.PKCS1v15(), hashes.SHA256())
        return base64.b64encode(signature).decode()

    # -- dispatching ---------------------------------------------------------------------

    def dispatch(self, event: Event, subscription: dict[str, Any] | None) -> None:
        """Send ``event`` to every target it has (called as the event is recorded)."""
        targets = []
        if subscription and subscribed(subscription.get("events") or [], event.type):
            targets.append(str(subscription.get("endPoint")))
        if event.webhook_url:
            targets.append(event.webhook_url)
        if not targets:
            return
        body = json.dumps({"webhookType": event.type, "data": event.data}).encode()
        signature = self.sign(body)
        loop = self._delivery_loop()
        for url in targets:
            with self._done:
                self._pending += 1
            asyncio.run_coroutine_threadsafe(self._deliver(url, event.type, body, signature), loop)

    def _delivery_loop(self) -> asyncio.AbstractEventLoop:
        with self._done:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(
                    target=self._loop.run_forever, name="emulator-webhooks", daemon=True
                )
                self._thread.start()
            return self._loop

    async def _deliver(self, url: str, kind: str, body: bytes, signature: str) -> None:
        async with self._in_order.setdefault(url, asyncio.Lock()):
            await self._post(url, kind, body, signature)

    async def _post(self, url: str, kind: str, body: bytes, signature: str) -> None:
        headers = {"Content-Type": "application/json", "videosdk-signature": signature}
        transport = None if self.app is None else httpx.ASGITransport(app=self.app)
        status, attempts = 0, 0
        try:
            async with httpx.AsyncClient(transport=transport, timeout=5.0) as client:
                for wait in (*BACKOFF, None):
                    attempts += 1
                    try:
                        status = (await client.post(url, content=body, headers=headers)).status_code
                    except httpx.HTTPError:
                        status = 0
                    if 200 <= status < 300 or wait is None:
                        break
                    await asyncio.sleep(wait)
        finally:
            record = Delivery(
                url=url, type=kind, body=body, signature=signature, attempts=attempts, status=status
            )
            with self._done:
                self.deliveries.append(record)
                self._pending -= 1
                self._done.notify_all()

    def wait(self, timeout: float = 5.0) -> bool:
        """Block until no delivery is in progress; False if ``timeout`` ran out first."""
        with self._done:
            return self._done.wait_for(lambda: self._pending == 0, timeout)

    def stop(self) -> None:
        """Stop the delivery thread (deliveries in progress are abandoned)."""
        with self._done:
            loop, self._loop = self._loop, None
        if loop is not None:
            loop.call_soon_threadsafe(loop.stop)
            if self._thread is not None:
                self._thread.join(5)
            loop.close()

    def reset(self) -> None:
        with self._done:
            self.deliveries.clear()

    def stats(self) -> dict[str, Any]:
        with self._done:
            return {"webhookDeliveries": len(self.deliveries), "webhooksPending": self._pending}
