"""Hostile bodies: deep nesting, huge error messages and decompression bombs, both transports.

Deep JSON never becomes ``RecursionError`` (a status error, a decoded model, or a 400 from
the emulator); error messages built from a JSON body are bounded; a gzip or deflate bomb is
refused within the SDK's body cap without inflating it in memory.
"""

from __future__ import annotations

import asyncio
import copy
import gzip
import json
import pickle
import tracemalloc
import zlib
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
import respx

import videosdk_async as vs
from videosdk_async._core import _converter, _json, _translate
from videosdk_async.emulator import EmulatorServer
from videosdk_async.models.sessions import Session

from ..cli.helpers import invoke
from ..conftest import API_KEY, SECRET
from ..rawserver import RawServer

pytestmark = pytest.mark.loopback

TOKEN = vs.generate_token(API_KEY, SECRET, permissions=["allow_join", "allow_mod"], now=1.9e9)
ONE_TRY = vs.RetryPolicy(max_attempts=1)
#: Far deeper than any parser follows.
VERY_DEEP = 100_000
#: Just under json's own limit (the interpreter's recursion limit, 1000).
NEAR_LIMIT = 900
#: Deep enough that a recursive walk fails where ``json.loads`` still succeeds.
MIDDLE = 450
Serve = Callable[[bytes, asyncio.StreamWriter], Awaitable[None]]


def _sdk(base_url: str, backend: str) -> vs.AsyncVideoSDK:
    return vs.AsyncVideoSDK(token=TOKEN, base_url=base_url, http_backend=backend, retry=ONE_TRY)  # type: ignore[arg-type]


