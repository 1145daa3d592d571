"""AsyncVideoSDK configuration and lifecycle."""

from __future__ import annotations

import httpx
import pytest
import respx

import videosdk_async as vs
from videosdk_async._core._aiohttp import AiohttpTransport
from videosdk_async._core._http import DEFAULT_TIMEOUT

from ..conftest import API_KEY, BASE_URL, MEETING_JSON, SECRET


def test_credentials_from_api_key_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """VIDEOSDK_API_KEY and VIDEOSDK_SECRET configure a minting SDK."""
    monkeypatch.setenv("VIDEOSDK_API_KEY", API_KEY)
    monkeypatch.setenv("VIDEOSDK_SECRET", SECRET)

    sdk = vs.AsyncVideoSDK()

    assert "auth='api-key'" in repr(sdk)


def test_credentials_from_token_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """VIDEOSDK_TOKEN configures a static-token SDK."""
    monkeypatch.setenv("VIDEOSDK_TOKEN", "a.b.c")

    sdk = vs.AsyncVideoSDK()

    assert "auth='token'" in repr(sdk)


def test_base_url_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """VIDEOSDK_API_ENDPOINT sets the base URL when base_url is not given."""
    monkeypatch.setenv("VIDEOSDK_API_ENDPOINT", "https://eu.example.test/")

    sdk = vs.AsyncVideoSDK(token="a.b.c")

    assert sdk.base_url == "https://eu.example.test"


def test_base_url_defaults_to_the_real_api() -> None:
    """Without base_url or VIDEOSDK_API_ENDPOINT the SDK targets api.videosdk.live."""
    assert vs.AsyncVideoSDK(token="a.b.c").base_url == "https://api.videosdk.live"


def test_missing_credentials_names_the_variables() -> None:
    """No credentials anywhere raises a ValueError naming the environment variables."""
    with pytest.raises(ValueError, match="VIDEOSDK_API_KEY") as info:
        vs.AsyncVideoSDK()

    assert "VIDEOSDK_SECRET" in str(info.value)
    assert "VIDEOSDK_TOKEN" in str(info.value)


def test_api_key_without_secret_is_refused() -> None:
    """api_key alone raises a ValueError saying the secret is missing."""
    with pytest.raises(ValueError, match="secret is missing"):
        vs.AsyncVideoSDK(api_key=API_KEY)


def test_token_and_api_key_together_are_refused() -> None:
    """token= with api_key=/secret= is contradictory and refused."""
    with pytest.raises(ValueError, match="either token"):
        vs.AsyncVideoSDK(token="a.b.c", api_key=API_KEY, secret=SECRET)


@pytest.mark.parametrize(
    "url", ["http://api.videosdk.live", "http://10.0.0.5:8787", "http://example.com/"]
)
def test_plain_http_to_non_loopback_refused(url: str) -> None:
    """http:// to a host that is not loopback is a ValueError at construction."""
    with pytest.raises(ValueError, match="clear text"):
        vs.AsyncVideoSDK(token="a.b.c", base_url=url)


@pytest.mark.parametrize(
    "url", ["http://localhost:8787", "http://127.0.0.1:1", "http://127.9.9.9", "http://[::1]:8080"]
)
def test_plain_http_to_loopback_allowed(url: str) -> None:
    """http:// is accepted for localhost, 127.0.0.0/8 and ::1."""
    assert vs.AsyncVideoSDK(token="a.b.c", base_url=url).base_url == url


@pytest.mark.parametrize(
    "url", ["ftp://x.test", "api.videosdk.live", "https://u:p@x.test", "https://x.test/?a=1"]
)
def test_malformed_base_url_refused(url: str) -> None:
    """Base URLs without https, with credentials or with a query are refused."""
    with pytest.raises(ValueError, match="base_url"):
        vs.AsyncVideoSDK(token="a.b.c", base_url=url)


def test_versioned_base_url_is_taken_as_the_root() -> None:
    """A base URL ending in /v2 (as the official examples set) means the API root."""
    sdk = vs.AsyncVideoSDK(token="a.b.c", base_url="https://api.videosdk.live/v2")

    assert sdk.base_url == "https://api.videosdk.live"


def test_default_timeouts() -> None:
    """The SDK's own client uses connect 5 s, read 30 s, write 30 s and pool 10 s."""
    sdk = vs.AsyncVideoSDK(token="a.b.c")

    assert sdk._requester.timeout == httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=10.0)
    assert sdk._requester.http.timeout == DEFAULT_TIMEOUT


@pytest.mark.parametrize("backend", ["httpx", "aiohttp"])
def test_default_pool_has_100_connections(backend: str) -> None:
    """Either transport's pool holds 100 connections by default."""
    sdk = vs.AsyncVideoSDK(token="a.b.c", http_backend=backend)  # type: ignore[arg-type]

    assert _pool_size(sdk) == 100


