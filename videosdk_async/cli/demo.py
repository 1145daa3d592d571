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
from .._core._errors import MeetingNotFoundError, VideoSDKError
from ._common import EXIT_FAILED, usage


@click.command()
@click.option(
    "--batch",
    default=300,
    show_default=True,
    type=click.IntRange(min=1),
    help="Meetings to batch-create.",
)
def demo(batch: int) -> None:
    """Create, validate, mint a join token, batch-create: offline unless credentials are set."""
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
        meeting = await sdk.meetings.create(user_meeting_id="unicorn")
        click.echo(f"\n1. Created meeting {meeting.meeting_id} (userMeetingId=unicorn)")
        click.echo(f"   id={meeting.id} created_at={meeting.created_at.isoformat()}")

        same = await sdk.meetings.validate(meeting.meeting_id)
        click.echo(
            f"\n2. Validated {same.meeting_id}: it exists (same id: {same.id == meeting.id})"
        )

        try:
            await sdk.meetings.validate("zzzz-zzzz-zzzz")
        except MeetingNotFoundError as exc:
            click.echo(f"\n3. Validating zzzz-zzzz-zzzz raised {type(exc).__name__}: {exc}")
        else:
            click.echo("\n3. Unexpectedly, zzzz-zzzz-zzzz exists")

        token = sdk.join_token(meeting.meeting_id, participant_id="alice", ttl=600)
        claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
        shown = {k: claims[k] for k in ("roomId", "participantId", "permissions", "version")}
        click.echo(f"\n4. Minted a join token for alice ({len(token)} characters): {shown}")

        failed = await _batch(sdk, batch)
    return EXIT_FAILED if failed else 0


async def _batch(sdk: AsyncVideoSDK, batch: int) -> int:
    click.echo(f"\n5. Creating {batch} meetings with create_many(concurrency=16)...")
    started = time.perf_counter()
    end = "\r" if sys.stdout.isatty() else "\n"

    def progress(done: int, total: int | None) -> None:
        if done % 100 == 0 or done == total:
            rate = done / (time.perf_counter() - started)
            sys.stdout.write(f"   {done}/{total} done, {rate:,.0f} meetings/s{end}")
            sys.stdout.flush()

    results = await sdk.meetings.create_many(
        [f"demo-{i}" for i in range(batch)], return_exceptions=True, on_progress=progress
    )
    elapsed = time.perf_counter() - started
    failed = sum(isinstance(r, VideoSDKError) for r in results)
    click.echo(f"   {batch - failed} created, {failed} failed, in {elapsed:.2f} s")
    return failed


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (demo,)
