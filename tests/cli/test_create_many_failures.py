"""`create-many` when the server refuses connections (one line naming the endpoint and why)
and when an id file holds a blank line (bad input: one line, exit 2, nothing sent)."""

from __future__ import annotations

from pathlib import Path

import pytest

import videosdk_async as vs
from videosdk_async.cli import _batch
from videosdk_async.emulator import EmulatorServer

from .helpers import created, invoke

pytestmark = pytest.mark.loopback

FAMILIES = [("rooms", "customRoomId"), ("meetings", "userMeetingId")]


@pytest.mark.parametrize(("family", "key"), FAMILIES)
def test_refused_connections_name_the_endpoint_once(
    env: dict[str, str],
    closed_port: int,
    instant_retries: None,
    tmp_path: Path,
    family: str,
    key: str,
) -> None:
    """A server refusing every connection: one stderr line with the endpoint and why, exit 1."""
    endpoint = f"http://127.0.0.1:{closed_port}"
    out = tmp_path / "r.jsonl"

    code, _, err = invoke(
        env, family, "create-many", "--count", "5", "--base-url", endpoint, "--output", str(out)
    )

    naming = [line for line in err.splitlines() if endpoint in line]
    assert code == 1
    assert len(naming) == 1
    assert naming[0].startswith("error: cannot reach")
    assert "connection refused" in naming[0]
    assert "5 failed" in err
    assert "Traceback" not in err
    assert created(out, key) == set()


@pytest.mark.parametrize("backend", ["httpx", "aiohttp"])
async def test_the_reason_is_the_systems_on_each_transport(closed_port: int, backend: str) -> None:
    """The reason given is the operating system's ("connection refused"), on both transports."""
    async with vs.AsyncVideoSDK(
        api_key="key",
        secret="s" * 32,
        base_url=f"http://127.0.0.1:{closed_port}",
        http_backend=backend,  # type: ignore[arg-type]
        retry=vs.RetryPolicy(max_attempts=1),
    ) as sdk:
        with pytest.raises(vs.APIConnectionError) as info:
            await sdk.rooms.create(custom_room_id="a")

    assert "connection refused" in _batch._why(info.value)


def test_a_refused_run_against_a_live_server_says_nothing_more(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A run whose requests all reach the server prints no 'cannot reach' line."""
    out = tmp_path / "r.jsonl"

    code, _, err = invoke(env, "rooms", "create-many", "--count", "2", "--output", str(out))

    assert code == 0
    assert "cannot reach" not in err


@pytest.mark.parametrize(("family", "key"), FAMILIES)
@pytest.mark.parametrize(
    ("text", "line"),
    [("alpha\n\nbeta\n", 2), ("alpha\n   \nbeta\n", 2), ("alpha\nbeta\n\n", 3), ("\n", 1)],
)
def test_a_blank_line_is_bad_input(
    server: EmulatorServer,
    env: dict[str, str],
    tmp_path: Path,
    family: str,
    key: str,
    text: str,
    line: int,
) -> None:
    """A blank (or whitespace-only) line in --from-file: one error line, exit 2, nothing sent."""
    ids = tmp_path / "ids.txt"
    ids.write_text(text)
    out = tmp_path / "r.jsonl"

    code, stdout, err = invoke(
        env, family, "create-many", "--from-file", str(ids), "--output", str(out)
    )

    assert code == 2
    assert stdout == ""
    assert err.count("\n") == 1
    assert err.startswith(f"error: line {line} of {ids} is blank")
    assert server.emulator.journal == []
    assert not out.exists()


def test_the_final_line_break_is_not_a_blank_line(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A file whose last line ends with a line break (CRLF too) creates every id."""
    ids = tmp_path / "ids.txt"
    ids.write_bytes(b"alpha\r\nbeta\r\n")
    out = tmp_path / "r.jsonl"

    code, _, _ = invoke(env, "rooms", "create-many", "--from-file", str(ids), "--output", str(out))

    assert code == 0
    assert created(out, "customRoomId") == {"alpha", "beta"}
