"""Fixtures of the command-line tests: the environment that points the CLI at the emulator."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest

from videosdk_async._core._retry import is_testing, set_testing
from videosdk_async.emulator import EmulatorServer


@pytest.fixture(name="env")
def _env(server: EmulatorServer) -> dict[str, str]:
    """Credentials and endpoint of the ``server`` emulator, as the CLI reads them."""
    return {
        "VIDEOSDK_API_KEY": server.emulator.api_key,
        "VIDEOSDK_SECRET": server.emulator.secret,
        "VIDEOSDK_API_ENDPOINT": server.base_url,
    }


@pytest.fixture(name="instant_retries")
def _instant_retries() -> Iterator[None]:
    """Retry backoff without waiting (the SDK's testing mode), restored afterwards."""
    was = is_testing()
    set_testing(True)
    yield
    set_testing(was)


@pytest.fixture(name="closed_port")
def _closed_port() -> int:
    """A 127.0.0.1 port nothing listens on (bound by the OS, then closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def subprocess_env(server: EmulatorServer) -> dict[str, str]:
    """This process's environment without VIDEOSDK_*, plus the emulator's credentials."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("VIDEOSDK_")},
        "VIDEOSDK_API_KEY": server.emulator.api_key,
        "VIDEOSDK_SECRET": server.emulator.secret,
        "VIDEOSDK_API_ENDPOINT": server.base_url,
    }
