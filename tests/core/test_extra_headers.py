"""Extra request headers: AsyncVideoSDK(headers=) on every request, sdk.request(headers=) on
one, reserved names refused before anything is sent, on both transports."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import respx

import videosdk_async as vs

from ..conftest import API_KEY, MEETING_JSON, SECRET
from ..rawserver import RawServer

RESERVED = ["Authorization", "user-agent", "CONTENT-TYPE", "Accept", "Host"]


def _sdk(**kwargs: Any) -> vs.AsyncVideoSDK:
    return vs.AsyncVideoSDK(api_key=API_KEY, secret=SECRET, http_backend="httpx", **kwargs)


async def test_sdk_headers_go_on_every_request(api: respx.MockRouter) -> None:
    """headers= of the SDK are on each request of every family, the SDK's own kept."""
    created = api.post("/v1/meetings").respond(200, json=MEETING_JSON)
    listed = api.get("/v2/sessions").respond(200, json={"data": []})

    async with _sdk(headers={"X-Tenant": "acme", "X-Trace": "t1"}) as sdk:
        await sdk.meetings.create()
        await sdk.sessions.list(room_id="abcd")
        await sdk.request("GET", "/v2/sessions")

    sent = [created.calls.last.request, *[call.request for call in listed.calls]]
    assert [(r.headers["x-tenant"], r.headers["x-trace"]) for r in sent] == [("acme", "t1")] * 3
    assert all(r.headers["authorization"].startswith("eyJ") for r in sent)


async def test_request_headers_add_to_and_override_the_sdk_headers(api: respx.MockRouter) -> None:
    """sdk.request(headers=) adds its headers for that call; same name: the call's wins."""
    route = api.get("/v2/rooms").respond(200, json={"data": []})

    async with _sdk(headers={"X-Tenant": "acme", "X-Trace": "t1"}) as sdk:
        await sdk.request("GET", "/v2/rooms", headers={"x-trace": "t2", "X-Once": "1"})
        await sdk.request("GET", "/v2/rooms")

    first, second = (call.request.headers for call in route.calls)
    assert (first["x-tenant"], first.get_list("x-trace"), first["x-once"]) == ("acme", ["t2"], "1")
    assert (second["x-trace"], "x-once" in second) == ("t1", False)


@pytest.mark.parametrize("name", RESERVED)
def test_reserved_sdk_headers_are_refused(name: str) -> None:
    """headers= naming a header the SDK sets (any case) is ValueError at construction."""
    with pytest.raises(ValueError, match="may not set"):
        _sdk(headers={name: "x"})


@pytest.mark.parametrize("name", RESERVED)
async def test_reserved_request_headers_are_refused_before_sending(
    api: respx.MockRouter, name: str
) -> None:
    """sdk.request(headers={reserved: ...}) is ValueError and nothing is sent."""
    route = api.get("/v2/rooms").respond(200, json={"data": []})

    async with _sdk() as sdk:
        with pytest.raises(ValueError, match="may not set"):
            await sdk.request("GET", "/v2/rooms", headers={name: "x"})

    assert route.call_count == 0


@pytest.mark.parametrize(
    ("headers", "error"),
    [
        ({"X-A": "a\r\nX-Injected: 1"}, ValueError),
        ({"X A": "a"}, ValueError),
        ({"": "a"}, ValueError),
        ({"X-A": 1}, TypeError),
        ([("X-A", "a")], TypeError),
    ],
    ids=["crlf", "space-in-name", "empty-name", "int-value", "list"],
)
def test_malformed_headers_are_refused(headers: Any, error: type[Exception]) -> None:
    """A header that could split a request, or that is not str to str, is refused."""
    with pytest.raises(error):
        _sdk(headers=headers)


def test_a_refused_header_value_is_not_echoed() -> None:
    """The refusal names the header, never its value (it may be a credential)."""
    with pytest.raises(ValueError) as info:
        _sdk(headers={"X-Api-Secret": "s3cr3t\nvalue"})

    assert "s3cr3t" not in str(info.value)
    assert "X-Api-Secret" in str(info.value)


@pytest.mark.loopback
@pytest.mark.parametrize("backend", ["httpx", "aiohttp"])
async def test_headers_reach_the_wire_on_both_transports(backend: str) -> None:
    """On a real socket, each transport sends the SDK's and the call's extra headers."""

    async def answer(request: bytes, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
        writer.write(b"Content-Length: 2\r\n\r\n{}")
        await writer.drain()

    with RawServer(answer) as server:
        async with vs.AsyncVideoSDK(
            api_key=API_KEY,
            secret=SECRET,
            base_url=server.base_url,
            http_backend=backend,  # type: ignore[arg-type]
            headers={"X-Tenant": "acme"},
        ) as sdk:
            await sdk.request("POST", "/v2/rooms", json={}, headers={"X-Once": "1"})
            await sdk.request("GET", "/v2/rooms")
        first, second = (request.lower() for request in server.requests)

    assert b"\r\nx-tenant: acme\r\n" in first
    assert b"\r\nx-once: 1\r\n" in first
    assert b"\r\ncontent-type: application/json\r\n" in first
    assert b"\r\nx-tenant: acme\r\n" in second
    assert b"x-once" not in second


async def test_sdk_headers_never_go_on_the_presigned_upload() -> None:
    """A PUT to a presigned storage URL carries neither the token nor the SDK's headers."""
    with respx.mock(assert_all_called=False) as storage_api:
        storage = storage_api.put(url__startswith="https://storage.example.com/").respond(200)
        async with _sdk(headers={"X-Tenant": "acme"}) as sdk:
            await sdk._requester.put_presigned(
                "https://storage.example.com/leads.csv?sig=abc", b"phone\n", "text/csv"
            )

    sent = storage.calls.last.request.headers
    assert ("x-tenant" in sent, "authorization" in sent) == (False, False)
    assert sent["content-type"] == "text/csv"
