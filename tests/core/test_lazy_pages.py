"""Iterating a list decodes each item when it is reached (only the item in hand is alive);
awaiting a page, or its ``next_page()``, decodes the whole page first; a malformed item is the
same `UnexpectedResponseError` either way, raised where it is met."""

from __future__ import annotations

import asyncio
import gc
import json
import weakref
from typing import Any

import pytest

import videosdk_async as vs
from videosdk_async._core._converter import Deferred, ShapeError
from videosdk_async._core._pagination import AsyncPager, Page

from ..conftest import API_KEY, SECRET
from ..rawserver import RawServer

TOKEN = vs.generate_token(API_KEY, SECRET, permissions=["allow_join", "allow_mod"], now=1.9e9)
ONE_TRY = vs.RetryPolicy(max_attempts=1)


class Item:
    """A decoded item (weak-referenceable, so a test can tell whether it is still alive)."""

    def __init__(self, value: int) -> None:
        self.value = value


class Pages:
    """Pages of ``total`` wire items ``{"n": i}``, decoded by a counting ``decode``."""

    def __init__(self, total: int, *, size: int = 10, bad: int | None = None) -> None:
        self.total, self.size, self.bad = total, size, bad
        self.decoded = 0

    def decode(self, wire: Any) -> Item:
        self.decoded += 1
        if wire["n"] == self.bad:
            raise ShapeError("n: a bad item")
        return Item(wire["n"])

    async def fetch(self, page: int | None, per_page: int | None) -> Page[Item]:
        number = page or 1
        wire = [
            {"n": i} for i in range((number - 1) * self.size, min(number * self.size, self.total))
        ]
        body = {"pageInfo": {"currentPage": number, "lastPage": -(-self.total // self.size)}}
        return Page.parse(
            body,
            wire,
            requested=page,
            per_page=per_page,
            fetch=self.fetch,
            decode=self.decode,
            fail=lambda exc: vs.UnexpectedResponseError(f"failed: {exc}", status_code=200),
        )


async def _collect(pager: AsyncPager[Any], into: list[Any]) -> None:
    async for item in pager:
        into.append(item)


async def test_iteration_decodes_an_item_only_when_it_is_reached() -> None:
    """The first item of a page of ten is yielded after one decode, not ten."""
    pages = Pages(30)

    async for _ in AsyncPager(pages.fetch, page=None, per_page=10):
        break

    assert pages.decoded == 1


async def test_iteration_keeps_only_the_item_in_hand_alive() -> None:
    """Once the loop moves on, the previous item of the same page is gone (no page of models)."""
    pages = Pages(10)
    previous: weakref.ref[Item] | None = None
    dead_when_moving_on = []

    async for item in AsyncPager(pages.fetch, page=None, per_page=10):
        if previous is not None:
            gc.collect()
            dead_when_moving_on.append(previous() is None)
        previous = weakref.ref(item)
        del item

    assert dead_when_moving_on == [True] * 9


async def test_iteration_yields_the_items_before_a_malformed_one_then_fails() -> None:
    """Items 0-3 are yielded; item 4 raises the call's error, nothing after it is decoded."""
    pages = Pages(10, bad=4)
    seen: list[Item] = []

    with pytest.raises(vs.UnexpectedResponseError, match="failed: n: a bad item"):
        await _collect(AsyncPager(pages.fetch, page=None, per_page=10), seen)

    assert [item.value for item in seen] == [0, 1, 2, 3]
    assert pages.decoded == 5


async def test_awaiting_a_page_decodes_it_whole() -> None:
    """await pager returns a page whose ten items are decoded, each once, however often read."""
    pages = Pages(30)

    page = await AsyncPager(pages.fetch, page=None, per_page=10)
    values = [item.value for item in page.data] + [item.value for item in page.data]

    assert values == list(range(10)) * 2
    assert pages.decoded == 10


async def test_a_pages_data_can_still_be_assigned() -> None:
    """Assigning ``page.data`` (a plain attribute before pages decoded lazily) replaces it."""
    page = await AsyncPager(Pages(30).fetch, page=None, per_page=10)

    page.data = [Item(7)]

    assert [item.value for item in page.data] == [7]
    assert "items=1" in repr(page)


async def test_awaiting_a_page_with_a_malformed_item_fails_at_the_await() -> None:
    """A malformed item anywhere in the page fails the await itself."""
    pages = Pages(30, bad=9)

    with pytest.raises(vs.UnexpectedResponseError, match="n: a bad item"):
        await AsyncPager(pages.fetch, page=None, per_page=10)


async def test_next_page_with_a_malformed_item_fails_at_the_call() -> None:
    """next_page() decodes the page it fetched: a malformed item fails that call."""
    pages = Pages(30, bad=15)
    first = await AsyncPager(pages.fetch, page=None, per_page=10)

    with pytest.raises(vs.UnexpectedResponseError, match="n: a bad item"):
        await first.next_page()


def test_a_deferred_decoder_called_directly_raises_its_own_error() -> None:
    """Without an answer to blame, a Deferred's later failure is its own exception."""

    def read(body: Any, fail: Any) -> Any:
        raise fail(ShapeError(f"no list in {body!r}"))

    with pytest.raises(ShapeError, match="no list in 3"):
        Deferred(read)(3)


# -- on the wire, both transports ------------------------------------------------------


def _room(n: int) -> dict[str, Any]:
    return {"id": f"id-{n}", "roomId": f"room-{n}", "createdAt": "2022-01-05T06:41:16.018Z"}


def _rooms_page(rooms: list[Any]) -> RawServer:
    body = json.dumps({"pageInfo": {"currentPage": 1, "lastPage": 1}, "data": rooms}).encode()
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"

    async def serve(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(head % len(body) + body)
        await writer.drain()

    return RawServer(serve)


def _sdk(base_url: str, backend: str) -> vs.AsyncVideoSDK:
    return vs.AsyncVideoSDK(token=TOKEN, base_url=base_url, http_backend=backend, retry=ONE_TRY)  # type: ignore[arg-type]


@pytest.mark.loopback
async def test_a_malformed_room_fails_iteration_as_the_await_would(backend: str) -> None:
    """Over loopback: two rooms are yielded, then the third (no roomId) raises the same
    UnexpectedResponseError, status and attempts included, that awaiting the page raises."""
    seen: list[vs.Room] = []
    with _rooms_page([_room(0), _room(1), {"id": "id-2"}, _room(3)]) as server:
        async with _sdk(server.base_url, backend) as sdk:
            with pytest.raises(vs.UnexpectedResponseError) as awaited:
                await sdk.rooms.list()
            with pytest.raises(vs.UnexpectedResponseError) as iterated:
                await _collect(sdk.rooms.list(), seen)

    assert [room.room_id for room in seen] == ["room-0", "room-1"]
    assert str(iterated.value) == str(awaited.value)
    assert str(iterated.value).startswith(
        "the API answered GET /v2/rooms with status 200 and a body of unexpected shape ("
    )
    assert "roomId" in str(iterated.value)
    assert (iterated.value.status_code, iterated.value.attempts) == (200, 1)


@pytest.mark.loopback
async def test_iterated_rooms_decode_as_awaited_ones(backend: str) -> None:
    """Over loopback: the rooms async for yields equal the awaited page's data."""
    with _rooms_page([_room(n) for n in range(5)]) as server:
        async with _sdk(server.base_url, backend) as sdk:
            page = await sdk.rooms.list()
            iterated = [room async for room in sdk.rooms.list()]

    assert iterated == page.data
    assert [room.room_id for room in iterated] == [f"room-{n}" for n in range(5)]
    assert all(type(room) is vs.Room for room in iterated)
