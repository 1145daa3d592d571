"""The calls that serve every family: `sdk.request` (escape hatch), `sdk.map` / `sdk.map_iter`."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from . import _config
from ._core._batch import ProgressCallback
from ._core._errors import VideoSDKError
from ._core._runner import Runner

if TYPE_CHECKING:
    import httpx

    from ._core._requester import Requester
    from ._core._retry import RetryPolicy

_In = TypeVar("_In")
_Out = TypeVar("_Out")


class CrossCutting:
    """Cross-cutting calls of `AsyncVideoSDK` (a mixin: it reads the SDK's pipeline and clocks)."""

    _requester: Requester

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: object = None,
        params: Mapping[str, Any] | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Call an endpoint the SDK does not wrap yet, with the SDK's auth, retries and errors.

        Retries follow the method's safety: GET, HEAD, OPTIONS, PUT and DELETE as reads;
        POST and PATCH only when nothing can have been processed.

        Args:
            method: The HTTP method, e.g. ``"GET"``.
            path: The path from the API root, e.g. ``"/v2/sessions"``; it must start with
                ``/`` and is sent as given (check ids you put in it).
            json: A JSON body.
            params: Query parameters (``None`` values are left out).
            headers: Extra headers for this call, after the SDK's ``headers=`` (the same
                reserved names are refused).

        Returns:
            The decoded JSON answer (a ``str`` for the API's bare-string answers).

        Raises:
            ValueError: A malformed method or path, or a reserved header (nothing is sent).
            VideoSDKError: The call failed; see the exception tree.
        """
        verb, route = _config.check_raw_call(method, path)
        return await self._requester.request(
            verb,
            route,
            json_body=json,
            params=params,
            retry=retry,
            timeout=timeout,
            headers=headers,
        )

    @overload
    async def map(
        self,
        fn: Callable[[_In], Awaitable[_Out]],
        items: Iterable[_In],
        *,
        concurrency: int = ...,
        rate_limit: float | None = ...,
        return_exceptions: Literal[False] = ...,
        on_progress: ProgressCallback | None = ...,
    ) -> list[_Out]: ...
    @overload
    async def map(
        self,
        fn: Callable[[_In], Awaitable[_Out]],
        items: Iterable[_In],
        *,
        concurrency: int = ...,
        rate_limit: float | None = ...,
        return_exceptions: bool,
        on_progress: ProgressCallback | None = ...,
    ) -> list[_Out | VideoSDKError]: ...
    async def map(
        self,
        fn: Callable[[_In], Awaitable[_Out]],
        items: Iterable[_In],
        *,
        concurrency: int = 16,
        rate_limit: float | None = None,
        return_exceptions: bool = False,
        on_progress: ProgressCallback | None = None,
    ) -> list[_Out] | list[_Out | VideoSDKError]:
        """Run ``fn(item)`` over ``items`` with the batch machinery; results in input order.

        Every SDK call made inside ``fn`` shares the batch's admission control: at most
        ``concurrency`` items alive, ``rate_limit`` attempts per second, one pause for the
        whole batch when the API answers 429, and an AIMD window after it.

        Args:
            fn: An async function of one item; calls the SDK (any family, any number).
            items: The inputs; read lazily (at most ``concurrency`` alive at once).
            concurrency: The most items in flight (bounded by ``max_connections``).
            rate_limit: The most HTTP attempts per second, retries included.
            return_exceptions: True: a failed item's place holds its `VideoSDKError` and the
                batch goes on. False: the first failure stops the batch (see Raises).
            on_progress: Called as ``on_progress(done, total)`` as items finish.

        Returns:
            One result (or, with ``return_exceptions``, `VideoSDKError`) per item.

        Raises:
            BatchError: An item failed with ``return_exceptions=False``. Its ``results``
                hold, in input order, each result, error, or None (never attempted); items
                cancelled in flight after sending a create hold an error with
                ``outcome_unknown=True``.
            Exception: Whatever ``fn`` raises that is not a `VideoSDKError` (a bug) stops
                the batch and propagates.
        """
        runner: Runner[_In, _Out] = self._requester.batcher.runner(
            fn, None, concurrency, rate_limit
        )
        return await runner.run(items, return_exceptions=return_exceptions, on_progress=on_progress)

    def map_iter(
        self,
        fn: Callable[[_In], Awaitable[_Out]],
        items: Iterable[_In],
        *,
        concurrency: int = 16,
        rate_limit: float | None = None,
    ) -> AsyncGenerator[tuple[int, _Out | VideoSDKError]]:
        """As `map`, yielding ``(index, result or error)`` as each item finishes.

        Flat memory for any number of items. Leaving the loop cancels the items in flight
        (wrap it in ``contextlib.aclosing`` to have that happen at the end of the block).
        """
        runner: Runner[_In, _Out] = self._requester.batcher.runner(
            fn, None, concurrency, rate_limit
        )
        return runner.iterate(items)
