"""`AsyncSipRoutingRules` (``/v2/sip/routing-rule``) and `AsyncSipPhoneNumbers`
(``/v2/sip/phone-numbers``).

Creates, ``detach`` and ``release`` are never repeated (``release`` has provider and billing
side effects; a repeated ``detach`` answers an error [INF]); reads, updates (PATCH) and deletes
are retried like reads. A rule or number answer is read at its top level, as the official
SDK reads it, or under ``data`` [INF].
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from .._core._converter import bare_string
from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._ids import check_id, check_label, optional_id, optional_label, segment
from .._core._pagination import AsyncPager
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.sip import (
    DIRECTIONS,
    ENCRYPTIONS,
    HEADER_MODES,
    REGIONS,
    ROOM_TYPES,
    TRANSPORTS,
    PhoneNumber,
    PhoneNumberInbound,
    PhoneNumberOutbound,
    RoutingRuleTarget,
    SipAuth,
    SipRoutingRule,
    one_of,
)
from ._base import Resource, into_at, listed, options
from ._sip_trunks import Encryption, Region, Transport, auth_wire, numbers_given

RULES = "/v2/sip/routing-rule"
NUMBERS = "/v2/sip/phone-numbers"


def _room(rule: RoutingRuleTarget | None, room: Mapping[str, Any] | None) -> Any:
    if rule is not None and room is not None:
        raise BadValue("pass rule= or room=, not both")
    if rule is None:
        return room
    if not isinstance(rule, RoutingRuleTarget):
        raise BadType(f"rule must be a RoutingRuleTarget, not {type(rule).__name__}")
    return rule.to_wire()


def _rule_body(body: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """The rule's options (``given``: every option but ``type`` by its Python name)."""
    return options(
        body,
        name=optional_label(given["name"], "name"),
        phoneNumbers=numbers_given(given["phone_numbers"], "phone_numbers"),
        room=_room(given["rule"], given["room"]),
        agentId=optional_id(given["agent_id"], "agent_id"),
        agentMetadata=given["agent_metadata"],
        includeHeaders=one_of(given["include_headers"], "include_headers", HEADER_MODES),
        headers=given["headers"],
        headersToAttributes=given["headers_to_attributes"],
        allowedNumbers=listed(given["allowed_numbers"], "allowed_numbers"),
        allowedIpAddresses=listed(given["allowed_ip_addresses"], "allowed_ip_addresses"),
        tags=listed(given["tags"], "tags"),
        recording=given["recording"],
        dtmf=given["dtmf"],
        noiseCancellation=given["noise_cancellation"],
        hidePhoneNumber=given["hide_phone_number"],
        apiKey=optional_label(given["api_key"], "api_key"),
    )


def _joined(values: Sequence[str] | None, name: str, check: Any) -> str | None:
    found = listed(values, name)
    return None if found is None else ",".join(check(v) for v in found)


