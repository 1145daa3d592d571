"""`sessions` and `participants` commands against the emulator server."""

from __future__ import annotations

import json

import pytest

from videosdk_async.emulator import EmulatorServer

from .helpers import invoke

pytestmark = pytest.mark.loopback


def _room(server: EmulatorServer, env: dict[str, str], custom: str) -> str:
    code, out, _ = invoke(env, "rooms", "create", "--custom-room-id", custom)
    assert code == 0
    room_id: str = json.loads(out)["room_id"]
    return room_id


def test_participants_list_prints_who_is_in(server: EmulatorServer, env: dict[str, str]) -> None:
    """`participants list ROOM` prints one JSON line per participant of the live session."""
    room = _room(server, env, "cli-live")
    server.emulator.join(room, "alice", name="Alice")
    server.emulator.join(room, "bob", name="Bob")

    code, out, _ = invoke(env, "participants", "list", room)

    assert code == 0
    assert sorted(json.loads(line)["participant_id"] for line in out.splitlines()) == [
        "alice",
        "bob",
    ]


def test_participants_remove_and_sessions_end(server: EmulatorServer, env: dict[str, str]) -> None:
    """`participants remove` takes one out; `sessions end` ends the session."""
    room = _room(server, env, "cli-end")
    server.emulator.join(room, "alice")
    server.emulator.join(room, "bob")

    removed = invoke(env, "participants", "remove", room, "alice")
    ended = invoke(env, "sessions", "end", room)

    assert removed[0] == 0
    assert removed[1].strip()
    assert ended[0] == 0
    assert json.loads(ended[1])["room_id"] == room
    assert server.emulator.live_session(room) is None


def test_sessions_list_and_get(server: EmulatorServer, env: dict[str, str]) -> None:
    """`sessions list --room-id` prints the room's sessions; `sessions get` prints one."""
    room = _room(server, env, "cli-list")
    server.emulator.join(room, "alice")
    session_id = server.emulator.live_session(room)

    listed = invoke(env, "sessions", "list", "--room-id", room, "--status", "ongoing")
    got = invoke(env, "sessions", "get", str(session_id))

    assert [json.loads(line)["id"] for line in listed[1].splitlines()] == [session_id]
    assert json.loads(got[1])["status"] == "ongoing"


def test_bad_ids_are_refused_with_exit_2(server: EmulatorServer, env: dict[str, str]) -> None:
    """An unsafe id is one error line and exit 2, with nothing sent."""
    code, _, err = invoke(env, "participants", "remove", "a/b", "alice")

    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert server.emulator.journal == []


def test_sessions_list_since_and_until_bound_the_start(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """`sessions list --since/--until` pass ISO times through as the start-date filters."""
    room = _room(server, env, "cli-dates")
    server.emulator.join(room, "alice")
    session_id = server.emulator.live_session(room)

    around = invoke(
        env,
        "sessions",
        "list",
        "--custom-room-id",
        "cli-dates",
        "--since",
        "2000-01-01T00:00:00Z",
        "--until",
        "2999-01-01T00:00:00+02:00",
    )
    later = invoke(env, "sessions", "list", "--room-id", room, "--since", "2999-01-01T00:00Z")

    assert [json.loads(line)["id"] for line in around[1].splitlines()] == [session_id]
    assert (later[0], later[1]) == (0, "")


@pytest.mark.parametrize(
    "args",
    [
        ("sessions", "list", "--since", "2024-05-01T09:00:00"),
        ("sessions", "list", "--until", "yesterday"),
        ("sessions", "list", "--custom-room-id", "a/b"),
        ("sessions", "list", "--status", "live"),
        ("sessions", "get", "a?b"),
        ("sessions", "end", "a/b"),
        ("sessions", "end", "room", "--session-id", " s"),
        ("participants", "list", "a#b"),
    ],
)
def test_bad_input_is_exit_2_with_nothing_sent(
    server: EmulatorServer, env: dict[str, str], args: tuple[str, ...]
) -> None:
    """A naive or unparsable time, a bad status or an unsafe id is exit 2 with nothing sent."""
    code, out, _ = invoke(env, *args)

    assert (code, out) == (2, "")
    assert server.emulator.journal == []


def test_get_of_an_unknown_session_exits_3(server: EmulatorServer, env: dict[str, str]) -> None:
    """`sessions get` of an unknown session is one error line and exit 3 (not found)."""
    code, out, err = invoke(env, "sessions", "get", "0" * 24)

    assert (code, out) == (3, "")
    assert err.count("\n") == 1
    assert "404" in err


def test_participants_list_of_a_quiet_room_prints_nothing(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """`participants list` of a room with nothing live prints nothing and exits 0."""
    room = _room(server, env, "cli-quiet")

    assert invoke(env, "participants", "list", room) == (0, "", "")
