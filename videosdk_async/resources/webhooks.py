"""`AsyncWebhooks`: verifying VideoSDK's signed webhooks (being built; see issue 13)."""

from __future__ import annotations

from ._base import Resource


class AsyncWebhooks(Resource):
    """Webhook verification. Get it as ``sdk.webhooks``; do not construct it yourself."""

    __slots__ = ()
