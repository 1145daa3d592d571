"""Token tools: verify_token / decode_token, join_token and sdk.generate_token with roles and
claims, reserved claims refused, and the secret kept out of frame locals on every refusal."""

from __future__ import annotations

import base64
import json
import traceback
from typing import Any

import jwt
import pytest

import videosdk_async as vs

from ..conftest import API_KEY, SECRET, FakeClock

RESERVED = [
    "apikey",
    "iat",
    "exp",
    "nbf",
    "permissions",
    "roles",
    "version",
    "roomId",
    "participantId",
]
NOW = 1_700_000_000.0


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(token: str) -> dict[str, Any]:
    return jwt.decode(  # type: ignore[no-any-return]
        token, SECRET, algorithms=["HS256"], options={"verify_exp": False, "verify_nbf": False}
    )


@pytest.fixture(name="minting_sdk")
def _minting_sdk(clock: FakeClock) -> vs.AsyncVideoSDK:
    return vs.AsyncVideoSDK(api_key=API_KEY, secret=SECRET, clock=clock)


# -- verify_token ----------------------------------------------------------------------------


def test_verify_token_returns_the_claims_of_a_good_token() -> None:
    """verify_token answers the claims of a token signed with the secret, custom ones too."""
    token = vs.generate_token(API_KEY, SECRET, room_id="r1", claims={"plan": "pro"})

    claims = vs.verify_token(token, SECRET)

    assert (claims["apikey"], claims["roomId"], claims["plan"]) == (API_KEY, "r1", "pro")


def test_verify_token_accepts_custom_registered_claim_names() -> None:
    """Custom claims named aud, iss, sub or jti (of any type) do not make a good token fail."""
    claims = {"aud": "my-app", "iss": "backend", "sub": 42, "jti": 7}
    token = vs.generate_token(API_KEY, SECRET, claims=claims)

    assert {k: vs.verify_token(token, SECRET)[k] for k in claims} == claims


def test_verify_token_refuses_an_expired_token() -> None:
    """A token past its exp is InvalidTokenError('expired')."""
    token = vs.generate_token(API_KEY, SECRET, ttl=60, now=NOW)

    with pytest.raises(vs.InvalidTokenError, match="expired"):
        vs.verify_token(token, SECRET)


def test_verify_token_refuses_a_wrong_secret() -> None:
    """A token signed with another secret is InvalidTokenError (signature)."""
    token = vs.generate_token(API_KEY, "another-secret-0123456789abcdef")

    with pytest.raises(vs.InvalidTokenError, match="signature"):
        vs.verify_token(token, SECRET)


def test_verify_token_refuses_alg_none() -> None:
    """An unsigned token (alg: none) is refused, whatever its claims say."""
    header = _b64({"alg": "none", "typ": "JWT"})
    payload = _b64({"apikey": API_KEY, "permissions": ["allow_mod"], "exp": 4_000_000_000})

    for token in (f"{header}.{payload}.", f"{header}.{payload}"):
        with pytest.raises(vs.InvalidTokenError):
            vs.verify_token(token, SECRET)


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("algorithm", ["HS512", "HS384"])
def test_verify_token_refuses_another_algorithm(algorithm: str) -> None:
    """A token signed with the right secret but another algorithm is refused (HS256 only)."""
    token = jwt.encode({"apikey": API_KEY, "exp": 4_000_000_000}, SECRET, algorithm=algorithm)

    with pytest.raises(vs.InvalidTokenError, match="HS256"):
        vs.verify_token(token, SECRET)


def test_verify_token_refuses_a_token_not_valid_yet() -> None:
    """A token whose nbf is in the future is refused."""
    token = vs.generate_token(API_KEY, SECRET, now=4_000_000_000)

    with pytest.raises(vs.InvalidTokenError, match="not valid yet"):
        vs.verify_token(token, SECRET)


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "eyJ.eyJ.sig"])
def test_verify_token_refuses_garbage(garbage: str) -> None:
    """A malformed token is InvalidTokenError, not a PyJWT or JSON error."""
    with pytest.raises(vs.InvalidTokenError, match=r"malformed|signature"):
        vs.verify_token(garbage, SECRET)


def test_verify_token_message_never_holds_the_token() -> None:
    """The refusal's message, repr and traceback never show the token or the secret."""
    token = vs.generate_token(API_KEY, SECRET, ttl=60, now=NOW)

    with pytest.raises(vs.InvalidTokenError) as info:
        vs.verify_token(token, SECRET)

    text = "".join(traceback.format_exception(info.value)) + repr(info.value)
    assert token not in text
    assert SECRET not in text
    assert info.value.__cause__ is None
    assert info.value.__context__ is None


def test_verify_token_checks_argument_types() -> None:
    """A non-str token is TypeError; an empty secret is ValueError."""
    with pytest.raises(TypeError):
        vs.verify_token(b"a.b.c", SECRET)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="secret"):
        vs.verify_token("a.b.c", " ")


