"""Hardening: secrets, hostile answers, deadlines and lifecycle, on both transports."""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import pickle
import subprocess
import sys
import traceback
import warnings

import pytest
import respx

import videosdk_async as vs
from videosdk_async._core import _requester
from videosdk_async.emulator import CREATE, Emulator, EmulatorServer

from ..conftest import API_KEY, SECRET
from ..rawserver import RawServer
from ..vtime import VirtualClock

pytestmark = pytest.mark.loopback

TOKEN = vs.generate_token(API_KEY, SECRET, permissions=["allow_join", "allow_mod"], now=1.9e9)
ONE_TRY = vs.RetryPolicy(max_attempts=1)


def _sdk(base_url: str, backend: str, **kwargs: object) -> vs.AsyncVideoSDK:
    kwargs.setdefault("retry", ONE_TRY)
    return vs.AsyncVideoSDK(token=TOKEN, base_url=base_url, http_backend=backend, **kwargs)  # type: ignore[arg-type]


def _everything_printed(error: BaseException) -> str:
    return "\n".join(
        [str(error), repr(error), repr(error.args), "".join(traceback.format_exception(error))]
    )


async def _fails(sdk: vs.AsyncVideoSDK) -> vs.VideoSDKError:
    async with sdk:
        with pytest.raises(vs.VideoSDKError) as info:
            await sdk.rooms.get("abcd")
    return info.value


def _auth_header(request: bytes) -> bytes:
    for line in request.split(b"\r\n"):
        if line.lower().startswith(b"authorization:"):
            return line.split(b":", 1)[1].strip()
    return b""


# -- secrets ---------------------------------------------------------------------------


