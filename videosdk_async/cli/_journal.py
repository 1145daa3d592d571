"""The write-ahead journal of ``create-many``: a JSONL file that never loses a created item.

Each line is one JSON object, appended with a single ``write`` (the file is ASCII)::

    {"state": "started", "kind": "meetings", "format": 1, "at": "2025-01-01T00:00:00+00:00"}
    {"state": "sending", "index": 3, "userMeetingId": "m-3"}
    {"state": "created", "index": 3, "userMeetingId": "m-3", "meetingId": "...", ...}
    {"state": "failed", "index": 4, "userMeetingId": "m-4", "outcomeUnknown": false,
     "error": {"type": "BadRequestError", "message": "...", "statusCode": 400, ...}}

Rooms use ``customRoomId`` and record the room as ``"room": Room.to_dict()``; meetings put
the meeting's API (camelCase) fields on the line itself. A ``"sending"`` line is on disk
(written, fsynced) before its request leaves, so after a crash every item that may exist on
the server is in the file: created, or sent with no known outcome. A created line with
``"reconciled": true`` was found on the server by a resumed run.
"""

from __future__ import annotations

import asyncio
import errno
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import attrs

from ._common import usage

FORMAT: Final = 1
#: The id each kind of journal is keyed by.
KEYS: Final = {"meetings": "userMeetingId", "rooms": "customRoomId"}


@attrs.define
class Recorded:
    """What a journal says about each id.

    Attributes:
        created: The ids recorded as created, with their last created line.
        pending: The ids that may or may not exist: sent without a result, or failed with
            ``outcomeUnknown``; with their input index.
        retry: The ids whose last attempt surely created nothing (failed, outcome known).
        anonymous: Items sent without an id: nothing can reconcile them.
        torn: Lines cut short by a crash (tolerated at the end of a run).
    """

    created: dict[str, dict[str, Any]] = attrs.Factory(dict)
    pending: dict[str, int | None] = attrs.Factory(dict)
    retry: set[str] = attrs.Factory(set)
    anonymous: int = 0
    torn: int = 0

    def note(self, record: dict[str, Any], key: str) -> None:
        """Account for one line of the journal (later lines override earlier ones)."""
        state = record.get("state") or ("failed" if "error" in record else "created")
        ident = record.get(key)
        if state not in ("sending", "created", "failed"):
            return
        if not isinstance(ident, str):
            if state != "created" and _unknown(record, state):
                self.anonymous += 1
            return
        if ident in self.created:
            return  # created is final
        if state == "created":
            self.created[ident] = record
            self.pending.pop(ident, None)
            self.retry.discard(ident)
        elif _unknown(record, state):
            index = record.get("index")
            self.pending[ident] = index if isinstance(index, int) else None
            self.retry.discard(ident)
        else:
            self.pending.pop(ident, None)
            self.retry.add(ident)


def _unknown(record: dict[str, Any], state: str) -> bool:
    if state == "sending":
        return True
    error = record.get("error")
    nested = isinstance(error, dict) and error.get("outcomeUnknown") is True
    return record.get("outcomeUnknown") is True or nested


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(line.decode("utf-8", errors="replace"))
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


def read(path: Path, kind: str) -> Recorded:
    """Read a journal to resume a ``kind`` run; a usage error if it is not one.

    A line that is not a JSON object is tolerated only where a crash can leave one: at the
    end of the file, or just before the ``started`` line of the next run.
    """
    key = KEYS[kind]
    others = {k: v for k, v in KEYS.items() if k != kind}
    try:
        lines = [line for line in path.read_bytes().split(b"\n") if line.strip()]
    except OSError as exc:
        usage(f"cannot read {path}: {exc.strerror or exc}")
    recorded = Recorded()
    for number, line in enumerate(lines, start=1):
        record = _parse(line)
        if record is None:
            following = _parse(lines[number]) if number < len(lines) else {"state": "started"}
            if following is None or following.get("state") != "started":
                usage(f"line {number} of {path} is not a journal record (only a torn last line is)")
            recorded.torn += 1
            continue
        found = record.get("kind") if record.get("state") == "started" else None
        for other, other_key in others.items():
            if found == other or (key not in record and other_key in record):
                usage(f"{path} records a {other} run: resume it with '{other} create-many'")
        recorded.note(record, key)
    return recorded


class Journal:
    """Appends journal lines to a file: one ``write`` per line, ``fsync`` before a send."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.key = KEYS[kind]
        self._kind = kind
        self._fsync = True
        try:
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            usage(f"cannot write {path}: {exc.strerror or exc}")

    def start(self, inputs: dict[str, Any] | None = None) -> None:
        """Begin a run: end a torn last line, then write the ``started`` line.

        ``inputs`` (where the run's ids come from) goes on that line as ``"input"``, so that
        ``--resume`` alone can rebuild them.
        """
        size = os.fstat(self._fd).st_size
        if size:
            with self.path.open("rb") as existing:
                existing.seek(size - 1)
                if existing.read(1) != b"\n":
                    self._write_raw(b"\n")
        at = datetime.now(UTC).isoformat(timespec="seconds")
        line = {"state": "started", "kind": self._kind, "format": FORMAT, "at": at}
        self._write({**line, "input": inputs} if inputs is not None else line)

    async def sending(self, index: int, ident: str) -> None:
        """Record ``ident`` as being sent, and wait until the line is on disk."""
        self._write({"state": "sending", "index": index, self.key: ident})
        if self._fsync:
            try:
                await asyncio.get_running_loop().run_in_executor(None, os.fsync, self._fd)
            except OSError as exc:
                if exc.errno not in (errno.EINVAL, errno.ENOTSUP):
                    raise
                self._fsync = False  # a pipe or a special file: written is all there is

    def created(
        self, index: int | None, ident: str, fields: dict[str, Any], *, reconciled: bool = False
    ) -> None:
        """Record ``ident`` as created, with the resource's ``fields``."""
        line: dict[str, Any] = {"state": "created", "index": index, self.key: ident}
        if reconciled:
            line["reconciled"] = True
        # The journal's own keys win over a resource field of the same name.
        self._write({**line, **{k: v for k, v in fields.items() if k not in line}})

    def failed(self, index: int, ident: str, error: dict[str, Any]) -> None:
        """Record ``ident``'s create as failed (``error`` as `error_json` makes it)."""
        unknown = bool(error.get("outcomeUnknown"))
        line = {"state": "failed", "index": index, self.key: ident, "outcomeUnknown": unknown}
        self._write({**line, "error": error})

    def close(self) -> None:
        """Flush everything to disk and close the file."""
        try:
            if self._fsync:
                os.fsync(self._fd)
        except OSError:
            pass
        finally:
            os.close(self._fd)

    def _write(self, record: dict[str, Any]) -> None:
        self._write_raw(json.dumps(record).encode("ascii") + b"\n")

    def _write_raw(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]
