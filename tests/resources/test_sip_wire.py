"""sdk.sip at the wire (respx): the exact method, path, query and JSON body of every call, and
what each answer decodes to."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import respx

import videosdk_async as vs

PAGE = {"pageInfo": {"currentPage": 1, "perPage": 20, "lastPage": 1, "total": 1}}
TRUNK = {"id": "t1", "name": "Main", "numbers": ["+14155550100"], "auth": {"username": "u"}}
RULE = {"id": "r1", "name": "Desk", "type": "inbound", "numbers": ["+14155550100"]}
NUMBER = {
    "phoneNumber": {"phoneNumberId": "n1", "e164": "+14155550100", "status": "active"},
    "inbound": {"id": "g1"},
    "outbound": None,
}
CALL = {"id": "c1", "status": "initiated", "to": "+14155550199", "from": "+14155550100"}
HOOK = {"id": "w1", "url": "https://hooks.example/sip", "events": ["call-answered"]}
AUTH = vs.SipAuth("alice", "s3cret")
MESSAGE = {"message": "Done"}

Call = Callable[[vs.AsyncVideoSDK], Awaitable[Any]]
#: (id, call, method, path, query, body (None: no body), answer, what the result is)
CASES: list[tuple[str, Call, str, str, dict[str, str], Any, Any, Callable[[Any], Any]]] = [
    ("inbound.create",
     lambda s: s.sip.trunks.inbound.create(
         name="Main", numbers=["+14155550100"], auth=AUTH, allowed_addresses=["10.0.0.0/8"],
         allowed_numbers=["+91*"], media_encryption="enable", record=True,
         noise_cancellation=False, enable_dtmf=True, metadata={"team": "a"}, tags=["x"],
         geo_region="us002"),
     "POST", "/v2/sip/inbound-gateways", {},
     {"name": "Main", "numbers": ["+14155550100"],
      "auth": {"username": "alice", "password": "s3cret"}, "allowedAddresses": ["10.0.0.0/8"],
      "allowedNumbers": ["+91*"], "mediaEncryption": "enable", "record": True,
      "noiseCancellation": False, "enableDtmf": True, "metadata": {"team": "a"},
      "tags": ["x"], "geoRegion": "us002"},
     TRUNK, lambda r: (r.id, r.auth.username, r.auth.password)),
    ("inbound.list",
     lambda s: s.sip.trunks.inbound.list(id="t1", search="Ma", page=2, per_page=5),
     "GET", "/v2/sip/inbound-gateways",
     {"id": "t1", "search": "Ma", "page": "2", "perPage": "5"}, None,
     {**PAGE, "data": [TRUNK]}, lambda p: [t.id for t in p.data]),
    ("inbound.get", lambda s: s.sip.trunks.inbound.get("t 1"),
     "GET", "/v2/sip/inbound-gateways/t%201", {}, None, TRUNK, lambda r: r.numbers),
    ("inbound.update", lambda s: s.sip.trunks.inbound.update("t1", name="New", record=False),
     "PATCH", "/v2/sip/inbound-gateways/t1", {}, {"name": "New", "record": False},
     {"data": TRUNK}, lambda r: r.id),
    ("inbound.delete", lambda s: s.sip.trunks.inbound.delete("t1"),
     "DELETE", "/v2/sip/inbound-gateways/t1", {}, None, MESSAGE, lambda r: r),
    ("outbound.create",
     lambda s: s.sip.trunks.outbound.create(
         name="Out", numbers=["+14155550100"], address="sip.telnyx.com:5061", transport="tls"),
     "POST", "/v2/sip/outbound-gateways", {},
     {"name": "Out", "numbers": ["+14155550100"], "address": "sip.telnyx.com:5061",
      "transport": "tls"},
     TRUNK, lambda r: r.id),
    ("outbound.list", lambda s: s.sip.trunks.outbound.list(),
     "GET", "/v2/sip/outbound-gateways", {}, None, {**PAGE, "data": [TRUNK]},
     lambda p: [t.id for t in p.data]),
    ("outbound.get", lambda s: s.sip.trunks.outbound.get("t1"),
     "GET", "/v2/sip/outbound-gateways/t1", {}, None, TRUNK, lambda r: r.id),
    ("outbound.update",
     lambda s: s.sip.trunks.outbound.update("t1", address="sip.b.com", allowed_numbers=["+1*"]),
     "PATCH", "/v2/sip/outbound-gateways/t1", {},
     {"address": "sip.b.com", "allowedNumbers": ["+1*"]},
     TRUNK, lambda r: r.id),
    ("outbound.delete", lambda s: s.sip.trunks.outbound.delete("t1"),
     "DELETE", "/v2/sip/outbound-gateways/t1", {}, None, MESSAGE, lambda r: r),
    ("rules.create",
     lambda s: s.sip.routing_rules.create(
         name="Desk", type="inbound", phone_numbers=["+14155550100"],
         rule=vs.RoutingRuleTarget("direct", room_id="abcd-efgh-ijkl", pin="1234"),
         agent_id="agent-1", agent_metadata={"k": 1}, include_headers="SIP_X_HEADERS",
         headers_to_attributes={"X-Id": "id"}, allowed_numbers=["+1*"],
         allowed_ip_addresses=["1.2.3.4"], tags=["t"], recording=True, dtmf=False,
         noise_cancellation=True, hide_phone_number=False, api_key="key-1"),
     "POST", "/v2/sip/routing-rule", {},
     {"name": "Desk", "type": "inbound", "phoneNumbers": ["+14155550100"],
      "room": {"type": "static", "id": "abcd-efgh-ijkl", "pin": "1234"}, "agentId": "agent-1",
      "agentMetadata": {"k": 1}, "includeHeaders": "SIP_X_HEADERS",
      "headersToAttributes": {"X-Id": "id"}, "allowedNumbers": ["+1*"],
      "allowedIpAddresses": ["1.2.3.4"], "tags": ["t"], "recording": True, "dtmf": False,
      "noiseCancellation": True, "hidePhoneNumber": False, "apiKey": "key-1"},
     RULE, lambda r: (r.id, r.numbers)),
    ("rules.list",
     lambda s: s.sip.routing_rules.list(search="De", type="inbound", rule_ids=["r1", "r2"],
                                        room_type=["static", "dynamic"]),
     "GET", "/v2/sip/routing-rule",
     {"search": "De", "type": "inbound", "ruleIds": "r1,r2", "roomType": "static,dynamic"},
     None, {**PAGE, "data": [RULE]}, lambda p: [r.id for r in p.data]),
    ("rules.get", lambda s: s.sip.routing_rules.get("r1"),
     "GET", "/v2/sip/routing-rule/r1", {}, None, RULE, lambda r: r.type),
    ("rules.update",
     lambda s: s.sip.routing_rules.update(
         "r1", rule=vs.RoutingRuleTarget("individual", room_prefix="random"), headers={"X": "1"}),
     "PATCH", "/v2/sip/routing-rule/r1", {},
     {"room": {"type": "dynamic", "prefix": "random"}, "headers": {"X": "1"}},
     RULE, lambda r: r.id),
    ("rules.delete", lambda s: s.sip.routing_rules.delete("r1"),
     "DELETE", "/v2/sip/routing-rule/r1", {}, None, MESSAGE, lambda r: r),
    ("numbers.create",
     lambda s: s.sip.phone_numbers.create(
         name="Line", phone_numbers=["+14155550100"], inbound=vs.PhoneNumberInbound("auto"),
         outbound=vs.PhoneNumberOutbound("sip.a.com", "in002", auth=AUTH, transport="udp"),
         is_shared=False, media_encryption="disable"),
     "POST", "/v2/sip/phone-numbers", {},
     {"name": "Line", "phoneNumbers": ["+14155550100"], "isShared": False,
      "mediaEncryption": "disable", "inbound": {"sipRegion": "auto"},
      "outbound": {"address": "sip.a.com", "sipRegion": "in002",
                   "auth": {"username": "alice", "password": "s3cret"}, "transport": "udp"}},
     MESSAGE, lambda r: r),
    ("numbers.list", lambda s: s.sip.phone_numbers.list(search="+1415"),
     "GET", "/v2/sip/phone-numbers", {"search": "+1415"}, None, {**PAGE, "data": [NUMBER]},
     lambda p: [(n.e164, n.inbound.id, n.outbound) for n in p.data]),
    ("numbers.get", lambda s: s.sip.phone_numbers.get("+14155550100"),
     "GET", "/v2/sip/phone-numbers/%2B14155550100", {}, None, NUMBER,
     lambda n: (n.phone_number_id, n.status)),
    ("numbers.detach", lambda s: s.sip.phone_numbers.detach("+14155550100"),
     "POST", "/v2/sip/phone-numbers/detach", {}, {"phoneNumber": "+14155550100"}, MESSAGE,
     lambda r: r),
    ("numbers.update_gateway",
     lambda s: s.sip.phone_numbers.update_gateway(
         "g1", name="G", media_encryption="enable", sip_region="us002", address="sip.c.com",
         auth=AUTH, transport="tcp"),
     "PATCH", "/v2/sip/phone-numbers/gateways/g1", {},
     {"name": "G", "mediaEncryption": "enable", "sipRegion": "us002", "address": "sip.c.com",
      "auth": {"username": "alice", "password": "s3cret"}, "transport": "tcp"},
     MESSAGE, lambda r: r),
    ("numbers.release", lambda s: s.sip.phone_numbers.release("n1"),
     "POST", "/v2/sip/phone-numbers/n1/release", {}, None, MESSAGE, lambda r: r),
    ("calls.create",
     lambda s: s.sip.calls.create(
         call_to="+14155550199", call_from="+14155550100", room_id="abcd-efgh-ijkl",
         participant_id="caller-1", gateway_id="g1", routing_rule_id="r1",
         metadata={"crm": 7}, record_audio=True, wait_until_answered=True, ringing_timeout=30,
         dtmf=True, max_call_duration=600, media_encryption="enable", hide_phone_number=False,
         headers={"X-A": "b"}, include_headers="ALL"),
     "POST", "/v2/sip/call", {},
     {"sipCallTo": "+14155550199", "sipCallFrom": "+14155550100",
      "destinationRoomId": "abcd-efgh-ijkl", "participant": {"id": "caller-1"},
      "gatewayId": "g1", "routingRuleId": "r1", "metadata": {"crm": 7}, "recordAudio": True,
      "waitUntilAnswered": True, "ringingTimeout": 30, "dtmf": True, "maxCallDuration": 600,
      "mediaEncryption": "enable", "hidePhoneNumber": False, "headers": {"X-A": "b"},
      "includeHeaders": "ALL"},
     {"message": "ok", "data": CALL}, lambda c: (c.id, c.status, c.from_)),
    ("calls.list",
     lambda s: s.sip.calls.list(
         room_id="abcd", session_id="s1", id="c1", gateway_id="g1", rule_id="r1",
         type="outbound", search="+1",
         start_date=datetime(2024, 1, 1, tzinfo=UTC), end_date=datetime(2024, 1, 2, tzinfo=UTC)),
     "GET", "/v2/sip/call",
     {"roomId": "abcd", "sessionId": "s1", "id": "c1", "gatewayId": "g1", "ruleId": "r1",
      "type": "outbound", "search": "+1", "startDate": "1704067200000",
      "endDate": "1704153600000"},
     None, {**PAGE, "data": [{"callId": "c9", "status": "ended"}]},
     lambda p: [(c.id, c.status) for c in p.data]),
    ("calls.get", lambda s: s.sip.calls.get("c1"),
     "GET", "/v2/sip/call/c1", {}, None, {"data": CALL}, lambda c: c.to),
    ("calls.transfer",
     lambda s: s.sip.calls.transfer("c1", to="+14155550111", participant={"name": "B"},
                                    play_dialtone=True),
     "POST", "/v2/sip/call/transfer", {},
     {"callId": "c1", "transferTo": "+14155550111", "participant": {"name": "B"},
      "playDialtone": True},
     {"data": {**CALL, "status": "transferred"}}, lambda c: c.status),
    ("calls.end", lambda s: s.sip.calls.end("c1"),
     "POST", "/v2/sip/call/end", {}, {"callId": "c1"}, {"data": {**CALL, "status": "ended"}},
     lambda c: c.status),
    ("calls.switch_room",
     lambda s: s.sip.calls.switch_room("c1", room_id="wxyz", participant_id="p2", token="tok"),
     "POST", "/v2/sip/call/switch-room", {},
     {"callId": "c1", "roomId": "wxyz", "participantId": "p2", "token": "tok"},
     {"data": {**CALL, "roomId": "wxyz"}}, lambda c: c.room_id),
    ("webhooks.create",
     lambda s: s.sip.webhooks.create(url="https://hooks.example/sip", events=["call-answered"]),
     "POST", "/v2/sip/webhooks", {},
     {"url": "https://hooks.example/sip", "events": ["call-answered"]}, HOOK,
     lambda w: (w.id, w.events)),
    ("webhooks.list", lambda s: s.sip.webhooks.list(search="hooks"),
     "GET", "/v2/sip/webhooks", {"search": "hooks"}, None,
     {**PAGE, "data": [{"webhookId": "w9", "url": "u", "events": []}]},
     lambda p: [w.id for w in p.data]),
    ("webhooks.get", lambda s: s.sip.webhooks.get("w1"),
     "GET", "/v2/sip/webhooks/w1", {}, None, HOOK, lambda w: w.url),
    ("webhooks.update",
     lambda s: s.sip.webhooks.update("w1", url="https://h/2", events=["call-hangup"]),
     "PATCH", "/v2/sip/webhooks/w1", {}, {"url": "https://h/2", "events": ["call-hangup"]},
     HOOK, lambda w: w.id),
    ("webhooks.delete", lambda s: s.sip.webhooks.delete("w1"),
     "DELETE", "/v2/sip/webhooks/w1", {}, None, "Webhook deleted", lambda r: r),
]  # fmt: skip

EXPECTED = {
    "inbound.create": ("t1", "u", ""),
    "inbound.list": ["t1"],
    "inbound.get": ("+14155550100",),
    "inbound.update": "t1",
    "inbound.delete": "Done",
    "outbound.create": "t1",
    "outbound.list": ["t1"],
    "outbound.get": "t1",
    "outbound.update": "t1",
    "outbound.delete": "Done",
    "rules.create": ("r1", ("+14155550100",)),
    "rules.list": ["r1"],
    "rules.get": "inbound",
    "rules.update": "r1",
    "rules.delete": "Done",
    "numbers.create": "Done",
    "numbers.list": [("+14155550100", "g1", None)],
    "numbers.get": ("n1", "active"),
    "numbers.detach": "Done",
    "numbers.update_gateway": "Done",
    "numbers.release": "Done",
    "calls.create": ("c1", "initiated", "+14155550100"),
    "calls.list": [("c9", "ended")],
    "calls.get": "+14155550199",
    "calls.transfer": "transferred",
    "calls.end": "ended",
    "calls.switch_room": "wxyz",
    "webhooks.create": ("w1", ("call-answered",)),
    "webhooks.list": ["w9"],
    "webhooks.get": "https://hooks.example/sip",
    "webhooks.update": "w1",
    "webhooks.delete": "Webhook deleted",
}


@pytest.mark.parametrize(
    ("name", "call", "method", "path", "query", "body", "answer", "result"),
    CASES,
    ids=[case[0] for case in CASES],
)
async def test_each_call_sends_exactly_its_request(
    sdk: vs.AsyncVideoSDK,
    api: respx.MockRouter,
    name: str,
    call: Call,
    method: str,
    path: str,
    query: dict[str, str],
    body: Any,
    answer: Any,
    result: Callable[[Any], Any],
) -> None:
    """Each sip call sends its method, path, query and JSON body; its answer decodes."""
    route = api.request(method, path).respond(200, json=answer)

    got = await call(sdk)

    request = route.calls.last.request
    assert route.call_count == 1
    assert dict(request.url.params) == query
    assert (json.loads(request.content) if request.content else None) == body
    assert result(got) == EXPECTED[name]


def test_every_case_has_its_expected_result() -> None:
    """The table of calls and the table of results name the same calls."""
    assert [case[0] for case in CASES] == list(EXPECTED)
