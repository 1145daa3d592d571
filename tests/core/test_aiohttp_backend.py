"""The aiohttp backend: its hot path; errors keep "not sent" apart from "sent, then dropped"."""

from __future__ import annotations

import asyncio
import gzip
import math
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import httpx
import multidict
import pytest
from aiohttp.client_reqrep import ConnectionKey

import videosdk_async as vs
from videosdk_async._core._aiohttp import (
    AiohttpTransport,
    Exchange,
    WireResponse,
    join_url,
    map_error,
)
from videosdk_async._core._auth import TokenProvider
from videosdk_async._core._translate import (
    AFTER_SEND,
    CONNECT,
    BodyTooLargeError,
    transport_error,
)
from videosdk_async.emulator import CREATE, EmulatorServer

from ..conftest import API_KEY, SECRET, FakeClock
from ..rawserver import Handler, RawServer

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
    assert isinstance(sdk._requester._transport, AiohttpTransport)


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
    session = sdk._requester._transport._session  # type: ignore[union-attr]

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


# -- the hot path: WireResponse, headers, timeouts, URLs ---------------------------------

RAW_HEADERS = ((b"Content-Type", b"application/json"), (b"X-Request-Id", b"r-1"))


def _wire(status: int = 200, reason: str | None = "OK") -> WireResponse:
    return WireResponse(
        status, reason, RAW_HEADERS, b'{"a": 1}', "POST", "http://127.0.0.1:1/v1/meetings"
    )


def test_wire_response_sets_every_attribute_of_an_httpx_response() -> None:
    """WireResponse has every attribute httpx.Response.__init__ sets (pins httpx's internals)."""
    stock = httpx.Response(200, stream=httpx.ByteStream(b""), request=REQUEST)

    missing = [name for name in vars(stock) if not hasattr(_wire(), name)]

    assert missing == []


def test_wire_response_body_is_read() -> None:
    """The body is available as content, text and json() without reading."""
    response = _wire()

    assert (response.content, response.text, response.json()) == (b'{"a": 1}', '{"a": 1}', {"a": 1})
    assert response.is_stream_consumed
    assert response.is_closed


def test_wire_response_headers_are_parsed() -> None:
    """Headers read as an httpx.Headers, case-insensitively."""
    assert _wire().headers["x-request-id"] == "r-1"


def test_wire_response_reason_phrase() -> None:
    """The server's reason phrase is kept; without one httpx's standard phrase is used."""
    assert _wire(503, "Busy Now").reason_phrase == "Busy Now"
    assert _wire(503, None).reason_phrase == "Service Unavailable"


def test_wire_response_stream_yields_the_body() -> None:
    """The stream, made on first use, yields the body already read."""
    assert b"".join(_wire().stream) == b'{"a": 1}'  # type: ignore[arg-type]


async def test_wire_response_closes_as_an_async_response() -> None:
    """aclose() (what httpx's client calls) accepts the stream made on first use."""
    response = _wire()

    await response.aclose()

    assert response.is_closed


def test_wire_response_http_version() -> None:
    """The answer reports HTTP/1.1, the only version aiohttp's client speaks."""
    assert _wire().http_version == "HTTP/1.1"


def test_wire_response_request_has_method_and_url_but_no_headers() -> None:
    """The request made on demand carries the method and URL, and no Authorization."""
    request = _wire().request

    assert (request.method, str(request.url)) == ("POST", "http://127.0.0.1:1/v1/meetings")
    assert "authorization" not in request.headers


def _provider(clock: FakeClock) -> TokenProvider:
    return TokenProvider(token=None, api_key=API_KEY, secret=SECRET, clock=clock)


def test_headers_are_reused_while_the_token_lasts(clock: FakeClock) -> None:
    """The same token gives the same header object (no per-request header building)."""
    transport, auth = AiohttpTransport(), _provider(clock)

    first = transport.headers(auth, "ua", json=True)

    assert transport.headers(auth, "ua", json=True) is first
    assert first["Authorization"] == auth.get()
    assert first["Content-Type"] == "application/json"


