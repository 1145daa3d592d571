"""``videosdk-async transcription``: realtime transcription of a room's live session.

Transcriptions print as their `to_dict()` (snake_case fields, ISO-8601 times).
"""

from __future__ import annotations

import click

from .._client import AsyncVideoSDK
from .._core._ids import check_id
from ..models.transcription import TranscriptionSummary
from ._common import ApiOptions, api_options, call_api, checked, echo_json, echo_json_line, usage


@click.group()
def transcription() -> None:
    """Start, stop and list realtime transcriptions."""


@transcription.command("start")
@click.argument("room_id")
@click.option("--language", default=None, help="A language hint, e.g. en.")
@click.option("--model-id", default=None, help="The provider's model, e.g. deepgram/nova-2.")
@click.option("--webhook-url", default=None, help="Where to post its events.")
@click.option("--summary", is_flag=True, help="Write a summary when it ends.")
@click.option("--summary-prompt", default=None, help="What the summary should focus on.")
@api_options
def start(
    room_id: str,
    language: str | None,
    model_id: str | None,
    webhook_url: str | None,
    summary: bool,
    summary_prompt: str | None,
    api: ApiOptions,
) -> None:
    """Start transcribing ROOM_ID's live session; print the transcription."""
    room = checked(check_id, room_id, "room_id")
    wanted = None
    if summary or summary_prompt is not None:
        try:
            wanted = TranscriptionSummary(prompt=summary_prompt)
        except ValueError as exc:
            usage(f"--summary-prompt: {exc}")
    for name, value in (("--language", language), ("--model-id", model_id),
                        ("--webhook-url", webhook_url)):  # fmt: skip
        if value is not None and not value.strip():
            usage(f"{name} must not be empty")

    async def run(sdk: AsyncVideoSDK) -> None:
        found = await sdk.transcription.realtime.start(
            room, language=language, model_id=model_id, webhook_url=webhook_url, summary=wanted
        )
        echo_json(found.to_dict())

    call_api(api, run)


@transcription.command("stop")
@click.argument("room_id")
@api_options
def stop(room_id: str, api: ApiOptions) -> None:
    """Stop the transcription running in ROOM_ID; print it (with its file URLs)."""
    room = checked(check_id, room_id, "room_id")
    echo_json(call_api(api, lambda sdk: sdk.transcription.realtime.stop(room)).to_dict())


@transcription.command("list")
@click.option("--status", default=None, help="Only transcriptions with this status.")
@api_options
def list_(status: str | None, api: ApiOptions) -> None:
    """Print realtime transcriptions, one JSON line each."""
    if status is not None and not status.strip():
        usage("--status must not be empty")

    async def run(sdk: AsyncVideoSDK) -> None:
        async for found in sdk.transcription.realtime.list(status=status):
            echo_json_line(found.to_dict())

    call_api(api, run)


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (transcription,)
