"""The examples in examples/, run the way their users run them."""

from __future__ import annotations

import asyncio
import csv
import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from videosdk_async._core._retry import is_testing, set_testing
from videosdk_async.emulator import ROOM_CREATE, EmulatorServer, LoopbackServer

EXAMPLES = Path(__file__).parent.parent / "examples"

pytestmark = pytest.mark.loopback


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _env_for(server: EmulatorServer | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIDEOSDK_")}
    if server is not None:
        env |= {
            "VIDEOSDK_API_KEY": server.emulator.api_key,
            "VIDEOSDK_SECRET": server.emulator.secret,
            "VIDEOSDK_API_ENDPOINT": server.base_url,
        }
    return env


# -- web_app.py ----------------------------------------------------------------------------


@pytest.fixture(name="instant_retries")
def _instant_retries() -> Iterator[None]:
    """Retry backoff without waiting (the SDK's testing mode), restored afterwards."""
    was = is_testing()
    set_testing(True)
    yield
    set_testing(was)


@pytest.fixture(name="web")
def _web(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[ModuleType, str]]:
    for name, value in _env_for(server).items():
        if name.startswith("VIDEOSDK_"):
            monkeypatch.setenv(name, value)
    module = _load("web_app")
    with LoopbackServer(module.app, lifespan="on") as web_server:
        yield module, web_server.base_url


async def test_web_app_serves_200_concurrent_creates_with_one_sdk(
    server: EmulatorServer, web: tuple[ModuleType, str]
) -> None:
    """200 concurrent POST /rooms all succeed, served by one AsyncVideoSDK."""
    module, base_url = web
    limits = httpx.Limits(max_connections=200)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        answers = await asyncio.gather(
            *(
                client.post("/rooms", json={"name": f"class-{i}", "participant": "p"})
                for i in range(200)
            )
        )

    assert [a.status_code for a in answers] == [201] * 200
    assert {a.json()["name"] for a in answers} == {f"class-{i}" for i in range(200)}
    assert all(a.json()["token"].count(".") == 2 for a in answers)
    assert module.SDK_INSTANCES == 1
    assert len(server.emulator.rooms) == 200


async def test_web_app_posting_a_name_again_creates_nothing_twice(
    server: EmulatorServer, web: tuple[ModuleType, str]
) -> None:
    """POST /rooms with the same name, twice in a row and 20 times at once: one room."""
    _, base_url = web
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        first = await client.post("/rooms", json={"name": "math-101"})
        again = await client.post("/rooms", json={"name": "math-101"})
        burst = await asyncio.gather(
            *(client.post("/rooms", json={"name": "math-101"}) for _ in range(20))
        )

    ids = {a.json()["roomId"] for a in [first, again, *burst]}
    assert ids == {first.json()["roomId"]}
    assert len(server.emulator.rooms) == 1
    assert server.emulator.room_creates("math-101") == 1


async def test_web_app_validates_and_404s(web: tuple[ModuleType, str]) -> None:
    """GET /rooms/{id} answers 200 by roomId or name, 404 for unknown or unsafe ids."""
    _, base_url = web
    async with httpx.AsyncClient(base_url=base_url) as client:
        created = (await client.post("/rooms", json={"name": "x"})).json()
        found = await client.get(f"/rooms/{created['roomId']}")
        by_name = await client.get("/rooms/x")
        unknown = await client.get("/rooms/zzzz-zzzz-zzzz")
        unsafe = await client.get("/rooms/..")

    assert found.status_code == 200
    assert found.json()["roomId"] == created["roomId"]
    assert by_name.json()["roomId"] == created["roomId"]
    assert (unknown.status_code, unsafe.status_code) == (404, 404)


@pytest.mark.parametrize(
    "body",
    [
        {"name": "ok", "participant": 7},
        {"name": "ok", "participant": ""},
        {"name": "bad\x85"},
        {"participant": "alice"},
    ],
)
async def test_web_app_refuses_bad_input_before_creating(
    server: EmulatorServer, web: tuple[ModuleType, str], body: dict[str, object]
) -> None:
    """A request with an invalid or missing name or participant gets 400 and creates nothing."""
    _, base_url = web
    async with httpx.AsyncClient(base_url=base_url) as client:
        answer = await client.post("/rooms", json=body)

    assert answer.status_code == 400
    assert server.emulator.journal == []


async def test_web_app_shows_who_is_in_a_room(
    server: EmulatorServer, web: tuple[ModuleType, str]
) -> None:
    """GET /rooms/{id}/participants lists the live session's participants, [] when quiet."""
    _, base_url = web
    async with httpx.AsyncClient(base_url=base_url) as client:
        room_id = (await client.post("/rooms", json={"name": "standup"})).json()["roomId"]
        quiet = await client.get(f"/rooms/{room_id}/participants")
        server.emulator.join(room_id, "alice", name="Alice")
        busy = await client.get(f"/rooms/{room_id}/participants")

    assert quiet.json() == {"participants": []}
    assert busy.json() == {"participants": [{"id": "alice", "name": "Alice"}]}


async def test_web_app_participants_of_an_unknown_room_is_404(web: tuple[ModuleType, str]) -> None:
    """GET /rooms/{id}/participants of a room that does not exist is 404, not []."""
    _, base_url = web
    async with httpx.AsyncClient(base_url=base_url) as client:
        answer = await client.get("/rooms/no-such-room/participants")

    assert answer.status_code == 404
    assert answer.json() == {"error": "room not found"}


async def test_web_app_rate_limit_is_503_with_retry_after(
    server: EmulatorServer, web: tuple[ModuleType, str]
) -> None:
    """When the API asks for a long wait, the app answers 503 with Retry-After."""
    _, base_url = web
    server.emulator.inject(ROOM_CREATE, "status", status=429, retry_after=120)
    async with httpx.AsyncClient(base_url=base_url) as client:
        answer = await client.post("/rooms", json={"name": "busy"})

    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "120"


async def test_web_app_ambiguous_failure_is_retried_into_one_room(
    server: EmulatorServer, web: tuple[ModuleType, str], instant_retries: None
) -> None:
    """A create the API processed but failed to answer is retried: 201, exactly one room."""
    _, base_url = web
    server.emulator.inject(ROOM_CREATE, "process_then_fail", status=500)
    async with httpx.AsyncClient(base_url=base_url) as client:
        answer = await client.post("/rooms", json={"name": "ambiguous"})

    assert answer.status_code == 201
    assert server.emulator.room_creates("ambiguous") == 1


async def test_web_app_a_failing_api_is_502(
    server: EmulatorServer, web: tuple[ModuleType, str], instant_retries: None
) -> None:
    """An API that keeps failing gets the app's 502, and no room."""
    _, base_url = web
    server.emulator.inject(ROOM_CREATE, "status", status=500, count=10)
    async with httpx.AsyncClient(base_url=base_url) as client:
        answer = await client.post("/rooms", json={"name": "down"})

    assert answer.status_code == 502
    assert answer.json() == {"error": "the video API failed"}
    assert server.emulator.rooms == {}


# -- bot.py --------------------------------------------------------------------------------


def _bot(env: dict[str, str], *lines: str) -> tuple[list[str], int]:
    """Run the bot with ``lines`` piped in: (its replies after the greeting, exit status)."""
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "bot.py")],
        input="".join(f"{line}\n" for line in lines),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    replies = done.stdout.splitlines()
    assert replies[0].startswith("bot ready"), done.stderr
    return replies[1:], done.returncode


