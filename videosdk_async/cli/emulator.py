"""``videosdk-async emulator``: serve the local emulator in the foreground.

It prints the three ``export`` lines that point the SDK and the command line at it (on
stdout, first, so ``eval`` or a copy and paste in another terminal sets them), then serves
until Ctrl-C. ``python -m videosdk_async.emulator`` is the same server without click.
"""

from __future__ import annotations

import errno
import importlib
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import IO, Any, cast

import click

from .. import _config
from ._common import EXIT_USAGE, BadInput, Failed, usage

#: The fixed development credentials the emulator accepts by default (they protect nothing).
DEFAULT_API_KEY = "emulator-api-key"
DEFAULT_SECRET = "emulator-secret-do-not-use-in-production"

_Scope = MutableMapping[str, Any]
_Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
_Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def export_lines(base_url: str, api_key: str, secret: str) -> list[str]:
    """The shell lines that point ``AsyncVideoSDK()`` and the CLI at an emulator."""
    return [
        f"export {_config.ENV_API_KEY}={shlex.quote(api_key)}",
        f"export {_config.ENV_SECRET}={shlex.quote(secret)}",
        f"export {_config.ENV_ENDPOINT}={shlex.quote(base_url)}",
    ]


def _logged(app: Any) -> Any:
    """``app`` logging each HTTP request (method, path, status, milliseconds) to stderr."""

    async def logging_app(scope: _Scope, receive: _Receive, send: _Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started, status, logged = time.perf_counter(), [0], [False]

        def log() -> None:
            logged[0] = True
            elapsed = (time.perf_counter() - started) * 1000
            path = scope.get("path", "")
            click.echo(f"{scope['method']} {path} -> {status[0]} ({elapsed:.1f} ms)", err=True)

        async def send_logged(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                log()  # before the last byte leaves: a client that has its answer sees the line
            await send(message)

        try:
            await app(scope, receive, send_logged)
        finally:
            if not logged[0]:  # no complete answer (a dropped connection, a crash)
                log()

    return logging_app


def _check_extra() -> None:
    for module in ("starlette", "uvicorn"):
        try:
            importlib.import_module(module)
        except ImportError:
            usage(
                f"the emulator needs the emulator extra ({module} is missing): "
                "pip install 'videosdk-async[emulator]'"
            )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port",
    default=8787,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--api-key", default=DEFAULT_API_KEY, show_default=True, help="The API key it accepts."
)
@click.option("--secret", default=DEFAULT_SECRET, help="The secret it verifies tokens with.")
@click.option(
    "--latency",
    default=0.0,
    type=click.FloatRange(min=0),
    help="Seconds each request waits before being handled.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log each request to stderr.")
@click.option(
    "--background",
    is_flag=True,
    help="Serve from a process of its own: print the export lines and its pid, and return.",
)
@click.option("--detached", is_flag=True, hidden=True)
def emulator(
    host: str,
    port: int,
    api_key: str,
    secret: str,
    latency: float,
    verbose: bool,
    background: bool,
    detached: bool,
) -> None:
    """Serve a local emulator of the VideoSDK API until Ctrl-C.

    It prints three export lines first: run it in one terminal and paste them into another,
    and AsyncVideoSDK() and every videosdk-async command use it. Or, in one line,
    eval "$(videosdk-async emulator --background)"; kill $VIDEOSDK_EMULATOR_PID stops it.
    """
    _check_extra()
    if background:
        if verbose:
            usage("-v logs to the terminal: use it without --background")
        args = ["--host", host, "--port", str(port), "--api-key", api_key, "--secret", secret]
        _background([*args, "--latency", repr(latency)])
        return
    from ..emulator import Emulator, EmulatorServer

    server = EmulatorServer(
        Emulator(api_key=api_key, secret=secret, latency=latency), host=host, port=port
    )
    if verbose:
        server.app = _logged(server.app)
    try:
        server.start()
    except OSError as exc:
        server.stop()
        if exc.errno == errno.EADDRINUSE:
            usage(f"port {port} on {host} is in use: pick another with --port (0: any free port)")
        usage(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    try:
        for line in export_lines(server.base_url, api_key, secret):
            click.echo(line)
        sys.stdout.flush()
        if detached:  # nobody reads our output any more: write nothing else
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.dup2(devnull, sys.stderr.fileno())
        else:
            click.echo(f"# emulator serving on {server.base_url}; Ctrl-C stops it", err=True)
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def _background(args: list[str]) -> None:
    """Start the emulator in a session of its own; print its export lines and pid."""
    command = [sys.executable, "-m", "videosdk_async", "emulator", *args, "--detached"]
    child = subprocess.Popen(  # noqa: S603 (this very program, with checked options)
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # Ctrl-C in the shell that started it does not stop it
    )
    out, err = cast("IO[str]", child.stdout), cast("IO[str]", child.stderr)
    lines = [out.readline() for _ in range(3)]
    if not all(line.startswith("export ") for line in lines):
        child.wait()
        message = err.read().strip().removeprefix("error: ")
        out.close()
        err.close()
        error = BadInput if child.returncode == EXIT_USAGE else Failed
        raise error(message or f"the emulator did not start (exit {child.returncode})")
    out.close()
    err.close()
    for line in lines:
        click.echo(line.rstrip("\n"))
    click.echo(f"export VIDEOSDK_EMULATOR_PID={child.pid}")
    click.echo("# stop it with: kill $VIDEOSDK_EMULATOR_PID")


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (emulator,)
