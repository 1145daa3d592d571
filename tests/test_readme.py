"""Every code block in README.md runs as written, against the emulator over loopback.

Python blocks run as whole programs in a subprocess; shell blocks run line by line. Both get
the environment a reader would have set: ``VIDEOSDK_API_KEY``/``VIDEOSDK_SECRET`` (the
README's own ``"..."`` placeholders, which the emulator here is configured to accept) and
``VIDEOSDK_API_ENDPOINT`` pointing at the emulator. Lines that create a virtual environment
or install the package are what `.ci/run` itself does on a clean checkout, so they are not
repeated here; lines that start a server that runs until interrupted are started and stopped.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from videosdk_async.emulator import Emulator, EmulatorServer

README = Path(__file__).parent.parent / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
#: Installing is .ci/run's own first step; serving forever is checked by starting it.
INSTALLS = ("python -m venv", "pip install")
SERVES = ("uvicorn ", "python -m videosdk_async.emulator")

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


@pytest.fixture(name="readme_server", scope="module")
def _readme_server() -> Iterator[EmulatorServer]:
    with EmulatorServer(Emulator(api_key="...", secret="...")) as server:
        yield server


@pytest.fixture(name="readme_env")
def _readme_env(readme_server: EmulatorServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIDEOSDK_")}
    env |= {
        "VIDEOSDK_API_KEY": "...",
        "VIDEOSDK_SECRET": "...",
        "VIDEOSDK_API_ENDPOINT": readme_server.base_url,
    }
    return env


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
    env = readme_env | {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{readme_env['PATH']}"}
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],  # noqa: S607 (bash from PATH, as a reader)
        env=env,
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
        with subprocess.Popen(
            [sys.executable, "-m", *args] if args[0] == "uvicorn" else [sys.executable, *args[1:]],
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
