"""The aiohttp backend: error mapping that keeps "not sent" apart from "sent, then dropped"."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import httpx
import pytest
from aiohttp.client_reqrep import ConnectionKey

import videosdk_async as vs
from videosdk_async._core._aiohttp import AiohttpTransport, map_error
from videosdk_async._core._translate import AFTER_SEND, CONNECT, transport_error
from videosdk_async.emulator import CREATE, EmulatorServer

REQUEST = httpx.Request("POST", "https://api.videosdk.live/v1/meetings")
KEY = ConnectionKey("api.videosdk.live", 443, True, True, None, None, None)


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (aiohttp.ClientConnectorError(KEY, OSError(111, "refused")), httpx.ConnectError),
        (aiohttp.ConnectionTimeoutError("connect"), httpx.ConnectTimeout),
        (aiohttp.ServerDisconnectedError(), httpx.RemoteProtocolError),
        (aiohttp.SocketTimeoutError("read"), httpx.ReadTimeout),
        (aiohttp.ClientOSError(104, "reset"), httpx.ReadError),
        (aiohttp.ClientPayloadError("cut"), httpx.ReadError),
        (TimeoutError(), httpx.ReadTimeout),
    ],
    ids=lambda v: v.__name__ if isinstance(v, type) else type(v).__name__,
)
def test_error_mapping(exc: BaseException, expected: type[httpx.TransportError]) -> None:
    """Each aiohttp failure maps to the httpx error with the same meaning."""
    mapped = map_error(exc, REQUEST)

    assert type(mapped) is expected


@pytest.mark.parametrize(
    ("exc", "phase"),
    [
        (aiohttp.ServerDisconnectedError(), AFTER_SEND),
        (aiohttp.ClientOSError(104, "reset"), AFTER_SEND),
        (aiohttp.SocketTimeoutError("read"), AFTER_SEND),
        (aiohttp.ClientConnectorError(KEY, OSError(111, "refused")), CONNECT),
        (aiohttp.ConnectionTimeoutError("connect"), CONNECT),
    ],
    ids=lambda v: v if isinstance(v, str) else type(v).__name__,
)
def test_disconnect_after_send_never_looks_like_connect_phase(
    exc: BaseException, phase: str
) -> None:
    """A server disconnect after sending is AFTER_SEND for the retry policy, never CONNECT."""
    mapped = map_error(exc, REQUEST)
    assert mapped is not None

    assert transport_error(mapped, method="POST", path="/v1/meetings")[0] == phase


@pytest.fixture(name="sdk")
async def _sdk(server: EmulatorServer) -> AsyncIterator[vs.AsyncVideoSDK]:
    async with vs.AsyncVideoSDK(**server.sdk_kwargs(), http_backend="aiohttp") as sdk:
        yield sdk


@pytest.mark.loopback
async def test_create_and_validate_over_aiohttp(
    server: EmulatorServer, sdk: vs.AsyncVideoSDK
) -> None:
    """The aiohttp backend sends the same wire format: create, validate, not-found."""
    meeting = await sdk.meetings.create(user_meeting_id="aio")

    same = await sdk.meetings.validate(meeting.meeting_id)
    with pytest.raises(vs.MeetingNotFoundError):
        await sdk.meetings.validate("zzzz-zzzz-zzzz")

    assert same == meeting
    assert server.emulator.creates("aio") == 1
    assert isinstance(sdk._transport, AiohttpTransport)


@pytest.mark.loopback
async def test_aiohttp_sends_user_agent_and_raw_token(
    server: EmulatorServer, sdk: vs.AsyncVideoSDK
) -> None:
    """Requests over aiohttp are accepted by the emulator's auth (raw JWT header)."""
    server.emulator.inject(CREATE, "status", status=503)

    await sdk.meetings.create()

    assert [e.status for e in server.emulator.journal] == [503, 200]


@pytest.mark.loopback
async def test_aiohttp_session_closed_with_the_sdk(server: EmulatorServer) -> None:
    """Closing the SDK closes aiohttp's session."""
    sdk = vs.AsyncVideoSDK(**server.sdk_kwargs(), http_backend="aiohttp")
    await sdk.meetings.create()
    session = sdk._transport._session  # type: ignore[union-attr]

    await sdk.aclose()

    assert session.closed is True


def test_unknown_backend_refused() -> None:
    """http_backend must be 'httpx' or 'aiohttp'."""
    with pytest.raises(ValueError, match="http_backend"):
        vs.AsyncVideoSDK(token="a.b.c", http_backend="curl")  # type: ignore[arg-type]


def test_aiohttp_backend_with_http_client_refused() -> None:
    """http_backend='aiohttp' cannot be combined with a user's http_client."""
    with pytest.raises(ValueError, match="aiohttp"):
        vs.AsyncVideoSDK(token="a.b.c", http_backend="aiohttp", http_client=httpx.AsyncClient())
