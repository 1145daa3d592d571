"""The emulator's batch-call routes and object storage as a plain HTTP client sees them."""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from videosdk_async.emulator import Emulator
from videosdk_async.emulator.routes._batch_call_controls import BatchCallControls

CSV = b"phoneNumber,name\n+14155550100,Ann\n"


@pytest.fixture(name="storage")
async def _storage(emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    """A client without the API token, as object storage is reached."""
    async with httpx.AsyncClient(transport=emulator.transport()) as client:
        yield client


async def _presign(client: httpx.AsyncClient, name: str = "a.csv", size: int = 10) -> Any:
    answer = await client.post("/v2/batch-calls/upload", json={"fileName": name, "fileSize": size})
    assert answer.status_code == 200
    return answer.json()


async def _parsed(
    client: httpx.AsyncClient, storage: httpx.AsyncClient, data: bytes = CSV, name: str = "a.csv"
) -> dict[str, Any]:
    presigned = await _presign(client, name, len(data))
    put = await storage.put(presigned["presignedUrl"], content=data)
    assert put.status_code == 200
    await client.post("/v2/batch-calls/parse", json={"batchId": presigned["batchId"]})
    batch: dict[str, Any] = (await client.get(f"/v2/batch-calls/{presigned['batchId']}")).json()
    return batch


async def test_storage_refuses_a_put_that_carries_an_authorization_header(
    client: httpx.AsyncClient, storage: httpx.AsyncClient, emulator: Emulator
) -> None:
    """A PUT to the presigned URL with a token as well: 400 (two auth schemes), recorded."""
    presigned = await _presign(client)

    answer = await storage.put(
        presigned["presignedUrl"], content=CSV, headers={"Authorization": emulator.token()}
    )

    assert answer.status_code == 400
    [put] = emulator.control(BatchCallControls).puts()
    assert (put.authorization, put.status) == (True, 400)
    assert emulator.control(BatchCallControls).file(presigned["batchId"]) is None


async def test_storage_refuses_a_wrong_signature(
    client: httpx.AsyncClient, storage: httpx.AsyncClient
) -> None:
    """A PUT whose signature is not the URL's: 403."""
    presigned = await _presign(client)
    url = presigned["presignedUrl"].split("?")[0] + "?signature=forged"

    assert (await storage.put(url, content=CSV)).status_code == 403


async def test_the_upload_answer_names_the_batch_and_its_url(
    client: httpx.AsyncClient,
) -> None:
    """POST upload answers presignedUrl (on the emulator's own storage), fileKey, batchId."""
    presigned = await _presign(client, "leads.csv")

    assert presigned["presignedUrl"].startswith("http://127.0.0.1/_storage/batch-calls/")
    assert "signature=" in presigned["presignedUrl"]
    assert presigned["fileName"] == "leads.csv"
    assert presigned["fileKey"].endswith(".csv")


@pytest.mark.parametrize(
    "body",
    [
        {"fileName": "a.txt", "fileSize": 10},
        {"fileName": "a.csv", "fileSize": 5 * 1024 * 1024 + 1},
        {"fileName": "a.csv", "fileSize": 0},
        {"fileName": "a.csv"},
    ],
)
async def test_upload_refuses_a_bad_file(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    """Not .csv/.xls/.xlsx, over 5 MiB, empty or without a size: 400."""
    assert (await client.post("/v2/batch-calls/upload", json=body)).status_code == 400


async def test_parsing_waits_for_a_read_and_for_a_hold(
    client: httpx.AsyncClient, storage: httpx.AsyncClient, emulator: Emulator
) -> None:
    """Parsing finishes on the next read; while held it stays parsing."""
    emulator.control(BatchCallControls).hold_parsing()
    presigned = await _presign(client, size=len(CSV))
    await storage.put(presigned["presignedUrl"], content=CSV)
    started = await client.post("/v2/batch-calls/parse", json={"batchId": presigned["batchId"]})
    path = f"/v2/batch-calls/{presigned['batchId']}"

    held = (await client.get(path)).json()
    emulator.control(BatchCallControls).hold_parsing(False)
    parsed = (await client.get(path)).json()

    assert started.status_code == 200
    assert held["status"] == "parsing"
    assert (parsed["status"], parsed["recordsUploaded"]) == ("parsed", 1)


async def test_parse_needs_an_uploaded_file(client: httpx.AsyncClient) -> None:
    """POST parse before the PUT: 400; of an unknown batch: 404."""
    presigned = await _presign(client)

    early = await client.post("/v2/batch-calls/parse", json={"batchId": presigned["batchId"]})
    unknown = await client.post("/v2/batch-calls/parse", json={"batchId": "nope"})

    assert (early.status_code, unknown.status_code) == (400, 404)


@pytest.mark.parametrize(
    ("data", "name", "error"),
    [
        (b"name\nAnn\n", "a.csv", "phoneNumber"),
        (b"phoneNumber\nnot-a-number\n", "a.csv", "row 2"),
        (b"phoneNumber\n", "a.csv", "no phone numbers"),
        (b"\xff\xfe", "a.csv", "UTF-8"),
        (b"PK\x03\x04", "a.xls", ".xls"),
    ],
)
async def test_unreadable_files_are_parse_failed(
    client: httpx.AsyncClient, storage: httpx.AsyncClient, data: bytes, name: str, error: str
) -> None:
    """Files that cannot become records: parse_failed with a parseError that says why."""
    batch = await _parsed(client, storage, data, name)

    assert batch["status"] == "parse_failed"
    assert error in batch["parseError"]


@pytest.mark.skipif(importlib.util.find_spec("openpyxl") is not None, reason="openpyxl present")
async def test_xlsx_without_openpyxl_is_a_clear_parse_error(
    client: httpx.AsyncClient, storage: httpx.AsyncClient
) -> None:
    """An .xlsx file without openpyxl installed: parse_failed naming openpyxl."""
    batch = await _parsed(client, storage, b"PK\x03\x04...", "a.xlsx")

    assert batch["status"] == "parse_failed"
    assert "openpyxl" in batch["parseError"]


@pytest.mark.parametrize(
    "body",
    [
        {"phoneNumberId": "pn", "routingRuleId": "rr", "saveAsDraft": True},
        {"batchName": "x", "phoneNumberId": "pn", "routingRuleId": "rr"},
        {"batchName": "x", "phoneNumberId": "pn", "routingRuleId": "rr", "timing": "later"},
        {"batchName": "x", "phoneNumberId": "pn", "routingRuleId": "rr", "saveAsDraft": True,
         "timing": "scheduled", "scheduledTime": "09:00"},
        {"batchName": "x", "phoneNumberId": "pn", "routingRuleId": "rr", "saveAsDraft": True,
         "retry": {"enabled": True, "maxAttempts": 4}},
        {"batchName": "x", "phoneNumberId": "pn", "routingRuleId": "rr", "saveAsDraft": True,
         "daysOfWeek": [7]},
    ],
)  # fmt: skip
async def test_create_refuses_bad_fields(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    """A missing name, no file and no draft, an unknown timing, a schedule without its date,
    maxAttempts 4, day 7: 400."""
    assert (await client.post("/v2/batch-calls", json=body)).status_code == 400


async def test_a_batch_not_parsed_cannot_be_launched_nor_cancelled(
    client: httpx.AsyncClient,
) -> None:
    """create with a batch still waiting for its file: 400; cancel of a batch not running: 400."""
    presigned = await _presign(client)
    body = {"batchName": "x", "phoneNumberId": "pn", "routingRuleId": "rr"}

    launch = await client.post("/v2/batch-calls", json={**body, "batchId": presigned["batchId"]})
    cancel = await client.post(
        f"/v2/batch-calls/{presigned['batchId']}/cancel", json={"mode": "graceful"}
    )

    assert (launch.status_code, cancel.status_code) == (400, 400)


async def test_the_export_is_csv_text(
    client: httpx.AsyncClient, storage: httpx.AsyncClient
) -> None:
    """records/export answers text/csv with a header and one line per record."""
    batch = await _parsed(client, storage)

    answer = await client.get(f"/v2/batch-calls/{batch['batchId']}/records/export")

    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.text.splitlines()[0].startswith("recordId,phoneNumber,status")
    assert "+14155550100" in answer.text.splitlines()[1]


async def test_the_controls_over_http(
    client: httpx.AsyncClient, storage: httpx.AsyncClient
) -> None:
    """/_emulator/batch-calls/fail-next-parse fails the next parse; /puts lists the PUTs."""
    failed = await client.post("/_emulator/batch-calls/fail-next-parse", json={"error": "bad row"})
    batch = await _parsed(client, storage)
    puts = (await client.get("/_emulator/batch-calls/puts")).json()

    assert failed.status_code == 200
    assert (batch["status"], batch["parseError"]) == ("parse_failed", "bad row")
    assert [(p["authorization"], p["status"]) for p in puts] == [(False, 200)]


async def test_a_launch_is_announced_to_the_batch_webhook(
    client: httpx.AsyncClient, storage: httpx.AsyncClient, emulator: Emulator
) -> None:
    """batchcall-started and batchcall-completed are delivered to webhook.endpoint."""
    got: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        got.append(body.decode())
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    emulator.route_webhooks_to(app)
    batch = await _parsed(client, storage)
    hook = {"endpoint": "http://hooks.example/batch"}
    body = {"batchName": "x", "phoneNumberId": "pn", "routingRuleId": "rr", "webhook": hook}

    await client.post("/v2/batch-calls", json={**body, "batchId": batch["batchId"]})
    for _ in range(2):
        await client.get(f"/v2/batch-calls/{batch['batchId']}/stats")
    await emulator.deliveries_settled()

    assert ["batchcall-started" in g for g in got] == [True, False]
    assert "batchcall-completed" in got[1]
