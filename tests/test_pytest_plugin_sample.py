"""The README's pytest-plugin sample runs as written in a project of its own (strict mode)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).parent.parent / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)


def _block(language: str, marker: str) -> str:
    found = [
        body
        for lang, body in FENCE.findall(README.read_text())
        if lang == language and marker in body
    ]
    assert len(found) == 1, f"one {language} block with {marker!r} in the README"
    return found[0]


def _run_sample(tmp_path: Path, *, config: bool = True) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_rooms.py").write_text(_block("python", "# test_rooms.py"))
    if config:
        (tmp_path / "pyproject.toml").write_text(
            _block("toml", "asyncio_default_fixture_loop_scope")
        )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIDEOSDK_", "PYTEST_"))}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-W", "error", "-q"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_readme_sample_passes_in_strict_mode(tmp_path: Path) -> None:
    """The sample and its pyproject.toml pass under pytest-asyncio's default strict mode."""
    done = _run_sample(tmp_path)

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "3 passed" in done.stdout
    assert "asyncio_mode" not in (tmp_path / "pyproject.toml").read_text()


def test_the_sample_needs_the_configuration_it_shows(tmp_path: Path) -> None:
    """Without the README's pyproject.toml, pytest-asyncio's warning (an error here) stops it."""
    done = _run_sample(tmp_path, config=False)

    assert done.returncode != 0
    assert "asyncio_default_fixture_loop_scope" in done.stdout + done.stderr
