"""Retries against the emulator: over real sockets on 127.0.0.1, and a property test."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import videosdk_async as vs
from videosdk_async.emulator import CREATE, GET_ONE, Emulator, EmulatorServer

from ..conftest import FakeClock

pytestmark = pytest.mark.loopback


@pytest.fixture(name="emu")
def _emu(server: EmulatorServer) -> Emulator:
    return server.emulator


@pytest.fixture(name="sdk")
async def _sdk(
    server: EmulatorServer, clock: FakeClock, backend: str
) -> AsyncIterator[vs.AsyncVideoSDK]:
    async with vs.AsyncVideoSDK(
        **server.sdk_kwargs(),
        http_backend=backend,  # type: ignore[arg-type]
        retry=vs.RetryPolicy(max_attempts=4, jitter=False),
        sleep=clock.sleep,
        timeout=httpx.Timeout(5.0, read=0.3),
    ) as sdk:
        yield sdk


def _attempts(emu: Emulator, route: str) -> list[int]:
    return [entry.status for entry in emu.journal if entry.route == route]


def _pool_is_quiet(sdk: vs.AsyncVideoSDK) -> bool:
    """No connection is checked out of the SDK's pool (httpcore's or aiohttp's)."""
    transport = sdk._requester._transport
    session = getattr(transport, "_session", None)
    if session is not None:  # aiohttp
        return not session.connector._acquired
    pool = transport._pool  # type: ignore[union-attr]
    return not pool._requests and all(c.is_idle() or c.is_closed() for c in pool.connections)


async def _until_journal(emu: Emulator, count: int) -> None:
    """Wait (bounded) until the server has finished ``count`` requests."""
    give_up = time.monotonic() + 5
    # The journal is filled by the server's thread: there is no event to await here.
    while len(emu.journal) < count and time.monotonic() < give_up:  # noqa: ASYNC110
        await asyncio.sleep(0.01)


async def test_503_burst_on_create(emu: Emulator, sdk: vs.AsyncVideoSDK) -> None:
    """Two 503s then success: three attempts reach the server, one meeting is created."""
    emu.inject(CREATE, "status", status=503, count=2)

    meeting = await sdk.meetings.create(user_meeting_id="burst")

    assert _attempts(emu, CREATE) == [503, 503, 200]
    assert emu.creates("burst") == 1
    assert meeting.user_meeting_id == "burst"


async def test_429_with_retry_after(emu: Emulator, sdk: vs.AsyncVideoSDK, clock: FakeClock) -> None:
    """A 429 with Retry-After: 2 waits 2 s (not the 0.5 s backoff), then creates once."""
    emu.inject(CREATE, "status", status=429, retry_after=2)

    await sdk.meetings.create(user_meeting_id="limited")

    assert clock.sleeps == [2.0]
    assert _attempts(emu, CREATE) == [429, 200]
    assert emu.creates("limited") == 1


async def test_dropped_connection_on_create_is_not_retried(
    emu: Emulator, sdk: vs.AsyncVideoSDK
) -> None:
    """A connection dropped before the answer fails create once, outcome unknown."""
    emu.inject(CREATE, "drop")

    with pytest.raises(vs.APIConnectionError) as info:
        await sdk.meetings.create(user_meeting_id="dropped")

    assert info.value.outcome_unknown is True
    assert info.value.attempts == 1
    assert _attempts(emu, CREATE) == [0]
    assert emu.creates("dropped") == 0


async def test_dropped_connection_on_validate_is_retried(
    emu: Emulator, sdk: vs.AsyncVideoSDK
) -> None:
    """A connection dropped before the answer to validate is retried and succeeds."""
    meeting = await sdk.meetings.create()
    emu.inject(GET_ONE, "drop")

    same = await sdk.meetings.validate(meeting.meeting_id)

    assert same == meeting
    assert _attempts(emu, GET_ONE) == [0, 200]


async def test_read_timeout_on_create_is_not_retried(emu: Emulator, sdk: vs.AsyncVideoSDK) -> None:
    """An answer slower than the read timeout fails create once; the server created it once."""
    emu.inject(CREATE, "delay", delay=0.8)

    with pytest.raises(vs.APITimeoutError) as info:
        await sdk.meetings.create(user_meeting_id="slow")
    await _until_journal(emu, 1)

    assert info.value.outcome_unknown is True
    assert info.value.attempts == 1
    assert len(_attempts(emu, CREATE)) == 1
    assert emu.creates("slow") == 1


async def test_read_timeout_on_validate_is_retried(emu: Emulator, sdk: vs.AsyncVideoSDK) -> None:
    """An answer slower than the read timeout to validate is retried and succeeds."""
    meeting = await sdk.meetings.create()
    emu.inject(GET_ONE, "delay", delay=0.8)

    same = await sdk.meetings.validate(meeting.meeting_id)
    await _until_journal(emu, 3)

    assert same == meeting
    assert len(_attempts(emu, GET_ONE)) == 2


