"""A chat-bot style loop that opens and checks rooms, one command per line of input.

Run it (offline, on the in-process emulator, unless VIDEOSDK_API_KEY and VIDEOSDK_SECRET are
set):

    pip install -e '.[examples]'
    python examples/bot.py
    > /meet standup
    > /check standup
    > /quit

``/meet <name>`` opens the v2 room whose custom room id is ``name``: the API returns the
existing room for a known custom id, so meeting the same name again (in this run or the next)
creates nothing twice. ``/check`` takes a room id or a name. Every error becomes a friendly
reply; the bot never dies on a bad command or a failed call.
"""

from __future__ import annotations

import asyncio
import os
import sys

import videosdk_async as vs

HELP = "commands: /meet <name>, /check <roomId or name>, /quit"


def make_sdk() -> vs.AsyncVideoSDK:
    """The real API when credentials are set, else the in-process emulator."""
    if os.environ.get("VIDEOSDK_API_KEY") and os.environ.get("VIDEOSDK_SECRET"):
        return vs.AsyncVideoSDK()
    from videosdk_async.emulator import Emulator

    return Emulator().sdk()


async def handle(sdk: vs.AsyncVideoSDK, line: str) -> str | None:
    """The reply to one line of input (None: time to quit)."""
    command, _, argument = line.strip().partition(" ")
    argument = argument.strip()
    if command == "/quit":
        return None
    if command == "/meet":
        if not argument:
            return "usage: /meet <name>"
        try:
            room = await sdk.rooms.create(custom_room_id=argument)  # the same room every time
        except vs.InvalidArgumentError:
            return "that name is too long or has odd characters; try a shorter one"
        token = sdk.join_token(room.room_id, participant_id="bot-user")
        return f"room {room.room_id} for {argument!r} is ready; join token: {token}"
    if command == "/check":
        try:
            room = await sdk.rooms.validate(argument)
        except vs.InvalidArgumentError:
            return f"{argument!r} does not look like a room id or name (like 87i6-bvw8-dtn1)"
        except vs.RoomNotFoundError:
            return f"there is no room {argument}"
        when = f" (created {room.created_at:%Y-%m-%d %H:%M} UTC)" if room.created_at else ""
        return f"room {room.room_id} exists{when}"
    return f"sorry, I don't know {command!r}; {HELP}"


async def main() -> int:
    print(f"bot ready; {HELP}", flush=True)
    async with make_sdk() as sdk:
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:  # end of input
                break
            if not line.strip():
                continue
            try:
                reply = await handle(sdk, line)
            except vs.RateLimitError as exc:
                reply = f"the video service is busy; try again in {exc.retry_after or 1:.0f} s"
            except vs.VideoSDKError as exc:
                maybe = " (it may have been created anyway)" if exc.outcome_unknown else ""
                reply = f"the video service failed{maybe}; please try again"
            if reply is None:
                print("bye", flush=True)
                break
            print(reply, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