def test_sdk_verify_token_uses_the_sdk_secret_and_clock(
    minting_sdk: vs.AsyncVideoSDK, clock: FakeClock
) -> None:
    """sdk.verify_token accepts its own join token, and refuses it once the clock passes exp."""
    token = minting_sdk.join_token("abcd-efgh-ijkl", ttl=60)

    claims = minting_sdk.verify_token(token)
    clock.now += 61

    assert claims["roomId"] == "abcd-efgh-ijkl"
    with pytest.raises(vs.InvalidTokenError, match="expired"):
        minting_sdk.verify_token(token)


def test_sdk_verify_token_needs_a_secret() -> None:
    """A static-token SDK cannot verify tokens: RuntimeError."""
    sdk = vs.AsyncVideoSDK(token="a.b.c")

    with pytest.raises(RuntimeError, match="api_key= and secret="):
        sdk.verify_token("a.b.c")


def test_verify_token_failure_keeps_the_secret_out_of_frame_locals(
    minting_sdk: vs.AsyncVideoSDK,
) -> None:
    """A refused token's traceback frames hold no local rendering the SDK's secret."""
    forged = vs.generate_token(API_KEY, "another-secret-0123456789abcdef")

    with pytest.raises(vs.InvalidTokenError) as info:
        minting_sdk.verify_token(forged)

    assert _rendered_locals(info.value)
    assert [text for text in _rendered_locals(info.value) if SECRET in text] == []


# -- decode_token ----------------------------------------------------------------------------


def test_decode_token_reads_claims_without_checking() -> None:
    """decode_token answers an expired, foreign token's claims (to read its exp)."""
    token = vs.generate_token(API_KEY, "another-secret-0123456789abcdef", ttl=60, now=NOW)

    assert vs.decode_token(token) == {
        "apikey": API_KEY,
        "permissions": ["allow_join"],
        "iat": int(NOW),
        "nbf": int(NOW) - 30,
        "exp": int(NOW) + 60,
    }


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", f"x.{_b64({'a': 1})[:-2]}!.y"])
def test_decode_token_answers_none_for_garbage(garbage: str) -> None:
    """Something that is not a JWT with a JSON payload decodes to None."""
    assert vs.decode_token(garbage) is None


# -- minting with roles and claims -----------------------------------------------------------


def test_join_token_mints_roles_and_claims(minting_sdk: vs.AsyncVideoSDK) -> None:
    """join_token(roles=, claims=) puts both in the token beside the documented claims."""
    token = minting_sdk.join_token(
        "abcd-efgh-ijkl", participant_id="p1", roles=["rtc"], claims={"tier": "gold"}
    )

    assert _claims(token) == {
        "apikey": API_KEY,
        "permissions": ["allow_join"],
        "roomId": "abcd-efgh-ijkl",
        "participantId": "p1",
        "roles": ["rtc"],
        "version": 2,
        "tier": "gold",
        "iat": int(NOW),
        "nbf": int(NOW) - 30,
        "exp": int(NOW) + 3600,
    }


def test_join_token_sends_no_roles_unless_given(minting_sdk: vs.AsyncVideoSDK) -> None:
    """Without roles=, a join token has no roles claim (as before)."""
    assert "roles" not in _claims(minting_sdk.join_token("abcd-efgh-ijkl"))


def test_sdk_generate_token_mints_a_management_token(minting_sdk: vs.AsyncVideoSDK) -> None:
    """generate_token(roles=("crawler",), allow_join+allow_mod) is forApi()'s token, no room."""
    token = minting_sdk.generate_token(permissions=["allow_join", "allow_mod"], roles=["crawler"])

    assert _claims(token) == {
        "apikey": API_KEY,
        "permissions": ["allow_join", "allow_mod"],
        "roles": ["crawler"],
        "version": 2,
        "iat": int(NOW),
        "nbf": int(NOW) - 30,
        "exp": int(NOW) + 3600,
    }


def test_sdk_generate_token_defaults(minting_sdk: vs.AsyncVideoSDK) -> None:
    """generate_token() is allow_join for an hour, no room, no version."""
    assert _claims(minting_sdk.generate_token(ttl=90)) == {
        "apikey": API_KEY,
        "permissions": ["allow_join"],
        "iat": int(NOW),
        "nbf": int(NOW) - 30,
        "exp": int(NOW) + 90,
    }


def test_sdk_generate_token_room_and_participant(minting_sdk: vs.AsyncVideoSDK) -> None:
    """room_id= and participant_id= become roomId/participantId with version 2."""
    claims = _claims(
        minting_sdk.generate_token(room_id="r 1", participant_id="p1", claims={"a": [1]})
    )

    assert (claims["roomId"], claims["participantId"], claims["version"], claims["a"]) == (
        "r 1",
        "p1",
        2,
        [1],
    )


