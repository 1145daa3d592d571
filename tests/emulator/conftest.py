"""What the emulator's route tests share: an in-process emulator, a client holding its token,
and an ASGI receiver of its webhook deliveries."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from videosdk_async.emulator import Emulator


class Receiver:
    """An ASGI webhook receiver that keeps (path, webhookType, data) of each delivery."""

    def __init__(self) -> None:
        self.got: list[tuple[str, str, dict[str, Any]]] = []

        async def hook(request: Request) -> Response:
            payload = json.loads(await request.body())
            self.got.append((request.url.path, payload["webhookType"], payload["data"]))
            return Response(status_code=200)

        self.app = Starlette(routes=[Route("/{name}", hook, methods=["POST"])])

    def types(self) -> list[str]:
        """The delivered event types, in order."""
        return [kind for _, kind, _ in self.got]


@pytest.fixture(name="receiver")
def _receiver() -> Receiver:
    return Receiver()


@pytest.fixture(name="emulator")
def _emulator() -> Emulator:
    """An in-process emulator (a test module may override this, e.g. to add a receiver)."""
    return Emulator()


@pytest.fixture(name="client")
async def _client(emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client calling the emulator in process, with a token it accepts."""
    async with httpx.AsyncClient(
        transport=emulator.transport(),
        base_url="http://127.0.0.1",
        headers={"Authorization": emulator.token()},
    ) as client:
        yield client
