"""aiohttp's read timeout on one lazily rearmed timer per connection keeps aiohttp's meaning."""

from __future__ import annotations

import asyncio
import functools

import aiohttp
import httpx
import pytest
from aiohttp.client_proto import ResponseHandler

from videosdk_async._core import _readtimer
from videosdk_async._core._aiohttp import AiohttpTransport, WireResponse

from ..rawserver import Handler, RawServer

HEAD = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n"


async def _get(transport: AiohttpTransport, base_url: str, read: float) -> WireResponse:
    timeout = transport.client_timeout(httpx.Timeout(5.0, read=read), None)
    return await transport.exchange("GET", base_url + "/x", {}, None, timeout, 1000)


async def _once(base_url: str, read: float) -> WireResponse:
    transport = AiohttpTransport(trust_env=False)
    try:
        return await _get(transport, base_url, read)
    finally:
        await transport.aclose()


def _stall_after(sent: bytes) -> Handler:
    async def handler(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(sent)
        await writer.drain()
        await asyncio.sleep(30)

    return handler


def test_current_aiohttp_has_what_the_override_needs() -> None:
    """The installed aiohttp still has the ResponseHandler methods LazyReadTimeout replaces."""
    assert _readtimer.usable() is True


def test_a_protocol_without_the_hooks_is_not_usable() -> None:
    """A ResponseHandler lacking a replaced method is reported unusable."""

    class Changed:
        _drop_timeout = _reschedule_timeout = start_timeout = ResponseHandler.start_timeout

    assert _readtimer.usable(Changed) is False  # type: ignore[arg-type]


async def test_a_connector_with_its_own_protocol_is_left_alone() -> None:
    """install() changes only a connector that builds aiohttp's own ResponseHandler."""
    loop = asyncio.get_running_loop()
    connector = aiohttp.TCPConnector()
    own = functools.partial(lambda: None)
    connector._factory = own  # type: ignore[assignment]
    try:
        assert _readtimer.install(connector, loop) is False
        assert connector._factory is own
    finally:
        await connector.close()


@pytest.mark.loopback
async def test_the_transport_opens_connections_with_the_lazy_timer() -> None:
    """The SDK's aiohttp session builds LazyReadTimeout protocols."""
    transport = AiohttpTransport(trust_env=False)
    with RawServer(_stall_after(HEAD + b"answer")) as server:
        try:
            await _get(transport, server.base_url, 5.0)
            session = transport._session
            assert session is not None
            factory = session.connector._factory  # type: ignore[union-attr]
            assert factory.func is _readtimer.LazyReadTimeout
        finally:
            await transport.aclose()


@pytest.mark.loopback
async def test_silence_before_the_head_is_a_read_timeout() -> None:
    """No byte of the answer within the read timeout: httpx.ReadTimeout."""
    with RawServer(_stall_after(b"")) as server, pytest.raises(httpx.ReadTimeout):
        await asyncio.wait_for(_once(server.base_url, 0.2), 10)


@pytest.mark.loopback
async def test_silence_in_the_middle_of_the_body_is_a_read_timeout() -> None:
    """The head and part of the body, then silence: httpx.ReadTimeout."""
    with RawServer(_stall_after(HEAD + b"ans")) as server, pytest.raises(httpx.ReadTimeout):
        await asyncio.wait_for(_once(server.base_url, 0.2), 10)


@pytest.mark.loopback
async def test_bytes_arriving_within_the_timeout_keep_the_read_alive() -> None:
    """A body dripping in, each byte sooner than the read timeout, is read whole though the
    whole answer takes several times the timeout (the timer restarts on every chunk)."""

    async def drip(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(HEAD)
        for byte in b"answer":
            await asyncio.sleep(0.1)
            writer.write(bytes([byte]))
            await writer.drain()

    with RawServer(drip) as server:
        response = await asyncio.wait_for(_once(server.base_url, 0.35), 10)

    assert response.content == b"answer"


@pytest.mark.loopback
async def test_a_shorter_timeout_on_a_reused_connection_fires_on_time() -> None:
    """A connection whose pending timer was armed for 30 s still fails the next request's
    read after that request's own 0.2 s."""
    answered: list[int] = []

    async def first_answers(request: bytes, writer: asyncio.StreamWriter) -> None:
        answered.append(1)
        if len(answered) == 1:
            writer.write(HEAD + b"answer")
            await writer.drain()
        else:
            await asyncio.sleep(30)

    transport = AiohttpTransport(trust_env=False)
    with RawServer(first_answers) as server:
        try:
            first = await _get(transport, server.base_url, 30.0)
            with pytest.raises(httpx.ReadTimeout):
                await asyncio.wait_for(_get(transport, server.base_url, 0.2), 10)
        finally:
            await transport.aclose()

    assert first.content == b"answer"
    assert len(answered) == 2  # the same connection, kept alive, carried both


async def test_a_finished_read_is_not_failed_by_its_pending_timer() -> None:
    """Once the read is over, the timer still pending fires and fails nothing."""
    protocol = _readtimer.LazyReadTimeout(asyncio.get_running_loop())
    protocol.read_timeout = 0.01
    protocol.start_timeout()
    protocol._drop_timeout()

    await asyncio.sleep(0.05)

    assert protocol.exception() is None
    assert protocol._read_timeout_handle is None


async def test_an_unanswered_read_fails_with_aiohttps_timeout() -> None:
    """A read waited for longer than the timeout sets aiohttp's SocketTimeoutError."""
    protocol = _readtimer.LazyReadTimeout(asyncio.get_running_loop())
    protocol.read_timeout = 0.01
    protocol.start_timeout()

    await asyncio.sleep(0.05)

    assert isinstance(protocol.exception(), aiohttp.SocketTimeoutError)


async def test_a_lost_connection_cancels_the_pending_timer() -> None:
    """connection_lost leaves no timer behind."""
    protocol = _readtimer.LazyReadTimeout(asyncio.get_running_loop())
    protocol.read_timeout = 30.0
    protocol.start_timeout()
    handle = protocol._read_timeout_handle
    assert handle is not None

    protocol.connection_lost(None)

    assert handle.cancelled() is True
    assert protocol._read_timeout_handle is None