class AsyncSipRoutingRules(Resource):
    """Routing rules: bind provisioned numbers to a room (and an agent). Get it as
    ``sdk.sip.routing_rules``; do not construct it yourself."""

    __slots__ = ()

    async def create(
        self,
        *,
        name: str,
        type: Literal["inbound", "outbound"],
        phone_numbers: Sequence[str] | None = None,
        rule: RoutingRuleTarget | None = None,
        room: Mapping[str, Any] | None = None,
        agent_id: str | None = None,
        agent_metadata: Mapping[str, Any] | None = None,
        include_headers: Literal["ALL", "SIP_X_HEADERS", "NONE"] | None = None,
        headers: Mapping[str, str] | None = None,
        headers_to_attributes: Mapping[str, str] | None = None,
        allowed_numbers: Sequence[str] | None = None,
        allowed_ip_addresses: Sequence[str] | None = None,
        tags: Sequence[str] | None = None,
        recording: bool | None = None,
        dtmf: bool | None = None,
        noise_cancellation: bool | None = None,
        hide_phone_number: bool | None = None,
        api_key: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> SipRoutingRule:
        """Create a routing rule (``POST /v2/sip/routing-rule``); never repeated.

        ``rule=`` (a `RoutingRuleTarget`) goes on the wire as ``room``; ``room=`` is the
        wire form itself. ``headers`` is for outbound rules and ``headers_to_attributes``
        for inbound ones (not enforced here [INF]).

        Raises:
            ValueError: Both ``rule`` and ``room``, or a value outside its set (nothing sent).
        """
        given = dict(locals())
        body = {"name": check_label(name, "name"), "type": one_of(type, "type", DIRECTIONS)}
        if type is None:
            raise BadValue(f"type must be one of {DIRECTIONS}, not None")
        return await self._post(
            RULES,
            into_at(SipRoutingRule),
            body=_rule_body(body, given),
            retry=retry,
            timeout=timeout,
        )

    def list(
        self,
        *,
        search: str | None = None,
        type: Literal["inbound", "outbound"] | None = None,
        rule_ids: Sequence[str] | None = None,
        room_type: Sequence[Literal["static", "dynamic"]] | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[SipRoutingRule]:
        """Routing rules (paged; no I/O until used); ``rule_ids``/``room_type`` comma-joined.

        Raises:
            ValueError: A ``type`` or ``room_type`` outside its set (nothing is sent).
        """
        params = {
            "search": optional_label(search, "search"),
            "type": one_of(type, "type", DIRECTIONS),
            "ruleIds": _joined(rule_ids, "rule_ids", lambda v: check_id(v, "rule_ids")),
            "roomType": _joined(
                room_type, "room_type", lambda v: one_of(v, "room_type", ROOM_TYPES)
            ),
        }
        return self._pager(
            RULES,
            SipRoutingRule,
            page=page,
            per_page=per_page,
            params=params,
            retry=retry,
            timeout=timeout,
        )

    async def get(
        self, rule_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> SipRoutingRule:
        """One rule (``GET /v2/sip/routing-rule/{id}``)."""
        path = f"{RULES}/{segment(rule_id, 'rule_id')}"
        return await self._get(path, into_at(SipRoutingRule), retry=retry, timeout=timeout)

    async def update(
        self,
        rule_id: str,
        *,
        name: str | None = None,
        phone_numbers: Sequence[str] | None = None,
        rule: RoutingRuleTarget | None = None,
        room: Mapping[str, Any] | None = None,
        agent_id: str | None = None,
        agent_metadata: Mapping[str, Any] | None = None,
        include_headers: Literal["ALL", "SIP_X_HEADERS", "NONE"] | None = None,
        headers: Mapping[str, str] | None = None,
        headers_to_attributes: Mapping[str, str] | None = None,
        allowed_numbers: Sequence[str] | None = None,
        allowed_ip_addresses: Sequence[str] | None = None,
        tags: Sequence[str] | None = None,
        recording: bool | None = None,
        dtmf: bool | None = None,
        noise_cancellation: bool | None = None,
        hide_phone_number: bool | None = None,
        api_key: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> SipRoutingRule:
        """Update a rule (``PATCH /v2/sip/routing-rule/{id}``; its direction is fixed);
        retried like a read.

        Raises:
            ValueError: Both ``rule`` and ``room``, or a value outside its set (nothing sent).
        """
        path = f"{RULES}/{segment(rule_id, 'rule_id')}"
        body = _rule_body({}, dict(locals()))
        return await self._patch(
            path, into_at(SipRoutingRule), body=body, idempotent=True, retry=retry, timeout=timeout
        )

    async def delete(
        self, rule_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> str:
        """Delete a rule (``DELETE /v2/sip/routing-rule/{id}``); the API's confirmation."""
        path = f"{RULES}/{segment(rule_id, 'rule_id')}"
        return await self._delete(path, bare_string, retry=retry, timeout=timeout)


class AsyncSipPhoneNumbers(Resource):
    """Provisioned phone numbers and their gateways. Get it as ``sdk.sip.phone_numbers``;
    do not construct it yourself."""

    __slots__ = ()

    async def create(
        self,
        *,
        name: str,
        phone_numbers: Sequence[str],
        inbound: PhoneNumberInbound,
        outbound: PhoneNumberOutbound,
        is_shared: bool | None = None,
        media_encryption: Encryption | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> str:
        """Provision numbers with an inbound and an outbound gateway (``POST
        /v2/sip/phone-numbers``); the API's confirmation. Never repeated.

        Raises:
            ValueError: Empty ``phone_numbers`` or a value outside its set (nothing is sent).
            TypeError: ``inbound``/``outbound`` of the wrong class.
        """
        if not isinstance(inbound, PhoneNumberInbound):
            raise BadType(f"inbound must be a PhoneNumberInbound, not {type(inbound).__name__}")
        if not isinstance(outbound, PhoneNumberOutbound):
            raise BadType(f"outbound must be a PhoneNumberOutbound, not {type(outbound).__name__}")
        body = options(
            {"name": check_label(name, "name"),
             "phoneNumbers": numbers_given(phone_numbers, "phone_numbers")},
            isShared=is_shared,
            mediaEncryption=one_of(media_encryption, "media_encryption", ENCRYPTIONS),
            inbound=inbound.to_wire(),
            outbound=outbound.to_wire(),
        )  # fmt: skip
        return await self._post(NUMBERS, bare_string, body=body, retry=retry, timeout=timeout)

    def list(
        self,
        *,
        search: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[PhoneNumber]:
        """Provisioned numbers, by name or number ``search`` (paged; no I/O until used)."""
        return self._pager(
            NUMBERS,
            PhoneNumber,
            page=page,
            per_page=per_page,
            params={"search": optional_label(search, "search")},
            retry=retry,
            timeout=timeout,
        )

    async def get(
        self, e164: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> PhoneNumber:
        """One number by its E.164 form (``GET /v2/sip/phone-numbers/{e164}``; ``+``
        percent-encoded)."""
        path = f"{NUMBERS}/{segment(e164, 'e164')}"
        return await self._get(path, into_at(PhoneNumber), retry=retry, timeout=timeout)

    async def detach(
        self, phone_number: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> str:
        """Detach a number from its gateways (``POST /v2/sip/phone-numbers/detach``); the
        API's confirmation. Never repeated."""
        body = {"phoneNumber": check_id(phone_number, "phone_number")}
        return await self._post(
            f"{NUMBERS}/detach", bare_string, body=body, retry=retry, timeout=timeout
        )

    async def update_gateway(
        self,
        gateway_id: str,
        *,
        name: str | None = None,
        media_encryption: Encryption | None = None,
        sip_region: Region | None = None,
        address: str | None = None,
        auth: SipAuth | None = None,
        transport: Transport | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> str:
        """Update a number's gateway (``PATCH /v2/sip/phone-numbers/gateways/{id}``);
        ``address``, ``auth`` and ``transport`` apply to outbound gateways. Retried like a
        read; the API's confirmation.

        Raises:
            ValueError: A value outside its set (nothing is sent).
        """
        path = f"{NUMBERS}/gateways/{segment(gateway_id, 'gateway_id')}"
        body = options(
            {},
            name=optional_label(name, "name"),
            mediaEncryption=one_of(media_encryption, "media_encryption", ENCRYPTIONS),
            sipRegion=one_of(sip_region, "sip_region", REGIONS),
            address=optional_label(address, "address"),
            auth=auth_wire(auth),
            transport=one_of(transport, "transport", TRANSPORTS),
        )
        return await self._patch(
            path, bare_string, body=body, idempotent=True, retry=retry, timeout=timeout
        )

    async def release(
        self, phone_number_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> str:
        """Release a number (``POST /v2/sip/phone-numbers/{id}/release``, no body): it has
        provider and billing side effects, so it is never repeated."""
        path = f"{NUMBERS}/{segment(phone_number_id, 'phone_number_id')}/release"
        return await self._post(path, bare_string, retry=retry, timeout=timeout)
