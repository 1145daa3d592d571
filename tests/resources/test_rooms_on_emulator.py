"""sdk.rooms end to end: against the emulator over a real loopback socket, on both transports."""

from __future__ import annotations

import pytest

import videosdk_async as vs
from videosdk_async.emulator import Emulator, EmulatorServer

pytestmark = pytest.mark.loopback

CREATE_ROOM = "POST /v2/rooms"
LIST_ROOMS = "GET /v2/rooms"


async def test_create_get_validate_round_trip(wire_sdk: vs.AsyncVideoSDK) -> None:
    """A room created with options reads back the same through get() and validate()."""
    made = await wire_sdk.rooms.create(
        custom_room_id="class 7 · physics",
        webhook=vs.RoomWebhook("https://hooks.example/x", ["*"]),
        auto_close=vs.AutoClose(duration=30),
        geo_fence="us002",
    )
    fetched = await wire_sdk.rooms.get(made.room_id)
    by_custom = await wire_sdk.rooms.get("class 7 · physics")
    checked = await wire_sdk.rooms.validate("class 7 · physics")

    assert made.custom_room_id == "class 7 · physics"
    assert fetched == made
    assert by_custom.room_id == checked.room_id == made.room_id
    assert fetched.webhook == vs.RoomWebhook("https://hooks.example/x", ["*"])
    assert fetched.user_id == made.user_id is not None


async def test_create_is_idempotent_on_custom_room_id(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """Creating twice with one custom room id returns the same room and makes one."""
    first = await wire_sdk.rooms.create(custom_room_id="same")
    second = await wire_sdk.rooms.create(custom_room_id="same")

    assert first.room_id == second.room_id
    assert emu.room_creates("same") == 1


async def test_validate_unknown_room_raises_room_not_found(wire_sdk: vs.AsyncVideoSDK) -> None:
    """validate() of an unknown room raises RoomNotFoundError."""
    with pytest.raises(vs.RoomNotFoundError):
        await wire_sdk.rooms.validate("zzzz-zzzz-zzzz")


async def test_deactivate_and_update(wire_sdk: vs.AsyncVideoSDK) -> None:
    """deactivate() answers disabled=True; update(status='enabled') turns it back on."""
    room = await wire_sdk.rooms.create()

    off = await wire_sdk.rooms.deactivate(room.room_id)
    on = await wire_sdk.rooms.update(room.room_id, status="enabled")

    assert (off.room_id, off.disabled) == (room.room_id, True)
    assert (on.room_id, on.disabled) == (room.room_id, False)


async def test_deactivate_by_custom_room_id_is_not_found(wire_sdk: vs.AsyncVideoSDK) -> None:
    """deactivate() with a customRoomId is refused with 402, a NotFoundError."""
    await wire_sdk.rooms.create(custom_room_id="by-name")

    with pytest.raises(vs.NotFoundError) as info:
        await wire_sdk.rooms.deactivate("by-name")

    assert info.value.status_code == 402


async def test_list_query_finds_one_room(wire_sdk: vs.AsyncVideoSDK) -> None:
    """list(query=) finds the room by its custom id."""
    await wire_sdk.rooms.create(custom_room_id="needle")
    await wire_sdk.rooms.create(custom_room_id="hay")

    page = await wire_sdk.rooms.list(query="needle")

    assert [room.custom_room_id for room in page.data] == ["needle"]


async def test_iterating_1050_rooms_by_100_makes_11_requests(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """async for over list(per_page=100) with 1,050 rooms yields each once in 11 requests."""
    async with emu.sdk() as local:
        await local.rooms.create_many([f"r-{i}" for i in range(1050)], concurrency=32)

    seen = [room.custom_room_id async for room in wire_sdk.rooms.list(per_page=100)]

    assert sorted(seen) == sorted(f"r-{i}" for i in range(1050))
    assert len([e for e in emu.journal if e.route == LIST_ROOMS]) == 11


async def test_breaking_after_the_first_room_makes_one_request(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """Leaving the loop after the first room fetches no second page."""
    async with emu.sdk() as local:
        await local.rooms.create_many([f"r-{i}" for i in range(250)])

    async for _ in wire_sdk.rooms.list(per_page=100):
        break

    assert len([e for e in emu.journal if e.route == LIST_ROOMS]) == 1


@pytest.mark.parametrize("backend", ["httpx", "aiohttp"])
async def test_create_many_300_custom_ids_through_a_fault_storm(backend: str) -> None:
    """Resets and 502s after processing, 503s, 429s at random: 300 rooms, one per id, in order."""
    emulator = Emulator(seed=20261125)
    for kind, status in [
        ("process_then_drop", 0),
        ("process_then_fail", 502),
        ("status", 503),
        ("status", 429),
    ]:
        emulator.inject(CREATE_ROOM, kind, status=status or 500, count=10_000, probability=0.08)
    ids = [f"storm-{i}" for i in range(300)]
    policy = vs.RetryPolicy(max_attempts=12, backoff_initial=0.001, backoff_max=0.01)

    with EmulatorServer(emulator) as server:
        async with vs.AsyncVideoSDK(
            **server.sdk_kwargs(),
            http_backend=backend,
            retry=policy,  # type: ignore[arg-type]
        ) as sdk:
            results = await sdk.rooms.create_many(ids, concurrency=16)
        faults = {e.fault for e in emulator.journal if e.fault}

    assert [room.custom_room_id for room in results] == ids
    assert all(isinstance(room, vs.Room) for room in results)
    assert {emulator.room_creates(i) for i in ids} == {1}
    assert len(emulator.rooms) == 300
    assert faults == {"process_then_drop", "process_then_fail", "status"}
