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

from videosdk_async.emulator import CREATE, EmulatorServer, LoopbackServer

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
    """200 concurrent POST /meetings all succeed, served by one AsyncVideoSDK."""
    module, base_url = web
    limits = httpx.Limits(max_connections=200)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        answers = await asyncio.gather(
            *(
                client.post("/meetings", json={"name": f"class-{i}", "participant": "p"})
                for i in range(200)
            )
        )

    assert [a.status_code for a in answers] == [201] * 200
    assert {a.json()["name"] for a in answers} == {f"class-{i}" for i in range(200)}
    assert all(a.json()["token"].count(".") == 2 for a in answers)
    assert module.SDK_INSTANCES == 1
    assert sum(server.emulator.creates_by_user_meeting_id.values()) == 200


async def test_web_app_validates_and_404s(web: tuple[ModuleType, str]) -> None:
    """GET /meetings/{id} answers 200 for a created meeting, 404 for unknown or unsafe ids."""
    _, base_url = web
    async with httpx.AsyncClient(base_url=base_url) as client:
        created = (await client.post("/meetings", json={"name": "x"})).json()
        found = await client.get(f"/meetings/{created['meetingId']}")
        unknown = await client.get("/meetings/zzzz-zzzz-zzzz")
        unsafe = await client.get("/meetings/has%20space")

    assert found.status_code == 200
    assert found.json()["meetingId"] == created["meetingId"]
    assert (unknown.status_code, unsafe.status_code) == (404, 404)


@pytest.mark.parametrize(
    "body",
    [{"name": "ok", "participant": 7}, {"name": "ok", "participant": ""}, {"name": "bad\x85"}],
)
async def test_web_app_refuses_bad_input_before_creating(
    server: EmulatorServer, web: tuple[ModuleType, str], body: dict[str, object]
) -> None:
    """A request with an invalid participant or name gets 400 and creates no meeting."""
    _, base_url = web
    async with httpx.AsyncClient(base_url=base_url) as client:
        answer = await client.post("/meetings", json=body)

    assert answer.status_code == 400
    assert server.emulator.journal == []


async def test_web_app_shows_who_is_in_a_room(
    server: EmulatorServer, web: tuple[ModuleType, str]
) -> None:
    """GET /rooms/{id}/participants lists the live session's participants, [] when quiet."""
    _, base_url = web
    async with httpx.AsyncClient(base_url=base_url) as client:
        created = (await client.post("/meetings", json={"name": "standup"})).json()
        room_id = created["meetingId"]  # a meeting id is a room id
        quiet = await client.get(f"/rooms/{room_id}/participants")
        server.emulator.join(room_id, "alice", name="Alice")
        busy = await client.get(f"/rooms/{room_id}/participants")

    assert quiet.json() == {"participants": []}
    assert busy.json() == {"participants": [{"id": "alice", "name": "Alice"}]}


async def test_web_app_rate_limit_is_503_with_retry_after(
    server: EmulatorServer, web: tuple[ModuleType, str]
) -> None:
    """When the API asks for a long wait, the app answers 503 with Retry-After."""
    _, base_url = web
    server.emulator.inject(CREATE, "status", status=429, retry_after=120)
    async with httpx.AsyncClient(base_url=base_url) as client:
        answer = await client.post("/meetings", json={"name": "busy"})

    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "120"


async def test_web_app_unknown_outcome_is_502(
    server: EmulatorServer, web: tuple[ModuleType, str]
) -> None:
    """A create whose outcome is unknown answers 502 and says the meeting may exist."""
    _, base_url = web
    server.emulator.inject(CREATE, "process_then_fail", status=500)
    async with httpx.AsyncClient(base_url=base_url) as client:
        answer = await client.post("/meetings", json={"name": "ambiguous"})

    assert answer.status_code == 502
    assert "may or may not" in answer.json()["error"]


# -- bot.py --------------------------------------------------------------------------------


def test_bot_replies_to_a_script_of_commands() -> None:
    """Piped commands get replies: a meeting and token, checks, and friendly errors."""
    proc = subprocess.Popen(
        [sys.executable, str(EXAMPLES / "bot.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_env_for(None),
    )
    assert proc.stdin is not None
    assert proc.stdout is not None

    def say(line: str) -> str:
        assert proc.stdin is not None
        assert proc.stdout is not None
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
        return proc.stdout.readline().strip()

    try:
        ready = proc.stdout.readline()
        meet = say("/meet standup")
        meeting_id = meet.split()[1]
        check = say(f"/check {meeting_id}")
        missing = say("/check zzzz-zzzz-zzzz")
        unsafe = say("/check ../../etc")
        unknown = say("/dance")
        usage = say("/meet")
        bye = say("/quit")
        code = proc.wait(timeout=10)
    finally:
        proc.kill()
        proc.stdin.close()
        proc.stdout.close()

    assert ready.startswith("bot ready")
    assert meet.startswith(f"meeting {meeting_id} for 'standup' is ready; join token: ")
    assert check.startswith(f"meeting {meeting_id} exists")
    assert missing == "there is no meeting zzzz-zzzz-zzzz"
    assert "does not look like a meeting id" in unsafe
    assert unknown.startswith("sorry, I don't know '/dance'")
    assert usage == "usage: /meet <name>"
    assert bye == "bye"
    assert code == 0


# -- batch_from_csv.py ---------------------------------------------------------------------


def test_batch_from_csv_writes_complete_results(server: EmulatorServer, tmp_path: Path) -> None:
    """Every input row gets an output row, in order; the row the API fails carries its error."""
    classes = tmp_path / "classes.csv"
    classes.write_text("name\n" + "".join(f"class-{i}\n" for i in range(30)))
    results = tmp_path / "results.csv"
    server.emulator.inject(CREATE, "status", status=400, user_meeting_id="class-7")

    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "batch_from_csv.py"), str(classes), str(results)],
        env=_env_for(server),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    with results.open(newline="") as source:
        rows = list(csv.DictReader(source))
    assert done.returncode == 1
    assert [r["name"] for r in rows] == [f"class-{i}" for i in range(30)]
    assert rows[7]["meetingId"] == ""
    assert rows[7]["error"].startswith("BadRequestError: 400")
    others = [r for i, r in enumerate(rows) if i != 7]
    assert all(r["meetingId"] in server.emulator.meetings and r["error"] == "" for r in others)
    assert "29 created, 1 failed" in done.stderr
