"""Iterating a long list: ``async for room in sdk.rooms.list(per_page=1000)`` against raw
aiohttp fetching the same pages and ``json.loads``-ing them (the floor), over loopback.

    python benchmarks/lists.py [--quick]       # its own table and results/lists.json
    python benchmarks/run.py --only lists      # the same, inside the full report

The server (a separate process, pinned to CPU 0; the client on CPU 1) answers
``GET /v2/rooms?page=N&perPage=1000`` from pages rendered once, in the API's shape (each room
with its owner as ``user{}``, as list answers carry it), so the server's own cost is the same
for both clients and small. For each size (20,000 and 100,000 rooms) each client runs in a
fresh child process: client CPU per item (the median of the rounds, the order of the two
clients alternating) and the child's peak RSS. The SDK's
efficiency is raw's CPU per item over the SDK's, per round, the median.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
RESULTS = HERE / "results"
SIZES = (20_000, 100_000)
PER_PAGE = 1000
ROUNDS = 5
API_KEY = "bench-api-key"
SECRET = "bench-secret-0123456789abcdef0123456789"
#: The targets of the issue "At the limit".
EFFICIENCY_TARGET = 0.70
FLAT_MEMORY_TARGET = 1.1


def peak_rss_kib() -> int:
    """This process's peak RSS in KiB: Linux's VmHWM, which starts afresh at exec (ru_maxrss
    keeps the peak of the process that forked this one, here the whole benchmark run)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _pin(cpu: int) -> None:
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {cpu})


def _room(i: int) -> dict[str, Any]:
    """A room as ``GET /v2/rooms`` lists it: ``user{}``, not create's ``userId`` [DOC]."""
    return {
        "roomId": f"room-{i:06d}",
        "customRoomId": f"custom-{i}",
        "user": {
            "email": "owner@example.com",
            "name": "Owner",
            "discontinuedReason": None,
            "id": "5fa671e77b80d58c11cbca95",
        },
        "disabled": False,
        "createdAt": "2022-01-05T06:41:16.018Z",
        "updatedAt": "2022-01-05T06:41:16.018Z",
        "id": f"61d53d8c964704379e{i:06d}",
        "links": {
            "get_room": f"https://api.videosdk.live/v2/rooms/room-{i:06d}",
            "get_session": f"https://api.videosdk.live/v2/sessions/?roomId=room-{i:06d}",
        },
    }


