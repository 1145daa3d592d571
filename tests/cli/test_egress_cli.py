"""`recordings`, `hls` and `livestreams` commands against the emulator server."""

from __future__ import annotations

import json

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


def test_recordings_start_stop_list_get_delete(server: EmulatorServer, env: dict[str, str]) -> None:
    """A recording started and stopped from the shell is listed, shown and deleted."""
    room = _live_room(server, env)

    started = invoke(env, "recordings", "start", room, "--layout", "grid")
    stopped = invoke(env, "recordings", "stop", room)
    listed = invoke(env, "recordings", "list", "--room-id", room)
    recording_id = json.loads(listed[1].splitlines()[0])["id"]
    shown = invoke(env, "recordings", "get", recording_id)
    deleted = invoke(env, "recordings", "delete", recording_id)

    assert json.loads(started[1])["kind"] == "recording"
    assert stopped[0] == 0
    assert json.loads(shown[1])["file_url"].endswith(".mp4")
    assert deleted[0] == 0
    assert invoke(env, "recordings", "list", "--room-id", room)[1] == ""


def test_hls_start_active_stop(server: EmulatorServer, env: dict[str, str]) -> None:
    """`hls start` prints the playback URL; `hls active` finds it; after `hls stop`, exit 3."""
    room = _live_room(server, env)

    started = invoke(env, "hls", "start", room)
    active = invoke(env, "hls", "active", room)
    invoke(env, "hls", "stop", room)
    gone = invoke(env, "hls", "active", room)

    assert json.loads(active[1])["playback_hls_url"] == json.loads(started[1])["playback_hls_url"]
    assert gone[0] == 3


def test_livestreams_start_stop_list(server: EmulatorServer, env: dict[str, str]) -> None:
    """`livestreams start --output URL=KEY` streams; `list` shows the outputs."""
    room = _live_room(server, env)

    started = invoke(env, "livestreams", "start", room, "--output", "rtmp://x/live=k1")
    invoke(env, "livestreams", "stop", room)
    listed = invoke(env, "livestreams", "list", "--room-id", room)

    assert started[0] == 0
    assert json.loads(listed[1])["outputs"] == [{"url": "rtmp://x/live", "streamKey": "k1"}]


def test_a_malformed_output_is_refused_before_sending(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """An --output without '=' is one line and exit 2, with nothing sent."""
    code, _, err = invoke(env, "livestreams", "start", "abcd", "--output", "rtmp://x/live")

    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert server.emulator.journal == []
