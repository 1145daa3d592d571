"""``videosdk-async token``: mint a VideoSDK token locally (nothing is sent anywhere)."""

from __future__ import annotations

from typing import Any

import click
import jwt

from .._core._auth import generate_token
from .._core._ids import check_id, check_label
from ._common import ApiOptions, checked, credential_options, echo_json, usage


@click.command()
@click.option("--meeting-id", default=None, help="Restrict the token to this room / meeting.")
@click.option("--participant-id", default=None, help="Bind the token to this participant.")
@click.option(
    "--permission",
    "permissions",
    multiple=True,
    type=click.Choice(["allow_join", "allow_mod", "ask_join"]),
    help="Repeatable; default allow_join (allow_join + allow_mod with --management).",
)
@click.option("--role", "roles", multiple=True, type=click.Choice(["crawler", "rtc"]))
@click.option(
    "--ttl",
    default=3600.0,
    show_default=True,
    type=click.FloatRange(min=0, min_open=True),
    help="Lifetime in seconds.",
)
@click.option("--management", is_flag=True, help="A server-side token for the REST API.")
@credential_options
def token(
    meeting_id: str | None,
    participant_id: str | None,
    permissions: tuple[str, ...],
    roles: tuple[str, ...],
    ttl: float,
    management: bool,
    api: ApiOptions,
) -> None:
    """Mint a join token for your front end (or a --management token); print it as JSON.

    Signed with the API key and secret (--api-key/--secret or VIDEOSDK_API_KEY and
    VIDEOSDK_SECRET); nothing is sent over the network.
    """
    room = None if meeting_id is None else checked(check_id, meeting_id, "--meeting-id")
    participant = (
        None if participant_id is None else checked(check_label, participant_id, "--participant-id")
    )
    api_key, secret = api.credentials()
    if not permissions:
        permissions = ("allow_join", "allow_mod") if management else ("allow_join",)
    try:
        minted = generate_token(
            api_key,
            secret,
            permissions=permissions,  # type: ignore[arg-type]
            ttl=ttl,
            room_id=room,
            participant_id=participant,
            roles=roles or None,  # type: ignore[arg-type]
        )
    except (TypeError, ValueError) as exc:
        usage(str(exc))
    claims: dict[str, Any] = jwt.decode(minted, options={"verify_signature": False})
    echo_json({"token": minted, "claims": claims})


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (token,)
