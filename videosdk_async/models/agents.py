"""AI agents: `DeployImage`, `AgentScaling` (inputs); `DispatchResult`, `AgentDeployment`,
`DeployedAgent`, `AgentDeploymentVersion`, `AgentLogEntry` (results). No I/O here."""

from datetime import datetime
from typing import Any, Literal

import attrs

from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from ._base import Model

IMAGE_TYPES = ("public", "private", "managed")
MAX_REPLICAS = 50


def _text(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is None and attribute.name != "image_url":
        return
    if not isinstance(value, str):
        raise BadType(f"{attribute.name} must be a str, not {type(value).__name__}")
    if not value.strip():
        raise BadValue(f"{attribute.name} must not be blank")


def _image_type(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is not None and value not in IMAGE_TYPES:
        raise BadValue(f"image_type must be one of {IMAGE_TYPES}, not {value!r}")


@attrs.frozen
class DeployImage:
    """The container image of an agent deployment's version (sent as ``image``).

    Attributes:
        image_url: The image reference, e.g. ``"registry.example.com/acme/agent:1.4"``.
        image_cr: Its registry. Unset: the part before the reference's first ``/`` when it
            holds ``.`` or ``:`` or is ``localhost`` (Docker's rule), else ``docker.io``.
        image_type: ``"public"``, ``"private"`` or ``"managed"``. Unset: ``"private"`` with a
            pull secret, else ``"public"``.
        image_pull_secret: The id of the pull secret of a private registry.

    Raises:
        TypeError, ValueError: A blank or non-str value, or another image type (when made).
    """

    image_url: str = attrs.field(validator=_text)
    image_cr: str | None = attrs.field(default=None, validator=_text)
    image_type: Literal["public", "private", "managed"] | None = attrs.field(
        default=None, validator=_image_type
    )
    image_pull_secret: str | None = attrs.field(default=None, validator=_text)

    def registry(self) -> str:
        """``image_cr``, or the registry Docker would read from ``image_url``."""
        if self.image_cr is not None:
            return self.image_cr
        head, slash, _ = self.image_url.partition("/")
        if slash and ("." in head or ":" in head or head == "localhost"):
            return head
        return "docker.io"

    def to_wire(self) -> dict[str, Any]:
        """``{imageUrl, imageCR, imageType, imagePullSecret?}`` with the defaults filled in."""
        wire: dict[str, Any] = {
            "imageUrl": self.image_url,
            "imageCR": self.registry(),
            "imageType": self.image_type
            or ("private" if self.image_pull_secret is not None else "public"),
        }
        if self.image_pull_secret is not None:
            wire["imagePullSecret"] = self.image_pull_secret
        return wire


def _replicas(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadType(f"{attribute.name} must be an int or None, not {type(value).__name__}")
    if not 0 <= value <= MAX_REPLICAS:
        raise BadValue(f"{attribute.name} must be from 0 to {MAX_REPLICAS}, got {value}")


@attrs.frozen
class AgentScaling:
    """How many replicas a deployment's version runs (``minReplica``/``maxReplica``).

    Attributes:
        min: The fewest replicas kept running.
        max: The most replicas (at most 50).

    Raises:
        TypeError, ValueError: A non-int, a negative value, ``max`` over 50, or ``min`` over
            ``max`` (when made).
    """

    min: int | None = attrs.field(default=None, validator=_replicas)
    max: int | None = attrs.field(default=None, validator=_replicas)

    def __attrs_post_init__(self) -> None:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise BadValue(f"min ({self.min}) must not be over max ({self.max})")

    def to_wire(self) -> dict[str, int]:
        """``{minReplica?, maxReplica?}``."""
        wire = {}
        if self.min is not None:
            wire["minReplica"] = self.min
        if self.max is not None:
            wire["maxReplica"] = self.max
        return wire


@attrs.frozen
class DispatchResult(Model):
    """What a dispatch answered: the job that puts the agent in the room.

    Attributes:
        success: Whether the dispatch was accepted.
        job_id: The job's id.
        status: The job's status, e.g. ``"assigned"``.
        worker_id: The worker that took the job.
        room_id: The room.
        agent_id: The agent.
        cloud: The API's ``cloud`` value, as sent (untyped in the official SDK).
        raw: The decoded ``data`` object.
    """

    success: bool | None = None
    job_id: str | None = None
    status: str | None = None
    worker_id: str | None = None
    room_id: str | None = None
    agent_id: str | None = None
    cloud: Any = None


def _object_id(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("id") is None and "_id" in data:  # [INF] a MongoDB-style answer
        data = {**data, "id": data["_id"]}
    return data


@attrs.frozen
class AgentDeployment(Model):
    """A cloud deployment of an agent (its versions run the agent's image).

    Attributes:
        id: The deployment's id.
        agent_id: The agent it runs (what a dispatch names).
        name: Its name.
        template: Its template, if any.
        status: Its status, as the API writes it.
        env_secret: The id of the secret holding its environment.
        raw: The decoded JSON it came from.
    """

    id: str
    agent_id: str | None = None
    name: str | None = None
    template: str | None = None
    status: str | None = None
    env_secret: str | None = None

    _from_wire = staticmethod(_object_id)


@attrs.frozen
class AgentDeploymentVersion(Model):
    """A version of a deployment: one image with its compute profile and scaling.

    Attributes:
        id: The version's id.
        deployment_id: Its deployment.
        agent_id: The agent it runs.
        name: Its name, if any.
        image: Its image: a ``str`` or the image object (``dict``), as sent.
        region: Where it runs.
        min_replica: The fewest replicas.
        max_replica: The most replicas.
        status: Its status, as the API writes it.
        active: Whether it is the deployment's running version.
        version_tag: Its tag.
        raw: The decoded JSON it came from.
    """

    id: str
    deployment_id: str | None = None
    agent_id: str | None = None
    name: str | None = None
    image: Any = None
    region: str | None = None
    min_replica: int | None = None
    max_replica: int | None = None
    status: str | None = None
    active: bool | None = None
    version_tag: str | None = None

    _from_wire = staticmethod(_object_id)


@attrs.frozen
class DeployedAgent(AgentDeployment):
    """What ``agents.deploy`` made: the deployment, its version and its env secret.

    Attributes:
        version: The version created (and activated).
        secret_id: The env secret created, when ``env`` was given.
    """

    version: AgentDeploymentVersion | None = None
    secret_id: str | None = None


@attrs.frozen
class AgentLogEntry(Model):
    """One line of a deployment's console log.

    Attributes:
        log: The line.
        timestamp: When it was written.
        metadata: What it is about (deployment, version, room, session...), as sent.
        raw: The decoded JSON it came from.
    """

    log: str | None = None
    timestamp: datetime | None = None
    metadata: dict[str, Any] | None = None
