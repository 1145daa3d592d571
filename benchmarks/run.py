"""videosdk-async benchmarks: one command, a printed table, JSON in benchmarks/results/.

    python benchmarks/run.py            # the full run (a few minutes)
    python benchmarks/run.py --quick    # smaller counts, for a smoke test
    python benchmarks/run.py --report benchmarks/results/latest.json   # the table again

Every SDK figure sits beside a baseline measured in the same run, so that the noise of a
shared machine hits both:

1. throughput   over loopback against the emulator in its own process (pinned to one core,
                the client to the other): raw aiohttp (semaphore + gather, JSON decoded) and
                the SDK as constructed by default, ``meetings.create()``, at 4, 16, 64 and 256
                in flight; client CPU per request and requests/s (medians of seven rounds,
                the order reversed every other round) and the CPU efficiency (the median of
                each round's raw/SDK ratio). The SDK with ``http_backend="httpx"`` as a
                reference row, the batch path (``meetings.create_many`` at
                ``concurrency`` = the level) beside the single calls, and raw aiohttp
                given the SDK's timeouts (a 30 s read timeout, 15 s connect, the 60 s
                deadline as total): what those cost raw aiohttp itself.
2. latency      the same at 256 in flight against an emulator that waits 50 ms per request.
3. create_many  ``rooms.create_many`` of 10,000 custom room ids vs raw aiohttp posting the
                same bodies at the same concurrency.
4. overhead     SDK create()/validate() vs raw httpx (post + json.loads), both on an
                in-process transport answering a canned response: client CPU per call.
5. memory       peak RSS of create_iter over 20,000 and 200,000 items (in-process emulator).
6. signatures   JWT signatures per 10,000 requests (one per token lifetime).
7. webhooks     ``benchmarks/webhooks.py``'s ``run()``, when that file is there.
8. lists        ``benchmarks/lists.py``: iterating 20,000 and 100,000 rooms by pages of 1,000
                vs raw aiohttp + ``json.loads`` of the same pages (CPU per item, peak RSS).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib.util
import itertools
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import httpx

import videosdk_async as vs
from videosdk_async.emulator import DEFAULT_API_KEY, DEFAULT_SECRET, Emulator

HERE = Path(__file__).parent
RESULTS = HERE / "results"
MEETING = {
    "meetingId": "87i6-bvw8-dtn1",
    "userMeetingId": "unicorn",
    "userId": "5fa671e77b80d58c11cbca95",
    "createdAt": "2022-01-05T06:41:16.018Z",
    "updatedAt": "2022-01-05T06:41:16.018Z",
    "id": "61d53d8c964704379e7d927a",
}
CANNED = json.dumps(MEETING).encode()
LEVELS = (4, 16, 64, 256)
ROUNDS = 3
THROUGHPUT_ROUNDS = 7
#: The default SDK's CPU per request may grow this much from 4 to 256 in flight.
FLATNESS_TARGET = 1.5


def _pin(cpu: int) -> None:
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {cpu})


def _token() -> str:
    return vs.generate_token(
        DEFAULT_API_KEY, DEFAULT_SECRET, permissions=["allow_join", "allow_mod"]
    )


# -- the emulator in its own process -------------------------------------------------------


@contextmanager
def _server(latency: float = 0.0) -> Iterator[str]:
    """``python -m videosdk_async.emulator`` on CPU 0; yields its base URL."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIDEOSDK_")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "videosdk_async.emulator", "--port", "0", "--latency", str(latency)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=lambda: _pin(0),
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
        if match is None:
            raise RuntimeError(f"emulator did not start: {line!r}")
        yield match.group(1)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


async def _gather(
    call: Callable[[int], Awaitable[object]], n: int, in_flight: int
) -> dict[str, float]:
    """``n`` calls, at most ``in_flight`` at once: requests/s and client CPU us per request."""
    limit = asyncio.Semaphore(in_flight)

    async def one(i: int) -> None:
        async with limit:
            await call(i)

    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(n)))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"rps": n / wall, "cpu_us": cpu / n * 1e6}


