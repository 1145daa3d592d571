"""``agents.deploy``'s checks and steps: secret, deployment, version (not atomic).

Each step is one POST, never repeated once it may have been processed; a failure at the
deployment or version step raises `AgentDeployError` naming what already exists.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from .._core._errors import (
    AgentDeployError,
    VideoSDKError,
)
from .._core._errors import (
    InvalidArgumentError as BadValue,
)
from .._core._errors import (
    InvalidArgumentTypeError as BadType,
)
from .._core._ids import check_label, optional_id, optional_label
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.agents import (
    AgentDeployment,
    AgentDeploymentVersion,
    AgentScaling,
    DeployedAgent,
    DeployImage,
)
from ..models.rooms import RoomWebhook
from ._base import into_at, options

if TYPE_CHECKING:
    from ._base import Resource

PROFILES: Final = ("cpu-small", "cpu-medium", "cpu-large")
Profile = Literal["cpu-small", "cpu-medium", "cpu-large"]
_NOT_SLUG: Final = re.compile(r"[^a-z0-9_-]+")


def slug(name: str) -> str:
    """``name`` as the official SDK writes it in a secret's name (at most 40 characters)."""
    return _NOT_SLUG.sub("-", name.lower()).strip("-")[:40] or "agent"


@attrs.frozen(kw_only=True)
class DeployPlan:
    """Everything ``deploy`` sends, checked and built before the first request."""

    name: str
    image: dict[str, Any]
    env: dict[str, str]
    secret_name: str
    agent_id: str | None
    version: dict[str, Any]  # the version body without agentId and deploymentId


def _env(env: Mapping[str, str] | None) -> dict[str, str]:
    if env is None:
        return {}
    if not isinstance(env, Mapping):
        raise BadType(f"env must be a mapping of str to str, not {type(env).__name__}")
    if not all(isinstance(k, str) and k and isinstance(v, str) for k, v in env.items()):
        raise BadType("env must map non-empty str names to str values")
    return dict(env)


def _webhook(webhook: RoomWebhook | None) -> dict[str, Any] | None:
    if webhook is None:
        return None
    if not isinstance(webhook, RoomWebhook):
        raise BadType(f"webhook must be a RoomWebhook, not {type(webhook).__name__}")
    if not webhook.events:
        raise BadValue("webhook.events must not be empty: an empty list delivers no events")
    return webhook.to_wire()


def plan(
    *,
    name: str,
    image: str | DeployImage,
    env: Mapping[str, str] | None,
    scaling: AgentScaling | None,
    profile: str,
    region: str | None,
    agent_id: str | None,
    version_tag: str | None,
    webhook: RoomWebhook | None,
    env_secret_name: str | None,
) -> DeployPlan:
    """Check ``deploy``'s arguments and build its bodies.

    Raises:
        TypeError, ValueError: A bad argument (nothing is sent).
    """
    label = check_label(name, "name")
    if isinstance(image, str):
        image = DeployImage(image_url=image)
    if not isinstance(image, DeployImage):
        raise BadType(f"image must be a str or a DeployImage, not {type(image).__name__}")
    if profile not in PROFILES:
        raise BadValue(f"profile must be one of {PROFILES}, not {profile!r}")
    if scaling is not None and not isinstance(scaling, AgentScaling):
        raise BadType(f"scaling must be an AgentScaling, not {type(scaling).__name__}")
    wire_image = image.to_wire()
    version = options(
        {"image": wire_image, "profile": profile},
        **(scaling.to_wire() if scaling is not None else {}),
        region=optional_label(region, "region"),
        versionTag=optional_label(version_tag, "version_tag"),
        webhook=_webhook(webhook),
    )
    secret_name = optional_label(env_secret_name, "env_secret_name")
    return DeployPlan(
        name=label,
        image=wire_image,
        env=_env(env),
        secret_name=secret_name or f"{slug(label)}-env-{secrets.token_hex(4)}",
        agent_id=optional_id(agent_id, "agent_id"),
        version=version,
    )


def moment(value: datetime | None, name: str) -> str | None:
    """An aware datetime as ISO-8601 UTC with milliseconds (as the official SDK sends)."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise BadType(f"{name} must be a datetime or None, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise BadValue(f"{name} must be timezone-aware (e.g. datetime.now(UTC))")
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def flag(value: object, name: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise BadType(f"{name} must be a bool or None, not {type(value).__name__}")
    return value


def mapping(value: object, name: str) -> Mapping[str, Any] | None:
    if value is not None and not isinstance(value, Mapping):
        raise BadType(f"{name} must be a mapping or None, not {type(value).__name__}")
    return value


def _secret_id(answer: Any) -> str | None:
    """The secret's id: ``data.id`` (as the official SDK reads it), else ``id`` [INF]."""
    if not isinstance(answer, Mapping):
        return None
    data = answer.get("data")
    found = data.get("id") if isinstance(data, Mapping) else answer.get("id")
    return found if isinstance(found, str) else None


def _failed(
    stage: str, exc: VideoSDKError, secret_id: str | None, deployment: AgentDeployment | None
) -> AgentDeployError:
    made = [f"secret {secret_id!r}"] if secret_id else []
    if deployment is not None:
        made.append(f"deployment {deployment.id!r}")
    exists = f"; already made: {', '.join(made)}" if made else ""
    return AgentDeployError(
        f"agents.deploy failed at its {stage} step: {exc}{exists}",
        stage=stage,
        secret_id=secret_id,
        deployment=deployment,
        attempts=exc.attempts,
        outcome_unknown=exc.outcome_unknown,
    )


async def run(
    resource: Resource, steps: DeployPlan, retry: RetryPolicy | None, timeout: CallTimeout
) -> DeployedAgent:
    """Send the steps in order; see `AsyncAgents.deploy`."""
    secret_id = None
    if steps.env:
        body = {"name": steps.secret_name, "keys": steps.env, "type": "NORMAL"}
        secret_id = await resource._post(
            "/ai/v1/cloud/secrets", _secret_id, body=body, retry=retry, timeout=timeout
        )
    body = options({"name": steps.name}, agentId=steps.agent_id, envSecret=secret_id)
    try:
        deployment = await resource._post(
            "/ai/v1/cloud/deployments",
            into_at(AgentDeployment),
            body=body,
            retry=retry,
            timeout=timeout,
        )
    except VideoSDKError as exc:
        raise _failed("deployment", exc, secret_id, None) from exc
    body = options({"deploymentId": deployment.id, **steps.version}, agentId=deployment.agent_id)
    try:
        version = await resource._post(
            "/ai/v1/cloud/versions",
            into_at(AgentDeploymentVersion),
            body=body,
            retry=retry,
            timeout=timeout,
        )
    except VideoSDKError as exc:
        raise _failed("version", exc, secret_id, deployment) from exc
    fields = {a.name: getattr(deployment, a.name) for a in attrs.fields(AgentDeployment)}
    return DeployedAgent(**fields, version=version, secret_id=secret_id)
