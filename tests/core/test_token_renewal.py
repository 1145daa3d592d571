"""Tokens under concurrency: a 401 to a token another call has since replaced is retried with
the current one; only a 401 to a token minted for that very attempt means wrong credentials."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable

import httpx
import pytest

import videosdk_async as vs
from tests.conftest import FakeClock
from videosdk_async.emulator import Emulator, EmulatorServer

ROOM = {"id": "r", "roomId": "room-1"}


def _sdk(
    clock: FakeClock, handler: Callable[[httpx.Request], Awaitable[httpx.Response]]
) -> vs.AsyncVideoSDK:
    return vs.AsyncVideoSDK(
        api_key="key",
        secret="secret-0123456789abcdef0123456789abcdef",
        clock=clock,
        sleep=clock.sleep,
        transport=httpx.MockTransport(handler),
    )


async def test_a_401_to_a_token_replaced_meanwhile_retries_with_the_current_one() -> None:
    """Another call renews the token while this one is in flight: its 401 is retried, once."""
    clock = FakeClock()
    seen: list[str] = []
    sdk: vs.AsyncVideoSDK

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        if len(seen) == 1:
            clock.now += 100  # meanwhile another call saw its token refused and minted anew
            sdk._requester.auth.invalidate()
            sdk._requester.auth.get()
            return httpx.Response(401, json={"message": "Token is invalid or expired"})
        return httpx.Response(200, json=ROOM)

    sdk = _sdk(clock, handler)
    async with sdk:
        room = await sdk.rooms.get("room-1")

    assert room.room_id == "room-1"
    assert len(seen) == 2
    assert seen[0] != seen[1]
    assert sdk._requester.auth.signatures == 2  # this call minted nothing more


async def test_a_401_to_the_cached_token_is_retried_once_with_a_fresh_one() -> None:
    """The cached token is refused (say, revoked): one re-mint, one more attempt."""
    clock = FakeClock()
    seen: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        if len(seen) == 2:
            return httpx.Response(401, json={"message": "Token is invalid or expired"})
        return httpx.Response(200, json=ROOM)

    async with _sdk(clock, handler) as sdk:
        await sdk.rooms.get("room-1")
        clock.now += 10
        await sdk.rooms.get("room-1")

    assert len(seen) == 3
    assert sdk._requester.auth.signatures == 2


async def test_a_401_to_a_token_minted_for_the_attempt_is_an_authentication_error() -> None:
    """A freshly minted token refused means wrong credentials: raised after one request."""
    clock = FakeClock()
    calls = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(401, json={"message": "Token is invalid or expired"})

    async with _sdk(clock, handler) as sdk:
        with pytest.raises(vs.AuthenticationError):
            await sdk.rooms.get("room-1")

    assert calls == 1


@pytest.mark.parametrize("backend", ["httpx", "aiohttp"])
async def test_a_token_expiring_in_the_middle_of_a_busy_batch_raises_nothing(backend: str) -> None:
    """64 creates, 16 in flight when the token expires: every one succeeds, with few mints."""
    clock = FakeClock(time.time())
    released = threading.Event()

    async def held(seconds: float) -> None:  # the emulator's latency: until the test says so
        await asyncio.to_thread(released.wait, 10)

    emulator = Emulator(clock=clock, latency=0.001, sleep=held)
    with EmulatorServer(emulator) as server:
        async with vs.AsyncVideoSDK(
            **server.sdk_kwargs(),
            clock=clock,
            token_ttl=600,
            retry=vs.RetryPolicy(deadline=None, jitter=False, backoff_initial=0.01),
            http_backend=backend,  # type: ignore[arg-type]
        ) as sdk:
            batch = asyncio.create_task(
                sdk.map(lambda i: sdk.rooms.create(custom_room_id=f"r-{i}"), range(64))
            )
            for _ in range(5000):
                if emulator.in_flight >= 16:
                    break
                await asyncio.sleep(0.001)
            clock.now += 700  # every token in flight has expired by the time it is checked
            released.set()
            rooms = await batch

    assert sorted(room.custom_room_id for room in rooms) == sorted(f"r-{i}" for i in range(64))
    assert sum(entry.status == 401 for entry in emulator.journal) >= 16
    assert sdk._requester.auth.signatures <= 3
