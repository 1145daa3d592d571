"""The emulator's connectors, resource pool, alert and incident routes as a plain HTTP client
sees them: shapes, refusals, the fire control (in process and under /_emulator/), notices."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from videosdk_async.emulator import Emulator
from videosdk_async.emulator.routes.incidents import AlertControls

from .conftest import Receiver

CONFIG = {"query": {"metric": "jitter"}, "condition": {"operator": ">", "threshold": 30}}
RULE = {"name": "High jitter", "severity": "warning", "ruleConfig": CONFIG}


@pytest.fixture(name="emulator")
def _emulator(receiver: Receiver) -> Emulator:
    return Emulator(webhook_app=receiver.app)


async def _rule_with_webhook(client: httpx.AsyncClient, url: str = "http://r/alerts") -> str:
    channel = await client.post(
        "/v2/alertRules/notification-channel", json={"type": "webhook", "config": {"url": url}}
    )
    body = {**RULE, "notificationChannelIds": [channel.json()["channel"]["channelId"]]}
    rule_id: str = (await client.post("/v2/alertRules", json=body)).json()["alertRule"][
        "alertRuleId"
    ]
    return rule_id


async def test_a_connector_answers_under_data_with_a_webhook_url(
    client: httpx.AsyncClient,
) -> None:
    """POST /v2/connectors answers {data: connector} with a webhookUrl; the list is {data}."""
    made = await client.post("/v2/connectors", json={"provider": "plivo", "defaultRoomId": "r"})
    listed = await client.get("/v2/connectors")

    connector = made.json()["data"]
    assert (connector["provider"], connector["defaultRoomId"]) == ("plivo", "r")
    assert connector["webhookUrl"].startswith("http://127.0.0.1/")
    assert listed.json() == {"data": [connector]}


@pytest.mark.parametrize(
    "body", [{}, {"provider": "vonage"}, {"provider": "twilio", "name": 5}], ids=str
)
async def test_a_bad_connector_is_a_400(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    """No provider, an unknown one, or a non-string option is refused."""
    answer = await client.post("/v2/connectors", json=body)

    assert answer.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        {"webhookUrl": "https://h"},
        {"type": "hls"},
        {"type": "hls", "webhookUrl": "https://h", "units": 0},
        {"type": "hls", "webhookUrl": "https://h", "units": "2"},
        {"type": "hls", "webhookUrl": "https://h", "quality": "ultra"},
    ],
    ids=str,
)
async def test_a_bad_acquire_is_a_400(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    """A missing type or URL, units outside 1-20 or a bad quality is refused."""
    answer = await client.post("/v2/resource/acquire", json=body)

    assert answer.status_code == 400


async def test_release_reports_each_id(client: httpx.AsyncClient) -> None:
    """Release answers {data: [{id, success, msg}]}: idle freed, pending and unknown not."""
    made = await client.post(
        "/v2/resource/acquire", json={"type": "rtmp", "webhookUrl": "https://h", "units": 2}
    )
    first, second = (u["id"] for u in made.json()["data"])
    await client.post("/v2/resource/release", json={"ids": [second]})  # still pending
    await client.get(f"/v2/resource/{first}")  # warmed up: idle

    answer = await client.post("/v2/resource/release", json={"ids": [first, "nope"]})

    assert [(r["id"], r["success"]) for r in answer.json()["data"]] == [
        (first, True),
        ("nope", False),
    ]


@pytest.mark.parametrize("ids", [None, [], "u1", [1]], ids=str)
async def test_a_release_without_ids_is_a_400(client: httpx.AsyncClient, ids: Any) -> None:
    """ids must be a non-empty array of strings."""
    answer = await client.post("/v2/resource/release", json={"ids": ids})

    assert answer.status_code == 400


@pytest.mark.parametrize(
    "change",
    [
        {"name": ""},
        {"severity": "fatal"},
        {"ruleConfig": {"query": {}, "condition": {"operator": ">", "threshold": 1}}},
        {"ruleConfig": {"query": {"metric": "m"}, "condition": {"operator": "~", "threshold": 1}}},
        {"domain": "sip"},
        {"enabled": "yes"},
    ],
    ids=str,
)
async def test_a_bad_rule_is_a_400(client: httpx.AsyncClient, change: dict[str, Any]) -> None:
    """The emulator checks a rule's name, severity, ruleConfig, domain and enabled."""
    answer = await client.post("/v2/alertRules", json={**RULE, **change})

    assert answer.status_code == 400


async def test_summary_and_time_aggregation_are_not_stored(client: httpx.AsyncClient) -> None:
    """A rule keeps neither summary nor timeAggregation; enabled reads back as status."""
    body = {**RULE, "summary": "s", "timeAggregation": "avg", "enabled": False}

    rule = (await client.post("/v2/alertRules", json=body)).json()["alertRule"]

    assert ("summary" in rule, "timeAggregation" in rule, rule["status"]) == (
        False,
        False,
        "paused",
    )


