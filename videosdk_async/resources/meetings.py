"""`AsyncMeetings`: the v1 meetings calls (``/v1/meetings``)."""

from __future__ import annotations

import builtins
from collections.abc import AsyncGenerator, Coroutine, Iterable
from typing import Any, Literal, overload

from .._core._batch import ProgressCallback
from .._core._converter import into
from .._core._errors import MeetingNotFoundError, VideoSDKError
from .._core._ids import check_meeting_id, optional_label
from .._core._pagination import AsyncPager
from .._core._requester import CallTimeout as Timeout
from .._core._retry import RetryPolicy
from ..models.meetings import Meeting
from ._base import Resource

#: What validate answers for an unknown meeting id [DOC].
_VALIDATE_NOT_FOUND = frozenset({400, 402, 404})


class AsyncMeetings(Resource):
    """The v1 meetings API. Get it as ``sdk.meetings``; do not construct it yourself."""

    __slots__ = ()

    async def create(
        self,
        user_meeting_id: str | None = None,
        *,
        retry: RetryPolicy | None = None,
        timeout: Timeout = None,
    ) -> Meeting:
        """Create a meeting (``POST /v1/meetings``).

        Creation is not idempotent on v1: a failure after the request was sent is not retried
        (unless ``retry.retry_unknown_outcome``), and its error has ``outcome_unknown=True``.

        Args:
            user_meeting_id: Your own id for the meeting, echoed back as
                ``Meeting.user_meeting_id``.
            retry: A `RetryPolicy` for this call instead of the SDK's.
            timeout: Seconds (or an ``httpx.Timeout``) for each attempt of this call.

        Returns:
            The new `Meeting`.

        Raises:
            TypeError, ValueError: ``user_meeting_id`` is not a sane string (nothing is sent).
            VideoSDKError: The call failed; see the exception tree.
        """
        return await self._create(
            optional_label(user_meeting_id, "user_meeting_id"), retry, timeout
        )

    def _create(
        self, label: str | None, retry: RetryPolicy | None, timeout: Timeout
    ) -> Coroutine[Any, Any, Meeting]:
        body = None if label is None else {"userMeetingId": label}
        return self._post("/v1/meetings", into(Meeting), body=body, retry=retry, timeout=timeout)

    async def validate(
        self, meeting_id: str, *, retry: RetryPolicy | None = None, timeout: Timeout = None
    ) -> Meeting:
        """Check that a meeting exists before joining it (``GET /v1/meetings/{meetingId}``).

        The seed's Python sample uses GET (its curl sample POSTs to the same path); GET is
        the documented "get meeting details" call and safe to retry.

        Args:
            meeting_id: The meeting id to check, e.g. ``"87i6-bvw8-dtn1"``.
            retry: A `RetryPolicy` for this call instead of the SDK's.
            timeout: Seconds (or an ``httpx.Timeout``) for each attempt of this call.

        Returns:
            The `Meeting`.

        Raises:
            TypeError, ValueError: ``meeting_id`` is not a safe id (nothing is sent).
            MeetingNotFoundError: No such meeting (the API answers 400, 402 or 404).
            VideoSDKError: Any other failure; see the exception tree.
        """
        return await self._get(
            f"/v1/meetings/{check_meeting_id(meeting_id)}",
            into(Meeting),
            not_found=MeetingNotFoundError,
            not_found_statuses=_VALIDATE_NOT_FOUND,
            retry=retry,
            timeout=timeout,
        )

    def list(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: Timeout = None,
    ) -> AsyncPager[Meeting]:
        """The account's meetings, newest first (``GET /v1/meetings``, paged).

        Returns:
            An `AsyncPager`: ``await`` it for one `Page`, or ``async for`` every meeting.

        Raises:
            ValueError: ``page`` < 1 or ``per_page`` outside 1-1000 (at once, nothing sent).
        """
        return self._pager(
            "/v1/meetings", Meeting, page=page, per_page=per_page, retry=retry, timeout=timeout
        )

    # -- batches -----------------------------------------------------------------------

    @overload
    async def create_many(
        self,
        user_meeting_ids: Iterable[str | None],
        *,
        concurrency: int = ...,
        return_exceptions: Literal[False] = ...,
        rate_limit: float | None = ...,
        on_progress: ProgressCallback | None = ...,
        retry: RetryPolicy | None = ...,
        timeout: Timeout = ...,
    ) -> builtins.list[Meeting]: ...
    @overload
    async def create_many(
        self,
        user_meeting_ids: Iterable[str | None],
        *,
        concurrency: int = ...,
        return_exceptions: bool,
        rate_limit: float | None = ...,
        on_progress: ProgressCallback | None = ...,
        retry: RetryPolicy | None = ...,
        timeout: Timeout = ...,
    ) -> builtins.list[Meeting | VideoSDKError]: ...
    async def create_many(
        self,
        user_meeting_ids: Iterable[str | None],
        *,
        concurrency: int = 16,
        return_exceptions: bool = False,
        rate_limit: float | None = None,
        on_progress: ProgressCallback | None = None,
        retry: RetryPolicy | None = None,
        timeout: Timeout = None,
    ) -> builtins.list[Meeting] | builtins.list[Meeting | VideoSDKError]:
        """Create one meeting per item, concurrently; results in input order.

        This is `AsyncVideoSDK.map` applied to `create`; see "Batches" in the README.

        Args:
            user_meeting_ids: One ``userMeetingId`` (or None) per meeting to create. A list
                or other sized collection is checked in full before anything is sent.
            concurrency: The most requests in flight at once (bounded by the SDK's
                ``max_connections``).
            return_exceptions: True: a failed item's place holds its exception and the batch
                goes on. False: the first failure stops the batch (see Raises).
            rate_limit: The most requests (attempts, retries included) per second.
            on_progress: Called as ``on_progress(done, total)`` as items finish.
            retry: A `RetryPolicy` for each item instead of the SDK's.
            timeout: Seconds (or an ``httpx.Timeout``) for each attempt of each item.

        Returns:
            One `Meeting` (or, with ``return_exceptions``, `VideoSDKError`) per input item.

        Raises:
            BatchError: An item failed (``return_exceptions=False``), or an item of a lazy
                input was invalid; its ``results`` account for every item read.
            TypeError, ValueError: An item of a sized input is invalid and
                ``return_exceptions`` is False (nothing is sent), or an option is invalid.
        """
        return await self._map(
            lambda label: self._create(label, retry, timeout),
            user_meeting_ids,
            prepare=_label,
            concurrency=concurrency,
            rate_limit=rate_limit,
            return_exceptions=return_exceptions,
            on_progress=on_progress,
        )

    def create_iter(
        self,
        user_meeting_ids: Iterable[str | None],
        *,
        concurrency: int = 16,
        rate_limit: float | None = None,
        retry: RetryPolicy | None = None,
        timeout: Timeout = None,
    ) -> AsyncGenerator[tuple[int, Meeting | VideoSDKError]]:
        """Create one meeting per item, yielding ``(index, meeting or error)`` as each finishes.

        The input is read lazily and at most ``concurrency`` items are alive at once. Leaving
        the loop cancels the items in flight (wrap it in ``contextlib.aclosing``).
        """
        return self._map_iter(
            lambda label: self._create(label, retry, timeout),
            user_meeting_ids,
            prepare=_label,
            concurrency=concurrency,
            rate_limit=rate_limit,
        )

    @overload
    async def validate_many(
        self,
        meeting_ids: Iterable[str],
        *,
        concurrency: int = ...,
        return_exceptions: Literal[False] = ...,
        rate_limit: float | None = ...,
        on_progress: ProgressCallback | None = ...,
        retry: RetryPolicy | None = ...,
        timeout: Timeout = ...,
    ) -> builtins.list[Meeting]: ...
    @overload
    async def validate_many(
        self,
        meeting_ids: Iterable[str],
        *,
        concurrency: int = ...,
        return_exceptions: bool,
        rate_limit: float | None = ...,
        on_progress: ProgressCallback | None = ...,
        retry: RetryPolicy | None = ...,
        timeout: Timeout = ...,
    ) -> builtins.list[Meeting | VideoSDKError]: ...
    async def validate_many(
        self,
        meeting_ids: Iterable[str],
        *,
        concurrency: int = 16,
        return_exceptions: bool = False,
        rate_limit: float | None = None,
        on_progress: ProgressCallback | None = None,
        retry: RetryPolicy | None = None,
        timeout: Timeout = None,
    ) -> builtins.list[Meeting] | builtins.list[Meeting | VideoSDKError]:
        """Validate many meeting ids concurrently; as `create_many`, in input order."""
        return await self._map(
            lambda meeting_id: self.validate(meeting_id, retry=retry, timeout=timeout),
            meeting_ids,
            prepare=check_meeting_id,
            concurrency=concurrency,
            rate_limit=rate_limit,
            return_exceptions=return_exceptions,
            on_progress=on_progress,
        )

    def validate_iter(
        self,
        meeting_ids: Iterable[str],
        *,
        concurrency: int = 16,
        rate_limit: float | None = None,
        retry: RetryPolicy | None = None,
        timeout: Timeout = None,
    ) -> AsyncGenerator[tuple[int, Meeting | VideoSDKError]]:
        """Validate many meeting ids, yielding ``(index, meeting or error)``; as `create_iter`."""
        return self._map_iter(
            lambda meeting_id: self.validate(meeting_id, retry=retry, timeout=timeout),
            meeting_ids,
            prepare=check_meeting_id,
            concurrency=concurrency,
            rate_limit=rate_limit,
        )


def _label(value: object) -> str | None:
    return optional_label(value, "user_meeting_id")
