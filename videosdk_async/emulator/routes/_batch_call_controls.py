"""`BatchCallControls`: what a test decides about batch calls, in process or over HTTP.

``Emulator.control(BatchCallControls)`` in process; ``/_emulator/batch-calls/...`` over HTTP
(see the routes at the end of `batch_calls`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._batch_call_store import BatchCallStore, StoragePut

if TYPE_CHECKING:
    from .._env import Env

#: A record's display status after a call that did not connect.
NOT_CONNECTED = "not connected"


class BatchCallControls:
    """Parsing failures and holds, call outcomes, and what object storage received."""

    def __init__(self, env: Env) -> None:
        self._store = env.store(BatchCallStore)
        self._env = env

    def fail_next_parse(self, error: str = "Row 2: invalid phone number") -> None:
        """The next parse fails with ``parseError`` = ``error`` (whatever the file holds)."""
        if not isinstance(error, str) or not error:
            raise ValueError("error must be a non-empty string")
        with self._env.lock:
            self._store.fail_next = error

    def hold_parsing(self, hold: bool = True) -> None:
        """While held, a batch being parsed stays ``parsing`` however often it is read."""
        with self._env.lock:
            self._store.hold = bool(hold)

    def set_outcome(
        self, phone_number: str, status: str = NOT_CONNECTED, reason: str = "not-answered"
    ) -> None:
        """Calls to ``phone_number`` end as ``status`` with ``reason`` (default: not
        connected, not answered; a ``retry`` config naming the reason retries it)."""
        if not isinstance(phone_number, str) or not phone_number:
            raise ValueError("phone_number must be a non-empty string")
        if status not in ("completed", NOT_CONNECTED):
            raise ValueError(f"status must be 'completed' or {NOT_CONNECTED!r}")
        with self._env.lock:
            self._store.outcomes[phone_number] = (status, reason)

    def puts(self) -> list[StoragePut]:
        """Every PUT the emulator's object storage received, refused ones included."""
        with self._env.lock:
            return list(self._store.puts)

    def file(self, batch_id: str) -> bytes | None:
        """The bytes last uploaded for ``batch_id`` (None: nothing yet).

        Raises:
            LookupError: No such batch.
        """
        batch = self._store.find(batch_id)
        if batch is None:
            raise LookupError(f"no batch {batch_id!r}")
        return batch.data
