"""examples/webhook_receiver.py, run as its user would: on loopback, fed by the emulator."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

import videosdk_async as vs
from videosdk_async.emulator import EmulatorServer, LoopbackServer

pytestmark = pytest.mark.loopback

EXAMPLE = Path(__file__).parent.parent / "examples" / "webhook_receiver.py"
KEY_ROUTE = "GET /v2/public/rsa-public-key"


def _serve(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch, *, pin: bool
) -> Iterator[tuple[ModuleType, str]]:
    """The example loaded as `uvicorn examples.webhook_receiver:app` would, on loopback."""
    monkeypatch.setenv("VIDEOSDK_API_KEY", server.emulator.api_key)
    monkeypatch.setenv("VIDEOSDK_SECRET", server.emulator.secret)
    monkeypatch.setenv("VIDEOSDK_API_ENDPOINT", server.base_url)
    if pin:
        monkeypatch.setenv("VIDEOSDK_WEBHOOK_PUBLIC_KEY", server.emulator.webhook_public_key)
    else:
        monkeypatch.delenv("VIDEOSDK_WEBHOOK_PUBLIC_KEY", raising=False)
    spec = importlib.util.spec_from_file_location("example_webhook_receiver", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with LoopbackServer(module.app, lifespan="on") as web:
        yield module, web.base_url


@pytest.fixture(name="receiver")
def _receiver(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[ModuleType, str]]:
    yield from _serve(server, monkeypatch, pin=False)


@pytest.fixture(name="pinned")
def _pinned(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[ModuleType, str]]:
    yield from _serve(server, monkeypatch, pin=True)


async def _activity(server: EmulatorServer, base_url: str, events: list[str]) -> str:
    """A room whose webhook points at the receiver; alice joins and leaves."""
    async with vs.AsyncVideoSDK(**server.sdk_kwargs()) as sdk:
        room = await sdk.rooms.create(webhook=vs.RoomWebhook(f"{base_url}/webhooks", events))
    server.emulator.join(room.room_id, "alice", name="Alice")
    server.emulator.leave(room.room_id, "alice")
    await server.emulator.deliveries_settled()
    return room.room_id


async def _stored(base_url: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=base_url) as client:
        answer = await client.get("/events")
    assert answer.status_code == 200
    stored: list[dict[str, Any]] = answer.json()
    return stored


async def test_receiver_stores_verified_session_and_participant_events(
    server: EmulatorServer, receiver: tuple[ModuleType, str]
) -> None:
    """The emulator's signed deliveries for a room's activity arrive, verify and are stored."""
    module, base_url = receiver
    async with vs.AsyncVideoSDK(**server.sdk_kwargs()) as sdk:
        room = await sdk.rooms.create(webhook=vs.RoomWebhook(f"{base_url}/webhooks", ["*"]))
    server.emulator.join(room.room_id, "alice", name="Alice")
    server.emulator.join(room.room_id, "bob", name="Bob")
    server.emulator.leave(room.room_id, "alice")
    server.emulator.leave(room.room_id, "bob")
    delivered = await server.emulator.deliveries_settled()

    async with httpx.AsyncClient(base_url=base_url) as client:
        stored = (await client.get("/events")).json()

    assert [d.status for d in delivered] == [204] * 6
    assert [e["type"] for e in stored] == [
        "session-started",
        "participant-joined",
        "participant-joined",
        "participant-left",
        "participant-left",
        "session-ended",
    ]
    assert [e["data"].get("participant_id") for e in stored[1:5]] == ["alice", "bob"] * 2
    assert {e["data"]["meeting_id"] for e in stored} == {room.room_id}
    assert stored == module.EVENTS


async def test_receiver_refuses_a_forged_event(receiver: tuple[ModuleType, str]) -> None:
    """A body with a made-up signature gets 401 and is not stored."""
    module, base_url = receiver
    forged = b'{"webhookType": "recording-stopped", "data": {"meetingId": "x", "sessionId": "y"}}'
    async with httpx.AsyncClient(base_url=base_url) as client:
        answer = await client.post(
            "/webhooks", content=forged, headers={"videosdk-signature": "c2lnbmF0dXJl"}
        )

    assert answer.status_code == 401
    assert module.EVENTS == []


async def test_a_pinned_key_verifies_without_fetching(
    server: EmulatorServer, pinned: tuple[ModuleType, str]
) -> None:
    """With VIDEOSDK_WEBHOOK_PUBLIC_KEY set, events verify and the key is never fetched."""
    _, base_url = pinned
    await _activity(server, base_url, ["participant-*"])

    stored = await _stored(base_url)

    assert [e["type"] for e in stored] == ["participant-joined", "participant-left"]
    assert [e for e in server.emulator.journal if e.route == KEY_ROUTE] == []


async def test_the_key_is_fetched_once_for_every_event(
    server: EmulatorServer, receiver: tuple[ModuleType, str]
) -> None:
    """Without a pinned key the receiver fetches it once and verifies every event with it."""
    _, base_url = receiver
    await _activity(server, base_url, ["*"])

    stored = await _stored(base_url)

    assert len(stored) == 4
    assert len([e for e in server.emulator.journal if e.route == KEY_ROUTE]) == 1


async def test_a_key_that_cannot_be_fetched_is_503_and_the_retry_lands(
    server: EmulatorServer, receiver: tuple[ModuleType, str]
) -> None:
    """A failed key fetch answers 503 (not 401), so the emulator retries, and the retry lands."""
    module, base_url = receiver
    server.emulator.inject(KEY_ROUTE, "status", status=401)
    await _activity(server, base_url, ["session-started"])

    [delivery] = server.emulator.deliveries
    assert (delivery.type, delivery.statuses) == ("session-started", (503, 204))
    assert [e["type"] for e in module.EVENTS] == ["session-started"]
