"""`AsyncMeetings`: the v1 meetings calls. No httpx details here: `_client` sends."""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable, Sequence, Sized
from typing import TYPE_CHECKING, Final, TypeVar, cast

from ._batch import Batch, ProgressCallback
from ._errors import BatchError, MeetingNotFoundError, VideoSDKError
from ._models import Meeting
from ._retry import RetryPolicy

if TYPE_CHECKING:
    from ._client import AsyncVideoSDK, Gate

_Item = TypeVar("_Item")

# [INF] Real meeting ids look like "87i6-bvw8-dtn1", but the docs also show other shapes, so
# the check is only what keeps user input from reshaping the URL: ASCII letters, digits, "-"
# and "_". Nothing else ever reaches the path.
_MEETING_ID: Final = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)
MAX_USER_MEETING_ID: Final = 256


def check_meeting_id(meeting_id: object) -> str:
    """Return ``meeting_id`` if it is safe to put in a URL path.

    Raises:
        TypeError: It is not a str.
        ValueError: It is not 1 to 64 of ``A-Z a-z 0-9 - _``.
    """
    if not isinstance(meeting_id, str):
        raise TypeError(f"meeting_id must be a str, not {type(meeting_id).__name__}")
    if _MEETING_ID.fullmatch(meeting_id) is None:
        raise ValueError(
            "meeting_id must be 1 to 64 characters among A-Z, a-z, 0-9, '-' and '_' "
            "(e.g. '87i6-bvw8-dtn1')"
        )
    return meeting_id


def check_user_meeting_id(user_meeting_id: object) -> str | None:
    """Return ``user_meeting_id`` if it is None or a sane, non-empty string.

    Raises:
        TypeError: It is neither None nor a str.
        ValueError: It is blank, too long, or holds control characters.
    """
    if user_meeting_id is None:
        return None
    if not isinstance(user_meeting_id, str):
        raise TypeError(
            f"user_meeting_id must be a str or None, not {type(user_meeting_id).__name__}"
        )
    if not user_meeting_id.strip():
        raise ValueError("user_meeting_id must not be empty or blank (pass None for no id)")
    if len(user_meeting_id) > MAX_USER_MEETING_ID:
        raise ValueError(f"user_meeting_id must be at most {MAX_USER_MEETING_ID} characters")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in user_meeting_id):
        raise ValueError("user_meeting_id must not contain control characters")
    return user_meeting_id


def _cancelled_error(creates: bool) -> VideoSDKError:
    if creates:
        return VideoSDKError(
            "cancelled in flight because another item of the batch failed first; the request "
            "may have been sent, so the meeting may have been created",
            outcome_unknown=True,
        )
    return VideoSDKError("cancelled in flight because another item of the batch failed first")


def _summary(index: int, error: VideoSDKError, slots: Sequence[object]) -> str:
    succeeded = sum(isinstance(slot, Meeting) for slot in slots)
    unknown = sum(isinstance(slot, VideoSDKError) and slot.outcome_unknown for slot in slots)
    untried = sum(slot is None for slot in slots)
    return (
        f"batch stopped at item {index} ({type(error).__name__}: {error}); {succeeded} "
        f"succeeded, {unknown} with an unknown outcome, {untried} not attempted"
    )


