"""The agents family: dispatches (``/v2/agent/...``) and cloud deployments (``/ai/v1/cloud``).

- Agents are registered by a test control (`AgentControls.register(agent_id, capacity=N)`,
  or ``POST /_emulator/agents/{agentId}/register``): a worker with N slots. A deployment's
  active version makes its agent dispatchable too (the cloud runs it, no slot count) [INF].
- A dispatch joins the agent to the room as a participant (the first join starts a
  session, as any participant's), so sessions and participant webhooks see it; its slot is
  free again once the agent is no longer in that session. An unregistered agent, or one
  with no free slot, answers the docs' ``{"message": "No workers available"}`` (status 400
  [INF]: the docs show the body only).
- The agent's job raises ``agent-session-starting`` and ``-started`` (to the room's
  subscription, and to a cloud version's ``webhook`` when its events cover them).
- Deploying (secrets, deployments, versions) writes console log lines; see `_agent_cloud`.
"""

from __future__ import annotations

import fnmatch
from typing import Any

from starlette.responses import JSONResponse, Response

from .._env import Env, new_object_id
from .._events import emit
from .._family import ApiError, Call, Family, user_errors
from . import _agent_cloud
from ._agents_store import AgentStore, Job
from ._room_store import RoomStore
from ._session_store import SessionStore
from .sessions import SessionControls

family = Family("agents", stores=(AgentStore,))

DISPATCHED = "Agent dispatch requested successfully."  # [DOC]
NO_WORKERS = "No workers available"  # [DOC]


