"""The repository stands alone: no file points at documents a user of it does not have."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
#: The steering folder beside the repository, spelt in pieces so this file does not name it.
_SIBLING = "sh" + "ared"
#: What a pointer outside the repository looks like (a sibling folder, a private document).
OUTSIDE = re.compile(
    rf"\.\./{_SIBLING}|{_SIBLING}/design|{_SIBLING}/reference|public-api\.md|/wo"
    r"rk/"
    r"|API reference, section|the reference \(section|reference's guess",
)
TEXT = (".py", ".md", ".toml", ".txt", ".cfg", ".ini", ".yml", ".yaml", ".csv", "")


def _tracked() -> list[Path]:
    names = subprocess.run(
        ["git", "ls-files"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    this = Path(__file__).resolve()
    return [
        ROOT / name
        for name in names
        if Path(name).suffix in TEXT and (ROOT / name).is_file() and (ROOT / name) != this
    ]


def test_no_file_points_outside_the_repo() -> None:
    """No tracked text file names the steering folder, a private document or a numbered
    reference."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an sdist)")
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _tracked()
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1)
        if OUTSIDE.search(line)
    ]

    assert found == []


def test_project_urls_are_in_the_metadata() -> None:
    """pyproject.toml names the homepage, repository, issue tracker and changelog."""
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]

    assert urls == {
        "Homepage": "https://github.com/videosdk-async/videosdk-async",
        "Repository": "https://github.com/videosdk-async/videosdk-async",
        "Issues": "https://github.com/videosdk-async/videosdk-async/issues",
        "Changelog": "https://github.com/videosdk-async/videosdk-async/blob/main/CHANGELOG.md",
    }