class AsyncMeetings:
    """The v1 meetings API, bound to an `AsyncVideoSDK`'s connection pool and credentials.

    Get it as ``sdk.meetings``; do not construct it yourself.
    """

    __slots__ = ("_sdk",)

    def __init__(self, sdk: AsyncVideoSDK) -> None:
        self._sdk = sdk

    def __repr__(self) -> str:
        return f"<AsyncMeetings of {self._sdk!r}>"

    async def create(
        self, user_meeting_id: str | None = None, *, retry: RetryPolicy | None = None
    ) -> Meeting:
        """Create a meeting (``POST /v1/meetings``).

        Creation is not idempotent on v1: a failure after the request was sent is not retried
        (unless ``retry.retry_unknown_outcome``), and its error has ``outcome_unknown=True``.

        Args:
            user_meeting_id: Your own id for the meeting, echoed back as
                ``Meeting.user_meeting_id``.
            retry: A `RetryPolicy` for this call instead of the SDK's.

        Returns:
            The new `Meeting`.

        Raises:
            TypeError, ValueError: ``user_meeting_id`` is not a sane string (nothing is sent).
            VideoSDKError: The call failed; see the exception tree.
        """
        return await self._create(check_user_meeting_id(user_meeting_id), retry, None)

    async def validate(self, meeting_id: str, *, retry: RetryPolicy | None = None) -> Meeting:
        """Check that a meeting exists before joining it (``GET /v1/meetings/{meetingId}``).

        The seed's Python sample uses GET (its curl sample POSTs to the same path); GET is
        the documented "get meeting details" call and safe to retry.

        Args:
            meeting_id: The meeting id to check, e.g. ``"87i6-bvw8-dtn1"``.
            retry: A `RetryPolicy` for this call instead of the SDK's.

        Returns:
            The `Meeting`.

        Raises:
            TypeError, ValueError: ``meeting_id`` is not a safe id (nothing is sent).
            MeetingNotFoundError: No such meeting (the API answers 400, 402 or 404).
            VideoSDKError: Any other failure; see the exception tree.
        """
        return await self._validate(check_meeting_id(meeting_id), retry, None)

    async def _create(
        self, user_meeting_id: str | None, retry: RetryPolicy | None, gate: Gate | None
    ) -> Meeting:
        body = None if user_meeting_id is None else {"userMeetingId": user_meeting_id}
        return await self._sdk._request(
            "POST",
            "/v1/meetings",
            into=Meeting,
            json_body=body,
            idempotent=False,
            retry=retry,
            gate=gate,
        )

    async def _validate(
        self, meeting_id: str, retry: RetryPolicy | None, gate: Gate | None
    ) -> Meeting:
        return await self._sdk._request(
            "GET",
            f"/v1/meetings/{meeting_id}",
            into=Meeting,
            idempotent=True,
            not_found=MeetingNotFoundError,
            not_found_statuses=frozenset({400, 402, 404}),
            retry=retry,
            gate=gate,
        )

    # -- batches -----------------------------------------------------------------------

    async def create_many(
        self,
        user_meeting_ids: Iterable[str | None],
        *,
        concurrency: int = 16,
        return_exceptions: bool = False,
        rate_limit: float | None = None,
        on_progress: ProgressCallback | None = None,
        retry: RetryPolicy | None = None,
    ) -> list[Meeting | VideoSDKError]:
        """Create one meeting per item, concurrently; results in input order.

        See "Batches" in the README for the rules: bounded concurrency, a shared rate limit,
        and one pause for the whole batch when the API answers 429.

        Args:
            user_meeting_ids: One ``userMeetingId`` (or None) per meeting to create. A list
                or other sized collection is checked in full before anything is sent.
            concurrency: The most requests in flight at once (bounded by the SDK's
                ``max_connections``).
            return_exceptions: True: a failed item's place holds its exception and the batch
                goes on. False: the first failure stops the batch (see Raises).
            rate_limit: The most requests (attempts, retries included) per second.
            on_progress: Called as ``on_progress(done, total)`` as items finish; ``total`` is
                None when the input has no length.
            retry: A `RetryPolicy` for each item instead of the SDK's.

        Returns:
            One `Meeting` (or, with ``return_exceptions``, `VideoSDKError`) per input item.

        Raises:
            BatchError: An item failed (``return_exceptions=False``), or an item of a lazy
                input was invalid. Its ``results`` hold, in input order, the meeting, the
                exception, or None (never attempted) for each item read; items cancelled in
                flight hold a `VideoSDKError` with ``outcome_unknown=True``. Its cause is the
                first failure.
            TypeError, ValueError: An item of a sized input is invalid (nothing is sent), or
                an option is.
        """
        return await self._many(
            user_meeting_ids,
            lambda umid, gate: self._create(umid, retry, gate),
            check_user_meeting_id,
            concurrency=concurrency,
            rate_limit=rate_limit,
            return_exceptions=return_exceptions,
            on_progress=on_progress,
            creates=True,
        )

    def create_iter(
        self,
        user_meeting_ids: Iterable[str | None],
        *,
        concurrency: int = 16,
        rate_limit: float | None = None,
        retry: RetryPolicy | None = None,
    ) -> AsyncGenerator[tuple[int, Meeting | VideoSDKError]]:
        """Create one meeting per item, yielding ``(index, meeting or error)`` as each finishes.

        The input is read lazily and at most ``concurrency`` items are alive at once, so any
        number of items runs in flat memory. Leaving the loop (``break``, an exception,
        cancellation) cancels the items in flight; wrap it in ``contextlib.aclosing`` to have
        that happen deterministically at the end of the block.

        Raises:
            TypeError, ValueError: An option is invalid (at once), or an item is (when it is
                reached, after the results of the items in flight are yielded).
        """
        return self._iter(
            user_meeting_ids,
            lambda umid, gate: self._create(umid, retry, gate),
            check_user_meeting_id,
            concurrency=concurrency,
            rate_limit=rate_limit,
        )

    async def validate_many(
        self,
        meeting_ids: Iterable[str],
        *,
        concurrency: int = 16,
        return_exceptions: bool = False,
        rate_limit: float | None = None,
        on_progress: ProgressCallback | None = None,
        retry: RetryPolicy | None = None,
    ) -> list[Meeting | VideoSDKError]:
        """Validate many meeting ids concurrently; as `create_many`, in input order.

        With ``return_exceptions=True`` an unknown id is a `MeetingNotFoundError` in its
        place, not a batch failure.
        """
        return await self._many(
            meeting_ids,
            lambda meeting_id, gate: self._validate(meeting_id, retry, gate),
            check_meeting_id,
            concurrency=concurrency,
            rate_limit=rate_limit,
            return_exceptions=return_exceptions,
            on_progress=on_progress,
            creates=False,
        )

    def validate_iter(
        self,
        meeting_ids: Iterable[str],
        *,
        concurrency: int = 16,
        rate_limit: float | None = None,
        retry: RetryPolicy | None = None,
    ) -> AsyncGenerator[tuple[int, Meeting | VideoSDKError]]:
        """Validate many meeting ids, yielding ``(index, meeting or error)``; as `create_iter`."""
        return self._iter(
            meeting_ids,
            lambda meeting_id, gate: self._validate(meeting_id, retry, gate),
            check_meeting_id,
            concurrency=concurrency,
            rate_limit=rate_limit,
        )

    def _batch(
        self,
        items: Iterable[_Item],
        work: Callable[[_Item, Gate], Awaitable[Meeting]],
        check: Callable[[object], object],
        *,
        concurrency: int,
        rate_limit: float | None,
    ) -> Batch[_Item, Meeting]:
        gate = self._sdk._batch_gate(concurrency=concurrency, rate_limit=rate_limit)
        return Batch(items, lambda item: work(item, gate), concurrency=gate.limit, check=check)

    def _iter(
        self,
        items: Iterable[_Item],
        work: Callable[[_Item, Gate], Awaitable[Meeting]],
        check: Callable[[object], object],
        *,
        concurrency: int,
        rate_limit: float | None,
    ) -> AsyncGenerator[tuple[int, Meeting | VideoSDKError]]:
        self._sdk._check_open()
        batch = self._batch(items, work, check, concurrency=concurrency, rate_limit=rate_limit)
        return batch.results()

    async def _many(
        self,
        items: Iterable[_Item],
        work: Callable[[_Item, Gate], Awaitable[Meeting]],
        check: Callable[[object], object],
        *,
        concurrency: int,
        rate_limit: float | None,
        return_exceptions: bool,
        on_progress: ProgressCallback | None,
        creates: bool,
    ) -> list[Meeting | VideoSDKError]:
        self._sdk._check_open()
        total: int | None = None
        if isinstance(items, Sized):
            items = list(items)
            for item in items:
                check(item)
            total = len(items)
        batch = self._batch(items, work, check, concurrency=concurrency, rate_limit=rate_limit)
        slots: list[Meeting | VideoSDKError | None] = [None] * (total or 0)
        done = 0
        first: tuple[int, VideoSDKError] | None = None
        results = batch.results()
        try:
            async for index, result in results:
                if index >= len(slots):
                    slots.extend([None] * (index + 1 - len(slots)))
                slots[index] = result
                done += 1
                if on_progress is not None:
                    on_progress(done, total)
                if isinstance(result, VideoSDKError) and not return_exceptions:
                    first = (index, result)
                    for cancelled in await batch.cancel():
                        slots[cancelled] = _cancelled_error(creates)
                    break
        except (TypeError, ValueError) as exc:
            if exc is not batch.rejected:
                raise  # a bug, not a bad item: do not dress it up as one
            index = batch.rejected_index
            slots.extend([None] * (index + 1 - len(slots)))
            raise BatchError(
                f"batch stopped: item {index} is invalid: {exc}", results=slots
            ) from exc
        finally:
            await results.aclose()
        if first is not None:
            index, error = first
            raise BatchError(_summary(index, error, slots), results=slots) from error
        # Nothing failed, so every slot holds a result.
        return cast(list[Meeting | VideoSDKError], slots)
