"""``videosdk-async tokens``: check tokens locally (nothing is sent anywhere)."""

from __future__ import annotations

import sys

import click

from .. import _config
from .._core._errors import InvalidTokenError
from .._core._verify import verify_token
from ._common import Failed, echo_json, global_option, usage


@click.group()
def tokens() -> None:
    """Check VideoSDK tokens with your API secret."""


@tokens.command()
@click.option(
    "--secret",
    default=None,
    help=f"Your API secret (default: ${_config.ENV_SECRET}; the environment keeps it out of "
    "the process list).",
)
def verify(secret: str | None) -> None:
    """Verify the token on standard input; print its claims as JSON.

    HS256 only; the signature, ``exp`` and ``nbf`` are checked. Exit 1 with one ``error:``
    line saying why a token is refused (the token is never echoed).
    """
    key = secret or global_option("secret") or _config.env(_config.ENV_SECRET)
    if not key:
        usage(f"verifying a token needs the API secret: --secret or {_config.ENV_SECRET}")
    if sys.stdin.isatty():
        usage("pipe the token on standard input: tokens verify < token.txt")
    token = sys.stdin.read().strip()
    if not token:
        usage("no token on standard input")
    try:
        claims = verify_token(token, key)
    except InvalidTokenError as exc:
        raise Failed(f"refused: {exc}") from None
    echo_json(claims)


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (tokens,)
