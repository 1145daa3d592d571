"""batch_calls.upload at the wire (respx): its checks, its three steps, polling, its errors."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

import videosdk_async as vs

from ..conftest import FakeClock

STORAGE = "https://storage.example.com/bucket/b1.csv"
PRESIGNED = f"{STORAGE}?X-Amz-Signature=s3cr3t&X-Amz-Expires=900"
CSV = b"phoneNumber,name\n+14155550100,Ann\n"


def _steps(api: respx.MockRouter, *statuses: str, parse_error: str | None = None) -> dict[str, Any]:
    """Mock the upload URL, the storage PUT, the parse and the batch read (one status each)."""
    answers = [
        respx.MockResponse(200, json={"batchId": "b1", "status": s, "parseError": parse_error})
        for s in statuses
    ]
    return {
        "upload": api.post("/v2/batch-calls/upload").respond(
            200,
            json={"presignedUrl": PRESIGNED, "fileKey": "b1.csv", "fileName": "x", "batchId": "b1"},
        ),
        "put": api.put(STORAGE).respond(200),
        "parse": api.post("/v2/batch-calls/parse").respond(200, json={"message": "ok"}),
        "get": api.get("/v2/batch-calls/b1").mock(side_effect=answers),
    }


async def test_the_three_steps_and_the_poll(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """upload: POST upload {fileName, fileSize}, PUT the bytes, POST parse {batchId}, then GET
    the batch until parsed."""
    routes = _steps(api, "parsing", "parsed")

    batch = await sdk.batch_calls.upload(CSV, file_name="leads.CSV")

    assert json.loads(routes["upload"].calls.last.request.content) == {
        "fileName": "leads.CSV",
        "fileSize": len(CSV),
    }
    assert routes["put"].calls.last.request.content == CSV
    assert json.loads(routes["parse"].calls.last.request.content) == {"batchId": "b1"}
    assert (routes["get"].call_count, batch.status) == (2, "parsed")


async def test_the_presigned_put_carries_only_the_content_type(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """The PUT to storage has Content-Type and no Authorization, no JSON, no User-Agent; its
    URL is the presigned one, query (signature) included."""
    routes = _steps(api, "parsed")

    await sdk.batch_calls.upload(CSV, file_name="leads.csv")

    request = routes["put"].calls.last.request
    assert str(request.url) == PRESIGNED
    assert request.headers["content-type"] == "text/csv"
    assert "authorization" not in request.headers
    assert "user-agent" not in request.headers
    assert set(request.headers) <= {"content-type", "content-length", "host"}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.xls", "application/vnd.ms-excel"),
        ("a.XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
async def test_the_content_type_follows_the_extension(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, name: str, kind: str
) -> None:
    """.xls and .xlsx (any case) are sent with their spreadsheet types."""
    routes = _steps(api, "parsed")

    await sdk.batch_calls.upload(b"PK..", file_name=name)

    assert routes["put"].calls.last.request.headers["content-type"] == kind


async def test_a_path_is_read_and_named_by_its_file(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, tmp_path: Path
) -> None:
    """A path's bytes are sent and its name is the fileName; batch_id= is sent too."""
    path = tmp_path / "leads.csv"
    path.write_bytes(CSV)
    routes = _steps(api, "parsed")

    await sdk.batch_calls.upload(path, batch_id="b1")

    body = json.loads(routes["upload"].calls.last.request.content)
    assert body == {"fileName": "leads.csv", "fileSize": len(CSV), "batchId": "b1"}
    assert routes["put"].calls.last.request.content == CSV


@pytest.mark.parametrize(
    ("file", "options", "error"),
    [
        (b"x" * (6 * 1000 * 1000), {"file_name": "big.csv"}, "5 MiB"),
        (b"x" * (5 * 1024 * 1024 + 1), {"file_name": "big.csv"}, "5 MiB"),
        (CSV, {"file_name": "leads.txt"}, ".csv"),
        (CSV, {"file_name": "csv"}, ".csv"),
        (b"", {"file_name": "empty.csv"}, "empty"),
        (CSV, {}, "file_name"),
        (CSV, {"file_name": "a.csv", "poll_interval": 0}, "poll_interval"),
        (CSV, {"file_name": "a.csv", "poll_timeout": -1}, "poll_timeout"),
    ],
)
async def test_refused_files_send_nothing(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, file: bytes, options: dict[str, Any], error: str
) -> None:
    """A 6 MB file, a .txt, an empty file, bytes without a name, bad poll options: ValueError,
    nothing sent."""
    route = api.route().respond(200, json={})

    with pytest.raises(ValueError, match=re.escape(error)):
        await sdk.batch_calls.upload(file, **options)

    assert route.call_count == 0


