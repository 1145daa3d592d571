"""Open a room per row of a CSV of class names, and write a CSV of results.

Run it (offline, on the in-process emulator, unless VIDEOSDK_API_KEY and VIDEOSDK_SECRET are
set):

    pip install -e '.[examples]'
    python examples/batch_from_csv.py classes.csv results.csv

The input has a ``name`` column; each name is the custom room id of a v2 room. The API
returns the existing room for a known custom id, so running it again (to finish the rows that
failed, say) creates nothing twice and gives every row the same room. The output has
``name,roomId,error`` for every input row, in input order, even when some rows fail (those have
an empty ``roomId`` and the error). The exit status is 1 when any row failed.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import sys
from pathlib import Path

import videosdk_async as vs


def make_sdk() -> vs.AsyncVideoSDK:
    """The real API when credentials are set, else the in-process emulator."""
    if os.environ.get("VIDEOSDK_API_KEY") and os.environ.get("VIDEOSDK_SECRET"):
        return vs.AsyncVideoSDK()
    from videosdk_async.emulator import Emulator

    return Emulator().sdk()


def read_names(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as source:
        return [row["name"].strip() for row in csv.DictReader(source)]


def _progress(done: int, total: int | None) -> None:
    print(f"\r{done}/{total}", end="", file=sys.stderr)


async def create_all(names: list[str], *, concurrency: int) -> list[vs.Room | vs.VideoSDKError]:
    async with make_sdk() as sdk:
        return await sdk.rooms.create_many(
            names,
            concurrency=concurrency,
            return_exceptions=True,  # one bad row must not lose the others' results
            on_progress=_progress if sys.stderr.isatty() else None,
        )


def write_results(path: Path, names: list[str], results: list[vs.Room | vs.VideoSDKError]) -> int:
    failed = 0
    with path.open("w", newline="", encoding="utf-8") as sink:
        writer = csv.writer(sink)
        writer.writerow(["name", "roomId", "error"])
        for name, result in zip(names, results, strict=True):
            if isinstance(result, vs.Room):
                writer.writerow([name, result.room_id, ""])
            else:
                failed += 1
                writer.writerow([name, "", f"{type(result).__name__}: {result}"])
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("classes", type=Path, help="CSV with a 'name' column")
    parser.add_argument("results", type=Path, help="CSV to write: name,roomId,error")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    names = read_names(args.classes)
    try:
        results = asyncio.run(create_all(names, concurrency=args.concurrency))
    except vs.InvalidArgumentError as exc:  # a name the API would not take, caught first
        print(f"bad input: {exc}", file=sys.stderr)
        return 2
    failed = write_results(args.results, names, results)
    print(f"{len(names) - failed} ready, {failed} failed -> {args.results}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
