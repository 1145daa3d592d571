"""``videosdk-async webhooks``: check a delivery by hand, and print the verification key."""

from __future__ import annotations

import sys
from collections.abc import Awaitable
from pathlib import Path

import click

from .._core._errors import WebhookVerificationError
from ..models.webhooks import WebhookEvent
from ..resources.webhooks import verify_webhook
from ._common import ApiOptions, Failed, api_options, call_api, echo_json, usage


@click.group()
def webhooks() -> None:
    """Verify webhook deliveries; print the webhook public key."""


@webhooks.command("verify")
@click.option("--signature", required=True, help="The videosdk-signature header's value.")
@click.option(
    "--public-key",
    "public_key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A PEM file with the key (default: fetched from the API).",
)
@api_options
def verify(signature: str, public_key: Path | None, api: ApiOptions) -> None:
    """Verify a delivery's raw body, read from standard input; print the event as JSON.

    Pipe the body exactly as received (``< body.json``), not re-serialised JSON. Exit 1 with
    one line when the signature does not check out (the body is never echoed).
    """
    if sys.stdin.isatty():
        usage("pipe the raw body on standard input: webhooks verify --signature SIG < body")
    body = sys.stdin.buffer.read()
    if public_key is None:
        outcome = call_api(api, lambda sdk: _checked(sdk.webhooks.verify(body, signature)))
    else:
        try:
            pem = public_key.read_bytes()
        except OSError as exc:
            usage(f"--public-key cannot be read: {exc.strerror}")
        try:
            outcome = verify_webhook(body, signature, public_key=pem)
        except WebhookVerificationError as exc:
            outcome = exc
    if isinstance(outcome, WebhookVerificationError):
        raise Failed(f"refused: {outcome}")
    echo_json(outcome.to_dict())


async def _checked(
    verifying: Awaitable[WebhookEvent],
) -> WebhookEvent | WebhookVerificationError:
    """The event, or the refusal (kept apart from the API failures `call_api` reports)."""
    try:
        return await verifying
    except WebhookVerificationError as exc:
        return exc


@webhooks.command("public-key")
@api_options
def public_key(api: ApiOptions) -> None:
    """Print the public key (PEM) VideoSDK signs webhooks with."""
    click.echo(call_api(api, lambda sdk: sdk.webhooks.public_key()).rstrip("\n"))


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (webhooks,)
