"""Connectors, resource pool, alert rules, channels, metrics and incidents end to end: the
emulator over loopback, on both transports (an alert reaching a real webhook receiver)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import videosdk_async as vs
from videosdk_async.emulator import Emulator, LoopbackServer
from videosdk_async.emulator.routes.incidents import AlertControls

pytestmark = pytest.mark.loopback

CONFIG = {"query": {"metric": "jitter"}, "condition": {"operator": ">", "threshold": 30}}


class Receiver:
    """A webhook receiver on a loopback port that keeps each body and its signature."""

    def __init__(self) -> None:
        self.received: list[tuple[bytes, str]] = []

        async def hook(request: Request) -> Response:
            self.received.append((await request.body(), request.headers["videosdk-signature"]))
            return Response(status_code=204)

        self.app = Starlette(routes=[Route("/alerts", hook, methods=["POST"])])
        self.url = ""

    def bodies(self) -> list[dict[str, Any]]:
        """Each body received, decoded."""
        return [json.loads(body) for body, _ in self.received]


@pytest.fixture(name="receiver")
def _receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    with LoopbackServer(receiver.app) as web:
        receiver.url = f"{web.base_url}/alerts"
        yield receiver


async def _rule(sdk: vs.AsyncVideoSDK, channel_ids: list[str]) -> vs.AlertRule:
    return await sdk.alert_rules.create(
        name="High jitter",
        severity="critical",
        rule_config=CONFIG,
        description="Jitter above 30 ms",
        notification_channel_ids=channel_ids,
    )


async def test_a_connector_is_made_rotated_listed_and_deleted(wire_sdk: vs.AsyncVideoSDK) -> None:
    """create, get, rotate_key (a new webhook_url), list and delete, then it is gone."""
    made = await wire_sdk.connectors.create(provider="telnyx", name="main", room_id="room-1")
    got = await wire_sdk.connectors.get(made.id)
    rotated = await wire_sdk.connectors.rotate_key(made.id)
    listed = [c.id async for c in wire_sdk.connectors.list()]
    gone = await wire_sdk.connectors.delete(made.id)

    assert (got.provider, got.name, got.default_room_id) == ("telnyx", "main", "room-1")
    assert rotated.webhook_url not in (None, made.webhook_url)
    assert listed == [made.id]
    assert isinstance(gone, str)
    with pytest.raises(vs.NotFoundError):
        await wire_sdk.connectors.get(made.id)


async def test_connectors_list_pages_when_asked(wire_sdk: vs.AsyncVideoSDK) -> None:
    """connectors.list(per_page=) reads pages; without, one whole page."""
    for name in ("a", "b", "c"):
        await wire_sdk.connectors.create(provider="twilio", name=name)

    first = await wire_sdk.connectors.list(per_page=2)
    every = [c.name async for c in wire_sdk.connectors.list(per_page=2)]
    whole = await wire_sdk.connectors.list()

    assert (len(first.data), first.last_page) == (2, 2)
    assert sorted(every) == ["a", "b", "c"]
    assert (len(whole.data), whole.has_next_page) == (3, False)


async def test_pool_units_are_acquired_pending_then_idle_and_released(
    wire_sdk: vs.AsyncVideoSDK,
) -> None:
    """acquire answers pending units; once read they are idle and release frees them."""
    units = await wire_sdk.resource_pool.acquire(
        type="recording", webhook_url="https://h/pool", units=2, quality="low"
    )
    early = await wire_sdk.resource_pool.release([units[0].id])
    idle = [u.id async for u in wire_sdk.resource_pool.list(status="idle")]
    released = await wire_sdk.resource_pool.release([u.id for u in units])
    got = await wire_sdk.resource_pool.get(units[1].id)

    assert [(u.status, u.type, u.quality) for u in units] == [("pending", "recording", "low")] * 2
    assert [r.success for r in early] == [False]
    assert sorted(idle) == sorted(u.id for u in units)
    assert [(r.id, r.success) for r in released] == [(u.id, True) for u in units]
    assert got.status == "released"


async def test_a_release_repeated_after_a_lost_answer_frees_nothing_more(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """release is retried after a processed 502; the repeat reports success=False."""
    [unit] = await wire_sdk.resource_pool.acquire(type="hls", webhook_url="https://h/pool")
    await wire_sdk.resource_pool.get(unit.id)
    emu.inject("POST /v2/resource/release", "process_then_fail", status=502)

    [result] = await wire_sdk.resource_pool.release([unit.id])

    assert (result.id, result.success) == (unit.id, False)
    assert (await wire_sdk.resource_pool.get(unit.id)).status == "released"
    assert len([e for e in emu.journal if e.route == "POST /v2/resource/release"]) == 2


async def test_an_acquire_that_failed_after_processing_is_sent_once(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """acquire is billable: a processed 502 is outcome_unknown after one request."""
    emu.inject("POST /v2/resource/acquire", "process_then_fail", status=502)

    with pytest.raises(vs.InternalServerError) as info:
        await wire_sdk.resource_pool.acquire(type="hls", webhook_url="https://h/pool")

    assert info.value.outcome_unknown is True
    assert len([e for e in emu.journal if e.route == "POST /v2/resource/acquire"]) == 1


async def test_a_rule_is_made_listed_updated_and_deleted(wire_sdk: vs.AsyncVideoSDK) -> None:
    """Alert rule CRUD: enabled=False reads back as paused, each update is a new version."""
    channel = await wire_sdk.alert_rules.channels.create(
        type="email", config={"to": ["ops@example.com"]}, name="ops"
    )
    rule = await _rule(wire_sdk, [channel.channel_id])
    got = await wire_sdk.alert_rules.get(rule.alert_rule_id)
    paused = await wire_sdk.alert_rules.update(rule.alert_rule_id, enabled=False)
    listed = [r.alert_rule_id async for r in wire_sdk.alert_rules.list(status="paused")]
    agent = (await wire_sdk.alert_rules.list(domain="agent")).data
    gone = await wire_sdk.alert_rules.delete(rule.alert_rule_id)

    assert (rule.status, rule.version, rule.domain) == ("active", 1, "rtc")
    assert (got.alert_rule_id, got.name, got.rule_config) == (rule.alert_rule_id, rule.name, CONFIG)
    assert rule.notification_channel_ids == (channel.channel_id,)
    assert [c["channelId"] for c in rule.notification_channels] == [channel.channel_id]
    assert (paused.status, paused.version) == ("paused", 2)
    assert (listed, agent) == ([rule.alert_rule_id], [])
    assert isinstance(gone, str)
    with pytest.raises(vs.NotFoundError):
        await wire_sdk.alert_rules.get(rule.alert_rule_id)


async def test_the_emulator_refuses_a_rule_with_an_unknown_channel(
    wire_sdk: vs.AsyncVideoSDK,
) -> None:
    """A rule naming a channel that does not exist is a 400."""
    with pytest.raises(vs.BadRequestError):
        await _rule(wire_sdk, ["0" * 24])


async def test_a_channel_is_listed_updated_and_deleted(wire_sdk: vs.AsyncVideoSDK) -> None:
    """Notification channel CRUD."""
    made = await wire_sdk.alert_rules.channels.create(
        type="slack", config={"channelId": "C1"}, name="alerts"
    )
    got = await wire_sdk.alert_rules.channels.get(made.channel_id)
    renamed = await wire_sdk.alert_rules.channels.update(made.channel_id, name="pager")
    listed = [c.channel_id async for c in wire_sdk.alert_rules.channels.list()]
    gone = await wire_sdk.alert_rules.channels.delete(made.channel_id)

    assert (got.channel_id, got.name) == (made.channel_id, "alerts")
    assert (renamed.name, renamed.type, renamed.config) == ("pager", "slack", {"channelId": "C1"})
    assert listed == [made.channel_id]
    assert isinstance(gone, str)
    with pytest.raises(vs.NotFoundError):
        await wire_sdk.alert_rules.channels.get(made.channel_id)


async def test_the_metrics_calls_answer(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """catalog, models, participant_count (the live participants) and query."""
    room = await wire_sdk.rooms.create()
    emu.join(room.room_id, "alice")

    catalog = await wire_sdk.alert_rules.metrics.catalog(domain="agent")
    models = await wire_sdk.alert_rules.metrics.models("llm_latency")
    count = await wire_sdk.alert_rules.metrics.participant_count("jitter")
    series = await wire_sdk.alert_rules.metrics.query("jitter", window="5m")

    assert "llm_latency" in catalog["categories"]["latency"]
    assert models["models"]
    assert count == 1
    assert (series["metric"], series["window"]) == ("jitter", "5m")


async def test_a_fired_incident_reaches_the_webhook_channel_and_is_resolved(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator, receiver: Receiver
) -> None:
    """A fired incident is delivered signed to the channel's URL; ack and resolve move it."""
    channel = await wire_sdk.alert_rules.channels.create(
        type="webhook", config={"url": receiver.url}
    )
    rule = await _rule(wire_sdk, [channel.channel_id])

    incident_id = emu.control(AlertControls).fire(rule.alert_rule_id, value=48.5)
    await emu.deliveries_settled()
    fired = await wire_sdk.incidents.get(incident_id)
    acked = await wire_sdk.incidents.acknowledge(incident_id)
    resolved = await wire_sdk.incidents.resolve(incident_id)
    await emu.deliveries_settled()

    event = await wire_sdk.webhooks.verify(*receiver.received[0])
    assert (event.type, event.data["incidentId"]) == ("incident-fired", incident_id)
    assert [b["webhookType"] for b in receiver.bodies()] == [
        "incident-fired",
        "incident-acknowledged",
        "incident-resolved",
    ]
    assert (fired.status, fired.alert_rule_id, fired.alert_name) == (
        "open",
        rule.alert_rule_id,
        "High jitter",
    )
    assert (acked.status, acked.acknowledged_at is not None) == ("acknowledged", True)
    assert (resolved.status, resolved.resolved_at is not None) == ("resolved", True)
    assert [e["type"] for e in resolved.events] == ["fired", "acknowledged", "resolved"]


async def test_incidents_are_listed_filtered_and_deleted(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """incidents.list filters by status and free text; delete removes one."""
    rule = await _rule(wire_sdk, [])
    controls = emu.control(AlertControls)
    first, second = controls.fire(rule.alert_rule_id), controls.fire(rule.alert_rule_id)
    await wire_sdk.incidents.resolve(first)

    open_ = [i.incident_id async for i in wire_sdk.incidents.list(status="open")]
    found = [i.incident_id async for i in wire_sdk.incidents.list(query="JITTER")]
    gone = await wire_sdk.incidents.delete(first)

    assert open_ == [second]
    assert sorted(found) == sorted([first, second])
    assert isinstance(gone, str)
    with pytest.raises(vs.NotFoundError):
        await wire_sdk.incidents.get(first)


async def test_a_channel_test_reaches_a_webhook_url(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator, receiver: Receiver
) -> None:
    """channels.test posts one signed test notification to the webhook URL; answers a str."""
    answer = await wire_sdk.alert_rules.channels.test(
        type="webhook", config={"url": receiver.url}, name="try"
    )
    await emu.deliveries_settled()

    assert isinstance(answer, str)
    assert [b["webhookType"] for b in receiver.bodies()] == ["notification-channel-test"]
