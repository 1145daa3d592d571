"""Signed webhook deliveries: the key route, the key, subscriptions, per-call URLs, rotation."""

from __future__ import annotations

import json

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
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
        self.content_types: list[str] = []

        async def hook(request: Request) -> Response:
            body = await request.body()
            self.received.append((request.url.path, body, request.headers["videosdk-signature"]))
            self.content_types.append(request.headers["content-type"])
            return Response(status_code=self.statuses.pop(0) if self.statuses else 200)

        self.app = Starlette(routes=[Route("/{name}", hook, methods=["POST"])])

    def types(self) -> list[str]:
        """The webhookType of each body received, in order."""
        return [json.loads(body)["webhookType"] for _, body, _ in self.received]


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


async def test_the_key_route_tolerates_a_token() -> None:
    """The key route also answers a request that carries a management token."""
    emulator = Emulator()
    async with emulator.sdk() as sdk:
        pem = await sdk.webhooks.public_key()

    assert pem == emulator.webhook_public_key
    assert [e.status for e in emulator.journal if e.route == KEY_ROUTE] == [200]


async def test_a_given_private_key_signs_the_deliveries() -> None:
    """Emulator(webhook_private_key=PEM) serves that key's public half and signs with it."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    receiver = Receiver()
    emulator = Emulator(webhook_private_key=private.decode(), webhook_app=receiver.app)
    room_id = await _room(emulator, ["session-started"])

    emulator.join(room_id, "alice")
    await emulator.deliveries_settled()

    assert emulator.webhook_public_key == public.decode()
    [(_, body, signature)] = receiver.received
    assert vs.verify_webhook(body, signature, public_key=public).type == "session-started"


def test_a_private_key_that_is_not_rsa_is_refused() -> None:
    """A PEM that is not an RSA private key is a TypeError at construction."""
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )

    with pytest.raises(TypeError, match="RSA"):
        Emulator(webhook_private_key=pem)


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


async def test_the_body_is_compact_json_with_webhook_type_and_data() -> None:
    """The body is {"webhookType", "data"} serialised compactly, sent as application/json."""
    receiver = Receiver()
    emulator = Emulator(webhook_app=receiver.app)
    room_id = await _room(emulator, ["participant-joined"])

    emulator.join(room_id, "alice", name="Alice")
    [delivery] = await emulator.deliveries_settled()

    payload = json.loads(delivery.body)
    assert list(payload) == ["webhookType", "data"]
    assert delivery.body == json.dumps(payload, separators=(",", ":")).encode()
    assert receiver.received[0][1:] == (delivery.body, delivery.signature)
    assert receiver.content_types == ["application/json"]


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        (["*"], ["session-started", "participant-joined", "participant-left", "session-ended"]),
        (["participant-joined"], ["participant-joined"]),
        (["participant-*"], ["participant-joined", "participant-left"]),
        (["session*"], ["session-started", "session-ended"]),
        (["recording-*"], []),
        (["session-ended", "participant-left"], ["participant-left", "session-ended"]),
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


async def test_a_room_without_a_webhook_gets_nothing() -> None:
    """Events of a room created without a webhook are recorded but delivered nowhere."""
    emulator = Emulator(webhook_app=Receiver().app)
    async with emulator.sdk() as sdk:
        room = await sdk.rooms.create()

    emulator.join(room.room_id, "alice")

    assert await emulator.deliveries_settled() == []


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


async def test_a_subscribed_room_and_a_per_call_url_both_get_the_event() -> None:
    """One event goes to the room's endpoint and to the call's webhookUrl, same bytes."""
    receiver = Receiver()
    emulator = Emulator(webhook_app=receiver.app)
    room_id = await _room(emulator, ["recording-*"])

    emit(
        emulator._env,
        "recording-stopped",
        room_id=room_id,
        data={"meetingId": room_id, "sessionId": "s"},
        webhook_url="http://receiver/recording",
    )
    delivered = await emulator.deliveries_settled()

    assert sorted(d.url for d in delivered) == [
        "http://receiver/recording",
        "http://receiver/room",
    ]
    assert delivered[0].body == delivered[1].body


async def test_route_webhooks_to_sends_later_deliveries_to_the_app() -> None:
    """route_webhooks_to(app) after construction delivers there, in process."""
    receiver = Receiver()
    emulator = Emulator()
    emulator.route_webhooks_to(receiver.app)
    room_id = await _room(emulator, ["participant-joined"])

    emulator.join(room_id, "alice")
    delivered = await emulator.deliveries_settled()

    assert receiver.types() == ["participant-joined"]
    assert [d.status for d in delivered] == [200]


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
            again = await sdk.webhooks.verify(*receiver.received[-2][1:])
        fetches = [e for e in emulator.journal if e.route == KEY_ROUTE]

    assert (first.type, after.type, again.type) == (
        "participant-joined",
        "session-ended",
        "participant-left",
    )
    assert len(fetches) == 2


async def test_the_key_rotates_over_http() -> None:
    """POST /_emulator/webhooks/rotate-key answers and serves a new key."""
    emulator = Emulator()
    before = emulator.webhook_public_key
    transport = emulator.transport()
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        rotated = (await client.post("/_emulator/webhooks/rotate-key")).json()["publicKey"]
        served = (await client.get("/v2/public/rsa-public-key")).json()["publicKey"]

    assert rotated != before
    assert rotated == served == emulator.webhook_public_key