async def test_malformed_status_line_echoing_the_token_leaks_nowhere(backend: str) -> None:
    """A garbled status line that echoes the Authorization header shows up in no error text."""

    async def garbled(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 2OO " + _auth_header(request) + b"\r\n\r\n")
        await writer.drain()
        writer.close()

    with RawServer(garbled) as server:
        error = await _fails(_sdk(server.base_url, backend))

    assert isinstance(error, vs.APIConnectionError)
    assert TOKEN not in _everything_printed(error)


async def test_error_body_echoing_the_header_is_redacted(backend: str) -> None:
    """A gateway error body that echoes the token is redacted in message, body and repr."""

    async def echo(request: bytes, writer: asyncio.StreamWriter) -> None:
        token = _auth_header(request).decode()
        body = json.dumps({"message": f"bad auth {token}", "echo": {"authorization": token}})
        writer.write(
            f"HTTP/1.1 400 Bad {token}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n{body}".encode()
        )
        await writer.drain()

    with RawServer(echo) as server:
        error = await _fails(_sdk(server.base_url, backend))

    assert isinstance(error, vs.BadRequestError)
    assert TOKEN not in _everything_printed(error)
    assert TOKEN not in json.dumps(error.body)
    assert "[redacted]" in error.message
    assert TOKEN.encode() not in pickle.dumps(error)


async def test_frame_locals_of_sdk_code_hold_no_token(backend: str) -> None:
    """No local variable of the SDK's own frames renders the token (Sentry, structlog)."""
    with EmulatorServer() as server:
        server.emulator.inject(CREATE, "status", status=500)
        sdk = vs.AsyncVideoSDK(
            **server.sdk_kwargs(),
            http_backend=backend,
            retry=ONE_TRY,  # type: ignore[arg-type]
        )
        async with sdk:
            with pytest.raises(vs.InternalServerError) as info:
                await sdk.meetings.create()
            token = sdk._requester.auth.get()

    rendered = []
    tb = info.value.__traceback__
    while tb is not None:
        if "videosdk_async" in tb.tb_frame.f_code.co_filename:
            rendered.extend(repr(value) for value in tb.tb_frame.f_locals.values())
        tb = tb.tb_next
    assert rendered
    assert not [text for text in rendered if token in text]


async def test_debug_logs_hold_no_token(backend: str, caplog: pytest.LogCaptureFixture) -> None:
    """DEBUG logs of videosdk_async, httpx, httpcore and aiohttp never carry the token."""
    caplog.set_level(logging.DEBUG)
    with EmulatorServer() as server:
        sdk = vs.AsyncVideoSDK(**server.sdk_kwargs(), http_backend=backend)  # type: ignore[arg-type]
        async with sdk:
            await sdk.meetings.create("logged")
            token = sdk._requester.auth.get()

    assert caplog.records
    assert token not in caplog.text


# -- hostile answers ---------------------------------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000


async def test_deeply_nested_2xx_is_unexpected_response(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A 2xx body nested 100,000 levels deep is an UnexpectedResponseError, not RecursionError."""
    api.get("/v2/rooms/abcd").respond(200, content=DEEP)

    with pytest.raises(vs.UnexpectedResponseError):
        await sdk.rooms.get("abcd")


async def test_deeply_nested_error_body_keeps_its_status_class(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A 400 whose body is nested 100,000 levels deep is still a BadRequestError."""
    api.get("/v2/rooms/abcd").respond(400, content=DEEP)

    with pytest.raises(vs.BadRequestError):
        await sdk.rooms.get("abcd")


async def test_undecodable_2xx_to_a_create_is_outcome_unknown(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """The server said yes to a create but its answer cannot be read: outcome_unknown=True."""
    api.post("/v2/rooms").respond(200, json={"unexpected": True})

    with pytest.raises(vs.UnexpectedResponseError) as info:
        await sdk.rooms.create()

    assert info.value.outcome_unknown is True


async def test_undecodable_2xx_to_a_read_is_not_outcome_unknown(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An unreadable answer to a read is just an UnexpectedResponseError."""
    api.get("/v2/rooms/abcd").respond(200, json={"unexpected": True})

    with pytest.raises(vs.UnexpectedResponseError) as info:
        await sdk.rooms.get("abcd")

    assert info.value.outcome_unknown is False


async def test_oversized_body_is_capped_with_a_clear_error(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer larger than the SDK reads raises UnexpectedResponseError saying so."""
    monkeypatch.setattr(_requester, "MAX_BODY", 1024)
    big = json.dumps({"id": "i", "roomId": "r", "pad": "x" * 10_000}).encode()

    async def huge(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(big) + big)
        await writer.drain()

    with RawServer(huge) as server:
        error = await _fails(_sdk(server.base_url, backend))

    assert isinstance(error, vs.UnexpectedResponseError)
    assert "larger than the SDK reads" in str(error)


# -- deadlines ---------------------------------------------------------------------------


async def test_deadline_bounds_a_body_that_trickles_in(backend: str) -> None:
    """A body arriving one byte per 100 ms cannot outlive the call's deadline."""
    finished = asyncio.Event()

    async def trickle(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
        for _ in range(100):
            writer.write(b" ")
            await writer.drain()
            await asyncio.sleep(0.1)
        finished.set()

    policy = vs.RetryPolicy(max_attempts=1, deadline=0.5)
    with RawServer(trickle) as server:
        error = await _fails(_sdk(server.base_url, backend, retry=policy, timeout=5.0))

    assert isinstance(error, vs.APITimeoutError)
    assert "deadline" in str(error)
    assert not finished.is_set()


async def test_batch_pause_never_sends_after_an_items_deadline() -> None:
    """A shared 429 pause longer than an item's deadline ends that item without sending."""
    async with VirtualClock() as clock:
        emu = Emulator(clock=clock, sleep=clock.sleep)
        emu.inject(CREATE, "status", status=429, retry_after=10)
        policy = vs.RetryPolicy(deadline=2.0, max_retry_after=60)
        async with emu.sdk(clock=clock, sleep=clock.sleep, retry=policy) as sdk:
            results = await sdk.meetings.create_many(
                ["a", "b", "c"], concurrency=1, return_exceptions=True
            )

    assert isinstance(results[0], vs.RateLimitError)
    assert all(isinstance(r, vs.APITimeoutError) for r in results[1:])
    assert [r.attempts for r in results if isinstance(r, vs.VideoSDKError)] == [1, 1, 1]
    assert len(emu.journal) == 1


# -- lifecycle ---------------------------------------------------------------------------


async def test_aclose_ends_a_call_sleeping_in_backoff(backend: str) -> None:
    """aclose() wakes a call waiting 30 s to retry: it raises, and nothing more is sent."""
    with EmulatorServer() as server:
        server.emulator.inject(CREATE, "status", status=503, retry_after=30, count=5)
        sdk = vs.AsyncVideoSDK(
            **server.sdk_kwargs(),
            http_backend=backend,  # type: ignore[arg-type]
            retry=vs.RetryPolicy(deadline=None),
        )
        call = asyncio.create_task(sdk.meetings.create("x"))
        # Wait until the call is in its backoff (not merely answered): then close.
        while not sdk._requester._sleepers:  # noqa: ASYNC110 (set by the call's own task)
            await asyncio.sleep(0.01)
        await sdk.aclose()
        with pytest.raises(vs.VideoSDKError, match="closed") as info:
            await asyncio.wait_for(call, 5)
        sent = len(server.emulator.journal)

    assert sent == 1
    assert info.value.attempts == 1
    assert isinstance(info.value.__cause__, vs.VideoSDKError)


def test_a_second_event_loop_is_refused_before_sending(backend: str) -> None:
    """Using an SDK from a second asyncio.run refuses with a VideoSDKError, sending nothing."""
    with EmulatorServer() as server:
        sdk = vs.AsyncVideoSDK(**server.sdk_kwargs(), http_backend=backend)  # type: ignore[arg-type]
        asyncio.run(sdk.meetings.create("first"))
        with pytest.raises(vs.VideoSDKError, match="event loop"):
            asyncio.run(sdk.meetings.create("second"))
        sent = len(server.emulator.journal)
        # The misuse modelled here never closes the SDK in its first loop: collect its pool
        # now, rather than let a ResourceWarning surface in whichever test runs next.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            del sdk
            gc.collect()

    assert sent == 1


DROPPED = """
import asyncio, sys
import videosdk_async as vs
from videosdk_async.emulator import EmulatorServer

with EmulatorServer() as server:
    sdk = vs.AsyncVideoSDK(**server.sdk_kwargs(), http_backend=sys.argv[1])
    asyncio.run(sdk.meetings.create("dropped"))
    del sdk
"""


def test_an_sdk_dropped_without_aclose_prints_nothing(backend: str) -> None:
    """A process that never calls aclose() exits quietly (no 'Unclosed ...' noise)."""
    done = subprocess.run(
        [sys.executable, "-c", DROPPED, backend], capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 0
    assert done.stderr == ""
