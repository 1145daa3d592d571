"""create-many killed mid-run (SIGINT twice, SIGKILL), then --resume: no meeting or room lost
or made twice. The CLI runs as a real subprocess against an emulator server with latency."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from videosdk_async.emulator import Emulator, EmulatorServer

from .conftest import subprocess_env
from .helpers import created, states

pytestmark = pytest.mark.loopback

COUNT = 300
KEYS = {"meetings": "userMeetingId", "rooms": "customRoomId"}
PREFIX = {"meetings": "meeting-", "rooms": "room-"}


def _server_created(server: EmulatorServer, kind: str) -> dict[str | None, int]:
    emulator = server.emulator
    if kind == "meetings":
        return emulator.creates_by_user_meeting_id
    return emulator.room_creates_by_custom_room_id


def _wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    give_up = time.monotonic() + timeout
    while not condition() and time.monotonic() < give_up:
        time.sleep(0.01)


def _interrupt(proc: subprocess.Popen[str], how: str) -> None:
    if how == "kill":
        proc.kill()
        return
    proc.send_signal(signal.SIGINT)
    time.sleep(0.02)  # the first is handled (intake stops); requests are still in flight
    proc.send_signal(signal.SIGINT)


@pytest.mark.parametrize("kind", ["meetings", "rooms"])
@pytest.mark.parametrize("how", ["sigint-twice", "kill"])
def test_crash_then_resume_loses_nothing_and_creates_nothing_twice(
    tmp_path: Path, kind: str, how: str
) -> None:
    """After SIGINT twice or SIGKILL mid-run, the journal accounts for every created item,
    and --resume ends with each id created exactly once, all recorded as created."""
    out = tmp_path / "journal.jsonl"
    key = KEYS[kind]
    with EmulatorServer(Emulator(latency=0.05)) as server:
        env = subprocess_env(server)
        command = [sys.executable, "-m", "videosdk_async", kind, "create-many"]
        args = ["--count", str(COUNT), "--prefix", PREFIX[kind], "--concurrency", "8"]
        proc = subprocess.Popen(
            [*command, *args, "--output", str(out)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            _wait_for(lambda: out.exists() and out.read_text().count('"created"') >= 40)
            _interrupt(proc, how)
            proc.wait(timeout=30)
        finally:
            proc.kill()
            proc.communicate()
        # Requests the dead client sent may still be running on the server: let them end,
        # as a user would resume after the first run is really over.
        _wait_for(lambda: server.emulator.in_flight == 0)
        after_crash = _server_created(server, kind)
        recorded = states(out, key)

        resumed = subprocess.run(
            [*command, *args, "--resume", str(out)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        after_resume = _server_created(server, kind)

    expected = {f"{PREFIX[kind]}{i}" for i in range(COUNT)}
    assert proc.returncode == (130 if how == "sigint-twice" else -signal.SIGKILL)
    assert 0 < len(after_crash) < COUNT
    # Every item the server made is in the journal: created, or sent with no known result.
    assert all(
        recorded.get(str(ident)) in ("created", "sending", "unknown") for ident in after_crash
    )
    assert any(state != "created" for state in recorded.values())  # some were in flight
    assert resumed.returncode == 0, resumed.stderr
    assert created(out, key) == expected == set(after_resume)
    assert after_resume == dict.fromkeys(expected, 1)
