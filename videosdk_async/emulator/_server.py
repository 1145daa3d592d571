"""Serving ASGI apps on a loopback port from a thread: `LoopbackServer`, `EmulatorServer`."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from types import TracebackType
from typing import Any, Final, Self

import uvicorn
from starlette.requests import Request

from ._emulator import Emulator

#: How long `LoopbackServer.stop` lets requests in progress finish before cancelling them.
SHUTDOWN_GRACE: Final = 2.0


async def _shutdown(server: uvicorn.Server) -> None:
    """uvicorn's shutdown without its fixed 0.1 s waits: close, let requests end, cancel."""
    for listener in server.servers:
        listener.close()
    for connection in list(server.server_state.connections):
        connection.shutdown()  # idle ones close now; busy ones after their answer
    loop = asyncio.get_running_loop()
    ends = loop.time() + SHUTDOWN_GRACE
    state = server.server_state
    # uvicorn signals no event when its connections are gone: poll, finely.
    while (state.connections or state.tasks) and loop.time() < ends:  # noqa: ASYNC110
        await asyncio.sleep(0.001)
    for task in list(state.tasks):
        task.cancel()
    for listener in server.servers:
        await listener.wait_closed()
    await server.lifespan.shutdown()


class LoopbackServer:
    """Serve any ASGI app with uvicorn on 127.0.0.1, from a background thread.

    Use as a context manager (or `start` / `stop`). ``port=0`` lets the OS pick a free port.

    Args:
        app: The ASGI application.
        host: The address to bind; loopback by default.
        port: The port; 0 picks a free one.
        log_level: uvicorn's log level.
        lifespan: uvicorn's lifespan setting (``"on"`` runs the app's startup/shutdown).
    """

    def __init__(
        self,
        app: Any,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        log_level: str = "critical",
        lifespan: str = "off",
    ) -> None:
        self.app = app
        self.host = host
        self._port = port
        self._log_level = log_level
        self._lifespan = lifespan
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None

    @property
    def port(self) -> int:
        """The port it listens on (known once started)."""
        if self._socket is None:
            raise RuntimeError("the server is not started")
        return int(self._socket.getsockname()[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``: pass it as ``AsyncVideoSDK(base_url=...)``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> Self:
        """Bind, start serving, and return once the server accepts connections."""
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says
        # TCP, and without it Nagle plus the client's delayed ACK adds ~40 ms per answer.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self._port))
            sock.listen(2048)
        except OSError:
            sock.close()  # a busy or forbidden port: no socket left open
            raise
        sock.setblocking(False)
        self._socket = sock
        config = uvicorn.Config(
            self.app,
            log_level=self._log_level,
            lifespan=self._lifespan,  # type: ignore[arg-type]
            access_log=False,
            timeout_keep_alive=30,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=asyncio.run,
            args=(self._serve(self._server, sock),),
            name=f"loopback-server:{self.port}",
            daemon=True,
        )
        self._thread.start()
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the emulator server failed to start")
            threading.Event().wait(0.005)
        return self

    async def _serve(self, server: uvicorn.Server, sock: socket.socket) -> None:
        """uvicorn's startup, then wait for `stop` (no polling tick), then `_shutdown`."""
        if not server.config.loaded:
            server.config.load()
        server.lifespan = server.config.lifespan_class(server.config)
        self._stopping = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        await server.startup(sockets=[sock])
        try:
            await self._stopping.wait()
        finally:
            await _shutdown(server)

    def wait(self) -> None:
        """Block until the server stops (it runs until `stop` or an interrupt)."""
        if self._thread is not None:
            self._thread.join()

    def stop(self) -> None:
        """Stop serving and wait for the thread to end (idempotent); at once, with no tick.

        Requests in progress get up to `SHUTDOWN_GRACE` seconds to finish; idle keep-alive
        connections are closed.
        """
        loop, stopping = self._loop, self._stopping
        if loop is not None and stopping is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: it is ending
                loop.call_soon_threadsafe(stopping.set)
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class EmulatorServer(LoopbackServer):
    """Serve an `Emulator` over real sockets on 127.0.0.1, from a background thread.

    A ``drop`` fault closes the request's real connection here.

    Args:
        emulator: The emulator to serve (default: a new one).
        host: The address to bind; loopback by default.
        port: The port; 0 picks a free one.
        log_level: uvicorn's log level.
    """

    def __init__(
        self,
        emulator: Emulator | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        log_level: str = "critical",
    ) -> None:
        self.emulator = (emulator or Emulator()).with_dropper(self._drop)
        super().__init__(self.emulator.app, host=host, port=port, log_level=log_level)

    def stop(self) -> None:
        """Stop serving, and the emulator's webhook deliveries (idempotent)."""
        super().stop()
        self.emulator.close()

    def sdk_kwargs(self) -> dict[str, Any]:
        """The keyword arguments an `AsyncVideoSDK` needs to talk to this server."""
        return {
            "api_key": self.emulator.api_key,
            "secret": self.emulator.secret,
            "base_url": self.base_url,
        }

    async def _drop(self, request: Request) -> None:
        server = self._server
        client = request.scope.get("client")
        if server is None or client is None:
            return
        for connection in list(server.server_state.connections):
            if getattr(connection, "client", None) == tuple(client):
                connection.transport.close()
        for _ in range(3):  # let connection_lost run, so the server discards our answer
            await asyncio.sleep(0)
