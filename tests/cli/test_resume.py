"""create-many's write-ahead journal, and how --resume settles what it records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from videosdk_async.emulator import CREATE, LIST, EmulatorServer

from .helpers import created, invoke, records, states, write_journal

pytestmark = pytest.mark.loopback

STARTED = {"state": "started", "kind": "meetings", "format": 1}
#: The ids meeting-0, meeting-1... (without it each run gets a prefix of its own).
MEETING = ("--prefix", "meeting-")


def _posts(server: EmulatorServer) -> list[str | None]:
    return [e.user_meeting_id for e in server.emulator.journal if e.route == CREATE]


def _lookups(server: EmulatorServer) -> int:
    return sum(e.route == LIST for e in server.emulator.journal)


def test_sending_line_precedes_each_result(env: dict[str, str], tmp_path: Path) -> None:
    """Every id's "sending" line comes before its result line in the journal."""
    out = tmp_path / "j.jsonl"

    invoke(env, "meetings", "create-many", "--count", "30", *MEETING, "--output", str(out))

    lines = records(out)
    sent = {line["userMeetingId"]: n for n, line in enumerate(lines) if line["state"] == "sending"}
    done = {line["userMeetingId"]: n for n, line in enumerate(lines) if line["state"] == "created"}
    assert set(sent) == set(done) == {f"meeting-{i}" for i in range(30)}
    assert all(sent[ident] < done[ident] for ident in done)


