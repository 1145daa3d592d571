"""``videosdk-async demo``: a tour of the SDK, offline on the emulator without credentials."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from typing import Any

import click
import jwt

from .._client import AsyncVideoSDK
from .._core._errors import RoomNotFoundError, VideoSDKError
from ._common import EXIT_FAILED, usage


@click.command()
@click.option(
    "--batch",
    default=300,
    show_default=True,
    type=click.IntRange(min=1),
    help="Rooms to batch-create.",
)
def demo(batch: int) -> None:
    """Create, validate, mint a join token, batch-create: offline unless credentials are set.

    Every room has a custom room id (unicorn, demo-0, demo-1...), which the API dedupes: run
    it again, even against your account, and it creates nothing twice.
    """
    sys.exit(asyncio.run(_demo(batch)))


def _demo_sdk() -> tuple[AsyncVideoSDK, str]:
    if os.environ.get("VIDEOSDK_API_KEY") and os.environ.get("VIDEOSDK_SECRET"):
        sdk = AsyncVideoSDK()
        return sdk, f"the real API at {sdk.base_url} (VIDEOSDK_API_KEY is set)"
    try:
        from ..emulator import Emulator
    except ImportError:
        usage("the offline demo needs the emulator extra: pip install 'videosdk-async[emulator]'")
    where = (
        "the in-process emulator (offline; set VIDEOSDK_API_KEY and VIDEOSDK_SECRET "
        "to use the real API)"
    )
    return Emulator().sdk(), where


async def _demo(batch: int) -> int:
    sdk, where = _demo_sdk()
    click.echo(f"videosdk-async demo, using {where}")
    async with sdk:
        room = await sdk.rooms.create(custom_room_id="unicorn")  # the same room on every run
        click.echo(f"\n1. Opened room {room.room_id} (customRoomId=unicorn)")
        created = room.created_at.isoformat() if room.created_at else "?"
        click.echo(f"   id={room.id} created_at={created}")

        same = await sdk.rooms.validate("unicorn")
        click.echo(f"\n2. Validated unicorn: it exists (same room: {same.room_id == room.room_id})")

        try:
            await sdk.rooms.validate("zzzz-zzzz-zzzz")
        except RoomNotFoundError as exc:
            click.echo(f"\n3. Validating zzzz-zzzz-zzzz raised {type(exc).__name__}: {exc}")
        else:
            click.echo("\n3. Unexpectedly, zzzz-zzzz-zzzz exists")

        token = sdk.join_token(room.room_id, participant_id="alice", ttl=600)
        claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
        shown = {k: claims[k] for k in ("roomId", "participantId", "permissions", "version")}
        click.echo(f"\n4. Minted a join token for alice ({len(token)} characters): {shown}")

        failed = await _batch(sdk, batch)
    return EXIT_FAILED if failed else 0


async def _batch(sdk: AsyncVideoSDK, batch: int) -> int:
    click.echo(f"\n5. Opening {batch} rooms (demo-0...) with create_many(concurrency=16)...")
    started = time.perf_counter()
    end = "\r" if sys.stdout.isatty() else "\n"

    def progress(done: int, total: int | None) -> None:
        if done % 100 == 0 or done == total:
            rate = done / (time.perf_counter() - started)
            sys.stdout.write(f"   {done}/{total} done, {rate:,.0f} rooms/s{end}")
            sys.stdout.flush()

    results = await sdk.rooms.create_many(
        [f"demo-{i}" for i in range(batch)], return_exceptions=True, on_progress=progress
    )
    elapsed = time.perf_counter() - started
    failed = sum(isinstance(r, VideoSDKError) for r in results)
    click.echo(f"   {batch - failed} ready, {failed} failed, in {elapsed:.2f} s")
    return failed


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (demo,)
