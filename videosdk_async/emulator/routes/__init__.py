"""The emulator's API route families, one module each.

A new family is one module here: a `Family` with its stores and decorated handlers (see
`_family`), added to `FAMILIES`. The pipeline, faults, journal and stats need no edit.
"""

from __future__ import annotations

from typing import Final

from .._family import Family
from . import egress, meetings, rooms, sessions, webhooks

FAMILIES: Final[tuple[Family, ...]] = (
    meetings.family,
    rooms.family,
    sessions.family,
    webhooks.family,
    egress.family,
)

#: Every API route name (``"<METHOD> <path template>"``): fault targets and journal keys.
ROUTES: Final[tuple[str, ...]] = tuple(spec.name for f in FAMILIES for spec in f.routes)
