"""`ListShape`, `Page[T]` and `AsyncPager[T]`: where a list answer keeps its items, one
page of a list call, and every item of all its pages.

A page knows only how to find its items and the next page (as openai-python's do): the
resource that made the pager says how to fetch page ``n``, and its `ListShape` says where the
items sit and where the page metadata reads (data, never code that assumes the answer's shape).

The next page asked for is always the one asked before plus one, never a number the server
reported. Iteration ends at the first of: the last page the server reported, an empty page, a
page the server numbers lower than asked or as one it answered before, or a page whose items
repeat an earlier page's (same count, first and last item). So a server that ignores page
numbers, repeats or alternates pages, or promises a ``lastPage`` it never fills costs at most
one request more than the pages it really had; the bound is ``lastPage`` requests as the
first page reports it.

Iteration decodes an item when it reaches it (only the item in hand is alive, so a long walk
never holds a page of models for the garbage collector to promote); ``await pager``,
`Page.data` and `Page.next_page` decode the whole page at once. Either way a malformed item
raises the call's own `UnexpectedResponseError`.
"""

from __future__ import annotations

from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
    Sequence,
)
from typing import Any, Final, Generic, TypeVar

import attrs

from ._converter import DECODE_ERRORS, Fail, ShapeError
from ._errors import InvalidArgumentError, InvalidArgumentTypeError

_T = TypeVar("_T")

MAX_PER_PAGE: Final = 1000

#: Fetches one page: ``fetch(page, per_page)``; ``None`` leaves it to the server.
Fetch = Callable[[int | None, int | None], Awaitable["Page[_T]"]]
#: A way from an answer to its items: keys (``str``) and list indexes (``int``).
Path = tuple[str | int, ...]


def check_paging(page: object, per_page: object) -> None:
    """Refuse page numbers and sizes the API cannot mean, before any request.

    Raises:
        TypeError: Not an int (or None).
        ValueError: ``page`` < 1, or ``per_page`` outside 1-1000.
    """
    for name, value in (("page", page), ("per_page", per_page)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidArgumentTypeError(
                f"{name} must be an int or None, not {type(value).__name__}"
            )
    if page is not None and page < 1:  # type: ignore[operator]
        raise InvalidArgumentError(f"page must be >= 1, got {page}")
    if per_page is not None and not 1 <= per_page <= MAX_PER_PAGE:  # type: ignore[operator]
        raise InvalidArgumentError(f"per_page must be between 1 and {MAX_PER_PAGE}, got {per_page}")


def _int(info: Mapping[str, Any], *keys: str) -> int | None:
    for key in keys:
        value = info.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def _follow(body: Any, path: Path) -> Any:
    for step in path:
        if isinstance(step, int):
            if not isinstance(body, list) or not -len(body) <= step < len(body):
                return None
            body = body[step]
        elif isinstance(body, Mapping):
            body = body.get(step)
        else:
            return None
    return body


_PAGE_INFO: Final = ("pageInfo", "pagination")


@attrs.frozen
class ListShape:
    """Where a list answer keeps its items, and where its page metadata reads.

    Attributes:
        items: Paths tried in order from the answer to its list of items; the first that
            leads to a list wins. An answer that is itself a list is its items.
        page_info: The keys that may hold ``{currentPage, perPage, lastPage, total}`` (or
            ``page``/``per_page``/``totalPages``); empty: every answer is one whole page.
    """

    items: tuple[Path, ...] = (("data",),)
    page_info: tuple[str, ...] = _PAGE_INFO

    @classmethod
    def keyed(cls, key: str, *, paged: bool = True) -> ListShape:
        """Items under ``key``, else under ``data`` (as the official SDK reads them)."""
        return cls(items=((key,), ("data",)), page_info=_PAGE_INFO if paged else ())

    def find(self, body: Any) -> list[Any]:
        """The answer's items.

        Raises:
            ShapeError: No path leads to a list (the answer is of another shape).
        """
        if isinstance(body, list):
            return body
        if not isinstance(body, Mapping):
            raise ShapeError(f"expected an object holding a list, got {type(body).__name__}")
        for path in self.items:
            found = _follow(body, path)
            if isinstance(found, list):
                return found
        where = " or ".join(".".join(map(str, path)) for path in self.items)
        raise ShapeError(f"expected a list of items at {where}")

    def info(self, body: Any) -> Mapping[str, Any] | None:
        """The page metadata, or None when the answer is one whole page."""
        if not isinstance(body, Mapping):
            return None
        for key in self.page_info:
            found = body.get(key)
            if isinstance(found, Mapping):
                return found
        return None


#: Items under ``data``, pages under ``pageInfo`` (or ``pagination``): most list answers.
DATA: Final = ListShape()


class Page(Generic[_T]):
    """One page of a list call.

    Attributes:
        data: The items of this page.
        page: Its number (1-based), as the server reported it (else as asked).
        per_page: The page size the server used.
        last_page: The number of the last page, as the server reported it.
        total: How many items all pages hold, if the server said.
        raw: The decoded answer.
    """

    __slots__ = (
        "_asked",
        "_data",
        "_fail",
        "_fetch",
        "_one",
        "_wire",
        "last_page",
        "page",
        "per_page",
        "raw",
        "total",
    )

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
        asked: int | None = None,
    ) -> None:
        self._data: list[_T] = data if isinstance(data, list) else list(data)
        self._wire: list[Any] = self._data  # the items as the answer holds them
        self._one: Callable[[Any], _T] | None = None  # set while they are still to decode
        self._fail: Fail | None = None
        self.page = page
        self.per_page = per_page
        self.last_page = last_page
        self.total = total
        self.raw = raw
        self._fetch = fetch
        self._asked = page if asked is None else asked

    @classmethod
    def parse(
        cls,
        body: object,
        items: Sequence[Any],
        *,
        requested: int | None,
        per_page: int | None,
        fetch: Fetch[_T] | None,
        shape: ListShape = DATA,
        decode: Callable[[Any], _T] | None = None,
        fail: Fail | None = None,
    ) -> Page[_T]:
        """Build a page from an answer's page metadata (per ``shape``) and its items: decoded
        ones, or, with ``decode`` (and ``fail``, the call's `Deferred` error), the answer's
        own, decoded one at a time as iteration reaches them (all at once for `data`)."""
        info = shape.info(body) or {}
        asked = requested or 1
        page = _int(info, "currentPage", "page") or asked
        size = _int(info, "perPage", "per_page") or per_page or max(len(items), 1)
        last = _int(info, "lastPage", "totalPages")
        made: Page[_T] = cls(
            items,
            page=page,
            per_page=size,
            last_page=page if last is None else last,
            total=_int(info, "total"),
            raw=body,
            fetch=fetch,
            asked=asked,
        )
        made._one, made._fail = decode, fail
        return made

    @property
    def data(self) -> list[_T]:
        """The items of this page (decoded on first use when they were left to iteration)."""
        return self._whole()._data

    @data.setter
    def data(self, items: Sequence[_T]) -> None:
        self._data = self._wire = items if isinstance(items, list) else list(items)
        self._one = self._fail = None

    def _whole(self) -> Page[_T]:
        """This page with every item decoded (a malformed one raises the call's error now)."""
        if self._one is not None:
            try:
                self._data = list(self._each())
            except DECODE_ERRORS as exc:
                raise self._failed(exc) from None
            self._one = self._fail = None  # nothing left to decode: let the answer's bytes go
        return self

    def _each(self) -> Iterator[_T]:
        """The items in order; ones still to decode are decoded one at a time as they are
        reached (so only the one in hand is alive: a page of models is never built just to be
        walked). An item that does not decode raises from the iteration: see `_failed`."""
        return iter(self._data) if self._one is None else map(self._one, self._wire)

    def _failed(self, exc: Exception) -> Exception:
        """What to raise for an item that did not decode: the call's own error, when known."""
        return exc if self._fail is None else self._fail(exc)

    @property
    def has_next_page(self) -> bool:
        """Whether the server reports a later page, this one was not empty, and the server
        answered the page asked for (not a lower one)."""
        return (
            self._asked < self.last_page
            and self.page >= self._asked
            and bool(self._wire)
            and self._fetch is not None
        )

    async def next_page(self) -> Page[_T] | None:
        """Fetch the page after the one asked for (same page size), or None when there is none."""
        following = await self._following()
        return None if following is None else following._whole()

    async def _following(self) -> Page[_T] | None:
        """The next page as fetched (its items maybe still to decode), or None."""
        if not self.has_next_page or self._fetch is None:
            return None
        return await self._fetch(self._asked + 1, self.per_page)

    def __repr__(self) -> str:
        return (
            f"<Page {self.page}/{self.last_page} per_page={self.per_page} "
            f"items={len(self._wire)} total={self.total}>"
        )


