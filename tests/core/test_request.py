"""sdk.request(): the escape hatch, with the SDK's auth, retries, errors; and the env aliases."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

import videosdk_async as vs


async def test_request_returns_decoded_json(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """request() sends method, path, params and JSON, and returns the decoded answer."""
    route = api.post("/v2/sip/call").respond(200, json={"data": {"id": "c1"}})

    answer = await sdk.request(
        "POST", "/v2/sip/call", json={"callTo": "+1"}, params={"x": 1, "y": None}
    )

    assert answer == {"data": {"id": "c1"}}
    request = route.calls.last.request
    assert json.loads(request.content) == {"callTo": "+1"}
    assert dict(request.url.params) == {"x": "1"}
    assert request.headers["authorization"].count(".") == 2


async def test_request_returns_bare_strings(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """A bare JSON string answer comes back as str."""
    api.post("/v2/recordings/end").respond(200, json="Recording ended successfully")

    assert await sdk.request("POST", "/v2/recordings/end", json={"roomId": "r"}) == (
        "Recording ended successfully"
    )


async def test_request_retries_a_get_after_a_502(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A GET through request() is retried like any read."""
    route = api.get("/v2/things")
    route.side_effect = [httpx.Response(502), httpx.Response(200, json=[])]

    assert await sdk.request("get", "/v2/things") == []
    assert route.call_count == 2


async def test_request_does_not_repeat_a_post_after_a_502(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A POST through request() is not repeated after an ambiguous failure."""
    route = api.post("/v2/things").respond(502)

    with pytest.raises(vs.InternalServerError) as info:
        await sdk.request("POST", "/v2/things")

    assert route.call_count == 1
    assert info.value.outcome_unknown is True


@pytest.mark.parametrize(
    "path", ["v2/rooms", "//evil.example/x", "/v2/../admin", "/v2/a\nb", "https://x/y"]
)
async def test_request_refuses_paths_that_could_leave_the_api(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, path: str
) -> None:
    """A path that is not an absolute API path is refused before sending."""
    with pytest.raises(ValueError, match="path"):
        await sdk.request("GET", path)

    assert api.calls.call_count == 0


async def test_request_refuses_unknown_methods(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An unknown HTTP method is refused before sending."""
    with pytest.raises(ValueError, match="method"):
        await sdk.request("FETCH", "/v2/rooms")


async def test_per_call_timeout_reaches_the_request(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """timeout= on a call sets that call's per-attempt timeouts."""
    route = api.get("/v2/rooms/abcd").respond(200, json={"id": "i", "roomId": "abcd"})

    await sdk.rooms.get("abcd", timeout=2.5)

    assert route.calls.last.request.extensions["timeout"]["read"] == 2.5


async def test_per_call_retry_overrides_the_sdk_policy(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """retry= on a call replaces the SDK's policy for that call."""
    route = api.get("/v2/rooms/abcd").respond(503)

    with pytest.raises(vs.InternalServerError):
        await sdk.rooms.get("abcd", retry=vs.RetryPolicy(max_attempts=1))

    assert route.call_count == 1


def test_secret_key_alias_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """VIDEOSDK_SECRET_KEY stands in for VIDEOSDK_SECRET (the agents framework's name)."""
    monkeypatch.setenv("VIDEOSDK_API_KEY", "k")
    monkeypatch.setenv("VIDEOSDK_SECRET_KEY", "s" * 32)

    sdk = vs.AsyncVideoSDK()

    assert sdk._requester.auth.mode == "api-key"


def test_auth_token_alias_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """VIDEOSDK_AUTH_TOKEN stands in for VIDEOSDK_TOKEN."""
    monkeypatch.setenv("VIDEOSDK_AUTH_TOKEN", "a.b.c")

    sdk = vs.AsyncVideoSDK()

    assert sdk._requester.auth.get() == "a.b.c"


def test_the_primary_names_win_over_the_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    """When both VIDEOSDK_TOKEN and VIDEOSDK_AUTH_TOKEN are set, VIDEOSDK_TOKEN is used."""
    monkeypatch.setenv("VIDEOSDK_TOKEN", "a.b.primary")
    monkeypatch.setenv("VIDEOSDK_AUTH_TOKEN", "a.b.alias")

    assert vs.AsyncVideoSDK()._requester.auth.get() == "a.b.primary"
