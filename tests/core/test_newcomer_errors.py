"""Errors a newcomer reads: bad input is a VideoSDKError too; connection errors say where, why."""

from __future__ import annotations

import pickle
import socket
import ssl

import httpx
import pytest

import videosdk_async as vs
from videosdk_async._core import _translate
from videosdk_async._core._ids import check_id, check_label, check_meeting_id
from videosdk_async.emulator import Emulator

ONCE = vs.RetryPolicy(max_attempts=1)


@pytest.mark.parametrize("value", ["", "a/b", " x", ".", "x" * 257, "a\nb"])
def test_a_bad_id_is_a_videosdk_error_and_a_value_error(value: str) -> None:
    """check_id refuses with InvalidArgumentError: a VideoSDKError and a ValueError."""
    with pytest.raises(vs.InvalidArgumentError) as caught:
        check_id(value, "room_id")

    assert isinstance(caught.value, vs.VideoSDKError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.attempts == 0
    assert str(caught.value).startswith("room_id must")


@pytest.mark.parametrize("check", [check_id, check_label, check_meeting_id])
def test_a_non_str_id_is_a_videosdk_error_and_a_type_error(check: object) -> None:
    """A non-str id is InvalidArgumentTypeError: a VideoSDKError and a TypeError."""
    with pytest.raises(vs.InvalidArgumentTypeError) as caught:
        check(42, "room_id")  # type: ignore[operator]

    assert isinstance(caught.value, vs.VideoSDKError)
    assert isinstance(caught.value, TypeError)
    assert str(caught.value) == "room_id must be a str, not int"


async def test_except_videosdk_error_catches_a_bad_user_supplied_id() -> None:
    """`except vs.VideoSDKError` around a call catches a bad id; nothing is sent."""
    emulator = Emulator()
    caught: vs.VideoSDKError | None = None
    async with emulator.sdk() as sdk:
        try:
            await sdk.rooms.get("../admin")
        except vs.VideoSDKError as exc:
            caught = exc

    assert isinstance(caught, vs.InvalidArgumentError)
    assert str(caught) == "room_id must not contain '/', '?', '#' or '%'"
    assert emulator.journal == []


def test_a_bad_input_error_pickles() -> None:
    """The new errors survive pickling with their class and message."""
    error = vs.InvalidArgumentError("room_id must not be empty")

    again = pickle.loads(pickle.dumps(error))

    assert type(again) is vs.InvalidArgumentError
    assert str(again) == "room_id must not be empty"


@pytest.mark.parametrize("backend", ["aiohttp", "httpx"])
async def test_a_refused_connection_names_the_host_and_the_reason(backend: str) -> None:
    """Nothing listening: the message names host:port and 'connection refused'."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with vs.AsyncVideoSDK(
        api_key="k",
        secret="s",
        base_url=f"http://127.0.0.1:{port}",
        http_backend=backend,  # type: ignore[arg-type]
        retry=ONCE,
    ) as sdk:
        with pytest.raises(vs.APIConnectionError) as caught:
            await sdk.rooms.get("standup")

    assert str(caught.value) == (
        f"Could not connect to 127.0.0.1:{port} for GET /v2/rooms/standup: connection refused."
    )


def test_a_name_that_does_not_resolve_says_so() -> None:
    """A DNS failure deep in the chain is named in the message itself."""
    cause = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    exc = httpx.ConnectError("boom")
    exc.__cause__ = cause

    _, error = _translate.transport_error(
        exc, method="POST", path="/v2/rooms", host="api.example.invalid"
    )

    assert str(error) == (
        "Could not connect to api.example.invalid for POST /v2/rooms: the host name does not "
        "resolve (Name or service not known)."
    )


def test_a_tls_failure_says_so() -> None:
    """A certificate failure is 'TLS failed (...)', not the errno's unrelated words."""
    cause = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] bad")
    cause.reason = "CERTIFICATE_VERIFY_FAILED"
    exc = httpx.ConnectError("boom")
    exc.__cause__ = cause

    _, error = _translate.transport_error(exc, method="GET", path="/v2/rooms", host="h")

    assert str(error) == (
        "Could not connect to h for GET /v2/rooms: TLS failed (CERTIFICATE_VERIFY_FAILED)."
    )


def test_a_dropped_connection_names_the_host() -> None:
    """A connection lost after sending names the host and the kind of failure."""
    _, error = _translate.transport_error(
        httpx.RemoteProtocolError("Server disconnected"), method="GET", path="/x", host="h:1"
    )

    assert str(error) == (
        "The connection to h:1 failed during GET /x (RemoteProtocolError: the server "
        "disconnected or the answer could not be read)."
    )


def test_missing_credentials_are_a_videosdk_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """AsyncVideoSDK() with no credentials anywhere raises InvalidArgumentError."""
    for name in ("VIDEOSDK_API_KEY", "VIDEOSDK_SECRET", "VIDEOSDK_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("VIDEOSDK_SECRET_KEY", raising=False)
    monkeypatch.delenv("VIDEOSDK_AUTH_TOKEN", raising=False)

    with pytest.raises(vs.InvalidArgumentError) as caught:
        vs.AsyncVideoSDK()

    assert isinstance(caught.value, vs.VideoSDKError)
    assert str(caught.value).startswith("no VideoSDK credentials")


async def test_a_bad_page_size_and_retry_policy_are_videosdk_errors() -> None:
    """per_page out of range and a RetryPolicy below its bounds are InvalidArgumentError."""
    async with Emulator().sdk() as sdk:
        with pytest.raises(vs.InvalidArgumentError, match="per_page"):
            sdk.rooms.list(per_page=0)
    with pytest.raises(vs.InvalidArgumentError, match="max_attempts"):
        vs.RetryPolicy(max_attempts=0)
