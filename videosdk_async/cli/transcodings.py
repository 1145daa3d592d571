"""``videosdk-async transcodings``: transcoding jobs (merges, HLS to MP4): list, get, cancel.

Jobs print as `Transcoding.to_dict()` (snake_case fields, ISO-8601 times).
"""

from __future__ import annotations

import click

from .._client import AsyncVideoSDK
from .._core._ids import check_id
from ._common import ApiOptions, api_options, call_api, checked, echo_json, echo_json_line


@click.group()
def transcodings() -> None:
    """List, show and cancel transcoding jobs (merges, HLS to MP4)."""


@transcodings.command("list")
@click.option("--room-id", default=None, help="Only this room's jobs.")
@click.option("--session-id", default=None, help="Only this session's jobs.")
@click.option("--status", default=None, help="Only jobs in this status (as the API names it).")
@api_options
def list_(room_id: str | None, session_id: str | None, status: str | None, api: ApiOptions) -> None:
    """Print transcoding jobs, one JSON line each."""
    room = None if room_id is None else checked(check_id, room_id, "--room-id")
    session = None if session_id is None else checked(check_id, session_id, "--session-id")
    state = None if status is None else checked(check_id, status, "--status")

    async def run(sdk: AsyncVideoSDK) -> None:
        async for job in sdk.transcodings.list(room_id=room, session_id=session, status=state):
            echo_json_line(job.to_dict())

    call_api(api, run)


@transcodings.command("get")
@click.argument("transcoding_id")
@api_options
def get(transcoding_id: str, api: ApiOptions) -> None:
    """Print the job TRANSCODING_ID as JSON (exit 3 if there is none)."""
    ident = checked(check_id, transcoding_id, "transcoding_id")
    echo_json(call_api(api, lambda sdk: sdk.transcodings.get(ident)).to_dict())


@transcodings.command("cancel")
@click.argument("transcoding_id")
@api_options
def cancel(transcoding_id: str, api: ApiOptions) -> None:
    """Cancel the job TRANSCODING_ID; print the job as the API answers it."""
    ident = checked(check_id, transcoding_id, "transcoding_id")
    echo_json(call_api(api, lambda sdk: sdk.transcodings.cancel(ident)).to_dict())


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (transcodings,)
