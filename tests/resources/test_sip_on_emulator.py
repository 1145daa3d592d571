"""sdk.sip end to end: the emulator over loopback, on both transports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import videosdk_async as vs
from videosdk_async.emulator import Emulator
from videosdk_async.emulator.routes.sip import SipControls

pytestmark = pytest.mark.loopback

LINE = "+14155550100"
CALLEE = "+14155550199"


async def _line(sdk: vs.AsyncVideoSDK, number: str = LINE) -> vs.PhoneNumber:
    await sdk.sip.phone_numbers.create(
        name="Support",
        phone_numbers=[number],
        inbound=vs.PhoneNumberInbound("auto"),
        outbound=vs.PhoneNumberOutbound("sip.telnyx.com:5061", "us002", vs.SipAuth("u", "p")),
    )
    return await sdk.sip.phone_numbers.get(number)


async def _answered(sdk: vs.AsyncVideoSDK) -> tuple[vs.SipCall, str]:
    await _line(sdk)
    room = await sdk.rooms.create()
    call = await sdk.sip.calls.create(
        call_to=CALLEE, call_from=LINE, room_id=room.room_id, wait_until_answered=True
    )
    return call, room.room_id


async def test_inbound_trunks_are_created_listed_updated_and_deleted(
    wire_sdk: vs.AsyncVideoSDK,
) -> None:
    """An inbound trunk round-trips; an update without the flags resets them (as the API)."""
    trunks = wire_sdk.sip.trunks.inbound
    made = await trunks.create(
        name="Main", numbers=[LINE], auth=vs.SipAuth("alice", "pw"), record=True,
        enable_dtmf=True, geo_region="us002", allowed_numbers=["+1*"],
    )  # fmt: skip
    listed = (await trunks.list(search="mai")).data
    updated = await trunks.update(made.id, name="Renamed")
    got = await trunks.get(made.id)
    gone = await trunks.delete(made.id)

    assert (made.record, made.enable_dtmf, made.geo_region) == (True, True, "us002")
    assert made.auth == vs.SipAuth("alice", "pw")
    assert [t.id for t in listed] == [made.id]
    assert (updated.name, updated.record, updated.enable_dtmf, updated.geo_region) == (
        "Renamed", False, False, None,
    )  # fmt: skip
    assert got == updated
    assert isinstance(gone, str)
    with pytest.raises(vs.NotFoundError):
        await trunks.get(made.id)


async def test_outbound_trunks_need_an_address_and_default_to_tls(
    wire_sdk: vs.AsyncVideoSDK,
) -> None:
    """An outbound trunk keeps its host, defaults to tls, filters by id, updates and deletes."""
    trunks = wire_sdk.sip.trunks.outbound
    made = await trunks.create(name="Out", numbers=[LINE], address="sip.a.com:5061")
    by_id = (await trunks.list(id=made.id)).data
    updated = await trunks.update(made.id, transport="udp", allowed_numbers=["+44*"])
    await trunks.delete(made.id)

    assert (made.address, made.transport) == ("sip.a.com:5061", "tls")
    assert [t.id for t in by_id] == [made.id]
    assert (updated.transport, updated.allowed_numbers) == ("udp", ("+44*",))
    assert (await trunks.list()).data == []


async def test_phone_numbers_are_provisioned_with_their_gateways(
    wire_sdk: vs.AsyncVideoSDK,
) -> None:
    """create provisions, get finds it by E.164 with both gateways, list searches it."""
    number = await _line(wire_sdk)
    listed = (await wire_sdk.sip.phone_numbers.list(search="5550100")).data

    assert (number.e164, number.status, number.name) == (LINE, "active", "Support")
    assert number.inbound is not None
    assert number.outbound is not None
    assert (number.outbound.address, number.outbound.geo_region) == ("sip.telnyx.com:5061", "us002")
    assert [n.phone_number_id for n in listed] == [number.phone_number_id]


async def test_a_gateway_is_updated_then_the_number_detached_and_released(
    wire_sdk: vs.AsyncVideoSDK,
) -> None:
    """update_gateway changes the host; detach takes the gateways off (once); release forgets."""
    number = await _line(wire_sdk)
    assert number.outbound is not None
    updated = await wire_sdk.sip.phone_numbers.update_gateway(
        number.outbound.id, address="sip.b.com", transport="tcp"
    )
    moved = await wire_sdk.sip.phone_numbers.get(LINE)
    detached = await wire_sdk.sip.phone_numbers.detach(LINE)
    bare = await wire_sdk.sip.phone_numbers.get(LINE)
    with pytest.raises(vs.BadRequestError):
        await wire_sdk.sip.phone_numbers.detach(LINE)
    released = await wire_sdk.sip.phone_numbers.release(number.phone_number_id)

    assert isinstance(updated, str)
    assert moved.outbound is not None
    assert (moved.outbound.address, moved.outbound.transport) == ("sip.b.com", "tcp")
    assert isinstance(detached, str)
    assert (bare.inbound, bare.outbound) == (None, None)
    assert isinstance(released, str)
    with pytest.raises(vs.NotFoundError):
        await wire_sdk.sip.phone_numbers.get(LINE)


async def test_routing_rules_round_trip_with_their_target(wire_sdk: vs.AsyncVideoSDK) -> None:
    """A rule's target goes as its room; list filters by type, ids and room type; update; delete."""
    await _line(wire_sdk)
    room = await wire_sdk.rooms.create()
    rules = wire_sdk.sip.routing_rules
    direct = await rules.create(
        name="Desk", type="inbound", phone_numbers=[LINE],
        rule=vs.RoutingRuleTarget("direct", room_id=room.room_id), recording=True,
    )  # fmt: skip
    per_call = await rules.create(name="Out", type="outbound", room={"type": "dynamic"})
    statics = (await rules.list(room_type=["static"])).data
    picked = (await rules.list(rule_ids=[per_call.id], type="outbound")).data
    updated = await rules.update(direct.id, rule=vs.RoutingRuleTarget("individual"))
    await rules.delete(per_call.id)

    assert direct.room == {"type": "static", "id": room.room_id}
    assert (direct.numbers, direct.recording) == ((LINE,), True)
    assert [r.id for r in statics] == [direct.id]
    assert [r.id for r in picked] == [per_call.id]
    assert updated.room == {"type": "dynamic", "prefix": "blank"}
    assert [r.id for r in (await rules.list()).data] == [direct.id]
    assert (await rules.get(direct.id)).updated_at is not None


