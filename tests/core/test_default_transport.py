"""The default transport (aiohttp), the environment's proxies, and how users mock the SDK."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

import videosdk_async as vs
from videosdk_async._core import _http as _config
from videosdk_async._core._aiohttp import AiohttpTransport
from videosdk_async.emulator import Emulator, EmulatorServer

from ..conftest import MEETING_JSON
from ..rawserver import RawServer

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
#: Nothing listens there: only a proxy can answer for it.
UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def _no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def _build(**kwargs: Any) -> tuple[httpx.AsyncClient, httpx.AsyncBaseTransport | None]:
    args: dict[str, Any] = {"http_client": None, "transport": None, "http_backend": None}
    args.update(kwargs)
    return _config.build_http(timeouts=_config.DEFAULT_TIMEOUT, max_connections=100, **args)


# -- which transport ---------------------------------------------------------------------


def test_default_backend_is_aiohttp() -> None:
    """Without http_client= or transport=, the SDK's client sends with AiohttpTransport."""
    client, direct = _build()

    assert isinstance(direct, AiohttpTransport)
    assert client._transport is direct


def test_default_with_a_transport_uses_that_transport() -> None:
    """transport= (e.g. the emulator's) is used as given, not aiohttp."""
    mine = httpx.MockTransport(lambda request: httpx.Response(200))

    _, direct = _build(transport=mine)

    assert direct is mine


def test_default_with_a_client_sends_through_that_client() -> None:
    """http_client= is used through AsyncClient.send (its hooks, auth and mounts apply)."""
    mine = httpx.AsyncClient()

    client, direct = _build(http_client=mine)

    assert client is mine
    assert direct is None


def test_aiohttp_client_mounts_no_httpx_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """With HTTPS_PROXY set, the aiohttp path keeps sending directly; aiohttp routes the proxy."""
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")

    client, direct = _build()

    assert isinstance(direct, AiohttpTransport)
    assert client._mounts == {}


def test_socks_proxy_in_the_environment_picks_httpx() -> None:
    """A proxy scheme aiohttp cannot use makes the default httpx's transport."""
    assert _config.default_backend({"https": "socks5://127.0.0.1:1080"}) == "httpx"
    assert _config.default_backend({"https": "http://127.0.0.1:3128"}) == "aiohttp"


def test_explicit_aiohttp_with_a_socks_proxy_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """http_backend='aiohttp' with a socks proxy in the environment says to use httpx."""
    monkeypatch.setenv("ALL_PROXY", "socks5://user:pw@127.0.0.1:1080")

    with pytest.raises(ValueError, match="http_backend='httpx'") as info:
        vs.AsyncVideoSDK(token="a.b.c", http_backend="aiohttp")

    assert "pw" not in str(info.value)


def test_tls_verification_is_on_by_default() -> None:
    """The aiohttp transport verifies certificates and host names unless given a context."""
    context = AiohttpTransport().ssl_context()

    assert context.check_hostname is True
    assert context.verify_mode.name == "CERT_REQUIRED"


# -- the environment's proxies on the wire ------------------------------------------------


@pytest.fixture(name="proxy")
def _proxy() -> Iterator[RawServer]:
    """A loopback 'proxy' that answers every request itself with a meeting."""
    body = json.dumps(MEETING_JSON).encode()

    async def answer(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        await writer.drain()

    with RawServer(answer) as server:
        yield server


def _sdk(base_url: str, backend: str) -> vs.AsyncVideoSDK:
    kwargs: dict[str, Any] = {} if backend == "default" else {"http_backend": backend}
    return vs.AsyncVideoSDK(token="a.b.c", base_url=base_url, **kwargs)


@pytest.mark.loopback
@pytest.mark.parametrize("backend", ["default", "aiohttp", "httpx"])
async def test_http_proxy_from_the_environment_is_used(
    proxy: RawServer, monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    """HTTP_PROXY routes requests through the proxy, on every backend."""
    monkeypatch.setenv("HTTP_PROXY", proxy.base_url)

    async with _sdk(UNREACHABLE, backend) as sdk:
        meeting = await sdk.meetings.create(user_meeting_id="unicorn")

    assert meeting.meeting_id == MEETING_JSON["meetingId"]
    assert proxy.requests[0].startswith(f"POST {UNREACHABLE}/v1/meetings HTTP/1.1".encode())


@pytest.mark.loopback
@pytest.mark.parametrize("backend", ["default", "aiohttp", "httpx"])
async def test_no_proxy_bypasses_the_proxy(
    proxy: RawServer, monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    """A host in NO_PROXY is reached directly."""
    monkeypatch.setenv("HTTP_PROXY", proxy.base_url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")

    with EmulatorServer(Emulator()) as server:
        async with vs.AsyncVideoSDK(**server.sdk_kwargs(), **_backend(backend)) as sdk:
            await sdk.meetings.create(user_meeting_id="direct")

    assert server.emulator.creates("direct") == 1
    assert proxy.requests == []


def _backend(backend: str) -> dict[str, Any]:
    return {} if backend == "default" else {"http_backend": backend}


@pytest.mark.loopback
async def test_proxy_credentials_become_proxy_authorization(
    proxy: RawServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """user:password in the proxy URL is sent to the proxy as Proxy-Authorization."""
    monkeypatch.setenv("HTTP_PROXY", proxy.base_url.replace("http://", "http://user:pw@"))

    async with _sdk(UNREACHABLE, "aiohttp") as sdk:
        await sdk.meetings.create()

    expected = b"proxy-authorization: basic " + base64.b64encode(b"user:pw").lower()
    assert expected in proxy.requests[0].lower()


# -- mocking the SDK in users' tests ------------------------------------------------------


async def test_respx_mocks_the_stock_transport() -> None:
    """The documented way to use respx: http_backend='httpx'."""
    with respx.mock(base_url="https://api.videosdk.live") as api:
        route = api.post("/v1/meetings").respond(200, json=MEETING_JSON)
        async with vs.AsyncVideoSDK(token="a.b.c", http_backend="httpx") as sdk:
            meeting = await sdk.meetings.create()

    assert route.called
    assert meeting.meeting_id == MEETING_JSON["meetingId"]


@pytest.mark.loopback
async def test_respx_does_not_see_the_aiohttp_transport() -> None:
    """respx patches httpx's transport only: with aiohttp the request really goes out."""
    with RawServer(lambda request, writer: asyncio.sleep(0)) as closed:
        base_url = closed.base_url  # nothing listens there once the block ends
    with respx.mock(base_url=base_url, assert_all_called=False) as api:
        route = api.post("/v1/meetings").respond(200, json=MEETING_JSON)
        async with vs.AsyncVideoSDK(
            token="a.b.c",
            base_url=base_url,
            http_backend="aiohttp",
            retry=vs.RetryPolicy(max_attempts=1),
        ) as sdk:
            with pytest.raises(vs.APIConnectionError):
                await sdk.meetings.create()

    assert not route.called


async def test_emulator_fixtures_mock_the_sdk(
    videosdk_sdk: vs.AsyncVideoSDK, videosdk_emulator: Emulator
) -> None:
    """The plugin's videosdk_sdk talks to the in-process emulator, whatever the default."""
    await videosdk_sdk.meetings.create(user_meeting_id="in-process")

    assert videosdk_emulator.creates("in-process") == 1
