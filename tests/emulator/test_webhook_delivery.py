"""Signed webhook deliveries: the key route, subscriptions, per-call URLs, retries, rotation."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import videosdk_async as vs
from videosdk_async.emulator import Emulator, EmulatorServer
from videosdk_async.emulator._events import emit

KEY_ROUTE = "GET /v2/public/rsa-public-key"


class Receiver:
    """An ASGI webhook receiver that records what it gets and answers a scripted status."""

    def __init__(self, *statuses: int) -> None:
        self.statuses = list(statuses)
        self.received: list[tuple[str, bytes, str]] = []

        async def hook(request: Request) -> Response:
            body = await request.body()
            self.received.append((request.url.path, body, request.headers["videosdk-signature"]))
            return Response(status_code=self.statuses.pop(0) if self.statuses else 200)

        self.app = Starlette(routes=[Route("/{name}", hook, methods=["POST"])])


async def _room(emulator: Emulator, events: list[str]) -> str:
    async with emulator.sdk() as sdk:
        room = await sdk.rooms.create(webhook=vs.RoomWebhook("http://receiver/room", events))
    return room.room_id


async def test_the_key_is_served_without_a_token() -> None:
    """GET /v2/public/rsa-public-key answers the emulator's key, no Authorization needed."""
    emulator = Emulator()
    transport = emulator.transport()
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        answer = await client.get("/v2/public/rsa-public-key")

    assert answer.status_code == 200
    assert answer.json() == {"publicKey": emulator.webhook_public_key}


async def test_deliveries_are_signed_over_the_exact_body() -> None:
    """Each delivery's body verifies with vs.verify_webhook and the emulator's key."""
    receiver = Receiver()
    emulator = Emulator(webhook_app=receiver.app)
    room_id = await _room(emulator, ["*"])

    emulator.join(room_id, "alice", name="Alice")
    await emulator.deliveries_settled()

    events = [
        vs.verify_webhook(body, signature, public_key=emulator.webhook_public_key)
        for _, body, signature in receiver.received
    ]
    assert [e.type for e in events] == ["session-started", "participant-joined"]
    assert isinstance(events[1].data, vs.ParticipantEventData)
    assert events[1].data.participant_id == "alice"
    assert events[1].data.meeting_id == room_id


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        (["participant-joined"], ["participant-joined"]),
        (["participant-*"], ["participant-joined", "participant-left"]),
        (["session*"], ["session-started", "session-ended"]),
        (["recording-*"], []),
    ],
)
async def test_a_room_gets_only_the_events_it_subscribed_to(
    patterns: list[str], expected: list[str]
) -> None:
    """Exact names and * wildcards select which events a room's endpoint receives."""
    emulator = Emulator(webhook_app=Receiver().app)
    room_id = await _room(emulator, patterns)

    emulator.join(room_id, "alice")
    emulator.leave(room_id, "alice")
    delivered = await emulator.deliveries_settled()

    assert [d.type for d in delivered] == expected


async def test_a_per_call_webhook_url_gets_its_event() -> None:
    """An event raised with a webhookUrl is delivered there too."""
    receiver = Receiver()
    emulator = Emulator(webhook_app=receiver.app)
    room_id = await _room(emulator, [])

    emit(
        emulator._env,
        "recording-started",
        room_id=room_id,
        data={"meetingId": room_id},
        webhook_url="http://receiver/recording",
    )
    delivered = await emulator.deliveries_settled()

    assert [(d.url, d.type) for d in delivered] == [
        ("http://receiver/recording", "recording-started")
    ]
    assert receiver.received[0][0] == "/recording"


async def test_a_failed_delivery_is_retried() -> None:
    """A 500 answer is retried; the journal records two attempts and the final 200."""
    receiver = Receiver(500)
    emulator = Emulator(webhook_app=receiver.app)
    room_id = await _room(emulator, ["participant-joined"])

    emulator.join(room_id, "alice")
    delivered = await emulator.deliveries_settled()

    assert [(d.attempts, d.status, d.delivered) for d in delivered] == [(2, 200, True)]
    assert len(receiver.received) == 2


@pytest.mark.loopback
async def test_after_key_rotation_the_next_event_verifies_after_one_refetch() -> None:
    """sdk.webhooks.verify refetches the rotated key exactly once, over loopback."""
    receiver = Receiver()
    with EmulatorServer(Emulator(webhook_app=receiver.app)) as server:
        emulator = server.emulator
        async with vs.AsyncVideoSDK(**server.sdk_kwargs()) as sdk:
            room = await sdk.rooms.create(webhook=vs.RoomWebhook("http://receiver/h", ["*"]))
            emulator.join(room.room_id, "alice")
            await emulator.deliveries_settled()
            first = await sdk.webhooks.verify(*receiver.received[-1][1:])
            emulator.rotate_webhook_key()
            emulator.leave(room.room_id, "alice")
            await emulator.deliveries_settled()
            after = await sdk.webhooks.verify(*receiver.received[-1][1:])
        fetches = [e for e in emulator.journal if e.route == KEY_ROUTE]

    assert (first.type, after.type) == ("participant-joined", "session-ended")
    assert len(fetches) == 2


async def test_the_key_rotates_over_http() -> None:
    """POST /_emulator/webhooks/rotate-key answers and serves a new key."""
    emulator = Emulator()
    before = emulator.webhook_public_key
    transport = emulator.transport()
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        rotated = (await client.post("/_emulator/webhooks/rotate-key")).json()["publicKey"]

    assert rotated != before
    assert rotated == emulator.webhook_public_key