async def test_refused_paths_are_not_even_read(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, tmp_path: Path
) -> None:
    """A .txt path that does not exist is refused for its extension (no read); a 6 MB and an
    empty .csv for their size; nothing is sent."""
    route = api.route().respond(200, json={})
    big, empty = tmp_path / "big.csv", tmp_path / "empty.csv"
    big.write_bytes(b"1" * 6_000_000)
    empty.write_bytes(b"")

    with pytest.raises(ValueError, match=r"\.csv"):
        await sdk.batch_calls.upload(tmp_path / "missing.txt")
    with pytest.raises(ValueError, match="5 MiB"):
        await sdk.batch_calls.upload(big)
    with pytest.raises(ValueError, match="empty"):
        await sdk.batch_calls.upload(str(empty))

    assert route.call_count == 0


async def test_a_missing_path_raises_its_os_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, tmp_path: Path
) -> None:
    """A .csv path that cannot be read: its OSError propagates, nothing sent."""
    route = api.route().respond(200, json={})

    with pytest.raises(FileNotFoundError):
        await sdk.batch_calls.upload(tmp_path / "nope.csv")

    assert route.call_count == 0


async def test_on_status_hears_parsing_then_each_change(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """on_status gets ("parsing", None), then each new status with the batch (sync callback)."""
    _steps(api, "parsing", "parsing", "parsed")
    heard: list[tuple[str, str | None]] = []

    await sdk.batch_calls.upload(
        CSV, file_name="a.csv", on_status=lambda s, b: heard.append((s, b and b.batch_id))
    )

    assert heard == [("parsing", None), ("parsed", "b1")]


async def test_an_async_on_status_is_awaited(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """An async on_status is awaited for each status."""
    _steps(api, "parsed")
    heard: list[str] = []

    async def on_status(status: str, batch: vs.BatchCall | None) -> None:
        heard.append(status)

    await sdk.batch_calls.upload(CSV, file_name="a.csv", on_status=on_status)

    assert heard == ["parsing", "parsed"]


async def test_polling_waits_the_interval_with_the_sdks_sleep(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, clock: FakeClock
) -> None:
    """Between reads, the SDK's (injected) sleep waits poll_interval seconds."""
    _steps(api, "parsing", "parsing", "parsed")

    await sdk.batch_calls.upload(CSV, file_name="a.csv", poll_interval=3.0)

    assert clock.sleeps == [3.0, 3.0]


async def test_without_waiting_the_batch_is_read_once(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """wait_for_parse=False returns the batch as read right after the parse started."""
    routes = _steps(api, "parsing")

    batch = await sdk.batch_calls.upload(CSV, file_name="a.csv", wait_for_parse=False)

    assert (batch.status, routes["get"].call_count) == ("parsing", 1)


async def test_a_parse_failure_raises_with_its_stage(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """parse_failed: BatchCallUploadError with stage parse_failed, the status and parseError."""
    _steps(api, "parsing", "parse_failed", parse_error="row 2: not a number")

    with pytest.raises(vs.BatchCallUploadError) as caught:
        await sdk.batch_calls.upload(CSV, file_name="a.csv")

    error = caught.value
    assert (error.batch_id, error.stage, error.status) == ("b1", "parse_failed", "parse_failed")
    assert error.parse_error == "row 2: not a number"
    assert "row 2: not a number" in str(error)


async def test_a_poll_timeout_raises_with_its_stage(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, clock: FakeClock
) -> None:
    """Still parsing when poll_timeout has passed (on the SDK's clock): stage timeout."""
    _steps(api, *["parsing"] * 10)

    with pytest.raises(vs.BatchCallUploadError) as caught:
        await sdk.batch_calls.upload(CSV, file_name="a.csv", poll_interval=2, poll_timeout=5)

    assert (caught.value.stage, caught.value.status) == ("timeout", "parsing")
    assert clock.sleeps == [2.0, 2.0, 1.0]


async def test_a_failed_put_raises_with_stage_put(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """Storage refusing the PUT (403): stage put, the cause chained, not retried; no parse."""
    routes = _steps(api, "parsed")
    routes["put"].respond(403, text="<Error><Code>SignatureDoesNotMatch</Code></Error>")

    with pytest.raises(vs.BatchCallUploadError) as caught:
        await sdk.batch_calls.upload(CSV, file_name="a.csv")

    assert (caught.value.stage, caught.value.batch_id) == ("put", "b1")
    assert isinstance(caught.value.__cause__, vs.PermissionDeniedError)
    assert "s3cr3t" not in str(caught.value)
    assert (routes["put"].call_count, routes["parse"].call_count) == (1, 0)


async def test_the_put_is_retried_like_a_read(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """A 503 and a reset from storage are retried with the same bytes and URL."""
    routes = _steps(api, "parsed")
    routes["put"].mock(
        side_effect=[
            respx.MockResponse(503),
            httpx.ReadError("reset"),
            respx.MockResponse(200),
        ]
    )

    await sdk.batch_calls.upload(CSV, file_name="a.csv")

    calls = routes["put"].calls
    assert len(calls) == 3
    assert {(str(c.request.url), c.request.content) for c in calls} == {(PRESIGNED, CSV)}


async def test_a_failed_parse_start_is_not_repeated(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A 502 on POST parse: stage parse, outcome_unknown from its cause, one request."""
    routes = _steps(api, "parsed")
    routes["parse"].respond(502)

    with pytest.raises(vs.BatchCallUploadError) as caught:
        await sdk.batch_calls.upload(CSV, file_name="a.csv")

    assert (caught.value.stage, caught.value.outcome_unknown) == ("parse", True)
    assert routes["parse"].call_count == 1


async def test_a_failed_first_step_is_the_plain_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """Before a batch exists (step 1 fails), the API error is raised as is, sent once."""
    route = api.post("/v2/batch-calls/upload").respond(502)

    with pytest.raises(vs.InternalServerError) as caught:
        await sdk.batch_calls.upload(CSV, file_name="a.csv")

    assert (caught.value.outcome_unknown, route.call_count) == (True, 1)


async def test_a_plain_http_upload_url_is_refused(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An http:// upload URL to a host that is not loopback is never sent to: stage put."""
    routes = _steps(api, "parsed")
    routes["upload"].respond(
        200, json={"presignedUrl": "http://storage.example.com/b?sig=1", "batchId": "b1"}
    )

    with pytest.raises(vs.BatchCallUploadError) as caught:
        await sdk.batch_calls.upload(CSV, file_name="a.csv")

    assert caught.value.stage == "put"
    assert isinstance(caught.value.__cause__, ValueError)
    assert routes["put"].call_count == 0


async def test_an_on_status_exception_ends_the_upload(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An exception raised by on_status propagates as is; no more reads."""
    routes = _steps(api, "parsing", "parsed")

    def on_status(status: str, batch: vs.BatchCall | None) -> None:
        raise KeyError(status)

    with pytest.raises(KeyError):
        await sdk.batch_calls.upload(CSV, file_name="a.csv", on_status=on_status)

    assert routes["get"].call_count == 0


async def test_the_put_is_logged_without_its_signature(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    """A failed storage attempt is logged with the URL's path only: the signature never shows."""
    routes = _steps(api, "parsed")
    routes["put"].mock(side_effect=[respx.MockResponse(503), respx.MockResponse(200)])

    with caplog.at_level(logging.DEBUG, logger="videosdk_async"):
        await sdk.batch_calls.upload(CSV, file_name="a.csv")

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"PUT {STORAGE}: attempt 1 failed" in logged
    assert "s3cr3t" not in logged
    assert "X-Amz" not in logged
