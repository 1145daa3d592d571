"""``videosdk-async incidents``: what alert rules raised, acknowledged and resolved.

Incidents print as their `to_dict()` (snake_case fields, ISO-8601 times).
"""

from __future__ import annotations

from typing import Literal

import click

from .._client import AsyncVideoSDK
from .._core._ids import check_id, check_label
from ._common import ApiOptions, api_options, call_api, checked, echo_json, echo_json_line


@click.group()
def incidents() -> None:
    """List, acknowledge and resolve the incidents alert rules raised."""


@incidents.command("list")
@click.option(
    "--status",
    type=click.Choice(["open", "acknowledged", "resolved"]),
    default=None,
    help="Only these.",
)
@click.option(
    "--severity",
    type=click.Choice(["info", "warning", "critical"]),
    default=None,
    help="Only these.",
)
@click.option(
    "--domain",
    type=click.Choice(["rtc", "agent"]),
    default=None,
    help="rtc (the API's default) or agent.",
)
@click.option("--metric-category", default=None, help="Only this metric category's.")
@click.option("--query", default=None, help="Free-text search.")
@api_options
def list_(
    status: Literal["open", "acknowledged", "resolved"] | None,
    severity: Literal["info", "warning", "critical"] | None,
    domain: Literal["rtc", "agent"] | None,
    metric_category: str | None,
    query: str | None,
    api: ApiOptions,
) -> None:
    """Print incidents, one JSON line each."""
    category = (
        None
        if metric_category is None
        else checked(check_label, metric_category, "--metric-category")
    )
    text = None if query is None else checked(check_label, query, "--query")

    async def run(sdk: AsyncVideoSDK) -> None:
        found = sdk.incidents.list(
            status=status, severity=severity, domain=domain, metric_category=category, query=text
        )
        async for incident in found:
            echo_json_line(incident.to_dict())

    call_api(api, run)


@incidents.command("ack")
@click.argument("incident_id")
@api_options
def ack(incident_id: str, api: ApiOptions) -> None:
    """Acknowledge INCIDENT_ID; print the incident as JSON (exit 3 if there is none)."""
    iid = checked(check_id, incident_id, "incident_id")
    echo_json(call_api(api, lambda sdk: sdk.incidents.acknowledge(iid)).to_dict())


@incidents.command("resolve")
@click.argument("incident_id")
@api_options
def resolve(incident_id: str, api: ApiOptions) -> None:
    """Resolve INCIDENT_ID; print the incident as JSON (exit 3 if there is none)."""
    iid = checked(check_id, incident_id, "incident_id")
    echo_json(call_api(api, lambda sdk: sdk.incidents.resolve(iid)).to_dict())


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (incidents,)
