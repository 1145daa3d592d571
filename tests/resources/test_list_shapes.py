"""Every list call, found on the client itself, meets answers of an unexpected shape with
`UnexpectedResponseError`, never a raw Python error; and reads its items where they sit."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import pytest
import respx

import videosdk_async as vs

from .discovery import resource_methods


def _list_calls(sdk: vs.AsyncVideoSDK) -> Iterator[tuple[str, Any]]:
    """``("rooms.list", bound method)`` for every method of every resource that returns a pager."""
    for name, method in resource_methods(sdk):
        if "AsyncPager" in str(inspect.signature(method).return_annotation):
            yield name, method


def _names() -> list[str]:
    return sorted(name for name, _ in _list_calls(vs.AsyncVideoSDK(api_key="k", secret="s")))


def _call(method: Any) -> Any:
    """Call a list method with a plain id for each required positional argument."""
    required = [
        p
        for p in inspect.signature(method).parameters.values()
        if p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    return method(*(f"id-{i}" for i in range(len(required))))


BAD_SHAPES = {
    "a string": "surprise",
    "a number": 42,
    "null": None,
    "data not a list": {"data": {"items": 1}},
    "a list of strings": ["a", "b"],
    "pageInfo not an object, data a string": {"pageInfo": [1], "data": "x"},
}


def test_the_list_calls_are_found() -> None:
    """The discovery below sees the list calls of every family (a sanity check on it)."""
    names = _names()

    assert {"rooms.list", "sessions.participants", "recordings.merge.list"} <= set(names)


@pytest.mark.parametrize("call_name", _names())
@pytest.mark.parametrize("shape", list(BAD_SHAPES), ids=list(BAD_SHAPES))
async def test_an_unexpected_shape_is_an_unexpected_response_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, call_name: str, shape: str
) -> None:
    """A list answer of an unexpected shape raises UnexpectedResponseError for each list call."""
    api.route(method="GET").respond(json=BAD_SHAPES[shape])
    method = dict(_list_calls(sdk))[call_name]

    with pytest.raises(vs.UnexpectedResponseError):
        await _call(method)


async def _iterate(pager: Any) -> list[Any]:
    return [item async for item in pager]


@pytest.mark.parametrize("call_name", _names())
@pytest.mark.parametrize("shape", list(BAD_SHAPES), ids=list(BAD_SHAPES))
async def test_an_unexpected_shape_fails_iteration_with_an_unexpected_response_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, call_name: str, shape: str
) -> None:
    """Iterating a list answer of an unexpected shape (its items decoded as they are reached)
    raises UnexpectedResponseError too, for each list call."""
    api.route(method="GET").respond(json=BAD_SHAPES[shape])
    method = dict(_list_calls(sdk))[call_name]

    with pytest.raises(vs.UnexpectedResponseError):
        await _iterate(_call(method))


async def test_merge_list_reads_its_recordings_key(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """recordings.merge.list() reads items under `recordings` (else `data`)."""
    api.get("/v2/recordings/participant/merge").respond(
        json={"recordings": [{"id": "m1"}], "pageInfo": {"currentPage": 1, "lastPage": 1}}
    )

    page = await sdk.recordings.merge.list()

    assert [r.id for r in page.data] == ["m1"]


async def test_a_list_without_page_metadata_is_one_page(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An answer with items but no pageInfo ends iteration after one request."""
    route = api.get("/v2/rooms").respond(
        json={"data": [{"id": "1", "roomId": "r1"}, {"id": "2", "roomId": "r2"}]}
    )

    rooms = [room.room_id async for room in sdk.rooms.list(per_page=2)]

    assert rooms == ["r1", "r2"]
    assert route.call_count == 1
