"""The agents family's cloud routes (``/ai/v1/cloud/...``): secrets, deployments, versions,
console logs. Lists are paged with their items under ``deployments`` / ``logs`` [SDK].

Answers the official SDK reads at the top level (a deployment, a version) are the object
itself; a secret is ``{message, data: {id, name, type}}`` (never its keys' values). Wordings
of messages and errors are [INF].
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from starlette.responses import JSONResponse, Response

from .._family import ApiError, Call, Family, paged
from ._agents_store import AgentStore

CLOUD: Final = "/ai/v1/cloud"
PROFILES: Final = ("cpu-small", "cpu-medium", "cpu-large")
DAY: Final = timedelta(hours=24)


def _deployment(call: Call) -> dict[str, Any]:
    found = call.env.store(AgentStore).deployments.get(call.path_param("id"))
    if found is None:
        raise ApiError(call.env.config.not_found_status, "Deployment not found")
    call.resource_id = found["id"]
    return found


def _replicas(body: dict[str, Any]) -> None:
    for key in ("minReplica", "maxReplica"):
        value = body.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 50
        ):
            raise ApiError(400, f"{key} must be an integer from 0 to 50")
    low, high = body.get("minReplica"), body.get("maxReplica")
    if low is not None and high is not None and low > high:
        raise ApiError(400, "minReplica must not be greater than maxReplica")


def _image(body: dict[str, Any]) -> None:
    image = body.get("image")
    url = image.get("imageUrl") if isinstance(image, dict) else image
    if not isinstance(url, str) or not url:
        raise ApiError(400, "Please provide a valid `image` in body params")


def _moment(call: Call, key: str) -> datetime | None:
    value = call.request.query_params.get(key)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ApiError(400, f"{key} must be an ISO-8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _at(entry: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(str(entry["timestamp"]).replace("Z", "+00:00"))


async def create_secret(call: Call) -> Response:
    body = call.json_object(required=True)
    name, keys = body.get("name"), body.get("keys")
    if not isinstance(name, str) or not name:
        raise ApiError(400, "Please provide a valid `name` in body params")
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise ApiError(400, "Please provide `keys` as an object of strings")
    secret = call.env.store(AgentStore).add_secret(name, keys)
    call.resource_id, call.created = secret["id"], True
    return JSONResponse({"message": "Secret created successfully", "data": secret})


async def create_deployment(call: Call) -> Response:
    body = call.json_object(required=True)
    name, agent_id, secret = body.get("name"), body.get("agentId"), body.get("envSecret")
    if not isinstance(name, str) or not name:
        raise ApiError(400, "Please provide a valid `name` in body params")
    if agent_id is not None and (not isinstance(agent_id, str) or not agent_id):
        raise ApiError(400, "Please provide a valid `agentId` in body params")
    store = call.env.store(AgentStore)
    if secret is not None and secret not in store.secrets:
        raise ApiError(call.env.config.not_found_status, "Secret not found")
    deployment = store.add_deployment(name, agent_id, secret)
    call.resource_id, call.created = deployment["id"], True
    return JSONResponse(deployment)


async def create_version(call: Call) -> Response:
    body = call.json_object(required=True)
    store = call.env.store(AgentStore)
    key = body.get("deploymentId")
    deployment = store.deployments.get(key) if isinstance(key, str) else None
    if deployment is None or deployment["status"] == "deleted":
        raise ApiError(call.env.config.not_found_status, "Deployment not found")
    _image(body)
    if body.get("profile", "cpu-small") not in PROFILES:
        raise ApiError(400, f"profile must be one of {', '.join(PROFILES)}")
    _replicas(body)
    version = store.add_version(deployment, body)
    call.resource_id, call.created = version["id"], True
    return JSONResponse(version)


async def list_deployments(call: Call) -> Response:
    query = call.request.query_params
    items = list(reversed(call.env.store(AgentStore).deployments.values()))
    wanted_status = query.get("status")
    if wanted_status:
        items = [d for d in items if d["status"] == wanted_status]
    else:  # a soft-deleted deployment is listed only when asked for [INF]
        items = [d for d in items if d["status"] != "deleted"]
    for key in ("agentId", "deploymentId"):
        if query.get(key):
            field = "id" if key == "deploymentId" else key
            items = [d for d in items if d[field] == query[key]]
    if query.get("name"):
        try:
            pattern = re.compile(query["name"])
        except re.error:
            raise ApiError(400, "name must be a valid regular expression") from None
        items = [d for d in items if pattern.search(d["name"])]
    answer = paged(call, items, dict, max_per_page=100)
    answer["deployments"] = answer.pop("data")
    return JSONResponse(answer)


async def latest_version(call: Call) -> Response:
    deployment = _deployment(call)
    store = call.env.store(AgentStore)
    mine = [v for v in store.versions.values() if v["deploymentId"] == deployment["id"]]
    if not mine:
        raise ApiError(call.env.config.not_found_status, "No version found for the deployment")
    return JSONResponse(mine[-1])


async def console_logs(call: Call) -> Response:
    deployment = _deployment(call)
    query = call.request.query_params
    entries = [
        e
        for e in call.env.store(AgentStore).logs
        if e["metadata"]["deploymentId"] == deployment["id"]
    ]
    for key in ("agentId", "versionId", "sessionId", "roomId", "userId"):
        if query.get(key):
            entries = [e for e in entries if e["metadata"].get(key) == query[key]]
    end = _moment(call, "end")
    # A historical query: the last 24 hours (before `end`) unless `start` says otherwise.
    start = _moment(call, "start") or (end or datetime.fromtimestamp(call.env.now(), UTC)) - DAY
    entries = [e for e in entries if _at(e) >= start]
    if end is not None:
        entries = [e for e in entries if _at(e) <= end]
    sort = query.get("sort", "-1")
    if sort not in ("1", "-1"):
        raise ApiError(400, "sort must be 1 or -1")
    if sort == "-1":
        entries = list(reversed(entries))
    answer = paged(call, entries, dict, max_per_page=1000)
    answer["logs"] = answer.pop("data")
    return JSONResponse(answer)


async def delete_deployment(call: Call) -> Response:
    deployment = _deployment(call)
    force = call.json_object().get("force")
    if force is not None and not isinstance(force, bool):
        raise ApiError(400, "force must be a boolean")
    call.env.store(AgentStore).delete(deployment)
    return JSONResponse({"message": "Deployment deleted successfully"})


async def activate_version(call: Call) -> Response:
    store = call.env.store(AgentStore)
    version = store.versions.get(call.path_param("id"))
    if version is None:
        raise ApiError(call.env.config.not_found_status, "Version not found")
    call.resource_id = version["id"]
    body = call.json_object(required=True)
    activate = body.get("activate")
    if not isinstance(activate, bool):
        raise ApiError(400, "Please provide `activate` as a boolean")
    if store.deployments[version["deploymentId"]]["status"] == "deleted":
        raise ApiError(400, "The deployment is deleted")
    store.activate(version, activate)
    word = "activated" if activate else "deactivated"
    return JSONResponse({"message": f"Version {word} successfully"})


def add_routes(family: Family) -> None:
    """Register the cloud routes on the agents family."""
    family.route("POST", f"{CLOUD}/secrets")(create_secret)
    family.route("POST", f"{CLOUD}/deployments")(create_deployment)
    family.route("POST", f"{CLOUD}/versions")(create_version)
    family.route("GET", f"{CLOUD}/deployments")(list_deployments)
    family.route("GET", f"{CLOUD}/deployments/{{id}}/latest")(latest_version)
    family.route("GET", f"{CLOUD}/deployments/{{id}}/console-logs")(console_logs)
    family.route("POST", f"{CLOUD}/deployments/{{id}}/delete")(delete_deployment)
    family.route("PUT", f"{CLOUD}/versions/{{id}}/activate")(activate_version)
