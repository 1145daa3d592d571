"""``videosdk-async rooms``: v2 rooms (create, get, validate, list, deactivate, create-many).

Rooms print as `Room.to_dict()` (snake_case fields, ISO-8601 times).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from .._client import AsyncVideoSDK
from .._core._ids import check_id, check_label
from .._core._pagination import MAX_PER_PAGE
from ..models.rooms import Room, RoomWebhook
from . import _batch, _run_input
from ._common import ApiOptions, api_options, call_api, checked, echo_json, echo_json_line, usage


async def _create(sdk: AsyncVideoSDK, custom_room_id: str) -> Room:
    return await sdk.rooms.create(custom_room_id=custom_room_id)


def _fields(room: Room) -> dict[str, Any]:
    return {"room": room.to_dict()}


#: create-many's rooms: the server returns the existing room for a known customRoomId, so
#: re-sending the create is how a resumed run settles an unknown outcome (find=None).
KIND = _batch.Kind(name="rooms", noun="room", create=_create, fields=_fields)


def _webhook(url: str | None, events: tuple[str, ...]) -> RoomWebhook | None:
    if url is None:
        if events:
            usage("--webhook-event needs --webhook-url")
        return None
    checked(check_label, url, "--webhook-url")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        usage("--webhook-url must be an absolute http(s) URL, e.g. https://example.com/hook")
    for event in events:
        checked(check_label, event, "--webhook-event")
    return RoomWebhook(url=url, events=events or ("*",))


@click.group()
def rooms() -> None:
    """Create, look up, list and deactivate v2 rooms."""


@rooms.command("create")
@click.option("--custom-room-id", default=None, help="Your own id for the room (idempotent).")
@click.option("--webhook-url", default=None, help="Where VideoSDK posts the room's events.")
@click.option(
    "--webhook-event",
    "webhook_events",
    multiple=True,
    help="Repeatable event name or wildcard, e.g. participant-joined (default: '*').",
)
@click.option("--geo-fence", default=None, help="The room's region, e.g. us002.")
@api_options
def create(
    custom_room_id: str | None,
    webhook_url: str | None,
    webhook_events: tuple[str, ...],
    geo_fence: str | None,
    api: ApiOptions,
) -> None:
    """Create a room (or get the existing one for a known --custom-room-id); print it as JSON."""
    custom = (
        None if custom_room_id is None else checked(check_id, custom_room_id, "--custom-room-id")
    )
    webhook = _webhook(webhook_url, webhook_events)
    geo = None if geo_fence is None else checked(check_label, geo_fence, "--geo-fence")
    room = call_api(
        api,
        lambda sdk: sdk.rooms.create(custom_room_id=custom, webhook=webhook, geo_fence=geo),
    )
    echo_json(room.to_dict())


@rooms.command("get")
@click.argument("room_id")
@api_options
def get(room_id: str, api: ApiOptions) -> None:
    """Print the room ROOM_ID (a roomId or customRoomId) as JSON (exit 3 if there is none)."""
    checked_id = checked(check_id, room_id, "room_id")
    echo_json(call_api(api, lambda sdk: sdk.rooms.get(checked_id)).to_dict())


@rooms.command("validate")
@click.argument("room_id")
@api_options
def validate(room_id: str, api: ApiOptions) -> None:
    """Check that ROOM_ID exists before joining it; print it as JSON (exit 3 if not)."""
    checked_id = checked(check_id, room_id, "room_id")
    echo_json(call_api(api, lambda sdk: sdk.rooms.validate(checked_id)).to_dict())


@rooms.command("deactivate")
@click.argument("room_id")
@api_options
def deactivate(room_id: str, api: ApiOptions) -> None:
    """Deactivate the room ROOM_ID (a VideoSDK roomId, not a customRoomId); print it."""
    checked_id = checked(check_id, room_id, "room_id")
    echo_json(call_api(api, lambda sdk: sdk.rooms.deactivate(checked_id)).to_dict())


@rooms.command("list")
@click.option("--page", type=click.IntRange(min=1), default=None, help="The page (from 1).")
@click.option(
    "--per-page", type=click.IntRange(1, MAX_PER_PAGE), default=None, help="Rooms per page."
)
@click.option("--query", default=None, help="Only the room with this roomId or customRoomId.")
@click.option(
    "--all", "every", is_flag=True, help="Every room (from --page on), one JSON line each."
)
@api_options
def list_(
    page: int | None, per_page: int | None, query: str | None, every: bool, api: ApiOptions
) -> None:
    """List the account's rooms: one page as JSON, or with --all every room as JSON lines."""
    wanted = None if query is None else checked(check_label, query, "--query")

    async def run(sdk: AsyncVideoSDK) -> None:
        pager = sdk.rooms.list(page=page, per_page=per_page, query=wanted)
        if every:
            async for room in pager:
                echo_json_line(room.to_dict())
            return
        one = await pager
        data = [room.to_dict() for room in one.data]
        echo_json(
            {
                "page": one.page,
                "per_page": one.per_page,
                "last_page": one.last_page,
                "total": one.total,
                "data": data,
            }
        )

    call_api(api, run)


@rooms.command("create-many")
@_batch.options("customRoomId", prefix="room-; running again creates nothing twice")
@api_options
def create_many(
    count: int | None,
    prefix: str | None,
    from_file: Path | None,
    concurrency: int,
    rate: float | None,
    output: Path | None,
    resume: Path | None,
    api: ApiOptions,
) -> None:
    """Create many rooms, one per custom room id, journaling each before and after its request.

    Each id is written to the journal as being sent (and synced to disk) before its request
    and with its result after. Ctrl-C stops taking new ids and lets the requests in flight
    finish; a second Ctrl-C aborts them. --resume skips the ids recorded as created and sends
    the others again: the server returns the existing room for a known customRoomId, so
    nothing is created twice. The journal records the run's --count and --prefix (or
    --from-file), so --resume FILE alone finishes it.
    """
    run = _run_input.resolve(
        "rooms",
        count=count,
        prefix=prefix,
        from_file=from_file,
        resume=resume,
        check=check_id,
        name="custom_room_id",
    )
    _batch.create_many(
        KIND,
        run.ids,
        api=api,
        output=output,
        resume=resume,
        concurrency=concurrency,
        rate=rate,
        inputs=run.record,
    )


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (rooms,)
