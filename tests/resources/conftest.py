"""Fixtures for end-to-end family tests: the SDK over a real loopback socket, on each transport."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

import videosdk_async as vs
from videosdk_async.emulator import Emulator, EmulatorServer


@pytest.fixture(name="backend", params=["httpx", "aiohttp"])
def _backend(request: pytest.FixtureRequest) -> str:
    """Each transport the SDK offers."""
    return str(request.param)


@pytest.fixture(name="wire_sdk")
async def _wire_sdk(server: EmulatorServer, backend: str) -> AsyncIterator[vs.AsyncVideoSDK]:
    """An SDK talking to the emulator server on 127.0.0.1 over the given transport."""
    async with vs.AsyncVideoSDK(
        **server.sdk_kwargs(),
        http_backend=backend,  # type: ignore[arg-type]
        retry=vs.RetryPolicy(jitter=False, backoff_initial=0.01, backoff_max=0.05),
    ) as sdk:
        yield sdk


@pytest.fixture(name="emu")
def _emu(server: EmulatorServer) -> Emulator:
    """The emulator behind the loopback server."""
    return server.emulator
