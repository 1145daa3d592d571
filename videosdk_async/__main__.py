"""The ``videosdk-async`` command line (also ``python -m videosdk_async``)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

import jwt

from ._client import AsyncVideoSDK
from ._errors import MeetingNotFoundError, VideoSDKError

DEMO_BATCH = 300


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _demo_sdk() -> tuple[AsyncVideoSDK, str]:
    if os.environ.get("VIDEOSDK_API_KEY") and os.environ.get("VIDEOSDK_SECRET"):
        sdk = AsyncVideoSDK()
        return sdk, f"the real API at {sdk.base_url} (VIDEOSDK_API_KEY is set)"
    try:
        from .emulator import Emulator
    except ImportError:
        raise SystemExit(
            "The offline demo needs the emulator extra: pip install 'videosdk-async[emulator]'"
        ) from None
    where = (
        "the in-process emulator (offline; set VIDEOSDK_API_KEY and VIDEOSDK_SECRET "
        "to use the real API)"
    )
    return Emulator().sdk(), where


async def _demo(batch: int) -> int:
    sdk, where = _demo_sdk()
    _say(f"videosdk-async demo, using {where}")
    async with sdk:
        meeting = await sdk.meetings.create(user_meeting_id="unicorn")
        _say(f"\n1. Created meeting {meeting.meeting_id} (userMeetingId={meeting.user_meeting_id})")
        _say(f"   id={meeting.id} created_at={meeting.created_at.isoformat()}")

        same = await sdk.meetings.validate(meeting.meeting_id)
        _say(f"\n2. Validated {same.meeting_id}: it exists (same id: {same.id == meeting.id})")

        try:
            await sdk.meetings.validate("zzzz-zzzz-zzzz")
        except MeetingNotFoundError as exc:
            _say(f"\n3. Validating zzzz-zzzz-zzzz raised {type(exc).__name__}: {exc}")
        else:
            _say("\n3. Unexpectedly, zzzz-zzzz-zzzz exists")

        token = sdk.join_token(meeting.meeting_id, participant_id="alice", ttl=600)
        claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
        shown = {k: claims[k] for k in ("roomId", "participantId", "permissions", "version")}
        _say(f"\n4. Minted a join token for alice ({len(token)} characters), claims: {shown}")

        _say(f"\n5. Creating {batch} meetings concurrently...")
        started = time.perf_counter()
        done = 0
        failed = 0
        limit = asyncio.Semaphore(16)
        end = "\r" if sys.stdout.isatty() else "\n"

        async def one(i: int) -> None:
            nonlocal done, failed
            async with limit:
                try:
                    await sdk.meetings.create(user_meeting_id=f"demo-{i}")
                except VideoSDKError:
                    failed += 1
                done += 1
                if done % 100 == 0 or done == batch:
                    rate = done / (time.perf_counter() - started)
                    sys.stdout.write(f"   {done}/{batch} done, {rate:,.0f} meetings/s{end}")
                    sys.stdout.flush()

        await asyncio.gather(*(one(i) for i in range(batch)))
        elapsed = time.perf_counter() - started
        _say(f"   {batch - failed} created, {failed} failed, in {elapsed:.2f} s")
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="videosdk-async", description="The asyncio SDK for the VideoSDK.live REST API."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="create, validate, mint a token, batch-create")
    demo.add_argument("--batch", type=int, default=DEMO_BATCH, help="meetings to batch-create")
    args = parser.parse_args(argv)
    result: int = asyncio.run(_demo(args.batch))
    return result


if __name__ == "__main__":
    sys.exit(main())
