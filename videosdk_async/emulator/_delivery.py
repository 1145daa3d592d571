"""Signed webhook deliveries: the emulator's RSA key, subscriptions, retries, a journal.

Every event `_events.emit` raises (the webhooks family routes them here) is POSTed, as
``{"webhookType": ..., "data": {...}}`` serialised once (compact, as Node's
``JSON.stringify`` writes it [INF]) and signed on exactly those bytes (RSASSA-PKCS1-v1_5
over SHA-256, base64 in ``videosdk-signature``) [DOC], to the room's ``webhook.endPoint``
when the room subscribed to the event (exact names and ``*`` wildcards such as
``recording-*``), to the event's own ``webhookUrl`` (egress starts), and to its targets (a
family's own subscriptions, e.g. SIP webhooks).
A non-2xx answer or a failed connection is retried after `BACKOFF` (waited with the
emulator's injectable ``sleep``). Each URL gets its events one at a time, in the order they
were raised, whichever thread or loop raised them.

A delivery is a task on the event loop running where the event was raised (the server's
loop for an API request, the test's loop for ``Emulator.join`` in async code), so it never
holds up the answer that caused it and an in-process ASGI receiver runs on its own loop.
Events raised outside any loop (sync code) go to one shared background loop. Tests wait with
``await Emulator.deliveries_settled()`` (or `DeliveryStore.wait` from another thread).
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import fnmatch
import itertools
import json
import threading
from collections.abc import Callable, Sequence
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
#: Seconds each attempt may take (connect, send, answer).
ATTEMPT_TIMEOUT: Final = 5.0

_fallback_lock = threading.Lock()
_fallback: list[asyncio.AbstractEventLoop] = []


def _fallback_loop() -> asyncio.AbstractEventLoop:
    """The process's one loop for events raised outside any event loop (made on first use)."""
    with _fallback_lock:
        if not _fallback:
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="emulator-webhooks", daemon=True).start()
            _fallback.append(loop)
        return _fallback[0]


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
        statuses: Each attempt's status, in order (0: no answer).
    """

    url: str
    type: str
    body: bytes
    signature: str
    attempts: int
    status: int
    statuses: tuple[int, ...] = ()

    @property
    def delivered(self) -> bool:
        """Whether the receiver answered 2xx."""
        return 200 <= self.status < 300


def subscribed(patterns: Sequence[str], event_type: str) -> bool:
    """Whether a room's ``events`` list covers ``event_type`` (``*`` is a wildcard)."""
    return any(
        isinstance(pattern, str) and fnmatch.fnmatchcase(event_type, pattern)
        for pattern in patterns
    )


@attrs.define(kw_only=True)
class _Job:
    """A delivery in progress: what it posts, how far it got, how to cancel it."""

    url: str
    type: str
    body: bytes
    signature: str
    after: concurrent.futures.Future[None] | None  # the previous delivery to the same URL
    done: concurrent.futures.Future[None] = attrs.field(factory=concurrent.futures.Future)
    loop: asyncio.AbstractEventLoop | None = None  # None: the shared fallback loop
    cancel: Callable[[], Any] = lambda: None
    statuses: list[int] = attrs.field(factory=list)

    def record(self) -> Delivery:
        return Delivery(
            url=self.url,
            type=self.type,
            body=self.body,
            signature=self.signature,
            attempts=len(self.statuses),
            status=self.statuses[-1] if self.statuses else 0,
            statuses=tuple(self.statuses),
        )


