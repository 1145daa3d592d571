"""`AgentStore`: registered agent workers, their jobs, and cloud deployments (secrets,
deployments, versions, console logs).

A worker has a capacity (concurrent jobs); a job holds a slot while its agent is still in
the session it joined. A deployment's active version makes its agent dispatchable without a
registered worker (the cloud runs it) [INF].
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import attrs

from .._env import iso_now, new_object_id

if TYPE_CHECKING:
    from .._env import Env


@attrs.define(kw_only=True)
class Job:
    """One dispatch: the agent's participant in a room's session."""

    id: str
    agent_id: str
    worker_id: str
    room_id: str
    session_id: str
    participant_id: str
    cloud: bool
    version_id: str | None = None


class AgentStore:
    """Workers and jobs by agent; secrets, deployments and versions by id; log lines."""

    def __init__(self, env: Env) -> None:
        self._env = env
        self.capacity: dict[str, int] = {}
        self.workers: dict[str, str] = {}
        self.jobs: list[Job] = []
        self.secrets: dict[str, dict[str, Any]] = {}
        self.deployments: dict[str, dict[str, Any]] = {}
        self.versions: dict[str, dict[str, Any]] = {}
        self.logs: list[dict[str, Any]] = []

    # -- workers and jobs ----------------------------------------------------------------

    def register(self, agent_id: str, capacity: int) -> str:
        """A worker for ``agent_id`` with ``capacity`` slots (0: registered, never free)."""
        with self._env.lock:
            self.capacity[agent_id] = capacity
            return self.workers.setdefault(agent_id, f"worker-{new_object_id()[:12]}")

    def unregister(self, agent_id: str) -> bool:
        """Forget the agent's worker; False if it had none."""
        with self._env.lock:
            self.workers.pop(agent_id, None)
            return self.capacity.pop(agent_id, None) is not None

    def busy(self, agent_id: str, running: Any) -> int:
        """How many of the agent's worker jobs still run (``running(job)`` says)."""
        with self._env.lock:
            jobs = [j for j in self.jobs if j.agent_id == agent_id and not j.cloud]
        return sum(1 for job in jobs if running(job))

    def add_job(self, job: Job) -> None:
        """Record a job."""
        with self._env.lock:
            self.jobs.append(job)

    # -- cloud -----------------------------------------------------------------------------

    def add_secret(self, name: str, keys: dict[str, str]) -> dict[str, Any]:
        """Store a secret; its answer never repeats the keys' values."""
        secret: dict[str, Any] = {"id": new_object_id(), "name": name, "type": "NORMAL"}
        with self._env.lock:
            self.secrets[secret["id"]] = {**secret, "keys": dict(keys)}
        return secret

    def add_deployment(
        self, name: str, agent_id: str | None, env_secret: str | None
    ) -> dict[str, Any]:
        """A new deployment (of a new agent id unless one is given)."""
        deployment: dict[str, Any] = {
            "id": new_object_id(),
            "agentId": agent_id or str(uuid.uuid4()),
            "name": name,
            "template": None,
            "status": "inactive",
            "envSecret": env_secret,
            "createdAt": iso_now(self._env.now()),
        }
        with self._env.lock:
            self.deployments[deployment["id"]] = deployment
        self.log(deployment, f"Deployment {name!r} created")
        return deployment

    def add_version(self, deployment: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        """A new version of ``deployment``, activated (its siblings deactivated)."""
        version: dict[str, Any] = {
            "id": new_object_id(),
            "deploymentId": deployment["id"],
            "agentId": deployment["agentId"],
            "name": body.get("versionTag") or deployment["name"],
            "image": body["image"],
            "profile": body.get("profile", "cpu-small"),
            "region": body.get("region", "us002"),  # the official SDK's documented default
            "minReplica": body.get("minReplica", 1),
            "maxReplica": body.get("maxReplica", 1),
            "versionTag": body.get("versionTag"),
            "webhook": body.get("webhook"),
            "status": "inactive",
            "active": False,
            "createdAt": iso_now(self._env.now()),
        }
        with self._env.lock:
            self.versions[version["id"]] = version
        self.log(deployment, f"Version {version['id']} created", versionId=version["id"])
        self.activate(version, True)
        return version

    def activate(self, version: dict[str, Any], on: bool) -> None:
        """Make ``version`` its deployment's running one (``on``), or stop it."""
        deployment = self.deployments[version["deploymentId"]]
        with self._env.lock:
            if on:
                for other in self.versions.values():
                    if other["deploymentId"] == version["deploymentId"]:
                        other["active"], other["status"] = False, "inactive"
            version["active"], version["status"] = on, "active" if on else "inactive"
            if deployment["status"] != "deleted":
                running = any(
                    v["active"]
                    for v in self.versions.values()
                    if v["deploymentId"] == deployment["id"]
                )
                deployment["status"] = "active" if running else "inactive"
        state = "activated" if on else "deactivated"
        self.log(deployment, f"Version {version['id']} {state}", versionId=version["id"])

    def delete(self, deployment: dict[str, Any]) -> None:
        """Soft-delete: the deployment stays, marked deleted, its versions stopped."""
        with self._env.lock:
            deployment["status"] = "deleted"
            for version in self.versions.values():
                if version["deploymentId"] == deployment["id"]:
                    version["active"], version["status"] = False, "inactive"
        self.log(deployment, f"Deployment {deployment['name']!r} deleted")

    def active_version(self, agent_id: str, version_id: str | None) -> dict[str, Any] | None:
        """The agent's running cloud version (``version_id``'s when given), if any."""
        with self._env.lock:
            for version in self.versions.values():
                wanted = version["id"] == version_id if version_id else True
                if version["agentId"] == agent_id and version["active"] and wanted:
                    return version
        return None

    def log(self, deployment: dict[str, Any], line: str, **metadata: Any) -> None:
        """Write a console log line of ``deployment``."""
        entry = {
            "log": line,
            "timestamp": iso_now(self._env.now()),
            "metadata": {
                "deploymentId": deployment["id"],
                "agentId": deployment["agentId"],
                **{k: v for k, v in metadata.items() if v is not None},
            },
        }
        with self._env.lock:
            self.logs.append(entry)

    def reset(self) -> None:
        with self._env.lock:
            for table in (self.capacity, self.workers, self.secrets):
                table.clear()
            self.deployments.clear()
            self.versions.clear()
            self.jobs.clear()
            self.logs.clear()

    def stats(self) -> dict[str, Any]:
        with self._env.lock:
            return {
                "agentWorkers": len(self.workers),
                "agentJobs": len(self.jobs),
                "agentDeployments": len(self.deployments),
            }
