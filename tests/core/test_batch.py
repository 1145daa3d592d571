"""Batches: create_many / create_iter / validate_many / validate_iter against the emulator."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import AsyncIterator, Iterator

import pytest

import videosdk_async as vs
from videosdk_async._core._batch import BatchGate, ItemContext, current_item
from videosdk_async.emulator import CREATE, GET_ONE, Emulator, EmulatorServer

from ..vtime import VirtualClock

LATENCY = 0.01  # virtual seconds each emulated request takes


@pytest.fixture(name="vclock")
async def _vclock() -> AsyncIterator[VirtualClock]:
    async with VirtualClock() as clock:
        yield clock


@pytest.fixture(name="emu")
def _emu(vclock: VirtualClock) -> Emulator:
    return Emulator(clock=vclock, sleep=vclock.sleep, latency=LATENCY, seed=1234)


@pytest.fixture(name="sdk")
async def _sdk(emu: Emulator, vclock: VirtualClock) -> AsyncIterator[vs.AsyncVideoSDK]:
    async with emu.sdk(clock=vclock, sleep=vclock.sleep) as sdk:
        yield sdk


def _ids(n: int, prefix: str = "m") -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


def _other_tasks() -> set[asyncio.Task[object]]:
    current = asyncio.current_task()
    return {
        t
        for t in asyncio.all_tasks()
        if t is not current and not t.done() and "VirtualClock" not in repr(t.get_coro())
    }


async def test_2000_creates_in_order_once_each_with_bounded_concurrency(
    emu: Emulator, sdk: vs.AsyncVideoSDK
) -> None:
    """2,000 creates at concurrency 32: input order, each created once, 16..32 in flight."""
    ids = _ids(2000)

    results = await sdk.meetings.create_many(ids, concurrency=32)

    assert [m.user_meeting_id for m in results if isinstance(m, vs.Meeting)] == ids
    assert emu.creates_by_user_meeting_id == dict.fromkeys(ids, 1)
    assert 16 <= emu.max_in_flight <= 32


async def test_503s_and_429_burst_all_succeed_with_a_batch_pause(
    emu: Emulator, sdk: vs.AsyncVideoSDK
) -> None:
    """5% 503s plus a 429 burst mid-batch: all created once; nothing sent during the pause."""
    ids = _ids(2000)
    emu.inject(CREATE, "status", status=503, count=10_000, probability=0.05)
    burst_injected = False

    def progress(done: int, total: int | None) -> None:
        nonlocal burst_injected
        if done == 600 and not burst_injected:
            burst_injected = True
            emu.clear_faults()
            emu.inject(CREATE, "status", status=429, retry_after=2, count=20)
            emu.inject(CREATE, "status", status=503, count=10_000, probability=0.05)

    # Enough attempts that 5% random 503s (plus the 429s) cannot exhaust an item:
    # 2000 * 0.05**8 is about 8e-8.
    policy = vs.RetryPolicy(max_attempts=8, deadline=None)
    results = await sdk.meetings.create_many(
        ids, concurrency=32, on_progress=progress, retry=policy
    )

    assert all(isinstance(m, vs.Meeting) for m in results)
    assert emu.creates_by_user_meeting_id == dict.fromkeys(ids, 1)
    journal = emu.journal
    statuses = [e.status for e in journal]
    assert statuses.count(429) == 20
    assert statuses.count(503) > 50
    first_429 = min(e.finished for e in journal if e.status == 429)
    after = [e.started for e in journal if e.started > first_429]
    assert after, "requests resumed after the pause"
    assert min(after) >= first_429 + 2.0


async def test_return_exceptions_true_keeps_going(emu: Emulator, sdk: vs.AsyncVideoSDK) -> None:
    """return_exceptions=True: failed items hold their exception, the rest their meeting."""
    emu.inject(CREATE, "status", status=400, user_meeting_id="m3", count=5)
    emu.inject(CREATE, "status", status=409, user_meeting_id="m7", count=5)

    results = await sdk.meetings.create_many(_ids(10), concurrency=4, return_exceptions=True)

    assert isinstance(results[3], vs.BadRequestError)
    assert isinstance(results[7], vs.ConflictError)
    assert [i for i, r in enumerate(results) if isinstance(r, vs.Meeting)] == [
        0, 1, 2, 4, 5, 6, 8, 9
    ]  # fmt: skip


async def test_first_failure_raises_batch_error_with_complete_results(
    emu: Emulator, sdk: vs.AsyncVideoSDK
) -> None:
    """return_exceptions=False: BatchError.results has every item; no created meeting is lost."""
    ids = _ids(200)
    emu.inject(CREATE, "status", status=400, user_meeting_id="m50")

    with pytest.raises(vs.BatchError) as info:
        await sdk.meetings.create_many(ids, concurrency=8)

    results = info.value.results
    assert len(results) == 200
    assert isinstance(results[50], vs.BadRequestError)
    assert isinstance(info.value.__cause__, vs.BadRequestError)
    assert any(r is None for r in results[100:])  # intake stopped
    created = {k for k, v in emu.creates_by_user_meeting_id.items() if v}
    tracked = {
        ids[i]
        for i, r in enumerate(results)
        if isinstance(r, vs.Meeting) or (isinstance(r, vs.VideoSDKError) and r.outcome_unknown)
    }
    assert created <= tracked
    assert all(
        isinstance(r, vs.Meeting) or r is None or isinstance(r, vs.VideoSDKError) for r in results
    )
    assert "batch stopped at item 50" in str(info.value)


async def test_cancelled_in_flight_items_marked_outcome_unknown(
    emu: Emulator, sdk: vs.AsyncVideoSDK
) -> None:
    """Items cancelled in flight by a failure hold a VideoSDKError with outcome_unknown."""
    emu.inject(CREATE, "status", status=400, user_meeting_id="m0")
    emu.inject(CREATE, "delay", delay=5, count=7)  # the others are still in flight

    with pytest.raises(vs.BatchError) as info:
        await sdk.meetings.create_many(_ids(8), concurrency=8)

    cancelled = info.value.results[1:]
    assert all(type(r) is vs.VideoSDKError and r.outcome_unknown for r in cancelled)
    assert emu.in_flight == 0


async def test_rate_limit_spaces_requests(
    emu: Emulator, sdk: vs.AsyncVideoSDK, vclock: VirtualClock
) -> None:
    """rate_limit=50 keeps request starts at least 1/50 s apart on the server's journal."""
    started = vclock.now

    await sdk.meetings.create_many(_ids(100), concurrency=16, rate_limit=50)

    starts = sorted(e.started for e in emu.journal)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 1 / 50 - 1e-6
    assert starts[-1] - started == pytest.approx(99 / 50, abs=0.05)


