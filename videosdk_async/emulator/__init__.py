"""A local, faithful emulator of the VideoSDK API (needs the ``emulator`` extra).

It serves v1 meetings and every v2 family the SDK calls (one module each, listed in
`routes._MODULES`; each family's test controls are reached as `Emulator.control(cls)`), with
signed webhook deliveries, scripted faults (`Fault`), a request journal
(`JournalEntry`), a delivery journal (`Delivery`) and counters.

```python
from videosdk_async.emulator import Emulator, EmulatorServer

emulator = Emulator()
async with emulator.sdk() as sdk:          # in-process: no socket
    meeting = await sdk.meetings.create()

with EmulatorServer() as server:           # real sockets on 127.0.0.1, a free port
    async with AsyncVideoSDK(**server.sdk_kwargs()) as sdk: ...
```
"""

from ._delivery import Delivery
from ._emulator import DEFAULT_API_KEY, DEFAULT_SECRET, Emulator
from ._faults import Fault
from ._server import EmulatorServer, LoopbackServer
from ._state import JournalEntry
from .routes import ROUTES
from .routes.meetings import CREATE, GET_ONE, LIST, POST_ONE
from .routes.rooms import (
    ROOM_CREATE,
    ROOM_DEACTIVATE,
    ROOM_GET,
    ROOM_LIST,
    ROOM_UPDATE,
    ROOM_VALIDATE,
)

__all__ = [
    "CREATE",
    "DEFAULT_API_KEY",
    "DEFAULT_SECRET",
    "GET_ONE",
    "LIST",
    "POST_ONE",
    "ROOM_CREATE",
    "ROOM_DEACTIVATE",
    "ROOM_GET",
    "ROOM_LIST",
    "ROOM_UPDATE",
    "ROOM_VALIDATE",
    "ROUTES",
    "Delivery",
    "Emulator",
    "EmulatorServer",
    "Fault",
    "JournalEntry",
    "LoopbackServer",
]
