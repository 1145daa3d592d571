"""Manners of the command line: bad input, unreachable servers, --version, -v, credentials."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import jwt
import pytest

from videosdk_async import __version__
from videosdk_async.emulator import EmulatorServer

from .helpers import invoke

pytestmark = pytest.mark.loopback

LONG = "x" * 300

#: (command line, a word the error line must contain): each is refused before sending.
BAD_INPUT = {
    "empty user meeting id": (["meetings", "create", "--user-meeting-id", ""], "empty"),
    "empty custom room id": (["rooms", "create", "--custom-room-id", ""], "empty"),
    "empty room id": (["rooms", "get", ""], "empty"),
    "over-long user meeting id": (["meetings", "create", "--user-meeting-id", LONG], "256"),
    "over-long custom room id": (["rooms", "create", "--custom-room-id", LONG], "256"),
    "over-long room id": (["rooms", "validate", LONG], "256"),
    "unsafe meeting id": (["meetings", "validate", "../v2/rooms"], "meeting_id"),
    "control character in room id": (["rooms", "get", "a\x07b"], "control"),
    "C1 control in custom room id": (["rooms", "create", "--custom-room-id", "a\x85b"], "control"),
    "control character in prefix": (
        ["rooms", "create-many", "--count", "2", "--prefix", "r\x1b"],
        "control",
    ),
    "unsafe --meeting-id for token": (["token", "--meeting-id", "../v2/rooms"], "--meeting-id"),
    "control character in token --meeting-id": (["token", "--meeting-id", "a\nb"], "control"),
    "zero --count (meetings)": (["meetings", "create-many", "--count", "0"], "--count"),
    "negative --count (rooms)": (["rooms", "create-many", "--count", "-3"], "--count"),
    "zero --concurrency": (
        ["meetings", "create-many", "--count", "2", "--concurrency", "0"],
        "--concurrency",
    ),
    "negative --concurrency (rooms)": (
        ["rooms", "create-many", "--count", "2", "--concurrency", "-1"],
        "--concurrency",
    ),
    "zero --rate": (["meetings", "create-many", "--count", "2", "--rate", "0"], "--rate"),
    "neither --count nor --from-file": (["meetings", "create-many"], "--count"),
    "--per-page over 1000": (["rooms", "list", "--per-page", "1001"], "--per-page"),
    "webhook event without url": (["rooms", "create", "--webhook-event", "*"], "--webhook-url"),
    "webhook url not http": (["rooms", "create", "--webhook-url", "ftp://x/y"], "--webhook-url"),
    "unknown command": (["rooms", "explode"], "explode"),
}


def _refused(server: EmulatorServer, code: int, out: str, err: str) -> None:
    assert code == 2
    assert out == ""
    assert err.startswith("error: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert server.emulator.journal == []


@pytest.mark.parametrize(("args", "word"), list(BAD_INPUT.values()), ids=list(BAD_INPUT))
def test_bad_input_is_one_line_exit_2_nothing_sent(
    server: EmulatorServer,
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    args: list[str],
    word: str,
) -> None:
    """Each class of bad input: one error line naming it, exit 2, no request reaches the server."""
    monkeypatch.chdir(tmp_path)  # create-many's default journal lands here, if anywhere

    code, out, err = invoke(env, *args)

    _refused(server, code, out, err)
    assert word in err


def test_input_file_not_utf8(server: EmulatorServer, env: dict[str, str], tmp_path: Path) -> None:
    """An --from-file that is not UTF-8 is refused: one line, exit 2, nothing sent."""
    ids = tmp_path / "ids.txt"
    ids.write_bytes(b"alpha\nb\xe9ta\n")

    code, out, err = invoke(
        env, "meetings", "create-many", "--from-file", str(ids), "--output", str(tmp_path / "o")
    )

    _refused(server, code, out, err)
    assert "UTF-8" in err


def test_input_file_with_control_characters(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A control character inside a line of --from-file is refused with the line's number."""
    ids = tmp_path / "ids.txt"
    ids.write_text("alpha\nbe\x1ata\n")

    code, out, err = invoke(
        env, "rooms", "create-many", "--from-file", str(ids), "--output", str(tmp_path / "o")
    )

    _refused(server, code, out, err)
    assert "line 2" in err


