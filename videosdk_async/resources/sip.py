"""`AsyncSip`: SIP telephony (``/v2/sip/...``): ``.trunks.inbound``/``.trunks.outbound``,
``.routing_rules``, ``.phone_numbers``, ``.calls`` and ``.webhooks``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._base import Resource
from ._sip_calls import AsyncSipCalls, AsyncSipWebhooks
from ._sip_numbers import AsyncSipPhoneNumbers, AsyncSipRoutingRules
from ._sip_trunks import AsyncSipInboundTrunks, AsyncSipOutboundTrunks, AsyncSipTrunks

if TYPE_CHECKING:
    from .._client import AsyncVideoSDK

__all__ = [
    "AsyncSip",
    "AsyncSipCalls",
    "AsyncSipInboundTrunks",
    "AsyncSipOutboundTrunks",
    "AsyncSipPhoneNumbers",
    "AsyncSipRoutingRules",
    "AsyncSipTrunks",
    "AsyncSipWebhooks",
]


class AsyncSip(Resource):
    """Phone calls into and out of rooms. Get it as ``sdk.sip``; do not construct it."""

    __slots__ = ("calls", "phone_numbers", "routing_rules", "trunks", "webhooks")

    def __init__(self, sdk: AsyncVideoSDK) -> None:
        super().__init__(sdk)
        self.trunks = AsyncSipTrunks(sdk)
        """SIP trunks, ``.inbound`` and ``.outbound``: `AsyncSipTrunks`."""
        self.routing_rules = AsyncSipRoutingRules(sdk)
        """Routing rules: `AsyncSipRoutingRules`."""
        self.phone_numbers = AsyncSipPhoneNumbers(sdk)
        """Provisioned numbers and their gateways: `AsyncSipPhoneNumbers`."""
        self.calls = AsyncSipCalls(sdk)
        """Calls: `AsyncSipCalls`."""
        self.webhooks = AsyncSipWebhooks(sdk)
        """SIP event webhooks: `AsyncSipWebhooks`."""
