"""videosdk-async benchmarks: one command, a printed table, JSON in benchmarks/results/.

    python benchmarks/run.py            # the full run (a few minutes)
    python benchmarks/run.py --quick    # smaller counts, for a smoke test

Every figure is a ratio against a baseline measured in the same run, so that the noise of a
shared machine cancels out:

1. overhead     SDK create()/validate() vs raw httpx (post + json.loads), both on an
                in-process transport answering a canned response: client CPU per call.
2. throughput   over loopback against the emulator in a separate server process (pinned to
                one core, the client to the other): SDK (httpx and aiohttp backends) vs raw
                httpx (semaphore + gather) vs raw aiohttp, at concurrency 1, 16, 64, 256.
3. memory       peak RSS of create_iter over 20,000 and 200,000 items (in-process emulator).
4. import       `import videosdk_async` vs `import httpx` (python -X importtime), and JWT
                signatures per 10,000 requests.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import httpx

import videosdk_async as vs
from videosdk_async.emulator import DEFAULT_API_KEY, DEFAULT_SECRET, Emulator

RESULTS = Path(__file__).parent / "results"
MEETING = {
    "meetingId": "87i6-bvw8-dtn1",
    "userMeetingId": "unicorn",
    "userId": "5fa671e77b80d58c11cbca95",
    "createdAt": "2022-01-05T06:41:16.018Z",
    "updatedAt": "2022-01-05T06:41:16.018Z",
    "id": "61d53d8c964704379e7d927a",
}
CANNED = json.dumps(MEETING).encode()


def _pin(cpu: int) -> None:
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {cpu})


# -- 1. client overhead on a canned transport -------------------------------------------


def _canned(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=CANNED, headers={"content-type": "application/json"})


async def _cpu_per_call(call: Callable[[], Awaitable[object]], n: int) -> float:
    for _ in range(min(200, n)):  # warm up
        await call()
    gc.collect()
    start = time.process_time()
    for _ in range(n):
        await call()
    return (time.process_time() - start) / n


async def bench_overhead(n: int) -> dict[str, Any]:
    token = vs.generate_token(
        DEFAULT_API_KEY, DEFAULT_SECRET, permissions=["allow_join", "allow_mod"]
    )
    base = "https://api.videosdk.live"
    out: dict[str, Any] = {}
    async with (
        httpx.AsyncClient(transport=httpx.MockTransport(_canned), base_url=base) as raw,
        vs.AsyncVideoSDK(
            api_key=DEFAULT_API_KEY,
            secret=DEFAULT_SECRET,
            transport=httpx.MockTransport(_canned),
        ) as sdk,
    ):
        headers = {"Authorization": token}

        async def raw_create() -> object:
            response = await raw.post(
                "/v1/meetings", json={"userMeetingId": "unicorn"}, headers=headers
            )
            return json.loads(response.content)

        async def raw_validate() -> object:
            response = await raw.get("/v1/meetings/87i6-bvw8-dtn1", headers=headers)
            return json.loads(response.content)

        async def sdk_create() -> object:
            return await sdk.meetings.create(user_meeting_id="unicorn")

        async def sdk_validate() -> object:
            return await sdk.meetings.validate("87i6-bvw8-dtn1")

        for name, raw_call, sdk_call in (
            ("create", raw_create, sdk_create),
            ("validate", raw_validate, sdk_validate),
        ):
            # Interleave several rounds so that drift on a shared machine hits both sides.
            raws, sdks = [], []
            for _ in range(3):
                raws.append(await _cpu_per_call(raw_call, n))
                sdks.append(await _cpu_per_call(sdk_call, n))
            r, s = min(raws), min(sdks)
            out[name] = {"raw_httpx_us": r * 1e6, "sdk_us": s * 1e6, "ratio": s / r}
    return out


# -- 2. throughput over loopback ---------------------------------------------------------


class _Server:
    """The emulator as `python -m videosdk_async.emulator` in its own process, on CPU 0."""

    def __enter__(self) -> _Server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VIDEOSDK_")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "videosdk_async.emulator", "--port", "0"],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            preexec_fn=lambda: _pin(0),
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        if match is None:
            raise RuntimeError(f"emulator did not start: {line!r}")
        self.base_url = match.group(1)
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


async def _gather(
    call: Callable[[int], Awaitable[object]], n: int, concurrency: int
) -> dict[str, float]:
    limit = asyncio.Semaphore(concurrency)
    latencies: list[float] = []

    async def one(i: int) -> None:
        async with limit:
            started = time.perf_counter()
            await call(i)
            latencies.append(time.perf_counter() - started)

    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(n)))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    latencies.sort()
    return {
        "rps": n / wall,
        "p50_ms": statistics.median(latencies) * 1e3,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1e3,
        "cpu_us": cpu / n * 1e6,
    }


async def _run_client(kind: str, base_url: str, n: int, concurrency: int) -> dict[str, float]:
    token = vs.generate_token(
        DEFAULT_API_KEY, DEFAULT_SECRET, permissions=["allow_join", "allow_mod"]
    )
    headers = {"Authorization": token, "Content-Type": "application/json"}
    limits = httpx.Limits(
        max_connections=max(concurrency, 1), max_keepalive_connections=max(concurrency, 1)
    )
    if kind == "raw httpx":
        async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:

            async def call(i: int) -> object:
                response = await client.post(
                    "/v1/meetings", content=b'{"userMeetingId":"x"}', headers=headers
                )
                return json.loads(response.content)

            await _gather(call, min(n, 200), concurrency)  # warm the pool
            return await _gather(call, n, concurrency)
    if kind == "raw aiohttp":
        connector = aiohttp.TCPConnector(limit=max(concurrency, 1))
        async with aiohttp.ClientSession(base_url=base_url, connector=connector) as session:

            async def call(i: int) -> object:
                async with session.post(
                    "/v1/meetings", data=b'{"userMeetingId":"x"}', headers=headers
                ) as response:
                    return json.loads(await response.read())

            await _gather(call, min(n, 200), concurrency)
            return await _gather(call, n, concurrency)
    backend = "aiohttp" if "aiohttp" in kind else "httpx"
    async with vs.AsyncVideoSDK(
        api_key=DEFAULT_API_KEY,
        secret=DEFAULT_SECRET,
        base_url=base_url,
        http_backend=backend,  # type: ignore[arg-type]
        max_connections=max(concurrency, 1),
    ) as sdk:
        if "create_many" in kind:
            await sdk.meetings.create_many(["x"] * min(n, 200), concurrency=concurrency)
            cpu, wall = time.process_time(), time.perf_counter()
            await sdk.meetings.create_many(["x"] * n, concurrency=concurrency)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            return {
                "rps": n / wall,
                "p50_ms": float("nan"),
                "p99_ms": float("nan"),
                "cpu_us": cpu / n * 1e6,
            }

        async def call(i: int) -> object:
            return await sdk.meetings.create(user_meeting_id="x")

        await _gather(call, min(n, 200), concurrency)
        return await _gather(call, n, concurrency)


CLIENTS = (
    "raw aiohttp",
    "raw httpx",
    "sdk[aiohttp] create",
    "sdk[aiohttp] create_many",
    "sdk[httpx] create",
    "sdk[httpx] create_many",
)


def bench_throughput(n: int, levels: list[int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with _Server() as server:
        _pin(1)
        for concurrency in levels:
            row: dict[str, Any] = {}
            for kind in CLIENTS:
                count = n if concurrency > 1 else max(200, n // 5)
                row[kind] = asyncio.run(_run_client(kind, server.base_url, count, concurrency))
            out[str(concurrency)] = row
    return out


# -- 3. memory of create_iter ------------------------------------------------------------


async def _memory_child(n: int) -> None:
    emulator = Emulator(retain_meetings=False, journal_size=1)
    async with emulator.sdk() as sdk:
        done = 0
        async for _index, _result in sdk.meetings.create_iter(
            itertools.repeat(None, n), concurrency=16
        ):
            done += 1
    assert done == n
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"items": n, "peak_rss_mib": rss_kib / 1024}))


def bench_memory(sizes: list[int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n in sizes:
        result = subprocess.run(
            [sys.executable, __file__, "--memory-child", str(n)],
            capture_output=True,
            text=True,
            check=True,
        )
        out[str(n)] = json.loads(result.stdout.strip().splitlines()[-1])["peak_rss_mib"]
    small, large = (out[str(n)] for n in sizes)
    out["ratio"] = large / small
    return out


# -- 4. import time and signatures --------------------------------------------------------


def _import_us(module: str) -> float:
    runs = []
    for _ in range(7):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            capture_output=True,
            text=True,
            check=True,
        )
        for line in result.stderr.splitlines():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 3 and parts[2] == module:
                runs.append(float(parts[1]))
    return statistics.median(runs)


async def _signatures(n: int) -> int:
    async with vs.AsyncVideoSDK(
        api_key=DEFAULT_API_KEY, secret=DEFAULT_SECRET, transport=httpx.MockTransport(_canned)
    ) as sdk:
        for _ in range(n):
            await sdk.meetings.validate("87i6-bvw8-dtn1")
        return sdk._auth.signatures


def bench_import() -> dict[str, Any]:
    httpx_us = _import_us("httpx")
    sdk_us = _import_us("videosdk_async")
    return {
        "httpx_ms": httpx_us / 1e3,
        "videosdk_async_ms": sdk_us / 1e3,
        "ratio": sdk_us / httpx_us,
        "jwt_signatures_per_10000_requests": asyncio.run(_signatures(10_000)),
    }


# -- report -------------------------------------------------------------------------------


def _ms(value: float) -> str:
    return "-" if value != value else f"{value:.1f}"  # NaN: not measured for this client


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report(results: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    add = lines.append
    o = results["overhead"]
    add("## 1. Client CPU per call on a canned in-process transport")
    add("| call | raw httpx (us) | SDK (us) | ratio | target <= 1.15 |")
    add("|---|---:|---:|---:|---|")
    for name, row in o.items():
        add(
            f"| {name} | {row['raw_httpx_us']:.0f} | {row['sdk_us']:.0f} | {row['ratio']:.2f} | {_verdict(row['ratio'] <= 1.15)} |"
        )
    t = results["throughput"]
    add("")
    add("## 2. Throughput over loopback (emulator in its own process)")
    add("| concurrency | client | req/s | p50 ms | p99 ms | client CPU us/req |")
    add("|---:|---|---:|---:|---:|---:|")
    for level, row in t.items():
        for kind, m in row.items():
            add(
                f"| {level} | {kind} | {m['rps']:,.0f} | {_ms(m['p50_ms'])} | {_ms(m['p99_ms'])} | {m['cpu_us']:.0f} |"
            )
    ceiling = max(m["rps"] for row in t.values() for m in row.values())
    add(
        f"\nServer ceiling (best of any client, any concurrency): {ceiling:,.0f} req/s. "
        "Where a row sits near it the server, not the client, is the limit; compare client "
        "CPU per request there. Latency columns are per create() call (semaphore + gather); "
        "create_many rows measure throughput and CPU only."
    )
    add("")
    add("| target | measured | verdict |")
    add("|---|---|---|")
    for level in ("16", "64", "256"):
        if level not in t:
            continue
        row = t[level]
        ratio = row["sdk[aiohttp] create_many"]["rps"] / row["raw aiohttp"]["rps"]
        add(
            f"| aiohttp backend >= 0.6x raw aiohttp at {level} | {ratio:.2f}x | {_verdict(ratio >= 0.6)} |"
        )
    if "64" in t:
        row = t["64"]
        ratio = row["sdk[aiohttp] create_many"]["rps"] / row["sdk[httpx] create_many"]["rps"]
        add(
            f"| aiohttp backend >= 5x stock-httpx SDK at 64 | {ratio:.2f}x | {_verdict(ratio >= 5)} |"
        )
    for level, row in t.items():
        ratio = row["sdk[httpx] create_many"]["rps"] / row["raw httpx"]["rps"]
        add(
            f"| stock backend >= 0.95x raw httpx at {level} | {ratio:.2f}x | {_verdict(ratio >= 0.95)} |"
        )
    m = results["memory"]
    sizes = [k for k in m if k != "ratio"]
    add("")
    add("## 3. Peak RSS of create_iter (in-process emulator)")
    add("| items | peak RSS MiB |")
    add("|---:|---:|")
    for k in sizes:
        add(f"| {int(k):,} | {m[k]:.1f} |")
    add(
        f"\n{sizes[-1]} vs {sizes[0]}: {m['ratio']:.3f}x (target within 1.10x): {_verdict(m['ratio'] <= 1.10)}"
    )
    i = results["import"]
    add("")
    add("## 4. Import time and token signatures")
    add(
        f"import httpx: {i['httpx_ms']:.1f} ms; import videosdk_async: {i['videosdk_async_ms']:.1f} ms; "
        f"ratio {i['ratio']:.2f} (target <= 1.3): {_verdict(i['ratio'] <= 1.3)}"
    )
    sig = i["jwt_signatures_per_10000_requests"]
    add(
        f"JWT signatures per 10,000 requests: {sig} (target 1 per token lifetime): {_verdict(sig == 1)}"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller counts (a smoke test)")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=["overhead", "throughput", "memory", "import"])
    parser.add_argument("--report", type=Path, help="print the table of a saved JSON result")
    args = parser.parse_args()
    if args.report:
        print("\n".join(report(json.loads(args.report.read_text()))))
        return
    if args.memory_child:
        asyncio.run(_memory_child(args.memory_child))
        return
    quick = args.quick
    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "httpx": httpx.__version__,
            "aiohttp": aiohttp.__version__,
            "videosdk_async": vs.__version__,
        },
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": quick,
    }
    wanted = [args.only] if args.only else ["overhead", "throughput", "memory", "import"]
    if "overhead" in wanted:
        results["overhead"] = asyncio.run(bench_overhead(1000 if quick else 5000))
    if "throughput" in wanted:
        results["throughput"] = bench_throughput(500 if quick else 3000, [1, 16, 64, 256])
    if "memory" in wanted:
        results["memory"] = bench_memory([2000, 20000] if quick else [20_000, 200_000])
    if "import" in wanted:
        results["import"] = bench_import()
    if args.only is None:
        lines = report(results)
        print("\n".join(lines))
        results["table"] = lines
    else:
        print(json.dumps(results[args.only], indent=2))
    RESULTS.mkdir(exist_ok=True)
    name = "latest-quick.json" if quick else "latest.json"
    (RESULTS / name).write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {RESULTS / name}")


if __name__ == "__main__":
    main()
