"""Client CPU work as instructions counted by valgrind's callgrind: a measure the machine's
noise barely moves.

    python benchmarks/instructions.py        # needs valgrind; prints a table, writes JSON

On a shared machine the timed ratios of ``run.py`` drift by 0.05-0.1 between runs. The
instructions a client executes per request move by about 1% (the hash seed is fixed; what is
left is the memory layout): each client runs twice under callgrind against the same server
(not under callgrind), for a small and a large number of requests, and the difference divided
by the extra requests is its work per request, start-up and warm-up excluded. Under callgrind a
client runs some fifty times slower, so the server is always ahead of it: every read finds
its data waiting, as on a fast network.

Clients: ``meetings.create()`` at 64 in flight (raw aiohttp, raw aiohttp given the SDK's
timeouts, the SDK as constructed by default), and iterating rooms by pages of 1,000 (raw
aiohttp + ``json.loads``, the SDK's ``async for``).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import lists  # this folder is on sys.path[0]
import run

HERE = Path(__file__).parent
RESULTS = HERE / "results"
LEVEL = 64
#: (small, large) request counts; the warm-up of max(200, 2 * LEVEL) precedes each.
REQUESTS = (100, 1100)
#: (small, large) list sizes, in rooms.
ITEMS = (2_000, 12_000)
CLIENTS = {
    "raw aiohttp": "raw",
    "raw aiohttp, the SDK's timeouts": "raw-timeouts",
    "SDK default": "sdk",
}


def child(client: str, url: str, count: int) -> None:
    """One client's run (under callgrind): ``count`` creates, or a list of ``count`` rooms."""
    if client == "list-raw":
        asyncio.run(lists._raw(url, count))
    elif client == "list-sdk":
        asyncio.run(lists._sdk(url, count))
    elif client == "sdk":
        asyncio.run(run._sdk_creates(url, count, LEVEL, None))
    else:
        timeout = run.SDK_TIMEOUTS if client == "raw-timeouts" else None
        body = run._meeting_body
        asyncio.run(run._raw_aiohttp(url, count, LEVEL, "/v1/meetings", body, timeout))


def _instructions(client: str, url: str, count: int) -> int:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--child",
            client,
            url,
            str(count),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"{client} failed under callgrind:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def _per_unit(
    pool: ThreadPoolExecutor, client: str, urls: tuple[str, str], counts: tuple[int, int]
) -> Any:
    """Instructions per unit (to call for): the large run's over the small one's, per extra
    request or room."""
    small, large = (
        pool.submit(_instructions, client, u, n) for u, n in zip(urls, counts, strict=True)
    )
    return lambda: (large.result() - small.result()) / (counts[1] - counts[0])


@contextmanager
def _page_servers() -> Iterator[tuple[str, str]]:
    """``lists.py``'s page server for each of `ITEMS` (a list ends at its server's end)."""
    servers = [
        subprocess.Popen(
            [sys.executable, lists.__file__, "--serve", str(n)], stdout=subprocess.PIPE, text=True
        )
        for n in ITEMS
    ]
    try:
        small, large = (s.stdout.readline().strip() for s in servers if s.stdout is not None)
        yield small, large
    finally:
        for server in servers:
            server.kill()
            server.wait(timeout=10)
            if server.stdout is not None:
                server.stdout.close()


def measure() -> dict[str, Any]:
    """Instructions per request and per listed room."""
    out: dict[str, Any] = {"level": LEVEL}
    with (
        ThreadPoolExecutor(os.cpu_count() or 2) as pool,
        run._server() as url,
        _page_servers() as pages,
    ):
        pending = {
            name: _per_unit(pool, client, (url, url), REQUESTS) for name, client in CLIENTS.items()
        }
        listed = {
            name: _per_unit(pool, client, pages, ITEMS)
            for name, client in (("raw", "list-raw"), ("sdk", "list-sdk"))
        }
        out["requests"] = {name: result() for name, result in pending.items()}
        out["lists"] = {name: result() for name, result in listed.items()}
    return out


def report(result: dict[str, Any]) -> list[str]:
    """The table's lines."""
    raw = result["requests"]["raw aiohttp"]
    lines = [
        f"### Instructions per request (callgrind), meetings.create() at {result['level']} in "
        "flight",
        "",
        "| client | instructions/request | raw aiohttp's over the client's |",
        "|---|---:|---:|",
    ]
    for name, value in result["requests"].items():
        ratio = "" if name == "raw aiohttp" else f"{raw / value:.3f}"
        lines.append(f"| {name} | {value:,.0f} | {ratio} |")
    listed = result["lists"]
    lines += [
        "",
        "| list iteration (rooms, pages of 1,000) | instructions/item | raw's over the SDK's |",
        "|---|---:|---:|",
        f"| raw aiohttp + json.loads | {listed['raw']:,.0f} | |",
        f"| SDK async for | {listed['sdk']:,.0f} | {listed['raw'] / listed['sdk']:.3f} |",
    ]
    return lines


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing measured")
        return
    result = measure()
    print("\n".join(report(result)))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "instructions.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