def test_timeout_overridable() -> None:
    """timeout= overrides the default timeouts."""
    sdk = vs.AsyncVideoSDK(token="a.b.c", timeout=2.5)

    assert sdk._requester.timeout == httpx.Timeout(2.5)


@pytest.mark.parametrize("backend", ["httpx", "aiohttp"])
def test_max_connections_overridable(backend: str) -> None:
    """max_connections= sizes either transport's pool."""
    sdk = vs.AsyncVideoSDK(token="a.b.c", max_connections=7, http_backend=backend)  # type: ignore[arg-type]

    assert _pool_size(sdk) == 7


def _pool_size(sdk: vs.AsyncVideoSDK) -> int:
    transport = sdk._requester._transport
    if isinstance(transport, AiohttpTransport):
        return transport._max_connections
    return int(transport._pool._max_connections)  # type: ignore[union-attr]


async def test_user_http_client_is_used_and_left_open(api: respx.MockRouter) -> None:
    """A user-supplied http_client sends the calls and stays open after aclose()."""
    api.post("/v1/meetings").respond(200, json=MEETING_JSON)
    async with httpx.AsyncClient(headers={"X-Custom": "yes"}) as client:
        async with vs.AsyncVideoSDK(api_key=API_KEY, secret=SECRET, http_client=client) as sdk:
            await sdk.meetings.create()

        assert client.is_closed is False
        assert api.calls.last.request.headers["x-custom"] == "yes"


async def test_own_http_client_closed_on_exit() -> None:
    """The client the SDK built is closed when the SDK is."""
    async with vs.AsyncVideoSDK(token="a.b.c") as sdk:
        http = sdk._requester.http

    assert http.is_closed is True
    assert sdk.is_closed is True


async def test_aclose_is_idempotent() -> None:
    """Calling aclose() twice is harmless."""
    sdk = vs.AsyncVideoSDK(token="a.b.c")

    await sdk.aclose()
    await sdk.aclose()

    assert sdk.is_closed is True


async def test_use_after_close_is_a_clear_error(api: respx.MockRouter) -> None:
    """A call after aclose() raises RuntimeError saying the SDK is closed, sending nothing."""
    sdk = vs.AsyncVideoSDK(token="a.b.c")
    await sdk.aclose()

    with pytest.raises(RuntimeError, match="closed"):
        await sdk.meetings.create()

    assert len(api.calls) == 0


async def test_reentering_closed_sdk_is_an_error() -> None:
    """`async with` on a closed SDK raises RuntimeError."""
    sdk = vs.AsyncVideoSDK(token="a.b.c")
    await sdk.aclose()

    with pytest.raises(RuntimeError, match="closed"):
        async with sdk:
            pass


async def test_user_agent_names_versions(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """Requests carry User-Agent videosdk-async/<v> python/<v> httpx/<v>."""
    route = api.post("/v1/meetings").respond(200, json=MEETING_JSON)

    await sdk.meetings.create()

    agent = route.calls.last.request.headers["user-agent"]
    assert agent.startswith(f"videosdk-async/{vs.__version__} python/3.")
    assert f"httpx/{httpx.__version__}" in agent


async def test_static_token_sent_raw(api: respx.MockRouter) -> None:
    """A static token is sent as the raw Authorization value, no Bearer prefix."""
    route = api.post("/v1/meetings").respond(200, json=MEETING_JSON)

    async with vs.AsyncVideoSDK(token="a.b.c", http_backend="httpx") as sdk:
        await sdk.meetings.create()

    assert route.calls.last.request.headers["authorization"] == "a.b.c"


def test_retry_must_be_a_policy() -> None:
    """retry= of the wrong type is a TypeError at construction."""
    with pytest.raises(TypeError, match="RetryPolicy"):
        vs.AsyncVideoSDK(token="a.b.c", retry=3)  # type: ignore[arg-type]


def test_meetings_is_async_meetings() -> None:
    """sdk.meetings is an AsyncMeetings bound to the SDK."""
    sdk = vs.AsyncVideoSDK(token="a.b.c", base_url=BASE_URL)

    assert isinstance(sdk.meetings, vs.AsyncMeetings)
    assert sdk.meetings is sdk.meetings


def test_environment_proxies_keep_the_client_send_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """With HTTPS_PROXY set, httpx's transport sends through AsyncClient.send (the proxy)."""
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")

    sdk = vs.AsyncVideoSDK(token="a.b.c", http_backend="httpx")

    assert sdk._requester._transport is None


def test_no_proxy_uses_the_direct_transport_path() -> None:
    """Without proxies the SDK's httpx client sends straight to its transport."""
    sdk = vs.AsyncVideoSDK(token="a.b.c", http_backend="httpx")

    assert isinstance(sdk._requester._transport, httpx.AsyncHTTPTransport)
