"""The checked wire forms of the batch-call options (``create``/``update`` bodies, filters).

Every check runs before any request: a refused option sends nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any, Final

from .._core._converter import unstructure
from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._ids import optional_id, optional_label
from ..models.batch_calls import BatchCallRetry, BatchCallWebhook

TIMINGS: Final = ("immediate", "scheduled")
CANCEL_MODES: Final = ("graceful", "immediate")
_CLOCK = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def one_of(value: object, allowed: tuple[str, ...], name: str) -> Any:
    """``value`` if it is one of ``allowed`` (None stays None), else ``ValueError``."""
    if value is not None and value not in allowed:
        raise BadValue(f"{name} must be one of {allowed}, not {value!r}")
    return value


def clock_time(value: str | time | None, name: str) -> str | None:
    """``HH:MM`` from a ``datetime.time`` or such a string (None stays None)."""
    if value is None:
        return None
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if not isinstance(value, str):
        raise BadType(f"{name} must be 'HH:MM' or a datetime.time, not {type(value).__name__}")
    if not _CLOCK.fullmatch(value):
        raise BadValue(f"{name} must be 'HH:MM' (00:00 to 23:59), not {value!r}")
    return value


def calendar_day(value: str | date | None, name: str) -> str | None:
    """``YYYY-MM-DD`` from a ``datetime.date`` or such a string (None stays None)."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if not isinstance(value, str):
        raise BadType(f"{name} must be 'YYYY-MM-DD' or a datetime.date, not {type(value).__name__}")
    try:
        valid = bool(_DAY.fullmatch(value)) and bool(date.fromisoformat(value))
    except ValueError:
        valid = False
    if not valid:
        raise BadValue(f"{name} must be a date 'YYYY-MM-DD', not {value!r}")
    return value


def weekdays(value: Sequence[int] | None) -> list[int] | None:
    """``days_of_week``: each 0 (Sunday) to 6 (Saturday)."""
    if value is None:
        return None
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise BadType(f"days_of_week must be a sequence of int, not {type(value).__name__}")
    for day in value:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise BadValue(f"days_of_week holds {day!r}: each must be 0 (Sunday) to 6")
    return list(value)


def iso_moment(value: datetime | None, name: str) -> str | None:
    """An aware ``datetime`` as ISO-8601 (the API's own form, UTC with milliseconds)."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise BadType(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise BadValue(f"{name} must be timezone-aware (a naive datetime is ambiguous)")
    moment: str = unstructure(value)
    return moment


def count(value: int | None, name: str) -> int | None:
    """A non-negative int filter (None stays None)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadType(f"{name} must be an int, not {type(value).__name__}")
    if value < 0:
        raise BadValue(f"{name} must be >= 0, not {value!r}")
    return value


def labels(value: str | Sequence[str] | None, name: str) -> str | None:
    """Status labels, comma-joined (one ``str`` is one label or already a list)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if not isinstance(value, Sequence) or not all(isinstance(v, str) for v in value):
        raise BadType(f"{name} must be a str or a sequence of str")
    return ",".join(value)


def campaign(
    *,
    batch_name: str | None,
    phone_number_id: str | None,
    routing_rule_id: str | None,
    description: str | None,
    timing: str | None,
    timezone: str | None,
    scheduled_time: str | time | None,
    scheduled_date: str | date | None,
    allowed_from: str | time | None,
    allowed_until: str | time | None,
    days_of_week: Sequence[int] | None,
    retry_config: BatchCallRetry | None,
    save_as_draft: bool | None,
) -> dict[str, Any]:
    """The options ``create`` and ``update`` share, under their wire names (None left out)."""
    if description is not None and not isinstance(description, str):
        raise BadType(f"description must be a str, not {type(description).__name__}")
    if retry_config is not None and not isinstance(retry_config, BatchCallRetry):
        raise BadType("retry_config must be a BatchCallRetry")
    if save_as_draft is not None and not isinstance(save_as_draft, bool):
        raise BadType("save_as_draft must be a bool")
    values = {
        "batchName": optional_label(batch_name, "batch_name"),
        "description": description,
        "phoneNumberId": optional_id(phone_number_id, "phone_number_id"),
        "routingRuleId": optional_id(routing_rule_id, "routing_rule_id"),
        "timing": one_of(timing, TIMINGS, "timing"),
        "timezone": optional_label(timezone, "timezone"),
        "scheduledTime": clock_time(scheduled_time, "scheduled_time"),
        "scheduledDate": calendar_day(scheduled_date, "scheduled_date"),
        "allowedFrom": clock_time(allowed_from, "allowed_from"),
        "allowedUntil": clock_time(allowed_until, "allowed_until"),
        "daysOfWeek": weekdays(days_of_week),
        "retry": None if retry_config is None else retry_config.to_wire(),
        "saveAsDraft": save_as_draft,
    }
    return {key: value for key, value in values.items() if value is not None}


def webhook_wire(webhook: BatchCallWebhook | None) -> dict[str, Any] | None:
    """``webhook`` as ``{endpoint, events?}`` (None stays None)."""
    if webhook is None:
        return None
    if not isinstance(webhook, BatchCallWebhook):
        raise BadType("webhook must be a BatchCallWebhook")
    return webhook.to_wire()
