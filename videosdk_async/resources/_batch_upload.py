"""``batch_calls.upload``: check the file, get an upload URL, PUT the bytes, parse, wait.

Steps (what the official Node SDK does): ``POST /v2/batch-calls/upload`` ``{fileName,
fileSize, batchId?}`` answers ``{presignedUrl, fileKey, fileName, batchId}``; the bytes go
to ``presignedUrl`` with only ``Content-Type``; ``POST /v2/batch-calls/parse`` ``{batchId}``
starts parsing; then the batch is read until ``parsed`` or ``parse_failed``.
"""

from __future__ import annotations

import asyncio
import inspect
import os
from collections.abc import Callable
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Final

from .._core._converter import ShapeError, json_value
from .._core._errors import (
    BatchCallUploadError,
    VideoSDKError,
)
from .._core._errors import (
    InvalidArgumentError as BadValue,
)
from .._core._errors import (
    InvalidArgumentTypeError as BadType,
)
from .._core._ids import optional_id
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.batch_calls import BatchCall
from ._base import one_object

if TYPE_CHECKING:
    from .batch_calls import AsyncBatchCalls

#: The largest file the API takes: 5 MiB.
MAX_BYTES: Final = 5 * 1024 * 1024
CONTENT_TYPES: Final = {
    ".csv": "text/csv",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OnStatus = Callable[[str, BatchCall | None], object]
FileInput = str | os.PathLike[str] | bytes


def content_type(file: object, file_name: object) -> tuple[str, str]:
    """``(file name, Content-Type)`` from ``file_name`` or the path's name.

    Raises:
        ValueError: An extension other than .csv, .xls, .xlsx; bytes without ``file_name``.
        TypeError: ``file`` or ``file_name`` of the wrong type.
    """
    if isinstance(file, bytes | bytearray):
        if file_name is None:
            raise BadValue("file_name is required when the file is given as bytes")
    elif not isinstance(file, str | os.PathLike):
        raise BadType(f"file must be a path or bytes, not {type(file).__name__}")
    elif file_name is None:
        file_name = PurePath(os.fspath(file)).name
    if not isinstance(file_name, str):
        raise BadType(f"file_name must be a str, not {type(file_name).__name__}")
    name = str(file_name)
    kind = CONTENT_TYPES.get(PurePath(name).suffix.lower())
    if kind is None or not name.strip():
        raise BadValue(f"batch-call files must be .csv, .xls or .xlsx, not {name!r}")
    return name, kind


def check_size(size: int) -> None:
    """At most 5 MiB and not empty [INF: an empty file cannot hold a number]."""
    if size > MAX_BYTES:
        raise BadValue(f"the file is {size} bytes: batch-call files are at most 5 MiB")
    if size == 0:
        raise BadValue("the file is empty: it must hold a phoneNumber column and rows")


def positive(value: object, name: str) -> float:
    """A poll option: a number of seconds > 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadType(f"{name} must be a number of seconds, not {type(value).__name__}")
    if not value > 0:
        raise BadValue(f"{name} must be > 0 seconds, not {value!r}")
    return float(value)


def read_file(path: str) -> bytes:
    """The file's bytes, its size checked before and after reading (runs off the loop)."""
    check_size(os.stat(path).st_size)
    with open(path, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    check_size(len(data))
    return data


def presigned(answer: Any) -> tuple[str, str]:
    """``(presignedUrl, batchId)`` of step 1's answer (``{data: {...}}`` accepted [INF])."""
    found = one_object("data")(answer)
    url, batch_id = found.get("presignedUrl"), found.get("batchId")
    if not isinstance(url, str) or not url or not isinstance(batch_id, str) or not batch_id:
        raise ShapeError("expected presignedUrl and batchId strings")
    return url, batch_id


def _failed(
    batch_id: str, stage: str, message: str, cause: BaseException | None, **extra: Any
) -> BatchCallUploadError:
    unknown = isinstance(cause, VideoSDKError) and cause.outcome_unknown
    attempts = cause.attempts if isinstance(cause, VideoSDKError) else 0
    text = f"batch {batch_id}: {message}"
    if cause is not None:
        text += f": {cause}"
    return BatchCallUploadError(
        text, batch_id=batch_id, stage=stage, attempts=attempts, outcome_unknown=unknown, **extra
    )


async def _notify(on_status: OnStatus | None, status: str, batch: BatchCall | None) -> None:
    if on_status is None:
        return
    result = on_status(status, batch)
    if inspect.isawaitable(result):
        await result


class Upload:
    """One ``upload`` call, its arguments checked (see `AsyncBatchCalls.upload`)."""

    def __init__(
        self,
        owner: AsyncBatchCalls,
        file: FileInput,
        *,
        file_name: str | None,
        batch_id: str | None,
        poll_interval: float,
        poll_timeout: float,
        on_status: OnStatus | None,
        retry: RetryPolicy | None,
        timeout: CallTimeout,
    ) -> None:
        self._owner = owner
        self._file = file
        self.name, self.kind = content_type(file, file_name)
        self._batch_id = optional_id(batch_id, "batch_id")
        self._interval = positive(poll_interval, "poll_interval")
        self._limit = positive(poll_timeout, "poll_timeout")
        if on_status is not None and not callable(on_status):
            raise BadType("on_status must be callable")
        self._on_status = on_status
        self._options: dict[str, Any] = {"retry": retry, "timeout": timeout}
        if isinstance(file, bytes | bytearray):
            check_size(len(file))

    async def run(self, *, wait: bool) -> BatchCall:
        """The steps; a failure after the first raises `BatchCallUploadError`."""
        data = self._file
        if not isinstance(data, bytes | bytearray):
            data = await asyncio.to_thread(read_file, os.fspath(data))
        content = bytes(data)
        body: dict[str, Any] = {"fileName": self.name, "fileSize": len(content)}
        if self._batch_id is not None:
            body["batchId"] = self._batch_id
        owner = self._owner
        url, batch_id = await owner._post(
            "/v2/batch-calls/upload", presigned, body=body, **self._options
        )
        try:
            await owner._requester.put_presigned(url, content, self.kind, **self._options)
        except (VideoSDKError, ValueError) as exc:
            raise _failed(batch_id, "put", "uploading the file failed", exc) from exc
        try:
            await owner._post(
                "/v2/batch-calls/parse", json_value, body={"batchId": batch_id}, **self._options
            )
        except VideoSDKError as exc:
            raise _failed(batch_id, "parse", "starting the parse failed", exc) from exc
        await _notify(self._on_status, "parsing", None)
        if not wait:
            return await self._read(batch_id, "parsing")
        return await self._poll(batch_id)

    async def _read(self, batch_id: str, last: str | None) -> BatchCall:
        try:
            return await self._owner.get(batch_id, **self._options)
        except VideoSDKError as exc:
            raise _failed(batch_id, "parse", "reading the batch failed", exc, status=last) from exc

    async def _poll(self, batch_id: str) -> BatchCall:
        requester = self._owner._requester
        clock, sleep = requester._monotonic, requester._sleep
        deadline = clock() + self._limit
        last: str | None = "parsing"
        while True:
            batch = await self._read(batch_id, last)
            if batch.status is not None and batch.status != last:
                last = batch.status
                await _notify(self._on_status, last, batch)
            if batch.status == "parsed":
                return batch
            if batch.status == "parse_failed":
                why = f": {batch.parse_error}" if batch.parse_error else ""
                raise _failed(
                    batch_id,
                    "parse_failed",
                    f"parsing the file failed{why}",
                    None,
                    status=last,
                    parse_error=batch.parse_error,
                )
            left = deadline - clock()
            if left <= 0:
                raise _failed(
                    batch_id,
                    "timeout",
                    f"still {last!r} after {self._limit:g} s of waiting for the parse",
                    None,
                    status=last,
                )
            await sleep(min(self._interval, left))
