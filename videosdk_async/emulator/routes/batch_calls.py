"""The batch-calls family: outbound campaigns from an uploaded file (``/v2/batch-calls``).

The upload URL is the emulator's own object storage (``PUT /_storage/batch-calls/{key}``
with the URL's ``signature``): like real object storage it refuses a PUT that also carries
an ``Authorization`` header (400: two auth schemes) and a wrong signature (403), and it
records every PUT it receives (`BatchCallControls.puts`). Parsing and calling move one step
per read (see `_batch_call_store`). Lists answer under ``batchCalls`` / ``records`` with
``pageInfo``; the records export answers ``text/csv``.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from pathlib import PurePath
from typing import Any

import attrs
from starlette.responses import JSONResponse, Response

from .._env import Env
from .._events import emit
from .._family import ApiError, Call, Family, paged
from ._batch_call_controls import BatchCallControls as BatchCallControls
from ._batch_call_files import export
from ._batch_call_store import (
    EDITABLE,
    EXTENSIONS,
    MAX_BYTES,
    Batch,
    BatchCallStore,
    StoragePut,
    progress,
    public,
)
from ._batch_call_wire import campaign_fields

family = Family("batch_calls", stores=(BatchCallStore,), controls=BatchCallControls)
PATH = "/v2/batch-calls"


def _store(call: Call) -> BatchCallStore:
    return call.env.store(BatchCallStore)


def _batch(call: Call, *, read: bool = True) -> Batch:
    """The path's batch (404 if none), advanced one step when this is a read of it."""
    batch_id = call.path_param("batchId")
    call.resource_id = batch_id
    store = _store(call)
    batch = store.find(batch_id)
    if batch is None:
        raise ApiError(404, "Batch call not found")  # [INF] wording
    if read:
        before = batch.wire.get("status")
        store.advance(batch)
        _announce(call, batch, before)
    return batch


def _render(batch: Batch) -> dict[str, Any]:
    return {**batch.wire, "progress": progress(batch)}


def _announce(call: Call, batch: Batch, before: object) -> None:
    """``batchcall-started`` / ``-completed`` to the batch's webhook, if it asked."""
    status = batch.wire.get("status")
    if status == before or status not in ("running", "completed"):
        return
    hook = batch.wire.get("webhook") or {}
    name = "batchcall-started" if status == "running" else "batchcall-completed"
    events = hook.get("events")
    if hook.get("endpoint") and (events is None or name in events):
        data = {"batchId": batch.id, "status": status}
        emit(call.env, name, room_id=None, data=data, targets=(hook["endpoint"],))


@family.route("POST", f"{PATH}/upload")
async def upload_url(call: Call) -> Response:
    body = call.json_object(required=True)
    name, size = body.get("fileName"), body.get("fileSize")
    extension = PurePath(name).suffix.lower() if isinstance(name, str) else ""
    if extension not in EXTENSIONS:
        raise ApiError(400, "fileName must be a .csv, .xls or .xlsx file")
    if isinstance(size, bool) or not isinstance(size, int) or not 0 < size <= MAX_BYTES:
        raise ApiError(400, "fileSize must be 1 to 5242880 bytes")
    store = _store(call)
    batch_id = body.get("batchId")
    if batch_id is None:
        batch = store.new({"status": "uploaded"})
        call.created = True
    else:
        found = store.find(batch_id) if isinstance(batch_id, str) else None
        if found is None:
            raise ApiError(404, "Batch call not found")
        if found.wire.get("status") not in EDITABLE:
            raise ApiError(400, "The batch's file can no longer be replaced")
        batch = found
    key = store.presign(batch, name, extension)  # type: ignore[arg-type]
    call.resource_id = batch.id
    url = f"{call.base_url()}/_storage/batch-calls/{key}?signature={batch.signature}"
    return JSONResponse({"presignedUrl": url, "fileKey": key, "fileName": name,
                         "batchId": batch.id})  # fmt: skip


