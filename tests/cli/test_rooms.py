"""`videosdk-async rooms ...` against an emulator server on loopback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from videosdk_async.emulator import EmulatorServer

from .helpers import created, invoke, records, write_journal

pytestmark = pytest.mark.loopback


def test_create_prints_the_room(server: EmulatorServer, env: dict[str, str]) -> None:
    """`rooms create` with every option prints Room.to_dict() of the room it created."""
    code, out, _ = invoke(
        env,
        "rooms",
        "create",
        "--custom-room-id",
        "standup",
        "--geo-fence",
        "us002",
        "--webhook-url",
        "https://example.com/hook",
        "--webhook-event",
        "participant-joined",
        "--webhook-event",
        "recording-*",
    )

    room = json.loads(out)
    assert code == 0
    assert room["custom_room_id"] == "standup"
    assert room["room_id"] in server.emulator.rooms
    assert room["webhook"] == {
        "url": "https://example.com/hook",
        "events": ["participant-joined", "recording-*"],
    }
    assert server.emulator.journal[0].body["geoFence"] == "us002"


def test_create_twice_with_one_custom_id_makes_one_room(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """Creating with a known --custom-room-id prints the existing room; the server has one."""
    first = json.loads(invoke(env, "rooms", "create", "--custom-room-id", "r1")[1])
    second = json.loads(invoke(env, "rooms", "create", "--custom-room-id", "r1")[1])

    assert first["room_id"] == second["room_id"]
    assert server.emulator.room_creates("r1") == 1


def test_create_without_options_makes_a_room(server: EmulatorServer, env: dict[str, str]) -> None:
    """`rooms create` with no option creates a room without a custom id."""
    code, out, _ = invoke(env, "rooms", "create")

    room = json.loads(out)
    assert code == 0
    assert room["custom_room_id"] is None
    assert room["room_id"] in server.emulator.rooms


def test_get_by_custom_room_id(env: dict[str, str]) -> None:
    """`rooms get` finds a room by its customRoomId."""
    made = json.loads(invoke(env, "rooms", "create", "--custom-room-id", "g1")[1])

    code, out, _ = invoke(env, "rooms", "get", "g1")

    assert code == 0
    assert json.loads(out)["room_id"] == made["room_id"]


def test_get_unknown_room_exits_3(env: dict[str, str]) -> None:
    """`rooms get` of an unknown room is one error line and exit 3 (not found)."""
    code, out, err = invoke(env, "rooms", "get", "nope")

    assert code == 3
    assert out == ""
    assert err.count("\n") == 1
    assert "404" in err


def test_validate_found(env: dict[str, str]) -> None:
    """`rooms validate` prints a known room."""
    made = json.loads(invoke(env, "rooms", "create")[1])

    code, out, _ = invoke(env, "rooms", "validate", made["room_id"])

    assert code == 0
    assert json.loads(out)["id"] == made["id"]


def test_validate_missing_exits_3(env: dict[str, str]) -> None:
    """`rooms validate` of an unknown room exits 3 naming the room-not-found error."""
    code, _, err = invoke(env, "rooms", "validate", "zzzz-zzzz-zzzz")

    assert code == 3
    assert err.startswith("error: ")
    assert "zzzz-zzzz-zzzz" in err


def test_deactivate_disables_the_room(server: EmulatorServer, env: dict[str, str]) -> None:
    """`rooms deactivate ROOM_ID` prints the room with disabled=true."""
    made = json.loads(invoke(env, "rooms", "create")[1])

    code, out, _ = invoke(env, "rooms", "deactivate", made["room_id"])

    assert code == 0
    assert json.loads(out)["disabled"] is True
    assert json.loads(invoke(env, "rooms", "get", made["room_id"])[1])["disabled"] is True


def test_list_prints_one_page(env: dict[str, str]) -> None:
    """`rooms list --per-page 2` prints one page as JSON with its paging fields."""
    for i in range(3):
        invoke(env, "rooms", "create", "--custom-room-id", f"l{i}")

    code, out, _ = invoke(env, "rooms", "list", "--per-page", "2")

    page = json.loads(out)
    assert code == 0
    assert (page["page"], page["per_page"], page["last_page"], page["total"]) == (1, 2, 2, 3)
    assert len(page["data"]) == 2


def test_list_second_page(env: dict[str, str]) -> None:
    """`rooms list --page 2 --per-page 2` prints the rest."""
    for i in range(3):
        invoke(env, "rooms", "create", "--custom-room-id", f"p{i}")

    page = json.loads(invoke(env, "rooms", "list", "--page", "2", "--per-page", "2")[1])

    assert page["page"] == 2
    assert len(page["data"]) == 1


def test_list_all_prints_json_lines(env: dict[str, str]) -> None:
    """`rooms list --all` prints every room, one JSON line each, across pages."""
    for i in range(5):
        invoke(env, "rooms", "create", "--custom-room-id", f"a{i}")

    code, out, _ = invoke(env, "rooms", "list", "--all", "--per-page", "2")

    ids = sorted(json.loads(line)["custom_room_id"] for line in out.splitlines())
    assert code == 0
    assert ids == [f"a{i}" for i in range(5)]


def test_list_query(env: dict[str, str]) -> None:
    """`rooms list --query ID` keeps only that room."""
    for i in range(3):
        invoke(env, "rooms", "create", "--custom-room-id", f"q{i}")

    page = json.loads(invoke(env, "rooms", "list", "--query", "q1")[1])

    assert [room["custom_room_id"] for room in page["data"]] == ["q1"]


def test_create_many_count(server: EmulatorServer, env: dict[str, str], tmp_path: Path) -> None:
    """`rooms create-many --count` makes one room per id and journals each as created."""
    out = tmp_path / "rooms.jsonl"

    code, _, err = invoke(env, "rooms", "create-many", "--count", "20", "--output", str(out))

    lines = records(out)
    made = [line for line in lines if line["state"] == "created"]
    assert code == 0
    assert "done: 20 created, 0 failed" in err
    assert lines[0]["state"] == "started"
    assert lines[0]["kind"] == "rooms"
    assert created(out, "customRoomId") == {f"room-{i}" for i in range(20)}
    assert all(line["room"]["custom_room_id"] == line["customRoomId"] for line in made)
    assert server.emulator.room_creates_by_custom_room_id == {f"room-{i}": 1 for i in range(20)}


def test_create_many_from_file(server: EmulatorServer, env: dict[str, str], tmp_path: Path) -> None:
    """`rooms create-many --from-file` creates one room per line."""
    ids = tmp_path / "ids.txt"
    ids.write_text("alpha\r\nbeta \n  gamma\n")
    out = tmp_path / "rooms.jsonl"

    code, _, _ = invoke(env, "rooms", "create-many", "--from-file", str(ids), "--output", str(out))

    assert code == 0
    assert created(out, "customRoomId") == {"alpha", "beta", "gamma"}
    assert server.emulator.room_creates_by_custom_room_id == {"alpha": 1, "beta": 1, "gamma": 1}


def test_resume_resends_rooms_sent_without_a_result(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """--resume re-sends rooms recorded as sending; the server dedupes: one room per id."""
    invoke(env, "rooms", "create", "--custom-room-id", "room-1")  # reached the server, unrecorded
    out = tmp_path / "rooms.jsonl"
    write_journal(
        out,
        {"state": "started", "kind": "rooms", "format": 1},
        {"state": "sending", "index": 0, "customRoomId": "room-0"},
        {"state": "sending", "index": 1, "customRoomId": "room-1"},
    )

    code, _, err = invoke(env, "rooms", "create-many", "--count", "3", "--resume", str(out))

    assert code == 0, err
    assert created(out, "customRoomId") == {"room-0", "room-1", "room-2"}
    assert server.emulator.room_creates_by_custom_room_id == {f"room-{i}": 1 for i in range(3)}
