"""What a newcomer hits at construction: bad options refused with a message saying what to pass."""

from __future__ import annotations

import warnings

import httpx
import pytest
import respx

import videosdk_async as vs


@pytest.mark.parametrize("timeout", [0, -1, 0.0])
def test_timeout_must_be_positive(timeout: float) -> None:
    """timeout <= 0 is refused at construction."""
    with pytest.raises(ValueError, match="timeout"):
        vs.AsyncVideoSDK(token="a.b.c", timeout=timeout)


@pytest.mark.parametrize("max_connections", [0, -5])
def test_max_connections_must_be_at_least_one(max_connections: int) -> None:
    """max_connections < 1 is refused at construction."""
    with pytest.raises(ValueError, match="max_connections"):
        vs.AsyncVideoSDK(token="a.b.c", max_connections=max_connections)


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("https://api.videosdk.live/v1", "https://api.videosdk.live"),
        ("https://api.videosdk.live/v2/", "https://api.videosdk.live"),
        ("HTTPS://API.VideoSDK.live", "https://api.videosdk.live"),
        ("https://gw.example.com:8443/videosdk/v2", "https://gw.example.com:8443/videosdk"),
    ],
)
def test_base_url_is_normalised(given: str, used: str) -> None:
    """A /v1 or /v2 suffix, a trailing slash and the case of scheme and host are normalised."""
    assert vs.AsyncVideoSDK(token="a.b.c", base_url=given).base_url == used


@pytest.mark.parametrize("url", ["https://x.test:99999", "https://x .test", "https://x.test#f"])
def test_broken_base_urls_are_refused(url: str) -> None:
    """An impossible port, whitespace or a fragment in base_url is refused."""
    with pytest.raises(ValueError, match="base_url"):
        vs.AsyncVideoSDK(token="a.b.c", base_url=url)


async def test_a_short_secret_raises_no_warning(api: respx.MockRouter) -> None:
    """PyJWT's InsecureKeyLengthWarning never reaches users of a short secret."""
    api.get("/v2/rooms/abcd").respond(200, json={"id": "i", "roomId": "abcd"})

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        async with vs.AsyncVideoSDK(api_key="k", secret="short", http_backend="httpx") as sdk:
            await sdk.rooms.get("abcd")
            token = sdk.join_token("abcd")

    assert token.count(".") == 2


async def test_connection_errors_keep_their_cause(api: respx.MockRouter) -> None:
    """A connection failure is raised with the transport's exception as its __cause__."""
    api.get("/v2/rooms/abcd").mock(side_effect=httpx.ConnectError("refused"))

    async with vs.AsyncVideoSDK(
        token="a.b.c", http_backend="httpx", retry=vs.RetryPolicy(max_attempts=1)
    ) as sdk:
        with pytest.raises(vs.APIConnectionError) as info:
            await sdk.rooms.get("abcd")

    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert info.value.request_sent is False


def test_the_default_constructor_takes_the_aiohttp_path() -> None:
    """AsyncVideoSDK() with no client or transport sends through the SDK's aiohttp transport."""
    from videosdk_async._core._aiohttp import AiohttpTransport

    sdk = vs.AsyncVideoSDK(token="a.b.c")

    assert isinstance(sdk._requester._transport, AiohttpTransport)


def test_the_stock_transport_stays_selectable() -> None:
    """http_backend='httpx' keeps httpx's own transport (what respx mocks)."""
    sdk = vs.AsyncVideoSDK(token="a.b.c", http_backend="httpx")

    assert isinstance(sdk._requester._transport, httpx.AsyncHTTPTransport)
