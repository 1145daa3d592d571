# ruff: noqa: F841  (the annotated assignments are the pins)
"""Type-checked (mypy --strict), never run: pins sdk.sip's public types."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import videosdk_async as vs
from videosdk_async.emulator import Emulator
from videosdk_async.emulator.routes.sip import SipControls


async def sip_usage(sdk: vs.AsyncVideoSDK) -> None:
    policy = vs.RetryPolicy(max_attempts=2)
    sip: vs.AsyncSip = sdk.sip
    trunks: vs.AsyncSipTrunks = sip.trunks
    inbound: vs.AsyncSipInboundTrunks = trunks.inbound
    outbound: vs.AsyncSipOutboundTrunks = trunks.outbound
    auth = vs.SipAuth("user", "password")
    made: vs.SipTrunk = await inbound.create(
        name="Main",
        numbers=["+14155550100"],
        auth=auth,
        allowed_addresses=["10.0.0.0/8"],
        allowed_numbers=["+1*"],
        media_encryption="enable",
        record=True,
        noise_cancellation=False,
        enable_dtmf=True,
        metadata={"team": "a"},
        tags=["x"],
        geo_region="us002",
        retry=policy,
        timeout=5.0,
    )
    trunk_id: str = made.id
    numbers: tuple[str, ...] = made.numbers
    trunk_auth: vs.SipAuth | None = made.auth
    page: vs.Page[vs.SipTrunk] = await inbound.list(id="t1", search="Ma", page=1, per_page=10)
    async for each in outbound.list():
        address: str | None = each.address
    same: vs.SipTrunk = await inbound.update("t1", record=False, geo_region="auto")
    out: vs.SipTrunk = await outbound.create(
        name="Out", numbers=["+14155550100"], address="sip.a.com", transport="tls"
    )
    out = await outbound.update("t1", allowed_numbers=["+44*"], transport="udp")
    gone: str = await outbound.delete("t1")
    got: vs.SipTrunk = await outbound.get("t1")

    rules: vs.AsyncSipRoutingRules = sip.routing_rules
    rule: vs.SipRoutingRule = await rules.create(
        name="Desk",
        type="inbound",
        phone_numbers=["+14155550100"],
        rule=vs.RoutingRuleTarget("direct", room_id="abcd"),
        agent_id="agent",
        agent_metadata={"k": 1},
        include_headers="ALL",
        headers_to_attributes={"X-A": "a"},
        recording=True,
    )
    room: dict[str, Any] | None = rule.room
    created: datetime | None = rule.created_at
    rule = await rules.update("r1", rule=vs.RoutingRuleTarget("individual", room_prefix="random"))
    rule_page: vs.Page[vs.SipRoutingRule] = await rules.list(
        search="D", type="outbound", rule_ids=["r1"], room_type=["static", "dynamic"]
    )
    rule = await rules.get("r1")
    gone = await rules.delete("r1")

    lines: vs.AsyncSipPhoneNumbers = sip.phone_numbers
    message: str = await lines.create(
        name="Line",
        phone_numbers=["+14155550100"],
        inbound=vs.PhoneNumberInbound("auto"),
        outbound=vs.PhoneNumberOutbound("sip.a.com", "in002", auth=auth, transport="udp"),
        is_shared=True,
        media_encryption="disable",
    )
    line: vs.PhoneNumber = await lines.get("+14155550100")
    gateway: vs.SipTrunk | None = line.outbound
    e164: str = line.e164
    line_page: vs.Page[vs.PhoneNumber] = await lines.list(search="+1")
    message = await lines.detach("+14155550100")
    message = await lines.update_gateway(
        "g1", name="G", media_encryption="enable", sip_region="us002", address="h", auth=auth,
        transport="tcp",
    )  # fmt: skip
    message = await lines.release("n1")

    calls: vs.AsyncSipCalls = sip.calls
    call: vs.SipCall = await calls.create(
        call_to="+14155550199",
        call_from="+14155550100",
        room_id="abcd",
        participant_id="caller",
        gateway_id="g1",
        routing_rule_id="r1",
        metadata={"crm": 1},
        record_audio=True,
        wait_until_answered=True,
        ringing_timeout=30,
        dtmf=True,
        max_call_duration=600,
        media_encryption="enable",
        hide_phone_number=False,
        headers={"X-A": "b"},
        include_headers="SIP_X_HEADERS",
    )
    status: str | None = call.status
    caller: str | None = call.from_
    timelog: tuple[dict[str, Any], ...] = call.timelog
    as_json: dict[str, Any] = call.to_dict()
    call = await calls.get(call.id)
    call = await calls.transfer(call.id, to="+14155550111", participant={}, play_dialtone=True)
    call = await calls.switch_room(call.id, room_id="wxyz", participant_id="p", token="t")
    call = await calls.end(call.id)
    call_page: vs.Page[vs.SipCall] = await calls.list(
        room_id="abcd", session_id="s", id="c", gateway_id="g", rule_id="r", type="outbound",
        search="+1", start_date=datetime(2024, 1, 1, tzinfo=UTC), end_date=datetime.now(UTC),
        page=1, per_page=50,
    )  # fmt: skip

    hooks: vs.AsyncSipWebhooks = sip.webhooks
    hook: vs.SipWebhook = await hooks.create(url="https://h", events=vs.SIP_WEBHOOK_EVENTS)
    events: tuple[str, ...] = hook.events
    hook = await hooks.update(hook.id, url="https://h2", events=["call-hangup"])
    hook = await hooks.get(hook.id)
    hook_page: vs.Page[vs.SipWebhook] = await hooks.list(search="h")
    gone = await hooks.delete(hook.id)
    names: tuple[str, ...] = vs.SIP_WEBHOOK_EVENTS


def sip_emulator_usage() -> None:
    emulator = Emulator()
    controls: SipControls = emulator.control(SipControls)
    controls.next_call_outcome("not-answered")
    kept: list[dict[str, Any]] = controls.calls()
