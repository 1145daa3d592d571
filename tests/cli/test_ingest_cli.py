"""`tokens verify` and `whip create` on the command line."""

from __future__ import annotations

import json

import httpx
import jwt
import pytest
from click.testing import CliRunner

import videosdk_async as vs
from videosdk_async.cli import cli
from videosdk_async.emulator import EmulatorServer

from .helpers import invoke

OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
SECRET = "cli-secret-0123456789abcdef0123456789"


def _verify(token: str, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["tokens", "verify", *args], input=token, env=env)
    return result.exit_code, result.stdout, result.stderr


def test_tokens_verify_prints_the_claims() -> None:
    """A good token on stdin: its claims as JSON, exit 0 (secret from the environment)."""
    token = vs.generate_token("key", SECRET, room_id="r1", claims={"plan": "pro"})

    code, out, err = _verify(token + "\n", {"VIDEOSDK_SECRET": SECRET})

    claims = json.loads(out)
    assert (code, err) == (0, "")
    assert (claims["apikey"], claims["roomId"], claims["plan"]) == ("key", "r1", "pro")


@pytest.mark.parametrize(
    ("token", "why"),
    [
        (vs.generate_token("key", SECRET, ttl=60, now=1_700_000_000), "expired"),
        (vs.generate_token("key", "another-secret-0123456789abcdef"), "signature"),
        ("eyJhbGciOiJub25lIn0.eyJhcGlrZXkiOiJrZXkifQ.", "HS256"),
        ("not a token", "malformed"),
    ],
    ids=["expired", "wrong-secret", "alg-none", "garbage"],
)
def test_tokens_verify_refuses_in_one_line(token: str, why: str) -> None:
    """A refused token: one error line saying why (never the token), exit 1, nothing on stdout."""
    code, out, err = _verify(token, {}, "--secret", SECRET)

    assert (code, out) == (1, "")
    assert err.startswith("error: refused: ")
    assert why in err
    assert err.count("\n") == 1
    assert token not in err


def test_tokens_verify_needs_a_secret_and_a_token() -> None:
    """No secret, or nothing on stdin: a usage line, exit 2."""
    assert _verify("a.b.c", {})[0] == 2
    assert "VIDEOSDK_SECRET" in _verify("a.b.c", {})[2]
    assert _verify("  \n", {"VIDEOSDK_SECRET": SECRET})[0] == 2


@pytest.mark.loopback
def test_whip_create_prints_what_an_encoder_needs(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """`whip create ROOM --name` prints url and token (JSON); an encoder publishing with them
    joins the room."""
    code, out, _ = invoke(env, "rooms", "create")
    room = json.loads(out)["room_id"]

    code, out, err = invoke(env, "whip", "create", room, "--name", "OBS", "--expires-in", "600")

    endpoint = json.loads(out)
    assert (code, err) == (0, "")
    assert endpoint["url"].startswith(f"{server.base_url}/v2/whip?roomId={room}&")
    assert endpoint["stream_key"] == endpoint["token"]
    assert endpoint["display_name"] == "OBS"
    claims = jwt.decode(endpoint["token"], options={"verify_signature": False})
    assert (claims["roles"], claims["exp"] - claims["iat"]) == (["crawler"], 600)
    published = httpx.post(
        endpoint["url"],
        content=OFFER,
        headers={"Authorization": endpoint["token"], "Content-Type": "application/sdp"},
    )
    assert published.status_code == 201
    assert server.emulator.live_session(room) is not None


def test_whip_create_refuses_bad_input(env: dict[str, str]) -> None:
    """A bad room id, or a token-only environment: one usage line, exit 2."""
    bad = invoke(env, "whip", "create", "a/b")
    static = invoke({"VIDEOSDK_TOKEN": "a.b.c"}, "whip", "create", "abcd")

    assert bad[0] == 2
    assert bad[2].startswith("error: ")
    assert static[0] == 2
    assert "--secret" in static[2]
