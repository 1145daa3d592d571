"""The checks of a batch's fields in ``POST``/``PUT /v2/batch-calls`` (400 for a bad one).

The API's own validation messages are undocumented [INF]; these follow the official Node
SDK's documented rules: ``batchName``, ``phoneNumberId``, ``routingRuleId`` required to
create; ``timing`` ``immediate``/``scheduled`` (scheduled needs ``scheduledTime`` and
``scheduledDate``); ``HH:MM`` times; ``daysOfWeek`` 0-6; ``retry.maxAttempts`` 1-3.
"""

from __future__ import annotations

import re
from typing import Any, Final

from .._family import ApiError

_CLOCK = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_TEXT: Final = ("batchName", "description", "phoneNumberId", "routingRuleId", "timezone")
_REQUIRED: Final = ("batchName", "phoneNumberId", "routingRuleId")
_RETRY_ON: Final = ("failed", "not-answered", "rejected", "missed", "abandoned")
_EVENTS: Final = ("batchcall-started", "batchcall-completed")


def campaign_fields(body: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """The batch fields of a create or update body, checked (other keys ignored)."""
    fields: dict[str, Any] = {}
    for key in _TEXT:
        value = body.get(key)
        if value is None:
            if creating and key in _REQUIRED:
                raise ApiError(400, f"{key} is required")
            continue
        if not isinstance(value, str) or (key in _REQUIRED and not value.strip()):
            raise ApiError(400, f"{key} must be a non-empty string")
        fields[key] = value
    timing = body.get("timing")
    if timing is not None:
        if timing not in ("immediate", "scheduled"):
            raise ApiError(400, "timing must be immediate or scheduled")
        fields["timing"] = timing
    for key, pattern in (("scheduledTime", _CLOCK), ("allowedFrom", _CLOCK),
                         ("allowedUntil", _CLOCK), ("scheduledDate", _DAY)):  # fmt: skip
        value = body.get(key)
        if value is not None:
            if not isinstance(value, str) or not pattern.fullmatch(value):
                raise ApiError(400, f"{key} is not in its format")
            fields[key] = value
    if timing == "scheduled" and not (body.get("scheduledTime") and body.get("scheduledDate")):
        raise ApiError(400, "A scheduled batch needs scheduledTime and scheduledDate")
    days = body.get("daysOfWeek")
    if days is not None:
        if not isinstance(days, list) or not all(type(d) is int and 0 <= d <= 6 for d in days):
            raise ApiError(400, "daysOfWeek must hold integers 0 (Sunday) to 6")
        fields["daysOfWeek"] = days
    if "retry" in body:
        fields["retry"] = _retry(body["retry"])
    if creating and "webhook" in body:
        fields["webhook"] = _webhook(body["webhook"])
    return fields


def _retry(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ApiError(400, "retry must be an object")
    attempts, on = value.get("maxAttempts"), value.get("retryOn", [])
    if attempts is not None and (type(attempts) is not int or not 1 <= attempts <= 3):
        raise ApiError(400, "retry.maxAttempts must be 1 to 3")
    if not isinstance(on, list) or any(label not in _RETRY_ON for label in on):
        raise ApiError(400, f"retry.retryOn must hold some of {', '.join(_RETRY_ON)}")
    return dict(value)


def _webhook(value: object) -> dict[str, Any]:
    if not isinstance(value, dict) or not isinstance(value.get("endpoint"), str):
        raise ApiError(400, "webhook.endpoint must be a string")
    events = value.get("events")
    if events is not None and (
        not isinstance(events, list) or any(e not in _EVENTS for e in events)
    ):
        raise ApiError(400, f"webhook.events must hold some of {', '.join(_EVENTS)}")
    return dict(value)
