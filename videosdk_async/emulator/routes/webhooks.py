"""The webhook key family: ``GET /v2/public/rsa-public-key``.

The route tolerates an ``Authorization`` header but does not need one: the official SDKs
fetch it through their authenticated client [SDK]. The key is the one deliveries are signed
with (`_delivery.DeliveryStore`).
"""

from __future__ import annotations

from starlette.responses import JSONResponse, Response

from .._delivery import DeliveryStore
from .._family import Call, Family

family = Family("webhooks", stores=(DeliveryStore,))


@family.route("GET", "/v2/public/rsa-public-key", public=True)
async def public_key(call: Call) -> Response:
    return JSONResponse({"publicKey": call.env.store(DeliveryStore).public_key})
