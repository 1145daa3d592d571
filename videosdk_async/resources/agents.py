"""`AsyncAgents` (dispatch AI agents into rooms, deploy them to VideoSDK's cloud) and its
``.deployments`` (`AsyncAgentDeployments`: ``/ai/v1/cloud/...``).

Dispatches and each deploy step are not idempotent: a failure after sending raises with
``outcome_unknown=True`` and is never repeated. Reads, ``deployments.delete`` (a soft delete)
and ``deployments.set_version_active`` are retried like reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, Literal

from .._core._converter import bare_string
from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._errors import NotFoundError
from .._core._ids import check_id, optional_id, optional_label, segment
from .._core._pagination import AsyncPager, ListShape
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.agents import (
    AgentDeployment,
    AgentDeploymentVersion,
    AgentLogEntry,
    AgentScaling,
    DeployedAgent,
    DeployImage,
    DispatchResult,
)
from ..models.rooms import RoomWebhook
from . import _deploy
from ._base import Resource, into_at, options

if TYPE_CHECKING:
    from .._client import AsyncVideoSDK

DEPLOYMENTS: Final = "/ai/v1/cloud/deployments"
_SORT: Final = {"asc": "1", "desc": "-1"}


class AsyncAgentDeployments(Resource):
    """Cloud deployments of agents. Get it as ``sdk.agents.deployments``."""

    __slots__ = ()

    def list(
        self,
        *,
        agent_id: str | None = None,
        name: str | None = None,
        status: str | None = None,
        deployment_id: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[AgentDeployment]:
        """Deployments (paged; no I/O until used). ``name`` is a server-side regex."""
        params = {
            "agentId": optional_id(agent_id, "agent_id"),
            "name": optional_label(name, "name"),
            "status": optional_label(status, "status"),
            "deploymentId": optional_id(deployment_id, "deployment_id"),
        }
        return self._pager(
            DEPLOYMENTS,
            AgentDeployment,
            page=page,
            per_page=per_page,
            params=params,
            shape=ListShape.keyed("deployments"),
            retry=retry,
            timeout=timeout,
        )

    async def get(
        self, deployment_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> AgentDeployment:
        """The deployment whose id is ``deployment_id`` (``GET ...?deploymentId=``).

        The API has no by-id route: the list filtered by id is read, and only an item with
        exactly that id is answered (never another one of the page).

        Raises:
            NotFoundError: No item of the answer has that id.
        """
        wanted = check_id(deployment_id, "deployment_id")
        found = await self.list(deployment_id=wanted, retry=retry, timeout=timeout)
        for deployment in found.data:
            if deployment.id == wanted:
                return deployment
        raise NotFoundError(f"no agent deployment {wanted!r}", status_code=404, body=None)

    async def latest_version(
        self, deployment_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> AgentDeploymentVersion:
        """The deployment's latest version (``GET .../{id}/latest``)."""
        path = f"{DEPLOYMENTS}/{segment(deployment_id, 'deployment_id')}/latest"
        return await self._get(path, into_at(AgentDeploymentVersion), retry=retry, timeout=timeout)

    def logs(
        self,
        deployment_id: str,
        *,
        agent_id: str | None = None,
        version_id: str | None = None,
        session_id: str | None = None,
        user_id: str | None = None,
        room_id: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        sort: Literal["asc", "desc"] | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[AgentLogEntry]:
        """A deployment's console log (paged; no I/O until used).

        A historical query (the server's default window is the last 24 hours); ``start`` and
        ``end`` are timezone-aware and sent as ISO-8601.

        Raises:
            TypeError, ValueError: A bad id, a naive datetime, or another ``sort``.
        """
        path = f"{DEPLOYMENTS}/{segment(deployment_id, 'deployment_id')}/console-logs"
        if sort is not None and sort not in _SORT:
            raise BadValue(f"sort must be 'asc' or 'desc', not {sort!r}")
        params = {
            "agentId": optional_id(agent_id, "agent_id"),
            "versionId": optional_id(version_id, "version_id"),
            "sessionId": optional_id(session_id, "session_id"),
            "userId": optional_id(user_id, "user_id"),
            "roomId": optional_id(room_id, "room_id"),
            "start": _deploy.moment(start, "start"),
            "end": _deploy.moment(end, "end"),
            "sort": None if sort is None else _SORT[sort],
        }
        return self._pager(
            path,
            AgentLogEntry,
            page=page,
            per_page=per_page,
            params=params,
            shape=ListShape.keyed("logs"),
            retry=retry,
            timeout=timeout,
        )

    async def delete(
        self,
        deployment_id: str,
        *,
        force: bool | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> str:
        """Soft-delete a deployment (``POST .../{id}/delete``); retried like a read [INF].

        Returns:
            The API's confirmation.
        """
        path = f"{DEPLOYMENTS}/{segment(deployment_id, 'deployment_id')}/delete"
        body = options({}, force=_deploy.flag(force, "force"))
        return await self._post(
            path, bare_string, body=body, idempotent=True, retry=retry, timeout=timeout
        )

    async def set_version_active(
        self,
        version_id: str,
        *,
        activate: bool,
        force: bool | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> str:
        """Roll the deployment onto a version (``activate=True``) or stop it (``False``).

        ``PUT /ai/v1/cloud/versions/{id}/activate``; ``deploy`` already activates.

        Returns:
            The API's confirmation.
        """
        path = f"/ai/v1/cloud/versions/{segment(version_id, 'version_id')}/activate"
        if not isinstance(activate, bool):
            raise BadType(f"activate must be a bool, not {type(activate).__name__}")
        body = options({"activate": activate}, force=_deploy.flag(force, "force"))
        return await self._put(path, bare_string, body=body, retry=retry, timeout=timeout)


class AsyncAgents(Resource):
    """AI agents. Get it as ``sdk.agents``; do not construct it yourself."""

    __slots__ = ("deployments",)

    def __init__(self, sdk: AsyncVideoSDK) -> None:
        super().__init__(sdk)
        self.deployments = AsyncAgentDeployments(sdk)
        """Cloud deployments: `AsyncAgentDeployments`."""

    async def _job(
        self, path: str, body: dict[str, Any], retry: RetryPolicy | None, timeout: CallTimeout
    ) -> DispatchResult:
        """POST a dispatch body (never repeated once sent); the job from ``data``."""
        return await self._post(
            path, into_at(DispatchResult), body=body, retry=retry, timeout=timeout
        )

    async def dispatch(
        self,
        agent_id: str,
        room_id: str,
        *,
        room_options: Mapping[str, Any] | None = None,
        sip_options: Mapping[str, Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
        version_id: str | None = None,
        version_tag: str | None = None,
        wait: bool | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> DispatchResult:
        """Dispatch an agent into a room (``POST /v2/agent/dispatch``).

        Args:
            agent_id: The agent (a registered worker's, or a cloud deployment's).
            room_id: The room (sent as both ``meetingId`` and ``roomId``).
            room_options: The API's room options (``autoEndSession``, ``vision``, ...), as
                given.
            sip_options: Also dial out by SIP (the API's options, as given).
            metadata: What the agent receives with its job, as given.
            version_id: A cloud deployment's version to run.
            version_tag: A published version's tag.
            wait: Passed to the registry as given.

        Returns:
            The job (`DispatchResult`).

        Raises:
            TypeError, ValueError: Bad arguments (nothing is sent).
            BadRequestError: No worker is available for the agent (as the API answers).
        """
        body = self._body(
            agent_id,
            room_id,
            room_options=room_options,
            sip_options=sip_options,
            metadata=metadata,
            version_id=version_id,
            version_tag=version_tag,
            wait=wait,
        )
        return await self._job("/v2/agent/dispatch", body, retry, timeout)

    async def connect(
        self,
        agent_id: str,
        room_id: str,
        *,
        room_options: Mapping[str, Any] | None = None,
        sip_options: Mapping[str, Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
        version_id: str | None = None,
        version_tag: str | None = None,
        wait: bool | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> DispatchResult:
        """`dispatch` through ``POST /v2/agent/connect`` (same arguments, same body)."""
        body = self._body(
            agent_id,
            room_id,
            room_options=room_options,
            sip_options=sip_options,
            metadata=metadata,
            version_id=version_id,
            version_tag=version_tag,
            wait=wait,
        )
        return await self._job("/v2/agent/connect", body, retry, timeout)

    async def general_dispatch(
        self,
        agent_id: str,
        room_id: str,
        *,
        version_id: str,
        room_options: Mapping[str, Any] | None = None,
        sip_options: Mapping[str, Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> DispatchResult:
        """Dispatch a managed (dashboard-built) agent's version (``POST
        /v2/agent/general/dispatch``); ``version_id`` is required."""
        body = self._body(
            agent_id,
            room_id,
            room_options=room_options,
            sip_options=sip_options,
            metadata=metadata,
            version_id=check_id(version_id, "version_id"),
        )
        return await self._job("/v2/agent/general/dispatch", body, retry, timeout)

    async def deploy(
        self,
        *,
        name: str,
        image: str | DeployImage,
        env: Mapping[str, str] | None = None,
        scaling: AgentScaling | None = None,
        profile: Literal["cpu-small", "cpu-medium", "cpu-large"] = "cpu-small",
        region: str | None = None,
        agent_id: str | None = None,
        version_tag: str | None = None,
        webhook: RoomWebhook | None = None,
        env_secret_name: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> DeployedAgent:
        """Deploy an agent's image to VideoSDK's cloud: 2 or 3 requests, not atomic.

        1. Only when ``env`` is non-empty: ``POST /ai/v1/cloud/secrets`` stores it as a
           secret (named ``env_secret_name``, else ``<slug of name>-env-<8 hex>``).
        2. ``POST /ai/v1/cloud/deployments`` makes the deployment (``agent_id`` or a new one).
        3. ``POST /ai/v1/cloud/versions`` makes its version, which the API activates.

        No step is repeated once it may have been processed.

        Args:
            name: The deployment's name.
            image: The image reference, or a `DeployImage`.
            env: The agent's environment variables (stored as a secret; never logged).
            scaling: Replicas (`AgentScaling`).
            profile: ``"cpu-small"``, ``"cpu-medium"`` or ``"cpu-large"``.
            region: Where it runs.
            agent_id: Deploy as this existing agent.
            version_tag: The version's tag.
            webhook: Where the agent's sessions post their events (`RoomWebhook`).
            env_secret_name: The secret's name.

        Returns:
            The deployment with its ``version`` and ``secret_id``.

        Raises:
            TypeError, ValueError: Bad arguments (nothing is sent).
            VideoSDKError: The secret step failed (nothing else was made).
            AgentDeployError: The deployment or version step failed; ``secret_id`` and
                ``deployment`` name what exists (clean up with ``deployments.delete``),
                ``outcome_unknown`` is the failed step's, ``__cause__`` its error.
        """
        steps = _deploy.plan(
            name=name,
            image=image,
            env=env,
            scaling=scaling,
            profile=profile,
            region=region,
            agent_id=agent_id,
            version_tag=version_tag,
            webhook=webhook,
            env_secret_name=env_secret_name,
        )
        return await _deploy.run(self, steps, retry, timeout)

    @staticmethod
    def _body(agent_id: str, room_id: str, **values: Any) -> dict[str, Any]:
        """A dispatch body, each value checked (nothing is sent on a bad one)."""
        body = {"agentId": check_id(agent_id, "agent_id")}
        room = check_id(room_id, "room_id")
        return options(
            {**body, "meetingId": room, "roomId": room},
            roomOptions=_deploy.mapping(values.get("room_options"), "room_options"),
            sipOptions=_deploy.mapping(values.get("sip_options"), "sip_options"),
            metadata=_deploy.mapping(values.get("metadata"), "metadata"),
            versionId=optional_id(values.get("version_id"), "version_id"),
            versionTag=optional_label(values.get("version_tag"), "version_tag"),
            wait=_deploy.flag(values.get("wait"), "wait"),
        )
