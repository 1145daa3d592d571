"""Batch calls: `BatchCallRetry`, `BatchCallWebhook` (inputs); `BatchCall`, `BatchCallRecord`,
`BatchCallStats`, `DeletedRecords` (results). No I/O here."""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal

import attrs

from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from ._base import Model

RETRY_ON = ("failed", "not-answered", "rejected", "missed", "abandoned")
WEBHOOK_EVENTS = ("batchcall-started", "batchcall-completed")


def _labels(value: Sequence[str] | None, allowed: tuple[str, ...]) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise BadType(f"expected a sequence of {allowed}, not {type(value).__name__}")
    for label in value:
        if label not in allowed:
            raise BadValue(f"{label!r} is not one of {allowed}")
    return tuple(value)


def _retry_on(value: Sequence[str]) -> tuple[str, ...]:
    return _labels(value, RETRY_ON) or ()


def _events(value: Sequence[str] | None) -> tuple[str, ...] | None:
    return _labels(value, WEBHOOK_EVENTS)


def _attempts(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3:
        raise BadValue(f"max_attempts must be an int from 1 to 3, not {value!r}")


def _endpoint(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if not isinstance(value, str):
        raise BadType(f"endpoint must be a str, not {type(value).__name__}")
    if not value.strip():
        raise BadValue("endpoint must not be blank")


@attrs.frozen
class BatchCallRetry:
    """How a campaign retries calls that did not connect (sent as ``retry``).

    Attributes:
        enabled: Whether failed calls are retried.
        retry_on: The outcomes retried: ``"failed"``, ``"not-answered"``, ``"rejected"``,
            ``"missed"``, ``"abandoned"``.
        max_attempts: Attempts per number, 1-3 (None: the server's default).

    Raises:
        ValueError: An outcome outside that set, or ``max_attempts`` outside 1-3.
        TypeError: ``retry_on`` is a lone ``str``.
    """

    enabled: bool = True
    retry_on: Sequence[Literal["failed", "not-answered", "rejected", "missed", "abandoned"]] = (
        attrs.field(default=(), converter=_retry_on)
    )
    max_attempts: int | None = attrs.field(default=None, validator=_attempts)

    def to_wire(self) -> dict[str, Any]:
        """``{"enabled", "retryOn", "maxAttempts"?}``."""
        wire: dict[str, Any] = {"enabled": bool(self.enabled), "retryOn": list(self.retry_on)}
        if self.max_attempts is not None:
            wire["maxAttempts"] = self.max_attempts
        return wire


@attrs.frozen
class BatchCallWebhook:
    """Where a campaign reports its start and end (sent as ``webhook``).

    Attributes:
        endpoint: The URL called (``endpoint`` on the wire, lower-case, unlike rooms).
        events: ``"batchcall-started"`` and/or ``"batchcall-completed"`` (None: the
            server's default).

    Raises:
        ValueError: A blank endpoint, or an event outside that set.
        TypeError: ``events`` is a lone ``str``.
    """

    endpoint: str = attrs.field(validator=_endpoint)
    events: Sequence[Literal["batchcall-started", "batchcall-completed"]] | None = attrs.field(
        default=None, converter=_events
    )

    def to_wire(self) -> dict[str, Any]:
        """``{"endpoint", "events"?}``."""
        wire: dict[str, Any] = {"endpoint": self.endpoint}
        if self.events is not None:
            wire["events"] = list(self.events)
        return wire


def _unix_seconds(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        data = {**data, key: datetime.fromtimestamp(value, UTC).isoformat()}
    return data


@attrs.frozen
class BatchCall(Model):
    """An outbound call campaign: its file, its schedule and its state.

    Attributes:
        batch_id: Its id.
        batch_name: Its display name.
        description: Its description.
        phone_number_id: The number it calls from (id).
        phone_number: That number.
        routing_rule_id: The outbound routing rule it uses.
        timing: ``"immediate"`` or ``"scheduled"``.
        timezone: The IANA timezone of its schedule (server default ``Asia/Calcutta``).
        scheduled_time: ``HH:MM`` it starts at, when scheduled.
        scheduled_date: ``YYYY-MM-DD`` it starts on, when scheduled.
        allowed_from: ``HH:MM`` start of the daily window calls may be made in.
        allowed_until: ``HH:MM`` end of that window.
        days_of_week: The days calls may be made (0 = Sunday ... 6 = Saturday).
        retry: Its retry configuration as the API sent it (``enabled``, ``retryOn``, ...).
        status: ``uploaded``, ``parsing``, ``parsed``, ``parse_failed``, ``draft``,
            ``scheduled``, ``running``, ``completed``, ``cancelling``, ``cancelled``, ...
        file: The uploaded file as the API describes it (``filename``, ``extension``, ``key``).
        cdn_url: Where the uploaded file can be read.
        records_uploaded: How many numbers parsing found.
        parse_error: Why parsing failed, if it did.
        timestamp: When it was made (the API's Unix seconds, as a datetime).
        progress: Percentage of its records done (list answers).
        created_at: When it was made.
        updated_at: When it last changed.
        raw: The decoded JSON it came from.
    """

    batch_id: str
    batch_name: str | None = None
    description: str | None = None
    phone_number_id: str | None = None
    phone_number: str | None = None
    routing_rule_id: str | None = None
    timing: str | None = None
    timezone: str | None = None
    scheduled_time: str | None = None
    scheduled_date: str | None = None
    allowed_from: str | None = None
    allowed_until: str | None = None
    days_of_week: tuple[int, ...] = ()
    retry: dict[str, Any] | None = None
    status: str | None = None
    file: dict[str, Any] | None = None
    cdn_url: str | None = None
    records_uploaded: int | None = None
    parse_error: Any = None
    timestamp: datetime | None = None
    progress: float | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        data = _unix_seconds(data, "timestamp")
        if data.get("batchId") is None and isinstance(data.get("id"), str):
            data = {**data, "batchId": data["id"]}  # [INF] the object's own id, if named so
        if data.get("daysOfWeek") is None:
            data = {**data, "daysOfWeek": []}
        return data


@attrs.frozen
class BatchCallRecord(Model):
    """One number of a campaign and how its call went.

    Attributes:
        batch_id: Its campaign.
        record_id: Its id.
        phone_number: The number called.
        metadata: The file's other columns for this number.
        status: Its display status, e.g. ``scheduled``, ``completed``, ``not connected``.
        call_id: The call made, once made.
        reason: Why it did not connect, if it did not.
        attempts: Calls made to it so far.
        recording_id: The call's recording, if any.
        recording: The recording as the API resolved it (list answers).
        call_duration: The call's length in seconds.
        created_at: When it was read from the file.
        updated_at: When it last changed.
        raw: The decoded JSON it came from.
    """

    batch_id: str
    record_id: str
    phone_number: str | None = None
    metadata: dict[str, Any] | None = None
    status: str | None = None
    call_id: str | None = None
    reason: str | None = None
    attempts: int | None = None
    recording_id: str | None = None
    recording: Any = None
    call_duration: float | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


_STATS_KEYS = ("batchId", "status", "total")


@attrs.frozen
class BatchCallStats(Model):
    """How a campaign's records stand.

    Attributes:
        batch_id: The campaign.
        status: Its status.
        total: How many records it has.
        counts: Records per display status (every other key of the answer, e.g.
            ``{"completed": 3, "not connected": 1}``).
        raw: The decoded JSON it came from.
    """

    batch_id: str
    status: str | None = None
    total: int | None = None
    counts: dict[str, Any] = attrs.field(factory=dict)

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        counts = {k: v for k, v in data.items() if k not in _STATS_KEYS}
        return {**{k: data[k] for k in _STATS_KEYS if k in data}, "counts": counts}


@attrs.frozen
class DeletedRecords(Model):
    """What ``records.delete`` answered.

    Attributes:
        message: The API's confirmation.
        deleted_count: How many records were deleted (0 for a repeat).
        raw: The decoded JSON it came from.
    """

    message: str | None = None
    deleted_count: int = 0
