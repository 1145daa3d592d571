"""SIP inputs: `SipAuth`, `RoutingRuleTarget`, `PhoneNumberInbound`, `PhoneNumberOutbound`,
and the closed value sets they and the SIP calls check. No I/O here."""

from typing import Any, Final, Literal

import attrs

from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._ids import check_id

REGIONS: Final = ("auto", "us002", "in002")
TRANSPORTS: Final = ("udp", "tcp", "tls")
ENCRYPTIONS: Final = ("enable", "disable")
HEADER_MODES: Final = ("ALL", "SIP_X_HEADERS", "NONE")
DIRECTIONS: Final = ("inbound", "outbound")
ROOM_TYPES: Final = ("static", "dynamic")
ROOM_PREFIXES: Final = ("blank", "participantNumber", "sipNumber", "random")


def one_of(value: object, name: str, allowed: tuple[str, ...]) -> Any:
    """``value`` if it is one of ``allowed`` (None passes).

    Raises:
        ValueError: Any other value.
    """
    if value is not None and value not in allowed:
        raise BadValue(f"{name} must be one of {allowed}, not {value!r}")
    return value


def _choice(allowed: tuple[str, ...], *, optional: bool = True) -> Any:
    def check(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
        if value is None and optional:
            return
        if value is None:
            raise BadValue(f"{attribute.name} must be one of {allowed}, not None")
        one_of(value, attribute.name, allowed)

    return check


def _text(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if not isinstance(value, str):
        raise BadType(f"{attribute.name} must be a str, not {type(value).__name__}")


def _optional_text(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is not None:
        _text(instance, attribute, value)


@attrs.frozen
class SipAuth:
    """SIP digest credentials of a trunk or gateway: ``{username, password}`` on the wire.

    Attributes:
        username: The SIP user name.
        password: The SIP password (never in the repr).
    """

    username: str = attrs.field(validator=_text)
    password: str = attrs.field(validator=_text, repr=False)

    def to_wire(self) -> dict[str, str]:
        """``{"username": ..., "password": ...}``."""
        return {"username": self.username, "password": self.password}


@attrs.frozen
class RoutingRuleTarget:
    """Where a routing rule sends a call: one fixed room, or a new room per call.

    Sent as the rule's ``room``: ``direct`` -> ``{type: "static", id, pin?}``; ``individual``
    -> ``{type: "dynamic", prefix: room_prefix or "blank", pin?}``.

    Attributes:
        type: ``"direct"`` (every call into ``room_id``) or ``"individual"`` (a room per call).
        room_id: The room of a direct rule (required for it, refused for an individual one).
        room_prefix: How an individual rule names its rooms: ``"blank"``,
            ``"participantNumber"``, ``"sipNumber"`` or ``"random"``.
        pin: A PIN the caller must enter.

    Raises:
        ValueError: A value outside its set, a direct target without ``room_id`` or an
            individual one with it (checked when made).
    """

    type: Literal["direct", "individual"] = attrs.field(
        validator=_choice(("direct", "individual"), optional=False)
    )
    room_id: str | None = None
    room_prefix: Literal["blank", "participantNumber", "sipNumber", "random"] | None = attrs.field(
        default=None, validator=_choice(ROOM_PREFIXES)
    )
    pin: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.type == "direct":
            if self.room_id is None:
                raise BadValue("a direct RoutingRuleTarget needs room_id=")
            check_id(self.room_id, "room_id")
        elif self.room_id is not None:
            raise BadValue("an individual RoutingRuleTarget takes no room_id (use direct)")

    def to_wire(self) -> dict[str, Any]:
        """The rule's ``room`` object."""
        if self.type == "direct":
            room: dict[str, Any] = {"type": "static", "id": self.room_id}
        else:
            room = {"type": "dynamic", "prefix": self.room_prefix or "blank"}
        if self.pin is not None:
            room["pin"] = self.pin
        return room


@attrs.frozen
class PhoneNumberInbound:
    """The inbound gateway of provisioned numbers: ``{sipRegion}`` on the wire.

    Attributes:
        sip_region: ``"auto"``, ``"us002"`` or ``"in002"``.
    """

    sip_region: Literal["auto", "us002", "in002"] = attrs.field(
        validator=_choice(REGIONS, optional=False)
    )

    def to_wire(self) -> dict[str, Any]:
        """``{"sipRegion": ...}``."""
        return {"sipRegion": self.sip_region}


@attrs.frozen
class PhoneNumberOutbound:
    """The outbound gateway of provisioned numbers: ``{address, sipRegion, auth?, transport?}``.

    Attributes:
        address: The SIP host, e.g. ``sip.telnyx.com:5061``.
        sip_region: ``"auto"``, ``"us002"`` or ``"in002"``.
        auth: The gateway's SIP credentials.
        transport: ``"udp"``, ``"tcp"`` or ``"tls"`` (the API's default: tls).
    """

    address: str = attrs.field(validator=_text)
    sip_region: Literal["auto", "us002", "in002"] = attrs.field(
        validator=_choice(REGIONS, optional=False)
    )
    auth: SipAuth | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(SipAuth))
    )
    transport: Literal["udp", "tcp", "tls"] | None = attrs.field(
        default=None, validator=_choice(TRANSPORTS)
    )

    def to_wire(self) -> dict[str, Any]:
        """The ``outbound`` object (unset keys left out)."""
        wire: dict[str, Any] = {"address": self.address, "sipRegion": self.sip_region}
        if self.auth is not None:
            wire["auth"] = self.auth.to_wire()
        if self.transport is not None:
            wire["transport"] = self.transport
        return wire
