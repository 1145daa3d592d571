"""`AsyncBatchCalls`: outbound call campaigns from a file of numbers (``/v2/batch-calls``).

Lifecycle: `upload` a CSV/XLS/XLSX of numbers (it is parsed into records), `create` to
launch or schedule the campaign, then watch it with `get`/`stats`, read its `records`, and
`cancel` it. ``create`` places real calls: it is never repeated after it may have been
processed (``outcome_unknown=True``); ``cancel`` neither [INF]. Everything else is retried
like a read.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Literal

from .._core._converter import bare_string, text_body
from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._ids import check_id, check_label, optional_label, segment
from .._core._pagination import AsyncPager, ListShape
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.batch_calls import (
    BatchCall,
    BatchCallRecord,
    BatchCallRetry,
    BatchCallStats,
    BatchCallWebhook,
    DeletedRecords,
)
from . import _batch_options as opt
from ._base import Resource, into_at, options
from ._batch_upload import OnStatus, Upload

if TYPE_CHECKING:
    from .._client import AsyncVideoSDK

PATH = "/v2/batch-calls"


def _path(batch_id: str, *rest: str) -> str:
    return "/".join((PATH, segment(batch_id, "batch_id"), *rest))


class AsyncBatchCallRecords(Resource):
    """The numbers of a campaign. Get it as ``sdk.batch_calls.records``."""

    __slots__ = ()

    def list(
        self,
        batch_id: str,
        *,
        status: str | Sequence[str] | None = None,
        search: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[BatchCallRecord]:
        """A campaign's records (paged; no I/O until used); ``status`` labels are
        comma-joined, ``search`` is sent as ``query`` (as the official SDK sends it)."""
        params = {
            "status": opt.labels(status, "status"),
            "query": optional_label(search, "search"),
        }
        return self._pager(
            _path(batch_id, "records"),
            BatchCallRecord,
            page=page,
            per_page=per_page,
            params=params,
            shape=ListShape.keyed("records"),
            retry=retry,
            timeout=timeout,
        )

    async def update(
        self,
        batch_id: str,
        record_id: str,
        *,
        phone_number: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> BatchCallRecord:
        """Change a record not called yet (``PUT .../{id}/records/{record_id}``)."""
        path = _path(batch_id, "records", segment(record_id, "record_id"))
        if metadata is not None and not isinstance(metadata, Mapping):
            raise BadType(f"metadata must be a mapping, not {type(metadata).__name__}")
        body = options(
            {}, phoneNumber=optional_label(phone_number, "phone_number"), metadata=metadata
        )
        return await self._put(
            path, into_at(BatchCallRecord), body=body, retry=retry, timeout=timeout
        )

    async def delete(
        self,
        batch_id: str,
        record_ids: Sequence[str],
        *,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> DeletedRecords:
        """Delete records (``DELETE .../{id}/records`` with the JSON body ``{recordIds}``).

        A repeat after a lost answer reports ``deleted_count=0``.

        Raises:
            ValueError: No record ids (nothing is sent).
            TypeError: ``record_ids`` is a lone ``str`` or holds a non-``str``.
        """
        path = _path(batch_id, "records")
        if isinstance(record_ids, str) or not isinstance(record_ids, Sequence):
            raise BadType("record_ids must be a sequence of str, not one str")
        ids = [check_id(r, "record_id") for r in record_ids]
        if not ids:
            raise BadValue("record_ids must hold at least one record id")
        return await self._delete(
            path, into_at(DeletedRecords), body={"recordIds": ids}, retry=retry, timeout=timeout
        )

    async def export(
        self,
        batch_id: str,
        *,
        status: str | Sequence[str] | None = None,
        search: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> str:
        """The records as CSV text (``GET .../{id}/records/export``; ``search`` is sent as
        ``search`` here, as the official SDK sends it [INF])."""
        params = {
            "status": opt.labels(status, "status"),
            "search": optional_label(search, "search"),
        }
        return await self._get(
            _path(batch_id, "records", "export"),
            text_body,
            params=params,
            retry=retry,
            timeout=timeout,
        )


class AsyncBatchCalls(Resource):
    """Outbound call campaigns. Get it as ``sdk.batch_calls``; do not construct it yourself."""

    __slots__ = ("records",)

    def __init__(self, sdk: AsyncVideoSDK) -> None:
        super().__init__(sdk)
        #: The numbers of a campaign and how their calls went.
        self.records = AsyncBatchCallRecords(sdk)

    async def upload(
        self,
        file: str | os.PathLike[str] | bytes,
        *,
        file_name: str | None = None,
        batch_id: str | None = None,
        wait_for_parse: bool = True,
        poll_interval: float = 2.0,
        poll_timeout: float = 120.0,
        on_status: OnStatus | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> BatchCall:
        """Upload a file of numbers and parse it into a batch; return the batch.

        ``file`` is a path (read in a worker thread) or bytes (then ``file_name`` names it).
        It must be ``.csv``, ``.xls`` or ``.xlsx`` (of ``file_name``, else the path's name),
        at most 5 MiB, not empty. ``batch_id=`` replaces an existing batch's file. Unless
        ``wait_for_parse=False``, the batch is read every ``poll_interval`` s until it is
        ``parsed``; ``on_status(status, batch)`` (sync or async) hears ``"parsing"`` (with
        None) and then each new status. ``retry``/``timeout`` apply to each request.

        Raises:
            ValueError: A refused file or poll option (checked before anything is read or
                sent).
            OSError: The path cannot be read.
            VideoSDKError: The first step (the upload URL) failed.
            BatchCallUploadError: A later step failed: ``stage`` is ``"put"``, ``"parse"``,
                ``"parse_failed"`` (``parse_error`` says why) or ``"timeout"``.
        """
        upload = Upload(
            self,
            file,
            file_name=file_name,
            batch_id=batch_id,
            poll_interval=poll_interval,
            poll_timeout=poll_timeout,
            on_status=on_status,
            retry=retry,
            timeout=timeout,
        )
        return await upload.run(wait=bool(wait_for_parse))

    async def create(
        self,
        *,
        batch_name: str,
        phone_number_id: str,
        routing_rule_id: str,
        description: str | None = None,
        timing: Literal["immediate", "scheduled"] | None = None,
        timezone: str | None = None,
        scheduled_time: str | time | None = None,
        scheduled_date: str | date | None = None,
        allowed_from: str | time | None = None,
        allowed_until: str | time | None = None,
        days_of_week: Sequence[int] | None = None,
        retry_config: BatchCallRetry | None = None,
        webhook: BatchCallWebhook | None = None,
        batch_id: str | None = None,
        save_as_draft: bool | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> BatchCall:
        """Launch or schedule a campaign (``POST /v2/batch-calls``), from a parsed
        ``batch_id`` or as a new draft (``save_as_draft=True``). Never repeated once it may
        have been processed: it places calls.

        Raises:
            ValueError: A value outside its set or format; ``timing="scheduled"`` without
                ``scheduled_time`` and ``scheduled_date`` (nothing is sent).
        """
        check_label(batch_name, "batch_name")
        check_id(phone_number_id, "phone_number_id")
        check_id(routing_rule_id, "routing_rule_id")
        if timing == "scheduled" and (scheduled_time is None or scheduled_date is None):
            raise BadValue("timing='scheduled' needs scheduled_time and scheduled_date")
        body = opt.campaign(
            batch_name=batch_name,
            phone_number_id=phone_number_id,
            routing_rule_id=routing_rule_id,
            description=description,
            timing=timing,
            timezone=timezone,
            scheduled_time=scheduled_time,
            scheduled_date=scheduled_date,
            allowed_from=allowed_from,
            allowed_until=allowed_until,
            days_of_week=days_of_week,
            retry_config=retry_config,
            save_as_draft=save_as_draft,
        )
        body = options(body, webhook=opt.webhook_wire(webhook))
        if batch_id is not None:
            body["batchId"] = check_id(batch_id, "batch_id")
        return await self._post(PATH, into_at(BatchCall), body=body, retry=retry, timeout=timeout)

    def list(
        self,
        *,
        status: str | None = None,
        start_date: datetime | None = None,
        end_date: datetime | None = None,
        min_value: int | None = None,
        max_value: int | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[BatchCall]:
        """Campaigns (paged; no I/O until used); dates are sent as ISO-8601, ``min_value``/
        ``max_value`` bound the number of records."""
        params = {
            "status": optional_label(status, "status"),
            "startDate": opt.iso_moment(start_date, "start_date"),
            "endDate": opt.iso_moment(end_date, "end_date"),
            "minValue": opt.count(min_value, "min_value"),
            "maxValue": opt.count(max_value, "max_value"),
        }
        return self._pager(
            PATH,
            BatchCall,
            page=page,
            per_page=per_page,
            params=params,
            shape=ListShape.keyed("batchCalls"),
            retry=retry,
            timeout=timeout,
        )

    async def get(
        self, batch_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> BatchCall:
        """One campaign (``GET /v2/batch-calls/{id}``)."""
        return await self._get(_path(batch_id), into_at(BatchCall), retry=retry, timeout=timeout)

    async def delete(
        self, batch_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> str:
        """Delete a campaign and its records (a soft delete); the API's confirmation."""
        return await self._delete(_path(batch_id), bare_string, retry=retry, timeout=timeout)

    async def update(
        self,
        batch_id: str,
        *,
        batch_name: str | None = None,
        phone_number_id: str | None = None,
        routing_rule_id: str | None = None,
        description: str | None = None,
        timing: Literal["immediate", "scheduled"] | None = None,
        timezone: str | None = None,
        scheduled_time: str | time | None = None,
        scheduled_date: str | date | None = None,
        allowed_from: str | time | None = None,
        allowed_until: str | time | None = None,
        days_of_week: Sequence[int] | None = None,
        retry_config: BatchCallRetry | None = None,
        save_as_draft: bool | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> BatchCall:
        """Change a draft, scheduled or parsed campaign (``PUT /v2/batch-calls/{id}``)."""
        path = _path(batch_id)
        body = opt.campaign(
            batch_name=batch_name,
            phone_number_id=phone_number_id,
            routing_rule_id=routing_rule_id,
            description=description,
            timing=timing,
            timezone=timezone,
            scheduled_time=scheduled_time,
            scheduled_date=scheduled_date,
            allowed_from=allowed_from,
            allowed_until=allowed_until,
            days_of_week=days_of_week,
            retry_config=retry_config,
            save_as_draft=save_as_draft,
        )
        return await self._put(path, into_at(BatchCall), body=body, retry=retry, timeout=timeout)

    async def cancel(
        self,
        batch_id: str,
        *,
        mode: Literal["graceful", "immediate"],
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> BatchCall:
        """Cancel a running or scheduled campaign (``POST .../{id}/cancel`` ``{mode}``):
        ``"graceful"`` lets calls in progress finish. Not repeated once it may have been
        processed."""
        path = _path(batch_id, "cancel")
        if mode not in opt.CANCEL_MODES:
            raise BadValue(f"mode must be one of {opt.CANCEL_MODES}, not {mode!r}")
        body = {"mode": mode}
        return await self._post(path, into_at(BatchCall), body=body, retry=retry, timeout=timeout)

    async def stats(
        self, batch_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> BatchCallStats:
        """How many records are in each status (``GET .../{id}/stats``)."""
        path = _path(batch_id, "stats")
        return await self._get(path, into_at(BatchCallStats), retry=retry, timeout=timeout)
