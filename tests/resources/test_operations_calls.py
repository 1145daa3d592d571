"""Connectors, resource pool, alert rules, channels, metrics and incidents at the wire (respx):
the method, path, query and JSON body of every call, and where each answer is read."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest
import respx

import videosdk_async as vs

PAGE = {"pageInfo": {"currentPage": 1, "perPage": 20, "lastPage": 1, "total": 1}}
CONNECTOR = {"id": "c1", "provider": "twilio", "webhookUrl": "https://h/t/c1/k1"}
UNIT = {"id": "u1", "status": "idle", "type": "hls", "composerIds": ["x"]}
RULE = {"alertRuleId": "ar1", "id": "o1", "name": "jitter", "status": "active", "version": 2}
CHANNEL = {"channelId": "ch1", "id": "o2", "type": "webhook", "config": {"url": "https://h/a"}}
INCIDENT = {"incidentId": "i1", "status": "open", "events": [{"type": "fired"}]}
CONFIG = {"query": {"metric": "jitter"}, "condition": {"operator": ">", "threshold": 30}}


@attrs.frozen
class Wire:
    """One call and the exact request it must send, with the answer it gets."""

    call: Callable[[vs.AsyncVideoSDK], Any]
    method: str
    path: str
    answer: Any
    query: dict[str, str] = attrs.field(factory=dict)
    body: Any = None
    result: Callable[[Any], Any] = lambda got: got


async def _run(call: Any) -> Any:
    outcome = call
    if hasattr(outcome, "__await__"):
        outcome = await outcome
    return outcome


CASES: dict[str, Wire] = {
    "connectors.create": Wire(
        lambda s: s.connectors.create(
            provider="twilio", name="main", room_id="r1", default_rule_id="rr1", region="us002"
        ),
        "POST",
        "/v2/connectors",
        {"data": CONNECTOR},
        body={
            "provider": "twilio",
            "name": "main",
            "defaultRoomId": "r1",
            "defaultRuleId": "rr1",
            "region": "us002",
        },
        result=lambda c: (c.id, c.webhook_url),
    ),
    "connectors.list": Wire(
        lambda s: s.connectors.list(),
        "GET",
        "/v2/connectors",
        {"data": [CONNECTOR]},
        result=lambda p: ([c.id for c in p.data], p.last_page),
    ),
    "connectors.list paged": Wire(
        lambda s: s.connectors.list(page=2, per_page=5),
        "GET",
        "/v2/connectors",
        {"data": [CONNECTOR]},
        query={"page": "2", "perPage": "5"},
        result=lambda p: [c.id for c in p.data],
    ),
    "connectors.get": Wire(
        lambda s: s.connectors.get("c 1"),
        "GET",
        "/v2/connectors/c%201",
        {"data": CONNECTOR},
        result=lambda c: c.provider,
    ),
    "connectors.delete": Wire(
        lambda s: s.connectors.delete("c1"),
        "DELETE",
        "/v2/connectors/c1",
        {"message": "deleted"},
    ),
    "connectors.rotate_key": Wire(
        lambda s: s.connectors.rotate_key("c1"),
        "POST",
        "/v2/connectors/c1/rotate-key",
        {"data": {**CONNECTOR, "webhookUrl": "https://h/t/c1/k2"}},
        result=lambda c: c.webhook_url,
    ),
    "resource_pool.list": Wire(
        lambda s: s.resource_pool.list(status="idle", per_page=10),
        "GET",
        "/v2/resource",
        {**PAGE, "data": [UNIT]},
        query={"status": "idle", "perPage": "10"},
        result=lambda p: [(u.id, u.composer_ids) for u in p.data],
    ),
    "resource_pool.get": Wire(
        lambda s: s.resource_pool.get("u1"),
        "GET",
        "/v2/resource/u1",
        {"data": UNIT},
        result=lambda u: u.status,
    ),
    "resource_pool.acquire": Wire(
        lambda s: s.resource_pool.acquire(
            type="hls", webhook_url="https://h/u", units=2, mode="audio", quality="med"
        ),
        "POST",
        "/v2/resource/acquire",
        {"data": [UNIT, {**UNIT, "id": "u2"}]},
        body={
            "type": "hls",
            "webhookUrl": "https://h/u",
            "units": 2,
            "mode": "audio",
            "quality": "med",
        },
        result=lambda units: [u.id for u in units],
    ),
    "resource_pool.release": Wire(
        lambda s: s.resource_pool.release(["u1", "u2"]),
        "POST",
        "/v2/resource/release",
        {"data": [{"id": "u1", "success": True}, {"id": "u2", "success": False, "msg": "busy"}]},
        body={"ids": ["u1", "u2"]},
        result=lambda rs: [(r.id, r.success, r.msg) for r in rs],
    ),
    "alert_rules.create": Wire(
        lambda s: s.alert_rules.create(
            name="jitter",
            severity="critical",
            rule_config=CONFIG,
            description="d",
            summary="s",
            enabled=False,
            domain="agent",
            time_aggregation="avg",
            notification_channel_ids=["ch1"],
        ),
        "POST",
        "/v2/alertRules",
        {"alertRule": RULE},
        body={
            "name": "jitter",
            "severity": "critical",
            "ruleConfig": CONFIG,
            "description": "d",
            "summary": "s",
            "enabled": False,
            "domain": "agent",
            "timeAggregation": "avg",
            "notificationChannelIds": ["ch1"],
        },
        result=lambda r: (r.alert_rule_id, r.id),
    ),
    "alert_rules.list": Wire(
        lambda s: s.alert_rules.list(
            region="us002", status="paused", metric_category="quality", domain="agent", page=1
        ),
        "GET",
        "/v2/alertRules",
        {**PAGE, "data": [RULE]},
        query={
            "region": "us002",
            "status": "paused",
            "metricCategory": "quality",
            "domain": "agent",
            "page": "1",
        },
        result=lambda p: [r.alert_rule_id for r in p.data],
    ),
    "alert_rules.get": Wire(
        lambda s: s.alert_rules.get("ar1"),
        "GET",
        "/v2/alertRules/ar1",
        {"alertRule": RULE},
        result=lambda r: r.version,
    ),
    "alert_rules.update": Wire(
        lambda s: s.alert_rules.update("ar1", enabled=True, notification_channel_ids=[]),
        "PUT",
        "/v2/alertRules/ar1",
        {"alertRule": RULE},
        body={"enabled": True, "notificationChannelIds": []},
        result=lambda r: r.status,
    ),
    "alert_rules.delete": Wire(
        lambda s: s.alert_rules.delete("ar1"),
        "DELETE",
        "/v2/alertRules/ar1",
        {"message": "Alert rule deleted"},
    ),
    "channels.create": Wire(
        lambda s: s.alert_rules.channels.create(
            type="webhook", config={"url": "https://h/a"}, name="ops"
        ),
        "POST",
        "/v2/alertRules/notification-channel",
        {"channel": CHANNEL},
        body={"type": "webhook", "config": {"url": "https://h/a"}, "name": "ops"},
        result=lambda c: (c.channel_id, c.config),
    ),
    "channels.test": Wire(
        lambda s: s.alert_rules.channels.test(type="slack", config={"channelId": "C1"}),
        "POST",
        "/v2/alertRules/notification-channel/test",
        {"message": "sent"},
        body={"type": "slack", "config": {"channelId": "C1"}},
    ),
    "channels.list": Wire(
        lambda s: s.alert_rules.channels.list(per_page=3),
        "GET",
        "/v2/alertRules/notification-channel",
        {**PAGE, "data": [CHANNEL]},
        query={"perPage": "3"},
        result=lambda p: [c.channel_id for c in p.data],
    ),
    "channels.get": Wire(
        lambda s: s.alert_rules.channels.get("ch1"),
        "GET",
        "/v2/alertRules/notification-channel/ch1",
        {"channel": CHANNEL},
        result=lambda c: c.type,
    ),
    "channels.update": Wire(
        lambda s: s.alert_rules.channels.update("ch1", name="renamed"),
        "PUT",
        "/v2/alertRules/notification-channel/ch1",
        {"channel": {**CHANNEL, "name": "renamed"}},
        body={"name": "renamed"},
        result=lambda c: c.name,
    ),
    "channels.delete": Wire(
        lambda s: s.alert_rules.channels.delete("ch1"),
        "DELETE",
        "/v2/alertRules/notification-channel/ch1",
        "Channel deleted",
    ),
    "metrics.catalog": Wire(
        lambda s: s.alert_rules.metrics.catalog(domain="agent"),
        "GET",
        "/v2/alertRules/metrics/catalog",
        {"latency": ["llm_latency"]},
        query={"domain": "agent"},
    ),
    "metrics.models": Wire(
        lambda s: s.alert_rules.metrics.models("llm_latency"),
        "GET",
        "/v2/alertRules/metrics/models",
        {"models": ["gpt-4o"]},
        query={"metric": "llm_latency"},
    ),
    "metrics.participant_count": Wire(
        lambda s: s.alert_rules.metrics.participant_count("jitter"),
        "GET",
        "/v2/alertRules/metrics/participantCount",
        {"participantCount": 7},
        query={"metric": "jitter"},
    ),
    "metrics.query": Wire(
        lambda s: s.alert_rules.metrics.query("jitter", window="5m"),
        "GET",
        "/v2/alertRules/metrics",
        {"series": []},
        query={"metric": "jitter", "window": "5m"},
    ),
    "incidents.list": Wire(
        lambda s: s.incidents.list(
            status="open",
            severity="critical",
            metric_category="quality",
            domain="rtc",
            query="jit",
            per_page=50,
        ),
        "GET",
        "/v2/incidents",
        {**PAGE, "data": [INCIDENT]},
        query={
            "status": "open",
            "severity": "critical",
            "metricCategory": "quality",
            "domain": "rtc",
            "query": "jit",
            "perPage": "50",
        },
        result=lambda p: [i.incident_id for i in p.data],
    ),
    "incidents.get": Wire(
        lambda s: s.incidents.get("i1"),
        "GET",
        "/v2/incidents/i1",
        INCIDENT,
        result=lambda i: (i.incident_id, i.events),
    ),
    "incidents.delete": Wire(
        lambda s: s.incidents.delete("i1"),
        "DELETE",
        "/v2/incidents/i1",
        {"message": "Incident deleted"},
    ),
    "incidents.acknowledge": Wire(
        lambda s: s.incidents.acknowledge("i1"),
        "PUT",
        "/v2/incidents/i1/acknowledge",
        {**INCIDENT, "status": "acknowledged"},
        result=lambda i: i.status,
    ),
    "incidents.resolve": Wire(
        lambda s: s.incidents.resolve("i1"),
        "PUT",
        "/v2/incidents/i1/resolve",
        {**INCIDENT, "status": "resolved"},
        result=lambda i: i.status,
    ),
}

EXPECTED: dict[str, Any] = {
    "connectors.create": ("c1", "https://h/t/c1/k1"),
    "connectors.list": (["c1"], 1),
    "connectors.list paged": ["c1"],
    "connectors.get": "twilio",
    "connectors.delete": "deleted",
    "connectors.rotate_key": "https://h/t/c1/k2",
    "resource_pool.list": [("u1", ("x",))],
    "resource_pool.get": "idle",
    "resource_pool.acquire": ["u1", "u2"],
    "resource_pool.release": [("u1", True, None), ("u2", False, "busy")],
    "alert_rules.create": ("ar1", "o1"),
    "alert_rules.list": ["ar1"],
    "alert_rules.get": 2,
    "alert_rules.update": "active",
    "alert_rules.delete": "Alert rule deleted",
    "channels.create": ("ch1", {"url": "https://h/a"}),
    "channels.test": "sent",
    "channels.list": ["ch1"],
    "channels.get": "webhook",
    "channels.update": "renamed",
    "channels.delete": "Channel deleted",
    "metrics.catalog": {"latency": ["llm_latency"]},
    "metrics.models": {"models": ["gpt-4o"]},
    "metrics.participant_count": 7,
    "metrics.query": {"series": []},
    "incidents.list": ["i1"],
    "incidents.get": ("i1", ({"type": "fired"},)),
    "incidents.delete": "Incident deleted",
    "incidents.acknowledge": "acknowledged",
    "incidents.resolve": "resolved",
}


@pytest.mark.parametrize("name", list(CASES))
async def test_each_call_sends_exactly_its_request(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, name: str
) -> None:
    """The call sends its method, path, query and JSON body, and reads its answer's spot."""
    case = CASES[name]
    route = getattr(api, case.method.lower())(case.path).respond(200, json=case.answer)

    got = case.result(await _run(case.call(sdk)))

    request = route.calls.last.request
    assert route.call_count == 1
    assert dict(request.url.params) == case.query
    sent = json.loads(request.content) if request.content else None
    assert sent == case.body
    assert got == EXPECTED[name]


def test_every_call_of_the_families_is_pinned() -> None:
    """The table above covers every public method of the six operations resources."""
    sdk = vs.AsyncVideoSDK(api_key="k", secret="s")
    families = {
        "connectors": sdk.connectors,
        "resource_pool": sdk.resource_pool,
        "alert_rules": sdk.alert_rules,
        "channels": sdk.alert_rules.channels,
        "metrics": sdk.alert_rules.metrics,
        "incidents": sdk.incidents,
    }
    methods = {
        f"{family}.{name}"
        for family, resource in families.items()
        for name in dir(type(resource))
        if not name.startswith("_") and callable(getattr(resource, name))
    }

    assert methods == {name.split(" ")[0] for name in CASES}