#: The SDK's default timeouts as aiohttp's (connect, pool, read) and its 60 s deadline: what
#: the "raw aiohttp, the SDK's timeouts" row gives raw aiohttp, to show what they cost.
SDK_TIMEOUTS = aiohttp.ClientTimeout(total=60, connect=15, sock_connect=5, sock_read=30)


async def _raw_aiohttp(
    base_url: str,
    n: int,
    in_flight: int,
    path: str,
    body: Callable[[int], bytes],
    timeout: aiohttp.ClientTimeout | None = None,
) -> dict[str, float]:
    headers = {"Authorization": _token(), "Content-Type": "application/json"}
    connector = aiohttp.TCPConnector(limit=in_flight)
    kwargs: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
    async with aiohttp.ClientSession(base_url=base_url, connector=connector, **kwargs) as session:

        async def call(i: int) -> object:
            async with session.post(path, data=body(i), headers=headers) as response:
                return json.loads(await response.read())

        await _gather(call, max(200, 2 * in_flight), in_flight)  # open the pool, warm up
        return await _gather(call, n, in_flight)


def _sdk(base_url: str, in_flight: int, backend: str | None) -> vs.AsyncVideoSDK:
    kwargs: dict[str, Any] = {} if backend is None else {"http_backend": backend}
    return vs.AsyncVideoSDK(
        api_key=DEFAULT_API_KEY,
        secret=DEFAULT_SECRET,
        base_url=base_url,
        max_connections=max(in_flight, 100),
        **kwargs,
    )


async def _sdk_creates(
    base_url: str, n: int, in_flight: int, backend: str | None
) -> dict[str, Any]:
    async with _sdk(base_url, in_flight, backend) as sdk:

        async def call(i: int) -> object:
            return await sdk.meetings.create(user_meeting_id="x")

        await _gather(call, max(200, 2 * in_flight), in_flight)
        result: dict[str, Any] = await _gather(call, n, in_flight)
        result["transport"] = type(sdk._requester._transport).__name__
        return result


async def _sdk_batch(base_url: str, n: int, in_flight: int) -> dict[str, Any]:
    """``meetings.create_many`` of ``n`` at ``concurrency=in_flight``: the batch path."""
    async with _sdk(base_url, in_flight, None) as sdk:
        await sdk.meetings.create_many(["x"] * max(200, 2 * in_flight), concurrency=in_flight)
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        await sdk.meetings.create_many(["x"] * n, concurrency=in_flight)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"rps": n / wall, "cpu_us": cpu / n * 1e6}


def _rounds(clients: dict[str, Callable[[int], dict[str, Any]]], rounds: int) -> dict[str, Any]:
    """Run every client once per round (the order reversed every other round) and summarise.

    req/s and client CPU per request: the medians of the rounds. CPU efficiency against raw
    aiohttp: the median, over rounds, of raw's CPU per request over the client's in the same
    round; pairing neighbours in time cancels the drift of a shared machine.
    """
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in clients}
    for r in range(rounds):
        order = list(clients) if r % 2 == 0 else list(reversed(clients))
        for name in order:
            runs[name].append(clients[name](r))
    out: dict[str, Any] = {}
    for name, results in runs.items():
        summary = dict(results[0])
        summary["rps"] = statistics.median(m["rps"] for m in results)
        summary["cpu_us"] = statistics.median(m["cpu_us"] for m in results)
        summary["rounds"] = rounds
        if name != RAW:
            ratios = [
                raw["cpu_us"] / m["cpu_us"] for raw, m in zip(runs[RAW], results, strict=True)
            ]
            summary["efficiency"] = statistics.median(ratios)
        out[name] = summary
    return out


def _meeting_body(i: int) -> bytes:
    return b'{"userMeetingId":"x"}'


RAW = "raw aiohttp"
RAW_TIMEOUTS = "raw aiohttp, the SDK's timeouts"
DEFAULT = "SDK default"
STOCK = 'SDK http_backend="httpx"'
BATCH = "SDK default, meetings.create_many"
#: The targets of the issue "At the limit" (single calls and the batch path, every level).
SINGLE_TARGET = 0.90
BATCH_TARGET = 0.85