def _nested_list(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _nested_object(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


def _answer(status: int, body: bytes, *headers: bytes) -> Serve:
    head = b"HTTP/1.1 %d X\r\nContent-Length: %d\r\n" % (status, len(body))
    head += b"".join(h + b"\r\n" for h in headers) + b"\r\n"

    async def serve(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(head + body)
        await writer.drain()

    return serve


async def _get_room(serve: Serve, backend: str) -> BaseException:
    with RawServer(serve) as server:
        async with _sdk(server.base_url, backend) as sdk:
            with pytest.raises(vs.VideoSDKError) as info:
                await sdk.rooms.get("abcd")
    return info.value


async def _get_session(serve: Serve, backend: str) -> vs.Session:
    with RawServer(serve) as server:
        async with _sdk(server.base_url, backend) as sdk:
            return await sdk.sessions.get("s1")


# -- 5: deep nesting ----------------------------------------------------------------------


@pytest.mark.parametrize("depth", [VERY_DEEP, NEAR_LIMIT, MIDDLE])
async def test_deep_error_body_is_a_status_error(backend: str, depth: int) -> None:
    """A 400 whose body nests a field deeply is a BadRequestError carrying its message."""
    body = b'{"message":"bad room","detail":' + _nested_list(depth) + b"}"

    error = await _get_room(_answer(400, body), backend)

    assert isinstance(error, vs.BadRequestError)
    assert error.status_code == 400


@pytest.mark.parametrize("depth", [NEAR_LIMIT, MIDDLE])
async def test_deep_error_body_keeps_its_message(backend: str, depth: int) -> None:
    """A deep error body that json can parse still yields the server's message."""
    body = b'{"message":"bad room","detail":' + _nested_object(depth) + b"}"

    error = await _get_room(_answer(400, body), backend)

    assert isinstance(error, vs.BadRequestError)
    assert "bad room" in str(error)


@pytest.mark.parametrize("depth", [NEAR_LIMIT, MIDDLE])
async def test_deep_free_form_field_decodes_and_converts(backend: str, depth: int) -> None:
    """A session whose ``links`` nest deeply decodes; to_dict() keeps every level."""
    body = b'{"id":"s1","roomId":"r1","links":' + _nested_object(depth) + b"}"

    session = await _get_session(_answer(200, body, b"Content-Type: application/json"), backend)

    assert session.id == "s1"
    data = session.to_dict()["links"]
    for _ in range(depth):
        data = data["a"]
    assert data == 1


async def test_very_deep_2xx_is_unexpected_response(backend: str) -> None:
    """A 2xx body nested 100,000 deep is an UnexpectedResponseError."""
    error = await _get_room(_answer(200, _nested_list(VERY_DEEP)), backend)

    assert isinstance(error, vs.UnexpectedResponseError)


@pytest.mark.parametrize("depth", [MIDDLE, NEAR_LIMIT, 5_000])
def test_to_dict_and_wire_form_of_deep_free_form_data(depth: int) -> None:
    """to_dict() and the wire form walk free-form data of any depth without recursion."""
    links: Any = 1
    for _ in range(depth):
        links = {"a": [links]}
    session = Session(id="s1", links=links)

    for converted in (session.to_dict()["links"], _converter.unstructure(session)["links"]):
        for _ in range(depth):
            converted = converted["a"][0]
        assert converted == 1


@pytest.mark.parametrize("copier", ["pickle", "deepcopy"])
def test_an_error_with_a_deep_body_pickles_and_copies(copier: str) -> None:
    """A status error whose body nests 900 deep survives pickle and deepcopy, body intact."""
    body = b'{"message":"bad","detail":' + _nested_list(NEAR_LIMIT) + b"}"
    request = httpx.Request("GET", "https://api.videosdk.live/v2/rooms/abcd")
    error = _translate.status_error(httpx.Response(400, content=body, request=request))

    again = pickle.loads(pickle.dumps(error)) if copier == "pickle" else copy.deepcopy(error)

    assert isinstance(again, vs.BadRequestError)
    assert str(again) == str(error)
    assert _json.dumps(again.body) == _json.dumps(error.body)


@pytest.mark.parametrize("depth", [MIDDLE, NEAR_LIMIT])
def test_the_cli_prints_a_deep_answer(depth: int) -> None:
    """`sessions get` of a session whose links nest deeply prints JSON (compact), exit 0."""
    body = b'{"id":"s1","roomId":"r1","links":' + _nested_object(depth) + b"}"
    env = {"VIDEOSDK_API_KEY": API_KEY, "VIDEOSDK_SECRET": SECRET}

    with RawServer(_answer(200, body, b"Content-Type: application/json")) as server:
        code, out, err = invoke(env, "sessions", "get", "s1", "--base-url", server.base_url)

    printed = _json.loads(out)
    assert (code, err) == (0, "")
    assert printed["id"] == "s1"
    assert _json.dumps(printed["links"]) == _nested_object(depth).replace(b":", b": ")


def test_redact_walks_any_depth() -> None:
    """Token redaction reaches a JWT nested 5,000 levels deep."""
    secret = "eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl"
    value: Any = {"t": secret}
    for _ in range(5_000):
        value = [value]

    redacted = _translate.redact(value)

    for _ in range(5_000):
        redacted = redacted[0]
    assert redacted == {"t": _translate.REDACTED}


def test_loads_refuses_very_deep_json_with_value_error() -> None:
    """_translate.loads: 100,000 levels is a ValueError, never RecursionError."""
    with pytest.raises(ValueError, match="nested too deeply"):
        _translate.loads(_nested_list(VERY_DEEP))


@pytest.mark.parametrize("depth", [VERY_DEEP, NEAR_LIMIT, MIDDLE])
async def test_emulator_answers_400_to_a_deep_request_body(
    videosdk_server: EmulatorServer, depth: int
) -> None:
    """The emulator refuses a deeply nested request body with a 400, never a 500."""
    body = b'{"recordingIds":["r1"],"x":' + _nested_list(depth) + b"}"
    async with httpx.AsyncClient(base_url=videosdk_server.base_url) as client:
        answer = await client.post(
            "/v2/transcodings/merge",
            content=body,
            headers={"Authorization": videosdk_server.emulator.token()},
        )

    assert answer.status_code == 400
    assert "nested" in answer.json()["message"]


@pytest.mark.parametrize("depth", [VERY_DEEP, NEAR_LIMIT])
async def test_emulator_fault_matching_survives_a_deep_body(
    videosdk_server: EmulatorServer, depth: int
) -> None:
    """A fault that matches on body fields looks at a deep body without failing: still a 400."""
    emulator = videosdk_server.emulator
    emulator.inject("POST /v2/transcodings/merge", "status", status=503, match={"x": 1})
    body = b'{"recordingIds":["r1"],"x":' + _nested_list(depth) + b"}"
    async with httpx.AsyncClient(base_url=videosdk_server.base_url) as client:
        answer = await client.post(
            "/v2/transcodings/merge", content=body, headers={"Authorization": emulator.token()}
        )

    assert answer.status_code == 400
    assert emulator.journal[-1].status == 400


async def test_emulator_control_route_answers_400_to_a_deep_body(
    videosdk_server: EmulatorServer,
) -> None:
    """An /_emulator control route refuses a body nested 100,000 deep with a 400."""
    async with httpx.AsyncClient(base_url=videosdk_server.base_url) as client:
        answer = await client.post("/_emulator/faults", content=_nested_list(VERY_DEEP))

    assert answer.status_code == 400


def _deep_value(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


async def test_a_very_deep_request_body_is_refused_before_sending(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """sdk.request(json=) nested 100,000 deep is a ValueError; nothing is sent."""
    route = api.post("/v2/anything").respond(200, json={})

    with pytest.raises(ValueError, match="nested too deeply"):
        await sdk.request("POST", "/v2/anything", json={"x": _deep_value(VERY_DEEP)})

    assert not route.called


async def test_a_request_body_near_the_limit_is_sent_whole(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """sdk.request(json=) nested 900 deep is encoded (on a fresh stack) and sent as given."""
    route = api.post("/v2/anything").respond(200, json={})

    await sdk.request("POST", "/v2/anything", json={"x": _deep_value(NEAR_LIMIT)})

    sent = route.calls.last.request.content
    assert sent == b'{"x": ' + b"[" * NEAR_LIMIT + b"1" + b"]" * NEAR_LIMIT + b"}"


# -- 6: bounded messages --------------------------------------------------------------------


async def test_json_error_message_is_bounded(backend: str) -> None:
    """A 100 kB message in a JSON error body is cut in the error's message."""
    body = json.dumps({"message": "m" * 100_000, "code": "c" * 100_000}).encode()

    error = await _get_room(_answer(400, body), backend)

    assert isinstance(error, vs.BadRequestError)
    assert len(str(error)) < 700
    assert error.code is not None
    assert len(error.code) <= 100


async def test_bare_string_error_is_bounded(backend: str) -> None:
    """A 100 kB bare JSON string error body is cut in the error's message."""
    error = await _get_room(_answer(500, json.dumps("m" * 100_000).encode()), backend)

    assert len(str(error)) < 700


async def test_a_long_reason_phrase_is_bounded(backend: str) -> None:
    """A 4 kB status-line reason phrase is cut in the error's message."""
    body = b"{}"
    head = b"HTTP/1.1 400 " + b"R" * 4_000 + b"\r\nContent-Length: 2\r\n\r\n"

    async def serve(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(head + body)
        await writer.drain()

    error = await _get_room(serve, backend)

    assert isinstance(error, vs.BadRequestError)
    assert len(str(error)) < 300


# -- 6: decompression under the cap --------------------------------------------------------

_BOMB_SIZE = 200 * 1024 * 1024


def _bomb(wbits: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    zeros = bytes(1024 * 1024)
    parts = [packer.compress(zeros) for _ in range(_BOMB_SIZE // len(zeros))]
    return b"".join(parts) + packer.flush()


_BOMBS: dict[str, bytes] = {}


def _bomb_for(encoding: str) -> bytes:
    if encoding not in _BOMBS:
        _BOMBS[encoding] = _bomb(31 if encoding == "gzip" else 15)
    return _BOMBS[encoding]


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_decompression_bomb_is_refused_within_the_cap(backend: str, encoding: str) -> None:
    """200 MB of zeros, compressed, is 'too large' and never inflated whole in memory."""
    serve = _answer(200, _bomb_for(encoding), b"Content-Encoding: " + encoding.encode())
    tracemalloc.start()
    try:
        error = await _get_room(serve, backend)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert isinstance(error, vs.UnexpectedResponseError)
    assert "larger than the SDK reads" in str(error)
    assert peak < 64 * 1024 * 1024


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate"])
async def test_compressed_answer_still_decodes(backend: str, encoding: str) -> None:
    """A small compressed answer (gzip, zlib deflate, raw deflate) decodes as before."""
    plain = json.dumps({"id": "s1", "roomId": "r1"}).encode()
    if encoding == "gzip":
        packed = gzip.compress(plain)
    else:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15 if encoding == "raw-deflate" else 15)
        packed = packer.compress(plain) + packer.flush()
    header = b"Content-Encoding: " + encoding.removeprefix("raw-").encode()

    session = await _get_session(_answer(200, packed, header), backend)

    assert (session.id, session.room_id) == ("s1", "r1")


async def test_corrupt_gzip_is_an_sdk_error(backend: str) -> None:
    """A body that claims gzip but is not raises the SDK's own error."""
    error = await _get_room(_answer(200, b"not gzip at all", b"Content-Encoding: gzip"), backend)

    assert isinstance(error, vs.APIConnectionError)
