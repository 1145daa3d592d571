"""A webhook receiver: verifies VideoSDK's signature on the raw body, then stores the event.

Run it (pip install -e '.[examples]'), then point a room's webhook at it:

    uvicorn examples.webhook_receiver:app --port 8001

    POST /webhooks   VideoSDK's deliveries (401 for anything not signed by VideoSDK)
    GET  /events     what was received, newest last

The key is pinned from VIDEOSDK_WEBHOOK_PUBLIC_KEY when set (no request at all), else
fetched from the API once and cached (with VIDEOSDK_API_KEY / VIDEOSDK_SECRET; without them
the app still starts, on an in-process emulator, but only that emulator's events verify).

The one rule: verify `await request.body()`, the bytes as received. Parsing the JSON and
serialising it again changes the bytes (spacing, key order, escapes) and never verifies.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import videosdk_async as vs

#: Every verified event (a real app would queue or store them).
EVENTS: list[dict[str, Any]] = []


def make_sdk() -> vs.AsyncVideoSDK:
    """The real API when credentials are set, else the in-process emulator."""
    if os.environ.get("VIDEOSDK_API_KEY") and os.environ.get("VIDEOSDK_SECRET"):
        return vs.AsyncVideoSDK()
    from videosdk_async.emulator import Emulator

    return Emulator().sdk()


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    # One SDK (and one cached key) for the whole app. AsyncVideoSDK reads
    # VIDEOSDK_WEBHOOK_PUBLIC_KEY itself: with it set, the key is pinned and never fetched.
    async with make_sdk() as sdk:
        app.state.sdk = sdk
        yield


async def receive(request: Request) -> Response:
    sdk: vs.AsyncVideoSDK = request.app.state.sdk
    body = await request.body()  # the raw bytes: never re-serialised JSON
    try:
        event = await sdk.webhooks.verify(body, request.headers.get("videosdk-signature"))
    except vs.WebhookVerificationError:
        # Say nothing more, and log nothing of the body: it is not VideoSDK's.
        return Response(status_code=401)
    except vs.VideoSDKError:
        # The key could not be fetched: not the sender's fault, and VideoSDK retries later.
        return Response(status_code=503)
    EVENTS.append(event.to_dict())
    return Response(status_code=204)  # answer fast: VideoSDK retries slow or failed deliveries


async def events(request: Request) -> JSONResponse:
    return JSONResponse(EVENTS)


app = Starlette(
    routes=[
        Route("/webhooks", receive, methods=["POST"]),
        Route("/events", events, methods=["GET"]),
    ],
    lifespan=lifespan,
)
