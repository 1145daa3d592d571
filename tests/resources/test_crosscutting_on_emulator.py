"""sdk.request and sdk.map end to end: the emulator over loopback, on both transports."""

from __future__ import annotations

import pytest

import videosdk_async as vs
from videosdk_async.emulator import Emulator

pytestmark = pytest.mark.loopback


async def test_request_reaches_an_endpoint_by_path(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """sdk.request POSTs and GETs raw paths with the SDK's auth; answers come back decoded."""
    created = await wire_sdk.request("POST", "/v2/rooms", json={"customRoomId": "raw"})
    listed = await wire_sdk.request("GET", "/v2/rooms", params={"query": "raw"})

    assert created["customRoomId"] == "raw"
    assert [room["roomId"] for room in listed["data"]] == [created["roomId"]]
    assert emu.room_creates("raw") == 1


async def test_map_runs_calls_of_two_families(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """sdk.map over custom ids: a create and a validate per item, results in input order."""

    async def create_and_validate(name: str) -> str:
        room = await wire_sdk.rooms.create(custom_room_id=name)
        return (await wire_sdk.rooms.validate(room.room_id)).custom_room_id or ""

    names = [f"m-{i}" for i in range(40)]
    results = await wire_sdk.map(create_and_validate, names, concurrency=8)

    assert results == names
    assert len(emu.journal) == 80
