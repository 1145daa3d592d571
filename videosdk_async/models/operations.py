"""Operations: `Connector`, `ResourceUnit`, `ResourceRelease`, `AlertRule`,
`NotificationChannel`, `Incident` (results; no I/O here).

Field names are the snake_case of the official Node SDK's interfaces; every optional field
may be None, and what the API adds later stays reachable in ``raw``.
"""

from datetime import datetime
from typing import Any

import attrs

from ._base import Model


def _fallback_id(data: dict[str, Any], key: str) -> dict[str, Any]:
    """``key`` from ``id`` (or ``_id``) when the answer names the object only so."""
    if data.get(key) is None:
        found = data.get("id") if data.get("id") is not None else data.get("_id")
        if found is not None:
            data = {**data, key: found}
    return data


def _no_nulls(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    """Sequences the API may send as ``null`` read as empty."""
    return {**data, **{key: [] for key in keys if data.get(key) is None}}


@attrs.frozen
class Connector(Model):
    """A telephony connector: a provider's webhook ingress that bridges calls into a room.

    Attributes:
        id: Its id.
        provider: ``"twilio"``, ``"plivo"`` or ``"telnyx"``.
        name: Its name, if given.
        webhook_url: The URL to configure at the provider (changes on `rotate_key`); it
            carries the connector's key, so it is left out of the repr.
        default_room_id: The room calls go to when no routing rule resolves.
        default_rule_id: The routing rule applied by default.
        region: Where call ingestion is pinned.
        created_at: When it was made.
        raw: The decoded JSON it came from.
    """

    id: str
    provider: str | None = None
    name: str | None = None
    webhook_url: str | None = attrs.field(default=None, repr=False)
    default_room_id: str | None = None
    default_rule_id: str | None = None
    region: str | None = None
    created_at: datetime | None = None

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        return _fallback_id(data, "id")


@attrs.frozen
class ResourceUnit(Model):
    """A pre-acquired composition unit of the resource pool (Enterprise).

    Attributes:
        id: Its id (pass it as ``resource_id`` to a recording, HLS or RTMP start).
        status: ``"pending"``, ``"idle"``, ``"composing"`` or ``"released"``.
        type: The composer type: ``"recording"``, ``"hls"`` or ``"rtmp"``.
        mode: ``"video-and-audio"`` or ``"audio"``.
        quality: ``"low"``, ``"med"`` or ``"high"``.
        composer_ids: The composers it runs.
        webhook_url: Where the unit's events are posted.
        raw: The decoded JSON it came from.
    """

    id: str
    status: str | None = None
    type: str | None = None
    mode: str | None = None
    quality: str | None = None
    composer_ids: tuple[str, ...] = ()
    webhook_url: str | None = None

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        return _no_nulls(_fallback_id(data, "id"), "composerIds")


@attrs.frozen
class ResourceRelease(Model):
    """What releasing one unit did (only ``idle`` units are released).

    Attributes:
        id: The unit's id.
        success: Whether it was released now.
        msg: Why not, or the API's note.
        raw: The decoded JSON it came from.
    """

    id: str
    success: bool
    msg: str | None = None


@attrs.frozen
class AlertRule(Model):
    """An alert rule: a metric, a condition, and where to notify when it fires.

    Attributes:
        alert_rule_id: Its id (``alertRuleId``, else ``id``): the one the calls take.
        id: The API's other id of the record, if it sent one.
        user_id: The account's id.
        name: Its name.
        severity: ``"info"``, ``"warning"`` or ``"critical"``.
        description: Its description.
        summary: Its summary (the API applies it to the alert but may not return it).
        domain: ``"rtc"`` or ``"agent"``.
        rule_config: The rule in the API's form (``query``, ``condition``, ...).
        notification_channel_ids: The channels it notifies.
        status: ``"active"`` or ``"paused"`` (what ``enabled`` sets).
        version: Its revision number.
        last_triggered: When it last fired, if ever.
        created_at: When it was made.
        updated_at: When it last changed.
        notification_channels: The channels as the API details them (with their configs:
            left out of the repr).
        raw: The decoded JSON it came from.
    """

    alert_rule_id: str
    id: str | None = None
    user_id: str | None = None
    name: str | None = None
    severity: str | None = None
    description: str | None = None
    summary: str | None = None
    domain: str | None = None
    rule_config: dict[str, Any] | None = None
    notification_channel_ids: tuple[str, ...] = ()
    status: str | None = None
    version: int | None = None
    last_triggered: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    notification_channels: tuple[dict[str, Any], ...] = attrs.field(default=(), repr=False)

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        data = _fallback_id(data, "alertRuleId")
        return _no_nulls(data, "notificationChannelIds", "notificationChannels")


@attrs.frozen
class NotificationChannel(Model):
    """Where alerts are sent: a webhook, Slack, email, PagerDuty or on-call channel.

    Attributes:
        channel_id: Its id (``channelId``, else ``id``): the one the calls take.
        id: The API's other id of the record, if it sent one.
        user_id: The account's id.
        name: Its name.
        type: ``"webhook"``, ``"slack"``, ``"email"``, ``"pagerduty"`` or ``"on_call"``.
        config: Its per-type settings, as the API keeps them (bot tokens, routing keys:
            left out of the repr).
        created_at: When it was made.
        updated_at: When it last changed.
        raw: The decoded JSON it came from.
    """

    channel_id: str
    id: str | None = None
    user_id: str | None = None
    name: str | None = None
    type: str | None = None
    config: dict[str, Any] | None = attrs.field(default=None, repr=False)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        return _fallback_id(data, "channelId")


@attrs.frozen
class Incident(Model):
    """What an alert rule raised when its condition held.

    Attributes:
        incident_id: Its id.
        alert_rule_id: The rule that fired.
        metric: The metric watched.
        metric_category: The metric's category.
        domain: ``"rtc"`` or ``"agent"``.
        status: ``"open"``, ``"acknowledged"`` or ``"resolved"``.
        severity: ``"info"``, ``"warning"`` or ``"critical"``.
        alert_name: The rule's name.
        summary: Its summary.
        description: Its description.
        fired_at: When it fired.
        acknowledged_at: When it was acknowledged, if it was.
        resolved_at: When it was resolved, if it was.
        events: Its timeline (``get`` includes it; lists may not).
        created_at: When it was made.
        updated_at: When it last changed.
        raw: The decoded JSON it came from.
    """

    incident_id: str
    alert_rule_id: str | None = None
    metric: str | None = None
    metric_category: str | None = None
    domain: str | None = None
    status: str | None = None
    severity: str | None = None
    alert_name: str | None = None
    summary: str | None = None
    description: str | None = None
    fired_at: datetime | None = None
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None
    events: tuple[dict[str, Any], ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        return _no_nulls(_fallback_id(data, "incidentId"), "events")