async def test_rate_limit_counts_retries(emu: Emulator, sdk: vs.AsyncVideoSDK) -> None:
    """Retried attempts also take rate slots: every start is 1/rate apart."""
    emu.inject(CREATE, "status", status=503, count=4)  # the first wave fails once

    await sdk.meetings.create_many(_ids(20), concurrency=4, rate_limit=10)

    starts = sorted(e.started for e in emu.journal)
    assert len(starts) == 24
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.1 - 1e-6


async def test_create_iter_yields_as_completed(emu: Emulator, sdk: vs.AsyncVideoSDK) -> None:
    """create_iter yields (index, meeting) pairs covering every input once."""
    emu.inject(CREATE, "delay", delay=1, user_meeting_id="m0")  # the first finishes last

    seen = [(i, m) async for i, m in sdk.meetings.create_iter(_ids(10), concurrency=4)]

    assert sorted(i for i, _ in seen) == list(range(10))
    assert seen[-1][0] == 0
    assert all(isinstance(m, vs.Meeting) and m.user_meeting_id == f"m{i}" for i, m in seen)


async def test_create_iter_reads_input_lazily(sdk: vs.AsyncVideoSDK) -> None:
    """create_iter pulls at most `concurrency` items ahead of what it has yielded."""
    pulled = 0

    def source() -> Iterator[str]:
        nonlocal pulled
        for i in range(1000):
            pulled += 1
            yield f"m{i}"

    ahead = []
    received = 0
    async with contextlib.aclosing(sdk.meetings.create_iter(source(), concurrency=8)) as results:
        async for _ in results:
            received += 1
            ahead.append(pulled - received)
            if received == 100:
                break

    assert max(ahead) <= 8
    assert pulled <= 108


