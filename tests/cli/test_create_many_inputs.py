"""create-many: ids unique to each meetings run; the journal records its input for --resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from videosdk_async.emulator import CREATE, EmulatorServer

from .helpers import created, invoke, records, write_journal

pytestmark = pytest.mark.loopback


def _started(path: Path) -> list[dict[str, object]]:
    return [line for line in records(path) if line["state"] == "started"]


def test_two_meetings_runs_without_prefix_use_ids_of_their_own(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """Two runs of `--count 3` create six meetings with six distinct ids, none twice."""
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"

    invoke(env, "meetings", "create-many", "--count", "3", "--output", str(first))
    invoke(env, "meetings", "create-many", "--count", "3", "--output", str(second))

    ids = created(first, "userMeetingId") | created(second, "userMeetingId")
    assert len(ids) == 6
    assert all(ident.startswith("meeting-") for ident in ids)
    assert set(server.emulator.creates_by_user_meeting_id.values()) == {1}


def test_rooms_default_prefix_is_stable_because_rooms_dedupe(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """Rooms keep room-0..N: a second run returns the same rooms and creates none."""
    invoke(env, "rooms", "create-many", "--count", "3", "--output", str(tmp_path / "a"))
    invoke(env, "rooms", "create-many", "--count", "3", "--output", str(tmp_path / "b"))

    assert server.emulator.room_creates_by_custom_room_id == {f"room-{i}": 1 for i in range(3)}


def test_the_started_line_records_the_input(env: dict[str, str], tmp_path: Path) -> None:
    """The journal's started line holds the prefix and count (or the file) of the run."""
    out, listed = tmp_path / "j.jsonl", tmp_path / "from.jsonl"
    ids = tmp_path / "ids.txt"
    ids.write_text("a-1\na-2\n")

    invoke(env, "meetings", "create-many", "--count", "2", "--prefix", "p-", "--output", str(out))
    invoke(env, "rooms", "create-many", "--from-file", str(ids), "--output", str(listed))

    assert _started(out)[0]["input"] == {"prefix": "p-", "count": 2}
    assert _started(listed)[0]["input"] == {"fromFile": str(ids.resolve())}


def test_resume_file_alone_finishes_a_count_run(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """After a run whose creates failed, `--resume FILE` alone creates exactly the rest."""
    out = tmp_path / "j.jsonl"
    server.emulator.inject(CREATE, "status", status=400, count=2)
    first = invoke(env, "meetings", "create-many", "--count", "5", "--output", str(out))

    code, _, err = invoke(env, "meetings", "create-many", "--resume", str(out))

    prefix = _started(out)[0]["input"]["prefix"]  # type: ignore[index]
    assert first[0] == 1
    assert code == 0
    assert "2 created, 0 failed, 3 skipped" in err
    assert server.emulator.creates_by_user_meeting_id == {f"{prefix}{i}": 1 for i in range(5)}


def test_resume_file_alone_finishes_a_from_file_run(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A --from-file run is finished by `--resume FILE` alone, re-reading the recorded file."""
    out, ids = tmp_path / "j.jsonl", tmp_path / "ids.txt"
    ids.write_text("m-a\nm-b\nm-c\n")
    server.emulator.inject(CREATE, "status", status=400, match={"userMeetingId": "m-b"})
    invoke(env, "meetings", "create-many", "--from-file", str(ids), "--output", str(out))

    code, _, err = invoke(env, "meetings", "create-many", "--resume", str(out))

    assert code == 0
    assert "1 created, 0 failed, 2 skipped" in err
    assert server.emulator.creates_by_user_meeting_id == {"m-a": 1, "m-b": 1, "m-c": 1}


def test_resume_with_another_prefix_is_refused(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """--resume with a --prefix the journal does not record is one error line, nothing sent."""
    out = tmp_path / "j.jsonl"
    invoke(env, "meetings", "create-many", "--count", "2", "--prefix", "a-", "--output", str(out))
    sent = len(server.emulator.journal)

    code, stdout, err = invoke(
        env, "meetings", "create-many", "--count", "2", "--prefix", "b-", "--resume", str(out)
    )

    assert (code, stdout) == (2, "")
    assert err == (
        f"error: {out} records a run with --prefix 'a-', not 'b-': another prefix would create "
        "a new set (leave --prefix out to finish the run)\n"
    )
    assert len(server.emulator.journal) == sent


def test_resume_with_another_file_is_refused(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """--resume with --from-file naming another file is refused, nothing sent."""
    out, ids, other = tmp_path / "j.jsonl", tmp_path / "ids.txt", tmp_path / "other.txt"
    ids.write_text("x-1\n")
    other.write_text("y-1\n")
    invoke(env, "rooms", "create-many", "--from-file", str(ids), "--output", str(out))
    sent = len(server.emulator.journal)

    code, _, err = invoke(
        env, "rooms", "create-many", "--from-file", str(other), "--resume", str(out)
    )

    assert code == 2
    assert err == f"error: {out} records a run reading {ids.resolve()}, not {other}\n"
    assert len(server.emulator.journal) == sent


def test_resume_count_extends_the_recorded_run(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """--count with --resume extends the run with the recorded prefix."""
    out = tmp_path / "j.jsonl"
    invoke(env, "meetings", "create-many", "--count", "2", "--output", str(out))

    code, _, _ = invoke(env, "meetings", "create-many", "--count", "4", "--resume", str(out))

    prefix = _started(out)[0]["input"]["prefix"]  # type: ignore[index]
    assert code == 0
    assert server.emulator.creates_by_user_meeting_id == {f"{prefix}{i}": 1 for i in range(4)}
    assert _started(out)[-1]["input"] == {"prefix": prefix, "count": 4}


def test_an_old_journal_without_input_needs_the_count(env: dict[str, str], tmp_path: Path) -> None:
    """A journal written before inputs were recorded: --resume alone asks for --count."""
    out = tmp_path / "old.jsonl"
    write_journal(out, {"state": "started", "kind": "meetings", "format": 1})

    code, _, err = invoke(env, "meetings", "create-many", "--resume", str(out))

    assert code == 2
    assert err.startswith("error: give exactly one of --count and --from-file")


def test_resume_of_another_familys_journal_names_its_command(
    env: dict[str, str], tmp_path: Path
) -> None:
    """A rooms journal given alone to `meetings create-many --resume` says which to use."""
    out = tmp_path / "rooms.jsonl"
    invoke(env, "rooms", "create-many", "--count", "1", "--output", str(out))

    code, _, err = invoke(env, "meetings", "create-many", "--resume", str(out))

    assert code == 2
    assert err == f"error: {out} records a rooms run: resume it with 'rooms create-many'\n"
    assert json.loads(out.read_text().splitlines()[0])["kind"] == "rooms"
