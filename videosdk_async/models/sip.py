"""SIP telephony: inputs `SipAuth`, `RoutingRuleTarget`, `PhoneNumberInbound`,
`PhoneNumberOutbound`; results `SipTrunk`, `SipRoutingRule`, `PhoneNumber`, `SipCall`,
`SipWebhook`; and `SIP_WEBHOOK_EVENTS`. No I/O here.

Closed value sets are checked when an input is made (``ValueError``, nothing sent); values read
back from the API are plain ``str`` (the API may add some).
"""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final

import attrs

from ._base import Model
from ._sip_inputs import (
    DIRECTIONS,
    ENCRYPTIONS,
    HEADER_MODES,
    REGIONS,
    ROOM_PREFIXES,
    ROOM_TYPES,
    TRANSPORTS,
    PhoneNumberInbound,
    PhoneNumberOutbound,
    RoutingRuleTarget,
    SipAuth,
    one_of,
)

__all__ = [
    "DIRECTIONS",
    "ENCRYPTIONS",
    "HEADER_MODES",
    "REGIONS",
    "ROOM_PREFIXES",
    "ROOM_TYPES",
    "SIP_WEBHOOK_EVENTS",
    "TRANSPORTS",
    "PhoneNumber",
    "PhoneNumberInbound",
    "PhoneNumberOutbound",
    "RoutingRuleTarget",
    "SipAuth",
    "SipCall",
    "SipRoutingRule",
    "SipTrunk",
    "SipWebhook",
    "one_of",
]

#: The SIP webhook event names the official Node SDK lists (``SipWebhookEvent``). Others are
#: sent as given [INF].
SIP_WEBHOOK_EVENTS: Final[tuple[str, ...]] = (
    "call-started",
    "call-answered",
    "call-hangup",
    "call-transferred",
    "call-missed",
    "call-update",
    "call-ringing",
    "call-transfer-initiated",
    "call-transfer-accepted",
    "call-transferring",
    "call-transfer-ringing",
    "call-transfer-failed",
    "switch-room-initiated",
    "switch-room-completed",
    "switch-room-failed",
)


def _given(data: Mapping[str, Any]) -> dict[str, Any]:
    """The answer without its ``null`` fields (their defaults apply)."""
    return {key: value for key, value in data.items() if value is not None}


def _wire_auth(data: dict[str, Any]) -> dict[str, Any]:
    auth = data.get("auth")
    if isinstance(auth, Mapping) and isinstance(auth.get("username"), str):
        # [INF] An answer may leave the password out (masked): it reads as "".
        password = auth.get("password")
        data["auth"] = {"username": auth["username"], "password": password or ""}
    else:
        data.pop("auth", None)
    return data


@attrs.frozen
class SipTrunk(Model):
    """An inbound or outbound SIP trunk (gateway).

    Attributes:
        id: Its id.
        name: Its display name.
        address: The SIP host (outbound trunks).
        numbers: The E.164 numbers it handles.
        allowed_addresses: Source IPs/CIDRs it accepts (inbound).
        allowed_numbers: Caller-number patterns it accepts.
        media_encryption: ``"enable"`` or ``"disable"``.
        transport: ``"udp"``, ``"tcp"`` or ``"tls"``.
        record: Whether its calls are recorded.
        tags: Its tags.
        auth: Its SIP credentials, if the API shows them.
        geo_region: Its SIP region.
        metadata: Its metadata.
        noise_cancellation: Whether noise cancellation is on.
        enable_dtmf: Whether DTMF is on.
        raw: The decoded JSON it came from.
    """

    id: str
    name: str | None = None
    address: str | None = None
    numbers: tuple[str, ...] = ()
    allowed_addresses: tuple[str, ...] = ()
    allowed_numbers: tuple[str, ...] = ()
    media_encryption: str | None = None
    transport: str | None = None
    record: bool | None = None
    tags: tuple[str, ...] = ()
    auth: SipAuth | None = None
    geo_region: str | None = None
    metadata: dict[str, Any] | None = None
    noise_cancellation: bool | None = None
    enable_dtmf: bool | None = None

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        data = _given(data)
        if data.get("id") is None and isinstance(data.get("_id"), str):
            data["id"] = data["_id"]  # [INF] a MongoDB-style answer
        return _wire_auth(data)


