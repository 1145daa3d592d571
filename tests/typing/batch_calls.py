# ruff: noqa: F841  (the annotated assignments are the pins)
"""Type-checked (mypy --strict in .ci/run), never run: pins the batch-calls API's types."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import videosdk_async as vs
from videosdk_async.emulator import Emulator
from videosdk_async.emulator.routes._batch_call_store import StoragePut
from videosdk_async.emulator.routes.batch_calls import BatchCallControls


async def upload(sdk: vs.AsyncVideoSDK) -> None:
    family: vs.AsyncBatchCalls = sdk.batch_calls

    def sync_status(status: str, batch: vs.BatchCall | None) -> None:
        print(status, batch)

    async def async_status(status: str, batch: vs.BatchCall | None) -> None:
        print(status, batch)

    from_path: vs.BatchCall = await family.upload(Path("leads.csv"), on_status=sync_status)
    from_str: vs.BatchCall = await family.upload("leads.xlsx", batch_id="b1")
    from_bytes: vs.BatchCall = await family.upload(
        b"phoneNumber\n+14155550100\n",
        file_name="a.csv",
        wait_for_parse=False,
        poll_interval=0.5,
        poll_timeout=30,
        on_status=async_status,
        retry=vs.RetryPolicy(max_attempts=2),
        timeout=10.0,
    )
    try:
        await family.upload("x.csv")
    except vs.BatchCallUploadError as exc:
        stage: str = exc.stage
        batch_id: str = exc.batch_id
        status: str | None = exc.status
        parse_error: Any = exc.parse_error
        unknown: bool = exc.outcome_unknown
    print(from_path, from_str, from_bytes)


async def campaign(sdk: vs.AsyncVideoSDK) -> None:
    batch: vs.BatchCall = await sdk.batch_calls.create(
        batch_name="Spring",
        phone_number_id="pn1",
        routing_rule_id="rr1",
        description="d",
        timing="scheduled",
        timezone="Europe/Paris",
        scheduled_time=time(9, 0),
        scheduled_date=date(2030, 1, 1),
        allowed_from="09:00",
        allowed_until=time(18, 0),
        days_of_week=[1, 2, 3],
        retry_config=vs.BatchCallRetry(retry_on=["failed", "not-answered"], max_attempts=3),
        webhook=vs.BatchCallWebhook("https://h", events=["batchcall-completed"]),
        batch_id="b1",
        save_as_draft=False,
    )
    page: vs.Page[vs.BatchCall] = await sdk.batch_calls.list(
        status="running",
        start_date=datetime(2024, 1, 1, tzinfo=UTC),
        end_date=datetime(2025, 1, 1, tzinfo=UTC),
        min_value=1,
        max_value=10,
        page=1,
        per_page=50,
    )
    async for each in sdk.batch_calls.list():
        batch_id: str = each.batch_id
        days: tuple[int, ...] = each.days_of_week
        retry: dict[str, Any] | None = each.retry
        file: dict[str, Any] | None = each.file
        uploaded: int | None = each.records_uploaded
        stamp: datetime | None = each.timestamp
        progress: float | None = each.progress
    got: vs.BatchCall = await sdk.batch_calls.get("b1")
    updated: vs.BatchCall = await sdk.batch_calls.update("b1", batch_name="x", save_as_draft=True)
    cancelled: vs.BatchCall = await sdk.batch_calls.cancel("b1", mode="graceful")
    gone: str = await sdk.batch_calls.delete("b1")
    stats: vs.BatchCallStats = await sdk.batch_calls.stats("b1")
    counts: dict[str, Any] = stats.counts
    total: int | None = stats.total
    print(batch, page, got, updated, cancelled, gone)


async def records(sdk: vs.AsyncVideoSDK) -> None:
    family: vs.AsyncBatchCallRecords = sdk.batch_calls.records
    page: vs.Page[vs.BatchCallRecord] = await family.list(
        "b1", status=["scheduled", "not connected"], search="+1", page=1, per_page=10
    )
    async for record in family.list("b1", status="completed"):
        phone: str | None = record.phone_number
        metadata: dict[str, Any] | None = record.metadata
        duration: float | None = record.call_duration
        attempts: int | None = record.attempts
    changed: vs.BatchCallRecord = await family.update(
        "b1", "r1", phone_number="+14155550100", metadata={"name": "Ann"}
    )
    deleted: vs.DeletedRecords = await family.delete("b1", ["r1"])
    count: int = deleted.deleted_count
    csv: str = await family.export("b1", status="completed", search="x")
    print(page, changed, csv)


def emulator_controls(emu: Emulator) -> None:
    controls: BatchCallControls = emu.control(BatchCallControls)
    controls.fail_next_parse("Row 2: bad")
    controls.hold_parsing(False)
    controls.set_outcome("+14155550100", "not connected", "not-answered")
    puts: list[StoragePut] = controls.puts()
    authorized: bool = puts[0].authorization
    data: bytes | None = controls.file("b1")
