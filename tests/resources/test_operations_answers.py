"""Operations families (respx): answers in their other shapes, and which calls are retried
after a failure that may have been processed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import respx

import videosdk_async as vs

CONFIG = {"query": {"metric": "jitter"}, "condition": {"operator": ">", "threshold": 30}}
INCIDENT = {"incidentId": "i1", "status": "open"}


@pytest.mark.parametrize("wrapper", ["incident", "data"])
async def test_an_incident_wrapped_in_an_object_is_unwrapped(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, wrapper: str
) -> None:
    """incidents.get reads {incident: {...}} and {data: {...}} as well as the top level."""
    api.get("/v2/incidents/i1").respond(200, json={wrapper: INCIDENT})

    got = await sdk.incidents.get("i1")

    assert (got.incident_id, got.status) == ("i1", "open")


async def test_a_rule_named_only_by_id_gets_its_alert_rule_id(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An alert rule without alertRuleId takes alert_rule_id from id."""
    api.get("/v2/alertRules/o1").respond(200, json={"alertRule": {"id": "o1", "name": "n"}})

    got = await sdk.alert_rules.get("o1")

    assert (got.alert_rule_id, got.id, got.notification_channel_ids) == ("o1", "o1", ())


async def test_a_channel_named_only_by_id_gets_its_channel_id(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A notification channel without channelId takes channel_id from id."""
    api.get("/v2/alertRules/notification-channel/o2").respond(200, json={"channel": {"id": "o2"}})

    got = await sdk.alert_rules.channels.get("o2")

    assert got.channel_id == "o2"


async def test_rule_times_decode_aware(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """lastTriggered and createdAt decode to timezone-aware datetimes; to_dict is ISO."""
    rule = {"alertRuleId": "a", "lastTriggered": "2024-05-01T09:00:00.000Z", "createdAt": None}
    api.get("/v2/alertRules/a").respond(200, json={"alertRule": rule})

    got = await sdk.alert_rules.get("a")

    assert got.last_triggered is not None
    assert got.last_triggered.tzinfo is not None
    assert got.to_dict()["last_triggered"] == "2024-05-01T09:00:00+00:00"


async def test_participant_count_is_read_under_data_too(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """metrics.participant_count reads {data: {participantCount}} as well."""
    api.get("/v2/alertRules/metrics/participantCount").respond(
        200, json={"data": {"participantCount": 3}}
    )

    assert await sdk.alert_rules.metrics.participant_count("jitter") == 3


async def test_participant_count_without_a_count_is_unexpected(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An answer without an integer participantCount raises UnexpectedResponseError."""
    api.get("/v2/alertRules/metrics/participantCount").respond(200, json={"count": "3"})

    with pytest.raises(vs.UnexpectedResponseError):
        await sdk.alert_rules.metrics.participant_count("jitter")


async def test_a_channel_test_answer_with_more_than_a_message_stays_json(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """channels.test returns the decoded JSON when the answer is more than {message}."""
    answer = {"message": "sent", "delivered": True}
    api.post("/v2/alertRules/notification-channel/test").respond(200, json=answer)

    got = await sdk.alert_rules.channels.test(type="webhook", config={"url": "https://h"})

    assert got == answer


async def test_an_acquire_answer_without_data_is_no_units(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """resource_pool.acquire reads a missing data as no units (as Node)."""
    api.post("/v2/resource/acquire").respond(200, json={"message": "queued"})

    assert await sdk.resource_pool.acquire(type="rtmp", webhook_url="https://h") == []


ONCE: dict[str, tuple[str, str, Callable[[vs.AsyncVideoSDK], Any]]] = {
    "resource_pool.acquire": (
        "POST",
        "/v2/resource/acquire",
        lambda s: s.resource_pool.acquire(type="hls", webhook_url="https://h"),
    ),
    "connectors.create": (
        "POST",
        "/v2/connectors",
        lambda s: s.connectors.create(provider="plivo"),
    ),
    "alert_rules.create": (
        "POST",
        "/v2/alertRules",
        lambda s: s.alert_rules.create(name="n", severity="info", rule_config=CONFIG),
    ),
    "channels.create": (
        "POST",
        "/v2/alertRules/notification-channel",
        lambda s: s.alert_rules.channels.create(type="email", config={"to": ["a@b.c"]}),
    ),
    "channels.test": (
        "POST",
        "/v2/alertRules/notification-channel/test",
        lambda s: s.alert_rules.channels.test(type="email", config={"to": ["a@b.c"]}),
    ),
}


@pytest.mark.parametrize("name", list(ONCE))
async def test_a_502_after_sending_is_outcome_unknown_after_one_request(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, name: str
) -> None:
    """acquire, the creates and channels.test are sent once: a 502 is outcome_unknown."""
    method, path, call = ONCE[name]
    route = getattr(api, method.lower())(path).respond(502)

    with pytest.raises(vs.InternalServerError) as info:
        await call(sdk)

    assert info.value.outcome_unknown is True
    assert route.call_count == 1


RETRIED: dict[str, tuple[str, str, Any, Callable[[vs.AsyncVideoSDK], Any]]] = {
    "resource_pool.release": (
        "POST",
        "/v2/resource/release",
        {"data": [{"id": "u1", "success": True}]},
        lambda s: s.resource_pool.release(["u1"]),
    ),
    "connectors.rotate_key": (
        "POST",
        "/v2/connectors/c1/rotate-key",
        {"data": {"id": "c1"}},
        lambda s: s.connectors.rotate_key("c1"),
    ),
    "incidents.acknowledge": (
        "PUT",
        "/v2/incidents/i1/acknowledge",
        INCIDENT,
        lambda s: s.incidents.acknowledge("i1"),
    ),
    "alert_rules.update": (
        "PUT",
        "/v2/alertRules/a1",
        {"alertRule": {"alertRuleId": "a1"}},
        lambda s: s.alert_rules.update("a1", name="n"),
    ),
}


@pytest.mark.parametrize("name", list(RETRIED))
async def test_a_502_after_sending_is_retried_for_idempotent_calls(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, name: str
) -> None:
    """release and rotate_key (POSTs safe to repeat) and the PUTs are retried after a 502."""
    method, path, answer, call = RETRIED[name]
    route = getattr(api, method.lower())(path)
    route.side_effect = [respx.MockResponse(502), respx.MockResponse(200, json=answer)]

    await call(sdk)

    assert route.call_count == 2


async def test_keys_and_tokens_stay_out_of_reprs(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A connector's keyed URL and a channel's config (bot tokens) are not in reprs."""
    channel = {"channelId": "c1", "type": "slack", "config": {"botToken": "xoxb-SECRET"}}
    api.get("/v2/connectors/k1").respond(
        200, json={"data": {"id": "k1", "webhookUrl": "https://h/t/k1/KEY-SECRET"}}
    )
    api.get("/v2/alertRules/notification-channel/c1").respond(200, json={"channel": channel})
    api.get("/v2/alertRules/a1").respond(
        200, json={"alertRule": {"alertRuleId": "a1", "notificationChannels": [channel]}}
    )

    shown = [
        repr(await sdk.connectors.get("k1")),
        repr(await sdk.alert_rules.channels.get("c1")),
        repr(await sdk.alert_rules.get("a1")),
    ]

    assert not [text for text in shown if "SECRET" in text]
    assert (await sdk.alert_rules.channels.get("c1")).to_dict()["config"] == channel["config"]
