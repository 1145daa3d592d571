"""``python -m videosdk_async.emulator``: serve the emulator on loopback."""

from __future__ import annotations

import argparse
import sys

from ._emulator import DEFAULT_API_KEY, DEFAULT_SECRET, Emulator
from ._server import EmulatorServer


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and serve until interrupted."""
    parser = argparse.ArgumentParser(
        prog="python -m videosdk_async.emulator",
        description="Serve a local emulator of the VideoSDK API (v1 meetings, v2 rooms).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    parser.add_argument("--port", type=int, default=8787, help="port (0: any free port)")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY)
    parser.add_argument("--secret", default=DEFAULT_SECRET)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per request")
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    server = EmulatorServer(
        Emulator(api_key=args.api_key, secret=args.secret, latency=args.latency),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
    )
    server.start()
    print(f"VideoSDK emulator listening on {server.base_url}", flush=True)
    print(f"  VIDEOSDK_API_ENDPOINT={server.base_url}", flush=True)
    print(f"  VIDEOSDK_API_KEY={args.api_key}", flush=True)
    print(f"  VIDEOSDK_SECRET={args.secret}", flush=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