@family.route("PUT", "/_storage/batch-calls/{key}", public=True)
async def storage_put(call: Call) -> Response:
    key, headers = call.path_param("key"), call.request.headers
    store = _store(call)
    batch = store.find(store.keys.get(key, ""))
    status = 200
    if "authorization" in headers:
        status = 400  # S3: "Only one auth mechanism allowed"
    elif batch is None or not hmac.compare_digest(
        call.request.query_params.get("signature", ""), batch.signature or ""
    ):
        status = 403
    elif len(call.raw) > MAX_BYTES:
        status = 400
    authorized = "authorization" in headers
    kind = headers.get("content-type")
    seen = {k: "<redacted>" if k == "authorization" else v for k, v in headers.items()}
    put = StoragePut(key=key, content_type=kind, authorization=authorized, size=len(call.raw),
                     status=status, headers=seen)  # fmt: skip
    store.puts.append(put)
    if status != 200 or batch is None:
        message = {400: "Only one auth mechanism allowed, or the file is too large",
                   403: "The request signature does not match"}[status]  # fmt: skip
        return Response(message, status_code=status, media_type="text/plain")
    batch.data = call.raw
    store.touch(batch, status="uploaded", cdnUrl=f"{call.base_url()}/_storage/batch-calls/{key}")
    return Response(status_code=200, headers={"ETag": f'"{key}"'})


@family.route("POST", f"{PATH}/parse")
async def parse(call: Call) -> Response:
    batch_id = call.json_object(required=True).get("batchId")
    store = _store(call)
    batch = store.find(batch_id) if isinstance(batch_id, str) else None
    if batch is None:
        raise ApiError(404, "Batch call not found")
    if batch.data is None:
        raise ApiError(400, "Upload the file before parsing it")
    call.resource_id = batch.id
    store.touch(batch, status="parsing")
    return JSONResponse({"message": "Parsing started", "batchId": batch.id})  # [INF]


@family.route("POST", PATH)
async def create(call: Call) -> Response:
    body = call.json_object(required=True)
    fields = campaign_fields(body, creating=True)
    store = _store(call)
    batch_id = body.get("batchId")
    draft = body.get("saveAsDraft") is True
    if batch_id is None:
        if not draft:
            raise ApiError(400, "Upload a file (batchId) or save the batch as a draft")
        batch = store.new({**fields, "status": "draft"})
    else:
        found = store.find(batch_id) if isinstance(batch_id, str) else None
        if found is None:
            raise ApiError(404, "Batch call not found")
        if found.wire.get("status") not in ("parsed", "draft") or not found.live():
            raise ApiError(400, "The batch has no parsed records to call")
        batch = found
        store.touch(batch, **fields)
    call.resource_id, call.created = batch.id, True
    before = batch.wire.get("status")
    timing = batch.wire.get("timing")
    store.launch(batch, "draft" if draft else "scheduled" if timing == "scheduled" else "running")
    _announce(call, batch, before)
    return JSONResponse(_render(batch))


def _when(call: Call, name: str) -> float | None:
    value = call.request.query_params.get(name)
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).timestamp()
    except ValueError:
        raise ApiError(400, f"{name} must be an ISO-8601 date") from None


@family.route("GET", PATH)
async def list_batches(call: Call) -> Response:
    store, query = _store(call), call.request.query_params
    start, end = _when(call, "startDate"), _when(call, "endDate")
    low, high = call.query_int("minValue", 0), call.query_int("maxValue", 1 << 62)
    found = []
    for batch in [b for b in store.batches.values() if not b.deleted]:
        store.advance(batch)
        count = int(batch.wire.get("recordsUploaded") or 0)
        if (
            query.get("status") in (None, batch.wire.get("status"))
            and (start is None or batch.created >= start)
            and (end is None or batch.created <= end)
            and low <= count <= high
        ):
            found.append(batch)
    found.sort(key=lambda b: b.created, reverse=True)
    page = paged(call, found, _render, max_per_page=call.env.config.max_per_page)
    return JSONResponse({"batchCalls": page.pop("data"), **page})


@family.route("GET", f"{PATH}/{{batchId}}")
async def get(call: Call) -> Response:
    return JSONResponse(_render(_batch(call)))


@family.route("PUT", f"{PATH}/{{batchId}}")
async def update(call: Call) -> Response:
    batch = _batch(call, read=False)
    fields = campaign_fields(call.json_object(required=True), creating=False)
    if batch.wire.get("status") not in EDITABLE:
        raise ApiError(400, "Only a draft, scheduled or parsed batch can be changed")
    _store(call).touch(batch, **fields)
    return JSONResponse(_render(batch))


@family.route("DELETE", f"{PATH}/{{batchId}}")
async def delete(call: Call) -> Response:
    batch = _batch(call, read=False)
    batch.deleted = True
    return JSONResponse({"message": "Batch call deleted successfully"})  # [INF] wording


