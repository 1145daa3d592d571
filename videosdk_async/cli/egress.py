"""``videosdk-async recordings | hls | livestreams``: start and stop egress, list what it left.

Starts and stops are never repeated after an ambiguous failure (exit 1 says the outcome is
unknown): check with ``list`` before starting again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from .._client import AsyncVideoSDK
from .._core._ids import check_id, check_label
from ..models.egress import Composition, RtmpOutput
from ._common import ApiOptions, api_options, call_api, checked, echo_json, echo_json_line, usage
from ._manners import echo_done

Layout = tuple[Composition | None, str | None]


def _layout(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--layout``/``--quality`` (a `Composition`) or ``--template-url``, never both."""
    fn = click.option(
        "--template-url", default=None, help="A custom layout page (not with --layout/--quality)."
    )(fn)
    fn = click.option(
        "--quality", type=click.Choice(["low", "med", "high", "ultra"]), default=None,
        help="Output quality.",
    )(fn)  # fmt: skip
    return click.option(
        "--layout", type=click.Choice(["grid", "spotlight", "sidebar"]), default=None,
        help="Layout.",
    )(fn)  # fmt: skip


def _composed(layout: str | None, quality: str | None, template_url: str | None) -> Layout:
    """The start's ``composition=`` and ``template_url=`` from the options, checked."""
    if template_url is not None:
        if layout is not None or quality is not None:
            usage("give --layout/--quality or --template-url, not both")
        return None, checked(check_label, template_url, "--template-url")
    if layout is None and quality is None:
        return None, None
    return Composition(layout=layout or "grid", quality=quality), None  # type: ignore[arg-type]


def _room(room_id: str) -> str:
    return checked(check_id, room_id, "room_id")


@click.group()
def recordings() -> None:
    """Record rooms; list, show and delete recordings."""


@recordings.command("start")
@click.argument("room_id")
@_layout
@click.option("--webhook-url", default=None, help="Where to post this recording's events.")
@click.option("--dir-path", default=None, help="Storage folder (sent as awsDirPath).")
@api_options
def recordings_start(
    room_id: str,
    layout: str | None,
    quality: str | None,
    template_url: str | None,
    webhook_url: str | None,
    dir_path: str | None,
    api: ApiOptions,
) -> None:
    """Start recording ROOM_ID's live session; print what the API answered."""
    room = _room(room_id)
    composition, template = _composed(layout, quality, template_url)
    url = None if webhook_url is None else checked(check_label, webhook_url, "--webhook-url")
    started = call_api(
        api,
        lambda sdk: sdk.recordings.start(
            room, composition=composition, template_url=template, webhook_url=url,
            dir_path=dir_path,
        ),
    )  # fmt: skip
    echo_json(started.to_dict())


@recordings.command("stop")
@click.argument("room_id")
@api_options
def recordings_stop(room_id: str, api: ApiOptions) -> None:
    """Stop recording ROOM_ID; print what was done and the API's confirmation as JSON."""
    room = _room(room_id)
    done = call_api(api, lambda sdk: sdk.recordings.stop(room))
    echo_done(done, action="recording stop requested", room_id=room)


@recordings.command("list")
@click.option("--room-id", default=None, help="Only this room's recordings.")
@click.option("--session-id", default=None, help="Only this session's recordings.")
@api_options
def recordings_list(room_id: str | None, session_id: str | None, api: ApiOptions) -> None:
    """Print recordings, one JSON line each."""
    room = None if room_id is None else _room(room_id)
    session = None if session_id is None else checked(check_id, session_id, "session_id")

    async def run(sdk: AsyncVideoSDK) -> None:
        async for recording in sdk.recordings.list(room_id=room, session_id=session):
            echo_json_line(recording.to_dict())

    call_api(api, run)


@recordings.command("get")
@click.argument("recording_id")
@api_options
def recordings_get(recording_id: str, api: ApiOptions) -> None:
    """Print the recording RECORDING_ID as JSON."""
    rid = checked(check_id, recording_id, "recording_id")
    echo_json(call_api(api, lambda sdk: sdk.recordings.get(rid)).to_dict())


