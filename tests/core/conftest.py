"""Fixtures shared by the core tests."""

from __future__ import annotations

import pytest


@pytest.fixture(name="backend", params=["httpx", "aiohttp"])
def _backend(request: pytest.FixtureRequest) -> str:
    """Each transport the SDK offers."""
    return str(request.param)
