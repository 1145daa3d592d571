"""examples/webhook_receiver.py, run as its user would: on loopback, fed by the emulator."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

import videosdk_async as vs
from videosdk_async.emulator import EmulatorServer, LoopbackServer

pytestmark = pytest.mark.loopback

EXAMPLE = Path(__file__).parent.parent / "examples" / "webhook_receiver.py"


@pytest.fixture(name="receiver")
def _receiver(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[ModuleType, str]]:
    monkeypatch.setenv("VIDEOSDK_API_KEY", server.emulator.api_key)
    monkeypatch.setenv("VIDEOSDK_SECRET", server.emulator.secret)
    monkeypatch.setenv("VIDEOSDK_API_ENDPOINT", server.base_url)
    spec = importlib.util.spec_from_file_location("example_webhook_receiver", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with LoopbackServer(module.app, lifespan="on") as web:
        yield module, web.base_url


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
