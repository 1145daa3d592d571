"""sdk.webhooks at the wire (respx): the key fetch, its sharing and caching, and rotation."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
import respx

import videosdk_async as vs

from ..conftest import API_KEY, SECRET, FakeClock
from .test_webhooks import Keys, event_body

KEY_PATH = "/v2/public/rsa-public-key"


@pytest.fixture(scope="session", name="keys")
def _keys() -> Keys:
    """VideoSDK's key pair, for the whole session."""
    return Keys.generate()


@pytest.fixture(scope="session", name="rotated")
def _rotated() -> Keys:
    """The key pair VideoSDK rotates to (or a forger's)."""
    return Keys.generate()


@pytest.fixture(autouse=True)
def _no_pinned_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VIDEOSDK_WEBHOOK_PUBLIC_KEY", raising=False)


@pytest.fixture(name="route")
def _route(api: respx.MockRouter, keys: Keys) -> respx.Route:
    """The public-key endpoint, answering the current key."""
    return api.get(KEY_PATH).respond(200, json={"publicKey": keys.spki})


@pytest.fixture(name="pinned")
async def _pinned(clock: FakeClock, keys: Keys) -> AsyncIterator[vs.AsyncVideoSDK]:
    """An SDK with the webhook key pinned."""
    async with vs.AsyncVideoSDK(
        api_key=API_KEY,
        secret=SECRET,
        webhook_public_key=keys.spki,
        clock=clock,
        sleep=clock.sleep,
        http_backend="httpx",
    ) as sdk:
        yield sdk


def _key(pem: str) -> httpx.Response:
    return httpx.Response(200, json={"publicKey": pem})


async def test_public_key_gets_the_pem_with_authorization(
    sdk: vs.AsyncVideoSDK, route: respx.Route, keys: Keys
) -> None:
    """public_key() GETs /v2/public/rsa-public-key through the authenticated pipeline."""
    pem = await sdk.webhooks.public_key(timeout=5)

    assert pem == keys.spki
    assert route.calls.last.request.headers["authorization"]


async def test_public_key_is_retried_like_any_get(
    sdk: vs.AsyncVideoSDK, route: respx.Route, keys: Keys
) -> None:
    """A 503 on the key fetch is retried, then the key is returned."""
    route.side_effect = [httpx.Response(503), _key(keys.spki)]

    pem = await sdk.webhooks.public_key(retry=vs.RetryPolicy(jitter=False))

    assert (pem, route.call_count) == (keys.spki, 2)


async def test_public_key_of_unexpected_shape_is_an_error(
    sdk: vs.AsyncVideoSDK, route: respx.Route
) -> None:
    """An answer without a publicKey string is an UnexpectedResponseError."""
    route.side_effect = [httpx.Response(200, json={"key": "x"})]

    with pytest.raises(vs.UnexpectedResponseError):
        await sdk.webhooks.public_key()


async def test_fifty_concurrent_first_calls_share_one_fetch(
    sdk: vs.AsyncVideoSDK, route: respx.Route, keys: Keys
) -> None:
    """50 concurrent first verifications make exactly one key fetch."""
    body = event_body()

    events = await asyncio.gather(*(sdk.webhooks.verify(body, keys.sign(body)) for _ in range(50)))

    assert route.call_count == 1
    assert {event.type for event in events} == {"participant-joined"}


async def test_fetched_key_is_kept(sdk: vs.AsyncVideoSDK, route: respx.Route, keys: Keys) -> None:
    """Later verifications use the fetched key without fetching again."""
    body = event_body()
    for _ in range(3):
        await sdk.webhooks.verify(body, keys.sign(body))

    assert route.call_count == 1


async def test_pinned_key_is_never_fetched(
    pinned: vs.AsyncVideoSDK, route: respx.Route, keys: Keys, rotated: Keys
) -> None:
    """With webhook_public_key= there is no fetch, for a good event or a forged one."""
    body = event_body()

    event = await pinned.webhooks.verify(body, keys.sign(body))
    with pytest.raises(vs.WebhookVerificationError):
        await pinned.webhooks.verify(body, rotated.sign(body))

    assert event.type == "participant-joined"
    assert route.call_count == 0


async def test_key_pinned_by_environment_is_never_fetched(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock, route: respx.Route, keys: Keys
) -> None:
    """$VIDEOSDK_WEBHOOK_PUBLIC_KEY pins the key like the argument does."""
    monkeypatch.setenv("VIDEOSDK_WEBHOOK_PUBLIC_KEY", keys.pkcs1)
    body = event_body()

    async with vs.AsyncVideoSDK(
        api_key=API_KEY, secret=SECRET, clock=clock, http_backend="httpx"
    ) as sdk:
        await sdk.webhooks.verify(body, keys.sign(body))

    assert route.call_count == 0