def test_bot_replies_to_a_script_of_commands() -> None:
    """Piped commands get replies: a room and token, checks, and friendly errors."""
    replies, code = _bot(
        _env_for(None),
        "/meet standup",
        "/check standup",
        "/check zzzz-zzzz-zzzz",
        "/check ../../etc",
        "/dance",
        "/meet",
        "/quit",
    )
    meet, check, missing, unsafe, unknown, usage, bye = replies
    room_id = meet.split()[1]

    assert meet.startswith(f"room {room_id} for 'standup' is ready; join token: ")
    assert check.startswith(f"room {room_id} exists")
    assert missing == "there is no room zzzz-zzzz-zzzz"
    assert "does not look like a room id or name" in unsafe
    assert unknown.startswith("sorry, I don't know '/dance'")
    assert usage == "usage: /meet <name>"
    assert bye == "bye"
    assert code == 0


def test_bot_run_twice_opens_the_same_room(server: EmulatorServer) -> None:
    """Two runs that meet the same name (twice each) open one room, on one API."""
    first, _ = _bot(_env_for(server), "/meet standup", "/meet standup", "/quit")
    second, _ = _bot(_env_for(server), "/meet standup", "/quit")

    ids = {reply.split()[1] for reply in [*first[:2], second[0]]}
    assert len(ids) == 1
    assert list(server.emulator.rooms) == [ids.pop()]
    assert server.emulator.room_creates("standup") == 1


# -- batch_from_csv.py ---------------------------------------------------------------------


def _batch(
    server: EmulatorServer, classes: Path, results: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / "batch_from_csv.py"), str(classes), str(results)],
        env=_env_for(server),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _rows(results: Path) -> list[dict[str, str]]:
    with results.open(newline="") as source:
        return list(csv.DictReader(source))


def test_batch_from_csv_writes_complete_results(server: EmulatorServer, tmp_path: Path) -> None:
    """Every input row gets an output row, in order; the row the API fails carries its error."""
    classes = tmp_path / "classes.csv"
    classes.write_text("name\n" + "".join(f"class-{i}\n" for i in range(30)))
    results = tmp_path / "results.csv"
    server.emulator.inject(ROOM_CREATE, "status", status=400, match={"customRoomId": "class-7"})

    done = _batch(server, classes, results)

    rows = _rows(results)
    assert done.returncode == 1
    assert [r["name"] for r in rows] == [f"class-{i}" for i in range(30)]
    assert rows[7]["roomId"] == ""
    assert rows[7]["error"].startswith("BadRequestError: 400")
    others = [r for i, r in enumerate(rows) if i != 7]
    assert all(r["roomId"] in server.emulator.rooms and r["error"] == "" for r in others)
    assert "29 ready, 1 failed" in done.stderr


def test_batch_from_csv_run_again_creates_nothing_twice(
    server: EmulatorServer, tmp_path: Path
) -> None:
    """A second run over the same CSV finishes the failed row and duplicates no room."""
    classes = tmp_path / "classes.csv"
    classes.write_text("name\n" + "".join(f"class-{i}\n" for i in range(30)))
    server.emulator.inject(ROOM_CREATE, "status", status=400, match={"customRoomId": "class-7"})
    first = _batch(server, classes, tmp_path / "first.csv")
    second = _batch(server, classes, tmp_path / "second.csv")

    before = {r["name"]: r["roomId"] for r in _rows(tmp_path / "first.csv") if r["roomId"]}
    after = {r["name"]: r["roomId"] for r in _rows(tmp_path / "second.csv")}
    assert (first.returncode, second.returncode) == (1, 0)
    assert {name: after[name] for name in before} == before
    assert len(server.emulator.rooms) == 30
    assert set(server.emulator.room_creates_by_custom_room_id.values()) == {1}
