"""How long the loopback emulator takes to start and stop: a table, and JSON in results/.

    python benchmarks/emulator_lifecycle.py [--times 50]

Every test that talks to the emulator over a real socket pays one start and one stop, so this
is the suite's fixed cost per such test. The baseline, measured in the same run, is the same
number of bare ``socket.bind`` + ``listen`` + ``close`` (what no server can do faster).
"""

from __future__ import annotations

import argparse
import json
import socket
import time
from pathlib import Path

from videosdk_async.emulator import EmulatorServer

RESULTS = Path(__file__).parent / "results" / "emulator_lifecycle.json"


def _bare(times: int) -> float:
    started = time.perf_counter()
    for _ in range(times):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        sock.close()
    return time.perf_counter() - started


def _emulator(times: int) -> tuple[float, float]:
    starts = stops = 0.0
    for _ in range(times):
        began = time.perf_counter()
        server = EmulatorServer().start()
        started = time.perf_counter()
        server.stop()
        starts += started - began
        stops += time.perf_counter() - started
    return starts, stops


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=50)
    times = parser.parse_args().times
    bare = _bare(times)
    starts, stops = _emulator(times)
    rows = {
        "times": times,
        "bare_socket_s": round(bare, 4),
        "emulator_start_s": round(starts, 4),
        "emulator_stop_s": round(stops, 4),
        "emulator_total_s": round(starts + stops, 4),
        "target_total_s": 2.0,
    }
    print(f"{'what':<28}{'seconds for ' + str(times):>18}")
    print(f"{'bare bind/listen/close':<28}{bare:>18.3f}")
    print(f"{'emulator start':<28}{starts:>18.3f}")
    print(f"{'emulator stop':<28}{stops:>18.3f}")
    print(f"{'emulator start + stop':<28}{starts + stops:>18.3f}  (target < 2.0)")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
