"""`sip calls create | list | end` against the emulator server."""

from __future__ import annotations

import asyncio
import json

import pytest

import videosdk_async as vs
from videosdk_async.emulator import EmulatorServer

from .helpers import invoke

pytestmark = pytest.mark.loopback

LINE = "+14155550100"
CALLEE = "+14155550199"


def _line_and_room(server: EmulatorServer) -> str:
    """Provision LINE and make a room (through the SDK, on its own event loop)."""

    async def run() -> str:
        async with vs.AsyncVideoSDK(**server.sdk_kwargs()) as sdk:
            await sdk.sip.phone_numbers.create(
                name="Line",
                phone_numbers=[LINE],
                inbound=vs.PhoneNumberInbound("auto"),
                outbound=vs.PhoneNumberOutbound("sip.example.com", "auto"),
            )
            return (await sdk.rooms.create()).room_id

    return asyncio.run(run())


def test_create_list_and_end_a_call(server: EmulatorServer, env: dict[str, str]) -> None:
    """create prints the call ("from" key), list prints it as one line, end prints it ended."""
    room_id = _line_and_room(server)

    code, out, _ = invoke(
        env, "sip", "calls", "create", "--to", CALLEE, "--from", LINE, "--room-id", room_id
    )
    made = json.loads(out)
    listed = invoke(env, "sip", "calls", "list", "--room-id", room_id)
    ended = invoke(env, "sip", "calls", "end", made["id"])

    assert code == 0
    assert (made["to"], made["from"], made["room_id"], made["status"]) == (
        CALLEE, LINE, room_id, "initiated",
    )  # fmt: skip
    assert listed[0] == 0
    assert [json.loads(line)["id"] for line in listed[1].splitlines()] == [made["id"]]
    assert ended[0] == 0
    assert json.loads(ended[1])["status"] == "ended"


def test_a_bad_room_id_is_one_line_and_exit_2(server: EmulatorServer, env: dict[str, str]) -> None:
    """--room-id with a slash is refused before anything is sent: one error line, exit 2."""
    before = len(server.emulator.journal)

    code, out, err = invoke(env, "sip", "calls", "create", "--to", CALLEE, "--room-id", "a/b")

    assert (code, out) == (2, "")
    assert err.startswith("error: ")
    assert len(err.strip().splitlines()) == 1
    assert len(server.emulator.journal) == before


def test_to_is_required(server: EmulatorServer, env: dict[str, str]) -> None:
    """create without --to is a usage error (exit 2)."""
    code, _, err = invoke(env, "sip", "calls", "create")

    assert code == 2
    assert "--to" in err


def test_ending_an_unknown_call_is_exit_3(server: EmulatorServer, env: dict[str, str]) -> None:
    """end of a call that does not exist: the API's error on one line, exit 3 (not found)."""
    code, out, err = invoke(env, "sip", "calls", "end", "nope")

    assert (code, out) == (3, "")
    assert err.startswith("error: ")


def test_a_refused_call_is_exit_1(server: EmulatorServer, env: dict[str, str]) -> None:
    """create from a number that is not provisioned: the API's 400 on one line, exit 1."""
    code, _, err = invoke(env, "sip", "calls", "create", "--to", CALLEE, "--from", LINE)

    assert code == 1
    assert "sipCallFrom" in err
