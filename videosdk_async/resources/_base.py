"""`Resource`: what a family's methods stand on (verbs over the pipeline, pagers, batches).

A method of a family is a few lines: check its arguments, build the path (ids through
`segment`) and body (`options`), and call one verb::

    async def get(self, trunk_id: str, *, retry=None, timeout=None) -> SipTrunk:
        return await self._get(f"{PATH}/{segment(trunk_id, 'trunk_id')}", into(SipTrunk),
                               retry=retry, timeout=timeout)

The verbs retry by the method's safety (GET, PUT, DELETE are idempotent; POST and PATCH are
retried only when nothing was processed); pass ``idempotent=`` where a call's own rule
differs. A list call passes its `ListShape` (where its items and page metadata sit) to
`_pager`; nothing here assumes an answer's shape.
"""

from __future__ import annotations

from collections.abc import (
    AsyncGenerator,
    Awaitable,
    Callable,
    Coroutine,
    Iterable,
    Mapping,
    Sequence,
)
from typing import TYPE_CHECKING, Any, TypeVar

from .._core._batch import ProgressCallback
from .._core._converter import Deferred, Fail, ShapeError, into
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._errors import NotFoundError, VideoSDKError
from .._core._ids import optional_id
from .._core._pagination import DATA, AsyncPager, Fetch, ListShape, Page
from .._core._requester import NOT_FOUND, CallTimeout, Requester
from .._core._retry import RetryPolicy

if TYPE_CHECKING:
    from .._client import AsyncVideoSDK

_T = TypeVar("_T")
_In = TypeVar("_In")
_Prepared = TypeVar("_Prepared")


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

    # -- verbs -------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        decode: Callable[[Any], _T],
        *,
        body: object = None,
        params: Mapping[str, Any] | None = None,
        idempotent: bool | None = None,
        not_found: type[NotFoundError] = NotFoundError,
        not_found_statuses: frozenset[int] = NOT_FOUND,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> Coroutine[Any, Any, _T]:
        """``method path`` through the pipeline; the answer decoded by ``decode``.

        The verbs return the pipeline's own coroutine (they are not coroutines themselves):
        awaiting one costs a single frame, however many helpers lead to it.
        """
        return self._requester.request(
            method,
            path,
            decode=decode,
            json_body=body,
            params=params,
            idempotent=idempotent,
            not_found=not_found,
            not_found_statuses=not_found_statuses,
            retry=retry,
            timeout=timeout,
        )

    def _get(
        self, path: str, decode: Callable[[Any], _T], **options: Any
    ) -> Coroutine[Any, Any, _T]:
        """``GET path`` (``params=``, ``retry=``, ``timeout=``, ...; see `_send`)."""
        return self._send("GET", path, decode, **options)

    def _post(
        self, path: str, decode: Callable[[Any], _T], **options: Any
    ) -> Coroutine[Any, Any, _T]:
        """``POST path`` with ``body=``: retried after sending only with ``idempotent=True``."""
        return self._send("POST", path, decode, **options)

    def _put(
        self, path: str, decode: Callable[[Any], _T], **options: Any
    ) -> Coroutine[Any, Any, _T]:
        """``PUT path`` with ``body=`` (idempotent unless ``idempotent=False``)."""
        return self._send("PUT", path, decode, **options)

    def _patch(
        self, path: str, decode: Callable[[Any], _T], **options: Any
    ) -> Coroutine[Any, Any, _T]:
        """``PATCH path`` with ``body=`` (pass ``idempotent=True`` for a plain field update)."""
        return self._send("PATCH", path, decode, **options)

    def _delete(
        self, path: str, decode: Callable[[Any], _T], **options: Any
    ) -> Coroutine[Any, Any, _T]:
        """``DELETE path``, with a JSON ``body=`` when the API wants one."""
        return self._send("DELETE", path, decode, **options)

    # -- lists -------------------------------------------------------------------------

    def _pager(
        self,
        path: str,
        item: type[_T],
        *,
        page: int | None,
        per_page: int | None,
        params: Mapping[str, Any] | None = None,
        shape: ListShape = DATA,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[_T]:
        """An `AsyncPager` over ``GET path``; ``shape`` says where its items sit."""
        fetch = self._fetcher(path, item, params=params, shape=shape, retry=retry, timeout=timeout)
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
        retry: RetryPolicy | None,
        timeout: CallTimeout,
        shape: ListShape = DATA,
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
            shape=shape,
            retry=retry,
            timeout=timeout,
        )

    def _fetcher(
        self,
        path: str,
        item: type[_T],
        *,
        params: Mapping[str, Any] | None = None,
        shape: ListShape = DATA,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> Fetch[_T]:
        """The function that fetches page ``n`` of ``GET path`` (see `AsyncPager`)."""
        decode_item = into(item)

        def read(body: Any, fail: Fail) -> tuple[Any, list[Any], Fail]:
            return body, shape.find(body), fail  # the items are decoded as they are reached

        deferred = Deferred(read)

        async def fetch(number: int | None, size: int | None) -> Page[_T]:
            query = {**(params or {}), "page": number, "perPage": size}
            body, found, fail = await self._get(
                path, deferred, params=query, retry=retry, timeout=timeout
            )
            return Page.parse(
                body,
                found,
                requested=number,
                per_page=size,
                fetch=fetch,
                shape=shape,
                decode=decode_item,
                fail=fail,
            )

        return fetch

    # -- batches -----------------------------------------------------------------------

    async def _map(
        self,
        fn: Callable[[_Prepared], Awaitable[_T]],
        items: Iterable[_In],
        *,
        prepare: Callable[[_In], _Prepared],
        concurrency: int,
        rate_limit: float | None,
        return_exceptions: bool,
        on_progress: ProgressCallback | None,
    ) -> list[_T | VideoSDKError]:
        """`AsyncVideoSDK.map` for a family's own call: ``prepare`` checks and builds each
        item once (a refused item is bad input), ``fn`` sends it."""
        runner = self._requester.batcher.runner(fn, prepare, concurrency, rate_limit)
        return await runner.run(items, return_exceptions=return_exceptions, on_progress=on_progress)

    def _map_iter(
        self,
        fn: Callable[[_Prepared], Awaitable[_T]],
        items: Iterable[_In],
        *,
        prepare: Callable[[_In], _Prepared],
        concurrency: int,
        rate_limit: float | None,
    ) -> AsyncGenerator[tuple[int, _T | VideoSDKError]]:
        """`_map`, yielding ``(index, result or error)`` as each item finishes."""
        return self._requester.batcher.runner(fn, prepare, concurrency, rate_limit).iterate(items)


def options(body: dict[str, Any], **values: Any) -> dict[str, Any]:
    """Add the options that were given (``None`` left out), under their wire names.

    Mappings and sequences of mappings (the API's own structures) are sent as given.

    Raises:
        TypeError: A value that is neither a string, a number, a mapping nor a sequence.
    """
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, Mapping):
            value = dict(value)
        elif isinstance(value, Sequence) and not isinstance(value, str):
            value = [dict(v) if isinstance(v, Mapping) else v for v in value]
        elif not isinstance(value, str | int | float | bool):
            raise BadType(f"{key} must be a string, a number, a mapping or a sequence")
        body[key] = value
    return body


