"""examples/voice_agent_app.py end to end: the app on a loopback port, the emulator behind it."""

from __future__ import annotations

import base64
import importlib.util
import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from videosdk_async.emulator import EmulatorServer, LoopbackServer
from videosdk_async.emulator.routes.agents import AgentControls

EXAMPLE = Path(__file__).parent.parent / "examples" / "voice_agent_app.py"

pytestmark = pytest.mark.loopback


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("example_voice_agent_app", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * 4))
    return decoded


@pytest.fixture(name="app_url")
async def _app_url(server: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    """The example served on loopback, its SDK pointed at the emulator server."""
    for name in [k for k in os.environ if k.startswith("VIDEOSDK_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("VIDEOSDK_API_KEY", server.emulator.api_key)
    monkeypatch.setenv("VIDEOSDK_SECRET", server.emulator.secret)
    monkeypatch.setenv("VIDEOSDK_API_ENDPOINT", server.base_url)
    monkeypatch.setenv("VOICE_AGENT_ID", "support-agent")
    with LoopbackServer(_load().app, lifespan="on") as web:
        yield web.base_url


async def test_a_call_puts_the_agent_in_the_room_and_answers_a_token(
    server: EmulatorServer, app_url: str
) -> None:
    """POST /calls: 201, the agent is among the live session's participants, a room token."""
    server.emulator.control(AgentControls).register("support-agent", capacity=2)
    async with httpx.AsyncClient(base_url=app_url) as client:
        answer = await client.post("/calls", json={"room": "support-42", "participant": "alice"})

    assert answer.status_code == 201
    body = answer.json()
    room_id = body["roomId"]
    assert (body["customRoomId"], body["agent"]["status"]) == ("support-42", "assigned")
    claims = _claims(body["token"])
    assert (claims["roomId"], claims["participantId"]) == (room_id, "alice")
    [job] = server.emulator.control(AgentControls).jobs("support-agent")
    assert (job["roomId"], job["running"]) == (room_id, True)
    assert server.emulator.live_session(room_id) == job["sessionId"]


async def test_the_same_custom_id_reuses_the_room(server: EmulatorServer, app_url: str) -> None:
    """Two calls for one custom room id land in the same room."""
    server.emulator.control(AgentControls).register("support-agent", capacity=2)
    async with httpx.AsyncClient(base_url=app_url) as client:
        first = await client.post("/calls", json={"room": "desk-1", "participant": "alice"})
        second = await client.post("/calls", json={"room": "desk-1", "participant": "bob"})

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["roomId"] == second.json()["roomId"]
    assert len(server.emulator.rooms) == 1


async def test_a_busy_agent_is_503_with_retry_after(server: EmulatorServer, app_url: str) -> None:
    """With the worker's one slot taken, the next call is 503 with Retry-After."""
    server.emulator.control(AgentControls).register("support-agent", capacity=1)
    async with httpx.AsyncClient(base_url=app_url) as client:
        taken = await client.post("/calls", json={"room": "a", "participant": "alice"})
        busy = await client.post("/calls", json={"room": "b", "participant": "bob"})

    assert taken.status_code == 201
    assert busy.status_code == 503
    assert busy.headers["Retry-After"] == "5"


async def test_a_dispatch_without_an_answer_is_502_and_not_repeated(
    server: EmulatorServer, app_url: str
) -> None:
    """The dispatch processed then 502: the app says the agent may have joined, sent once."""
    server.emulator.control(AgentControls).register("support-agent")
    server.emulator.inject("POST /v2/agent/dispatch", "process_then_fail", status=502)
    async with httpx.AsyncClient(base_url=app_url) as client:
        answer = await client.post("/calls", json={"room": "c", "participant": "alice"})

    assert answer.status_code == 502
    assert "may or may not" in answer.json()["error"]
    sent = [e for e in server.emulator.journal if e.route == "POST /v2/agent/dispatch"]
    assert len(sent) == 1


@pytest.mark.parametrize(
    "body",
    [{"room": "a/b", "participant": "alice"}, {"room": "ok"}, {"room": " x", "participant": "y"},
     ["room"]],
)  # fmt: skip
async def test_bad_input_is_400_and_creates_nothing(
    server: EmulatorServer, app_url: str, body: object
) -> None:
    """An unusable room or participant is 400 before any request to the API."""
    async with httpx.AsyncClient(base_url=app_url) as client:
        answer = await client.post("/calls", json=body)

    assert answer.status_code == 400
    assert server.emulator.journal == []


async def test_without_credentials_it_runs_on_the_in_process_emulator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No VIDEOSDK_* credentials: the app serves calls offline, its agent registered."""
    for name in [k for k in os.environ if k.startswith("VIDEOSDK_")]:
        monkeypatch.delenv(name)
    with LoopbackServer(_load().app, lifespan="on") as web:
        async with httpx.AsyncClient(base_url=web.base_url) as client:
            answer = await client.post("/calls", json={"room": "offline", "participant": "al"})

    assert answer.status_code == 201
    assert answer.json()["agent"]["status"] == "assigned"
