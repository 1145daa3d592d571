"""`python -m videosdk_async demo`, run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from videosdk_async.emulator import EmulatorServer


def _run_demo(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("VIDEOSDK_")}
    return subprocess.run(
        [sys.executable, "-m", "videosdk_async", "demo", "--batch", "40"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_demo_runs_offline_on_the_emulator() -> None:
    """Without credentials the demo uses the in-process emulator and exits 0 with each step."""
    result = _run_demo({})

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "in-process emulator" in out
    assert "1. Opened room" in out
    assert "(customRoomId=unicorn)" in out
    assert "2. Validated unicorn: it exists (same room: True)" in out
    assert "raised RoomNotFoundError" in out
    assert "4. Minted a join token" in out
    assert "40 ready, 0 failed, in" in out


def _env_of(server: EmulatorServer) -> dict[str, str]:
    return {
        "VIDEOSDK_API_KEY": server.emulator.api_key,
        "VIDEOSDK_SECRET": server.emulator.secret,
        "VIDEOSDK_API_ENDPOINT": server.base_url,
    }


@pytest.mark.loopback
def test_demo_uses_the_configured_api_when_credentials_are_set() -> None:
    """With VIDEOSDK_API_KEY/SECRET set the demo says so and sends to VIDEOSDK_API_ENDPOINT."""
    with EmulatorServer() as server:
        base_url = server.base_url
        result = _run_demo(_env_of(server))
        rooms = set(server.emulator.room_creates_by_custom_room_id)

    assert result.returncode == 0, result.stderr
    assert f"the real API at {base_url}" in result.stdout
    assert rooms == {"unicorn", *(f"demo-{i}" for i in range(40))}


@pytest.mark.loopback
def test_demo_run_twice_creates_nothing_twice() -> None:
    """A second run against the same API opens the same 41 rooms and creates none."""
    with EmulatorServer() as server:
        first = _run_demo(_env_of(server))
        before = dict(server.emulator.rooms)
        second = _run_demo(_env_of(server))
        after = dict(server.emulator.rooms)
        creates = server.emulator.room_creates_by_custom_room_id

    assert (first.returncode, second.returncode) == (0, 0)
    assert len(after) == 41
    assert after.keys() == before.keys()
    assert set(creates.values()) == {1}
