"""Webhook delivery mechanics: retries and backoff, order per URL, where deliveries run,
waiting for them, and cancelling them."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import videosdk_async as vs
from videosdk_async.emulator import Emulator
from videosdk_async.emulator._delivery import BACKOFF

from .test_webhook_delivery import Receiver


class Sleeps:
    """An injectable sleep that records what it was asked to wait and waits for nothing."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


class Held:
    """A receiver that holds every request until released."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.arrived = asyncio.Event()

        async def hook(request: Request) -> Response:
            self.arrived.set()
            await self.release.wait()
            return Response(status_code=204)

        self.app = Starlette(routes=[Route("/{name}", hook, methods=["POST"])])


async def _room(emulator: Emulator, events: list[str], url: str = "http://receiver/room") -> str:
    async with emulator.sdk() as sdk:
        room = await sdk.rooms.create(webhook=vs.RoomWebhook(url, events))
    return room.room_id


async def test_a_500_is_retried_after_the_first_backoff() -> None:
    """A 500 then a 200: two attempts, one backoff wait, delivered."""
    receiver, sleeps = Receiver(500), Sleeps()
    emulator = Emulator(webhook_app=receiver.app, sleep=sleeps)
    room_id = await _room(emulator, ["participant-joined"])

    emulator.join(room_id, "alice")
    delivered = await emulator.deliveries_settled()

    assert [(d.attempts, d.statuses, d.status, d.delivered) for d in delivered] == [
        (2, (500, 200), 200, True)
    ]
    assert len(receiver.received) == 2
    assert receiver.received[0][1:] == receiver.received[1][1:]
    assert sleeps.waits == [BACKOFF[0]]


async def test_a_delivery_that_keeps_failing_is_given_up() -> None:
    """Four 503s: four attempts with growing waits, journaled as not delivered."""
    receiver, sleeps = Receiver(503, 503, 503, 503), Sleeps()
    emulator = Emulator(webhook_app=receiver.app, sleep=sleeps)
    room_id = await _room(emulator, ["participant-joined"])

    emulator.join(room_id, "alice")
    [delivery] = await emulator.deliveries_settled()

    assert (delivery.attempts, delivery.statuses, delivery.delivered) == (4, (503,) * 4, False)
    assert sleeps.waits == list(BACKOFF)


async def test_a_crashing_receiver_counts_as_a_500() -> None:
    """An in-process app that raises is answered 500 and retried, not an emulator crash."""
    calls: list[int] = []

    async def hook(request: Request) -> Response:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("receiver bug")
        return Response(status_code=200)

    app = Starlette(routes=[Route("/{name}", hook, methods=["POST"])])
    emulator = Emulator(webhook_app=app, sleep=Sleeps())
    room_id = await _room(emulator, ["participant-joined"])

    emulator.join(room_id, "alice")
    [delivery] = await emulator.deliveries_settled()

    assert delivery.statuses == (500, 200)


@pytest.mark.loopback
async def test_a_refused_connection_is_retried_then_journaled_as_status_0() -> None:
    """Nothing listening on the URL: every attempt fails, status 0, not delivered."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps = Sleeps()
    emulator = Emulator(sleep=sleeps)
    room_id = await _room(emulator, ["session-started"], f"http://127.0.0.1:{port}/hook")

    emulator.join(room_id, "alice")
    [delivery] = await emulator.deliveries_settled()

    assert (delivery.statuses, delivery.status, delivery.delivered) == ((0,) * 4, 0, False)
    assert sleeps.waits == list(BACKOFF)


async def test_a_url_gets_its_events_in_order_while_one_is_retried() -> None:
    """The first event's retry finishes before the second event is posted to the same URL."""
    receiver = Receiver(500)
    emulator = Emulator(webhook_app=receiver.app, sleep=Sleeps())
    room_id = await _room(emulator, ["*"])

    emulator.join(room_id, "alice")
    emulator.join(room_id, "bob")
    await emulator.deliveries_settled()

    assert receiver.types() == [
        "session-started",
        "session-started",
        "participant-joined",
        "participant-joined",
    ]


async def test_the_api_answers_before_its_deliveries_are_made() -> None:
    """Ending a session over the API answers while its webhook is still undelivered."""
    held = Held()
    emulator = Emulator(webhook_app=held.app)
    room_id = await _room(emulator, ["session-ended"])
    emulator.join(room_id, "alice")

    async with emulator.sdk() as sdk, asyncio.timeout(5):
        ended = await sdk.sessions.end(room_id)
    before = emulator.deliveries
    await held.arrived.wait()
    held.release.set()
    after = await emulator.deliveries_settled()

    assert ended.room_id == room_id
    assert before == []
    assert [(d.type, d.status) for d in after] == [("session-ended", 204)]


def test_events_raised_outside_an_event_loop_are_delivered() -> None:
    """Sync code's join is delivered in the background and wait_deliveries waits for it."""
    receiver = Receiver()
    emulator = Emulator(webhook_app=receiver.app)
    room_id = asyncio.run(_room(emulator, ["participant-joined"]))

    emulator.join(room_id, "alice")
    delivered = emulator.wait_deliveries()

    assert [(d.type, d.status) for d in delivered] == [("participant-joined", 200)]
    assert receiver.types() == ["participant-joined"]


async def test_waiting_synchronously_on_the_delivering_loop_is_refused() -> None:
    """wait_deliveries on the loop that runs the deliveries raises instead of hanging."""
    emulator = Emulator(webhook_app=Receiver().app)
    room_id = await _room(emulator, ["participant-joined"])
    emulator.join(room_id, "alice")

    with pytest.raises(RuntimeError, match="deliveries_settled"):
        emulator.wait_deliveries()
    assert len(await emulator.deliveries_settled()) == 1


async def test_deliveries_that_do_not_settle_in_time_raise_timeout_error() -> None:
    """deliveries_settled(timeout=) raises TimeoutError while a receiver holds a delivery."""
    held = Held()
    emulator = Emulator(webhook_app=held.app)
    room_id = await _room(emulator, ["participant-joined"])
    emulator.join(room_id, "alice")
    await held.arrived.wait()

    with pytest.raises(TimeoutError, match="1 webhook deliveries"):
        await emulator.deliveries_settled(timeout=0.05)
    held.release.set()
    assert len(await emulator.deliveries_settled()) == 1


async def test_close_cancels_deliveries_in_progress() -> None:
    """close() cancels a held delivery; it is journaled with what it got (no answer)."""
    held = Held()
    emulator = Emulator(webhook_app=held.app)
    room_id = await _room(emulator, ["participant-joined"])
    emulator.join(room_id, "alice")
    await held.arrived.wait()

    emulator.close()
    [delivery] = await emulator.deliveries_settled()

    assert (delivery.attempts, delivery.statuses, delivery.delivered) == (1, (0,), False)


async def test_stats_count_deliveries() -> None:
    """GET /_emulator/stats reports deliveries made and in progress."""
    emulator = Emulator(webhook_app=Receiver().app)
    room_id = await _room(emulator, ["*"])
    emulator.join(room_id, "alice")
    await emulator.deliveries_settled()

    transport = emulator.transport()
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        stats = (await client.get("/_emulator/stats")).json()

    assert (stats["webhookDeliveries"], stats["webhooksPending"]) == (2, 0)