async def test_breaking_out_of_create_iter_cancels_the_rest(
    emu: Emulator, sdk: vs.AsyncVideoSDK
) -> None:
    """Leaving the loop early cancels in-flight requests and leaves no task behind."""
    emu.inject(CREATE, "delay", delay=60, count=1000)  # everything after the first is slow
    emu.clear_faults()
    emu.inject(CREATE, "delay", delay=0.0, count=1)
    emu.inject(CREATE, "delay", delay=60, count=1000)

    async for _index, _result in sdk.meetings.create_iter(_ids(100), concurrency=10):
        break
    for _ in range(5):
        await asyncio.sleep(0)

    assert _other_tasks() == set()
    assert emu.in_flight == 0
    assert len(emu.journal) <= 11


async def test_cancelling_a_batch_leaves_no_task(emu: Emulator, sdk: vs.AsyncVideoSDK) -> None:
    """Cancelling create_many cancels its in-flight items and leaves no pending task."""
    emu.inject(CREATE, "delay", delay=60, count=1000)
    task = asyncio.create_task(sdk.meetings.create_many(_ids(100), concurrency=10))
    while emu.in_flight < 10:  # noqa: ASYNC110 (virtual time: polling costs nothing)
        await asyncio.sleep(0)

    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert _other_tasks() == set()
    assert emu.in_flight == 0


async def test_on_progress_reports_done_and_total(sdk: vs.AsyncVideoSDK) -> None:
    """on_progress gets (done, total) per item; total is None for a generator."""
    sized: list[tuple[int, int | None]] = []
    lazy: list[tuple[int, int | None]] = []

    await sdk.meetings.create_many(_ids(5), on_progress=lambda d, t: sized.append((d, t)))
    await sdk.meetings.create_many(
        (f"g{i}" for i in range(3)), on_progress=lambda d, t: lazy.append((d, t))
    )

    assert sized == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    assert lazy == [(1, None), (2, None), (3, None)]


async def test_invalid_item_in_list_rejected_before_sending(
    emu: Emulator, sdk: vs.AsyncVideoSDK
) -> None:
    """A bad userMeetingId anywhere in a list is a ValueError and nothing is sent."""
    with pytest.raises(ValueError, match="user_meeting_id"):
        await sdk.meetings.create_many(["a", "b", "", "d"])

    assert emu.journal == []


async def test_invalid_item_in_generator_stops_batch(emu: Emulator, sdk: vs.AsyncVideoSDK) -> None:
    """A bad item in a lazy input stops intake; BatchError keeps what was created."""
    source = (x for x in ["a", "b", 7, "d"])

    with pytest.raises(vs.BatchError) as info:
        await sdk.meetings.create_many(source, concurrency=1)  # type: ignore[arg-type]

    assert isinstance(info.value.__cause__, TypeError)
    assert "item 2 is invalid" in str(info.value)
    assert [r.user_meeting_id for r in info.value.results if isinstance(r, vs.Meeting)] == [
        "a",
        "b",
    ]
    assert len(info.value.results) == 3
    assert info.value.results[2] is None
    assert emu.creates("d") == 0


async def test_create_iter_raises_invalid_item_after_draining(sdk: vs.AsyncVideoSDK) -> None:
    """create_iter yields the items in flight, then raises the bad item's error."""
    got: list[int] = []

    async def consume() -> None:
        async for index, _ in sdk.meetings.create_iter(iter(["a", "b", "   "]), concurrency=4):
            got.append(index)

    with pytest.raises(ValueError, match="user_meeting_id"):
        await consume()

    assert sorted(got) == [0, 1]