def test_headers_follow_a_reminted_token(clock: FakeClock) -> None:
    """After the token is re-minted, the headers carry the new one."""
    transport, auth = AiohttpTransport(), _provider(clock)
    before = transport.headers(auth, "ua", json=False)["Authorization"]
    clock.now += 7200  # past the token's lifetime: get() mints a new one

    after = transport.headers(auth, "ua", json=False)["Authorization"]

    assert after != before
    assert after == auth.get()


def test_headers_repr_hides_the_token(clock: FakeClock) -> None:
    """Neither the headers nor a copy aiohttp makes of them shows the token in a repr."""
    transport, auth = AiohttpTransport(), _provider(clock)

    headers = transport.headers(auth, "ua", json=False)

    assert auth.get() not in repr(headers)
    assert auth.get() not in repr(multidict.CIMultiDict(headers))


def test_exchange_repr_hides_the_token(clock: FakeClock) -> None:
    """The prepared attempt (a frame local of the pipeline) renders without the token."""
    sdk = vs.AsyncVideoSDK(api_key=API_KEY, secret=SECRET, clock=clock, http_backend="aiohttp")

    exchange = sdk._requester._build("GET", "/v1/meetings", None, None, httpx.Timeout(5), None)

    assert isinstance(exchange, Exchange)
    assert sdk._requester.auth.get() not in repr(exchange)


def test_client_timeout_maps_httpx_phases() -> None:
    """connect -> sock_connect, pool + connect -> connect, read -> sock_read."""
    timeout = AiohttpTransport().client_timeout(
        httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=10.0), None
    )

    assert (timeout.total, timeout.connect, timeout.sock_connect, timeout.sock_read) == (
        None,
        15.0,
        5.0,
        30.0,
    )


def test_client_timeout_capped_by_the_deadline() -> None:
    """Every phase is capped at the seconds left before the call's deadline."""
    timeout = AiohttpTransport().client_timeout(httpx.Timeout(30.0, connect=5.0), 2.0)

    assert (timeout.connect, timeout.sock_connect, timeout.sock_read) == (4.0, 2.0, 2.0)


def test_client_timeout_of_a_far_deadline_leaves_the_phases_and_has_no_total() -> None:
    """A far deadline leaves the phases as they are; aiohttp gets no total (the pipeline's
    shared deadline timer bounds the attempt)."""
    timeout = AiohttpTransport().client_timeout(httpx.Timeout(30.0, connect=5.0), 59.5)

    assert (timeout.total, timeout.connect, timeout.sock_read) == (None, 35.0, 30.0)


def test_client_timeout_of_a_far_deadline_is_made_once() -> None:
    """Calls whose deadline caps no phase share the ClientTimeout of their httpx.Timeout."""
    transport = AiohttpTransport()
    per_attempt = httpx.Timeout(5.0)

    first = transport.client_timeout(per_attempt, 59.91)
    second = transport.client_timeout(per_attempt, 41.5)

    assert second is first


def test_client_timeout_is_exact() -> None:
    """aiohttp never rounds a timeout up to a whole second (its ceil_threshold)."""
    timeout = AiohttpTransport().client_timeout(httpx.Timeout(30.0), 59.5)

    assert timeout.ceil_threshold == math.inf


def test_client_timeout_none_phase_gets_the_deadline() -> None:
    """A phase without a timeout gets the seconds left before the deadline."""
    timeout = AiohttpTransport().client_timeout(httpx.Timeout(None), 3.0)

    assert timeout.sock_read == 3.0


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/v2/rooms", {"page": 2, "perPage": 20, "flag": True}),
        ("/v2/rooms", {"q": "a b&c/é"}),
        ("/v2/rooms?x=1", {"page": 2}),
        ("/v2/rooms", {}),
    ],
)
def test_join_url_encodes_the_query_as_httpx_does(path: str, query: dict[str, Any]) -> None:
    """The fast path's URL equals the one httpx.Request(params=...) builds."""
    stock = httpx.Request("GET", "https://api.videosdk.live" + path, params=query)

    assert join_url("https://api.videosdk.live", path, query) == str(stock.url)


