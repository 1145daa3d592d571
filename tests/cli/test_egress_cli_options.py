"""Egress commands' layout options and refusals, against the emulator server."""

from __future__ import annotations

import json
from typing import Any

import pytest

from videosdk_async.emulator import EmulatorServer

from .helpers import invoke

pytestmark = pytest.mark.loopback


def _live_room(server: EmulatorServer, env: dict[str, str]) -> str:
    code, out, _ = invoke(env, "rooms", "create")
    assert code == 0
    room_id: str = json.loads(out)["room_id"]
    server.emulator.join(room_id, "alice")
    return room_id


def _sent(server: EmulatorServer, route: str) -> Any:
    return [e.body for e in server.emulator.journal if e.route == route][-1]


def test_recordings_start_sends_layout_and_quality_as_config(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """`recordings start --layout --quality --dir-path` sends config and awsDirPath."""
    room = _live_room(server, env)

    code, _, _ = invoke(
        env, "recordings", "start", room, "--layout", "spotlight", "--quality", "high",
        "--dir-path", "/d",
    )  # fmt: skip

    assert code == 0
    assert _sent(server, "POST /v2/recordings/start") == {
        "roomId": room,
        "config": {"layout": {"type": "SPOTLIGHT"}, "quality": "high"},
        "awsDirPath": "/d",
    }


def test_hls_start_sends_a_template_url(server: EmulatorServer, env: dict[str, str]) -> None:
    """`hls start --template-url` sends templateUrl and no config."""
    room = _live_room(server, env)

    code, _, _ = invoke(env, "hls", "start", room, "--template-url", "https://t/layout")

    assert code == 0
    assert _sent(server, "POST /v2/hls/start") == {
        "roomId": room,
        "templateUrl": "https://t/layout",
    }


@pytest.mark.parametrize(
    "args",
    [
        ("recordings", "start", "abcd", "--layout", "grid", "--template-url", "https://t"),
        ("hls", "start", "abcd", "--quality", "low", "--template-url", "https://t"),
        ("livestreams", "start", "abcd", "--output", "rtmp://x=k", "--template-url", " "),
        ("recordings", "start", "a/b"),
        ("recordings", "list", "--session-id", ".."),
        ("hls", "active", "a?b"),
    ],
)
def test_bad_options_are_refused_before_sending(
    server: EmulatorServer, env: dict[str, str], args: tuple[str, ...]
) -> None:
    """Layout and template together, a blank template, unsafe ids: exit 2, nothing sent."""
    code, _, err = invoke(env, *args)

    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert server.emulator.journal == []


def test_recordings_list_by_session(server: EmulatorServer, env: dict[str, str]) -> None:
    """`recordings list --session-id` prints only that session's recordings."""
    room = _live_room(server, env)
    session_id = server.emulator.live_session(room)
    assert session_id is not None
    invoke(env, "recordings", "start", room)
    invoke(env, "recordings", "stop", room)

    _, out, _ = invoke(env, "recordings", "list", "--session-id", session_id)
    _, other, _ = invoke(env, "recordings", "list", "--session-id", "0" * 24)

    assert [json.loads(line)["session_id"] for line in out.splitlines()] == [session_id]
    assert other == ""


def test_a_second_start_exits_1_with_the_api_error(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """Starting a recording twice: the second exits 1 and says it is already running."""
    room = _live_room(server, env)
    invoke(env, "recordings", "start", room)

    code, _, err = invoke(env, "recordings", "start", room)

    assert code == 1
    assert "already running" in err