async def test_sip_webhooks_round_trip(wire_sdk: vs.AsyncVideoSDK) -> None:
    """A SIP webhook is created, listed (id read from webhookId), got, replaced and deleted."""
    hooks = wire_sdk.sip.webhooks
    made = await hooks.create(url="https://hooks.example/sip", events=["call-answered"])
    listed = (await hooks.list(search="hooks.example")).data
    updated = await hooks.update(made.id, url="https://hooks.example/2", events=["call-hangup"])
    got = await hooks.get(made.id)
    await hooks.delete(made.id)

    assert [h.id for h in listed] == [made.id]
    assert (got.url, got.events) == ("https://hooks.example/2", ("call-hangup",))
    assert got == updated
    assert (await hooks.list()).data == []


async def test_a_call_walks_to_answered_one_step_per_read_and_joins_its_room(
    wire_sdk: vs.AsyncVideoSDK,
) -> None:
    """create answers initiated; each get moves it (ringing, answered); answered, it is in."""
    await _line(wire_sdk)
    room = await wire_sdk.rooms.create()
    made = await wire_sdk.sip.calls.create(
        call_to=CALLEE, call_from=LINE, room_id=room.room_id, participant_id="caller"
    )
    first = await wire_sdk.sip.calls.get(made.id)
    second = await wire_sdk.sip.calls.get(made.id)
    people = [p.participant_id async for p in wire_sdk.participants.list(room.room_id)]

    assert [made.status, first.status, second.status] == ["initiated", "ringing", "answered"]
    assert (made.to, made.from_, made.room_id, made.type) == (
        CALLEE,
        LINE,
        room.room_id,
        "outbound",
    )
    assert people == ["caller"]
    assert second.session_id is not None


async def test_calls_list_filters_and_reads_the_call_id(wire_sdk: vs.AsyncVideoSDK) -> None:
    """calls.list filters by room and date window (epoch ms); ids come from callId."""
    call, room_id = await _answered(wire_sdk)
    now = datetime.now(UTC)
    in_room = (await wire_sdk.sip.calls.list(room_id=room_id)).data
    window = (
        await wire_sdk.sip.calls.list(
            start_date=now - timedelta(hours=1), end_date=now + timedelta(hours=1)
        )
    ).data
    later = (await wire_sdk.sip.calls.list(start_date=now + timedelta(hours=1))).data

    assert [c.id for c in in_room] == [call.id]
    assert [c.id for c in window] == [call.id]
    assert later == []


