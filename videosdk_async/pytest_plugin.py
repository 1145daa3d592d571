"""pytest fixtures for testing code that uses videosdk-async (registered as a ``pytest11`` plugin).

Installed with the package; the fixtures need the ``emulator`` extra, and the async one needs
pytest-asyncio. Nothing is imported from either until a fixture is used.

- ``videosdk_emulator``: a fresh in-process `Emulator`.
- ``videosdk_sdk``: an `AsyncVideoSDK` wired to ``videosdk_emulator`` in-process (no socket),
  with instant retry backoff; closed after the test.
- ``videosdk_server``: an `EmulatorServer` on 127.0.0.1 and a free port, stopped after the
  test; ``videosdk_server.sdk_kwargs()`` configures an `AsyncVideoSDK` for it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import pytest

from ._core._retry import is_testing, set_testing

if TYPE_CHECKING:
    from ._client import AsyncVideoSDK
    from .emulator import Emulator, EmulatorServer


@pytest.fixture(name="videosdk_emulator")
def _videosdk_emulator() -> Emulator:
    """A fresh in-process emulator of the VideoSDK API."""
    from .emulator import Emulator

    return Emulator()


@pytest.fixture(name="videosdk_server")
def _videosdk_server(videosdk_emulator: Emulator) -> Iterator[EmulatorServer]:
    """The ``videosdk_emulator`` served on 127.0.0.1 on a free port; stopped afterwards."""
    from .emulator import EmulatorServer

    with EmulatorServer(videosdk_emulator) as server:
        yield server


try:
    import pytest_asyncio
except ImportError:  # pragma: no cover (the async fixture needs pytest-asyncio)
    pass
else:

    @pytest_asyncio.fixture(name="videosdk_sdk")
    async def _videosdk_sdk(videosdk_emulator: Emulator) -> AsyncIterator[AsyncVideoSDK]:
        """An AsyncVideoSDK on the in-process emulator, with instant backoff sleeps."""
        was = is_testing()
        set_testing(True)
        try:
            async with videosdk_emulator.sdk() as sdk:
                yield sdk
        finally:
            set_testing(was)