@pytest.mark.parametrize("kwargs", [{"concurrency": 0}, {"concurrency": 1.5}, {"rate_limit": 0}])
async def test_bad_batch_options(sdk: vs.AsyncVideoSDK, kwargs: dict[str, object]) -> None:
    """concurrency below 1 or not an int, and a non-positive rate_limit, are ValueErrors."""
    with pytest.raises(ValueError, match=r"concurrency|rate_limit"):
        await sdk.meetings.create_many(["a"], **kwargs)  # type: ignore[arg-type]


async def test_concurrency_bounded_by_the_pool(
    vclock: VirtualClock, caplog: pytest.LogCaptureFixture
) -> None:
    """concurrency above max_connections is lowered to it, with a warning."""
    emu = Emulator(clock=vclock, sleep=vclock.sleep, latency=LATENCY)
    caplog.set_level(logging.WARNING, logger="videosdk_async")

    async with emu.sdk(clock=vclock, sleep=vclock.sleep, max_connections=8) as sdk:
        await sdk.meetings.create_many(_ids(100), concurrency=64)

    assert emu.max_in_flight == 8
    assert "above max_connections 8" in caplog.text


async def test_validate_many_not_found_is_a_result(emu: Emulator, sdk: vs.AsyncVideoSDK) -> None:
    """validate_many with return_exceptions=True: unknown ids are MeetingNotFoundError items."""
    created = await sdk.meetings.create_many(_ids(3))
    ids = [m.meeting_id for m in created if isinstance(m, vs.Meeting)]

    results = await sdk.meetings.validate_many(
        [ids[0], "zzzz-zzzz-zzzz", ids[2]], return_exceptions=True
    )

    assert isinstance(results[0], vs.Meeting)
    assert isinstance(results[1], vs.MeetingNotFoundError)
    assert isinstance(results[2], vs.Meeting)


async def test_validate_many_not_found_fails_batch_by_default(sdk: vs.AsyncVideoSDK) -> None:
    """validate_many without return_exceptions stops at an unknown id."""
    with pytest.raises(vs.BatchError) as info:
        await sdk.meetings.validate_many(["zzzz-zzzz-zzzz"])

    assert isinstance(info.value.results[0], vs.MeetingNotFoundError)


async def test_validate_iter_yields_each(emu: Emulator, sdk: vs.AsyncVideoSDK) -> None:
    """validate_iter yields every id's result."""
    created = await sdk.meetings.create_many(_ids(4))
    ids = [m.meeting_id for m in created if isinstance(m, vs.Meeting)]

    got = {i: r async for i, r in sdk.meetings.validate_iter(ids)}

    assert sorted(got) == [0, 1, 2, 3]
    assert [r.meeting_id for _, r in sorted(got.items())] == ids  # type: ignore[union-attr]
    assert len([e for e in emu.journal if e.route == GET_ONE]) == 4


# -- the gate on its own ----------------------------------------------------------------


async def test_gate_halves_once_per_pause_and_recovers(vclock: VirtualClock) -> None:
    """A 429 burst halves the window once; successes then widen it back gradually."""
    gate = BatchGate(concurrency=32, rate_limit=None, clock=vclock, sleep=vclock.sleep)

    gate.pause(2.0)
    gate.pause(2.0)  # same burst
    after_burst = gate.limit
    for _ in range(50):
        await gate.enter()
        gate.exit(200)
    partly = gate.limit
    for _ in range(1000):
        await gate.enter()
        gate.exit(200)

    assert after_burst == 16
    assert 16 < partly < 32
    assert gate.limit == 32


async def test_gate_holds_attempts_during_a_pause(vclock: VirtualClock) -> None:
    """No attempt enters the gate before the pause ends."""
    gate = BatchGate(concurrency=4, rate_limit=None, clock=vclock, sleep=vclock.sleep)
    start = vclock.now

    gate.pause(3.0)
    await gate.enter()

    assert vclock.now - start == pytest.approx(3.0)


