"""Batch calls at the wire (respx): the method, path, query and body of every call."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
import respx

import videosdk_async as vs

PAGE = {"pageInfo": {"currentPage": 1, "perPage": 20, "lastPage": 1, "total": 1}}
BATCH = {
    "batchId": "b1",
    "batchName": "Spring promo",
    "status": "running",
    "daysOfWeek": [1, 2],
    "retry": {"enabled": True, "retryOn": ["failed"]},
    "file": {"filename": "leads.csv", "extension": ".csv", "key": "k"},
    "recordsUploaded": 2,
    "timestamp": 1_700_000_000,
    "createdAt": "2024-05-01T09:00:00.000Z",
}
RECORD = {"batchId": "b1", "recordId": "r1", "phoneNumber": "+14155550100", "status": "completed"}


def _body(route: respx.Route) -> Any:
    return json.loads(route.calls.last.request.content)


def _query(route: respx.Route) -> dict[str, str]:
    return dict(route.calls.last.request.url.params)


async def test_create_sends_every_option_under_its_wire_name(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """create(...) is POST /v2/batch-calls with camelCase keys, retry_config as `retry`."""
    route = api.post("/v2/batch-calls").respond(200, json=BATCH)

    batch = await sdk.batch_calls.create(
        batch_name="Spring promo",
        phone_number_id="pn1",
        routing_rule_id="rr1",
        description="May leads",
        timing="scheduled",
        timezone="Europe/Paris",
        scheduled_time=time(9, 30),
        scheduled_date=date(2024, 5, 1),
        allowed_from="09:00",
        allowed_until="18:00",
        days_of_week=[1, 2, 3],
        retry_config=vs.BatchCallRetry(retry_on=["failed", "missed"], max_attempts=2),
        webhook=vs.BatchCallWebhook("https://example.com/hook", events=["batchcall-completed"]),
        batch_id="b1",
        save_as_draft=False,
    )

    assert _body(route) == {
        "batchName": "Spring promo",
        "phoneNumberId": "pn1",
        "routingRuleId": "rr1",
        "description": "May leads",
        "timing": "scheduled",
        "timezone": "Europe/Paris",
        "scheduledTime": "09:30",
        "scheduledDate": "2024-05-01",
        "allowedFrom": "09:00",
        "allowedUntil": "18:00",
        "daysOfWeek": [1, 2, 3],
        "retry": {"enabled": True, "retryOn": ["failed", "missed"], "maxAttempts": 2},
        "webhook": {"endpoint": "https://example.com/hook", "events": ["batchcall-completed"]},
        "batchId": "b1",
        "saveAsDraft": False,
    }
    assert (batch.batch_id, batch.status, batch.days_of_week) == ("b1", "running", (1, 2))


async def test_create_with_the_required_options_only(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """Options not given are left out of create's body."""
    route = api.post("/v2/batch-calls").respond(200, json=BATCH)

    await sdk.batch_calls.create(batch_name="x", phone_number_id="pn1", routing_rule_id="rr1")

    assert _body(route) == {"batchName": "x", "phoneNumberId": "pn1", "routingRuleId": "rr1"}