def test_input_file_with_duplicate_ids(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """An id twice in --from-file is refused: a resumed run tells items apart by id."""
    ids = tmp_path / "ids.txt"
    ids.write_text("alpha\nbeta\nalpha\n")

    code, out, err = invoke(
        env, "meetings", "create-many", "--from-file", str(ids), "--output", str(tmp_path / "o")
    )

    _refused(server, code, out, err)
    assert "'alpha'" in err


def test_output_in_missing_directory(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """An --output that cannot be created is refused before anything is sent."""
    target = tmp_path / "no" / "such" / "dir" / "out.jsonl"

    code, out, err = invoke(env, "meetings", "create-many", "--count", "3", "--output", str(target))

    _refused(server, code, out, err)
    assert str(target) in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_fails_to_write(server: EmulatorServer, env: dict[str, str]) -> None:
    """An --output that opens but cannot be written (a full disk) is refused before sending."""
    code, out, err = invoke(env, "meetings", "create-many", "--count", "3", "--output", "/dev/full")

    _refused(server, code, out, err)
    assert "/dev/full" in err


def test_output_is_a_directory(server: EmulatorServer, env: dict[str, str], tmp_path: Path) -> None:
    """A directory as --output is refused before anything is sent."""
    code, out, err = invoke(env, "rooms", "create-many", "--count", "3", "--output", str(tmp_path))

    _refused(server, code, out, err)


def test_output_holding_a_run(server: EmulatorServer, env: dict[str, str], tmp_path: Path) -> None:
    """An --output that already holds a run is refused (it would be mixed), pointing to --resume."""
    target = tmp_path / "out.jsonl"
    target.write_text('{"state": "started", "kind": "meetings", "format": 1}\n')

    code, out, err = invoke(env, "meetings", "create-many", "--count", "3", "--output", str(target))

    _refused(server, code, out, err)
    assert "--resume" in err


def test_missing_credentials(server: EmulatorServer, tmp_path: Path) -> None:
    """Without credentials a command is refused naming the variables, nothing sent."""
    code, out, err = invoke({"VIDEOSDK_API_ENDPOINT": server.base_url}, "rooms", "list")

    _refused(server, code, out, err)
    assert "VIDEOSDK_API_KEY" in err


def test_refused_connection_names_the_endpoint(
    env: dict[str, str], closed_port: int, instant_retries: None
) -> None:
    """A server that refuses connections: one line naming the endpoint, exit 1."""
    endpoint = f"http://127.0.0.1:{closed_port}"

    code, out, err = invoke(env, "meetings", "create", "--base-url", endpoint)

    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert endpoint in err
    assert "Traceback" not in err


def test_refused_connection_rooms(
    env: dict[str, str], closed_port: int, instant_retries: None
) -> None:
    """`rooms list` against a closed port: one line naming the endpoint, exit 1."""
    endpoint = f"http://127.0.0.1:{closed_port}"

    code, _, err = invoke(env, "rooms", "list", "--base-url", endpoint)

    assert code == 1
    assert err.count("\n") == 1
    assert endpoint in err


def test_version() -> None:
    """`--version` prints the package's version and exits 0."""
    code, out, _ = invoke({}, "--version")

    assert code == 0
    assert __version__ in out


def test_verbose_logs_requests_without_the_token(env: dict[str, str]) -> None:
    """`-v` logs each request to stderr; no token or secret appears in the log."""
    code, _, err = invoke(env, "-v", "rooms", "create", "--custom-room-id", "loud")

    assert code == 0
    assert "POST /v2/rooms" in err
    assert "eyJ" not in err
    assert env["VIDEOSDK_SECRET"] not in err


def test_verbose_leaves_no_handler_behind(env: dict[str, str]) -> None:
    """After a `-v` command the videosdk_async logger has its handlers and level back."""
    logger = logging.getLogger("videosdk_async")
    before = (list(logger.handlers), logger.level)

    invoke(env, "-v", "meetings", "create")

    assert (list(logger.handlers), logger.level) == before


def test_without_verbose_no_request_log(env: dict[str, str]) -> None:
    """Without `-v` nothing is logged on stderr."""
    _, _, err = invoke(env, "meetings", "create")

    assert err == ""


def test_credentials_as_options(server: EmulatorServer) -> None:
    """--api-key, --secret and --base-url work with nothing in the environment."""
    code, out, _ = invoke(
        {},
        "meetings",
        "create",
        "--api-key",
        server.emulator.api_key,
        "--secret",
        server.emulator.secret,
        "--base-url",
        server.base_url,
    )

    assert code == 0
    assert json.loads(out)["meetingId"] in server.emulator.meetings


def test_secret_option_with_key_from_environment(server: EmulatorServer) -> None:
    """--secret on the command line pairs with VIDEOSDK_API_KEY from the environment."""
    env = {"VIDEOSDK_API_KEY": server.emulator.api_key, "VIDEOSDK_API_ENDPOINT": server.base_url}

    code, _, _ = invoke(env, "rooms", "create", "--secret", server.emulator.secret)

    assert code == 0
    assert len(server.emulator.rooms) == 1


def test_wrong_secret_option_is_an_api_failure(server: EmulatorServer, env: dict[str, str]) -> None:
    """A wrong --secret overrides the environment's and ends in one line and exit 1."""
    code, _, err = invoke(env, "rooms", "list", "--secret", "not-the-secret-0123456789abcdef")

    assert code == 1
    assert err.count("\n") == 1
    assert "401" in err


def test_token_credentials_as_options() -> None:
    """`token --api-key --secret` signs with the given secret, without the environment."""
    secret = "opt-secret-0123456789abcdef0123456789"

    code, out, _ = invoke({}, "token", "--api-key", "k", "--secret", secret, "--meeting-id", "r1")

    claims = jwt.decode(json.loads(out)["token"], secret, algorithms=["HS256"])
    assert code == 0
    assert (claims["apikey"], claims["roomId"]) == ("k", "r1")


def test_group_without_command_shows_its_help() -> None:
    """`videosdk-async rooms` alone prints the group's help (its commands) and exits 2."""
    code, _, err = invoke({}, "rooms")

    assert code == 2
    assert "create-many" in err
    assert "Usage:" in err.splitlines()[0]