def test_sdk_generate_token_checks_the_room_id(minting_sdk: vs.AsyncVideoSDK) -> None:
    """room_id gets the identifier check."""
    with pytest.raises(ValueError, match="room_id"):
        minting_sdk.generate_token(room_id="../x")


@pytest.mark.parametrize("claim", RESERVED)
def test_reserved_claims_are_refused_by_every_minter(
    minting_sdk: vs.AsyncVideoSDK, claim: str
) -> None:
    """A claim that has its own argument is ValueError from join_token, generate_token and
    the module's generate_token (nothing minted)."""
    with pytest.raises(ValueError, match=claim):
        minting_sdk.join_token("abcd", claims={claim: "x"})
    with pytest.raises(ValueError, match=claim):
        minting_sdk.generate_token(claims={claim: "x"})
    with pytest.raises(ValueError, match=claim):
        vs.generate_token(API_KEY, SECRET, claims={claim: "x"})


@pytest.mark.parametrize(
    "claims", [["a"], {1: "a"}, {"when": object()}], ids=["list", "int-key", "not-json"]
)
def test_claims_of_the_wrong_type_are_refused(minting_sdk: vs.AsyncVideoSDK, claims: Any) -> None:
    """claims must be a mapping of str to JSON data: TypeError otherwise."""
    with pytest.raises(TypeError, match="claims"):
        minting_sdk.generate_token(claims=claims)


# -- the secret stays out of frame locals ----------------------------------------------------


def _rendered_locals(exc: BaseException) -> list[str]:
    """repr of every local of every frame of the package in the traceback (and its chain)."""
    rendered = []
    seen: BaseException | None = exc
    while seen is not None:
        tb = seen.__traceback__
        while tb is not None:
            if "videosdk_async" in tb.tb_frame.f_code.co_filename:
                rendered.extend(repr(value) for value in tb.tb_frame.f_locals.values())
            tb = tb.tb_next
        seen = seen.__cause__ or seen.__context__
    return rendered


BAD_ARGUMENTS = [
    {"permissions": ["allow_join", "ask_join"]},
    {"permissions": ["root"]},
    {"permissions": "allow_join"},
    {"ttl": 0},
    {"ttl": "60"},
    {"roles": ["admin"]},
    {"claims": {"apikey": "other"}},
    {"claims": {"x": object()}},
    {"participant_id": 7},
    {"participant_id": " "},
]


@pytest.mark.parametrize(
    "bad", BAD_ARGUMENTS, ids=lambda b: f"{next(iter(b))}={next(iter(b.values()))!r}"
)
def test_join_token_refusal_holds_no_secret_in_frame_locals(
    minting_sdk: vs.AsyncVideoSDK, bad: dict[str, Any]
) -> None:
    """join_token checks every argument before touching the secret: no frame holds it."""
    with pytest.raises((TypeError, ValueError)) as info:
        minting_sdk.join_token("abcd-efgh-ijkl", **bad)

    rendered = _rendered_locals(info.value)
    assert rendered
    assert [text for text in rendered if SECRET in text] == []


@pytest.mark.parametrize(
    "bad",
    [*BAD_ARGUMENTS, {"room_id": "../x"}],
    ids=lambda b: f"{next(iter(b))}={next(iter(b.values()))!r}",
)
def test_generate_token_refusal_holds_no_secret_in_frame_locals(
    minting_sdk: vs.AsyncVideoSDK, bad: dict[str, Any]
) -> None:
    """sdk.generate_token checks every argument before touching the secret."""
    with pytest.raises((TypeError, ValueError)) as info:
        minting_sdk.generate_token(**bad)

    rendered = _rendered_locals(info.value)
    assert rendered
    assert [text for text in rendered if SECRET in text] == []


@pytest.mark.parametrize(
    "bad", BAD_ARGUMENTS, ids=lambda b: f"{next(iter(b))}={next(iter(b.values()))!r}"
)
def test_module_generate_token_refusal_holds_no_secret_in_frame_locals(
    bad: dict[str, Any],
) -> None:
    """vs.generate_token keeps the secret in a redacting holder before checking the rest."""
    with pytest.raises((TypeError, ValueError)) as info:
        vs.generate_token(API_KEY, SECRET, **bad)

    rendered = _rendered_locals(info.value)
    assert rendered
    assert [text for text in rendered if SECRET in text] == []


def test_module_verify_token_refusal_holds_no_secret_in_frame_locals() -> None:
    """A token refused by vs.verify_token leaves no frame local rendering the secret."""
    forged = vs.generate_token(API_KEY, "another-secret-0123456789abcdef")

    with pytest.raises(vs.InvalidTokenError) as info:
        vs.verify_token(forged, SECRET)

    rendered = _rendered_locals(info.value)
    assert rendered
    assert [text for text in rendered if SECRET in text] == []
