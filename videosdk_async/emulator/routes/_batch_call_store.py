"""`BatchCallStore`: campaigns, their uploaded files and records, and how their calls go.

Deterministic, so tests need no clock: parsing finishes the next time the batch is read
(unless held by a test control); a launched batch moves one step each time it is read
(records ``scheduled`` -> ``in progress`` -> ``completed``, or the outcome a test control set
for a number, retried as the batch's ``retry`` says), and is ``completed`` once no record is
left to call [INF: the real service calls on its own time].
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any, Final

import attrs

from .._env import iso_now, new_object_id
from ._batch_call_files import ParseError, rows

if TYPE_CHECKING:
    from .._env import Env

EXTENSIONS: Final = (".csv", ".xls", ".xlsx")
MAX_BYTES: Final = 5 * 1024 * 1024
#: Record statuses no step moves any more.
FINAL: Final = frozenset({"completed", "not connected", "cancelled"})
#: A batch's statuses in which its file and fields may change.
EDITABLE: Final = frozenset({"uploaded", "parsed", "parse_failed", "draft", "scheduled"})


@attrs.define(kw_only=True)
class StoragePut:
    """One PUT the emulator's object storage received (refused ones included)."""

    key: str
    content_type: str | None
    authorization: bool
    size: int
    status: int
    #: Every header received (an ``Authorization`` value replaced by ``"<redacted>"``).
    headers: dict[str, str] = attrs.Factory(dict)


@attrs.define(kw_only=True)
class Batch:
    """A campaign: its wire fields, file and records."""

    wire: dict[str, Any]
    key: str | None = None
    signature: str | None = None
    data: bytes | None = None
    records: list[dict[str, Any]] = attrs.Factory(list)
    deleted: bool = False
    created: float = 0.0

    @property
    def id(self) -> str:
        return str(self.wire["batchId"])

    def live(self) -> list[dict[str, Any]]:
        """Its records not deleted."""
        return [r for r in self.records if not r.get("_deleted")]


class BatchCallStore:
    """Every batch by id, the storage uploads, and the test controls' settings."""

    def __init__(self, env: Env) -> None:
        self._env = env
        self.reset()

    def reset(self) -> None:
        """Forget everything."""
        self.batches: dict[str, Batch] = {}
        self.keys: dict[str, str] = {}
        self.puts: list[StoragePut] = []
        self.fail_next: str | None = None
        self.hold = False
        self.outcomes: dict[str, tuple[str, str]] = {}

    def stats(self) -> dict[str, Any]:
        """Counts for ``GET /_emulator/stats``."""
        return {"batchCalls": sum(not b.deleted for b in self.batches.values())}

    def now(self) -> str:
        return iso_now(self._env.now())

    def find(self, batch_id: str) -> Batch | None:
        """A batch not deleted, or None."""
        batch = self.batches.get(batch_id)
        return None if batch is None or batch.deleted else batch

    def new(self, fields: dict[str, Any]) -> Batch:
        """A new batch with these wire fields."""
        now = self._env.now()
        batch_id = new_object_id()
        wire: dict[str, Any] = {"batchId": batch_id, "timezone": "Asia/Calcutta"}
        wire["timing"] = "immediate"
        wire.update(fields)
        wire.update(timestamp=int(now), createdAt=iso_now(now), updatedAt=iso_now(now))
        with self._env.lock:
            batch = self.batches[batch_id] = Batch(wire=wire, created=now)
        return batch

    def touch(self, batch: Batch, **fields: Any) -> None:
        """Set wire fields, and ``updatedAt``."""
        batch.wire.update(fields, updatedAt=self.now())

    def presign(self, batch: Batch, file_name: str, extension: str) -> str:
        """A fresh storage key for ``batch``'s next file (older keys stop working)."""
        with self._env.lock:
            if batch.key is not None:
                self.keys.pop(batch.key, None)
            batch.key = f"{batch.id}-{secrets.token_hex(6)}{extension}"
            batch.signature = secrets.token_hex(16)
            self.keys[batch.key] = batch.id
            batch.wire["file"] = {"filename": file_name, "extension": extension, "key": batch.key}
        return batch.key

    # -- parsing and calling ----------------------------------------------------------

    def advance(self, batch: Batch) -> None:
        """One step of whatever the batch is doing (a read moves it; see the module)."""
        with self._env.lock:
            status = batch.wire.get("status")
            if status == "parsing" and not self.hold:
                self._parse(batch)
            elif status in ("running", "cancelling"):
                self._step(batch)

    def _parse(self, batch: Batch) -> None:
        failure, self.fail_next = self.fail_next, None
        extension = str(batch.wire.get("file", {}).get("extension", ""))
        found = None
        try:
            found = rows(batch.data or b"", extension) if failure is None else None
        except ParseError as exc:
            failure = str(exc)
        if found is None or failure is not None:
            self.touch(batch, status="parse_failed", parseError=failure, recordsUploaded=0)
            batch.records = []
            return
        now = self.now()
        batch.records = [
            {"recordId": new_object_id(), "batchId": batch.id, "phoneNumber": phone,
             "metadata": meta, "status": "pending", "attempts": 0, "createdAt": now,
             "updatedAt": now}
            for phone, meta in found
        ]  # fmt: skip
        batch.wire.pop("parseError", None)
        self.touch(batch, status="parsed", recordsUploaded=len(batch.records))

    def _step(self, batch: Batch) -> None:
        now = self.now()
        retry = batch.wire.get("retry") or {}
        for record in batch.live():
            status = record["status"]
            if status == "scheduled" and batch.wire["status"] == "running":
                record.update(status="in progress", callId=new_object_id(), updatedAt=now)
                record["attempts"] += 1
            elif status == "in progress":
                label, reason = self.outcomes.get(record["phoneNumber"], ("completed", ""))
                record.update(status=label, updatedAt=now)
                if label == "completed":
                    record.update(callDuration=42, reason=None)
                    continue
                record["reason"] = reason
                attempts = retry.get("maxAttempts") or 1
                if _retried(retry, reason) and record["attempts"] < attempts:
                    record["status"] = "scheduled"
        if all(r["status"] in FINAL for r in batch.live()):
            done = "cancelled" if batch.wire["status"] == "cancelling" else "completed"
            self.touch(batch, status=done)

    def cancel(self, batch: Batch, mode: str) -> None:
        """Stop calling: ``immediate`` ends every call now; ``graceful`` lets calls in
        progress finish (the batch is ``cancelling`` until they do)."""
        with self._env.lock:
            now = self.now()
            for record in batch.live():
                if record["status"] not in FINAL and (
                    mode == "immediate" or record["status"] != "in progress"
                ):
                    record.update(status="cancelled", updatedAt=now)
            left = any(r["status"] not in FINAL for r in batch.live())
            self.touch(batch, status="cancelling" if left else "cancelled")

    def launch(self, batch: Batch, status: str) -> None:
        """``running`` (records ``scheduled``), ``scheduled`` or ``draft``."""
        with self._env.lock:
            if status == "running":
                for record in batch.live():
                    record["status"] = "scheduled"
            self.touch(batch, status=status)


def _retried(retry: dict[str, Any], reason: str) -> bool:
    return bool(retry.get("enabled")) and reason in (retry.get("retryOn") or ())


def public(record: dict[str, Any]) -> dict[str, Any]:
    """A record as the API shows it (the store's own marks left out)."""
    return {k: v for k, v in record.items() if not k.startswith("_")}


def progress(batch: Batch) -> int:
    """Percentage of the batch's records done."""
    live = batch.live()
    if not live:
        return 0
    return round(100 * sum(r["status"] in FINAL for r in live) / len(live))