async def _decoded(pending: Awaitable[Page[_T]]) -> Page[_T]:
    return (await pending)._whole()


def _fingerprint(data: list[Any]) -> tuple[int, Any, Any]:
    return (len(data), data[0], data[-1]) if data else (0, None, None)


class AsyncPager(Generic[_T]):
    """What a ``list`` call returns, before any I/O: await it or iterate it.

    ``await pager`` fetches one page (the one asked for) as a `Page`; ``async for item in
    pager`` walks every item from that page on, fetching pages lazily (see the module
    docstring for when it stops).
    """

    __slots__ = ("_fetch", "_page", "_per_page")

    def __init__(self, fetch: Fetch[_T], *, page: int | None, per_page: int | None) -> None:
        check_paging(page, per_page)
        self._fetch = fetch
        self._page = page
        self._per_page = per_page

    def __await__(self) -> Generator[Any, None, Page[_T]]:
        return _decoded(self._fetch(self._page, self._per_page)).__await__()

    async def __aiter__(self) -> AsyncIterator[_T]:
        first: Page[_T] = await self._fetch(self._page, self._per_page)
        bound = first.last_page
        numbers: set[int] = set()
        seen: list[tuple[int, Any, Any]] = []
        current: Page[_T] | None = first
        while current is not None:
            mark = _fingerprint(current._wire)
            if current.page in numbers or mark in seen:
                return  # the server repeated itself: stop rather than loop
            numbers.add(current.page)
            seen.append(mark)
            try:
                for item in current._each():
                    yield item
            except DECODE_ERRORS as exc:  # an item that did not decode
                raise current._failed(exc) from None
            if current._asked >= bound:
                return
            current = await current._following()

    def __repr__(self) -> str:
        return f"<AsyncPager page={self._page} per_page={self._per_page}>"