async def test_500_after_create_is_not_retried(emu: Emulator, sdk: vs.AsyncVideoSDK) -> None:
    """A 500 after the meeting was created is raised once, outcome unknown, no duplicate."""
    emu.inject(CREATE, "process_then_fail", status=500)

    with pytest.raises(vs.InternalServerError) as info:
        await sdk.meetings.create(user_meeting_id="ambiguous")

    assert info.value.outcome_unknown is True
    assert _attempts(emu, CREATE) == [500]
    assert emu.creates("ambiguous") == 1


async def test_connect_failure_retried_then_raised(clock: FakeClock, backend: str) -> None:
    """Nothing listening: create retries connect failures, then raises APIConnectionError."""
    server = EmulatorServer().start()
    base_url = server.base_url
    server.stop()  # the port is now closed

    async with vs.AsyncVideoSDK(
        api_key="k" * 8,
        secret="s" * 32,
        base_url=base_url,
        retry=vs.RetryPolicy(max_attempts=3, jitter=False),
        sleep=clock.sleep,
        http_backend=backend,  # type: ignore[arg-type]
    ) as sdk:
        with pytest.raises(vs.APIConnectionError) as info:
            await sdk.meetings.create()

    assert info.value.request_sent is False
    assert info.value.outcome_unknown is False
    assert info.value.attempts == 3
    assert clock.sleeps == [0.5, 1.0]


async def test_cancel_during_backoff_leaves_nothing_checked_out(
    emu: Emulator, server: EmulatorServer, backend: str
) -> None:
    """Cancelling during a backoff sleep propagates and leaves no connection checked out."""
    emu.inject(GET_ONE, "status", status=503, count=10)
    sleeping = asyncio.Event()

    async def sleep(seconds: float) -> None:
        sleeping.set()
        await asyncio.Event().wait()

    async with vs.AsyncVideoSDK(
        **server.sdk_kwargs(),
        sleep=sleep,
        http_backend=backend,  # type: ignore[arg-type]
    ) as sdk:
        task = asyncio.create_task(sdk.meetings.validate("abcd-efgh-ijkl"))
        await sleeping.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        quiet = _pool_is_quiet(sdk)

    assert quiet is True
    assert _attempts(emu, GET_ONE) == [503]


# -- property: "certainly not processed" faults never duplicate a create ----------------

NOT_PROCESSED = st.sampled_from(["connect", 429, 503])


class _ConnectFaults(httpx.AsyncBaseTransport):
    """Raises ConnectError where the schedule says so; otherwise forwards to the emulator."""

    def __init__(self, inner: httpx.AsyncBaseTransport, schedule: list[object]) -> None:
        self._inner = inner
        self._schedule = list(schedule)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        step = self._schedule.pop(0) if self._schedule else None
        if step == "connect":
            raise httpx.ConnectError("refused", request=request)
        return await self._inner.handle_async_request(request)


async def _create_with(schedule: list[object], max_attempts: int) -> tuple[object, Emulator]:
    emu = Emulator()
    for step in schedule:
        if step != "connect":
            emu.inject(CREATE, "status", status=int(step))  # type: ignore[call-overload]
    clock = FakeClock()
    sdk = emu.sdk(
        transport=_ConnectFaults(emu.transport(), schedule),
        retry=vs.RetryPolicy(max_attempts=max_attempts, deadline=None),
        sleep=clock.sleep,
    )
    async with sdk:
        try:
            outcome: object = await sdk.meetings.create(user_meeting_id="prop")
        except vs.VideoSDKError as exc:
            outcome = exc
    return outcome, emu


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schedule=st.lists(NOT_PROCESSED, max_size=6), max_attempts=st.integers(1, 8))
def test_not_processed_faults_never_duplicate_a_create(
    schedule: list[object], max_attempts: int
) -> None:
    """Enough attempts: created exactly once. Too few: the last fault's error, nothing created."""
    outcome, emu = asyncio.run(_create_with(schedule, max_attempts))

    if max_attempts > len(schedule):
        assert isinstance(outcome, vs.Meeting)
        assert emu.creates("prop") == 1
    else:
        last = schedule[max_attempts - 1]
        expected = {"connect": vs.APIConnectionError, 429: vs.RateLimitError}.get(
            last, vs.InternalServerError
        )
        assert type(outcome) is expected
        assert isinstance(outcome, vs.VideoSDKError)
        assert outcome.attempts == max_attempts
        assert outcome.outcome_unknown is False
        assert emu.creates("prop") == 0
