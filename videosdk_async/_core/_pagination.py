"""`Page[T]` and `AsyncPager[T]`: one page of a list call, and every item of all its pages.

A page knows only how to find its items and the next page (as openai-python's do); the
resource that made the pager says how to fetch page ``n`` and where the items sit in the
answer. A next page exists while ``page < last_page`` and the page is not empty. Iteration
also stops when the server repeats a page number or the same items, so a server that never
reaches the ``lastPage`` it reports cannot make ``async for`` loop forever.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Mapping, Sequence
from typing import Any, Final, Generic, TypeVar

_T = TypeVar("_T")

MAX_PER_PAGE: Final = 1000

#: Fetches one page: ``fetch(page, per_page)``; ``None`` leaves it to the server.
Fetch = Callable[[int | None, int | None], Awaitable["Page[_T]"]]


def check_paging(page: object, per_page: object) -> None:
    """Refuse page numbers and sizes the API cannot mean, before any request.

    Raises:
        TypeError: Not an int (or None).
        ValueError: ``page`` < 1, or ``per_page`` outside 1-1000.
    """
    for name, value in (("page", page), ("per_page", per_page)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise TypeError(f"{name} must be an int or None, not {type(value).__name__}")
    if page is not None and page < 1:  # type: ignore[operator]
        raise ValueError(f"page must be >= 1, got {page}")
    if per_page is not None and not 1 <= per_page <= MAX_PER_PAGE:  # type: ignore[operator]
        raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}, got {per_page}")


def _int(info: Mapping[str, Any], *keys: str) -> int | None:
    for key in keys:
        value = info.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


class Page(Generic[_T]):
    """One page of a list call.

    Attributes:
        data: The items of this page.
        page: Its number (1-based), as the server reported it.
        per_page: The page size the server used.
        last_page: The number of the last page, as the server reported it.
        total: How many items all pages hold, if the server said.
    """

    __slots__ = ("_fetch", "data", "last_page", "page", "per_page", "raw", "total")

    def __init__(
        self,
        data: Sequence[_T],
        *,
        page: int,
        per_page: int,
        last_page: int,
        total: int | None,
        raw: object = None,
        fetch: Fetch[_T] | None = None,
    ) -> None:
        self.data: list[_T] = list(data)
        self.page = page
        self.per_page = per_page
        self.last_page = last_page
        self.total = total
        self.raw = raw
        self._fetch = fetch

    @classmethod
    def parse(
        cls,
        body: object,
        items: Sequence[_T],
        *,
        requested: int | None,
        per_page: int | None,
        fetch: Fetch[_T] | None,
    ) -> Page[_T]:
        """Build a page from an answer's ``pageInfo`` (or its absence) and decoded items."""
        info: Mapping[str, Any] = {}
        if isinstance(body, Mapping):
            found = body.get("pageInfo") or body.get("pagination")
            info = found if isinstance(found, Mapping) else {}
        page = _int(info, "currentPage", "page") or requested or 1
        size = _int(info, "perPage", "per_page") or per_page or max(len(items), 1)
        last = _int(info, "lastPage", "totalPages")
        return cls(
            items,
            page=page,
            per_page=size,
            last_page=page if last is None else last,
            total=_int(info, "total"),
            raw=body,
            fetch=fetch,
        )

    @property
    def has_next_page(self) -> bool:
        """Whether the server reports a later page and this one was not empty."""
        return self.page < self.last_page and bool(self.data) and self._fetch is not None

    async def next_page(self) -> Page[_T] | None:
        """Fetch the following page (same page size), or None when there is none."""
        if not self.has_next_page or self._fetch is None:
            return None
        return await self._fetch(self.page + 1, self.per_page)

    def __repr__(self) -> str:
        return (
            f"<Page {self.page}/{self.last_page} per_page={self.per_page} "
            f"items={len(self.data)} total={self.total}>"
        )


class AsyncPager(Generic[_T]):
    """What a ``list`` call returns, before any I/O: await it or iterate it.

    ``await pager`` fetches one page (the one asked for) as a `Page`; ``async for item in
    pager`` walks every item from that page on, fetching pages lazily.
    """

    __slots__ = ("_fetch", "_page", "_per_page")

    def __init__(self, fetch: Fetch[_T], *, page: int | None, per_page: int | None) -> None:
        check_paging(page, per_page)
        self._fetch = fetch
        self._page = page
        self._per_page = per_page

    def __await__(self) -> Generator[Any, None, Page[_T]]:
        return self._fetch(self._page, self._per_page).__await__()

    async def __aiter__(self) -> AsyncIterator[_T]:
        current: Page[_T] | None = await self
        seen: set[int] = set()
        previous: list[_T] | None = None
        while current is not None:
            if current.page in seen or (previous is not None and current.data == previous):
                return  # the server repeated itself: stop rather than loop
            seen.add(current.page)
            for item in current.data:
                yield item
            previous = current.data
            current = await current.next_page()

    def __repr__(self) -> str:
        return f"<AsyncPager page={self._page} per_page={self._per_page}>"
