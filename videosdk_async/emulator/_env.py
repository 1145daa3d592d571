"""What the emulator's route handlers share: configuration, clock, account, family stores.

Handlers see an `Env` and nothing of the machinery around them (faults, journal, counters
live in `_state.State`, which only the pipeline and the admin routes touch).
"""

from __future__ import annotations

import asyncio
import secrets
import string
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from typing import Any, Final, Protocol, TypeVar

import attrs

_ID_ALPHABET: Final = string.ascii_lowercase + string.digits


def iso_now(now: float) -> str:
    """``2022-01-05T06:41:16.018Z``: ISO-8601 UTC with milliseconds, as the API writes."""
    return (
        datetime.fromtimestamp(now, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    )


def new_meeting_id() -> str:
    """A fresh id in the ``xxxx-xxxx-xxxx`` shape of every documented example."""
    return "-".join("".join(secrets.choice(_ID_ALPHABET) for _ in range(4)) for _ in range(3))


def new_object_id() -> str:
    """24 hex characters, the shape of the API's MongoDB ObjectIds."""
    return secrets.token_hex(12)


@attrs.frozen(kw_only=True)
class AppConfig:
    """How the emulator answers; see `Emulator` for each option."""

    api_key: str
    secret: str
    not_found_status: int = 404
    latency: float = 0.0
    max_per_page: int = 100
    retain_meetings: bool = True
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep


class Store(Protocol):
    """A family's memory. One instance per class per emulator, made by `Env.store`."""

    def reset(self) -> None:
        """Forget everything."""

    def stats(self) -> dict[str, Any]:
        """Its entries for ``GET /_emulator/stats`` (camelCase keys)."""


S = TypeVar("S", bound=Store)


class Env:
    """Configuration, clock, the account, and one store per store class.

    Args:
        config: The emulator's configuration.
        clock: Its wall clock.
        store_types: The stores every family declared; made now so stats list them all.
    """

    def __init__(
        self,
        config: AppConfig,
        *,
        clock: Callable[[], float] = time.time,
        store_types: Iterable[type[Store]] = (),
    ) -> None:
        self.config = config
        self._clock = clock
        #: Guards every store: the app may run on a server thread while a test reads.
        self.lock = threading.Lock()
        self.user_id = new_object_id()
        # [INF] Nothing documents the account behind `user{}`; any plausible values do.
        self.user = {
            "email": "emulator@example.com",
            "name": "VideoSDK Emulator",
            "discontinuedReason": None,
            "id": self.user_id,
        }
        self._stores: dict[type[Any], Any] = {}
        for store_type in store_types:
            self.store(store_type)

    def now(self) -> float:
        """The emulator's wall-clock time."""
        return self._clock()

    def store(self, store_type: type[S]) -> S:
        """The one instance of ``store_type`` (made on first use with ``store_type(env)``)."""
        store = self._stores.get(store_type)
        if store is None:
            store = self._stores[store_type] = store_type(self)  # type: ignore[call-arg]
        return store

    def reset(self) -> None:
        """Reset every store."""
        for store in list(self._stores.values()):
            store.reset()

    def stats(self) -> dict[str, Any]:
        """Every store's stats entries, merged."""
        merged: dict[str, Any] = {}
        for store in list(self._stores.values()):
            merged.update(store.stats())
        return merged
