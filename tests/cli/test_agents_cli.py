"""`agents` and `transcription` commands against the emulator server."""

from __future__ import annotations

import asyncio
import json

import pytest

import videosdk_async as vs
from videosdk_async.emulator import EmulatorServer
from videosdk_async.emulator.routes.agents import AgentControls

from .helpers import invoke

pytestmark = pytest.mark.loopback


def _room(env: dict[str, str], custom: str) -> str:
    code, out, _ = invoke(env, "rooms", "create", "--custom-room-id", custom)
    assert code == 0
    room_id: str = json.loads(out)["room_id"]
    return room_id


def _deploy(server: EmulatorServer) -> vs.DeployedAgent:
    async def run() -> vs.DeployedAgent:
        async with vs.AsyncVideoSDK(**server.sdk_kwargs()) as sdk:
            return await sdk.agents.deploy(name="cli bot", image="acme/bot:1")

    return asyncio.run(run())


def test_agents_dispatch_prints_the_job(server: EmulatorServer, env: dict[str, str]) -> None:
    """`agents dispatch AGENT ROOM --metadata` prints the job; the agent is in the room."""
    server.emulator.control(AgentControls).register("bot")
    room = _room(env, "cli-agent")

    code, out, _ = invoke(env, "agents", "dispatch", "bot", room, "--metadata", '{"a": 1}')

    assert code == 0
    job = json.loads(out)
    assert (job["agent_id"], job["room_id"], job["status"]) == ("bot", room, "assigned")
    listed = invoke(env, "participants", "list", room)[1].splitlines()
    assert [json.loads(line)["name"] for line in listed] == ["bot"]


def test_agents_dispatch_without_a_worker_fails_with_exit_1(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """No worker for the agent: one error line naming it, exit 1."""
    room = _room(env, "cli-no-worker")

    code, _, err = invoke(env, "agents", "dispatch", "nobody", room)

    assert code == 1
    assert "No workers available" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("agents", "dispatch", "a/b", "room"),
        ("agents", "dispatch", "bot", "room", "--metadata", "[1]"),
        ("agents", "dispatch", "bot", "room", "--metadata", "{bad"),
        ("agents", "deployments", "logs", "d1", "--since", "2024-05-01T09:00:00"),
        ("agents", "deployments", "logs", "d?1"),
        ("agents", "deployments", "list", "--agent-id", " a"),
        ("transcription", "start", "a#b"),
        ("transcription", "start", "room", "--summary-prompt", " "),
        ("transcription", "stop", ""),
        ("transcription", "list", "--status", ""),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    server: EmulatorServer, env: dict[str, str], args: tuple[str, ...]
) -> None:
    """Unsafe ids, bad JSON, naive times and blank options: one error line, exit 2, no request."""
    code, out, err = invoke(env, *args)

    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("error: ")
    assert server.emulator.journal == []


def test_deployments_list_and_logs(server: EmulatorServer, env: dict[str, str]) -> None:
    """`agents deployments list` prints each deployment; `logs` its lines, oldest first."""
    deployed = _deploy(server)

    listed = invoke(env, "agents", "deployments", "list", "--name", "^cli")
    logs = invoke(env, "agents", "deployments", "logs", deployed.id, "--sort", "asc")

    assert listed[0] == 0
    assert [json.loads(line)["id"] for line in listed[1].splitlines()] == [deployed.id]
    assert logs[0] == 0
    lines = [json.loads(line)["log"] for line in logs[1].splitlines()]
    assert lines[0] == "Deployment 'cli bot' created"
    assert lines[-1].endswith("activated")


def test_transcription_start_stop_list(server: EmulatorServer, env: dict[str, str]) -> None:
    """`transcription start` on a live room, `stop` prints file URLs, `list` shows it."""
    room = _room(env, "cli-transcribed")
    server.emulator.join(room, "alice")

    started = invoke(env, "transcription", "start", room, "--language", "en", "--summary")
    stopped = invoke(env, "transcription", "stop", room)
    listed = invoke(env, "transcription", "list")

    assert (started[0], stopped[0], listed[0]) == (0, 0, 0)
    assert json.loads(started[1])["room_id"] == room
    done = json.loads(stopped[1])
    assert done["transcription_file_paths"]["txt"].endswith(".txt")
    assert done["summarized_file_paths"]["txt"].endswith(".txt")
    assert [json.loads(line)["id"] for line in listed[1].splitlines()] == [done["id"]]


def test_transcription_start_in_a_quiet_room_fails(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """A room with no live session: one error line, exit 1."""
    room = _room(env, "cli-quiet")

    code, _, err = invoke(env, "transcription", "start", room)

    assert code == 1
    assert len(err.strip().splitlines()) == 1
