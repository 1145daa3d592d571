"""A local, faithful emulator of the VideoSDK meetings API (needs the ``emulator`` extra).

```python
from videosdk_async.emulator import Emulator, EmulatorServer

emulator = Emulator()
async with emulator.sdk() as sdk:          # in-process: no socket
    meeting = await sdk.meetings.create()

with EmulatorServer() as server:           # real sockets on 127.0.0.1, a free port
    async with AsyncVideoSDK(**server.sdk_kwargs()) as sdk: ...
```
"""

from ._emulator import DEFAULT_API_KEY, DEFAULT_SECRET, Emulator
from ._server import EmulatorServer, LoopbackServer
from ._state import CREATE, GET_ONE, LIST, POST_ONE, ROUTES, Fault, JournalEntry

__all__ = [
    "CREATE",
    "DEFAULT_API_KEY",
    "DEFAULT_SECRET",
    "GET_ONE",
    "LIST",
    "POST_ONE",
    "ROUTES",
    "Emulator",
    "EmulatorServer",
    "Fault",
    "JournalEntry",
    "LoopbackServer",
]