def serve(total: int) -> None:
    """The page server (run in a child process): prints its URL, serves until killed."""
    from aiohttp import web

    _pin(0)
    last = -(-total // PER_PAGE)
    pages = {
        n: json.dumps(
            {
                "pageInfo": {
                    "currentPage": n,
                    "perPage": PER_PAGE,
                    "lastPage": last,
                    "total": total,
                },
                "data": [_room(i) for i in range((n - 1) * PER_PAGE, min(n * PER_PAGE, total))],
            }
        ).encode()
        for n in range(1, last + 1)
    }

    async def rooms(request: web.Request) -> web.Response:
        page = pages.get(int(request.query.get("page", "1")), b'{"data": []}')
        return web.Response(body=page, content_type="application/json")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/v2/rooms", rooms)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        print(f"http://127.0.0.1:{port}", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


async def _raw(base_url: str, total: int) -> int:
    import aiohttp

    from videosdk_async import generate_token

    headers = {"Authorization": generate_token(API_KEY, SECRET, permissions=["allow_mod"])}
    seen = 0
    async with aiohttp.ClientSession(base_url=base_url) as session:
        for page in range(1, -(-total // PER_PAGE) + 1):
            params = {"page": str(page), "perPage": str(PER_PAGE)}
            async with session.get("/v2/rooms", params=params, headers=headers) as response:
                body = json.loads(await response.read())
            for item in body["data"]:
                seen += item["roomId"] is not None
    return seen


async def _sdk(base_url: str, total: int) -> int:
    import videosdk_async as vs

    seen = 0
    async with vs.AsyncVideoSDK(api_key=API_KEY, secret=SECRET, base_url=base_url) as sdk:
        async for room in sdk.rooms.list(per_page=PER_PAGE):
            seen += room.room_id is not None
    return seen


def child(client: str, base_url: str, total: int) -> None:
    """One measured run (in a fresh child process): prints JSON with CPU and peak RSS."""
    _pin(1)
    import aiohttp  # noqa: F401  (imports are not what is measured)

    import videosdk_async  # noqa: F401

    run = _raw if client == "raw" else _sdk
    gc.collect()
    cpu = time.process_time()
    seen = asyncio.run(run(base_url, total))
    cpu = time.process_time() - cpu
    peak_kib = peak_rss_kib()
    print(
        json.dumps(
            {"items": seen, "cpu_us_per_item": cpu / total * 1e6, "peak_mib": peak_kib / 1024}
        )
    )


def _run_child(client: str, base_url: str, total: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", client, "--url", base_url, "--total", str(total)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    if result["items"] != total:
        raise RuntimeError(f"{client} saw {result['items']} of {total} items")
    return result


def run(quick: bool = False) -> dict[str, Any]:
    """Both clients at each size; the summary the report prints."""
    sizes = (2_000, 10_000) if quick else SIZES
    rounds = 1 if quick else ROUNDS
    out: dict[str, Any] = {"per_page": PER_PAGE, "rounds": rounds, "sizes": {}}
    for total in sizes:
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(total)], stdout=subprocess.PIPE, text=True
        )
        try:
            assert server.stdout is not None
            match = re.search(r"http://127\.0\.0\.1:\d+", server.stdout.readline())
            if match is None:
                raise RuntimeError("the page server did not start")
            base_url = match.group(0)
            runs: dict[str, list[dict[str, Any]]] = {"raw": [], "sdk": []}
            for r in range(rounds):
                for client in ("raw", "sdk") if r % 2 == 0 else ("sdk", "raw"):
                    runs[client].append(_run_child(client, base_url, total))
        finally:
            server.kill()
            server.wait(timeout=10)
        ratios = [
            raw["cpu_us_per_item"] / sdk["cpu_us_per_item"]
            for raw, sdk in zip(runs["raw"], runs["sdk"], strict=True)
        ]
        out["sizes"][str(total)] = {
            name: {
                "cpu_us_per_item": statistics.median(m["cpu_us_per_item"] for m in results),
                "peak_mib": max(m["peak_mib"] for m in results),
            }
            for name, results in runs.items()
        }
        out["sizes"][str(total)]["sdk"]["efficiency"] = statistics.median(ratios)
    return out


def report(result: dict[str, Any]) -> tuple[list[str], list[tuple[str, str, bool]]]:
    """The table's lines and the targets (what, value, met)."""
    lines = [
        f"### List iteration: rooms.list(per_page={result['per_page']}) vs raw aiohttp + "
        "json.loads of the same pages",
        "",
        "| items | client | client CPU us/item | CPU efficiency vs raw | peak RSS MiB |",
        "|---:|---|---:|---:|---:|",
    ]
    targets: list[tuple[str, str, bool]] = []
    sizes = list(result["sizes"])
    for total in sizes:
        row = result["sizes"][total]
        for name in ("raw", "sdk"):
            m = row[name]
            eff = f"{m['efficiency']:.2f}" if "efficiency" in m else ""
            lines.append(
                f"| {int(total):,} | {name} | {m['cpu_us_per_item']:.2f} | {eff} | "
                f"{m['peak_mib']:.1f} |"
            )
        eff = row["sdk"]["efficiency"]
        targets.append(
            (
                f"list iteration >= {EFFICIENCY_TARGET} of raw per item at {int(total):,}",
                f"{eff:.2f}",
                eff >= EFFICIENCY_TARGET,
            )
        )
    small, large = result["sizes"][sizes[0]]["sdk"], result["sizes"][sizes[-1]]["sdk"]
    growth = large["peak_mib"] / small["peak_mib"]
    targets.append(
        (
            f"SDK peak memory at {int(sizes[-1]):,} within {FLAT_MEMORY_TARGET}x of at "
            f"{int(sizes[0]):,}",
            f"{growth:.2f}x",
            growth <= FLAT_MEMORY_TARGET,
        )
    )
    return lines, targets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=["raw", "sdk"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--total", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    if args.child:
        child(args.child, args.url, args.total)
        return
    result = run(args.quick)
    lines, targets = report(result)
    print("\n".join(lines))
    print()
    for what, value, met in targets:
        print(f"{'PASS' if met else 'MISS'}  {what}: {value}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / ("lists-quick.json" if args.quick else "lists.json")).write_text(
        json.dumps(result, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
