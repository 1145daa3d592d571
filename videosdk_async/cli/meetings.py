"""``videosdk-async meetings``: the v1 meetings API (create, validate, create-many).

Meetings print in the API's own (camelCase) field names, as ``POST /v1/meetings`` answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .._client import AsyncVideoSDK
from .._core._converter import unstructure
from .._core._ids import check_label, check_meeting_id
from ..models.meetings import Meeting
from . import _batch, _run_input
from ._common import ApiOptions, api_options, call_api, checked, echo_json


async def _create(sdk: AsyncVideoSDK, user_meeting_id: str) -> Meeting:
    return await sdk.meetings.create(user_meeting_id)


def _fields(meeting: Meeting) -> dict[str, Any]:
    fields: dict[str, Any] = unstructure(meeting)
    return fields


async def _find(sdk: AsyncVideoSDK, wanted: set[str]) -> dict[str, list[Any]]:
    """The account's meetings whose userMeetingId is in ``wanted`` (one walk of the list)."""
    found: dict[str, list[Any]] = {}
    async for meeting in sdk.meetings.list(per_page=100):
        if meeting.user_meeting_id in wanted:
            found.setdefault(meeting.user_meeting_id, []).append(meeting)
    return found


#: create-many's meetings: a create is not idempotent, so an unknown outcome is looked up
#: by userMeetingId (``GET /v1/meetings``) before anything is created again.
KIND = _batch.Kind(name="meetings", noun="meeting", create=_create, fields=_fields, find=_find)


@click.group()
def meetings() -> None:
    """Create and validate v1 meetings (v2 rooms: see 'rooms')."""


@meetings.command("create")
@click.option("--user-meeting-id", default=None, help="Your own id for the meeting.")
@api_options
def create(user_meeting_id: str | None, api: ApiOptions) -> None:
    """Create one meeting and print it as JSON."""
    label = (
        None
        if user_meeting_id is None
        else checked(check_label, user_meeting_id, "--user-meeting-id")
    )
    meeting = call_api(api, lambda sdk: sdk.meetings.create(label))
    echo_json(unstructure(meeting))


@meetings.command("validate")
@click.argument("meeting_id")
@api_options
def validate(meeting_id: str, api: ApiOptions) -> None:
    """Check that MEETING_ID exists before joining it; print it as JSON (exit 3 if not)."""
    checked_id = checked(check_meeting_id, meeting_id, "meeting_id")
    meeting = call_api(api, lambda sdk: sdk.meetings.validate(checked_id))
    echo_json(unstructure(meeting))


@meetings.command("create-many")
@_batch.options("userMeetingId", prefix="meeting-<UTC time>-<4 hex>-, new for each run")
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
    """Create many meetings concurrently, journaling each one before and after its request.

    Each id is written to the journal as being sent (and synced to disk) before its request
    and with its result after, so no crash loses track of a meeting. Ctrl-C stops taking new
    ids and lets the requests in flight finish; a second Ctrl-C aborts them. --resume skips
    the ids recorded as created and looks up (GET /v1/meetings, by userMeetingId) the ones
    sent without a known result before creating anything again; the journal records the
    run's --count and --prefix (or --from-file), so --resume FILE alone finishes it.

    Without --prefix each run gets ids of its own (a meeting create is not idempotent, so
    reusing ids across runs would make two meetings per id).
    """
    run = _run_input.resolve(
        "meetings",
        count=count,
        prefix=prefix,
        from_file=from_file,
        resume=resume,
        check=check_label,
        name="user_meeting_id",
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
COMMANDS: tuple[click.Command, ...] = (meetings,)
