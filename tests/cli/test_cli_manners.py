"""CLI manners: exit codes 3/1, JSON for every action, global options anywhere, transcodings."""

from __future__ import annotations

import asyncio
import json

import pytest
from click.testing import CliRunner

import videosdk_async as vs
from videosdk_async.cli import cli
from videosdk_async.cli._manners import hoist
from videosdk_async.emulator import EmulatorServer

from .helpers import invoke

pytestmark = pytest.mark.loopback


def _room(env: dict[str, str], custom: str) -> str:
    code, out, _ = invoke(env, "rooms", "create", "--custom-room-id", custom)
    assert code == 0
    room_id: str = json.loads(out)["room_id"]
    return room_id


# -- exit codes ------------------------------------------------------------------------------


def test_not_found_is_exit_3(env: dict[str, str]) -> None:
    """A room the API does not know: one error line, exit 3."""
    code, out, err = invoke(env, "rooms", "validate", "zzzz-zzzz-zzzz")

    assert (code, out) == (3, "")
    assert err.startswith("error: ")
    assert err.count("\n") == 1


def test_unreachable_is_exit_1(env: dict[str, str], closed_port: int) -> None:
    """A server that cannot be reached: one line naming it and why, exit 1."""
    endpoint = f"http://127.0.0.1:{closed_port}"

    code, out, err = invoke(env, "rooms", "validate", "standup", "--base-url", endpoint)

    assert (code, out) == (1, "")
    assert err.startswith(f"error: cannot reach {endpoint}: ")
    assert "connection refused" in err


def test_help_documents_the_exit_codes() -> None:
    """`--help` lists every exit status and says the global options go anywhere."""
    code, out, _ = invoke({}, "--help")

    assert code == 0
    for line in ("0    done", "1    the call failed", "2    bad input", "3    not found"):
        assert line in out
    assert "Global options (-v, --api-key, --secret, --token)" in out


# -- participants list -----------------------------------------------------------------------


def test_participants_of_an_unknown_room_is_an_error(env: dict[str, str]) -> None:
    """`participants list` of a room that does not exist exits 3, not 0 with nothing."""
    code, out, err = invoke(env, "participants", "list", "no-such-room")

    assert (code, out) == (3, "")
    assert "no-such-room" in err or "not found" in err.lower()


def test_participants_of_a_quiet_room_is_empty_and_0(env: dict[str, str]) -> None:
    """A room that exists with nobody in it: no output, exit 0."""
    room = _room(env, "quiet")

    assert invoke(env, "participants", "list", room)[:2] == (0, "")


# -- JSON for actions ------------------------------------------------------------------------


def test_participants_remove_prints_json(server: EmulatorServer, env: dict[str, str]) -> None:
    """`participants remove` prints one JSON object saying what it did."""
    room = _room(env, "remove-json")
    server.emulator.join(room, "alice")

    code, out, _ = invoke(env, "participants", "remove", room, "alice")

    printed = json.loads(out)
    assert code == 0
    assert printed["action"] == "participant removed"
    assert (printed["room_id"], printed["participant_id"]) == (room, "alice")
    assert isinstance(printed["message"], str)


def test_recordings_stop_prints_json(server: EmulatorServer, env: dict[str, str]) -> None:
    """`recordings stop` prints one JSON object with the action and the API's message."""
    room = _room(env, "stop-json")
    server.emulator.join(room, "alice")
    invoke(env, "recordings", "start", room)

    code, out, _ = invoke(env, "recordings", "stop", room)

    printed = json.loads(out)
    assert code == 0
    assert (printed["action"], printed["room_id"]) == ("recording stop requested", room)
    assert printed["message"]


