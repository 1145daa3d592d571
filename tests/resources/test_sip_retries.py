"""sdk.sip's retry rule (respx): what is never repeated, what is retried like a read; and the
refusals made before any I/O."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import respx

import videosdk_async as vs

Call = Callable[[vs.AsyncVideoSDK], Awaitable[Any]]
CALL = {"data": {"id": "c1", "status": "ended"}}
IN, OUT = vs.PhoneNumberInbound("auto"), vs.PhoneNumberOutbound("sip.a.com", "auto")

#: Calls that are never repeated once sent: (id, method, path, call).
ONCE: list[tuple[str, str, str, Call]] = [
    ("calls.create", "POST", "/v2/sip/call", lambda s: s.sip.calls.create(call_to="+15550100")),
    ("calls.transfer", "POST", "/v2/sip/call/transfer",
     lambda s: s.sip.calls.transfer("c1", to="+15550101")),
    ("calls.end", "POST", "/v2/sip/call/end", lambda s: s.sip.calls.end("c1")),
    ("calls.switch_room", "POST", "/v2/sip/call/switch-room",
     lambda s: s.sip.calls.switch_room("c1", room_id="wxyz")),
    ("inbound.create", "POST", "/v2/sip/inbound-gateways",
     lambda s: s.sip.trunks.inbound.create(name="a", numbers=["+15550100"])),
    ("outbound.create", "POST", "/v2/sip/outbound-gateways",
     lambda s: s.sip.trunks.outbound.create(name="a", numbers=["+15550100"], address="h")),
    ("rules.create", "POST", "/v2/sip/routing-rule",
     lambda s: s.sip.routing_rules.create(name="a", type="inbound")),
    ("numbers.create", "POST", "/v2/sip/phone-numbers",
     lambda s: s.sip.phone_numbers.create(name="a", phone_numbers=["+15550100"], inbound=IN,
                                          outbound=OUT)),
    ("numbers.detach", "POST", "/v2/sip/phone-numbers/detach",
     lambda s: s.sip.phone_numbers.detach("+15550100")),
    ("numbers.release", "POST", "/v2/sip/phone-numbers/n1/release",
     lambda s: s.sip.phone_numbers.release("n1")),
    ("webhooks.create", "POST", "/v2/sip/webhooks",
     lambda s: s.sip.webhooks.create(url="https://h", events=["call-hangup"])),
]  # fmt: skip

#: Calls retried like reads: (id, method, path, answer, call).
RETRIED: list[tuple[str, str, str, Any, Call]] = [
    ("inbound.update", "PATCH", "/v2/sip/inbound-gateways/t1", {"id": "t1"},
     lambda s: s.sip.trunks.inbound.update("t1", record=True)),
    ("outbound.update", "PATCH", "/v2/sip/outbound-gateways/t1", {"id": "t1"},
     lambda s: s.sip.trunks.outbound.update("t1", address="h2")),
    ("rules.update", "PATCH", "/v2/sip/routing-rule/r1", {"id": "r1"},
     lambda s: s.sip.routing_rules.update("r1", name="b")),
    ("numbers.update_gateway", "PATCH", "/v2/sip/phone-numbers/gateways/g1", "Updated",
     lambda s: s.sip.phone_numbers.update_gateway("g1", name="b")),
    ("webhooks.update", "PATCH", "/v2/sip/webhooks/w1", {"id": "w1"},
     lambda s: s.sip.webhooks.update("w1", url="https://h", events=["call-hangup"])),
    ("inbound.delete", "DELETE", "/v2/sip/inbound-gateways/t1", "Deleted",
     lambda s: s.sip.trunks.inbound.delete("t1")),
    ("outbound.delete", "DELETE", "/v2/sip/outbound-gateways/t1", "Deleted",
     lambda s: s.sip.trunks.outbound.delete("t1")),
    ("rules.delete", "DELETE", "/v2/sip/routing-rule/r1", "Deleted",
     lambda s: s.sip.routing_rules.delete("r1")),
    ("webhooks.delete", "DELETE", "/v2/sip/webhooks/w1", "Deleted",
     lambda s: s.sip.webhooks.delete("w1")),
    ("calls.get", "GET", "/v2/sip/call/c1", CALL, lambda s: s.sip.calls.get("c1")),
    ("calls.list", "GET", "/v2/sip/call", {"data": []}, lambda s: s.sip.calls.list()),
    ("numbers.get", "GET", "/v2/sip/phone-numbers/%2B15550100",
     {"phoneNumber": {"phoneNumberId": "n1", "e164": "+15550100"}},
     lambda s: s.sip.phone_numbers.get("+15550100")),
    ("webhooks.get", "GET", "/v2/sip/webhooks/w1", {"id": "w1"},
     lambda s: s.sip.webhooks.get("w1")),
]  # fmt: skip


@pytest.mark.parametrize(("name", "method", "path", "call"), ONCE, ids=[c[0] for c in ONCE])
async def test_a_502_after_sending_is_outcome_unknown_after_one_request(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, name: str, method: str, path: str, call: Call
) -> None:
    """A call that dials, moves, ends or creates, answered 502: outcome_unknown, sent once."""
    route = api.request(method, path).respond(502)

    with pytest.raises(vs.InternalServerError) as info:
        await call(sdk)

    assert info.value.outcome_unknown is True
    assert route.call_count == 1


@pytest.mark.parametrize(
    ("name", "method", "path", "answer", "call"), RETRIED, ids=[c[0] for c in RETRIED]
)
async def test_updates_deletes_and_reads_retry_a_502(
    sdk: vs.AsyncVideoSDK,
    api: respx.MockRouter,
    name: str,
    method: str,
    path: str,
    answer: Any,
    call: Call,
) -> None:
    """PATCH, DELETE and GET calls answered 502 then 200 succeed on the second request."""
    route = api.request(method, path)
    route.side_effect = [httpx.Response(502), httpx.Response(200, json=answer)]

    got = await call(sdk)

    assert route.call_count == 2
    assert got is not None


async def test_an_e164_number_is_percent_encoded_in_the_path(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """phone_numbers.get('+1...') sends %2B, so the plus is not read as a space."""
    route = api.get("/v2/sip/phone-numbers/%2B15550100").respond(
        200, json={"phoneNumber": {"phoneNumberId": "n1", "e164": "+15550100"}}
    )

    await sdk.sip.phone_numbers.get("+15550100")

    assert route.calls.last.request.url.raw_path == b"/v2/sip/phone-numbers/%2B15550100"


# -- refusals before any I/O -------------------------------------------------------------

REFUSED: list[tuple[str, Call, type[Exception], str]] = [
    ("empty numbers", lambda s: s.sip.trunks.inbound.create(name="a", numbers=[]),
     ValueError, "at least one"),
    ("lone str numbers", lambda s: s.sip.trunks.inbound.create(name="a", numbers="+15550100"),
     TypeError, "sequence"),
    ("media_encryption", lambda s: s.sip.trunks.inbound.create(
        name="a", numbers=["+1"], media_encryption="on"), ValueError, "media_encryption"),
    ("transport", lambda s: s.sip.trunks.outbound.create(
        name="a", numbers=["+1"], address="h", transport="sctp"), ValueError, "transport"),
    ("geo_region", lambda s: s.sip.trunks.outbound.update("t1", geo_region="eu"),
     ValueError, "geo_region"),
    ("rule type", lambda s: s.sip.routing_rules.create(name="a", type="both"),
     ValueError, "type"),
    ("rule and room", lambda s: s.sip.routing_rules.create(
        name="a", type="inbound", rule=vs.RoutingRuleTarget("individual"), room={"type": "x"}),
     ValueError, "not both"),
    ("include_headers", lambda s: s.sip.routing_rules.update("r1", include_headers="SOME"),
     ValueError, "include_headers"),
    ("room_type", lambda s: s.sip.routing_rules.list(room_type=["fixed"]),
     ValueError, "room_type"),
    ("lone str rule_ids", lambda s: s.sip.routing_rules.list(rule_ids="r1"),
     TypeError, "sequence"),
    ("sip_region", lambda s: s.sip.phone_numbers.update_gateway("g1", sip_region="eu"),
     ValueError, "sip_region"),
    ("participant twice", lambda s: s.sip.calls.create(
        call_to="+1", participant={"id": "a"}, participant_id="b"), ValueError, "not both"),
    ("call type", lambda s: s.sip.calls.list(type="sideways"), ValueError, "type"),
    ("naive date", lambda s: s.sip.calls.list(start_date=datetime(2024, 1, 1)),
     ValueError, "timezone"),
    ("room id", lambda s: s.sip.calls.switch_room("c1", room_id="a/b"), ValueError, "room_id"),
    ("call id type", lambda s: s.sip.calls.end(42), TypeError, "call_id"),
    ("empty events", lambda s: s.sip.webhooks.create(url="https://h", events=[]),
     ValueError, "at least one"),
    ("lone str events", lambda s: s.sip.webhooks.update("w1", url="https://h", events="x"),
     TypeError, "sequence"),
    ("auth type", lambda s: s.sip.trunks.inbound.create(
        name="a", numbers=["+1"], auth={"username": "u"}), TypeError, "SipAuth"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "call", "error", "match"), REFUSED, ids=[c[0] for c in REFUSED])
async def test_bad_input_is_refused_before_any_request(
    sdk: vs.AsyncVideoSDK,
    api: respx.MockRouter,
    name: str,
    call: Call,
    error: type[Exception],
    match: str,
) -> None:
    """Out-of-set values, empty or lone-str sequences, bad ids: refused, nothing sent."""
    with pytest.raises(error, match=match):
        await call(sdk)

    assert len(api.calls) == 0


def test_routing_rule_target_checks_its_room() -> None:
    """A direct target needs room_id, an individual one refuses it, prefixes are a closed set."""
    with pytest.raises(ValueError, match="needs room_id"):
        vs.RoutingRuleTarget("direct")
    with pytest.raises(ValueError, match="no room_id"):
        vs.RoutingRuleTarget("individual", room_id="abcd")
    with pytest.raises(ValueError, match="room_prefix"):
        vs.RoutingRuleTarget("individual", room_prefix="prefix-")  # type: ignore[arg-type]
    assert vs.RoutingRuleTarget("individual").to_wire() == {"type": "dynamic", "prefix": "blank"}


def test_phone_number_inputs_check_their_sets() -> None:
    """PhoneNumberInbound/Outbound refuse a region or transport outside their sets."""
    with pytest.raises(ValueError, match="sip_region"):
        vs.PhoneNumberInbound("eu")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="transport"):
        vs.PhoneNumberOutbound("h", "auto", transport="sctp")  # type: ignore[arg-type]


def test_sip_auth_keeps_its_password_out_of_the_repr() -> None:
    """repr(SipAuth) and repr of a trunk holding it never show the password."""
    auth = vs.SipAuth("alice", "hunter2-secret")
    trunk = vs.SipTrunk("t1", auth=auth)

    assert "hunter2-secret" not in repr(auth)
    assert "hunter2-secret" not in repr(trunk)
    assert auth.to_wire() == {"username": "alice", "password": "hunter2-secret"}


def test_sip_webhook_events_are_node_s_fifteen_names() -> None:
    """SIP_WEBHOOK_EVENTS lists the 15 SipWebhookEvent names of the official Node SDK."""
    assert len(vs.SIP_WEBHOOK_EVENTS) == len(set(vs.SIP_WEBHOOK_EVENTS)) == 15
    assert {"call-started", "call-answered", "call-hangup", "switch-room-failed"} <= set(
        vs.SIP_WEBHOOK_EVENTS
    )


def test_a_call_s_from_is_from_in_to_dict() -> None:
    """SipCall.from_ is read from `from` and written back as "from" by to_dict()."""
    from videosdk_async._core._converter import structure

    call = structure({"callId": "c1", "from": "+15550100", "start": 1704067200000}, vs.SipCall)

    assert (call.id, call.from_) == ("c1", "+15550100")
    assert call.to_dict()["from"] == "+15550100"
    assert "from_" not in call.to_dict()
    assert call.start == datetime(2024, 1, 1, tzinfo=UTC)