@recordings.command("delete")
@click.argument("recording_id")
@api_options
def recordings_delete(recording_id: str, api: ApiOptions) -> None:
    """Delete the recording RECORDING_ID; print what was done and the API's confirmation."""
    rid = checked(check_id, recording_id, "recording_id")
    done = call_api(api, lambda sdk: sdk.recordings.delete(rid))
    echo_done(done, action="recording deleted", recording_id=rid)


@click.group()
def hls() -> None:
    """Stream rooms over HLS."""


@hls.command("start")
@click.argument("room_id")
@_layout
@api_options
def hls_start(
    room_id: str,
    layout: str | None,
    quality: str | None,
    template_url: str | None,
    api: ApiOptions,
) -> None:
    """Start streaming ROOM_ID over HLS; print the stream (with its playback URL)."""
    room = _room(room_id)
    composition, template = _composed(layout, quality, template_url)
    stream = call_api(
        api, lambda sdk: sdk.hls.start(room, composition=composition, template_url=template)
    )
    echo_json(stream.to_dict())


@hls.command("stop")
@click.argument("room_id")
@api_options
def hls_stop(room_id: str, api: ApiOptions) -> None:
    """Stop ROOM_ID's HLS stream; print what was done and the API's confirmation as JSON."""
    room = _room(room_id)
    done = call_api(api, lambda sdk: sdk.hls.stop(room))
    echo_done(done, action="hls stop requested", room_id=room)


@hls.command("active")
@click.argument("room_id")
@api_options
def hls_active(room_id: str, api: ApiOptions) -> None:
    """Print ROOM_ID's live HLS stream as JSON (exit 3 if none)."""
    room = _room(room_id)
    echo_json(call_api(api, lambda sdk: sdk.hls.active(room)).to_dict())


@click.group()
def livestreams() -> None:
    """Stream rooms to RTMP destinations."""


@livestreams.command("start")
@click.argument("room_id")
@click.option(
    "--output",
    "outputs",
    multiple=True,
    required=True,
    help="Repeatable: URL=STREAM_KEY, e.g. rtmp://a.rtmp.youtube.com/live2=abcd-1234.",
)
@_layout
@api_options
def livestreams_start(
    room_id: str,
    outputs: tuple[str, ...],
    layout: str | None,
    quality: str | None,
    template_url: str | None,
    api: ApiOptions,
) -> None:
    """Stream ROOM_ID's live session to each --output; print what the API answered."""
    room = _room(room_id)
    composition, template = _composed(layout, quality, template_url)
    targets = []
    for output in outputs:
        url, sep, key = output.rpartition("=")
        if not sep or not url or not key:
            usage(f"--output must be URL=STREAM_KEY, got {output!r}")
        targets.append(RtmpOutput(url=url, stream_key=key))
    started = call_api(
        api,
        lambda sdk: sdk.livestreams.start(
            room, targets, composition=composition, template_url=template
        ),
    )
    echo_json(started.to_dict())


@livestreams.command("stop")
@click.argument("room_id")
@api_options
def livestreams_stop(room_id: str, api: ApiOptions) -> None:
    """Stop ROOM_ID's livestream; print what was done and the API's confirmation as JSON."""
    room = _room(room_id)
    done = call_api(api, lambda sdk: sdk.livestreams.stop(room))
    echo_done(done, action="livestream stop requested", room_id=room)


@livestreams.command("list")
@click.option("--room-id", default=None, help="Only this room's livestreams.")
@api_options
def livestreams_list(room_id: str | None, api: ApiOptions) -> None:
    """Print livestreams, one JSON line each."""
    room = None if room_id is None else _room(room_id)

    async def run(sdk: AsyncVideoSDK) -> None:
        async for stream in sdk.livestreams.list(room_id=room):
            echo_json_line(stream.to_dict())

    call_api(api, run)


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (recordings, hls, livestreams)