async def test_missing_signature_is_refused_before_any_fetch(
    sdk: vs.AsyncVideoSDK, route: respx.Route
) -> None:
    """A request without a signature is refused without fetching the key."""
    with pytest.raises(vs.WebhookVerificationError, match="Missing"):
        await sdk.webhooks.verify(event_body(), None)

    assert route.call_count == 0


async def test_failed_fetch_raises_and_is_not_cached(
    sdk: vs.AsyncVideoSDK, route: respx.Route, keys: Keys
) -> None:
    """A failed key fetch raises the SDK's error; the next verification fetches again."""
    route.side_effect = [httpx.Response(403, json={"message": "forbidden"}), _key(keys.spki)]
    body = event_body()

    with pytest.raises(vs.PermissionDeniedError):
        await sdk.webhooks.verify(body, keys.sign(body))
    event = await sdk.webhooks.verify(body, keys.sign(body))

    assert (event.type, route.call_count) == ("participant-joined", 2)


async def test_cancelled_caller_does_not_cancel_the_shared_fetch(
    sdk: vs.AsyncVideoSDK, route: respx.Route, keys: Keys
) -> None:
    """Cancelling one waiting verification leaves the fetch running for the others."""
    started, release = asyncio.Event(), asyncio.Event()

    async def slow_key(request: httpx.Request) -> httpx.Response:
        started.set()
        await release.wait()
        return _key(keys.spki)

    route.side_effect = slow_key
    body = event_body()
    first = asyncio.create_task(sdk.webhooks.verify(body, keys.sign(body)))
    second = asyncio.create_task(sdk.webhooks.verify(body, keys.sign(body)))
    await started.wait()
    first.cancel()
    release.set()

    event = await second
    assert first.cancelled()
    assert (event.type, route.call_count) == ("participant-joined", 1)


async def test_rotated_key_verifies_after_exactly_one_refetch(
    sdk: vs.AsyncVideoSDK, route: respx.Route, keys: Keys, rotated: Keys
) -> None:
    """After the server's key changes, the next event verifies after exactly one refetch."""
    route.side_effect = [_key(keys.spki), _key(rotated.spki)]
    body = event_body()
    await sdk.webhooks.verify(body, keys.sign(body))

    event = await sdk.webhooks.verify(body, rotated.sign(body))

    assert (event.type, route.call_count) == ("participant-joined", 2)


async def test_rotated_key_is_kept(
    sdk: vs.AsyncVideoSDK, route: respx.Route, keys: Keys, rotated: Keys
) -> None:
    """Events after a rotation verify with the refetched key, without fetching again."""
    route.side_effect = [_key(keys.spki), _key(rotated.spki)]
    body = event_body()
    await sdk.webhooks.verify(body, keys.sign(body))
    for _ in range(3):
        await sdk.webhooks.verify(body, rotated.sign(body))

    assert route.call_count == 2


async def test_forged_burst_refetches_at_most_once_a_minute(
    sdk: vs.AsyncVideoSDK, route: respx.Route, rotated: Keys, clock: FakeClock
) -> None:
    """20 forged events within a minute cause one refetch beyond the first fetch."""
    body = event_body()
    for _ in range(20):
        with pytest.raises(vs.WebhookVerificationError, match="invalid"):
            await sdk.webhooks.verify(body, rotated.sign(body))
        clock.now += 2.5

    assert route.call_count == 2


async def test_forged_event_after_a_minute_refetches_once_more(
    sdk: vs.AsyncVideoSDK, route: respx.Route, rotated: Keys, clock: FakeClock
) -> None:
    """Once a minute has passed since the last refetch, a failed check refetches again."""
    body = event_body()
    for _ in range(5):
        with pytest.raises(vs.WebhookVerificationError):
            await sdk.webhooks.verify(body, rotated.sign(body))
    clock.now += 60

    with pytest.raises(vs.WebhookVerificationError):
        await sdk.webhooks.verify(body, rotated.sign(body))

    assert route.call_count == 3


async def test_concurrent_forged_burst_refetches_once(
    sdk: vs.AsyncVideoSDK, route: respx.Route, rotated: Keys
) -> None:
    """20 concurrent forged events are all refused after one fetch and one refetch."""
    body = event_body()

    results = await asyncio.gather(
        *(sdk.webhooks.verify(body, rotated.sign(body)) for _ in range(20)),
        return_exceptions=True,
    )

    assert all(isinstance(r, vs.WebhookVerificationError) for r in results)
    assert route.call_count == 2


async def test_failed_refetch_raises_the_sdk_error(
    sdk: vs.AsyncVideoSDK, route: respx.Route, keys: Keys, rotated: Keys
) -> None:
    """When the rotation refetch itself fails, its SDK error is raised (the event is unsettled)."""
    route.side_effect = [_key(keys.spki), httpx.Response(403, json={"message": "forbidden"})]
    body = event_body()

    with pytest.raises(vs.PermissionDeniedError):
        await sdk.webhooks.verify(body, rotated.sign(body))

    assert route.call_count == 2
