"""What installing the package provides: the plugin, the emulator command, a lean core."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from importlib.metadata import entry_points

import pytest

import videosdk_async as vs
from videosdk_async.emulator import DEFAULT_API_KEY, DEFAULT_SECRET, EmulatorServer

from .conftest import wire_kwargs


def test_core_import_does_not_load_emulator_dependencies() -> None:
    """`import videosdk_async` loads neither starlette nor uvicorn (they are the extra's)."""
    code = (
        "import sys, videosdk_async; "
        "print(sorted(m for m in ('starlette', 'uvicorn', 'pytest') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=30
    )

    assert result.stdout.strip() == "[]"


def test_pytest_plugin_is_registered() -> None:
    """The package registers videosdk_async.pytest_plugin under the pytest11 entry points."""
    plugins = {ep.name: ep.value for ep in entry_points(group="pytest11")}

    assert plugins.get("videosdk_async") == "videosdk_async.pytest_plugin"


@pytest.mark.loopback
async def test_videosdk_server_fixture_serves_on_loopback(
    videosdk_server: EmulatorServer,
) -> None:
    """The videosdk_server fixture is a running loopback server an SDK can use."""
    async with vs.AsyncVideoSDK(**videosdk_server.sdk_kwargs(), **wire_kwargs()) as sdk:
        meeting = await sdk.meetings.create(user_meeting_id="fixture")

    assert videosdk_server.base_url.startswith("http://127.0.0.1:")
    assert videosdk_server.emulator.creates("fixture") == 1
    assert meeting.user_meeting_id == "fixture"


@pytest.mark.loopback
async def test_emulator_command_prints_credentials_and_serves() -> None:
    """`python -m videosdk_async.emulator --port 0` prints URL, key and secret, and serves."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIDEOSDK_")}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "videosdk_async.emulator",
        "--port",
        "0",
        stdout=asyncio.subprocess.PIPE,
        env=env,
    )
    try:
        assert proc.stdout is not None
        lines = [(await proc.stdout.readline()).decode().strip() for _ in range(4)]
        settings = dict(line.split("=", 1) for line in lines[1:])
        async with vs.AsyncVideoSDK(
            api_key=settings["VIDEOSDK_API_KEY"],
            secret=settings["VIDEOSDK_SECRET"],
            base_url=settings["VIDEOSDK_API_ENDPOINT"],
            **wire_kwargs(),
        ) as sdk:
            meeting = await sdk.meetings.create()
    finally:
        proc.send_signal(signal.SIGINT)
        returncode = await asyncio.wait_for(proc.wait(), timeout=10)

    assert lines[0].startswith("VideoSDK emulator listening on http://127.0.0.1:")
    assert settings["VIDEOSDK_API_KEY"] == DEFAULT_API_KEY
    assert settings["VIDEOSDK_SECRET"] == DEFAULT_SECRET
    assert meeting.meeting_id.count("-") == 2
    assert returncode == 0
