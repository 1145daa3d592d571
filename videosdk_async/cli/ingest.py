"""``videosdk-async whip``: what an encoder (OBS, GStreamer, a camera) publishes with."""

from __future__ import annotations

import click

from .._core._ids import check_id
from ._common import ApiOptions, api_options, checked, echo_json, usage


@click.group()
def whip() -> None:
    """WHIP publishing into a room."""


@whip.command()
@click.argument("room_id")
@click.option("--participant-id", default=None, help="The publisher's id (default whip-<uuid>).")
@click.option("--name", default=None, help="The publisher's display name.")
@click.option(
    "--expires-in",
    default=3600.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="The token's lifetime in seconds.",
)
@click.option("--use-existing-peer", is_flag=True, help="Publish as a participant in the room.")
@api_options
def create(
    room_id: str,
    participant_id: str | None,
    name: str | None,
    expires_in: float,
    use_existing_peer: bool,
    api: ApiOptions,
) -> None:
    """Print the WHIP URL and token for ROOM_ID as JSON (made locally: nothing is sent).

    In OBS: Settings > Stream > Service "WHIP"; Server = url, Bearer Token = token. The
    token is a credential: keep it out of shared logs.
    """
    room = checked(check_id, room_id, "ROOM_ID")
    sdk = api.sdk()
    try:
        endpoint = sdk.whip.create(
            room,
            participant_id=participant_id,
            name=name,
            expires_in=expires_in,
            use_existing_peer=use_existing_peer,
        )
    except (TypeError, ValueError) as exc:
        usage(str(exc))
    except RuntimeError:
        usage("a WHIP token is minted with the API key and secret: --api-key and --secret")
    echo_json(endpoint.to_dict())


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (whip,)