# -- the hot path on the wire -------------------------------------------------------------


def _answer(head: bytes, body: bytes) -> Handler:
    async def handler(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(head + body)
        await writer.drain()

    return handler


async def _exchange(base_url: str, max_body: int | None) -> WireResponse:
    transport = AiohttpTransport(trust_env=False)
    try:
        return await transport.exchange(
            "GET",
            base_url + "/x",
            {},
            None,
            transport.client_timeout(httpx.Timeout(5), None),
            max_body,
        )
    finally:
        await transport.aclose()


@pytest.mark.loopback
async def test_body_over_the_cap_with_content_length_refused() -> None:
    """A Content-Length over the cap raises BodyTooLargeError."""
    body = b"x" * 100
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"
    with RawServer(_answer(head, body)) as server, pytest.raises(BodyTooLargeError):
        await _exchange(server.base_url, 99)


@pytest.mark.loopback
async def test_chunked_body_over_the_cap_refused() -> None:
    """A chunked body (no Content-Length) is cut off once it passes the cap."""
    chunk = b"64\r\n" + b"x" * 100 + b"\r\n"
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    handler = _answer(head, chunk * 3 + b"0\r\n\r\n")
    with RawServer(handler) as server, pytest.raises(BodyTooLargeError):
        await _exchange(server.base_url, 250)


@pytest.mark.loopback
async def test_chunked_body_under_the_cap_read_whole() -> None:
    """A chunked body within the cap is read completely."""
    chunk = b"64\r\n" + b"x" * 100 + b"\r\n"
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    with RawServer(_answer(head, chunk * 3 + b"0\r\n\r\n")) as server:
        response = await _exchange(server.base_url, 300)

    assert response.content == b"x" * 300


@pytest.mark.loopback
async def test_gzip_body_decoded_and_headers_describe_it() -> None:
    """A gzip answer arrives decoded, with Content-Length of the decoded body."""
    body = gzip.compress(b'{"ok": true}')
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    with RawServer(_answer(head, body)) as server:
        response = await _exchange(server.base_url, 1000)

    assert response.json() == {"ok": True}
    assert "content-encoding" not in response.headers
    assert response.headers["content-length"] == str(len(b'{"ok": true}'))


@pytest.mark.loopback
async def test_gzip_bomb_refused_after_decompression() -> None:
    """A small gzip body that inflates past the cap is refused."""
    body = gzip.compress(b"0" * 10_000)
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
    )
    with RawServer(_answer(head, body)) as server, pytest.raises(BodyTooLargeError):
        await _exchange(server.base_url, 1000)


@pytest.mark.loopback
async def test_user_client_on_our_transport(server: EmulatorServer) -> None:
    """A user's httpx.AsyncClient built on AiohttpTransport works through AsyncClient.send."""
    async with (
        httpx.AsyncClient(transport=AiohttpTransport()) as client,
        vs.AsyncVideoSDK(**server.sdk_kwargs(), http_client=client) as sdk,
    ):
        meeting = await sdk.meetings.create(user_meeting_id="mine")

    assert meeting.user_meeting_id == "mine"
    assert server.emulator.creates("mine") == 1


@pytest.mark.loopback
async def test_connect_refused_maps_to_connect_error() -> None:
    """Nothing listening: the exchange raises httpx.ConnectError (safe to repeat)."""
    with RawServer(_answer(b"", b"")) as server:
        base_url = server.base_url
    with pytest.raises(httpx.ConnectError):
        await _exchange(base_url, 100)


@pytest.mark.loopback
async def test_hang_up_after_the_request_maps_to_after_send() -> None:
    """The server reads the request and hangs up: RemoteProtocolError, never a connect error."""

    async def hang_up(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.close()

    with RawServer(hang_up) as server, pytest.raises(httpx.TransportError) as info:
        await _exchange(server.base_url, 100)

    assert transport_error(info.value, method="POST", path="/x")[0] == AFTER_SEND
