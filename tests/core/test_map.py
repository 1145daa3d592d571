"""sdk.map / sdk.map_iter: any async function over items with the batch machinery."""

from __future__ import annotations

from collections.abc import Coroutine, Generator
from typing import Any

import pytest

import videosdk_async as vs
from videosdk_async.emulator import CREATE, Emulator

from ..vtime import VirtualClock


@pytest.fixture(name="emu")
def _emu() -> Emulator:
    return Emulator()


async def test_map_returns_results_in_input_order(emu: Emulator) -> None:
    """map() runs fn over every item and returns the results in input order."""
    async with emu.sdk() as sdk:
        results = await sdk.map(lambda i: sdk.meetings.create(f"m-{i}"), range(20), concurrency=4)

    assert [r.user_meeting_id for r in results if isinstance(r, vs.Meeting)] == [
        f"m-{i}" for i in range(20)
    ]


async def test_map_can_mix_families_in_one_item(emu: Emulator) -> None:
    """fn may make several calls; each takes the batch's gate."""

    async def create_and_check(name: str) -> str:
        meeting = await sdk.meetings.create(name)
        again = await sdk.meetings.validate(meeting.meeting_id)
        return again.meeting_id

    async with emu.sdk() as sdk:
        results = await sdk.map(create_and_check, ["a", "b", "c"])

    assert len(results) == 3
    assert len(emu.journal) == 6


async def test_map_bounds_the_items_in_flight() -> None:
    """No more than `concurrency` requests reach the server at once."""
    async with VirtualClock() as clock:
        emu = Emulator(latency=1.0, sleep=clock.sleep, clock=clock)
        async with emu.sdk(clock=clock, sleep=clock.sleep) as sdk:
            await sdk.map(lambda i: sdk.meetings.create(str(i)), range(40), concurrency=5)

    assert emu.max_in_flight == 5


async def test_map_with_return_exceptions_keeps_going(emu: Emulator) -> None:
    """With return_exceptions=True a failed item holds its error and the rest finish."""
    emu.inject(CREATE, "status", status=400, user_meeting_id="bad")

    async with emu.sdk() as sdk:
        results = await sdk.map(
            lambda name: sdk.meetings.create(name), ["ok-1", "bad", "ok-2"], return_exceptions=True
        )

    assert isinstance(results[1], vs.BadRequestError)
    assert [isinstance(r, vs.Meeting) for r in results] == [True, False, True]


async def test_map_fn_raising_before_any_await_fails_only_its_item(emu: Emulator) -> None:
    """A plain function that raises for one item fails that item; the rest finish."""

    def create(name: str) -> Coroutine[Any, Any, vs.Meeting]:
        if name == "bad":
            raise vs.VideoSDKError("refused before sending")
        return sdk.meetings.create(name)

    async with emu.sdk() as sdk:
        results = await sdk.map(create, ["ok-1", "bad", "ok-2"], return_exceptions=True)

    assert str(results[1]) == "refused before sending"
    assert [isinstance(r, vs.Meeting) for r in results] == [True, False, True]


async def test_map_fn_may_return_any_awaitable(emu: Emulator) -> None:
    """fn may return an awaitable that is not a coroutine (an object with __await__)."""

    class Later:
        def __init__(self, name: str) -> None:
            self.name = name

        def __await__(self) -> Generator[Any, None, vs.Meeting]:
            return sdk.meetings.create(self.name).__await__()

    async with emu.sdk() as sdk:
        results = await sdk.map(Later, ["a", "b"])

    assert [r.user_meeting_id for r in results] == ["a", "b"]


async def test_map_stops_at_the_first_failure_with_batch_error(emu: Emulator) -> None:
    """Without return_exceptions the first failure raises BatchError accounting for every item."""
    emu.inject(CREATE, "status", status=400, user_meeting_id="bad")

    async with emu.sdk() as sdk:
        with pytest.raises(vs.BatchError) as info:
            await sdk.map(lambda name: sdk.meetings.create(name), ["bad"], concurrency=1)

    assert isinstance(info.value.results[0], vs.BadRequestError)
    assert isinstance(info.value.__cause__, vs.BadRequestError)


async def test_map_iter_yields_index_and_result(emu: Emulator) -> None:
    """map_iter yields (index, result) for every item."""
    async with emu.sdk() as sdk:
        seen = {i: r async for i, r in sdk.map_iter(lambda n: sdk.meetings.create(n), ["x", "y"])}

    assert sorted(seen) == [0, 1]
    assert {r.user_meeting_id for r in seen.values() if isinstance(r, vs.Meeting)} == {"x", "y"}


async def test_a_429_pauses_every_item_of_the_map() -> None:
    """One 429 with Retry-After holds back every item's next attempt (one shared pause)."""
    async with VirtualClock() as clock:
        emu = Emulator(sleep=clock.sleep, clock=clock)
        emu.inject(CREATE, "status", status=429, retry_after=5)
        started = clock.now
        async with emu.sdk(clock=clock, sleep=clock.sleep) as sdk:
            await sdk.map(lambda i: sdk.meetings.create(str(i)), range(4), concurrency=4)
        after_pause = [e.started for e in emu.journal if e.status == 200]

    assert len(after_pause) == 4
    # The three other items were admitted before the 429 arrived; the retry waits 5 s.
    assert max(after_pause) >= started + 5


async def test_cancelled_item_after_a_create_was_sent_is_outcome_unknown(emu: Emulator) -> None:
    """An item cancelled in flight after sending a create is marked outcome_unknown."""
    emu.inject(CREATE, "status", status=400, user_meeting_id="bad")
    emu.inject(CREATE, "delay", delay=30, user_meeting_id="slow")

    async with emu.sdk() as sdk:
        with pytest.raises(vs.BatchError) as info:
            await sdk.map(lambda n: sdk.meetings.create(n), ["slow", "bad"], concurrency=2)

    slow = info.value.results[0]
    assert isinstance(slow, vs.VideoSDKError)
    assert slow.outcome_unknown is True


async def test_cancelled_read_item_is_not_outcome_unknown(emu: Emulator) -> None:
    """An item cancelled in flight that only read is not marked outcome_unknown."""
    meeting_id = (await _one(emu)).meeting_id
    emu.inject("GET /v1/meetings/{meetingId}", "delay", delay=30)
    emu.inject(CREATE, "status", status=400)

    async with emu.sdk() as sdk:
        with pytest.raises(vs.BatchError) as info:
            await sdk.map(
                lambda f: f(),
                [lambda: sdk.meetings.validate(meeting_id), lambda: sdk.meetings.create("x")],
                concurrency=2,
            )

    slow = info.value.results[0]
    assert isinstance(slow, vs.VideoSDKError)
    assert slow.outcome_unknown is False


async def _one(emu: Emulator) -> vs.Meeting:
    async with emu.sdk() as sdk:
        return await sdk.meetings.create()


async def test_invalid_item_with_return_exceptions_holds_its_error(emu: Emulator) -> None:
    """create_many(return_exceptions=True) puts a rejected item's error in its place."""
    async with emu.sdk() as sdk:
        results = await sdk.meetings.create_many(["ok", "", "ok-2"], return_exceptions=True)

    assert isinstance(results[1], vs.VideoSDKError)
    assert "item 1 is invalid" in str(results[1])
    assert isinstance(results[1].__cause__, ValueError)
    assert emu.creates("ok") == 1
    assert emu.creates("ok-2") == 1
