"""SIP call events: each status change of a call is delivered, signed and in order, to the SIP
webhooks subscribed to its event, and verifies with sdk.webhooks.verify."""

from __future__ import annotations

import json

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import videosdk_async as vs
from videosdk_async.emulator import Emulator, EmulatorServer
from videosdk_async.emulator.routes.sip import SipControls

LINE = "+14155550100"
CALLEE = "+14155550199"


class Receiver:
    """An ASGI receiver recording (path, body, signature) of each delivery."""

    def __init__(self) -> None:
        self.received: list[tuple[str, bytes, str]] = []

        async def hook(request: Request) -> Response:
            body = await request.body()
            self.received.append((request.url.path, body, request.headers["videosdk-signature"]))
            return Response(status_code=200)

        self.app = Starlette(routes=[Route("/{name}", hook, methods=["POST"])])

    def types(self, path: str | None = None) -> list[str]:
        """The webhookType of each delivery (to ``path`` only, if given), in order."""
        return [
            json.loads(body)["webhookType"]
            for where, body, _ in self.received
            if path is None or where == path
        ]


async def _line_and_room(sdk: vs.AsyncVideoSDK) -> str:
    await sdk.sip.phone_numbers.create(
        name="Line",
        phone_numbers=[LINE],
        inbound=vs.PhoneNumberInbound("auto"),
        outbound=vs.PhoneNumberOutbound("sip.example.com", "auto"),
    )
    return (await sdk.rooms.create()).room_id


@pytest.mark.loopback
async def test_a_call_s_status_changes_arrive_signed_in_order_and_verify() -> None:
    """Walk, switch room, end: every event arrives in order and verifies with the SDK."""
    receiver = Receiver()
    with EmulatorServer(Emulator()) as server:
        emulator = server.emulator
        emulator.route_webhooks_to(receiver.app)
        async with vs.AsyncVideoSDK(**server.sdk_kwargs()) as sdk:
            room_id = await _line_and_room(sdk)
            other = (await sdk.rooms.create()).room_id
            await sdk.sip.webhooks.create(url="http://receiver/sip", events=vs.SIP_WEBHOOK_EVENTS)
            call = await sdk.sip.calls.create(call_to=CALLEE, call_from=LINE, room_id=room_id)
            await sdk.sip.calls.get(call.id)
            await sdk.sip.calls.get(call.id)
            await sdk.sip.calls.switch_room(call.id, room_id=other)
            await sdk.sip.calls.end(call.id)
            delivered = await emulator.deliveries_settled()
            events = [await sdk.webhooks.verify(body, sig) for _, body, sig in receiver.received]

    assert [e.type for e in events] == [
        "call-started",
        "call-ringing",
        "call-answered",
        "switch-room-initiated",
        "switch-room-completed",
        "call-hangup",
    ]
    statuses = [e.data["status"] for e in events]  # type: ignore[index]
    assert statuses == [
        "initiated",
        "ringing",
        "answered",
        "switch-room-initiated",
        "switch-room-completed",
        "ended",
    ]
    assert {e.data["callId"] for e in events} == {call.id}  # type: ignore[index]
    assert events[2].data["roomId"] == room_id  # type: ignore[index]
    assert events[4].data["roomId"] == other  # type: ignore[index]
    assert all(d.delivered for d in delivered)


async def test_only_subscribed_events_reach_each_sip_webhook() -> None:
    """A webhook gets only its events; a deleted one gets nothing; room webhooks get none."""
    receiver = Receiver()
    emulator = Emulator(webhook_app=receiver.app)
    async with emulator.sdk() as sdk:
        room_id = await _line_and_room(sdk)
        await sdk.rooms.create(webhook=vs.RoomWebhook("http://receiver/room", ["*"]))
        await sdk.sip.webhooks.create(url="http://receiver/answered", events=["call-answered"])
        gone = await sdk.sip.webhooks.create(url="http://receiver/gone", events=["call-started"])
        await sdk.sip.webhooks.delete(gone.id)
        await sdk.sip.calls.create(
            call_to=CALLEE, call_from=LINE, room_id=room_id, wait_until_answered=True
        )
        await emulator.deliveries_settled()

    assert receiver.types("/answered") == ["call-answered"]
    assert receiver.types("/gone") == []
    assert receiver.types("/room") == []


async def test_an_unanswered_call_is_missed() -> None:
    """A call scripted not-answered raises call-started, call-ringing, call-missed."""
    receiver = Receiver()
    emulator = Emulator(webhook_app=receiver.app)
    emulator.control(SipControls).next_call_outcome("not-answered")
    async with emulator.sdk() as sdk:
        room_id = await _line_and_room(sdk)
        await sdk.sip.webhooks.create(url="http://receiver/sip", events=vs.SIP_WEBHOOK_EVENTS)
        await sdk.sip.calls.create(
            call_to=CALLEE, call_from=LINE, room_id=room_id, wait_until_answered=True
        )
        await emulator.deliveries_settled()

    assert receiver.types() == ["call-started", "call-ringing", "call-missed"]


async def test_a_transfer_raises_its_events_in_order() -> None:
    """A transfer raises call-transfer-initiated, call-transfer-ringing, call-transferred."""
    receiver = Receiver()
    emulator = Emulator(webhook_app=receiver.app)
    async with emulator.sdk() as sdk:
        room_id = await _line_and_room(sdk)
        call = await sdk.sip.calls.create(
            call_to=CALLEE, call_from=LINE, room_id=room_id, wait_until_answered=True
        )
        await sdk.sip.webhooks.create(url="http://receiver/sip", events=vs.SIP_WEBHOOK_EVENTS)
        await sdk.sip.calls.transfer(call.id, to="+14155550111")
        await emulator.deliveries_settled()

    assert receiver.types() == [
        "call-transfer-initiated",
        "call-transfer-ringing",
        "call-transferred",
    ]