async def test_an_answered_call_switches_room_then_ends(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """switch_room moves the caller to the other room; end hangs up and it leaves."""
    call, first_room = await _answered(wire_sdk)
    other = await wire_sdk.rooms.create()
    moved = await wire_sdk.sip.calls.switch_room(call.id, room_id=other.room_id)
    in_other = [p.participant_id async for p in wire_sdk.participants.list(other.room_id)]
    ended = await wire_sdk.sip.calls.end(call.id)

    assert (moved.status, moved.room_id) == ("switch-room-completed", other.room_id)
    assert in_other == [f"sip-{call.id}"]
    assert (ended.status, ended.end is not None) == ("ended", True)
    assert emu.live_session(other.room_id) is None
    with pytest.raises(vs.BadRequestError):
        await wire_sdk.sip.calls.end(call.id)
    assert first_room != other.room_id


async def test_an_answered_call_is_transferred(wire_sdk: vs.AsyncVideoSDK) -> None:
    """transfer hands the call on: status transferred, transfer target kept, caller gone."""
    call, _ = await _answered(wire_sdk)

    moved = await wire_sdk.sip.calls.transfer(call.id, to="+14155550111", play_dialtone=True)

    assert moved.status == "transferred"
    assert moved.transfer is not None
    assert moved.transfer["to"] == "+14155550111"
    with pytest.raises(vs.BadRequestError):
        await wire_sdk.sip.calls.transfer(call.id, to="+14155550111")


@pytest.mark.parametrize("outcome", ["not-answered", "failed"])
async def test_a_scripted_outcome_ends_the_walk(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator, outcome: str
) -> None:
    """SipControls.next_call_outcome makes the next call end so; it never joins its room."""
    await _line(wire_sdk)
    room = await wire_sdk.rooms.create()
    emu.control(SipControls).next_call_outcome(outcome)

    call = await wire_sdk.sip.calls.create(
        call_to=CALLEE, call_from=LINE, room_id=room.room_id, wait_until_answered=True
    )

    assert call.status == outcome
    assert emu.live_session(room.room_id) is None
    with pytest.raises(vs.BadRequestError):
        await wire_sdk.sip.calls.switch_room(call.id, room_id=room.room_id)


async def test_a_call_from_an_unknown_number_is_refused(wire_sdk: vs.AsyncVideoSDK) -> None:
    """A call neither from a provisioned number nor through a gateway is a 400."""
    with pytest.raises(vs.BadRequestError, match="sipCallFrom"):
        await wire_sdk.sip.calls.create(call_to=CALLEE, call_from="+14155550000")


async def test_a_call_through_an_outbound_trunk_gets_a_new_room(
    wire_sdk: vs.AsyncVideoSDK,
) -> None:
    """gateway_id alone places the call from the trunk's number, into a new room [INF]."""
    trunk = await wire_sdk.sip.trunks.outbound.create(name="o", numbers=[LINE], address="h")

    call = await wire_sdk.sip.calls.create(call_to=CALLEE, gateway_id=trunk.id)

    assert (call.gateway_id, call.from_) == (trunk.id, LINE)
    assert (await wire_sdk.rooms.get(call.room_id or "")).room_id == call.room_id


# -- the retry rule against a server that processed the request ------------------------


@pytest.mark.parametrize("step", ["create", "transfer", "end", "switch_room"])
async def test_a_502_after_processing_is_outcome_unknown_after_one_request(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator, step: str
) -> None:
    """calls.create/transfer/end/switch_room processed then answered 502: raised, sent once."""
    call, _ = await _answered(wire_sdk)
    other = await wire_sdk.rooms.create()
    route, send = {
        "create": ("POST /v2/sip/call",
                   lambda: wire_sdk.sip.calls.create(call_to=CALLEE, call_from=LINE)),
        "transfer": ("POST /v2/sip/call/transfer",
                     lambda: wire_sdk.sip.calls.transfer(call.id, to="+14155550111")),
        "end": ("POST /v2/sip/call/end", lambda: wire_sdk.sip.calls.end(call.id)),
        "switch_room": ("POST /v2/sip/call/switch-room",
                        lambda: wire_sdk.sip.calls.switch_room(call.id, room_id=other.room_id)),
    }[step]  # fmt: skip
    emu.inject(route, "process_then_fail", status=502)
    before = len(emu.journal)

    with pytest.raises(vs.InternalServerError) as info:
        await send()

    assert info.value.outcome_unknown is True
    assert [e.status for e in emu.journal[before:] if e.route == route] == [502]


@pytest.mark.parametrize("verb", ["PATCH", "GET"])
async def test_updates_and_reads_retry_after_a_processed_502(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator, verb: str
) -> None:
    """A webhook PATCH or GET processed then answered 502 is repeated and succeeds."""
    hook = await wire_sdk.sip.webhooks.create(url="https://h.example/a", events=["call-hangup"])
    route = f"{verb} /v2/sip/webhooks/{{id}}"
    emu.inject(route, "process_then_fail", status=502)
    send = {
        "PATCH": lambda: wire_sdk.sip.webhooks.update(
            hook.id, url="https://h.example/b", events=["call-hangup"]
        ),
        "GET": lambda: wire_sdk.sip.webhooks.get(hook.id),
    }[verb]

    result = await send()

    assert result.id == hook.id
    assert [e.status for e in emu.journal if e.route == route] == [502, 200]


async def test_a_delete_retries_a_502_and_succeeds(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """A trunk DELETE answered 502 is repeated and succeeds (a processed one would be a 404)."""
    trunk = await wire_sdk.sip.trunks.inbound.create(name="i", numbers=[LINE])
    route = "DELETE /v2/sip/inbound-gateways/{id}"
    emu.inject(route, "status", status=502)

    gone = await wire_sdk.sip.trunks.inbound.delete(trunk.id)

    assert isinstance(gone, str)
    assert [e.status for e in emu.journal if e.route == route] == [502, 200]