def test_failed_line_records_the_error_and_outcome(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A failed create is journaled with its error and outcomeUnknown."""
    out = tmp_path / "j.jsonl"
    server.emulator.inject(CREATE, "status", status=400, match={"userMeetingId": "meeting-1"})

    code, _, _ = invoke(
        env, "meetings", "create-many", "--count", "2", *MEETING, "--output", str(out)
    )

    failed = [line for line in records(out) if line["state"] == "failed"]
    assert code == 1
    assert [(f["userMeetingId"], f["outcomeUnknown"]) for f in failed] == [("meeting-1", False)]
    assert failed[0]["error"]["statusCode"] == 400


def test_resume_skips_created_ids(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """--resume sends nothing for ids recorded as created."""
    out = tmp_path / "j.jsonl"
    invoke(env, "meetings", "create-many", "--count", "5", *MEETING, "--output", str(out))

    code, _, err = invoke(env, "meetings", "create-many", "--count", "7", "--resume", str(out))

    assert code == 0
    assert "2 created, 0 failed, 5 skipped" in err
    assert server.emulator.creates_by_user_meeting_id == {f"meeting-{i}": 1 for i in range(7)}


def test_resume_finds_a_sent_meeting_instead_of_creating_it(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A meeting recorded as sending that exists on the server is recorded, not re-created."""
    made = json.loads(invoke(env, "meetings", "create", "--user-meeting-id", "meeting-1")[1])
    out = tmp_path / "j.jsonl"
    write_journal(
        out,
        STARTED,
        {"state": "sending", "index": 0, "userMeetingId": "meeting-0"},
        {"state": "sending", "index": 1, "userMeetingId": "meeting-1"},
    )

    code, _, err = invoke(env, "meetings", "create-many", "--count", "3", "--resume", str(out))

    found = [line for line in records(out) if line.get("reconciled")]
    assert code == 0, err
    assert [(f["userMeetingId"], f["meetingId"]) for f in found] == [
        ("meeting-1", made["meetingId"])
    ]
    assert "1 found already created (reconciled)" in err
    assert server.emulator.creates_by_user_meeting_id == {f"meeting-{i}": 1 for i in range(3)}
    assert created(out, "userMeetingId") == {"meeting-0", "meeting-1", "meeting-2"}


def test_resume_settles_an_outcome_unknown_failure(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A create that failed with outcomeUnknown and did happen is found, not repeated."""
    invoke(env, "meetings", "create", "--user-meeting-id", "meeting-0")
    out = tmp_path / "j.jsonl"
    error = {"type": "InternalServerError", "message": "502", "outcomeUnknown": True}
    write_journal(
        out,
        STARTED,
        {"state": "sending", "index": 0, "userMeetingId": "meeting-0"},
        {
            "state": "failed",
            "index": 0,
            "userMeetingId": "meeting-0",
            "outcomeUnknown": True,
            "error": error,
        },
    )

    code, _, _ = invoke(env, "meetings", "create-many", "--count", "1", "--resume", str(out))

    assert code == 0
    assert server.emulator.creates("meeting-0") == 1
    assert states(out, "userMeetingId") == {"meeting-0": "created"}


def test_resume_creates_a_sent_meeting_the_server_never_saw(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A meeting recorded as sending but absent from the server is looked up, then created."""
    out = tmp_path / "j.jsonl"
    write_journal(out, STARTED, {"state": "sending", "index": 0, "userMeetingId": "meeting-0"})

    code, _, _ = invoke(env, "meetings", "create-many", "--count", "1", "--resume", str(out))

    assert code == 0
    assert _lookups(server) == 1
    assert _posts(server) == ["meeting-0"]
    assert created(out, "userMeetingId") == {"meeting-0"}


def test_resume_retries_a_known_failure_without_lookup(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A create that surely failed (outcomeUnknown false) is simply sent again."""
    out = tmp_path / "j.jsonl"
    error = {"type": "BadRequestError", "message": "no", "outcomeUnknown": False}
    write_journal(
        out,
        STARTED,
        {"state": "sending", "index": 0, "userMeetingId": "meeting-0"},
        {
            "state": "failed",
            "index": 0,
            "userMeetingId": "meeting-0",
            "outcomeUnknown": False,
            "error": error,
        },
    )

    code, _, _ = invoke(env, "meetings", "create-many", "--count", "1", "--resume", str(out))

    assert code == 0
    assert _lookups(server) == 0
    assert _posts(server) == ["meeting-0"]


def test_resume_creates_nothing_when_the_lookup_fails(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path, instant_retries: None
) -> None:
    """If GET /v1/meetings fails, the resume reports the unresolved ids, exits 1, creates none."""
    out = tmp_path / "j.jsonl"
    write_journal(out, STARTED, {"state": "sending", "index": 0, "userMeetingId": "meeting-0"})
    server.emulator.inject(LIST, "status", status=500, count=10)

    code, _, err = invoke(env, "meetings", "create-many", "--count", "3", "--resume", str(out))

    assert code == 1
    assert "unresolved" in err
    assert _posts(server) == []
    assert states(out, "userMeetingId") == {"meeting-0": "sending"}  # still pending


def test_resume_does_not_pick_between_two_matches(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """Two meetings carry the pending id: it is reported unresolved and not created again."""
    for _ in range(2):
        invoke(env, "meetings", "create", "--user-meeting-id", "meeting-0")
    out = tmp_path / "j.jsonl"
    write_journal(out, STARTED, {"state": "sending", "index": 0, "userMeetingId": "meeting-0"})

    code, _, err = invoke(env, "meetings", "create-many", "--count", "2", "--resume", str(out))

    assert code == 1
    assert "'meeting-0'" in err
    assert server.emulator.creates_by_user_meeting_id == {"meeting-0": 2, "meeting-1": 1}


def test_resume_reports_a_meeting_sent_without_an_id(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A meeting recorded as sent without a userMeetingId cannot be reconciled: reported, exit 1."""
    out = tmp_path / "j.jsonl"
    write_journal(out, STARTED, {"state": "sending", "index": 0, "userMeetingId": None})

    code, _, err = invoke(env, "meetings", "create-many", "--count", "1", "--resume", str(out))

    assert code == 1
    assert "unresolved" in err
    assert created(out, "userMeetingId") == {"meeting-0"}


def test_torn_last_line_is_tolerated(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A journal whose last line was cut short by a crash resumes; the cut id is settled."""
    out = tmp_path / "j.jsonl"
    write_journal(out, STARTED, {"state": "sending", "index": 0, "userMeetingId": "meeting-0"})
    with out.open("a") as sink:
        sink.write('{"state": "created", "index": 0, "userMeetingId": "meeting-0", "meetingI')

    code, _, err = invoke(env, "meetings", "create-many", "--count", "2", "--resume", str(out))
    again = invoke(env, "meetings", "create-many", "--count", "2", "--resume", str(out))

    assert code == 0, err
    assert again[0] == 0, again[2]
    assert created(out, "userMeetingId") == {"meeting-0", "meeting-1"}
    assert server.emulator.creates_by_user_meeting_id == {"meeting-0": 1, "meeting-1": 1}


def test_garbled_line_inside_a_run_is_refused(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A non-JSON line in the middle of a run is not a crash's work: exit 2, nothing sent."""
    out = tmp_path / "j.jsonl"
    out.write_text(
        json.dumps(STARTED) + "\nnot json\n"
        '{"state": "sending", "index": 0, "userMeetingId": "meeting-0"}\n'
    )

    code, _, err = invoke(env, "meetings", "create-many", "--count", "1", "--resume", str(out))

    assert code == 2
    assert "line 2" in err
    assert server.emulator.journal == []


def test_resume_refuses_the_other_familys_journal(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A rooms journal given to `meetings create-many --resume` is refused, nothing sent."""
    out = tmp_path / "j.jsonl"
    invoke(env, "rooms", "create-many", "--count", "2", "--output", str(out))
    sent = len(server.emulator.journal)

    code, _, err = invoke(env, "meetings", "create-many", "--count", "2", "--resume", str(out))

    assert code == 2
    assert "rooms create-many" in err
    assert len(server.emulator.journal) == sent


def test_resume_with_a_different_output_is_refused(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """--resume A --output B would split one run over two files: refused."""
    out = tmp_path / "j.jsonl"
    write_journal(out, STARTED)

    code, _, err = invoke(
        env, "meetings", "create-many", "--count", "1", "--resume", str(out), "--output", "b"
    )

    assert code == 2
    assert "--resume" in err
    assert server.emulator.journal == []


def test_resume_reads_the_previous_format(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A results file from before the write-ahead journal (no "state") still resumes."""
    out = tmp_path / "j.jsonl"
    old = {"index": 0, "userMeetingId": "meeting-0", "meetingId": "abcd-efgh-ijkl", "id": "x"}
    write_journal(out, old)

    code, _, err = invoke(env, "meetings", "create-many", "--count", "2", "--resume", str(out))

    assert code == 0
    assert "1 skipped" in err
    assert _posts(server) == ["meeting-1"]
