"""What the source distribution carries (read from pyproject.toml, no build needed)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_sdist_carries_examples_license_and_benchmarks() -> None:
    """The sdist includes examples/, benchmarks/ and LICENSE beside the package and tests."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]

    assert {"videosdk_async", "tests", "examples", "benchmarks", "LICENSE"} <= set(include)
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert config["project"]["license"] == "MIT"