@family.route("POST", f"{PATH}/{{batchId}}/cancel")
async def cancel(call: Call) -> Response:
    mode = call.json_object(required=True).get("mode")
    if mode not in ("graceful", "immediate"):
        raise ApiError(400, "mode must be graceful or immediate")
    batch = _batch(call, read=False)
    if batch.wire.get("status") not in ("running", "scheduled", "cancelling"):
        raise ApiError(400, "Only a running or scheduled batch can be cancelled")
    _store(call).cancel(batch, mode)
    return JSONResponse(_render(batch))


@family.route("GET", f"{PATH}/{{batchId}}/stats")
async def stats(call: Call) -> Response:
    batch = _batch(call)
    counts: dict[str, int] = {}
    for record in batch.live():
        counts[record["status"]] = counts.get(record["status"], 0) + 1
    return JSONResponse({"batchId": batch.id, "status": batch.wire.get("status"),
                         "total": len(batch.live()), **counts})  # fmt: skip


def _matching(call: Call, batch: Batch, search_key: str) -> list[dict[str, Any]]:
    query = call.request.query_params
    statuses = {s.strip() for s in (query.get("status") or "").split(",") if s.strip()}
    text = (query.get(search_key) or "").lower()
    return [
        public(r)
        for r in batch.live()
        if (not statuses or r["status"] in statuses)
        and (not text or any(text in str(r.get(k) or "").lower()
                             for k in ("recordId", "phoneNumber", "status", "reason")))
    ]  # fmt: skip


@family.route("GET", f"{PATH}/{{batchId}}/records")
async def list_records(call: Call) -> Response:
    found = _matching(call, _batch(call), "query")
    page = paged(call, found, dict, max_per_page=call.env.config.max_per_page)
    return JSONResponse({"records": page.pop("data"), **page})


@family.route("GET", f"{PATH}/{{batchId}}/records/export")
async def export_records(call: Call) -> Response:
    batch = _batch(call)
    return Response(export(_matching(call, batch, "search")), media_type="text/csv")


@family.route("PUT", f"{PATH}/{{batchId}}/records/{{recordId}}")
async def update_record(call: Call) -> Response:
    batch = _batch(call, read=False)
    body = call.json_object(required=True)
    record_id = call.path_param("recordId")
    record = next((r for r in batch.live() if r["recordId"] == record_id), None)
    if record is None:
        raise ApiError(404, "Record not found")
    if record["status"] not in ("pending", "scheduled"):
        raise ApiError(400, "Only a record not called yet can be changed")
    phone, metadata = body.get("phoneNumber"), body.get("metadata")
    if phone is not None and (not isinstance(phone, str) or not phone):
        raise ApiError(400, "phoneNumber must be a string")
    if metadata is not None and not isinstance(metadata, dict):
        raise ApiError(400, "metadata must be an object")
    changes = {k: v for k, v in (("phoneNumber", phone), ("metadata", metadata)) if v is not None}
    record.update(changes, updatedAt=_store(call).now())
    return JSONResponse(public(record))


@family.route("DELETE", f"{PATH}/{{batchId}}/records")
async def delete_records(call: Call) -> Response:
    batch = _batch(call, read=False)
    ids = call.json_object(required=True).get("recordIds")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise ApiError(400, "recordIds must be a non-empty array of strings")
    wanted = set(ids)
    gone = [r for r in batch.live() if r["recordId"] in wanted]
    for record in gone:
        record["_deleted"] = True
    return JSONResponse({"message": "Records deleted successfully", "deletedCount": len(gone)})


# -- test controls over HTTP (in process: `Emulator.control(BatchCallControls)`) -----------


@family.control("POST", "/_emulator/batch-calls/fail-next-parse")
def _fail_next_parse(env: Env, params: dict[str, str], body: dict[str, Any]) -> Any:
    BatchCallControls(env).fail_next_parse(body.get("error", "Row 2: invalid phone number"))
    return {"failNextParse": True}


@family.control("POST", "/_emulator/batch-calls/hold-parsing")
def _hold_parsing(env: Env, params: dict[str, str], body: dict[str, Any]) -> Any:
    BatchCallControls(env).hold_parsing(bool(body.get("hold", True)))
    return {"hold": bool(body.get("hold", True))}


@family.control("GET", "/_emulator/batch-calls/puts")
def _puts(env: Env, params: dict[str, str], body: dict[str, Any]) -> Any:
    return [attrs.asdict(put) for put in BatchCallControls(env).puts()]
