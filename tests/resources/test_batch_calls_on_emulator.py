"""Batch calls end to end: the emulator over loopback, on both transports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import videosdk_async as vs
from videosdk_async.emulator import Emulator
from videosdk_async.emulator.routes._batch_call_controls import BatchCallControls

pytestmark = pytest.mark.loopback

CSV = b"phoneNumber,name,plan\n+14155550100,Ann,gold\n+14155550101,Bob,silver\n"
CAMPAIGN = {"batch_name": "Spring", "phone_number_id": "pn1", "routing_rule_id": "rr1"}


def _count(emu: Emulator, route: str) -> int:
    return len([e for e in emu.journal if e.route == route])


async def _parsed(sdk: vs.AsyncVideoSDK) -> vs.BatchCall:
    return await sdk.batch_calls.upload(CSV, file_name="leads.csv", poll_interval=0.01)


async def test_an_upload_is_parsed_into_records(wire_sdk: vs.AsyncVideoSDK) -> None:
    """upload: the batch comes back parsed, with one record per row and the other columns as
    metadata."""
    batch = await _parsed(wire_sdk)

    records = (await wire_sdk.batch_calls.records.list(batch.batch_id)).data

    assert (batch.status, batch.records_uploaded) == ("parsed", 2)
    assert (batch.file or {}).get("filename") == "leads.csv"
    assert [(r.phone_number, r.metadata) for r in records] == [
        ("+14155550100", {"name": "Ann", "plan": "gold"}),
        ("+14155550101", {"name": "Bob", "plan": "silver"}),
    ]


async def test_the_presigned_put_reaches_storage_without_the_token(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """The emulator's storage saw one PUT: no Authorization header, Content-Type text/csv, the
    file's bytes."""
    batch = await _parsed(wire_sdk)

    [put] = emu.control(BatchCallControls).puts()

    assert (put.authorization, put.content_type, put.size, put.status) == (
        False,
        "text/csv",
        len(CSV),
        200,
    )
    assert emu.control(BatchCallControls).file(batch.batch_id) == CSV
    assert "videosdk-async" not in put.headers.get("user-agent", "")
    assert "json" not in put.headers.get("accept", "")


async def test_a_campaign_runs_to_completion(wire_sdk: vs.AsyncVideoSDK) -> None:
    """create launches it; each read moves the calls a step until stats say completed; the
    export lists every number as CSV."""
    batch = await _parsed(wire_sdk)

    launched = await wire_sdk.batch_calls.create(**CAMPAIGN, batch_id=batch.batch_id)
    first = await wire_sdk.batch_calls.stats(batch.batch_id)
    second = await wire_sdk.batch_calls.stats(batch.batch_id)
    csv = await wire_sdk.batch_calls.records.export(batch.batch_id)

    assert launched.status == "running"
    assert (first.status, first.counts) == ("running", {"in progress": 2})
    assert (second.status, second.total, second.counts) == ("completed", 2, {"completed": 2})
    header, *rows = csv.splitlines()
    assert header.split(",")[:3] == ["recordId", "phoneNumber", "status"]
    assert sorted(row.split(",")[1] for row in rows) == ["+14155550100", "+14155550101"]


