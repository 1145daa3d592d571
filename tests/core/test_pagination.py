"""AsyncPager and Page: one page by await, every item by async for, never an endless loop."""

from __future__ import annotations

from typing import Any

import pytest

import videosdk_async as vs
from videosdk_async._core._pagination import AsyncPager, Page


class FakeServer:
    """Serves pages of `total` integers; `lie` makes it misbehave in a chosen way."""

    def __init__(self, total: int, *, lie: str | None = None, reported_last: int | None = None):
        self.total = total
        self.lie = lie
        self.reported_last = reported_last
        self.requests: list[tuple[int | None, int | None]] = []

    async def fetch(self, page: int | None, per_page: int | None) -> Page[int]:
        self.requests.append((page, per_page))
        number, size = page or 1, per_page or 10
        last = self.reported_last or max(1, -(-self.total // size))
        if self.lie == "repeat-last" and number > last:
            number = last  # a server that clamps: it answers its last page again
        if self.lie == "stuck-number":
            number = 1  # a server that ignores `page`
        items = list(range((number - 1) * size, min(number * size, self.total)))
        body: dict[str, Any] = {
            "pageInfo": {
                "currentPage": number,
                "perPage": size,
                "lastPage": last,
                "total": self.total,
            }
        }
        return Page.parse(body, items, requested=page, per_page=per_page, fetch=self.fetch)


async def test_iterating_walks_every_page_once() -> None:
    """async for yields every item in order, one request per page."""
    server = FakeServer(1050)

    items = [i async for i in AsyncPager(server.fetch, page=None, per_page=100)]

    assert items == list(range(1050))
    assert len(server.requests) == 11


async def test_breaking_after_the_first_item_makes_one_request() -> None:
    """Leaving the loop early fetches nothing more."""
    server = FakeServer(1050)

    async for _ in AsyncPager(server.fetch, page=None, per_page=100):
        break

    assert len(server.requests) == 1


async def test_awaiting_fetches_exactly_the_page_asked_for() -> None:
    """await pager returns one Page for the requested page and size."""
    server = FakeServer(30)

    page = await AsyncPager(server.fetch, page=2, per_page=10)

    assert (page.page, page.per_page, page.last_page, page.total) == (2, 10, 3, 30)
    assert page.data == list(range(10, 20))
    assert server.requests == [(2, 10)]


async def test_next_page_follows_and_ends_with_none() -> None:
    """next_page() fetches the following page, and None after the last."""
    server = FakeServer(15)

    first = await AsyncPager(server.fetch, page=None, per_page=10)
    second = await first.next_page()
    third = await second.next_page() if second else None

    assert second is not None
    assert second.data == list(range(10, 15))
    assert second.has_next_page is False
    assert third is None


async def test_a_server_repeating_its_last_page_ends_iteration() -> None:
    """A server that answers its last page again for later pages cannot loop the pager."""
    server = FakeServer(25, lie="repeat-last", reported_last=9)

    items = [i async for i in AsyncPager(server.fetch, page=None, per_page=10)]

    assert items == list(range(25))
    assert len(server.requests) <= 4


async def test_a_server_ignoring_page_numbers_ends_iteration() -> None:
    """A server that always answers page 1 yields page 1 once and stops."""
    server = FakeServer(50, lie="stuck-number")

    items = [i async for i in AsyncPager(server.fetch, page=None, per_page=10)]

    assert items == list(range(10))
    assert len(server.requests) == 2


async def test_a_last_page_never_reached_ends_on_an_empty_page() -> None:
    """A server reporting lastPage=1000 but running out of items stops at the empty page."""
    server = FakeServer(25, reported_last=1000)

    items = [i async for i in AsyncPager(server.fetch, page=None, per_page=10)]

    assert items == list(range(25))
    assert len(server.requests) == 4


def test_an_empty_page_has_no_next_page() -> None:
    """A page with no items has no next page, whatever lastPage says."""
    page = Page.parse(
        {"pageInfo": {"currentPage": 1, "lastPage": 5}},
        [],
        requested=None,
        per_page=None,
        fetch=None,
    )

    assert page.has_next_page is False


def test_missing_page_info_is_one_page() -> None:
    """An answer without pageInfo is a single page of what it holds."""
    page: Page[int] = Page.parse([1, 2], [1, 2], requested=None, per_page=None, fetch=None)

    assert (page.page, page.last_page, page.total, page.has_next_page) == (1, 1, None, False)


@pytest.mark.parametrize("per_page", [0, 1001, -1])
def test_per_page_outside_1_to_1000_is_refused(per_page: int) -> None:
    """per_page outside 1-1000 raises ValueError when the pager is made, before any I/O."""
    server = FakeServer(1)

    with pytest.raises(ValueError, match="per_page"):
        AsyncPager(server.fetch, page=None, per_page=per_page)

    assert server.requests == []


def test_page_zero_is_refused() -> None:
    """page < 1 raises ValueError at once."""
    with pytest.raises(ValueError, match="page"):
        AsyncPager(FakeServer(1).fetch, page=0, per_page=None)


def test_list_calls_do_no_io_until_used(sdk: vs.AsyncVideoSDK) -> None:
    """sdk.rooms.list() returns an AsyncPager at once; a bad per_page raises right there."""
    pager = sdk.rooms.list(per_page=5)

    assert isinstance(pager, vs.AsyncPager)
    with pytest.raises(ValueError):
        sdk.rooms.list(per_page=0)
