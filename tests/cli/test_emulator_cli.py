"""``videosdk-async emulator``: export lines, then serving; bad ports and a missing extra."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

import videosdk_async as vs
from videosdk_async.cli import emulator as emulator_cli
from videosdk_async.emulator import DEFAULT_API_KEY, DEFAULT_SECRET

from .helpers import invoke

NO_VIDEOSDK_ENV = {k: v for k, v in os.environ.items() if not k.startswith("VIDEOSDK_")}


@pytest.fixture(name="served")
def _served() -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    """``videosdk-async emulator --port 0 -v`` running; its export lines parsed; then stopped."""
    process = subprocess.Popen(
        [sys.executable, "-m", "videosdk_async", "emulator", "--port", "0", "-v"],
        env=NO_VIDEOSDK_ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline().strip() for _ in range(3)]
        exports = {}
        for line in lines:
            word, assignment = line.split(" ", 1)
            assert word == "export", line
            name, value = assignment.split("=", 1)
            exports[name] = shlex.split(value)[0]
        yield process, exports
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.close()
        process.stderr.close()


@pytest.mark.loopback
async def test_export_lines_point_the_sdk_at_the_running_emulator(
    served: tuple[subprocess.Popen[str], dict[str, str]],
) -> None:
    """The three export lines are what AsyncVideoSDK() reads, and the emulator answers them."""
    _, exports = served
    env = {"VIDEOSDK_API_KEY", "VIDEOSDK_SECRET", "VIDEOSDK_API_ENDPOINT"}
    async with vs.AsyncVideoSDK(
        api_key=exports["VIDEOSDK_API_KEY"],
        secret=exports["VIDEOSDK_SECRET"],
        base_url=exports["VIDEOSDK_API_ENDPOINT"],
    ) as sdk:
        room = await sdk.rooms.create(custom_room_id="from-exports")

    assert set(exports) == env
    assert exports["VIDEOSDK_API_KEY"] == DEFAULT_API_KEY
    assert exports["VIDEOSDK_SECRET"] == DEFAULT_SECRET
    assert exports["VIDEOSDK_API_ENDPOINT"].startswith("http://127.0.0.1:")
    assert room.custom_room_id == "from-exports"


@pytest.mark.loopback
async def test_verbose_logs_each_request_and_ctrl_c_exits_zero(
    served: tuple[subprocess.Popen[str], dict[str, str]],
) -> None:
    """With -v each request is one stderr line (method, path, status); Ctrl-C ends with 0."""
    process, exports = served
    async with vs.AsyncVideoSDK(
        api_key=exports["VIDEOSDK_API_KEY"],
        secret=exports["VIDEOSDK_SECRET"],
        base_url=exports["VIDEOSDK_API_ENDPOINT"],
    ) as sdk:
        await sdk.rooms.create(custom_room_id="logged")
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    assert process.stderr is not None
    log = process.stderr.read()

    assert "POST /v2/rooms -> 200" in log


def test_export_lines_quote_for_the_shell() -> None:
    """A value with spaces or quotes is shell-quoted, so eval sets it exactly."""
    lines = emulator_cli.export_lines("http://127.0.0.1:1", "my key", "it's")

    assert lines == [
        "export VIDEOSDK_API_KEY='my key'",
        "export VIDEOSDK_SECRET='it'\"'\"'s'",
        "export VIDEOSDK_API_ENDPOINT=http://127.0.0.1:1",
    ]


def test_default_credentials_are_the_emulators() -> None:
    """The command's defaults are the emulator's documented development credentials."""
    assert emulator_cli.DEFAULT_API_KEY == DEFAULT_API_KEY
    assert emulator_cli.DEFAULT_SECRET == DEFAULT_SECRET


def test_busy_port_is_one_line_and_exit_2() -> None:
    """A port something already listens on is refused with one line, exit 2."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out, err = invoke(NO_VIDEOSDK_ENV, "emulator", "--port", str(port))

    assert code == 2
    assert out == ""
    assert err == (
        f"error: port {port} on 127.0.0.1 is in use: pick another with --port (0: any free port)\n"
    )


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_bad_port_is_one_line_and_exit_2(port: str) -> None:
    """A port out of range or not a number is refused with one line, exit 2."""
    code, out, err = invoke(NO_VIDEOSDK_ENV, "emulator", "--port", port)

    assert code == 2
    assert out == ""
    assert err.startswith("error: Invalid value for '--port'")
    assert err.count("\n") == 1


def test_missing_extra_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the emulator extra (uvicorn absent) the command says how to install it."""
    monkeypatch.setitem(sys.modules, "uvicorn", None)

    code, out, err = invoke(NO_VIDEOSDK_ENV, "emulator", "--port", "0")

    assert code == 2
    assert out == ""
    assert err == (
        "error: the emulator needs the emulator extra (uvicorn is missing): "
        "pip install 'videosdk-async[emulator]'\n"
    )


@pytest.mark.loopback
def test_background_eval_sets_the_environment_and_kill_stops_it() -> None:
    """`eval "$(videosdk-async emulator --background)"` exports what the CLI needs, then kill."""
    script = (
        'eval "$(videosdk-async emulator --background --port 0)"\n'
        "videosdk-async rooms create --custom-room-id evaled\n"
        'echo "pid=$VIDEOSDK_EMULATOR_PID"\n'
        'kill "$VIDEOSDK_EMULATOR_PID"\n'
    )
    env = NO_VIDEOSDK_ENV | {
        "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{NO_VIDEOSDK_ENV['PATH']}"
    }
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    pid = int(done.stdout.rsplit("pid=", 1)[1])
    for _ in range(200):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, signal.SIGKILL)
        pytest.fail("the background emulator outlived kill")

    assert done.returncode == 0, done.stderr
    assert '"custom_room_id": "evaled"' in done.stdout


def test_background_busy_port_is_the_childs_one_line_and_exit_2() -> None:
    """--background on a busy port relays the server's own one-line refusal, exit 2."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out, err = invoke(NO_VIDEOSDK_ENV, "emulator", "--background", "--port", str(port))

    assert code == 2
    assert out == ""
    assert err == (
        f"error: port {port} on 127.0.0.1 is in use: pick another with --port (0: any free port)\n"
    )


def test_background_refuses_verbose() -> None:
    """-v writes to a terminal, so it is refused with --background (one line, exit 2)."""
    code, out, err = invoke(NO_VIDEOSDK_ENV, "emulator", "--background", "-v")

    assert (code, out) == (2, "")
    assert err == "error: -v logs to the terminal: use it without --background\n"
