"""Type-checked (mypy --strict), never run: pins the operations families' types
(connectors, resource pool, alert rules with channels and metrics, incidents)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import videosdk_async as vs
from videosdk_async.emulator import Emulator
from videosdk_async.emulator.routes.incidents import AlertControls

CONFIG = {"query": {"metric": "jitter"}, "condition": {"operator": ">", "threshold": 30}}


async def connectors_and_pool(sdk: vs.AsyncVideoSDK, policy: vs.RetryPolicy) -> None:
    connectors: vs.AsyncConnectors = sdk.connectors
    made: vs.Connector = await connectors.create(
        provider="twilio", name="n", room_id="r", default_rule_id="d", region="us002"
    )
    url: str | None = made.webhook_url
    created: datetime | None = made.created_at
    pager: vs.AsyncPager[vs.Connector] = connectors.list(page=1, per_page=10)
    page: vs.Page[vs.Connector] = await pager
    got: vs.Connector = await connectors.get(made.id, retry=policy, timeout=2.0)
    rotated: vs.Connector = await connectors.rotate_key(made.id)
    gone: str = await connectors.delete(made.id)

    pool: vs.AsyncResourcePool = sdk.resource_pool
    units: list[vs.ResourceUnit] = await pool.acquire(
        type="hls", webhook_url="https://h", units=2, mode="audio", quality="med"
    )
    composers: tuple[str, ...] = units[0].composer_ids
    idle: vs.AsyncPager[vs.ResourceUnit] = pool.list(status="idle")
    unit: vs.ResourceUnit = await pool.get(units[0].id)
    released: list[vs.ResourceRelease] = await pool.release([u.id for u in units])
    ok: bool = released[0].success
    msg: str | None = released[0].msg
    del url, created, page, got, rotated, gone, composers, idle, unit, ok, msg


async def alerts(sdk: vs.AsyncVideoSDK) -> None:
    rules: vs.AsyncAlertRules = sdk.alert_rules
    channels: vs.AsyncNotificationChannels = rules.channels
    metrics: vs.AsyncAlertMetrics = rules.metrics
    channel: vs.NotificationChannel = await channels.create(
        type="webhook", config={"url": "https://h"}, name="ops"
    )
    channel_id: str = channel.channel_id
    config: dict[str, Any] | None = channel.config
    tested: Any = await channels.test(type="email", config={"to": ["a@b.c"]})
    listed: vs.AsyncPager[vs.NotificationChannel] = channels.list(per_page=5)
    same: vs.NotificationChannel = await channels.get(channel_id)
    renamed: vs.NotificationChannel = await channels.update(channel_id, name="x")
    dropped: str = await channels.delete(channel_id)

    rule: vs.AlertRule = await rules.create(
        name="n",
        severity="critical",
        rule_config=CONFIG,
        description="d",
        summary="s",
        enabled=True,
        domain="rtc",
        time_aggregation="avg",
        notification_channel_ids=[channel_id],
    )
    rule_id: str = rule.alert_rule_id
    version: int | None = rule.version
    triggered: datetime | None = rule.last_triggered
    notified: tuple[dict[str, Any], ...] = rule.notification_channels
    found: vs.AsyncPager[vs.AlertRule] = rules.list(status="active", domain="agent")
    fetched: vs.AlertRule = await rules.get(rule_id)
    changed: vs.AlertRule = await rules.update(rule_id, severity="info", enabled=False)
    removed: str = await rules.delete(rule_id)

    catalog: dict[str, Any] = await metrics.catalog(domain="agent")
    models: dict[str, Any] = await metrics.models("llm_latency")
    count: int = await metrics.participant_count("jitter")
    series: dict[str, Any] = await metrics.query("jitter", window="1h")
    del config, tested, listed, same, renamed, dropped, version, triggered, notified
    del found, fetched, changed, removed, catalog, models, count, series


async def incidents(sdk: vs.AsyncVideoSDK, emulator: Emulator) -> None:
    fired: str = emulator.control(AlertControls).fire("rule", value=1.5, summary="s")
    incidents: vs.AsyncIncidents = sdk.incidents
    pager: vs.AsyncPager[vs.Incident] = incidents.list(
        status="open", severity="critical", metric_category="quality", domain="rtc", query="q"
    )
    incident: vs.Incident = await incidents.get(fired)
    events: tuple[dict[str, Any], ...] = incident.events
    acked: vs.Incident = await incidents.acknowledge(incident.incident_id)
    when: datetime | None = acked.acknowledged_at
    resolved: vs.Incident = await incidents.resolve(incident.incident_id)
    gone: str = await incidents.delete(incident.incident_id)
    del pager, events, when, resolved, gone
