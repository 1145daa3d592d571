"""The videosdk-async command line, against an emulator server on loopback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from click.testing import CliRunner

from videosdk_async.cli import cli
from videosdk_async.emulator import CREATE, Emulator, EmulatorServer

pytestmark = pytest.mark.loopback


def _invoke(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _lines(path: Path) -> list[dict[str, Any]]:
    """The journal's result lines (created or failed), without its write-ahead lines."""
    records = [json.loads(line) for line in path.read_text().splitlines()]
    return [r for r in records if r["state"] in ("created", "failed")]


def test_meetings_create_prints_json(server: EmulatorServer, env: dict[str, str]) -> None:
    """`meetings create --user-meeting-id` prints the meeting with the API's field names."""
    code, out, _ = _invoke(env, "meetings", "create", "--user-meeting-id", "cli-1")

    body = json.loads(out)
    assert code == 0
    assert body["userMeetingId"] == "cli-1"
    assert body["meetingId"] in server.emulator.meetings


def test_meetings_validate_found_and_not_found(server: EmulatorServer, env: dict[str, str]) -> None:
    """`meetings validate` prints a known meeting; an unknown one exits 3 with the error."""
    _, out, _ = _invoke(env, "meetings", "create")
    meeting_id = json.loads(out)["meetingId"]

    found = _invoke(env, "meetings", "validate", meeting_id)
    missing = _invoke(env, "meetings", "validate", "zzzz-zzzz-zzzz")

    assert found[0] == 0
    assert json.loads(found[1])["meetingId"] == meeting_id
    assert missing[0] == 3
    assert "MeetingNotFound" in missing[2] or "Meeting not found" in missing[2]


def test_meetings_validate_rejects_unsafe_id(env: dict[str, str]) -> None:
    """An unsafe meeting id is a usage error (exit 2) and nothing is sent."""
    code, _, err = _invoke(env, "meetings", "validate", "../v2/rooms")

    assert code == 2
    assert "meeting_id" in err


def test_token_prints_room_scoped_claims(env: dict[str, str]) -> None:
    """`token --meeting-id --participant-id` mints a version-2 join token for that room."""
    code, out, _ = _invoke(env, "token", "--meeting-id", "abcd-efgh-ijkl", "--participant-id", "al")

    body = json.loads(out)
    claims = jwt.decode(body["token"], env["VIDEOSDK_SECRET"], algorithms=["HS256"])
    assert code == 0
    assert claims["roomId"] == "abcd-efgh-ijkl"
    assert claims["participantId"] == "al"
    assert claims["version"] == 2
    assert body["claims"] == claims


def test_token_management(env: dict[str, str]) -> None:
    """`token --management` mints allow_join + allow_mod without a room."""
    code, out, _ = _invoke(env, "token", "--management")

    claims = json.loads(out)["claims"]
    assert code == 0
    assert claims["permissions"] == ["allow_join", "allow_mod"]
    assert "roomId" not in claims


def test_missing_credentials_is_a_usage_error() -> None:
    """Without credentials the CLI exits 2 naming the variables."""
    code, _, err = _invoke({"VIDEOSDK_API_KEY": "", "VIDEOSDK_SECRET": ""}, "meetings", "create")

    assert code == 2
    assert "VIDEOSDK_API_KEY" in err


def test_create_many_writes_jsonl(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """create-many --count writes one valid JSON line per meeting and exits 0."""
    out = tmp_path / "r.jsonl"

    code, _, err = _invoke(
        env, "meetings", "create-many", "--count", "25", "--prefix", "c-", "--output", str(out)
    )

    lines = _lines(out)
    assert code == 0
    assert sorted(line["userMeetingId"] for line in lines) == sorted(f"c-{i}" for i in range(25))
    assert all(line["meetingId"] in server.emulator.meetings for line in lines)
    assert "done: 25 created, 0 failed" in err
    assert "progress: 25/25 done" in err  # plain progress lines when not on a terminal


def test_create_many_from_file_with_a_failure(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """--from-file creates each line's id; a failed item is recorded and the exit code is 1."""
    ids = tmp_path / "ids.txt"
    ids.write_text("alpha\nbeta\ngamma\n")
    out = tmp_path / "r.jsonl"
    server.emulator.inject(CREATE, "status", status=400, user_meeting_id="beta")

    code, _, err = _invoke(
        env, "meetings", "create-many", "--from-file", str(ids), "--output", str(out)
    )

    by_id = {line["userMeetingId"]: line for line in _lines(out)}
    assert code == 1
    assert set(by_id) == {"alpha", "beta", "gamma"}
    assert by_id["beta"]["error"]["statusCode"] == 400
    assert "meetingId" in by_id["alpha"]
    assert "2 created, 1 failed" in err


def test_create_many_needs_count_or_file(env: dict[str, str]) -> None:
    """create-many without --count or --from-file is a usage error."""
    code, _, err = _invoke(env, "meetings", "create-many")

    assert code == 2
    assert "--count" in err


def test_sigint_halfway_then_resume_without_duplicates(tmp_path: Path) -> None:
    """SIGINT mid-run leaves valid lines matching the server; --resume finishes, no duplicates."""
    out = tmp_path / "r.jsonl"
    with EmulatorServer(Emulator(latency=0.02)) as server:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("VIDEOSDK_")},
            "VIDEOSDK_API_KEY": server.emulator.api_key,
            "VIDEOSDK_SECRET": server.emulator.secret,
            "VIDEOSDK_API_ENDPOINT": server.base_url,
        }
        command = [sys.executable, "-m", "videosdk_async", "meetings", "create-many"]
        args = [
            "--count",
            "600",
            "--prefix",
            "meeting-",
            "--concurrency",
            "8",
            "--output",
            str(out),
        ]
        proc = subprocess.Popen([*command, *args], env=env, stderr=subprocess.PIPE, text=True)
        give_up = time.monotonic() + 30
        while time.monotonic() < give_up and (
            not out.exists() or out.read_text().count('"state": "created"') < 60
        ):
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        _, first_err = proc.communicate(timeout=30)
        first_code = proc.returncode

        first = _lines(out)
        created_then = dict(server.emulator.creates_by_user_meeting_id)
        meetings = server.emulator.meetings

        resumed = subprocess.run(
            [*command, "--count", "600", "--concurrency", "8", "--resume", str(out)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        created_now = server.emulator.creates_by_user_meeting_id

    assert first_code == 130
    assert "interrupted" in first_err
    assert 60 <= len(first) < 600
    assert all(
        meetings[str(line["meetingId"])]["userMeetingId"] == line["userMeetingId"] for line in first
    )
    assert {line["userMeetingId"] for line in first} == set(created_then)  # nothing unrecorded
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(first)} skipped" in resumed.stderr
    assert created_now == {f"meeting-{i}": 1 for i in range(600)}
    assert len(_lines(out)) == 600