async def test_list_sends_filters_with_iso_dates(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """list(...) is GET /v2/batch-calls?status&startDate&endDate&minValue&maxValue&page&perPage;
    items are read under batchCalls."""
    route = api.get("/v2/batch-calls").respond(200, json={**PAGE, "batchCalls": [BATCH]})

    page = await sdk.batch_calls.list(
        status="running",
        start_date=datetime(2024, 5, 1, 9, 0, tzinfo=UTC),
        end_date=datetime(2024, 5, 2, 9, 0, tzinfo=UTC),
        min_value=1,
        max_value=100,
        page=1,
        per_page=20,
    )

    assert _query(route) == {
        "status": "running",
        "startDate": "2024-05-01T09:00:00.000Z",
        "endDate": "2024-05-02T09:00:00.000Z",
        "minValue": "1",
        "maxValue": "100",
        "page": "1",
        "perPage": "20",
    }
    assert [b.batch_id for b in page.data] == ["b1"]


async def test_get_decodes_the_batch(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """get(id) is GET /v2/batch-calls/{id}; timestamp (Unix seconds) becomes a datetime."""
    api.get("/v2/batch-calls/b%201").respond(200, json=BATCH)

    batch = await sdk.batch_calls.get("b 1")

    assert batch.timestamp == datetime.fromtimestamp(1_700_000_000, UTC)
    assert batch.file == {"filename": "leads.csv", "extension": ".csv", "key": "k"}
    assert batch.retry == {"enabled": True, "retryOn": ["failed"]}
    assert batch.created_at == datetime(2024, 5, 1, 9, tzinfo=UTC)


async def test_a_wrapped_batch_is_read_too(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """An answer {data: {...}} decodes as the batch inside."""
    api.get("/v2/batch-calls/b1").respond(200, json={"data": BATCH})

    assert (await sdk.batch_calls.get("b1")).batch_name == "Spring promo"


async def test_delete_returns_the_message(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """delete(id) is DELETE /v2/batch-calls/{id}; the {message} answer is returned as str."""
    route = api.delete("/v2/batch-calls/b1").respond(200, json={"message": "Deleted"})

    assert await sdk.batch_calls.delete("b1") == "Deleted"
    assert route.call_count == 1


async def test_update_sends_a_put_with_the_changes(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """update(id, ...) is PUT /v2/batch-calls/{id} with only the given options."""
    route = api.put("/v2/batch-calls/b1").respond(200, json=BATCH)

    await sdk.batch_calls.update(
        "b1", batch_name="Renamed", allowed_from=time(8, 0), save_as_draft=True
    )

    assert _body(route) == {"batchName": "Renamed", "allowedFrom": "08:00", "saveAsDraft": True}


async def test_cancel_sends_the_mode(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """cancel(id, mode=) is POST /v2/batch-calls/{id}/cancel {mode}."""
    route = api.post("/v2/batch-calls/b1/cancel").respond(
        200, json={**BATCH, "status": "cancelled"}
    )

    batch = await sdk.batch_calls.cancel("b1", mode="graceful")

    assert _body(route) == {"mode": "graceful"}
    assert batch.status == "cancelled"


async def test_stats_keeps_every_other_key_as_counts(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """stats(id) is GET .../{id}/stats; keys beside batchId/status/total are the counts."""
    answer = {"batchId": "b1", "status": "running", "total": 3, "completed": 2, "not connected": 1}
    api.get("/v2/batch-calls/b1/stats").respond(200, json=answer)

    stats = await sdk.batch_calls.stats("b1")

    assert (stats.batch_id, stats.status, stats.total) == ("b1", "running", 3)
    assert stats.counts == {"completed": 2, "not connected": 1}


async def test_records_list_sends_search_as_query(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """records.list(id, status=[...], search=) is GET .../{id}/records?status=a,b&query=...;
    items are read under records."""
    route = api.get("/v2/batch-calls/b1/records").respond(200, json={**PAGE, "records": [RECORD]})

    page = await sdk.batch_calls.records.list(
        "b1", status=["scheduled", "not connected"], search="+1415", page=2, per_page=10
    )

    assert _query(route) == {
        "status": "scheduled,not connected",
        "query": "+1415",
        "page": "2",
        "perPage": "10",
    }
    assert [(r.record_id, r.phone_number) for r in page.data] == [("r1", "+14155550100")]


async def test_records_update_sends_a_put(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """records.update(id, rid, ...) is PUT .../{id}/records/{rid} {phoneNumber, metadata}."""
    route = api.put("/v2/batch-calls/b1/records/r1").respond(200, json=RECORD)

    record = await sdk.batch_calls.records.update(
        "b1", "r1", phone_number="+14155550199", metadata={"name": "Ann"}
    )

    assert _body(route) == {"phoneNumber": "+14155550199", "metadata": {"name": "Ann"}}
    assert record.status == "completed"


async def test_records_delete_carries_a_json_body(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """records.delete(id, ids) is DELETE .../{id}/records with the JSON body {recordIds}."""
    route = api.delete("/v2/batch-calls/b1/records").respond(
        200, json={"message": "Deleted", "deletedCount": 2}
    )

    deleted = await sdk.batch_calls.records.delete("b1", ["r1", "r2"])

    request = route.calls.last.request
    assert request.headers["content-type"] == "application/json"
    assert _body(route) == {"recordIds": ["r1", "r2"]}
    assert (deleted.message, deleted.deleted_count) == ("Deleted", 2)


async def test_records_export_returns_the_csv_text(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """records.export(id, status=, search=) is GET .../{id}/records/export?status&search; the
    text answer is returned as is."""
    csv = "recordId,phoneNumber\nr1,+14155550100\n"
    route = api.get("/v2/batch-calls/b1/records/export").respond(
        200, text=csv, headers={"content-type": "text/csv"}
    )

    got = await sdk.batch_calls.records.export("b1", status="completed", search="+1415")

    assert _query(route) == {"status": "completed", "search": "+1415"}
    assert got == csv


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"timing": "later"}, ValueError),
        ({"timing": "scheduled", "scheduled_time": "09:00"}, ValueError),
        ({"scheduled_time": "9:00"}, ValueError),
        ({"scheduled_date": "2024-02-30"}, ValueError),
        ({"days_of_week": [7]}, ValueError),
        ({"days_of_week": [True]}, ValueError),
        ({"retry_config": {"enabled": True}}, TypeError),
        ({"webhook": "https://example.com"}, TypeError),
        ({"phone_number_id": 5}, TypeError),
        ({"routing_rule_id": "a/b"}, ValueError),
        ({"batch_id": ""}, ValueError),
    ],
)
async def test_create_refuses_bad_options_before_sending(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, options: dict[str, Any], error: type
) -> None:
    """A value outside its set or format is refused; nothing is sent."""
    route = api.post("/v2/batch-calls").respond(200, json=BATCH)
    base: dict[str, Any] = {"batch_name": "x", "phone_number_id": "pn", "routing_rule_id": "rr"}

    with pytest.raises(error):
        await sdk.batch_calls.create(**{**base, **options})

    assert route.call_count == 0


@pytest.mark.parametrize(
    "make",
    [
        lambda: vs.BatchCallRetry(max_attempts=4),
        lambda: vs.BatchCallRetry(max_attempts=0),
        lambda: vs.BatchCallRetry(retry_on=["busy"]),  # type: ignore[list-item]
        lambda: vs.BatchCallWebhook("https://x", events=["batchcall-failed"]),  # type: ignore[list-item]
        lambda: vs.BatchCallWebhook(" "),
    ],
)
def test_input_classes_refuse_values_outside_their_sets(make: Any) -> None:
    """max_attempts outside 1-3, an unknown outcome or event, a blank endpoint: ValueError."""
    with pytest.raises(ValueError):
        make()


def test_a_lone_string_for_retry_on_is_a_type_error() -> None:
    """retry_on="failed" (a str, not a sequence) is a TypeError."""
    with pytest.raises(TypeError):
        vs.BatchCallRetry(retry_on="failed")  # type: ignore[arg-type]


async def test_bad_filters_and_modes_send_nothing(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A naive date, an unknown cancel mode, empty or lone-str record ids: refused at once."""
    route = api.route().respond(200, json={})

    with pytest.raises(ValueError, match="timezone-aware"):
        await sdk.batch_calls.list(start_date=datetime(2024, 5, 1))
    with pytest.raises(ValueError, match="mode"):
        await sdk.batch_calls.cancel("b1", mode="now")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least one"):
        await sdk.batch_calls.records.delete("b1", [])
    with pytest.raises(TypeError):
        await sdk.batch_calls.records.delete("b1", "r1")
    with pytest.raises(TypeError):
        await sdk.batch_calls.get(42)  # type: ignore[arg-type]

    assert route.call_count == 0


async def test_a_502_on_create_is_not_repeated(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """create answered 502: outcome_unknown=True after exactly one request (it places calls)."""
    route = api.post("/v2/batch-calls").respond(502)

    with pytest.raises(vs.InternalServerError) as caught:
        await sdk.batch_calls.create(batch_name="x", phone_number_id="pn", routing_rule_id="rr")

    assert caught.value.outcome_unknown is True
    assert route.call_count == 1


async def test_a_502_on_cancel_is_not_repeated(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """cancel answered 502: outcome_unknown=True after exactly one request."""
    route = api.post("/v2/batch-calls/b1/cancel").respond(502)

    with pytest.raises(vs.InternalServerError) as caught:
        await sdk.batch_calls.cancel("b1", mode="immediate")

    assert (caught.value.outcome_unknown, route.call_count) == (True, 1)


async def test_puts_deletes_and_reads_are_retried(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """update, records.delete and stats retry a 502 and succeed."""
    put = api.put("/v2/batch-calls/b1").mock(
        side_effect=[respx.MockResponse(502), respx.MockResponse(200, json=BATCH)]
    )
    delete = api.delete("/v2/batch-calls/b1/records").mock(
        side_effect=[respx.MockResponse(502), respx.MockResponse(200, json={"deletedCount": 0})]
    )
    stats = api.get("/v2/batch-calls/b1/stats").mock(
        side_effect=[respx.MockResponse(503), respx.MockResponse(200, json={"batchId": "b1"})]
    )

    await sdk.batch_calls.update("b1", batch_name="x")
    await sdk.batch_calls.records.delete("b1", ["r1"])
    await sdk.batch_calls.stats("b1")

    assert (put.call_count, delete.call_count, stats.call_count) == (2, 2, 2)
