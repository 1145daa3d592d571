"""Token minting: generate_token rules, the cached management token, join tokens."""

from __future__ import annotations

import jwt
import pytest
import respx

import videosdk_async as vs

from ..conftest import API_KEY, MEETING_JSON, SECRET, FakeClock


def _decode(token: str) -> dict[str, object]:
    return jwt.decode(  # type: ignore[no-any-return]
        token, SECRET, algorithms=["HS256"], options={"verify_exp": False, "verify_nbf": False}
    )


async def test_sent_token_has_documented_claims(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, clock: FakeClock
) -> None:
    """The management token the SDK sends is HS256 with apikey, permissions, iat/nbf/exp."""
    route = api.post("/v1/meetings").respond(200, json=MEETING_JSON)

    await sdk.meetings.create()

    token = route.calls.last.request.headers["authorization"]
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    claims = _decode(token)
    now = int(clock.now)
    assert claims == {
        "apikey": API_KEY,
        "permissions": ["allow_join", "allow_mod"],
        "iat": now,
        "nbf": now - 30,
        "exp": now + 3600,
    }


async def test_one_signature_reused_across_requests(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """Many requests within the TTL reuse one token, signed once."""
    route = api.post("/v1/meetings").respond(200, json=MEETING_JSON)

    for _ in range(25):
        await sdk.meetings.create()

    tokens = {call.request.headers["authorization"] for call in route.calls}
    assert len(tokens) == 1
    assert sdk._requester.auth.signatures == 1


async def test_token_reminted_when_near_expiry(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, clock: FakeClock
) -> None:
    """Within 60 s of exp the SDK mints a fresh token; before that it keeps the old one."""
    route = api.post("/v1/meetings").respond(200, json=MEETING_JSON)
    await sdk.meetings.create()
    first = route.calls.last.request.headers["authorization"]

    clock.now += 3600 - 61
    await sdk.meetings.create()
    still = route.calls.last.request.headers["authorization"]
    clock.now += 2
    await sdk.meetings.create()
    fresh = route.calls.last.request.headers["authorization"]

    assert still == first
    assert fresh != first
    assert _decode(fresh)["iat"] == int(clock.now)
    assert sdk._requester.auth.signatures == 2


def test_generate_token_defaults() -> None:
    """generate_token mints allow_join for an hour, without version when not needed."""
    token = vs.generate_token(API_KEY, SECRET, now=1000.0)

    assert _decode(token) == {
        "apikey": API_KEY,
        "permissions": ["allow_join"],
        "iat": 1000,
        "nbf": 970,
        "exp": 4600,
    }


def test_generate_token_room_scoped_sets_version_2() -> None:
    """room_id / participant_id / roles set version 2 and their claims."""
    token = vs.generate_token(
        API_KEY,
        SECRET,
        room_id="abcd-efgh-ijkl",
        participant_id="alice",
        roles=["rtc"],
        ttl=60,
        now=0,
    )

    claims = _decode(token)
    assert claims["version"] == 2
    assert claims["roomId"] == "abcd-efgh-ijkl"
    assert claims["participantId"] == "alice"
    assert claims["roles"] == ["rtc"]
    assert claims["exp"] == 60


@pytest.mark.parametrize("permissions", [["ask_join", "allow_join"], ["ask_join", "allow_mod"]])
def test_generate_token_refuses_ask_join_mixed(permissions: list[str]) -> None:
    """ask_join combined with allow_join/allow_mod is a ValueError."""
    with pytest.raises(ValueError, match="ask_join"):
        vs.generate_token(API_KEY, SECRET, permissions=permissions)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"permissions": []}, ValueError, "permissions"),
        ({"permissions": ["root"]}, ValueError, "unknown permissions"),
        ({"permissions": "allow_join"}, TypeError, "permissions"),
        ({"roles": ["admin"]}, ValueError, "unknown roles"),
        ({"room_id": "r", "version": 1}, ValueError, "version=2"),
        ({"version": "2"}, TypeError, "version"),
        ({"ttl": 0}, ValueError, "ttl"),
        ({"ttl": -5}, ValueError, "ttl"),
        ({"ttl": "60"}, TypeError, "ttl"),
        ({"room_id": ""}, ValueError, "room_id"),
    ],
)
def test_generate_token_rejects_bad_input(
    kwargs: dict[str, object], exc: type[Exception], match: str
) -> None:
    """Bad permissions, roles, version, ttl or ids are refused with a clear error."""
    with pytest.raises(exc, match=match):
        vs.generate_token(API_KEY, SECRET, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(("key", "secret"), [("", SECRET), (API_KEY, ""), (None, SECRET)])
def test_generate_token_requires_key_and_secret(key: object, secret: str) -> None:
    """An empty or missing api_key or secret is refused."""
    with pytest.raises((ValueError, TypeError)):
        vs.generate_token(key, secret)  # type: ignore[arg-type]


def test_join_token_is_room_scoped(sdk: vs.AsyncVideoSDK, clock: FakeClock) -> None:
    """join_token mints a version-2 token for one room and participant."""
    token = sdk.join_token("87i6-bvw8-dtn1", participant_id="alice", ttl=120)

    claims = _decode(token)
    assert claims["apikey"] == API_KEY
    assert claims["roomId"] == "87i6-bvw8-dtn1"
    assert claims["participantId"] == "alice"
    assert claims["permissions"] == ["allow_join"]
    assert claims["version"] == 2
    assert claims["exp"] == int(clock.now) + 120


def test_join_token_validates_meeting_id(sdk: vs.AsyncVideoSDK) -> None:
    """join_token refuses an unsafe meeting id."""
    with pytest.raises(ValueError, match="meeting_id"):
        sdk.join_token("../x")


def test_join_token_needs_a_secret() -> None:
    """An SDK built with a static token cannot mint join tokens, and says why."""
    sdk = vs.AsyncVideoSDK(token="a.b.c")

    with pytest.raises(RuntimeError, match="api_key= and secret="):
        sdk.join_token("87i6-bvw8-dtn1")