def _text(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise ApiError(400, f"Please provide a valid `{key}` in body params")
    return value


def _running(env: Env) -> Any:
    sessions = env.store(SessionStore)

    def running(job: Job) -> bool:
        session = sessions.get(job.session_id)
        if session is None or session.end is not None:
            return False
        return any(p.participant_id == job.participant_id for p in session.active())

    return running


def _dispatcher(general: bool) -> Any:
    async def dispatch(call: Call) -> Response:
        body = call.json_object(required=True)
        agent_id = _text(body, "agentId")
        key = body.get("meetingId") or body.get("roomId")
        if not isinstance(key, str):
            raise ApiError(400, "Please provide a valid `meetingId` in body params")
        version_id = _text(body, "versionId") if general else body.get("versionId")
        room = call.env.store(RoomStore).find(key)
        if room is None:
            raise ApiError(call.env.config.not_found_status, "Room not found")
        store = call.env.store(AgentStore)
        version = store.active_version(
            agent_id, version_id if isinstance(version_id, str) else None
        )
        if general and version is None:
            raise ApiError(call.env.config.not_found_status, "Agent version not found")  # [INF]
        if version is None:
            capacity = store.capacity.get(agent_id, 0)
            if store.busy(agent_id, _running(call.env)) >= capacity:
                return JSONResponse({"message": NO_WORKERS}, status_code=400)
        job = _join(call.env, store, agent_id, room.room_id, version)
        call.resource_id, call.meeting_id, call.created = job.id, room.room_id, True
        data = {
            "success": True,
            "status": "assigned",
            "jobId": job.id,
            "workerId": job.worker_id,
            "roomId": room.room_id,
            "agentId": agent_id,
            "cloud": job.cloud,
        }
        return JSONResponse({"message": DISPATCHED, "data": data})

    return dispatch


def _join(
    env: Env, store: AgentStore, agent_id: str, room_id: str, version: dict[str, Any] | None
) -> Job:
    job_id = new_object_id()
    participant = f"agent-{job_id[-8:]}"
    SessionControls(env).join(room_id, participant, name=agent_id)
    session = env.store(SessionStore).live(room_id)
    assert session is not None  # noqa: S101 (joined just above)
    worker = f"cloud-{version['id'][-8:]}" if version else store.workers[agent_id]
    job = Job(
        id=job_id,
        agent_id=agent_id,
        worker_id=worker,
        room_id=room_id,
        session_id=session.id,
        participant_id=participant,
        cloud=version is not None,
        version_id=None if version is None else version["id"],
    )
    store.add_job(job)
    _announce(env, job, version)
    if version is not None:
        deployment = store.deployments[version["deploymentId"]]
        store.log(
            deployment,
            f"Agent joined room {room_id} as {participant}",
            versionId=version["id"],
            roomId=room_id,
            sessionId=session.id,
        )
    return job


def _announce(env: Env, job: Job, version: dict[str, Any] | None) -> None:
    """``agent-session-starting`` and ``-started`` to the room's subscription and to a cloud
    version's own webhook when its events cover them (payload fields [INF])."""
    hook = (version or {}).get("webhook")
    data = {"meetingId": job.room_id, "sessionId": job.session_id, "agentId": job.agent_id,
            "jobId": job.id, "participantId": job.participant_id}  # fmt: skip
    for name in ("agent-session-starting", "agent-session-started"):
        targets: tuple[str, ...] = ()
        if isinstance(hook, dict) and isinstance(hook.get("endPoint"), str):
            events = [e for e in hook.get("events") or [] if isinstance(e, str)]
            if any(fnmatch.fnmatchcase(name, pattern) for pattern in events):
                targets = (hook["endPoint"],)
        emit(env, name, room_id=job.room_id, data=data, targets=targets)


family.route("POST", "/v2/agent/dispatch")(_dispatcher(general=False))
family.route("POST", "/v2/agent/connect")(_dispatcher(general=False))
family.route("POST", "/v2/agent/general/dispatch")(_dispatcher(general=True))
_agent_cloud.add_routes(family)


# -- test controls: in process `Emulator.control(AgentControls)`; over HTTP below ----------


class AgentControls:
    """Simulated agent workers: register an agent id with a capacity, see its jobs.

    They raise ``ValueError`` for a bad argument and ``LookupError`` for an unknown agent.
    """

    def __init__(self, env: Env) -> None:
        self._env = env

    def register(self, agent_id: str, capacity: int = 1) -> str:
        """A worker for ``agent_id`` that runs ``capacity`` jobs at once; returns its id.

        Registering again changes the capacity (0: registered, but never available).
        """
        with user_errors():
            if not isinstance(agent_id, str) or not agent_id:
                raise ApiError(400, "agent_id must be a non-empty string")
            if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 0:
                raise ApiError(400, "capacity must be an int >= 0")
            return self._env.store(AgentStore).register(agent_id, capacity)

    def unregister(self, agent_id: str) -> None:
        """The agent's worker goes away (dispatches answer "No workers available")."""
        with user_errors():
            if not self._env.store(AgentStore).unregister(agent_id):
                raise ApiError(404, f"agent {agent_id!r} is not registered")

    def jobs(self, agent_id: str | None = None) -> list[dict[str, Any]]:
        """Every job dispatched (of ``agent_id`` when given), oldest first, with ``running``."""
        running = _running(self._env)
        store = self._env.store(AgentStore)
        with self._env.lock:
            jobs = [j for j in store.jobs if agent_id is None or j.agent_id == agent_id]
        return [
            {
                "jobId": j.id,
                "agentId": j.agent_id,
                "workerId": j.worker_id,
                "roomId": j.room_id,
                "sessionId": j.session_id,
                "participantId": j.participant_id,
                "cloud": j.cloud,
                "running": running(j),
            }
            for j in jobs
        ]


family.controls = AgentControls


@family.control("POST", "/_emulator/agents/{agent_id}/register")
def _register_route(env: Env, params: dict[str, str], body: dict[str, Any]) -> Any:
    capacity = body.get("capacity", 1)
    worker = AgentControls(env).register(params["agent_id"], capacity)
    return {"agentId": params["agent_id"], "workerId": worker, "capacity": capacity}


@family.control("DELETE", "/_emulator/agents/{agent_id}")
def _unregister_route(env: Env, params: dict[str, str], body: dict[str, Any]) -> Any:
    AgentControls(env).unregister(params["agent_id"])
    return {"unregistered": True}


@family.control("GET", "/_emulator/agents/jobs")
def _jobs_route(env: Env, params: dict[str, str], body: dict[str, Any]) -> Any:
    return {"jobs": AgentControls(env).jobs()}
