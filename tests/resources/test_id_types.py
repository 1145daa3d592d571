"""Every id argument of every call, found on the client itself, refuses a non-str with
TypeError before any request is sent."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import pytest
import respx

import videosdk_async as vs

from .discovery import resource_methods


def _calls(sdk: vs.AsyncVideoSDK) -> Iterator[tuple[str, Any]]:
    return resource_methods(sdk)


def _positional_ids(method: Any) -> list[str]:
    return [
        p.name
        for p in inspect.signature(method).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        and p.default is inspect.Parameter.empty
        and (p.name.endswith("_id") or p.name in ("e164", "metric"))
    ]


def _cases() -> list[tuple[str, str]]:
    sdk = vs.AsyncVideoSDK(api_key="k", secret="s")
    return sorted(
        (call, param) for call, method in _calls(sdk) for param in _positional_ids(method)
    )


#: Positional arguments that are not ids take a valid value of their own.
_VALID = {"kind": "audio"}


def _required_keywords(method: Any) -> dict[str, Any]:
    """Plausible values for required keyword-only arguments (so only the id is wrong)."""
    values: dict[str, Any] = {}
    for p in inspect.signature(method).parameters.values():
        if p.kind is p.KEYWORD_ONLY and p.default is inspect.Parameter.empty:
            values[p.name] = {"status": "enabled"}.get(p.name, "x")
    return values


@pytest.mark.parametrize("bad", [None, 123, b"room"], ids=["None", "int", "bytes"])
@pytest.mark.parametrize(("call_name", "param"), _cases())
async def test_a_non_str_id_is_a_type_error_before_any_request(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, call_name: str, param: str, bad: object
) -> None:
    """Passing a non-str as an id raises TypeError (a VideoSDKError too) and sends nothing."""
    route = api.route().respond(json={})
    method = dict(_calls(sdk))[call_name]
    names = [
        p.name
        for p in inspect.signature(method).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        and p.default is inspect.Parameter.empty
    ]
    args = [bad if name == param else _VALID.get(name, "valid-id") for name in names]

    async def attempt() -> None:
        result = method(*args, **_required_keywords(method))
        if inspect.isawaitable(result):
            await result

    with pytest.raises(TypeError) as info:
        await attempt()

    assert isinstance(info.value, vs.VideoSDKError)  # `except VideoSDKError` catches it too

    assert route.call_count == 0