@attrs.frozen
class SipRoutingRule(Model):
    """A routing rule: binds provisioned numbers to a room (and an agent).

    Attributes:
        id: Its id.
        name: Its name.
        type: ``"inbound"`` or ``"outbound"``.
        numbers: The numbers it binds.
        room: Where calls go: ``{type: "static", id, pin?}`` or ``{type: "dynamic", prefix}``.
        agent_id: The agent dispatched to its calls.
        agent_metadata: Metadata given to that agent.
        hide_phone_number: Whether the caller's number is hidden in the room.
        tags: Its tags.
        api_key: The API key it is bound to.
        recording: Whether its calls are recorded.
        dtmf: Whether DTMF is on.
        noise_cancellation: Whether noise cancellation is on.
        allowed_numbers: Caller-number patterns it accepts.
        allowed_ip_addresses: Source addresses it accepts.
        include_headers: ``"ALL"``, ``"SIP_X_HEADERS"`` or ``"NONE"``.
        headers: SIP headers sent on its calls (outbound).
        headers_to_attributes: SIP headers mapped to participant attributes (inbound).
        created_at: When it was made.
        updated_at: When it last changed.
        raw: The decoded JSON it came from.
    """

    id: str
    name: str | None = None
    type: str | None = None
    numbers: tuple[str, ...] = ()
    room: dict[str, Any] | None = None
    agent_id: str | None = None
    agent_metadata: dict[str, Any] | None = None
    hide_phone_number: bool | None = None
    tags: tuple[str, ...] = ()
    api_key: str | None = None
    recording: bool | None = None
    dtmf: bool | None = None
    noise_cancellation: bool | None = None
    allowed_numbers: tuple[str, ...] = ()
    allowed_ip_addresses: tuple[str, ...] = ()
    include_headers: str | None = None
    headers: dict[str, Any] | None = None
    headers_to_attributes: dict[str, Any] | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        data = _given(data)
        if data.get("id") is None and isinstance(data.get("_id"), str):
            data["id"] = data["_id"]  # [INF] a MongoDB-style answer
        return data


@attrs.frozen
class PhoneNumber(Model):
    """A provisioned phone number with its gateways (the answer's ``phoneNumber``,
    ``inbound`` and ``outbound``, flattened).

    Attributes:
        phone_number_id: Its id (for `release`).
        e164: The number, e.g. ``+14155550100``.
        country_code: Its country code.
        provider: Its telephony provider.
        origin: Where it came from.
        status: Its status.
        name: Its display name.
        created_at: When it was provisioned.
        updated_at: When it last changed.
        inbound: Its inbound gateway, if attached.
        outbound: Its outbound gateway, if attached.
        raw: The decoded JSON it came from.
    """

    phone_number_id: str
    e164: str
    country_code: str | None = None
    provider: str | None = None
    origin: str | None = None
    status: str | None = None
    name: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    inbound: SipTrunk | None = None
    outbound: SipTrunk | None = None

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        number = data.get("phoneNumber")
        flat = dict(number) if isinstance(number, Mapping) else dict(data)
        for side in ("inbound", "outbound"):
            flat[side] = data.get(side) if isinstance(data.get(side), Mapping) else None
        return _given(flat)


def _moment(value: object) -> object:
    """[INF] A time given as epoch milliseconds reads as the ISO time it is."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, UTC).isoformat()
    return value


@attrs.frozen
class SipCall(Model):
    """A SIP call (a leg between a phone and a room).

    Attributes:
        id: Its id (``id``, else ``callId``).
        type: ``"inbound"`` or ``"outbound"``.
        transport: Its SIP transport.
        provider: Its telephony provider.
        gateway_id: The trunk it went through.
        rule_id: The routing rule that placed it.
        room_id: The room it is (or was) in.
        to: The number called.
        from_: The number calling (``from`` on the wire and in `to_dict`).
        session_id: The room session it joined.
        status: ``initiated``, ``ringing``, ``answered``, ``not-answered``, ``ended``,
            ``transferred``, ... (20 values the API documents; a ``str``).
        metadata: Its metadata.
        start: When it started.
        end: When it ended, if it has.
        timelog: Its status changes as the API lists them.
        region: Where it ran.
        transfer: Its transfer, if any, as the API gives it.
        additional_details: More, as the API gives it.
        raw: The decoded JSON it came from.
    """

    id: str
    type: str | None = None
    transport: str | None = None
    provider: str | None = None
    gateway_id: str | None = None
    rule_id: str | None = None
    room_id: str | None = None
    to: str | None = None
    from_: str | None = attrs.field(default=None, metadata={"wire": "from"})
    session_id: str | None = None
    status: str | None = None
    metadata: dict[str, Any] | None = None
    start: datetime | None = None
    end: datetime | None = None
    timelog: tuple[dict[str, Any], ...] = ()
    region: str | None = None
    transfer: Any = None
    additional_details: Any = None

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        data = _given(data)
        if data.get("id") is None and "callId" in data:
            data["id"] = data["callId"]
        for key in ("start", "end"):
            if key in data:
                data[key] = _moment(data[key])
        return data

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: snake_case keys (``"from"`` for `from_`), ISO-8601 times."""
        data = super().to_dict()
        return {("from" if key == "from_" else key): value for key, value in data.items()}


@attrs.frozen
class SipWebhook(Model):
    """A SIP webhook: where SIP call events are delivered.

    Attributes:
        id: Its id (``id``, else ``webhookId``).
        url: Where events go.
        events: The event names it subscribes to (see `SIP_WEBHOOK_EVENTS`).
        created_at: When it was made.
        updated_at: When it last changed.
        raw: The decoded JSON it came from.
    """

    id: str
    url: str | None = None
    events: tuple[str, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        data = _given(data)
        if data.get("id") is None and "webhookId" in data:
            data["id"] = data["webhookId"]
        return data
