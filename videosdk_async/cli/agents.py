"""``videosdk-async agents``: dispatch an AI agent into a room; cloud deployments and logs.

Results print as their `to_dict()` (snake_case fields, ISO-8601 times): one JSON document
for a dispatch, one JSON line per deployment or log line.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

import click

from .._client import AsyncVideoSDK
from .._core._ids import check_id
from ._common import ApiOptions, api_options, call_api, checked, echo_json, echo_json_line, usage


def _metadata(value: str | None) -> dict[str, Any] | None:
    """``--metadata``: a JSON object."""
    if value is None:
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        usage('--metadata must be a JSON object, e.g. \'{"lang": "en"}\'')
    if not isinstance(parsed, dict):
        usage('--metadata must be a JSON object, e.g. \'{"lang": "en"}\'')
    return parsed


def _moment(value: str | None, name: str) -> datetime | None:
    """An ISO-8601 time with its offset (``2024-05-01T09:00:00+00:00`` or ``...Z``)."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        usage(f"{name} must be an ISO-8601 time, e.g. 2024-05-01T09:00:00Z")
    if moment.tzinfo is None:
        usage(f"{name} needs a timezone offset (Z or +HH:MM), to not guess one")
    return moment


def _optional(value: str | None, name: str) -> str | None:
    return None if value is None else checked(check_id, value, name)


@click.group()
def agents() -> None:
    """Dispatch AI agents into rooms; list cloud deployments and their logs."""


@agents.command("dispatch")
@click.argument("agent_id")
@click.argument("room_id")
@click.option("--metadata", default=None, help="A JSON object the agent gets with its job.")
@click.option("--version-id", default=None, help="A cloud deployment's version to run.")
@api_options
def dispatch(
    agent_id: str, room_id: str, metadata: str | None, version_id: str | None, api: ApiOptions
) -> None:
    """Dispatch AGENT_ID into ROOM_ID; print the job (sent once, never repeated)."""
    agent = checked(check_id, agent_id, "agent_id")
    room = checked(check_id, room_id, "room_id")
    version, extra = _optional(version_id, "--version-id"), _metadata(metadata)
    job = call_api(
        api, lambda sdk: sdk.agents.dispatch(agent, room, metadata=extra, version_id=version)
    )
    echo_json(job.to_dict())


@agents.group("deployments")
def deployments() -> None:
    """Cloud deployments of agents."""


@deployments.command("list")
@click.option("--agent-id", default=None, help="Only this agent's deployments.")
@click.option("--name", default=None, help="Only names matching this (a server-side regex).")
@click.option("--status", default=None, help="Only deployments with this status.")
@api_options
def deployments_list(
    agent_id: str | None, name: str | None, status: str | None, api: ApiOptions
) -> None:
    """Print deployments, one JSON line each."""
    agent = _optional(agent_id, "--agent-id")
    if name is not None and not name:
        usage("--name must not be empty")

    async def run(sdk: AsyncVideoSDK) -> None:
        async for deployment in sdk.agents.deployments.list(
            agent_id=agent, name=name, status=status
        ):
            echo_json_line(deployment.to_dict())

    call_api(api, run)


@deployments.command("logs")
@click.argument("deployment_id")
@click.option("--room-id", default=None, help="Only lines about this room.")
@click.option("--session-id", default=None, help="Only lines about this session.")
@click.option("--version-id", default=None, help="Only lines of this version.")
@click.option("--since", default=None, help="From this ISO time (default: the last 24 h).")
@click.option("--until", default=None, help="Up to this ISO time.")
@click.option("--sort", type=click.Choice(["asc", "desc"]), default=None, help="Time order.")
@api_options
def deployments_logs(
    deployment_id: str,
    room_id: str | None,
    session_id: str | None,
    version_id: str | None,
    since: str | None,
    until: str | None,
    sort: Literal["asc", "desc"] | None,
    api: ApiOptions,
) -> None:
    """Print DEPLOYMENT_ID's console log lines, one JSON line each."""
    deployment = checked(check_id, deployment_id, "deployment_id")
    filters: dict[str, Any] = {
        "room_id": _optional(room_id, "--room-id"),
        "session_id": _optional(session_id, "--session-id"),
        "version_id": _optional(version_id, "--version-id"),
        "start": _moment(since, "--since"),
        "end": _moment(until, "--until"),
        "sort": sort,
    }

    async def run(sdk: AsyncVideoSDK) -> None:
        async for line in sdk.agents.deployments.logs(deployment, **filters):
            echo_json_line(line.to_dict())

    call_api(api, run)


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (agents,)
