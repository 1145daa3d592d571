"""Every code block in README.md runs as written, against the emulator over loopback.

Python blocks run as whole programs in a subprocess; shell blocks run line by line. Both get
exactly the environment a reader gets from the README's one line at the top: this process's
environment without any ``VIDEOSDK_*`` variable, then the README's own
``eval "$(videosdk-async emulator --background)"`` run in bash (on a free port rather than
8787), which exports ``VIDEOSDK_API_KEY``, ``VIDEOSDK_SECRET``, ``VIDEOSDK_API_ENDPOINT`` and
``VIDEOSDK_EMULATOR_PID``. Lines that create a virtual environment or install the package are
what `.ci/run` itself does on a clean checkout, so they are not repeated here; lines that
start a server that runs until interrupted are started and stopped.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from videosdk_async.emulator import DEFAULT_API_KEY, DEFAULT_SECRET

README = Path(__file__).parent.parent / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
#: Installing is .ci/run's own first step; serving forever is checked by starting it.
INSTALLS = ("python -m venv", "pip install")
SERVES = ("uvicorn ", "python -m videosdk_async.emulator", "videosdk-async emulator")
#: The README's one line that starts the emulator and exports what it prints.
ONE_LINE = re.compile(r'`(eval "\$\(videosdk-async emulator --background\)")`')

pytestmark = pytest.mark.loopback


def _blocks(language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(README.read_text()) if lang == language]


def _shell_blocks() -> list[str]:
    """Each bash block as a script, without install lines and server lines."""
    scripts = []
    for block in _blocks("bash"):
        kept = [
            line
            for line in block.replace("\\\n", " ").splitlines()
            if line.strip() and not line.lstrip().startswith(INSTALLS + SERVES)
        ]
        if kept:
            scripts.append("\n".join(kept))
    return scripts


def _serving_lines() -> list[str]:
    return [
        line.split("  #")[0].strip()
        for block in _blocks("bash")
        for line in block.splitlines()
        if line.lstrip().startswith(SERVES)
    ]


def _clean_env() -> dict[str, str]:
    """This process's environment, no VIDEOSDK_* variable, this venv's scripts on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIDEOSDK_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def _stop(pid: int) -> None:
    os.kill(pid, signal.SIGTERM)
    for _ in range(200):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


@pytest.fixture(name="readme_env", scope="module")
def _readme_env() -> Iterator[dict[str, str]]:
    """The environment after the README's one line (on a free port); the emulator stopped."""
    found = ONE_LINE.search(README.read_text())
    assert found, "the README's top has no eval line"
    line = found.group(1).replace("--background", "--background --port 0")
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", f"{line}\nenv -0"],  # noqa: S607
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    env = dict(entry.split("=", 1) for entry in done.stdout.split("\0") if "=" in entry)
    pid = int(env["VIDEOSDK_EMULATOR_PID"])
    try:
        yield env
    finally:
        _stop(pid)


def test_one_line_exports_only_the_emulators_settings(readme_env: dict[str, str]) -> None:
    """The README's top line, from no VIDEOSDK_* at all, sets exactly the emulator's four."""
    videosdk = {k: v for k, v in readme_env.items() if k.startswith("VIDEOSDK_")}

    assert set(videosdk) == {
        "VIDEOSDK_API_KEY",
        "VIDEOSDK_SECRET",
        "VIDEOSDK_API_ENDPOINT",
        "VIDEOSDK_EMULATOR_PID",
    }
    assert videosdk["VIDEOSDK_API_KEY"] == DEFAULT_API_KEY
    assert videosdk["VIDEOSDK_SECRET"] == DEFAULT_SECRET
    assert videosdk["VIDEOSDK_API_ENDPOINT"].startswith("http://127.0.0.1:")


def test_one_line_is_at_the_top() -> None:
    """The line that makes every snippet run offline comes before the Quickstart."""
    text = README.read_text()

    assert ONE_LINE.search(text.split("## Quickstart")[0])


@pytest.mark.parametrize("source", _blocks("python"), ids=lambda s: s.splitlines()[0][:40])
def test_python_block_runs(source: str, readme_env: dict[str, str], tmp_path: Path) -> None:
    """A python block of the README runs to completion as a program."""
    done = subprocess.run(
        [sys.executable, "-c", source],
        env=readme_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize("script", _shell_blocks(), ids=lambda s: s.splitlines()[0][:40])
def test_shell_block_runs(script: str, readme_env: dict[str, str], tmp_path: Path) -> None:
    """A bash block of the README runs with `set -e` in a fresh directory and exits 0."""
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],  # noqa: S607 (bash from PATH, as a reader)
        env=readme_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stderr[-2000:]


def test_serving_lines_start(readme_env: dict[str, str], tmp_path: Path) -> None:
    """A line that starts a server gets it listening (then it is stopped)."""
    root = README.parent
    for line in _serving_lines():
        args = shlex.split(
            line.replace("--port 8787", "--port 0").replace("--port 8000", "--port 0")
        )
        if args[0] == "uvicorn":
            command = [sys.executable, "-m", *args]
        elif args[0] == "videosdk-async":
            command = [sys.executable, "-m", "videosdk_async", *args[1:]]
        else:
            command = [sys.executable, *args[1:]]
        with subprocess.Popen(
            command,
            env=readme_env | {"PYTHONPATH": str(root)},
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        ) as process:
            try:
                assert process.stdout is not None
                first = process.stdout.readline()
            finally:
                process.kill()
        assert first, line