async def test_a_webhook_channel_needs_a_url_to_be_tested(client: httpx.AsyncClient) -> None:
    """notification-channel/test of a webhook without config.url is a 400."""
    answer = await client.post(
        "/v2/alertRules/notification-channel/test", json={"type": "webhook", "config": {}}
    )

    assert answer.status_code == 400


async def test_the_fire_control_route_raises_an_incident_and_notifies(
    client: httpx.AsyncClient, emulator: Emulator, receiver: Receiver
) -> None:
    """POST /_emulator/alert-rules/{id}/fire makes an open incident, posted to the channel."""
    rule_id = await _rule_with_webhook(client)

    fired = await client.post(f"/_emulator/alert-rules/{rule_id}/fire", json={"value": 45})
    incident_id = fired.json()["incidentId"]
    got = await client.get(f"/v2/incidents/{incident_id}")
    await emulator.deliveries_settled()

    assert got.json()["status"] == "open"
    assert got.json()["events"][0]["value"] == 45
    assert [(path, kind) for path, kind, _ in receiver.got] == [("/alerts", "incident-fired")]
    assert receiver.got[0][2]["incidentId"] == incident_id


async def test_the_fire_control_route_answers_404_for_an_unknown_rule(
    client: httpx.AsyncClient,
) -> None:
    """Firing a rule that does not exist is a 404."""
    answer = await client.post("/_emulator/alert-rules/nope/fire", json={})

    assert answer.status_code == 404


async def test_a_paused_rule_does_not_fire(client: httpx.AsyncClient, emulator: Emulator) -> None:
    """AlertControls.fire of a paused rule is ValueError."""
    rule = (await client.post("/v2/alertRules", json={**RULE, "enabled": False})).json()

    with pytest.raises(ValueError, match="paused"):
        emulator.control(AlertControls).fire(rule["alertRule"]["alertRuleId"])


async def test_acknowledging_twice_changes_nothing_and_notifies_once(
    client: httpx.AsyncClient, emulator: Emulator, receiver: Receiver
) -> None:
    """A repeated acknowledge answers the same incident and posts no second notice."""
    incident_id = emulator.control(AlertControls).fire(await _rule_with_webhook(client))

    first = await client.put(f"/v2/incidents/{incident_id}/acknowledge")
    second = await client.put(f"/v2/incidents/{incident_id}/acknowledge")
    await emulator.deliveries_settled()

    assert first.json() == second.json()
    assert [kind for _, kind, _ in receiver.got] == ["incident-fired", "incident-acknowledged"]


async def test_a_resolved_incident_cannot_be_acknowledged(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """Acknowledging a resolved incident is a 400."""
    incident_id = emulator.control(AlertControls).fire(await _rule_with_webhook(client))
    await client.put(f"/v2/incidents/{incident_id}/resolve")

    answer = await client.put(f"/v2/incidents/{incident_id}/acknowledge")

    assert answer.status_code == 400


async def test_lists_default_to_the_rtc_domain(client: httpx.AsyncClient) -> None:
    """Without domain, rules and incidents lists hold only rtc ones."""
    await client.post("/v2/alertRules", json={**RULE, "domain": "agent"})

    rtc = await client.get("/v2/alertRules")
    agent = await client.get("/v2/alertRules", params={"domain": "agent"})

    assert (rtc.json()["pageInfo"]["total"], agent.json()["pageInfo"]["total"]) == (0, 1)


async def test_incident_lists_leave_out_the_timeline(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """GET /v2/incidents lists incidents without events; GET one has them."""
    incident_id = emulator.control(AlertControls).fire(await _rule_with_webhook(client))

    listed = (await client.get("/v2/incidents")).json()["data"]
    one = (await client.get(f"/v2/incidents/{incident_id}")).json()

    assert ("events" in listed[0], len(one["events"])) == (False, 1)


async def test_stats_count_the_operations_stores(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """GET /_emulator/stats counts connectors, units, rules, channels and incidents."""
    await client.post("/v2/connectors", json={"provider": "twilio"})
    await client.post("/v2/resource/acquire", json={"type": "hls", "webhookUrl": "https://h"})
    emulator.control(AlertControls).fire(await _rule_with_webhook(client))

    stats = (await client.get("/_emulator/stats")).json()

    assert {k: stats[k] for k in ("connectors", "resourceUnits", "alertRules",
            "notificationChannels", "incidents")} == dict.fromkeys(
        ("connectors", "resourceUnits", "alertRules", "notificationChannels", "incidents"), 1
    )  # fmt: skip
