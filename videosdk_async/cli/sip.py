"""``videosdk-async sip calls``: place, list and end SIP phone calls.

Calls print as their `to_dict()` (snake_case fields, ``"from"`` for the caller, ISO-8601
times). A create is never repeated: if its answer is lost, the error says the outcome is
unknown; look with ``sip calls list`` before dialing again.
"""

from __future__ import annotations

import click

from .._client import AsyncVideoSDK
from .._core._ids import check_id, check_label
from ..models.sip import SipCall
from ._common import ApiOptions, api_options, call_api, checked, echo_json, echo_json_line


@click.group()
def sip() -> None:
    """SIP telephony: phone calls into and out of rooms."""


@sip.group()
def calls() -> None:
    """Place, list and end SIP calls."""


@calls.command("create")
@click.option("--to", "call_to", required=True, help="The number to call (E.164, +14155550100).")
@click.option("--from", "call_from", default=None, help="A provisioned number to call from.")
@click.option("--room-id", default=None, help="The room the callee joins.")
@click.option("--gateway-id", default=None, help="An outbound trunk to call through.")
@api_options
def create(
    call_to: str,
    call_from: str | None,
    room_id: str | None,
    gateway_id: str | None,
    api: ApiOptions,
) -> None:
    """Place a call; print it as the API answers it (sent once, never repeated)."""
    to = checked(check_label, call_to, "--to")
    caller = None if call_from is None else checked(check_label, call_from, "--from")
    room = None if room_id is None else checked(check_id, room_id, "--room-id")
    gateway = None if gateway_id is None else checked(check_id, gateway_id, "--gateway-id")

    async def run(sdk: AsyncVideoSDK) -> SipCall:
        return await sdk.sip.calls.create(
            call_to=to, call_from=caller, room_id=room, gateway_id=gateway
        )

    echo_json(call_api(api, run).to_dict())


@calls.command("list")
@click.option("--room-id", default=None, help="Only the calls of this room.")
@api_options
def list_(room_id: str | None, api: ApiOptions) -> None:
    """Print calls, newest first, one JSON line each."""
    room = None if room_id is None else checked(check_id, room_id, "--room-id")

    async def run(sdk: AsyncVideoSDK) -> None:
        async for call in sdk.sip.calls.list(room_id=room):
            echo_json_line(call.to_dict())

    call_api(api, run)


@calls.command("end")
@click.argument("call_id")
@api_options
def end(call_id: str, api: ApiOptions) -> None:
    """Hang up CALL_ID; print the call as the API answers it (sent once)."""
    cid = checked(check_id, call_id, "call_id")
    echo_json(call_api(api, lambda sdk: sdk.sip.calls.end(cid)).to_dict())


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (sip,)
