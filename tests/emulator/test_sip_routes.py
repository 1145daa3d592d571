"""The emulator's SIP routes as a plain HTTP client sees them: the API's validation, the
answers' shapes, and the SIP test controls."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from videosdk_async.emulator import Emulator
from videosdk_async.emulator.routes.sip import SipControls

LINE = "+14155550100"
NUMBERS = {
    "name": "Line",
    "phoneNumbers": [LINE],
    "inbound": {"sipRegion": "auto"},
    "outbound": {"address": "sip.example.com", "sipRegion": "auto"},
}


async def _room(client: httpx.AsyncClient) -> str:
    room_id: str = (await client.post("/v2/rooms", json={})).json()["roomId"]
    return room_id


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/v2/sip/inbound-gateways", {"name": "a"}, 400),
        ("/v2/sip/inbound-gateways", {"name": "a", "numbers": []}, 400),
        ("/v2/sip/inbound-gateways", {"name": "a", "numbers": ["4155550100"]}, 400),
        ("/v2/sip/inbound-gateways", {"name": "a", "numbers": [LINE], "geoRegion": "eu"}, 400),
        ("/v2/sip/outbound-gateways", {"name": "a", "numbers": [LINE]}, 400),
        (
            "/v2/sip/outbound-gateways",
            {"name": "a", "numbers": [LINE], "address": "h", "transport": "sctp"},
            400,
        ),
        ("/v2/sip/routing-rule", {"name": "a", "type": "both"}, 400),
        ("/v2/sip/routing-rule", {"name": "a", "type": "inbound", "phoneNumbers": [LINE]}, 400),
        ("/v2/sip/routing-rule", {"name": "a", "type": "inbound", "room": {"type": "static"}}, 400),
        ("/v2/sip/phone-numbers", {**NUMBERS, "inbound": {"sipRegion": "eu"}}, 400),
        ("/v2/sip/phone-numbers", {**NUMBERS, "outbound": {"sipRegion": "auto"}}, 400),
        ("/v2/sip/webhooks", {"url": "ftp://h", "events": ["call-hangup"]}, 400),
        ("/v2/sip/webhooks", {"url": "https://h", "events": []}, 400),
        ("/v2/sip/call", {"sipCallTo": "12345"}, 400),
        ("/v2/sip/call", {"sipCallTo": LINE, "gatewayId": "nope"}, 400),
    ],
)
async def test_bad_bodies_are_refused(
    client: httpx.AsyncClient, path: str, body: dict[str, Any], status: int
) -> None:
    """Missing or out-of-set fields, non-E.164 numbers, unknown references: 400."""
    answer = await client.post(path, json=body)

    assert answer.status_code == status
    assert answer.json()["statusCode"] == status


async def test_a_number_is_provisioned_once(client: httpx.AsyncClient) -> None:
    """Provisioning a number twice is a 409; the first stays."""
    first = await client.post("/v2/sip/phone-numbers", json=NUMBERS)
    again = await client.post("/v2/sip/phone-numbers", json=NUMBERS)
    listed = (await client.get("/v2/sip/phone-numbers")).json()

    assert (first.status_code, again.status_code) == (200, 409)
    assert [n["phoneNumber"]["e164"] for n in listed["data"]] == [LINE]
    assert listed["pageInfo"]["total"] == 1


async def test_unshared_numbers_get_a_gateway_pair_each(client: httpx.AsyncClient) -> None:
    """isShared false gives each number its own inbound and outbound gateway."""
    body = {**NUMBERS, "phoneNumbers": [LINE, "+14155550101"], "isShared": False}
    await client.post("/v2/sip/phone-numbers", json=body)
    one = (await client.get("/v2/sip/phone-numbers/%2B14155550100")).json()
    two = (await client.get("/v2/sip/phone-numbers/%2B14155550101")).json()

    assert one["outbound"]["id"] != two["outbound"]["id"]
    assert one["outbound"]["numbers"] == [LINE]


async def test_an_inbound_gateway_refuses_outbound_fields(client: httpx.AsyncClient) -> None:
    """update_gateway with an address for an inbound gateway is a 400."""
    await client.post("/v2/sip/phone-numbers", json=NUMBERS)
    number = (await client.get(f"/v2/sip/phone-numbers/{LINE}".replace("+", "%2B"))).json()

    answer = await client.patch(
        f"/v2/sip/phone-numbers/gateways/{number['inbound']['id']}", json={"address": "h"}
    )

    assert answer.status_code == 400


async def test_a_rule_s_direction_cannot_change(client: httpx.AsyncClient) -> None:
    """PATCH of a routing rule with a type is a 400."""
    rule = (await client.post("/v2/sip/routing-rule", json={"name": "a", "type": "inbound"})).json()

    answer = await client.patch(f"/v2/sip/routing-rule/{rule['id']}", json={"type": "outbound"})

    assert answer.status_code == 400


async def test_a_call_answers_under_data_and_lists_with_call_id(
    client: httpx.AsyncClient,
) -> None:
    """POST /v2/sip/call answers {data: call}; GET /v2/sip/call lists items keyed callId."""
    await client.post("/v2/sip/phone-numbers", json=NUMBERS)
    room_id = await _room(client)
    made = await client.post(
        "/v2/sip/call", json={"sipCallTo": "+14155550199", "sipCallFrom": LINE,
                              "destinationRoomId": room_id}
    )  # fmt: skip
    listed = (await client.get("/v2/sip/call")).json()

    data = made.json()["data"]
    assert (data["status"], data["roomId"], data["from"]) == ("initiated", room_id, LINE)
    assert "_outcome" not in data
    assert listed["data"][0]["callId"] == data["id"]
    assert "id" not in listed["data"][0]


async def test_a_call_to_an_unknown_room_is_not_found(client: httpx.AsyncClient) -> None:
    """A destinationRoomId that names no room is a 404."""
    await client.post("/v2/sip/phone-numbers", json=NUMBERS)

    answer = await client.post(
        "/v2/sip/call",
        json={"sipCallTo": "+14155550199", "sipCallFrom": LINE, "destinationRoomId": "nope"},
    )

    assert answer.status_code == 404


def test_next_call_outcome_refuses_an_unknown_outcome(emulator: Emulator) -> None:
    """SipControls.next_call_outcome('busy') is a ValueError."""
    with pytest.raises(ValueError, match="outcome"):
        emulator.control(SipControls).next_call_outcome("busy")


async def test_the_outcome_control_route_scripts_the_next_call(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """POST /_emulator/sip/next-call-outcome {outcome} makes the next call end so."""
    await client.post("/v2/sip/phone-numbers", json=NUMBERS)
    room_id = await _room(client)
    scripted = await client.post("/_emulator/sip/next-call-outcome", json={"outcome": "failed"})

    made = await client.post(
        "/v2/sip/call",
        json={"sipCallTo": "+14155550199", "sipCallFrom": LINE, "destinationRoomId": room_id,
              "waitUntilAnswered": True},
    )  # fmt: skip

    assert scripted.status_code == 200
    assert made.json()["data"]["status"] == "failed"
    assert [c["status"] for c in emulator.control(SipControls).calls()] == ["failed"]