def bench_throughput(n: int, levels: tuple[int, ...], rounds: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with _server() as base_url:
        _pin(1)
        for level in levels:
            clients: dict[str, Callable[[int], dict[str, Any]]] = {
                RAW: lambda r, c=level: asyncio.run(
                    _raw_aiohttp(base_url, n, c, "/v1/meetings", _meeting_body)
                ),
                RAW_TIMEOUTS: lambda r, c=level: asyncio.run(
                    _raw_aiohttp(base_url, n, c, "/v1/meetings", _meeting_body, SDK_TIMEOUTS)
                ),
                DEFAULT: lambda r, c=level: asyncio.run(_sdk_creates(base_url, n, c, None)),
                STOCK: lambda r, c=level: asyncio.run(_sdk_creates(base_url, n // 4, c, "httpx")),
                BATCH: lambda r, c=level: asyncio.run(_sdk_batch(base_url, n, c)),
            }
            out[str(level)] = _rounds(clients, rounds)
    return out


def bench_latency(n: int, in_flight: int, rounds: int) -> dict[str, Any]:
    with _server(latency=0.05) as base_url:
        _pin(1)
        clients: dict[str, Callable[[int], dict[str, Any]]] = {
            RAW: lambda r: asyncio.run(
                _raw_aiohttp(base_url, n, in_flight, "/v1/meetings", _meeting_body)
            ),
            DEFAULT: lambda r: asyncio.run(_sdk_creates(base_url, n, in_flight, None)),
        }
        return {"in_flight": in_flight, "latency_ms": 50, **_rounds(clients, rounds)}


# -- rooms.create_many ---------------------------------------------------------------------


async def _sdk_create_many(base_url: str, ids: list[str], concurrency: int) -> dict[str, Any]:
    async with _sdk(base_url, concurrency, None) as sdk:
        await sdk.rooms.create_many(
            [f"warm-{i}-{ids[0]}" for i in range(200)], concurrency=concurrency
        )
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        rooms = await sdk.rooms.create_many(ids, concurrency=concurrency)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert len(rooms) == len(ids)
    return {"rps": len(ids) / wall, "cpu_us": cpu / len(ids) * 1e6}


def bench_create_many(count: int, concurrency: int, rounds: int) -> dict[str, Any]:
    def raw(r: int) -> dict[str, Any]:
        ids = [f"raw-{r}-{i}" for i in range(count)]
        body = lambda i: json.dumps({"customRoomId": ids[i]}).encode()  # noqa: E731
        return asyncio.run(_raw_aiohttp(base_url, count, concurrency, "/v2/rooms", body))

    def sdk(r: int) -> dict[str, Any]:
        ids = [f"sdk-{r}-{i}" for i in range(count)]
        return asyncio.run(_sdk_create_many(base_url, ids, concurrency))

    with _server() as base_url:
        _pin(1)
        summary = _rounds({RAW: raw, DEFAULT: sdk}, rounds)
    return {"rooms": count, "concurrency": concurrency, **summary}


# -- client overhead on a canned transport -------------------------------------------------


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
    base = "https://api.videosdk.live"
    headers = {"Authorization": _token()}
    out: dict[str, Any] = {}
    async with (
        httpx.AsyncClient(transport=httpx.MockTransport(_canned), base_url=base) as raw,
        vs.AsyncVideoSDK(
            api_key=DEFAULT_API_KEY, secret=DEFAULT_SECRET, transport=httpx.MockTransport(_canned)
        ) as sdk,
    ):

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
            raws, sdks = [], []
            for _ in range(3):
                raws.append(await _cpu_per_call(raw_call, n))
                sdks.append(await _cpu_per_call(sdk_call, n))
            r, s = min(raws), min(sdks)
            out[name] = {"raw_httpx_us": r * 1e6, "sdk_us": s * 1e6, "ratio": s / r}
    return out


# -- memory of create_iter, signatures, webhooks --------------------------------------------


async def _memory_child(n: int) -> None:
    emulator = Emulator(retain_meetings=False, journal_size=1)
    async with emulator.sdk() as sdk:
        done = 0
        async for _index, _result in sdk.meetings.create_iter(
            itertools.repeat(None, n), concurrency=16
        ):
            done += 1
    assert done == n
    rss_kib = _sibling("lists").peak_rss_kib()
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


async def _signatures(n: int) -> int:
    async with vs.AsyncVideoSDK(
        api_key=DEFAULT_API_KEY, secret=DEFAULT_SECRET, transport=httpx.MockTransport(_canned)
    ) as sdk:
        for _ in range(n):
            await sdk.meetings.validate("87i6-bvw8-dtn1")
        return sdk._requester.auth.signatures


def _sibling(name: str) -> Any:
    """A benchmark module beside this file (``webhooks.py``, ``lists.py``), or None."""
    path = HERE / f"{name}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"videosdk_benchmarks_{name}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bench_lists(quick: bool) -> dict[str, Any] | None:
    module = _sibling("lists")
    return None if module is None else dict(module.run(quick))


def bench_webhooks(quick: bool) -> dict[str, Any] | None:
    module = _sibling("webhooks")
    return None if module is None else dict(module.run(200 if quick else 2000))


# -- report ----------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _report_throughput(t: dict[str, Any], add: Callable[[str], None]) -> None:
    add("### Throughput over loopback (emulator in its own process), meetings.create()")
    add("")
    add("| in flight | client | req/s | client CPU us/req | CPU efficiency vs raw |")
    add("|---:|---|---:|---:|---:|")
    for level, row in t.items():
        for name, m in row.items():
            label = name if name != DEFAULT else f"{DEFAULT} ({m.get('transport', '?')})"
            eff = "" if name == RAW else f"{m['efficiency']:.2f}"
            add(f"| {level} | {label} | {m['rps']:,.0f} | {m['cpu_us']:,.0f} | {eff} |")


def report(results: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    add = lines.append
    targets: list[tuple[str, str, bool]] = []
    t = results.get("throughput")
    if t:
        _report_throughput(t, add)
        for level, row in t.items():
            eff = row[DEFAULT]["efficiency"]
            targets.append(
                (
                    f"single calls >= {SINGLE_TARGET} of raw aiohttp's CPU efficiency at {level}",
                    f"{eff:.2f}",
                    eff >= SINGLE_TARGET,
                )
            )
            if BATCH in row:
                eff = row[BATCH]["efficiency"]
                targets.append(
                    (
                        f"meetings.create_many >= {BATCH_TARGET} of raw at {level}",
                        f"{eff:.2f}",
                        eff >= BATCH_TARGET,
                    )
                )
        levels = sorted(t, key=int)
        low, high = levels[0], levels[-1]
        flat = t[high][DEFAULT]["cpu_us"] / t[low][DEFAULT]["cpu_us"]
        targets.append(
            (
                f"default SDK CPU/req at {high} within {FLATNESS_TARGET}x of at {low}",
                f"{flat:.2f}x",
                flat <= FLATNESS_TARGET,
            )
        )
    lat = results.get("latency")
    if lat:
        add("")
        add(
            f"### {lat['in_flight']} in flight, the emulator adding {lat['latency_ms']} ms per request"
        )
        add("")
        add("| client | req/s | client CPU us/req | CPU efficiency vs raw |")
        add("|---|---:|---:|---:|")
        for name in (RAW, DEFAULT):
            m = lat[name]
            eff = "" if name == RAW else f"{m['efficiency']:.2f}"
            add(f"| {name} | {m['rps']:,.0f} | {m['cpu_us']:,.0f} | {eff} |")
    cm = results.get("create_many")
    if cm:
        add("")
        add(
            f"### rooms.create_many: {cm['rooms']:,} custom room ids, concurrency {cm['concurrency']}"
        )
        add("")
        add("| client | rooms/s | client CPU us/room | CPU efficiency vs raw |")
        add("|---|---:|---:|---:|")
        for name, label in (
            (RAW, "raw aiohttp (semaphore + gather)"),
            (DEFAULT, "SDK default, rooms.create_many"),
        ):
            m = cm[name]
            eff = "" if name == RAW else f"{m['efficiency']:.2f}"
            add(f"| {label} | {m['rps']:,.0f} | {m['cpu_us']:,.0f} | {eff} |")
        eff = cm[DEFAULT]["efficiency"]
        targets.append(
            (
                f"rooms.create_many >= {BATCH_TARGET} of raw at concurrency {cm['concurrency']}",
                f"{eff:.2f}",
                eff >= BATCH_TARGET,
            )
        )
    li = results.get("lists")
    module = _sibling("lists") if li else None
    if li and module is not None:
        list_lines, list_targets = module.report(li)
        add("")
        lines.extend(list_lines)
        targets.extend(list_targets)
    if targets:
        add("")
        add("| target | measured | verdict |")
        add("|---|---|---|")
        for what, measured, ok in targets:
            add(f"| {what} | {measured} | {_verdict(ok)} |")
    o = results.get("overhead")
    if o:
        add("")
        add("### Client CPU per call on a canned in-process transport (httpx path)")
        add("")
        add("| call | raw httpx (us) | SDK (us) | ratio |")
        add("|---|---:|---:|---:|")
        for name, row in o.items():
            add(
                f"| {name} | {row['raw_httpx_us']:.0f} | {row['sdk_us']:.0f} | {row['ratio']:.2f} |"
            )
    m = results.get("memory")
    if m:
        sizes = [k for k in m if k != "ratio"]
        add("")
        add("### Peak RSS of create_iter (in-process emulator)")
        add("")
        add("| items | peak RSS MiB |")
        add("|---:|---:|")
        for k in sizes:
            add(f"| {int(k):,} | {m[k]:.1f} |")
        add("")
        add(
            f"{int(sizes[-1]):,} vs {int(sizes[0]):,} items: {m['ratio']:.3f}x (target within 1.10x): {_verdict(m['ratio'] <= 1.10)}"
        )
    sig = results.get("signatures")
    if sig is not None:
        add("")
        add(
            f"JWT signatures per 10,000 requests: {sig} (target 1 per token lifetime): {_verdict(sig == 1)}"
        )
    w = results.get("webhooks")
    if w:
        add("")
        add("### Webhook verification (benchmarks/webhooks.py)")
        add("")
        add("| body | bytes | SDK us | baseline us | verifies/s | ratio |")
        add("|---|---:|---:|---:|---:|---:|")
        for name, row in w.items():
            add(
                f"| {name} | {row['bytes']:,} | {row['sdk_us']:.1f} | {row['baseline_us']:.1f} | {row['verifies_per_s']:,.0f} | {row['ratio']:.2f} |"
            )
    return lines


SECTIONS = (
    "throughput",
    "latency",
    "create_many",
    "lists",
    "overhead",
    "memory",
    "signatures",
    "webhooks",
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller counts (a smoke test)")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run only these sections")
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
    wanted = args.only or list(SECTIONS)
    if "throughput" in wanted:
        results["throughput"] = bench_throughput(
            300 if quick else 2000, LEVELS, 1 if quick else THROUGHPUT_ROUNDS
        )
    if "latency" in wanted:
        results["latency"] = bench_latency(512 if quick else 2560, 256, 1 if quick else ROUNDS)
    if "create_many" in wanted:
        results["create_many"] = bench_create_many(
            1000 if quick else 10_000, 64, 1 if quick else ROUNDS
        )
    if "lists" in wanted and (lists := bench_lists(quick)) is not None:
        results["lists"] = lists
    if "overhead" in wanted:
        results["overhead"] = asyncio.run(bench_overhead(1000 if quick else 5000))
    if "memory" in wanted:
        results["memory"] = bench_memory([2000, 20000] if quick else [20_000, 200_000])
    if "signatures" in wanted:
        results["signatures"] = asyncio.run(_signatures(10_000))
    if "webhooks" in wanted and (webhooks := bench_webhooks(quick)) is not None:
        results["webhooks"] = webhooks
    lines = report(results)
    print("\n".join(lines))
    results["table"] = lines
    RESULTS.mkdir(exist_ok=True)
    name = "latest-quick.json" if quick else "latest.json"
    if args.only:
        name = name.replace("latest", "partial")
    (RESULTS / name).write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {RESULTS / name}")


if __name__ == "__main__":
    main()
