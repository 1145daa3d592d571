"""`AsyncSipCalls` (``/v2/sip/call``) and `AsyncSipWebhooks` (``/v2/sip/webhooks``).

A call that dials (``create``), a ``transfer``, an ``end`` and a ``switch_room`` are never
repeated: a failure once the request may have been processed raises with
``outcome_unknown=True`` (a repeated create dials twice). Reads, webhook updates (PATCH) and
deletes are retried like reads. A call is read under ``data`` (as the official SDK unwraps
it), a webhook at the top level, each also the other way [INF].
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

from .._core._converter import bare_string
from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._ids import check_id, check_label, optional_id, optional_label, segment
from .._core._pagination import AsyncPager
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.sip import DIRECTIONS, ENCRYPTIONS, HEADER_MODES, SipCall, SipWebhook, one_of
from ._base import Resource, into_at, listed, options
from .sessions import epoch_ms

CALLS = "/v2/sip/call"
WEBHOOKS = "/v2/sip/webhooks"


def _int(value: object, name: str) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise BadType(f"{name} must be an int or None, not {type(value).__name__}")
    return value


class AsyncSipCalls(Resource):
    """SIP calls: place, list, transfer, move and end them. Get it as ``sdk.sip.calls``;
    do not construct it yourself."""

    __slots__ = ()

    async def create(
        self,
        *,
        call_to: str,
        call_from: str | None = None,
        room_id: str | None = None,
        participant_id: str | None = None,
        participant: Mapping[str, Any] | None = None,
        gateway_id: str | None = None,
        routing_rule_id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        record_audio: bool | None = None,
        wait_until_answered: bool | None = None,
        ringing_timeout: int | None = None,
        dtmf: bool | None = None,
        max_call_duration: int | None = None,
        media_encryption: Literal["enable", "disable"] | None = None,
        hide_phone_number: bool | None = None,
        headers: Mapping[str, str] | None = None,
        include_headers: Literal["ALL", "SIP_X_HEADERS", "NONE"] | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> SipCall:
        """Place an outbound call to ``call_to`` (``POST /v2/sip/call``); never repeated.

        On the wire ``call_to`` is ``sipCallTo``, ``call_from`` ``sipCallFrom``, ``room_id``
        ``destinationRoomId`` and ``participant_id`` ``participant: {id}``. From a provisioned
        number with a routing rule, the rule and its gateway decide recording, DTMF, number
        hiding, headers and encryption (the per-call values are ignored by the API).

        Raises:
            ValueError: Both ``participant`` and ``participant_id``, or a value outside its
                set (nothing is sent).
        """
        if participant is not None and participant_id is not None:
            raise BadValue("pass participant= or participant_id=, not both")
        pid = optional_id(participant_id, "participant_id")
        body = options(
            {"sipCallTo": check_label(call_to, "call_to")},
            sipCallFrom=optional_label(call_from, "call_from"),
            destinationRoomId=optional_id(room_id, "room_id"),
            participant=participant if pid is None else {"id": pid},
            gatewayId=optional_id(gateway_id, "gateway_id"),
            routingRuleId=optional_id(routing_rule_id, "routing_rule_id"),
            metadata=metadata,
            recordAudio=record_audio,
            waitUntilAnswered=wait_until_answered,
            ringingTimeout=_int(ringing_timeout, "ringing_timeout"),
            dtmf=dtmf,
            maxCallDuration=_int(max_call_duration, "max_call_duration"),
            mediaEncryption=one_of(media_encryption, "media_encryption", ENCRYPTIONS),
            hidePhoneNumber=hide_phone_number,
            headers=headers,
            includeHeaders=one_of(include_headers, "include_headers", HEADER_MODES),
        )
        return await self._post(CALLS, into_at(SipCall), body=body, retry=retry, timeout=timeout)

    def list(
        self,
        *,
        room_id: str | None = None,
        session_id: str | None = None,
        id: str | None = None,
        gateway_id: str | None = None,
        rule_id: str | None = None,
        type: Literal["inbound", "outbound"] | None = None,
        search: str | None = None,
        start_date: datetime | None = None,
        end_date: datetime | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[SipCall]:
        """Calls, filtered (paged; no I/O until used). Dates go as epoch milliseconds.

        Raises:
            ValueError: A naive datetime, or a ``type`` outside its set (nothing is sent).
        """
        params = {
            "roomId": optional_id(room_id, "room_id"),
            "sessionId": optional_id(session_id, "session_id"),
            "id": optional_id(id, "id"),
            "gatewayId": optional_id(gateway_id, "gateway_id"),
            "ruleId": optional_id(rule_id, "rule_id"),
            "type": one_of(type, "type", DIRECTIONS),
            "search": optional_label(search, "search"),
            "startDate": epoch_ms(start_date, "start_date"),
            "endDate": epoch_ms(end_date, "end_date"),
        }
        return self._pager(
            CALLS, SipCall, page=page, per_page=per_page, params=params, retry=retry,
            timeout=timeout,
        )  # fmt: skip

    async def get(
        self, call_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> SipCall:
        """One call (``GET /v2/sip/call/{id}``)."""
        path = f"{CALLS}/{segment(call_id, 'call_id')}"
        return await self._get(path, into_at(SipCall), retry=retry, timeout=timeout)

    async def transfer(
        self,
        call_id: str,
        *,
        to: str | None = None,
        participant: Mapping[str, Any] | None = None,
        play_dialtone: bool | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> SipCall:
        """Cold-transfer an answered call to ``to`` (``POST /v2/sip/call/transfer``);
        never repeated."""
        body = options(
            {"callId": check_id(call_id, "call_id")},
            transferTo=optional_label(to, "to"),
            participant=participant,
            playDialtone=play_dialtone,
        )
        return await self._post(
            f"{CALLS}/transfer", into_at(SipCall), body=body, retry=retry, timeout=timeout
        )

    async def end(
        self, call_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> SipCall:
        """Hang up a call (``POST /v2/sip/call/end``); never repeated."""
        body = {"callId": check_id(call_id, "call_id")}
        return await self._post(
            f"{CALLS}/end", into_at(SipCall), body=body, retry=retry, timeout=timeout
        )

    async def switch_room(
        self,
        call_id: str,
        *,
        room_id: str,
        participant_id: str | None = None,
        token: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> SipCall:
        """Move an active call to the room ``room_id`` (``POST /v2/sip/call/switch-room``);
        never repeated."""
        body = options(
            {"callId": check_id(call_id, "call_id"), "roomId": check_id(room_id, "room_id")},
            participantId=optional_id(participant_id, "participant_id"),
            token=optional_label(token, "token"),
        )
        return await self._post(
            f"{CALLS}/switch-room", into_at(SipCall), body=body, retry=retry, timeout=timeout
        )


def _events(events: Sequence[str]) -> list[str]:
    found = listed(events, "events")
    if not found:
        raise BadValue("events must hold at least one event name (see SIP_WEBHOOK_EVENTS)")
    return [check_label(e, "events") for e in found]


class AsyncSipWebhooks(Resource):
    """Where SIP call events are delivered. Get it as ``sdk.sip.webhooks``; do not
    construct it yourself."""

    __slots__ = ()

    async def create(
        self,
        *,
        url: str,
        events: Sequence[str],
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> SipWebhook:
        """Subscribe ``url`` to ``events`` (``POST /v2/sip/webhooks``); never repeated.

        Raises:
            ValueError: No events (nothing is sent).
        """
        body = {"url": check_label(url, "url"), "events": _events(events)}
        return await self._post(
            WEBHOOKS, into_at(SipWebhook), body=body, retry=retry, timeout=timeout
        )

    def list(
        self,
        *,
        search: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[SipWebhook]:
        """SIP webhooks, by URL ``search`` (paged; no I/O until used)."""
        return self._pager(
            WEBHOOKS,
            SipWebhook,
            page=page,
            per_page=per_page,
            params={"search": optional_label(search, "search")},
            retry=retry,
            timeout=timeout,
        )

    async def get(
        self, webhook_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> SipWebhook:
        """One webhook (``GET /v2/sip/webhooks/{id}``)."""
        path = f"{WEBHOOKS}/{segment(webhook_id, 'webhook_id')}"
        return await self._get(path, into_at(SipWebhook), retry=retry, timeout=timeout)

    async def update(
        self,
        webhook_id: str,
        *,
        url: str,
        events: Sequence[str],
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> SipWebhook:
        """Replace a webhook's URL and events (``PATCH /v2/sip/webhooks/{id}``); retried
        like a read.

        Raises:
            ValueError: No events (nothing is sent).
        """
        path = f"{WEBHOOKS}/{segment(webhook_id, 'webhook_id')}"
        body = {"url": check_label(url, "url"), "events": _events(events)}
        return await self._patch(
            path, into_at(SipWebhook), body=body, idempotent=True, retry=retry, timeout=timeout
        )

    async def delete(
        self, webhook_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> str:
        """Delete a webhook (``DELETE /v2/sip/webhooks/{id}``); the API's confirmation."""
        path = f"{WEBHOOKS}/{segment(webhook_id, 'webhook_id')}"
        return await self._delete(path, bare_string, retry=retry, timeout=timeout)