def test_sessions_end_says_the_end_was_requested(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """`sessions end` says the end was requested and how to see it, with the session."""
    room = _room(env, "end-json")
    server.emulator.join(room, "alice")

    code, out, _ = invoke(env, "sessions", "end", room)

    printed = json.loads(out)
    session_id = printed["session"]["id"]
    assert code == 0
    assert printed["action"] == "session end requested"
    assert printed["room_id"] == room
    assert printed["message"].startswith(f"the end of session {session_id} was requested")
    assert f"'sessions get {session_id}'" in printed["message"]


# -- global options anywhere -----------------------------------------------------------------


def test_verbose_after_the_command_logs_requests(env: dict[str, str]) -> None:
    """`rooms list --per-page 1 -v` logs its request like `-v rooms list` does."""
    after = invoke(env, "rooms", "list", "--per-page", "1", "-v")
    before = invoke(env, "-v", "rooms", "list", "--per-page", "1")

    assert after[0] == before[0] == 0
    assert "GET" in after[2]
    assert "/v2/rooms" in after[2]
    assert "GET" in before[2]
    assert "/v2/rooms" in before[2]


def test_credentials_before_the_command(server: EmulatorServer, env: dict[str, str]) -> None:
    """--api-key/--secret before the command sign its requests (no credentials in the env)."""
    endpoint = {"VIDEOSDK_API_ENDPOINT": env["VIDEOSDK_API_ENDPOINT"]}
    key, secret = server.emulator.api_key, server.emulator.secret

    code, out, err = invoke(
        endpoint, "--api-key", key, "--secret", secret, "rooms", "create", "--custom-room-id", "g"
    )

    assert code == 0, err
    assert json.loads(out)["custom_room_id"] == "g"


@pytest.mark.parametrize("where", ["before", "after"])
def test_token_anywhere(server: EmulatorServer, env: dict[str, str], where: str) -> None:
    """--token (a pre-minted token) works before or after the command."""
    endpoint = {"VIDEOSDK_API_ENDPOINT": env["VIDEOSDK_API_ENDPOINT"]}
    token = server.emulator.token()
    command = ["rooms", "create", "--custom-room-id", f"token-{where}"]
    args = ["--token", token, *command] if where == "before" else [*command, f"--token={token}"]

    code, out, err = invoke(endpoint, *args)

    assert code == 0, err
    assert json.loads(out)["custom_room_id"] == f"token-{where}"


def test_a_bad_token_is_refused_by_the_api(env: dict[str, str]) -> None:
    """A token the API refuses is exit 1 with one line; the token is not echoed."""
    endpoint = {"VIDEOSDK_API_ENDPOINT": env["VIDEOSDK_API_ENDPOINT"]}

    code, _, err = invoke(endpoint, "rooms", "get", "x", "--token", "not-a-token")

    assert code == 1
    assert "not-a-token" not in err


@pytest.mark.parametrize("where", ["before", "after"])
def test_secret_anywhere_for_tokens_verify(where: str) -> None:
    """`tokens verify` takes the secret given before the command as well as after it."""
    token = vs.generate_token("key", "s3cret", ttl=600)
    args = ["--secret", "s3cret", "tokens", "verify"]
    if where == "after":
        args = ["tokens", "verify", "--secret", "s3cret"]

    result = CliRunner().invoke(cli, args, input=token, env={"VIDEOSDK_SECRET": ""})

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["apikey"] == "key"


def test_hoist_moves_globals_before_the_command() -> None:
    """-v and --token=V after the command move before it; its own --api-key stays."""
    args = ["rooms", "get", "x", "-v", "--api-key", "k", "--token=t", "--base-url", "u"]

    assert hoist(cli, args) == [
        "-v",
        "--token=t",
        "rooms",
        "get",
        "x",
        "--api-key",
        "k",
        "--base-url",
        "u",
    ]
    assert hoist(cli, ["tokens", "verify", "--token", "t"]) == ["--token", "t", "tokens", "verify"]


def test_hoist_leaves_a_commands_own_options() -> None:
    """The emulator's own -v and --api-key stay with it; text after -- is untouched."""
    args = ["emulator", "-v", "--api-key", "k"]

    assert hoist(cli, args) == args
    assert hoist(cli, ["rooms", "get", "--", "-v"]) == ["rooms", "get", "--", "-v"]


# -- transcodings ----------------------------------------------------------------------------


def _merge(server: EmulatorServer) -> str:
    async def run() -> str:
        async with vs.AsyncVideoSDK(**server.sdk_kwargs()) as sdk:
            return (await sdk.transcodings.merge(["r1", "r2"])).id

    return asyncio.run(run())


def test_transcodings_list_get_cancel(server: EmulatorServer, env: dict[str, str]) -> None:
    """`transcodings list` shows a job, `get` prints it, `cancel` answers it cancelled."""
    job = _merge(server)

    listed = invoke(env, "transcodings", "list")
    shown = invoke(env, "transcodings", "get", job)
    cancelled = invoke(env, "transcodings", "cancel", _merge(server))

    assert [json.loads(line)["id"] for line in listed[1].splitlines()] == [job]
    assert json.loads(shown[1])["id"] == job
    assert json.loads(cancelled[1])["status"] == "cancelled"


def test_transcodings_get_unknown_is_exit_3(env: dict[str, str]) -> None:
    """An unknown transcoding is exit 3; a bad id exit 2, nothing sent."""
    missing = invoke(env, "transcodings", "get", "0" * 24)
    bad = invoke(env, "transcodings", "get", "a/b")

    assert missing[0] == 3
    assert bad[0] == 2