def listed(values: Sequence[str] | None, name: str) -> list[str] | None:
    """A sequence of strings for a body (a lone ``str`` is refused: it is a common slip)."""
    if values is None:
        return None
    if isinstance(values, str) or not all(isinstance(v, str) for v in values):
        raise BadType(f"{name} must be a sequence of str, not {type(values).__name__}")
    return list(values)


def one_object(key: str) -> Callable[[Any], Any]:
    """A decoder step: the object under ``key`` when the answer wraps it, else the answer.

    Raises:
        ShapeError: The answer is not a JSON object.
    """

    def unwrap(answer: Any) -> Any:
        if not isinstance(answer, Mapping):
            raise ShapeError(f"expected an object, got {type(answer).__name__}")
        inner = answer.get(key)
        return inner if isinstance(inner, Mapping) else answer

    return unwrap


def into_at(cls: type[_T], key: str = "data") -> Callable[[Any], _T]:
    """A decoder into ``cls`` of the object under ``key`` when the answer wraps it
    (``{"data": {...}}``), else of the answer itself.

    Raises:
        ShapeError: The answer is not a JSON object, or does not fit ``cls``.
    """
    decoder = _UNWRAPPING.get((cls, key))
    if decoder is None:  # made once per (class, key), as `into` makes its decoders
        unwrap, decode = one_object(key), into(cls)
        decoder = _UNWRAPPING[cls, key] = lambda answer: decode(unwrap(answer))
    return decoder


_UNWRAPPING: dict[tuple[type[Any], str], Callable[[Any], Any]] = {}
