"""Empty success answers (a 204, or a 2xx with no body) to calls that confirm with a string
return ``""``: no UnexpectedResponseError, no ``outcome_unknown``, on both transports."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import respx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import videosdk_async as vs
from videosdk_async.emulator import LoopbackServer

from .discovery import resource_methods


def _calls(sdk: vs.AsyncVideoSDK) -> Iterator[tuple[str, Any]]:
    """Every coroutine method of every resource."""
    for name, method in resource_methods(sdk):
        if inspect.iscoroutinefunction(method):
            yield name, method


def _simple(method: Any) -> bool:
    """Returns ``str`` and needs nothing but ids (positional ``str`` arguments)."""
    signature = inspect.signature(method)
    if signature.return_annotation not in ("str", str):
        return False
    return all(
        p.default is not inspect.Parameter.empty
        or (p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.annotation == "str")
        for p in signature.parameters.values()
    )


#: Reads that return text: an empty answer is no confirmation there.
_READS = {"webhooks.public_key", "batch_calls.records.export"}
#: Options a call needs besides its ids.
_OPTIONS: dict[str, dict[str, str]] = {"sessions.remove_participant": {"room_id": "room-1"}}


def _confirming_calls() -> list[str]:
    sdk = vs.AsyncVideoSDK(api_key="k", secret="s")
    return sorted(name for name, method in _calls(sdk) if _simple(method) and name not in _READS)


def _ids(method: Any) -> list[str]:
    return [
        f"id-{i}"
        for i, p in enumerate(inspect.signature(method).parameters.values())
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        and p.default is inspect.Parameter.empty
    ]


def test_the_confirming_calls_are_found() -> None:
    """The discovery sees the deletes and stops of the families (a sanity check on it)."""
    assert {"recordings.delete", "recordings.stop", "hls.stop"} <= set(_confirming_calls())


@pytest.mark.parametrize("call_name", _confirming_calls())
@pytest.mark.parametrize(("status", "content"), [(204, b""), (200, b""), (200, b"  \n")])
async def test_an_empty_success_is_an_empty_confirmation(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, call_name: str, status: int, content: bytes
) -> None:
    """Each call that confirms with a string returns "" for an empty success answer."""
    route = api.route().respond(status, content=content)
    method = dict(_calls(sdk))[call_name]

    assert await method(*_ids(method), **_OPTIONS.get(call_name, {})) == ""
    assert route.call_count == 1
    assert route.calls.last.request.method != "GET"


@pytest.fixture(name="empty_server")
def _empty_server() -> Iterator[LoopbackServer]:
    """A server answering every request with 204 No Content."""

    async def empty(request: Request) -> Response:
        return Response(status_code=204)

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    app = Starlette(routes=[Route("/{path:path}", empty, methods=methods)])
    with LoopbackServer(app) as server:
        yield server


@pytest.fixture(name="empty_sdk", params=["httpx", "aiohttp"])
async def _empty_sdk(
    empty_server: LoopbackServer, request: pytest.FixtureRequest
) -> AsyncIterator[vs.AsyncVideoSDK]:
    async with vs.AsyncVideoSDK(
        api_key="k", secret="s", base_url=empty_server.base_url, http_backend=request.param
    ) as sdk:
        yield sdk


async def test_a_204_to_a_delete_over_loopback_is_an_empty_confirmation(
    empty_sdk: vs.AsyncVideoSDK,
) -> None:
    """recordings.delete over a real socket: a 204 answer returns ""."""
    assert await empty_sdk.recordings.delete("rec-1") == ""


async def test_a_204_to_a_stop_post_is_not_an_unknown_outcome(empty_sdk: vs.AsyncVideoSDK) -> None:
    """A POST (hls.stop) answered 204 over a real socket returns "" and raises nothing."""
    assert await empty_sdk.hls.stop("room-1") == ""


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "POST"])
async def test_a_204_to_a_raw_request_is_none(empty_sdk: vs.AsyncVideoSDK, method: str) -> None:
    """sdk.request of any writing method answered 204 returns None (no JSON), not an error."""
    assert await empty_sdk.request(method, "/v2/anything", json={"a": 1}) is None


async def test_an_empty_answer_to_a_create_is_not_marked_unknown(
    empty_sdk: vs.AsyncVideoSDK,
) -> None:
    """A create answered 204 cannot be decoded, but its outcome is known: it succeeded."""
    with pytest.raises(vs.UnexpectedResponseError) as info:
        await empty_sdk.meetings.create()

    assert info.value.outcome_unknown is False
    assert info.value.attempts == 1
