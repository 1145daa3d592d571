from __future__ import annotations

import os
import signal
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import respx

import videosdk_async as vs
from videosdk_async.emulator import EmulatorServer

# A runner may start the suite with SIGINT ignored (a background job of a shell without job
# control); the processes the tests interrupt with SIGINT would inherit that and never stop.
# The suite runs as from a terminal: its children start with SIGINT's default.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

API_KEY = "test-api-key"
SECRET = "test-secret-0123456789abcdef0123456789"
BASE_URL = "https://api.videosdk.live"

MEETING_JSON = {
    "meetingId": "87i6-bvw8-dtn1",
    "userMeetingId": "unicorn",
    "userId": "5fa671e77b80d58c11cbca95",
    "createdAt": "2022-01-05T06:41:16.018Z",
    "updatedAt": "2022-01-05T06:41:16.018Z",
    "id": "61d53d8c964704379e7d927a",
}


#: $VIDEOSDK_TEST_HTTP_BACKEND ("httpx" or "aiohttp"): the transport of the tests' own SDKs
#: on real sockets that do not pick one themselves. Unset: the SDK's default. The library
#: never reads it; tests that compare transports parametrise over both regardless.
TEST_HTTP_BACKEND = os.environ.get("VIDEOSDK_TEST_HTTP_BACKEND") or None
if TEST_HTTP_BACKEND not in (None, "httpx", "aiohttp"):
    raise pytest.UsageError(
        f"VIDEOSDK_TEST_HTTP_BACKEND must be 'httpx' or 'aiohttp', not {TEST_HTTP_BACKEND!r}"
    )


def wire_kwargs() -> dict[str, Any]:
    """``http_backend=`` for a test's SDK on a real socket (see TEST_HTTP_BACKEND)."""
    return {} if TEST_HTTP_BACKEND is None else {"http_backend": TEST_HTTP_BACKEND}


class FakeClock:
    """A wall clock that only moves when told to (or when FakeClock.sleep is awaited)."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("VIDEOSDK_TOKEN", "VIDEOSDK_API_KEY", "VIDEOSDK_SECRET", "VIDEOSDK_API_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(name="clock")
def _clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(name="api")
def _api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router


@pytest.fixture(name="server")
def _server(videosdk_server: EmulatorServer) -> EmulatorServer:
    """The emulator on 127.0.0.1 and a free port (the plugin's fixture), stopped afterwards."""
    return videosdk_server


@pytest.fixture(name="sdk")
async def _sdk(clock: FakeClock) -> AsyncIterator[vs.AsyncVideoSDK]:
    # respx mocks httpx's stock transport, not the default (aiohttp) one.
    async with vs.AsyncVideoSDK(
        api_key=API_KEY, secret=SECRET, clock=clock, sleep=clock.sleep, http_backend="httpx"
    ) as sdk:
        yield sdk