class DeliveryStore:
    """The signing key, the deliveries in progress, and the journal of finished ones."""

    def __init__(self, env: Env) -> None:
        self._env = env
        self._key: rsa.RSAPrivateKey | None = None  # made on first use: 2048-bit keys take time
        self._key_lock = threading.Lock()
        self.app: Any = None  # an ASGI app to deliver to in process, instead of the network
        self.deliveries: list[Delivery] = []
        self._done = threading.Condition()
        self._jobs: dict[int, _Job] = {}
        self._ids = itertools.count()
        #: The last delivery queued per URL: the next one waits for it (events stay in order).
        self._tails: dict[str, concurrent.futures.Future[None]] = {}

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
        with self._key_lock:
            if self._key is None:
                self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            return self._key

    def use_key(self, private_pem: str | bytes | None) -> None:
        """Sign with this RSA private key (PEM), or with a freshly generated one (None).

        Raises:
            ValueError: The PEM cannot be read.
            TypeError: It is not an RSA private key.
        """
        if private_pem is None:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        else:
            data = private_pem.encode() if isinstance(private_pem, str) else private_pem
            loaded = serialization.load_pem_private_key(data, password=None)
            if not isinstance(loaded, rsa.RSAPrivateKey):
                raise TypeError("webhook_private_key must be an RSA private key")
            key = loaded
        with self._key_lock:
            self._key = key

    def sign(self, body: bytes) -> str:
        """The ``videosdk-signature`` of ``body``."""
        signature = self._private().sign(body, padding.PKCS1v15(), hashes.SHA256())
        return base64.b64encode(signature).decode()

    # -- dispatching ---------------------------------------------------------------------

    def dispatch(self, event: Event, subscription: dict[str, Any] | None) -> None:
        """Start delivering ``event`` to every target it has (called as it is recorded)."""
        targets = []
        if subscription and subscribed(subscription.get("events") or [], event.type):
            targets.append(str(subscription.get("endPoint")))
        if event.webhook_url:
            targets.append(event.webhook_url)
        targets.extend(event.targets)
        if not targets:
            return
        payload = {"webhookType": event.type, "data": event.data}
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        signature = self.sign(body)
        for url in targets:
            self._start(url, event.type, body, signature)

    def _start(self, url: str, kind: str, body: bytes, signature: str) -> None:
        with self._done:
            job = _Job(url=url, type=kind, body=body, signature=signature, after=None)
            job.after, self._tails[url] = self._tails.get(url), job.done
            key = next(self._ids)
            self._jobs[key] = job
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            future = asyncio.run_coroutine_threadsafe(self._deliver(job), _fallback_loop())
            job.cancel = future.cancel
            future.add_done_callback(lambda _: self._finish(key))
            return
        task = loop.create_task(self._deliver(job))
        job.loop = loop
        job.cancel = lambda: loop.call_soon_threadsafe(task.cancel)
        task.add_done_callback(lambda _: self._finish(key))

    async def _deliver(self, job: _Job) -> None:
        if job.after is not None and not job.after.done():
            # Shielded: a cancelled delivery must not cancel the one it waits for.
            await asyncio.shield(asyncio.wrap_future(job.after))
        headers = {"Content-Type": "application/json", "videosdk-signature": job.signature}
        transport = None
        if self.app is not None:  # a crashing app answers 500, as a server would
            transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, timeout=ATTEMPT_TIMEOUT) as client:
            for wait in (*BACKOFF, None):
                job.statuses.append(0)  # until it answers: a cancelled attempt got nothing
                try:
                    answer = await client.post(job.url, content=job.body, headers=headers)
                    job.statuses[-1] = answer.status_code
                except httpx.HTTPError:
                    pass
                if 200 <= job.statuses[-1] < 300 or wait is None:
                    return
                await self._env.config.sleep(wait)

    def _finish(self, key: int) -> None:
        """Journal a delivery that ended (delivered, given up on, or cancelled)."""
        with self._done:
            job = self._jobs.pop(key, None)
            if job is None:  # finished already (`stop` raced its own end)
                return
            self.deliveries.append(job.record())
            if self._tails.get(job.url) is job.done:
                del self._tails[job.url]
            self._done.notify_all()
        if not job.done.done():
            job.done.set_result(None)

    # -- waiting -------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        """How many deliveries are in progress."""
        with self._done:
            return len(self._jobs)

    def wait(self, timeout: float = 5.0) -> None:
        """Block until no delivery is in progress.

        Raises:
            RuntimeError: Called on an event loop that runs some of them (it would never
                return): ``await Emulator.deliveries_settled()`` there instead.
            TimeoutError: Some are still in progress after ``timeout`` seconds.
        """
        try:
            here: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            here = None
        with self._done:
            if here is not None and any(job.loop is here for job in self._jobs.values()):
                raise RuntimeError(
                    "webhook deliveries run on this event loop: "
                    "await emulator.deliveries_settled() instead"
                )
            if not self._done.wait_for(lambda: not self._jobs, timeout):
                raise TimeoutError(f"{len(self._jobs)} webhook deliveries still in progress")

    def finished(self) -> list[Delivery]:
        """Every delivery finished so far, in the order they finished."""
        with self._done:
            return list(self.deliveries)

    def stop(self) -> None:
        """Cancel every delivery in progress (each is journaled with what it got so far)."""
        with self._done:
            jobs = list(self._jobs.items())
        for key, job in jobs:
            try:
                job.cancel()
            except RuntimeError:  # its loop is closed: it will never run again
                self._finish(key)

    def reset(self) -> None:
        with self._done:
            self.deliveries.clear()

    def stats(self) -> dict[str, Any]:
        with self._done:
            return {"webhookDeliveries": len(self.deliveries), "webhooksPending": len(self._jobs)}