async def test_records_filters_outcomes_and_retries(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """A number set not to answer is retried as retry_config says, then is 'not connected';
    records.list and export filter by status and search."""
    emu.control(BatchCallControls).set_outcome("+14155550101")
    batch = await _parsed(wire_sdk)
    retry = vs.BatchCallRetry(retry_on=["not-answered"], max_attempts=2)
    await wire_sdk.batch_calls.create(**CAMPAIGN, batch_id=batch.batch_id, retry_config=retry)
    for _ in range(4):
        stats = await wire_sdk.batch_calls.stats(batch.batch_id)

    failed = (await wire_sdk.batch_calls.records.list(batch.batch_id, status="not connected")).data
    found = (await wire_sdk.batch_calls.records.list(batch.batch_id, search="0100")).data
    csv = await wire_sdk.batch_calls.records.export(batch.batch_id, status=["not connected"])

    assert stats.counts == {"completed": 1, "not connected": 1}
    assert [(r.phone_number, r.attempts, r.reason) for r in failed] == [
        ("+14155550101", 2, "not-answered")
    ]
    assert [r.phone_number for r in found] == ["+14155550100"]
    assert len(csv.splitlines()) == 2


async def test_records_are_changed_and_deleted_before_launch(wire_sdk: vs.AsyncVideoSDK) -> None:
    """records.update changes a record not called yet; records.delete deletes once (a repeat
    reports 0)."""
    batch = await _parsed(wire_sdk)
    first, second = (await wire_sdk.batch_calls.records.list(batch.batch_id)).data

    changed = await wire_sdk.batch_calls.records.update(
        batch.batch_id, first.record_id, phone_number="+14155550199", metadata={"name": "Ann B"}
    )
    deleted = await wire_sdk.batch_calls.records.delete(batch.batch_id, [second.record_id])
    again = await wire_sdk.batch_calls.records.delete(batch.batch_id, [second.record_id])
    left = (await wire_sdk.batch_calls.records.list(batch.batch_id)).data

    assert (changed.phone_number, changed.metadata) == ("+14155550199", {"name": "Ann B"})
    assert (deleted.deleted_count, again.deleted_count) == (1, 0)
    assert [r.record_id for r in left] == [first.record_id]


async def test_a_batch_is_listed_updated_and_deleted(wire_sdk: vs.AsyncVideoSDK) -> None:
    """list filters by status and dates; update renames a parsed batch; delete hides it."""
    batch = await _parsed(wire_sdk)
    now = datetime.now(UTC)

    listed = await wire_sdk.batch_calls.list(
        status="parsed", start_date=now - timedelta(hours=1), end_date=now + timedelta(hours=1)
    )
    none = await wire_sdk.batch_calls.list(min_value=3)
    renamed = await wire_sdk.batch_calls.update(batch.batch_id, batch_name="Renamed")
    gone = await wire_sdk.batch_calls.delete(batch.batch_id)

    assert [b.batch_id for b in listed.data] == [batch.batch_id]
    assert none.data == []
    assert renamed.batch_name == "Renamed"
    assert isinstance(gone, str)
    with pytest.raises(vs.NotFoundError):
        await wire_sdk.batch_calls.get(batch.batch_id)


@pytest.mark.parametrize(("mode", "after"), [("immediate", "cancelled"), ("graceful", "cancelled")])
async def test_a_running_campaign_is_cancelled(
    wire_sdk: vs.AsyncVideoSDK, mode: str, after: str
) -> None:
    """cancel: immediate ends it now; graceful lets the calls in progress finish first."""
    batch = await _parsed(wire_sdk)
    await wire_sdk.batch_calls.create(**CAMPAIGN, batch_id=batch.batch_id)
    await wire_sdk.batch_calls.stats(batch.batch_id)  # calls in progress

    cancelled = await wire_sdk.batch_calls.cancel(batch.batch_id, mode=mode)  # type: ignore[arg-type]
    final = await wire_sdk.batch_calls.stats(batch.batch_id)

    expected = "cancelled" if mode == "immediate" else "cancelling"
    assert cancelled.status == expected
    assert final.status == after


async def test_a_draft_and_a_scheduled_batch(wire_sdk: vs.AsyncVideoSDK) -> None:
    """save_as_draft makes a draft; timing='scheduled' keeps a launched batch scheduled."""
    draft = await wire_sdk.batch_calls.create(**CAMPAIGN, save_as_draft=True)
    batch = await _parsed(wire_sdk)

    scheduled = await wire_sdk.batch_calls.create(
        **CAMPAIGN,
        batch_id=batch.batch_id,
        timing="scheduled",
        scheduled_time="09:00",
        scheduled_date="2030-01-01",
    )

    assert draft.status == "draft"
    assert (scheduled.status, scheduled.scheduled_date) == ("scheduled", "2030-01-01")


async def test_a_502_after_processing_on_create_is_outcome_unknown(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """create processed then answered 502: outcome_unknown=True after exactly one request."""
    batch = await _parsed(wire_sdk)
    emu.inject("POST /v2/batch-calls", "process_then_fail", status=502)

    with pytest.raises(vs.InternalServerError) as caught:
        await wire_sdk.batch_calls.create(**CAMPAIGN, batch_id=batch.batch_id)

    assert caught.value.outcome_unknown is True
    assert _count(emu, "POST /v2/batch-calls") == 1
    assert (await wire_sdk.batch_calls.get(batch.batch_id)).status in ("running", "completed")


async def test_puts_deletes_and_reads_retry_and_succeed(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """A 502 on the storage PUT, update, records.delete, get and stats is retried and succeeds."""
    emu.inject("PUT /_storage/batch-calls/{key}", "status", status=502)
    for route in (
        "PUT /v2/batch-calls/{batchId}",
        "DELETE /v2/batch-calls/{batchId}/records",
        "GET /v2/batch-calls/{batchId}/stats",
    ):
        emu.inject(route, "process_then_fail", status=502)
    batch = await _parsed(wire_sdk)
    [record, _] = (await wire_sdk.batch_calls.records.list(batch.batch_id)).data

    await wire_sdk.batch_calls.update(batch.batch_id, description="retried")
    deleted = await wire_sdk.batch_calls.records.delete(batch.batch_id, [record.record_id])
    stats = await wire_sdk.batch_calls.stats(batch.batch_id)

    assert _count(emu, "PUT /_storage/batch-calls/{key}") == 2
    assert _count(emu, "PUT /v2/batch-calls/{batchId}") == 2
    assert _count(emu, "DELETE /v2/batch-calls/{batchId}/records") == 2
    assert deleted.deleted_count == 0  # the first attempt deleted it; the repeat found none
    assert stats.total == 1


async def test_a_parse_failure_raises_with_its_stage(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """The emulator failing the parse: BatchCallUploadError, stage parse_failed, parseError."""
    emu.control(BatchCallControls).fail_next_parse("Row 3: not a phone number")

    with pytest.raises(vs.BatchCallUploadError) as caught:
        await _parsed(wire_sdk)

    assert (caught.value.stage, caught.value.status) == ("parse_failed", "parse_failed")
    assert caught.value.parse_error == "Row 3: not a phone number"


async def test_a_file_without_a_phone_column_fails_to_parse(wire_sdk: vs.AsyncVideoSDK) -> None:
    """A CSV without a phoneNumber column is parse_failed with the reason."""
    with pytest.raises(vs.BatchCallUploadError) as caught:
        await wire_sdk.batch_calls.upload(b"name\nAnn\n", file_name="x.csv", poll_interval=0.01)

    assert caught.value.stage == "parse_failed"
    assert "phoneNumber" in str(caught.value.parse_error)


async def test_a_poll_timeout_raises_with_its_stage(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """Parsing held: BatchCallUploadError, stage timeout, the last status parsing."""
    emu.control(BatchCallControls).hold_parsing()

    with pytest.raises(vs.BatchCallUploadError) as caught:
        await wire_sdk.batch_calls.upload(
            CSV, file_name="a.csv", poll_interval=0.01, poll_timeout=0.05
        )

    assert (caught.value.stage, caught.value.status) == ("timeout", "parsing")


async def test_a_new_file_replaces_a_batchs_file(wire_sdk: vs.AsyncVideoSDK) -> None:
    """upload(batch_id=) parses a new file into the same batch."""
    batch = await _parsed(wire_sdk)

    again = await wire_sdk.batch_calls.upload(
        b"phoneNumber\n+14155550123\n", file_name="more.csv", batch_id=batch.batch_id,
        poll_interval=0.01,
    )  # fmt: skip

    assert (again.batch_id, again.records_uploaded) == (batch.batch_id, 1)
