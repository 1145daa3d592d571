"""Finding every call on the client itself, so tests over "every call" cover new families."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import videosdk_async as vs
from videosdk_async.resources._base import Resource


def resource_methods(sdk: vs.AsyncVideoSDK) -> Iterator[tuple[str, Any]]:
    """``("rooms.get", bound method)`` for every public method of every resource on ``sdk``
    (nested resources such as ``recordings.merge`` included)."""
    todo: list[tuple[str, object]] = [("", sdk)]
    seen: set[int] = set()
    while todo:
        prefix, current = todo.pop()
        for name in sorted(dir(current)):
            if name.startswith("_"):
                continue
            value = getattr(current, name, None)
            if isinstance(value, Resource) and id(value) not in seen:
                seen.add(id(value))
                todo.append((f"{prefix}{name}.", value))
            elif isinstance(current, Resource) and inspect.ismethod(value):
                yield f"{prefix}{name}", value
