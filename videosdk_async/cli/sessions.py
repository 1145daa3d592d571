"""``videosdk-async sessions`` and ``participants``: what happens in rooms (v2).

Sessions and participants print as their `to_dict()` (snake_case fields, ISO-8601 times).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import click

from .._client import AsyncVideoSDK
from .._core._ids import check_id
from ._common import (
    ApiOptions,
    api_options,
    call_api,
    checked,
    echo_json,
    echo_json_line,
    usage,
)
from ._manners import echo_done


@click.group()
def sessions() -> None:
    """List, look up and end sessions."""


def _moment(value: str | None, name: str) -> datetime | None:
    """An ISO-8601 time with its offset (``2024-05-01T09:00:00+00:00`` or ``...Z``)."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        usage(f"{name} must be an ISO-8601 time, e.g. 2024-05-01T09:00:00Z")
    if moment.tzinfo is None:
        usage(f"{name} needs a timezone offset (Z or +HH:MM), to not guess one")
    return moment


@sessions.command("list")
@click.option("--room-id", default=None, help="Only this room's sessions (roomId).")
@click.option("--custom-room-id", default=None, help="Only the sessions of this custom room id.")
@click.option("--status", type=click.Choice(["ongoing", "ended"]), default=None, help="Only these.")
@click.option("--since", default=None, help="Only sessions started at or after this ISO time.")
@click.option("--until", default=None, help="Only sessions started at or before this ISO time.")
@api_options
def list_(
    room_id: str | None,
    custom_room_id: str | None,
    status: Literal["ongoing", "ended"] | None,
    since: str | None,
    until: str | None,
    api: ApiOptions,
) -> None:
    """Print sessions, newest first, one JSON line each."""
    room = None if room_id is None else checked(check_id, room_id, "--room-id")
    custom = (
        None if custom_room_id is None else checked(check_id, custom_room_id, "--custom-room-id")
    )
    start, end = _moment(since, "--since"), _moment(until, "--until")

    async def run(sdk: AsyncVideoSDK) -> None:
        found = sdk.sessions.list(
            room_id=room, custom_room_id=custom, status=status, start_date=start, end_date=end
        )
        async for session in found:
            echo_json_line(session.to_dict())

    call_api(api, run)


@sessions.command("get")
@click.argument("session_id")
@api_options
def get(session_id: str, api: ApiOptions) -> None:
    """Print the session SESSION_ID as JSON (exit 3 if there is none)."""
    sid = checked(check_id, session_id, "session_id")
    echo_json(call_api(api, lambda sdk: sdk.sessions.get(sid)).to_dict())


@sessions.command("end")
@click.argument("room_id")
@click.option("--session-id", default=None, help="A specific session of the room.")
@api_options
def end(room_id: str, session_id: str | None, api: ApiOptions) -> None:
    """End the live session of ROOM_ID; print that the end was requested, and the session.

    The API answers with the session as it is at that moment, usually still "ongoing": it
    ends shortly after ('sessions get SESSION_ID' shows its end).
    """
    room = checked(check_id, room_id, "room_id")
    sid = None if session_id is None else checked(check_id, session_id, "--session-id")
    session = call_api(api, lambda sdk: sdk.sessions.end(room, session_id=sid)).to_dict()
    status, ident = session.get("status"), session.get("id")
    still = "" if status in (None, "ended") else f" (the API answered while it was still {status})"
    message = (
        f"the end of session {ident} was requested{still}; "
        f"'sessions get {ident}' shows when it ended"
    )
    echo_json(
        {"action": "session end requested", "room_id": room, "message": message, "session": session}
    )


@click.group()
def participants() -> None:
    """Who is in a room now, and removing them."""


@participants.command("list")
@click.argument("room_id")
@api_options
def participants_list(room_id: str, api: ApiOptions) -> None:
    """Print who is in ROOM_ID's live session now, one JSON line each (none if quiet).

    A room that does not exist is an error (exit 3), not an empty list.
    """
    room = checked(check_id, room_id, "room_id")

    async def run(sdk: AsyncVideoSDK) -> None:
        count = 0
        async for participant in sdk.participants.list(room):
            echo_json_line(participant.to_dict())
            count += 1
        if not count:
            await sdk.rooms.validate(room)  # a quiet room, or none at all (RoomNotFoundError)

    call_api(api, run)


@participants.command("remove")
@click.argument("room_id")
@click.argument("participant_id")
@api_options
def participants_remove(room_id: str, participant_id: str, api: ApiOptions) -> None:
    """Remove PARTICIPANT_ID from ROOM_ID's live session; print what was done as JSON."""
    room = checked(check_id, room_id, "room_id")
    pid = checked(check_id, participant_id, "participant_id")
    done = call_api(api, lambda sdk: sdk.participants.remove(room, pid))
    echo_done(done, action="participant removed", room_id=room, participant_id=pid)


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (sessions, participants)