async def test_gate_lets_in_at_once_while_its_window_has_room(vclock: VirtualClock) -> None:
    """try_enter takes a free place without waiting, until the window is full."""
    gate = BatchGate(concurrency=2, rate_limit=None, clock=vclock, sleep=vclock.sleep)

    taken = [gate.try_enter() for _ in range(3)]
    gate.exit(200)

    assert taken == [True, True, False]
    assert gate.try_enter() is True


async def test_gate_lets_nobody_in_at_once_during_a_pause(vclock: VirtualClock) -> None:
    """While a 429 pause lasts, try_enter refuses (enter waits it out)."""
    gate = BatchGate(concurrency=4, rate_limit=None, clock=vclock, sleep=vclock.sleep)

    gate.pause(3.0)

    assert gate.try_enter() is False


async def test_gate_keeps_the_pace_when_letting_in_at_once(vclock: VirtualClock) -> None:
    """With a rate limit, try_enter takes the current slot and refuses before the next one."""
    gate = BatchGate(concurrency=4, rate_limit=2.0, clock=vclock, sleep=vclock.sleep)

    first, second = gate.try_enter(), gate.try_enter()
    vclock.now += 0.5
    third = gate.try_enter()

    assert (first, second, third) == (True, False, True)


# -- over loopback: cancellation leaves no connection checked out -------------------------


@pytest.mark.loopback
async def test_cancel_batch_over_loopback_leaves_pool_quiet() -> None:
    """Cancelling a batch over real sockets leaves no task and no checked-out connection."""
    with EmulatorServer(Emulator(latency=0.2)) as server:
        async with vs.AsyncVideoSDK(**server.sdk_kwargs(), http_backend="httpx") as sdk:
            task = asyncio.create_task(sdk.meetings.create_many(_ids(200), concurrency=16))
            # The server's state lives in its thread: there is no event to await.
            while server.emulator.in_flight < 16:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            pool = sdk._requester.http._transport._pool  # type: ignore[attr-defined]
            quiet = not pool._requests and all(
                c.is_idle() or c.is_closed() for c in pool.connections
            )
            leftover = _other_tasks()

    assert quiet is True
    assert leftover == set()


class _RecordingGate:
    def __init__(self) -> None:
        self.pauses: list[float] = []
        self.exits: list[int | None] = []

    def try_enter(self) -> bool:
        return True

    async def enter(self, deadline: float | None = None) -> None:
        return None

    def exit(self, status: int | None) -> None:
        self.exits.append(status)

    def pause(self, seconds: float) -> None:
        self.pauses.append(seconds)


async def test_429_pauses_the_batch_even_when_the_item_gives_up(
    emu: Emulator, sdk: vs.AsyncVideoSDK
) -> None:
    """A 429 that ends an item's attempts still pauses the batch, capped by max_retry_after."""
    emu.inject(CREATE, "status", status=429, retry_after=300)
    gate = _RecordingGate()
    policy = vs.RetryPolicy(max_attempts=1, max_retry_after=30)

    token = current_item.set(ItemContext(gate))  # type: ignore[arg-type]
    try:
        with pytest.raises(vs.RateLimitError):
            await sdk.meetings.create("x", retry=policy)
    finally:
        current_item.reset(token)

    assert gate.pauses == [30]
    assert gate.exits == [429]


async def test_a_bug_in_an_item_is_not_reported_as_invalid_input(
    sdk: vs.AsyncVideoSDK, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A TypeError raised while an item runs propagates as is, not as an invalid-item BatchError."""

    async def broken(*args: object, **kwargs: object) -> vs.Meeting:
        raise TypeError("a bug")

    monkeypatch.setattr(vs.AsyncMeetings, "_create", broken)

    with pytest.raises(TypeError, match="a bug"):
        await sdk.meetings.create_many(iter(["a", "b"]))
