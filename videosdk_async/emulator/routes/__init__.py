"""The emulator's API route families, one module each.

A new family is one module here (a `Family` with its stores, handlers and test controls; see
`_family`) and one line in `_MODULES`. The pipeline, faults, journal, stats and the admin
routes need no edit.
"""

from __future__ import annotations

import importlib
from typing import Final

from .._family import Family

#: The family modules, in the order their routes are matched (literal paths win anyway).
_MODULES: Final = (
    "meetings",
    "rooms",
    "sessions",
    "webhooks",
    "egress",
    "ingest",
    "batch_calls",
    "connectors",
    "resource_pool",
    "alerts",
    "incidents",
    "sip",
    "transcription",
    "agents",
)

FAMILIES: Final[tuple[Family, ...]] = tuple(
    importlib.import_module(f"{__name__}.{name}").family for name in _MODULES
)

#: Every API route name (``"<METHOD> <path template>"``): fault targets and journal keys.
ROUTES: Final[tuple[str, ...]] = tuple(spec.name for f in FAMILIES for spec in f.routes)
