"""`Resource`: what a family's methods stand on (the pipeline, pagers, batches)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from .._core._converter import ShapeError
from .._core._ids import optional_id
from .._core._pagination import AsyncPager, Fetch, Page
from .._core._requester import Requester, into

if TYPE_CHECKING:
    from .._client import AsyncVideoSDK

_T = TypeVar("_T")


def data_items(body: Any) -> Any:
    """Where most list answers keep their items: ``data`` (or the body, if it is a list)."""
    if isinstance(body, list):
        return body
    return body.get("data") if isinstance(body, Mapping) else None


class Resource:
    """Base of the resource families: methods of a few lines over one request pipeline."""

    __slots__ = ("_sdk",)

    def __init__(self, sdk: AsyncVideoSDK) -> None:
        self._sdk = sdk

    @property
    def _requester(self) -> Requester:
        return self._sdk._requester

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._sdk!r}>"

    def _pager(
        self,
        path: str,
        item: type[_T],
        *,
        page: int | None,
        per_page: int | None,
        params: Mapping[str, Any] | None = None,
        items: Callable[[Any], Any] = data_items,
        retry: Any = None,
        timeout: Any = None,
    ) -> AsyncPager[_T]:
        """An `AsyncPager` over ``GET path``; ``items`` finds the list in an answer."""
        fetch = self._fetcher(path, item, params=params, items=items, retry=retry, timeout=timeout)
        return AsyncPager(fetch, page=page, per_page=per_page)

    def _room_pager(
        self,
        path: str,
        item: type[_T],
        *,
        room_id: str | None,
        session_id: str | None,
        page: int | None,
        per_page: int | None,
        retry: Any,
        timeout: Any,
        items: Callable[[Any], Any] = data_items,
        **filters: Any,
    ) -> AsyncPager[_T]:
        """`_pager` over ``GET path`` filtered by room and session (ids checked) and ``filters``."""
        params = {
            "roomId": optional_id(room_id, "room_id"),
            "sessionId": optional_id(session_id, "session_id"),
            **filters,
        }
        return self._pager(
            path,
            item,
            page=page,
            per_page=per_page,
            params=params,
            items=items,
            retry=retry,
            timeout=timeout,
        )

    def _fetcher(
        self,
        path: str,
        item: type[_T],
        *,
        params: Mapping[str, Any] | None = None,
        items: Callable[[Any], Any] = data_items,
        retry: Any = None,
        timeout: Any = None,
    ) -> Fetch[_T]:
        """The function that fetches page ``n`` of ``GET path`` (see `AsyncPager`)."""
        decode_item = into(item)

        def decode(body: Any) -> tuple[Any, list[_T]]:
            found = items(body)
            if not isinstance(found, list):
                raise ShapeError(f"expected a list of items, got {type(found).__name__}")
            return body, [decode_item(entry) for entry in found]

        async def fetch(number: int | None, size: int | None) -> Page[_T]:
            query = {**(params or {}), "page": number, "perPage": size}
            body, decoded = await self._requester.request(
                "GET", path, decode=decode, params=query, retry=retry, timeout=timeout
            )
            return Page.parse(body, decoded, requested=number, per_page=size, fetch=fetch)

        return fetch


def listed(values: Sequence[str] | None, name: str) -> list[str] | None:
    """A sequence of strings for a body (a lone ``str`` is refused: it is a common slip)."""
    if values is None:
        return None
    if isinstance(values, str) or not all(isinstance(v, str) for v in values):
        raise TypeError(f"{name} must be a sequence of str, not {type(values).__name__}")
    return list(values)
